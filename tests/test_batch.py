"""``ecoaccount batch``: every input accounted for, isolation, Ctrl-C, resume, determinism, Dask."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from ecoaccount import api, cli
from ecoaccount import messages as M
from ecoaccount.batch import headline_columns, run_batch
from ecoaccount.batch.inputs import discover
from ecoaccount.batch.outputs import neutralise
from ecoaccount.examples import gep_jinsha, landuse_pingshuo, vcs_synthetic
from ecoaccount.kinds import KINDS

ROOT = Path(__file__).resolve().parents[1]
WB = ROOT / "workbooks"


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def _rows(path: Path, sheet: int | str = 0) -> list[dict]:
    book = CalamineWorkbook.from_path(str(path))
    name = book.sheet_names[sheet] if isinstance(sheet, int) else sheet
    rows = book.get_sheet_by_name(name).to_python()
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def _bad_vcs(path: Path) -> Path:
    kw = vcs_synthetic.template_kwargs("en")
    annual = [list(r) for r in kw["data"]["annual"]]
    annual[1][3] = "lots"  # NPP typed as text: one problem at Annual!D6
    return api.make_template("vcs", path, "en", **{**kw, "data": {**kw["data"], "annual": annual}})


def _landuse_zh(path: Path) -> Path:
    """The Pingshuo case in a Chinese template, its transitions named by the Chinese class names."""
    import csv

    from ecoaccount.data import files

    with files("ecoaccount.data").joinpath("landuse_classes.csv").open(encoding="utf-8") as fh:
        zh = {r["id"]: r["label_zh"] for r in csv.DictReader(line for line in fh if not line.startswith("#"))}
    transitions = landuse_pingshuo.template_kwargs("zh")["data"]["transitions"]
    rows = [[a, b, zh[c], zh[d], *rest] for a, b, c, d, *rest in transitions]
    return api.make_template("landuse", path, "zh", data={"transitions": rows, "reference": []})


# -- the mixed folder ---------------------------------------------------------------------------
EXPECTED = {
    # good files of every kind, en and zh (bundled examples, and templates filled by code)
    "esv_crdc_15_cities.xlsx": ("computed", "esv"),
    "esv_crdc_15_cities_zh.xlsx": ("computed", "esv"),
    "gep_jinsha_county.xlsx": ("computed", "gep"),
    "gep_jinsha_county_zh.xlsx": ("computed", "gep"),
    "landuse_pingshuo.xlsx": ("computed", "landuse"),
    "土地利用_平朔.xlsx": ("computed", "landuse"),
    "vcs_synthetic_mines.xlsx": ("computed", "vcs"),
    "植被固碳.xlsx": ("computed", "vcs"),
    # invalid ones, with their kind when it can be read
    "无效/空模板.xlsx": ("invalid", "esv"),
    "无效/bad_number.xlsx": ("invalid", "vcs"),
    "=1+2.xlsx": ("invalid", "gep"),
    "corrupt.xlsx": ("invalid", None),
    "encrypted.xlsx": ("invalid", None),
    "empty.xlsx": ("invalid", None),
    "notes.xlsx": ("invalid", None),
    "renamed_xls.xlsx": ("invalid", None),
    # skipped, each with its reason
    "old.xls": ("skipped", None),
    "readme.txt": ("skipped", None),
    "~$esv_crdc_15_cities.xlsx": ("skipped", None),
    ".~lock.植被固碳.xlsx#": ("skipped", None),
    "county_result.xlsx": ("skipped", "vcs"),
    "县结果.xlsx": ("skipped", "gep"),  # a zh result: its Audit sheet is 审计
    # same-named files in two sub-folders, and flattened names that collide
    "a/report.xlsx": ("computed", "vcs"),
    "b/report.xlsx": ("computed", "vcs"),
    "same/a/report.xlsx": ("computed", "vcs"),
    "same__a__report.xlsx": ("computed", "vcs"),
}
OLE_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    import msoffcrypto.format.ooxml

    base = tmp_path_factory.mktemp("批量")
    subs = base / "提交"
    for name in (
        "esv_crdc_15_cities",
        "esv_crdc_15_cities_zh",
        "gep_jinsha_county",
        "gep_jinsha_county_zh",
        "landuse_pingshuo",
        "vcs_synthetic_mines",
    ):
        (subs).mkdir(exist_ok=True)
        shutil.copy(WB / f"{name}.xlsx", subs / f"{name}.xlsx")
    _landuse_zh(subs / "土地利用_平朔.xlsx")
    api.make_template("vcs", subs / "植被固碳.xlsx", "zh", **vcs_synthetic.template_kwargs("zh"))
    (subs / "无效").mkdir()
    shutil.copy(ROOT / "templates" / "esv_zh.xlsx", subs / "无效" / "空模板.xlsx")
    _bad_vcs(subs / "无效" / "bad_number.xlsx")
    gep_kw = gep_jinsha.template_kwargs("en")
    api.make_template("gep", subs / "=1+2.xlsx", "en", params=gep_kw.get("params"))  # no rows: invalid
    good = (WB / "vcs_synthetic_mines.xlsx").read_bytes()
    (subs / "corrupt.xlsx").write_bytes(good[: len(good) // 2])
    with (WB / "gep_jinsha_county.xlsx").open("rb") as src, (subs / "encrypted.xlsx").open("wb") as dst:
        msoffcrypto.format.ooxml.OOXMLFile(src).encrypt("secret", dst)
    (subs / "empty.xlsx").write_bytes(b"")
    (subs / "notes.xlsx").write_text("minutes of the meeting", encoding="utf-8")
    (subs / "renamed_xls.xlsx").write_bytes(OLE_XLS)
    (subs / "old.xls").write_bytes(OLE_XLS)
    (subs / "readme.txt").write_text('=HYPERLINK("x")', encoding="utf-8")
    (subs / "~$esv_crdc_15_cities.xlsx").write_bytes(b"\x0bowner")
    (subs / ".~lock.植被固碳.xlsx#").write_text("owner,host", encoding="utf-8")
    api.fill(WB / "vcs_synthetic_mines.xlsx", subs / "county_result.xlsx")  # a result fed back in
    api.fill(WB / "gep_jinsha_county_zh.xlsx", subs / "县结果.xlsx")
    for rel in ("a/report.xlsx", "b/report.xlsx", "same/a/report.xlsx", "same__a__report.xlsx"):
        (subs / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(WB / "vcs_synthetic_mines.xlsx", subs / rel)
    # A previous run's output folder, copied in with the submissions.
    one = base / "one"
    one.mkdir()
    shutil.copy(WB / "vcs_synthetic_mines.xlsx", one / "x.xlsx")
    run_batch(one, subs / "旧结果", jobs=1)
    return subs


@pytest.fixture(scope="module")
def mixed_run(mixed, tmp_path_factory):
    before = _digest(mixed)
    out = tmp_path_factory.mktemp("out") / "结果"
    code = cli.main(["batch", str(mixed), "-o", str(out), "--recursive", "--jobs", "2"])
    assert _digest(mixed) == before, "a submission was modified"
    return out, code


def test_every_input_is_listed_once_with_its_status(mixed, mixed_run):
    out, code = mixed_run
    assert code == 2
    rows = _rows(out / "summary.xlsx")
    listed = [r["Submission"] for r in rows]
    on_disk = sorted(p.relative_to(mixed).as_posix() for p in mixed.rglob("*") if p.is_file())
    assert sorted(listed) == on_disk and len(set(listed)) == len(listed)
    assert [r["#"] for r in rows] == list(range(1, len(rows) + 1))
    assert listed == sorted(listed)  # input order
    status = {r["Submission"]: r["Status"] for r in rows}
    for rel, (want, _kind) in EXPECTED.items():
        assert status[rel] == want, rel
    earlier = [r for r in rows if r["Submission"].startswith("旧结果/")]
    assert len(earlier) == 5  # manifest.json, summary.xlsx, errors.xlsx, errors.csv, x_result.xlsx
    assert all(r["Status"] == "skipped" and "earlier batch" in r["Reason"] for r in earlier)
    reason = {r["Submission"]: r["Reason"] for r in rows}
    assert "Save As > Excel Workbook (.xlsx)" in reason["old.xls"]
    assert reason["readme.txt"].startswith("not a workbook format (.txt)")
    assert reason["~$esv_crdc_15_cities.xlsx"].startswith("a lock file")
    assert reason[".~lock.植被固碳.xlsx#"].startswith("a lock file")
    for result in ("county_result.xlsx", "县结果.xlsx"):
        assert reason[result] == "a result workbook written by ecoaccount, not a submission"
    problems = {r["Submission"]: r["Problems"] for r in rows if r["Status"] == "invalid"}
    assert problems["无效/bad_number.xlsx"] == 1 and problems["无效/空模板.xlsx"] == 3


def test_invalid_files_get_plain_problems(mixed_run):
    out, _ = mixed_run
    errors = {(r["Submission"], r["Sheet!Cell"]): r["Problem (found; expected)"] for r in _rows(out / "errors.xlsx")}
    assert errors[("encrypted.xlsx", "")].startswith("The workbook is password-protected")
    assert errors[("empty.xlsx", "")] == "The file is empty (0 bytes); expected a workbook"
    assert errors[("renamed_xls.xlsx", "")].startswith("This is an old-format Excel file (.xls)")
    # one message for each meaning, the one the single-file commands give, in zh as in en
    assert errors[("encrypted.xlsx", "")] == M.FILE_ENCRYPTED.text("en")
    assert errors[("renamed_xls.xlsx", "")] == M.FILE_OLD_XLS.text("en")
    assert M.FILE_ENCRYPTED.format().render("zh").startswith("该工作簿设有打开密码")
    assert M.FILE_OLD_XLS.format(suffix=".xlsx").render("zh").startswith("这是旧格式的 Excel 文件（.xls）")
    assert errors[("notes.xlsx", "")].startswith("The file is damaged or is not a workbook")
    assert errors[("无效/bad_number.xlsx", "Annual!D6")].startswith("Value 'lots' could not be interpreted")
    assert ("corrupt.xlsx", "") in errors


def test_result_names_are_unique_and_stable(mixed, mixed_run):
    out, _ = mixed_run
    rows = {r["Submission"]: r["Result workbook"] for r in _rows(out / "summary.xlsx") if r["Result workbook"]}
    assert len(set(rows.values())) == len(rows)
    assert rows["a/report.xlsx"] == "a__report_result.xlsx" and rows["b/report.xlsx"] == "b__report_result.xlsx"
    clash = rows["same/a/report.xlsx"], rows["same__a__report.xlsx"]
    assert all(n.startswith("same__a__report_") and n.endswith("_result.xlsx") for n in clash)
    assert clash[0] != clash[1]
    again = {t.rel: t.result for t in discover(mixed, True) if t.result}
    assert all(again[k] == v for k, v in rows.items())
    assert all((out / n).is_file() for n in rows.values())
    assert not [p for p in out.rglob("*") if p.name.startswith(".ecoaccount-") or p.name == "journal.jsonl"]


def test_summary_sheet_per_kind_with_fixed_headline_columns(mixed_run):
    out, _ = mixed_run
    wb = openpyxl.load_workbook(out / "summary.xlsx")
    label = {"esv": "ESV", "gep": "GEP", "vcs": "VCS", "landuse": "Land use"}
    assert wb.sheetnames[:5] == ["All submissions"] + [label[k] for k in KINDS]
    assert wb["_ecoaccount"].sheet_state == "hidden"
    esv = wb["ESV"]
    head = [c.value for c in esv[1]]
    assert head == ["#", "Submission", "Status", "Problems", "Result workbook"] + [
        c.label for c in headline_columns("esv", "en")
    ]
    assert "Total ESV, last year (10⁴\u00a0yuan/a)" in head  # the unit never wraps inside
    body = list(esv.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in body] == ["esv_crdc_15_cities.xlsx", "esv_crdc_15_cities_zh.xlsx", "无效/空模板.xlsx"]
    # en and zh templates of one case give the same figures; the region is named as each typed it
    assert body[0][5:-1] == body[1][5:-1] and (body[0][-1], body[1][-1]) == ("Fuxin", "阜新")
    assert body[0][5:9] == (15, 3, 2000, 2020)
    assert round(body[0][10]) == 23_001_834  # 10⁴ yuan, as the example's Tables sheet shows
    assert esv.freeze_panes == "C2" and esv.auto_filter.ref.startswith("A1:")
    assert esv.cell(2, 10).number_format == "#,##0.00"
    link = esv.cell(2, 5).hyperlink
    assert link.target == "esv_crdc_15_cities_result.xlsx"
    widths = esv.column_dimensions["B"].width
    assert widths >= len("esv_crdc_15_cities_zh.xlsx")  # file names never cut
    vcs = [c.value for c in wb["VCS"][1]]
    assert len(vcs) == 5 + len(headline_columns("vcs", "en"))
    assert {r[2] for r in wb["VCS"].iter_rows(min_row=2, values_only=True)} == {"computed", "invalid"}


def test_errors_xlsx_links_each_problem_to_its_cell(mixed, mixed_run):
    out, _ = mixed_run
    ws = openpyxl.load_workbook(out / "errors.xlsx")["Problems"]
    head = [c.value for c in ws[1]]
    assert head == ["#", "Submission", "Status", "Sheet!Cell", "Problem (found; expected)"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "无效/bad_number.xlsx")
    target = row[1].hyperlink.target.replace("\\", "/")  # relative, stored the way Excel stores it
    assert target.endswith("/提交/无效/bad_number.xlsx") and row[1].hyperlink.location == "'Annual'!D6"
    assert (out / target).resolve() == (mixed / "无效" / "bad_number.xlsx").resolve()


def test_csv_cells_that_would_run_as_formulas_are_neutralised(mixed_run):
    out, _ = mixed_run
    text = (out / "errors.csv").read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "submission,location,problem,问题"
    assert any(line.startswith("'=1+2.xlsx,") for line in lines)
    assert not any(line.startswith(("=", "+", "-", "@")) for line in lines)
    for cell in ("=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(cell) == "'" + cell
    assert neutralise("LandUse!C7") == "LandUse!C7"


# -- small folders for the remaining behaviours --------------------------------------------------
def _small(folder: Path, n: int = 3) -> Path:
    folder.mkdir(parents=True)
    for i in range(n):
        shutil.copy(WB / "vcs_synthetic_mines.xlsx", folder / f"m{i}.xlsx")
    _bad_vcs(folder / "m_bad.xlsx")
    return folder


def test_a_crash_a_hang_and_memory_exhaustion_fail_only_their_file(tmp_path, monkeypatch):
    subs = _small(tmp_path / "subs", 1)
    for name in ("crash.xlsx", "hang.xlsx", "memory.xlsx"):
        shutil.copy(WB / "vcs_synthetic_mines.xlsx", subs / name)
    monkeypatch.setenv("ECOACCOUNT_BATCH_FAULT", "crash:crash.xlsx,hang:hang.xlsx,memory:memory.xlsx")
    res = run_batch(subs, tmp_path / "out", jobs=2, timeout=8, memory_mib=256)
    rows = {r["Submission"]: r for r in _rows(res.summary_path)}
    assert rows["m0.xlsx"]["Status"] == "computed" and rows["m_bad.xlsx"]["Status"] == "invalid"
    assert rows["crash.xlsx"]["Status"] == "failed"
    assert rows["crash.xlsx"]["Reason"].startswith("the worker process stopped unexpectedly (exit code 70)")
    assert rows["hang.xlsx"]["Reason"].startswith("processing took longer than the time limit of 8 s")
    assert rows["memory.xlsx"]["Reason"].startswith("processing needed more memory than the limit of 256 MiB")
    assert res.counts == {"computed": 1, "invalid": 1, "failed": 3, "skipped": 0}
    csv_text = res.errors_path.read_text(encoding="utf-8-sig")
    assert "读取此文件时工作进程意外终止（退出码 70）" in csv_text and "处理时间超过 8 秒的时限" in csv_text
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".ecoaccount-")]


def test_ctrl_c_leaves_a_partial_summary_and_no_temporary_file_then_resume_finishes(tmp_path):
    subs = _small(tmp_path / "subs", 4)
    out = tmp_path / "out"
    env = {**os.environ, "ECOACCOUNT_BATCH_FAULT": "hang:m2.xlsx", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ecoaccount.cli", "batch", str(subs), "-o", str(out), "--jobs", "1", "--lang", "zh"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    journal = out / "journal.jsonl"
    deadline = time.monotonic() + 300  # generous: the machine may be busy with other work
    while time.monotonic() < deadline:  # m0 and m1 done, m2 hangs
        if journal.is_file() and journal.read_text(encoding="utf-8").count("\n") >= 2:
            break
        time.sleep(0.1)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "已中止" in stderr
    rows = _rows(out / "summary.xlsx")
    status = {r["提交文件"]: r["状态"] for r in rows}
    assert status == {
        "m0.xlsx": "已计算",
        "m1.xlsx": "已计算",
        "m2.xlsx": "已跳过",
        "m3.xlsx": "已跳过",
        "m_bad.xlsx": "已跳过",
    }
    assert "--resume" in {r["提交文件"]: r["原因"] for r in rows}["m2.xlsx"]
    assert not [p for p in out.rglob("*") if p.name.startswith(".ecoaccount-")] and not journal.exists()
    first = {p.name: p.stat().st_mtime_ns for p in out.glob("m*_result.xlsx")}
    assert set(first) == {"m0_result.xlsx", "m1_result.xlsx"}

    res = run_batch(subs, out, jobs=2, resume=True, lang="zh")
    assert res.counts == {"computed": 4, "invalid": 1, "failed": 0, "skipped": 0}
    assert all(out.joinpath(n).stat().st_mtime_ns == t for n, t in first.items())  # not recomputed
    shutil.copy(WB / "gep_jinsha_county.xlsx", subs / "m0.xlsx")  # changed input: recomputed
    res = run_batch(subs, out, jobs=2, resume=True)
    assert out.joinpath("m0_result.xlsx").stat().st_mtime_ns != first["m0_result.xlsx"]
    assert {r["Submission"]: r["Template"] for r in _rows(res.summary_path)}["m0.xlsx"] == "GEP"


def test_same_inputs_give_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    subs = _small(tmp_path / "subs", 2)
    (subs / "=cmd.xlsx").write_bytes(b"")
    a = run_batch(subs, tmp_path / "a", jobs=2)
    b = run_batch(subs, tmp_path / "b", jobs=1)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert {"summary.xlsx", "errors.xlsx", "errors.csv", "manifest.json", "m0_result.xlsx"} <= set(names)
    for n in names:
        assert (tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes(), n
    with zipfile.ZipFile(a.summary_path) as z:
        core = z.read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2023-11-14T22:13:20Z' in core
    assert a.counts == b.counts


def test_a_reused_worker_gives_the_bytes_of_a_fresh_process(tmp_path, monkeypatch):
    """Files of every kind taken in turn by one worker come out as each does in a process of its own."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    subs = tmp_path / "subs"
    subs.mkdir()
    for src in sorted(WB.glob("*.xlsx")):
        shutil.copy(src, subs / src.name)
    _bad_vcs(subs / "m_bad.xlsx")
    (subs / "zz_empty.xlsx").write_bytes(b"")
    reused = run_batch(subs, tmp_path / "reused", jobs=1, files_per_worker=50)
    fresh = run_batch(subs, tmp_path / "fresh", jobs=1, files_per_worker=1)
    assert reused.counts == fresh.counts == {"computed": 6, "invalid": 2, "failed": 0, "skipped": 0}
    assert _digest(tmp_path / "reused") == _digest(tmp_path / "fresh")


