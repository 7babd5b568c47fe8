"""The workbook contract (DESIGN.md) on every bundled example, whatever its kind."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from conftest import result_sheet
from python_calamine import CalamineWorkbook

from ecoaccount import api
from ecoaccount.outputs import shared_names
from ecoaccount.workbook.writer import FORBIDDEN

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "workbooks").glob("*.xlsx"))
# Values that are labelled settings of the result itself, not computed numbers.
ALLOWED_VALUES = {(name, "B3") for name in shared_names("checks")}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = {}
    tmp = tmp_path_factory.mktemp("contract")
    for src in EXAMPLES:
        dst = tmp / f"{src.stem}_result.xlsx"
        api.fill(src, dst)
        out[src] = dst
    return out


@pytest.mark.parametrize("src", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_inputs_come_first_unchanged_then_results(src, results):
    a, b = CalamineWorkbook.from_path(str(src)), CalamineWorkbook.from_path(str(results[src]))
    assert b.sheet_names[: len(a.sheet_names)] == a.sheet_names
    for name in a.sheet_names:
        ga = a.get_sheet_by_name(name).to_python(skip_empty_area=False)
        gb = b.get_sheet_by_name(name).to_python(skip_empty_area=False)
        assert ga == gb[: len(ga)], name


@pytest.mark.parametrize("src", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_number_in_a_result_sheet_is_a_formula_with_its_value(src, results):
    n_inputs = len(CalamineWorkbook.from_path(str(src)).sheet_names)
    formulas = openpyxl.load_workbook(results[src], read_only=True)
    values = CalamineWorkbook.from_path(str(results[src]))
    n = 0
    for ws in formulas.worksheets[n_inputs:]:
        grid = values.get_sheet_by_name(ws.title).to_python(skip_empty_area=False)
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if isinstance(v, str) and v.startswith("="):
                    n += 1
                    assert not FORBIDDEN.search(v), (ws.title, c.coordinate, v)
                    assert "[" not in v, (ws.title, c.coordinate, v)  # no structured references
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    assert (ws.title, c.coordinate) in ALLOWED_VALUES or ws.title == "Pairs", (
                        f"pasted number {v} at {ws.title}!{c.coordinate}"
                    )
        assert grid is not None
    assert n > 50


@pytest.mark.parametrize("src", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_parameters_are_names_of_their_own_input_cells(src, results):
    wb = openpyxl.load_workbook(results[src], read_only=False)
    kind = wb["_ecoaccount"]["B1"].value
    prefix = {"esv": "ESV_", "gep": "GEP_", "vcs": "VCS_", "landuse": "LU_"}[kind]
    params = next(ws for ws in wb.worksheets if ws.title in ("Parameters", "参数"))
    ids = {r[0].value: r[0].row for r in params.iter_rows(min_row=5) if r[0].value}
    names = {n: d.attr_text for n, d in wb.defined_names.items() if n.startswith(prefix)}
    checked = 0
    for pid, row in ids.items():
        name = prefix + str(pid)
        if name in names:
            assert re.fullmatch(rf"'?{re.escape(params.title)}'?!\$C\${row}", names[name]), (name, names[name])
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("src", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_checks_sheet_is_all_ok(src, results):
    path = results[src]
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(result_sheet(path, "checks")).to_python()
    status = [r[4] for r in grid[5:] if len(r) > 4 and r[0]]
    assert status and set(status) == {"OK"}
