"""The command line, the README's template reference, batch and report."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from ecoaccount import cli
from ecoaccount.kinds import KINDS
from ecoaccount.reference import END, OUT_END, OUT_START, START, output_reference, template_reference

ROOT = Path(__file__).resolve().parents[1]


def test_readme_template_reference_is_generated_from_the_specs():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(START) + len(START) : text.index(END)]
    assert section == "\n" + template_reference()


def test_output_reference_is_generated_from_the_declarations():
    text = (ROOT / "docs" / "outputs.md").read_text(encoding="utf-8")
    section = text[text.index(OUT_START) + len(OUT_START) : text.index(OUT_END)]
    assert section == "\n" + output_reference()
    # every kind that declares OUTPUTS is in it, with every output id and formula
    declared = [k for k, m in KINDS.items() if getattr(m, "OUTPUTS", None) is not None]
    assert declared
    for kind in declared:
        assert f"### `{kind}` — " in section
        for s in KINDS[kind].OUTPUTS.sheets:
            assert f"#### Sheet `{s.en}` / `{s.zh}`" in section
            for t in s.tables:
                for c in t.columns:
                    assert f"| `{c.id}` | " in section and c.formula.replace("|", "\\|") in section


def test_output_reference_picks_up_a_newly_declared_kind():
    class Declared:
        SPEC = KINDS["esv"].SPEC
        OUTPUTS = KINDS["esv"].OUTPUTS

    class Undeclared:
        SPEC = KINDS["esv"].SPEC

    text = output_reference({"zz_new": Declared, "zz_old": Undeclared})
    assert "### `zz_new` — " in text and "zz_old" not in text
    assert "headline: Total ESV / 生态系统服务总价值" in text and "function: `ECO_ESV`" in text


def test_readme_documents_every_command_and_flag():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        assert f"ecoaccount {name}" in text
        for action in p._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert flag in text, f"{name} {flag} missing from README"
    for kind in KINDS:
        assert f"`{kind}`" in text


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_template_command_writes_a_template(kind, lang, zh_tmp, capsys):
    out = zh_tmp / f"{kind}_{lang}.xlsx"
    assert cli.main(["template", kind, "-o", str(out), "--lang", lang]) == 0
    assert out.exists()
    assert "_ecoaccount" in CalamineWorkbook.from_path(str(out)).sheet_names


def test_unknown_kind_is_a_usage_error(tmp_path):
    with pytest.raises(SystemExit) as exc:
        cli.main(["template", "nope", "-o", str(tmp_path / "x.xlsx")])
    assert exc.value.code == 2


def test_missing_file_is_reported_without_traceback(tmp_path, capsys):
    assert cli.main(["check", str(tmp_path / "nothing.xlsx")]) == 2
    assert "no such file" in capsys.readouterr().out


def test_demo_fills_every_example(tmp_path, capsys):
    out = tmp_path / "demo"
    assert cli.main(["demo", "-o", str(out), "--workbooks", str(ROOT / "workbooks")]) == 0
    printed = capsys.readouterr().out
    examples = sorted(p for p in (ROOT / "workbooks").iterdir() if p.suffix == ".xlsx")
    for p in examples:
        assert (out / f"{p.stem}_result.xlsx").exists()
        assert p.name in printed


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_batch_loses_nothing_and_modifies_nothing(zh_tmp, capsys):
    subs = zh_tmp / "提交"
    subs.mkdir()
    for p in (ROOT / "workbooks").glob("esv_*.xlsx"):
        shutil.copy(p, subs / p.name)
    shutil.copy(ROOT / "templates" / "esv_en.xlsx", subs / "空模板.xlsx")
    shutil.copy(ROOT / "workbooks" / "vcs_synthetic_mines.xlsx", subs / "矿区.xlsm")  # macro-enabled name
    (subs / "broken.xlsx").write_bytes(b"not a workbook")
    (subs / "notes.txt").write_text("ignored")
    before = _digest(subs)
    out = zh_tmp / "结果"
    assert cli.main(["batch", str(subs), "-o", str(out)]) == 2
    assert _digest(subs) == before
    rows = CalamineWorkbook.from_path(str(out / "summary.xlsx")).get_sheet_by_name("All submissions").to_python()
    header, body = rows[0], rows[1:]
    status = {r[header.index("Submission")]: r[header.index("Status")] for r in body}
    assert status == {
        "broken.xlsx": "invalid",
        "空模板.xlsx": "invalid",
        "矿区.xlsm": "computed",
        "notes.txt": "skipped",
        "esv_crdc_15_cities.xlsx": "computed",
        "esv_crdc_15_cities_zh.xlsx": "computed",
    }
    errors = (out / "errors.csv").read_text(encoding="utf-8-sig")
    assert "空模板.xlsx,LandUse!A5,Table 'LandUse' has no rows; expected at least one" in errors
    assert 'broken.xlsx,,"The file is damaged or is not a workbook' in errors
    assert (out / "esv_crdc_15_cities_result.xlsx").exists()


def test_batch_reads_ods_submissions(tmp_path, libreoffice_agrees):
    import subprocess

    from ecoaccount.workbook import recalc

    if recalc.soffice() is None:
        libreoffice_agrees()  # fails in CI, skips elsewhere
    subs = tmp_path / "subs"
    subs.mkdir()
    subprocess.run(
        [
            recalc.soffice(),
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(subs),
            str(ROOT / "workbooks" / "esv_crdc_15_cities.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert cli.main(["batch", str(subs), "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "esv_crdc_15_cities_result.xlsx").exists()


def test_report_writes_html_with_charts(tmp_path):
    src = ROOT / "workbooks" / "esv_crdc_15_cities.xlsx"
    res = tmp_path / "r.xlsx"
    assert cli.main(["fill", str(src), "-o", str(res)]) == 0
    html = tmp_path / "r.html"
    assert cli.main(["report", str(res), "-o", str(html)]) == 0
    text = html.read_text(encoding="utf-8")
    assert "<svg" in text and "Compensation amount R" in text and "Hegang" in text
    assert cli.main(["report", str(src), "-o", str(tmp_path / "bad.html")]) == 1


@pytest.mark.parametrize("example", ["gep_jinsha_county.xlsx", "vcs_synthetic_mines.xlsx", "landuse_pingshuo.xlsx"])
def test_report_has_charts_for_every_kind(example, tmp_path):
    res = tmp_path / "r.xlsx"
    assert cli.main(["fill", str(ROOT / "workbooks" / example), "-o", str(res)]) == 0
    html = tmp_path / "r.html"
    assert cli.main(["report", str(res), "-o", str(html)]) == 0
    assert html.read_text(encoding="utf-8").count("<svg") >= 2


def test_check_speaks_the_templates_language(tmp_path, capsys):
    src = tmp_path / "zh.xlsx"
    assert cli.main(["template", "esv", "-o", str(src), "--lang", "zh"]) == 0
    capsys.readouterr()
    assert cli.main(["check", str(src)]) == 2
    out = capsys.readouterr().out
    assert "共 3 个问题" in out and "土地利用!A5: 表 '土地利用' 没有数据行；应至少有一行" in out
    assert cli.main(["check", str(src), "--lang", "en"]) == 2
    assert "土地利用!A5: Table 'LandUse' has no rows; expected at least one" in capsys.readouterr().out
    assert cli.main(["fill", str(src), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert "没有数据行" in capsys.readouterr().err