def test_a_worker_that_failed_is_replaced_and_the_next_file_gets_its_whole_budget(tmp_path, monkeypatch):
    """One worker at a time: after a crash, a hang and memory exhaustion the next file still computes."""
    import multiprocessing

    from ecoaccount.batch import isolation

    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("a_memory", "b_ok", "c_crash", "d_ok", "e_hang", "f_ok", "g_memory", "h_ok"):
        shutil.copy(WB / "vcs_synthetic_mines.xlsx", subs / f"{name}.xlsx")
    faults = "memory:a_memory.xlsx,crash:c_crash.xlsx,hang:e_hang.xlsx,memory:g_memory.xlsx"
    monkeypatch.setenv("ECOACCOUNT_BATCH_FAULT", faults)
    res = run_batch(subs, tmp_path / "out", jobs=1, timeout=8, memory_mib=256, files_per_worker=50)
    status = {r["Submission"]: r["Status"] for r in _rows(res.summary_path)}
    assert status == {
        f"{n}.xlsx": "failed" if n[2:] in ("memory", "crash", "hang") else "computed"
        for n in ("a_memory", "b_ok", "c_crash", "d_ok", "e_hang", "f_ok", "g_memory", "h_ok")
    }
    assert isolation.IDLE.workers == [] and multiprocessing.active_children() == []  # none left behind


