"""Damaged, hostile and awkward workbooks, built by code: every one is refused with a message a
person can act on (en and zh), or computed correctly; never a traceback, a crash, a hang, a
half-written or temporary file, whatever the file holds.

Each case runs the command line in a child process under a memory limit (RLIMIT_AS) and a
timeout, so that a file which would end or swamp the process fails the test instead of the run.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from test_esv_workbook import GRAIN, make

from ecoaccount import api
from ecoaccount.workbook import safety
from ecoaccount.workbook.writer import cached

LIMIT = 2 * 2**30  # bytes of address space for each child process
TIMEOUT = 240  # seconds (a test never asserts a time; this only stops a hang)

CHILD = r"""
import contextlib, io, json, resource, sys, traceback
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
from ecoaccount.cli import main
results = []
for argv in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
        except BaseException:
            traceback.print_exc(file=err)
            code = "traceback"
    results.append({"code": code, "out": out.getvalue(), "err": err.getvalue()})
print(json.dumps(results))
"""


def run_cli(*commands: list[str], env: dict[str, str] | None = None) -> list[dict]:
    """Run each command line in one child process under the memory limit; its exit codes and output."""
    child_env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps([[str(a) for a in c] for c in commands]), str(LIMIT)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=child_env,
    )
    assert proc.returncode == 0, f"the process ended abnormally ({proc.returncode}): {proc.stderr[-2000:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob(".ecoaccount-*")]


# --- building damaged files --------------------------------------------------------------------


def rewrite(src: Path, dst: Path, edit: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a zip package part by part; ``edit(name, data)`` returns new bytes, or None to drop it."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
    return dst


def sheet_part(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return next(part for part, name in safety._sheet_parts(zf).items() if name == sheet)


def edit_sheet(src: Path, dst: Path, sheet: str, fn: Callable[[bytes], bytes]) -> Path:
    part = sheet_part(src, sheet)
    return rewrite(src, dst, lambda name, data: fn(data) if name == part else data)


def set_cell_xml(data: bytes, ref: str, xml: bytes) -> bytes:
    """Replace cell ``ref`` of a sheet part by ``xml``."""
    out, n = re.subn(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', xml, data, count=1, flags=re.S)
    assert n == 1, ref
    return out


def with_openpyxl(src: Path, dst: Path, fn: Callable[[openpyxl.Workbook], None]) -> Path:
    wb = openpyxl.load_workbook(src)
    fn(wb)
    wb.save(dst)
    return dst


def quietly(build: Callable[..., Path], *args, **kw) -> Path:
    """Build without XlsxWriter's warning about a repeated table header (the case under test)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return build(*args, **kw)


def base(tmp: Path, **kw) -> Path:
    return make(tmp / "base.xlsx", **kw)


def ods(tmp: Path, content: bytes) -> Path:
    path = tmp / "sheet.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        zf.writestr("content.xml", content)
    return path


