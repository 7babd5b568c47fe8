"""The reader at scale: the extent scan of a sheet's XML (its fast pass against its precise pass and
against calamine, references written in unusual ways) and text columns cast as a whole (the same
problems as cell by cell)."""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook
from test_landuse_workbook import YEARS, make

from ecoaccount import api
from ecoaccount.errors import InvalidWorkbookError
from ecoaccount.workbook import reader, safety


def small_book(path: Path, rows: int = 2, cols: int = 1) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    for r in range(rows):
        for c in range(cols):
            ws.write_number(r, c, r * cols + c)
    wb.close()
    return path


def edit_sheet(src: Path, dst: Path, fn) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, fn(data) if info.filename.endswith("worksheets/sheet1.xml") else data)
    return dst


# Each reference is read by calamine as the cell shown (checked with python-calamine 0.9.1): a scan
# that skipped it would let calamine build a grid of billions of cells.
FAR = {
    "leading zeros": (b'<c r="XFD01048576"', "XFD1048576"),
    "eight digits": (b'<c r="XFD12345678"', "XFD12345678"),
    "four letters": (b'<c r="ZZZZ100000"', "ZZZZ100000"),
    "lower case": (b'<c r="xfd1048576"', "XFD1048576"),
    "single quotes": (b"<c r='XFD1048576'", "XFD1048576"),
    "spaces around =": (b'<c r = "XFD1048576"', "XFD1048576"),
    "newline before r": (b'<c\nr="XFD1048576"', "XFD1048576"),
    "r after another attribute": (b'<c t="n" r="XFD1048576"', "XFD1048576"),
}


@pytest.mark.parametrize("how", FAR)
def test_far_cells_written_unusually_are_refused_before_calamine_reads_them(tmp_path, how):
    cell_xml, cell = FAR[how]
    src = small_book(tmp_path / "small.xlsx")
    bad = edit_sheet(src, tmp_path / "far.xlsx", lambda d: d.replace(b'<c r="A2"', cell_xml))
    with pytest.raises(InvalidWorkbookError) as exc:
        safety.inspect(bad)
    [problem] = exc.value.problems
    assert problem.message.id == "SHEET_TOO_LARGE" and f"cell {cell}," in str(problem)


@pytest.mark.parametrize("ref", [b'r="A000000007"', b'r="b7"', b'r="A7000"'])
def test_unusual_references_give_the_extent_calamine_reads(tmp_path, ref):
    src = small_book(tmp_path / "small.xlsx")
    odd = edit_sheet(src, tmp_path / "odd.xlsx", lambda d: d.replace(b'r="A2"', ref))
    ext = safety.inspect(odd).sheets["S"]
    sheet = CalamineWorkbook.from_path(str(odd)).get_sheet_by_name("S")
    assert (ext.rows, ext.cols) == (sheet.height, sheet.width)


@pytest.mark.parametrize("chunk", [4096, safety.CHUNK])
def test_fast_and_precise_passes_agree_with_cells_out_of_order(tmp_path, monkeypatch, chunk):
    """Rows written out of order (a far row in the middle, a wide cell early): the fast pass
    guesses from the last reference of each chunk and must still find every larger one."""
    monkeypatch.setattr(safety, "CHUNK", chunk)
    src = small_book(tmp_path / "grid.xlsx", rows=3000, cols=3)
    rng = random.Random(7)
    cases = {
        "far row in the middle": lambda d: d.replace(
            b'<row r="1500"', b'<row r="9000"><c r="B9000"><v>1</v></c></row><row r="1500"', 1
        ),
        "wide cell early": lambda d: d.replace(b'<c r="A20"', b'<c r="AB20"><v>1</v></c><c r="A20"', 1),
        "shuffled rows": lambda d: _shuffle_rows(d, rng),
    }
    for name, fn in cases.items():
        path = edit_sheet(src, tmp_path / f"{len(name)}.xlsx", fn)
        with zipfile.ZipFile(path) as zf:
            fast = safety._scan_part(zf, "xl/worksheets/sheet1.xml", fast=True)
            precise = safety._scan_part(zf, "xl/worksheets/sheet1.xml", fast=False)
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S")
        assert fast is not None, name
        assert (fast.rows, fast.cols) == (precise.rows, precise.cols) == (sheet.height, sheet.width), name


def _shuffle_rows(data: bytes, rng: random.Random) -> bytes:
    head, rest = data.split(b"<sheetData>", 1)
    body, tail = rest.split(b"</sheetData>", 1)
    rows = re.findall(rb"<row .*?</row>", body, re.S)
    rng.shuffle(rows)
    return head + b"<sheetData>" + b"".join(rows) + b"</sheetData>" + tail


def test_a_reference_beyond_a_bound_is_found_exactly():
    rng = random.Random(3)
    for _ in range(400):
        cols = rng.choice([0, 1, 3, 26, 27, 702, 703, rng.randint(1, 16384)])
        rows = rng.choice([0, 1, 9, 10, 999_999, 1_000_000, rng.randint(1, 1_048_576)])
        pattern = safety._beyond(cols, rows)
        for c in {1, max(cols, 1), cols + 1, max(cols - 1, 1), rng.randint(1, 16384)}:
            for r in {1, max(rows, 1), rows + 1, max(rows - 1, 1), rng.randint(1, 9_999_999)}:
                ref = b'<c r="%s%d" s="1">' % (safety._col_letters(c).encode(), r)
                assert (pattern.search(ref) is not None) == (c > cols or r > rows), (cols, rows, ref)


def test_text_columns_with_few_values_give_the_same_result_as_cell_by_cell(tmp_path, monkeypatch):
    """Above a thousand rows a column of few distinct texts is cleaned once per value: edge spaces
    trimmed, a control character or an error text reported at its cell, as cell by cell."""
    classes = ["arable", " forest", "grassland ", "urban"]
    before = [[i, classes[i % 4], 1.0] for i in range(1, 1501)]
    after = [[i, classes[(i + 1) % 4], 1.0] for i in range(1, 1501)]
    clean = make(tmp_path / "clean.xlsx", before=before, after=after, params=YEARS)
    before[1199][1] = "arable\x01"
    after[1299][1] = "#N/A"
    bad = make(tmp_path / "bad.xlsx", before=before, after=after, params=YEARS)
    found = []
    for sample in (reader._SAMPLE, 10**9):  # then every column through the general path
        monkeypatch.setattr(reader, "_SAMPLE", sample)
        tables = api.load(clean).tables
        found.append(
            (
                tables["before"].df["class"].tolist(),
                tables["after"].df["class"].tolist(),
                [(p.render("en"), p.render("zh")) for p in api.check(bad)],
            )
        )
    assert found[0] == found[1]
    assert set(found[0][0][:4]) == {"arable", "forest", "grassland", "urban"}
    assert found[0][2] == [
        (
            "ParcelsEnd!B1304: The cell shows the error #N/A; correct the formula or type the value itself",
            "ParcelsEnd!B1304: 该单元格显示错误值 #N/A；请修正公式，或直接输入应有的数值",
        ),
        (
            "ParcelsStart!B1204: Text 'arable?' holds the invisible control character U+0001, which Excel "
            "cannot store; retype the text without it",
            "ParcelsStart!B1204: 文本 'arable?' 含有 Excel 无法保存的不可见控制字符 U+0001；请重新输入不含该字符的文本",
        ),
    ]
