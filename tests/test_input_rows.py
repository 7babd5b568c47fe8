"""A copied input table's body is written from the input grid at close (``rows.GridRows``), never
stored cell by cell, and the sheet comes out byte for byte as when every cell is stored."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from types import SimpleNamespace

from ecoaccount import api
from ecoaccount.kinds import landuse
from ecoaccount.workbook import inputs_copy
from ecoaccount.workbook.styles import Formats
from ecoaccount.workbook.writer import ResultBook, _Workbook


def _grid() -> list[list[object]]:
    grid: list[list[object]] = [["id", "class", "area", "note"]]
    for i in range(1, 60):  # several 16-row blocks
        grid.append([f"P{i:03d}" if i % 3 else float(i), "forest" if i % 2 else "草地", i * 0.25, ""])
    grid[5][2] = math.nan  # NaN: a styled blank in the body
    grid[6] = ["P006", "", None]  # a short row: the missing columns are styled blanks
    grid[7][3] = dt.date(2026, 1, 2)  # a date: this row is stored cell by cell
    grid[8][3] = "x" * 20_000  # text longer than half Excel's limit: stored
    grid[9][3] = True  # a boolean: stored
    grid[10][1] = "a & <b>"  # escaped text
    grid[11] = ["", "", "", ""]  # an empty row: styled blanks only
    grid[12][0] = 12345678901234567  # a long integer
    return grid


def _sheet(tmp_path, name: str, stream: bool, monkeypatch) -> tuple[dict[str, bytes], object]:
    if not stream:
        monkeypatch.setattr(inputs_copy, "_stream_row", lambda *a: None)
    path = tmp_path / name
    wb = _Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    fmt = Formats(wb)
    book = SimpleNamespace(fmt=fmt)
    ws = wb.add_worksheet("Parcels")
    ws.write_string(0, 5, "before the table")  # a string counted before the body's
    ws.set_column(3, 3, 20, fmt.wrap)
    ws.set_row(20, 30)  # a row with attributes: stored
    ws.set_row(21, None, fmt.note)  # a row format: stored
    grid = _grid()
    at = {(0, c): fmt.header for c in range(4)} | {(30, 1): fmt.note}  # a template cell inside the body
    body = {0: fmt.input, 1: fmt.input, 2: fmt.input_number}
    inputs_copy._write_cells(book, ws, grid, at, body, range(1, 70))  # the body runs below the grid
    ws.add_table(0, 0, 69, 3, {"columns": [{"header": h} for h in grid[0]], "name": "tblParcels"})
    ws.write_string(71, 0, "after the table")
    grid_rows = ws.grid_rows
    wb.close()
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith(("xl/worksheets/", "xl/shared", "xl/tables/"))}, (
            grid_rows
        )


def test_streamed_body_rows_write_the_stored_cells_bytes(tmp_path, monkeypatch):
    streamed, grid_rows = _sheet(tmp_path, "streamed.xlsx", True, monkeypatch)
    assert grid_rows is not None
    assert {7, 8, 9, 20, 21, 30} <= grid_rows.slow and 1 not in grid_rows.slow
    stored, none = _sheet(tmp_path, "stored.xlsx", False, monkeypatch)
    assert none is None
    assert streamed == stored


def test_a_landuse_result_stores_no_cell_of_its_parcel_tables(tmp_path):
    """The parcel sheets of a land-use result hold their header cells only; the body is streamed."""
    src = tmp_path / "landuse.xlsx"
    data, _ = landuse.template_data("en")
    data["before"] = [[f"P{i}", "forest", 1.5] for i in range(1, 300)]
    data["after"] = [[f"P{i}", "grassland" if i % 2 else "forest", 1.5] for i in range(1, 300)]
    api.make_template("landuse", src, "en", data=data, params={"parcel_start_year": 1986, "parcel_end_year": 2018})
    parsed = api.load(src)
    seen = {}
    with ResultBook(tmp_path / "landuse_result.xlsx", parsed) as book:
        book.copy_inputs()
        for t in parsed.tables.values():
            ws = book.wb.get_worksheet_by_name(t.sheet)
            if len(parsed.raw.sheets[t.sheet]) > 200:
                seen[t.sheet] = (len([r for r, cells in ws.table.items() if cells]), ws.grid_rows)
    assert len(seen) == 2
    for stored_rows, grid_rows in seen.values():
        assert grid_rows is not None and not grid_rows.slow
        assert stored_rows < 10