ODS_NS = (
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def far_cell(tmp: Path) -> Path:
    row = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    return edit_sheet(base(tmp), tmp / "far.xlsx", "LandUse", lambda d: d.replace(b"</sheetData>", row))


def far_cell_unusual_writer(tmp: Path) -> Path:
    # reference after the style, as some writers put it: the precise (slow) pass reads it
    row = b'<row r="1048576"><c s="0" r="XFD1048576"><v>1</v></c></row></sheetData>'
    return edit_sheet(base(tmp), tmp / "far2.xlsx", "GDP", lambda d: d.replace(b"</sheetData>", row))


def ods_repeated(tmp: Path) -> Path:
    cell = b'<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
    content = (
        b'<?xml version="1.0" encoding="UTF-8"?><office:document-content ' + ODS_NS + b' office:version="1.2">'
        b'<office:body><office:spreadsheet><table:table table:name="LandUse">'
        b'<table:table-row table:number-rows-repeated="6000">' + cell + b"</table:table-row>"
        b"</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    return ods(tmp, content)


def bomb(tmp: Path) -> Path:
    pad = b"<sheetData>" + b" " * (40 * 2**20)
    return edit_sheet(base(tmp), tmp / "bomb.xlsx", "LandUse", lambda d: d.replace(b"<sheetData>", pad, 1))


def shared_string(tmp: Path, old: bytes, new: bytes, name: str) -> Path:
    def fn(part: str, data: bytes) -> bytes:
        return data.replace(b"<t>" + old + b"</t>", b"<t>" + new + b"</t>") if part == "xl/sharedStrings.xml" else data

    return rewrite(base(tmp), tmp / name, fn)


def result_workbook(tmp: Path) -> Path:
    out = tmp / "result.xlsx"
    api.fill(base(tmp), out)
    return out


def error_cell(tmp: Path) -> Path:
    cell = b'<c r="C5" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    return edit_sheet(base(tmp), tmp / "err.xlsx", "LandUse", lambda d: set_cell_xml(d, "C5", cell))


def date_year(tmp: Path) -> Path:
    import datetime as dt

    def fn(wb):
        wb["LandUse"]["B5"] = dt.datetime(2000, 1, 1)
        wb["LandUse"]["B5"].number_format = "yyyy-mm-dd"

    return with_openpyxl(base(tmp), tmp / "date.xlsx", fn)


def encrypted(tmp: Path) -> Path:
    path = tmp / "locked.xlsx"
    path.write_bytes(safety.OLE_MAGIC + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 2048)
    return path


def old_xls(tmp: Path) -> Path:
    path = tmp / "old.xls"
    path.write_bytes(safety.OLE_MAGIC + b"\0" * 4096)
    return path


def no_rels(tmp: Path) -> Path:
    return rewrite(base(tmp), tmp / "norels.xlsx", lambda name, data: None if name == "_rels/.rels" else data)


def xxe(tmp: Path) -> Path:
    dtd = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'

    def fn(name: str, data: bytes) -> bytes:
        return dtd + data.split(b"?>", 1)[1] if name == "xl/workbook.xml" else data

    return rewrite(base(tmp), tmp / "xxe.xlsx", fn)


def second_gdp_column(tmp: Path) -> Path:
    def fn(wb):
        ws = wb["GDP"]
        ws["E4"] = "GDP"
        ws["E5"] = 999.0

    return with_openpyxl(base(tmp), tmp / "gdp2.xlsx", fn)


def newer(tmp: Path) -> Path:
    return with_openpyxl(base(tmp), tmp / "newer.xlsx", lambda wb: wb["_ecoaccount"].__setitem__("B2", "99"))


def folder(tmp: Path) -> Path:
    path = tmp / "a folder.xlsx"
    path.mkdir()
    return path


LANDUSE_TEXT = [["R1", 2010, "1,5", 50.0], ["R1", 2020, 90.0, 60.0], ["R2", 2020, 10.0, 0.0]]

# name: (builder, English fragment, Chinese fragment)
REFUSED: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    "a value in XFD1048576": (far_cell, "as far as cell XFD1048576", "一直延伸到单元格 XFD1048576"),
    "XFD1048576 written unusually": (
        far_cell_unusual_writer,
        "as far as cell XFD1048576",
        "一直延伸到单元格 XFD1048576",
    ),
    "ods repeated into 98 M cells": (ods_repeated, "Sheet 'LandUse' has content as far as", "工作表 'LandUse'"),
    "zip bomb under the old limits": (bomb, "unpacks to", "解压后为压缩大小的"),
    "all areas zero": (
        lambda t: base(t, landuse=[["R1", 2010, 0.0, 0.0], ["R1", 2020, 90.0, 60.0], ["R2", 2020, 10.0, 0.0]]),
        "LandUse!C5: Region 'R1', year 2010 has a land area of 0",
        "LandUse!C5: 区域 'R1' 在 2010 年各地类面积均为 0",
    ),
    "land class header twice": (
        lambda t: quietly(base, t, classes=["farmland", "Farmland"]),
        "LandUse!D4: Header 'Farmland' appears a second time (first at LandUse!C4)",
        "LandUse!D4: 表头 'Farmland' 第二次出现",
    ),
    "a result workbook as input": (result_workbook, "This is a result workbook made by ecoaccount", "结果工作簿"),
    "control characters in a crop": (
        lambda t: base(t, grain=[["R1", 2010, "ri\x01c\x07e", 2.0, 6000.0, 100.0], *GRAIN[1:]]),
        "Grain!C5: Text 'ri?c?e' holds the invisible control character U+0001",
        "Grain!C5: 文本 'ri?c?e' 含有 Excel 无法保存的不可见控制字符 U+0001",
    ),
    "a decimal comma": (
        lambda t: base(t, landuse=LANDUSE_TEXT),
        "LandUse!C5: Value '1,5' is ambiguous",
        "LandUse!C5: 值 '1,5' 有歧义",
    ),
    "region names differing in case": (
        lambda t: base(t, landuse=[["R1", 2010, 100.0, 50.0], ["r1", 2020, 90.0, 60.0], ["R2", 2020, 10.0, 0.0]]),
        "LandUse!A6: Region 'r1' differs from 'R1' (first at LandUse!A5) only in letter case",
        "LandUse!A6: 地区 'r1' 与 'R1'（首次出现在 LandUse!A5）仅在字母大小写或全角/半角上不同",
    ),
    "region names differing in width": (
        lambda t: base(t, landuse=[["R1", 2010, 100.0, 50.0], ["Ｒ1", 2020, 90.0, 60.0], ["R2", 2020, 10.0, 0.0]]),
        "LandUse!A6: Region 'Ｒ1' differs from 'R1'",
        "全角/半角",
    ),
    "GDP of zero": (
        lambda t: base(t, gdp=[["R1", 2010, 0.0, None], ["R1", 2020, 150.0, 2.0], ["R2", 2020, 10.0, None]]),
        "GDP!C5: GDP is 0; expected a value greater than 0",
        "GDP!C5: GDP 为 0；应大于 0",
    ),
    "a second GDP column": (second_gdp_column, "GDP!E4: Header 'GDP' appears a second time", "GDP!E4: 表头 'GDP'"),
    "a newer template version": (newer, "made by a newer ecoaccount", "更新版本的 ecoaccount"),
    "a string over 32,767 characters": (
        lambda t: shared_string(t, b"R2", b"R" * 40_000, "long.xlsx"),
        "LandUse!A7: Text of 40000 characters is longer than the 32767",
        "LandUse!A7: 文本长度为 40000 个字符",
    ),
    "package without _rels/.rels": (no_rels, "The file is damaged or is not a workbook", "文件已损坏或不是工作簿"),
    "an external entity (XXE)": (xxe, "The file is damaged or is not a workbook", "文件已损坏或不是工作簿"),
    "a password-protected workbook": (encrypted, "password-protected; open it in Excel, save a copy", "设有打开密码"),
    "an old .xls file": (old_xls, "old-format Excel file (.xls)", "旧格式的 Excel 文件"),
    "a folder given as the file": (folder, "is a folder, not a workbook", "是一个文件夹"),
    "an error cell": (
        error_cell,
        "LandUse!C5: The cell shows the error #DIV/0!",
        "LandUse!C5: 该单元格显示错误值 #DIV/0!",
    ),
    "a date where a year belongs": (
        date_year,
        "LandUse!B5: Year 2000-01-01 is a date; expected the year as a plain number: type 2000",
        "LandUse!B5: 年份 2000-01-01 是日期；年份应为纯数字：请填写 2000",
    ),
    "grain prices all zero": (
        lambda t: base(t, grain=[[*g[:3], 0.0, *g[4:]] for g in GRAIN]),
        "Every grain price of region 'R1', year 2010 is 0",
        "区域 'R1' 在 2010 年的粮食价格全部为 0",
    ),
    "a year typed as text": (
        lambda t: base(t, landuse=[["R1", "abc", 100.0, 50.0], ["R1", 2020, 90.0, 60.0], ["R2", 2020, 10.0, 0.0]]),
        "LandUse!B5: Year 'abc' is not a year; expected a year as a number, such as 2020",
        "LandUse!B5: 年份 'abc' 不是年份",
    ),
}


ACCEPTED: dict[str, Callable[[Path], Path]] = {
    "the template's own example": lambda t: base(t),
    "numbers typed as text": lambda t: base(
        t, landuse=[["R1", 2010, "310,124.3", 50.0], ["R1", 2020, "１２３", 60.0], ["R2", 2020, 10.0, 0.0]]
    ),
    "a land class without area": lambda t: base(
        t, landuse=[["R1", 2010, 100.0, 0.0], ["R1", 2020, 90.0, 0.0], ["R2", 2020, 10.0, 0.0]]
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, tuple[Path, Path, list[dict]]]:
    """Every case built, then run in one child process: check --lang en, check --lang zh, fill.

    name -> (folder, output path, [check en, check zh, fill])."""
    cases = {**{k: b for k, (b, _, _) in REFUSED.items()}, **ACCEPTED}
    commands, where = [], {}
    for i, (name, build) in enumerate(cases.items()):
        folder = tmp_path_factory.mktemp(f"case{i}")
        src = build(folder)
        out = folder / "out" / "result.xlsx"
        commands += [["check", src, "--lang", "en"], ["check", src, "--lang", "zh"], ["fill", src, "-o", out]]
        where[name] = (folder, out)
    results = run_cli(*commands)
    return {name: (*where[name], results[3 * i : 3 * i + 3]) for i, name in enumerate(cases)}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_with_a_message_in_both_languages_and_nothing_written(case, corpus):
    _, en, zh = REFUSED[case]
    folder, out, (check_en, check_zh, fill) = corpus[case]
    for r in (check_en, check_zh, fill):
        assert r["code"] == 2, r
        assert "Traceback" not in r["out"] + r["err"] and "Warning" not in r["err"], r
        assert "nan" not in re.findall(r"\b\w+\b", r["out"] + r["err"]), r
    assert en in check_en["out"], check_en["out"]
    assert zh in check_zh["out"], check_zh["out"]
    assert not out.exists() and not leftovers(folder)


def test_check_ok_implies_fill_succeeds_over_the_whole_corpus(corpus):
    """Over every case: whenever check says OK, fill writes a result; otherwise both refuse."""
    for name, (folder, out, (check, _, fill)) in corpus.items():
        assert "Traceback" not in check["err"] + fill["err"], name
        assert (check["code"] == 0) == (fill["code"] == 0), (name, check, fill)
        assert out.exists() == (fill["code"] == 0), name
        assert not leftovers(folder), name
    assert all(corpus[name][2][0]["code"] == 0 for name in ACCEPTED)


def test_text_numbers_are_written_as_numbers_and_listed_in_audit(tmp_path, libreoffice_agrees):
    src = ACCEPTED["numbers typed as text"](tmp_path)
    out = tmp_path / "result.xlsx"
    api.fill(src, out, sentinel=True)
    book = CalamineWorkbook.from_path(str(out))
    landuse = book.get_sheet_by_name("LandUse").to_python()
    assert landuse[4][2] == 310124.3 and landuse[5][2] == 123.0
    audit = [row[:2] for row in book.get_sheet_by_name("Audit").to_python()]
    assert ["text read as a number: LandUse!C5", "'310,124.3' → 310124.3"] in audit
    assert ["text read as a number: LandUse!C6", "'１２３' → 123.0"] in audit
    assert libreoffice_agrees(out)


def test_a_land_class_without_area_agrees_with_libreoffice(tmp_path, libreoffice_agrees):
    out = tmp_path / "result.xlsx"
    api.fill(ACCEPTED["a land class without area"](tmp_path), out, sentinel=True)
    assert libreoffice_agrees(out)


# --- output paths ---------------------------------------------------------------------------------


def test_output_paths_are_refused_with_the_target_named(tmp_path):
    src = base(tmp_path)
    folder = tmp_path / "results"
    folder.mkdir()
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    long_name = tmp_path / ("r" * 300 + ".xlsx")
    before = src.read_bytes()
    runs = run_cli(
        ["fill", src, "-o", folder],
        ["fill", src, "-o", "/dev/null"],
        ["fill", src, "-o", fifo],
        ["fill", src, "-o", src],
        ["fill", src, "-o", long_name],
        ["fill", src, "-o", tmp_path / "missing" / "deeper" / "result.xlsx"],
    )
    expected = [
        f"Output '{folder}' is a folder; give a file name for the result, such as '{folder / 'result.xlsx'}'",
        "Output '/dev/null' is not a regular file (a device or a pipe)",
        f"Output '{fifo}' is not a regular file (a device or a pipe)",
        f"Output '{src}' is the input file",
        "give a shorter name",
        "",
    ]
    for r, text in zip(runs[:5], expected, strict=False):
        assert r["code"] == 2, r
        assert "Traceback" not in r["err"] and ".ecoaccount-" not in r["err"], r
        assert text in r["err"], r
    assert runs[5]["code"] == 0  # a missing folder is created
    assert stat.S_ISFIFO(fifo.stat().st_mode) and src.read_bytes() == before
    assert long_name.name not in os.listdir(tmp_path) and not leftovers(tmp_path)
    assert Path("/dev/null").is_char_device()


def test_a_name_without_xlsx_gets_it_and_the_mode_follows_the_umask(tmp_path):
    src = base(tmp_path)
    old = os.umask(0o027)
    try:
        summary = api.fill(src, tmp_path / "result")
    finally:
        os.umask(old)
    out = Path(summary["output"])
    assert out == tmp_path / "result.xlsx" and out.exists()
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert not leftovers(tmp_path)


# --- reproducible output, escaped text ------------------------------------------------------------


def test_same_input_same_bytes_with_source_date_epoch(tmp_path):
    src = base(tmp_path)
    a, b = tmp_path / "a" / "r.xlsx", tmp_path / "b" / "r.xlsx"
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    ra, rb = run_cli(["fill", src, "-o", a], ["fill", src, "-o", b], env=env)
    assert ra["code"] == rb["code"] == 0
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        assert b"2023-11-14T22:13:20Z" in zf.read("docProps/core.xml")
    audit = CalamineWorkbook.from_path(str(a)).get_sheet_by_name("Audit").to_python()
    assert ["written at (UTC)", "2023-11-14 22:13:20"] in [row[:2] for row in audit]


def test_cached_text_is_escaped_as_excel_does():
    assert cached("ri\x01c\x07e") == "ri_x0001_c_x0007_e"
    assert cached("_x0041_") == "_x005F_x0041_"
    assert cached("plain 名称") == "plain 名称"