def test_dask_cluster_gives_the_same_summary(tmp_path, monkeypatch):
    from dask.distributed import Client, LocalCluster

    from ecoaccount.batch import isolation

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    subs = _small(tmp_path / "subs", 1)
    local = run_batch(subs, tmp_path / "local", jobs=2)
    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster:
        dask = run_batch(subs, tmp_path / "dask", scheduler=cluster.scheduler_address)
        with Client(cluster) as client:  # the run ended the worker processes it started on the cluster
            assert set(client.run(isolation.close_idle).values()) == {0}
    assert dask.counts == local.counts == {"computed": 1, "invalid": 1, "failed": 0, "skipped": 0}
    for name in ("summary.xlsx", "errors.xlsx", "errors.csv", "manifest.json"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name


def test_output_folder_inside_the_input_is_refused(tmp_path, capsys):
    subs = _small(tmp_path / "subs", 1)
    assert cli.main(["batch", str(subs), "-o", str(subs)]) == 1
    assert "is the input folder or lies inside it" in capsys.readouterr().err
    assert cli.main(["batch", str(subs), "-o", str(subs / "out"), "--lang", "zh"]) == 1
    assert "是输入文件夹或位于其中" in capsys.readouterr().err
    assert not (subs / "out").exists()


def test_sub_folders_are_listed_when_not_recursive(tmp_path):
    subs = _small(tmp_path / "subs", 1)
    (subs / "2024").mkdir()
    shutil.copy(WB / "vcs_synthetic_mines.xlsx", subs / "2024" / "late.xlsx")
    res = run_batch(subs, tmp_path / "out", jobs=1)
    reason = {r["Submission"]: r["Reason"] for r in _rows(res.summary_path)}
    assert reason["2024/"].startswith("a sub-folder; run with --recursive")


def test_headline_columns_are_declared_for_every_kind_in_both_languages():
    for kind in KINDS:
        en, zh = headline_columns(kind, "en"), headline_columns(kind, "zh")
        assert len(en) == len(zh) >= 5
        assert [c.id for c in en] == [c.id for c in zh] == [f.id for f in KINDS[kind].OUTPUTS.figures]
        assert all(c.label and z.label and c.label != z.label for c, z in zip(en, zh, strict=True))
    assert headline_columns("nope", "en") == []


def _computed(kind: str, n: int, headline: dict) -> dict:
    return {"index": n, "rel": f"{kind}{n}.xlsx", "status": "computed", "kind": kind, "problems": [], "reason": None,
            "result": f"{kind}{n}_result.xlsx", "headline": headline}  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_summary_headers_are_the_declared_figures_in_fixed_units(tmp_path, lang):
    """Each kind's sheet: the declared figures' labels with the summary's fixed units, in the reviewer's
    language, in declaration order, whatever figures a submission has (none, some, all)."""
    from ecoaccount.batch.headline import FIXED, unbroken
    from ecoaccount.batch.outputs import kind_label, write_summary
    from ecoaccount.outputs import figure_header

    outcomes = []
    for kind in KINDS:
        ids = [f.id for f in KINDS[kind].OUTPUTS.figures]
        outcomes += [_computed(kind, len(outcomes), {}), _computed(kind, len(outcomes) + 1, {ids[-1]: 1, ids[0]: 2})]
    path = tmp_path / "summary.xlsx"
    write_summary(path, outcomes, lang)
    wb = openpyxl.load_workbook(path)
    units = {"en": ("10⁴\u00a0yuan/a", "t\u00a0CO₂", "ha"), "zh": ("万元/年", "吨\u00a0CO₂", "公顷")}[lang]
    heads = []
    for kind in KINDS:
        ws = wb[kind_label(kind, lang)]
        head = [c.value for c in ws[1]][5:]
        assert head == [unbroken(figure_header(f, lang, FIXED)) for f in KINDS[kind].OUTPUTS.figures]
        assert [c.label for c in headline_columns(kind, lang)] == head
        row = [c.value for c in ws[3]][5:]
        assert row[0] == 2 and row[-1] == 1 and set(row[1:-1]) == {None}
        heads += head
    for unit in units:
        assert any(unit in h for h in heads), unit
    if lang == "zh":
        assert not [h for h in heads if re.search(r"\b(yuan|Total|Years?|First|Last|change)\b", h)]
