"""A result workbook carries its input sheets as the template made them, shows the master check on
every result sheet, and lays its result sheets out to be read and printed."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from ecoaccount import api
from ecoaccount.examples import EXAMPLES
from ecoaccount.kinds import KINDS
from ecoaccount.outputs import SHARED_SHEETS, shared_sheet
from ecoaccount.workbook import recalc
from ecoaccount.workbook.charts import CHART_SHEET
from ecoaccount.workbook.layout import MASTER_NAME, row_height, text_width, wrapped_lines
from ecoaccount.workbook.template import lists_sheet, quote_sheet
from ecoaccount.workbook.writer import ResultBook

ROOT = Path(__file__).resolve().parents[1]
BY_KIND = {e.kind: e for e in EXAMPLES}
# The landuse example names its classes in English; a zh book is filled with Chinese classes.
ZH_TRANSITIONS = [
    [2000, 2010, "耕地", "耕地", 10.0],
    [2000, 2010, "耕地", "林地", 5.0],
    [2000, 2010, "耕地", "露天采场", 3.0],
    [2000, 2010, "城镇用地", "城镇用地", 1.0],
]
BOOKS = [(kind, lang) for kind in KINDS for lang in ("en", "zh")]


def source(kind: str, lang: str, folder: Path) -> Path:
    """The bundled example of ``kind`` in ``lang`` (workbooks/), or one built by code."""
    for e in EXAMPLES:
        if e.kind == kind and e.lang == lang:
            return ROOT / "workbooks" / e.filename
    kwargs = {"data": {"transitions": ZH_TRANSITIONS}} if (kind, lang) == ("landuse", "zh") else None
    kwargs = kwargs or BY_KIND[kind].build(lang)
    return api.make_template(kind, folder / f"{kind}_{lang}_模板.xlsx", lang, **kwargs)


def input_layout(path: Path, names: list[str]) -> dict[str, dict]:
    """What makes an input sheet safe to edit: Tables, validations, widths, fills, and sheet state."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for name in names:
        ws = wb[name]
        out[name] = {
            "tables": sorted((t.name, t.ref, tuple(c.name for c in t.tableColumns)) for t in ws.tables.values()),
            "validations": sorted(
                (str(dv.sqref), dv.type, dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation
            ),
            "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.width},
            "fills": {
                c.coordinate: c.fill.fgColor.rgb for row in ws.iter_rows() for c in row if c.fill and c.fill.fill_type
            },
            "state": ws.sheet_state,
            "freeze": ws.freeze_panes,
            "protected": bool(ws.protection.sheet),
        }
    return out


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[tuple[str, str], tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("结果")
    out = {}
    for kind, lang in BOOKS:
        src = source(kind, lang, folder)
        dst = folder / f"{kind}_{lang}_结果.xlsx"
        api.fill(src, dst)
        out[(kind, lang)] = (src, dst)
    return out


class TestInputSheets:
    @pytest.mark.parametrize("kind,lang", BOOKS, ids=[f"{k}-{lang}" for k, lang in BOOKS])
    def test_tables_dropdowns_widths_and_styles_equal_the_templates(self, books, kind, lang):
        src, dst = books[(kind, lang)]
        names = CalamineWorkbook.from_path(str(src)).sheet_names
        template, result = input_layout(src, names), input_layout(dst, names)
        for name in names:
            assert result[name] == template[name], name
        # ... and that is not equal because both are empty: every declared table is a Table.
        declared = {t.table_name for t in KINDS[kind].SPEC.tables}
        tables = {t[0] for sheet in result.values() for t in sheet["tables"]}
        assert declared | {"tblUnits"} <= tables
        assert sum(len(s["validations"]) for s in result.values()) >= len(declared)
        assert result["_ecoaccount"]["state"] == "hidden"

    def test_esv_example_keeps_its_eight_tables_and_yellow_blank_inputs(self, books):
        src, dst = books[("esv", "en")]
        wb = openpyxl.load_workbook(dst)
        tables = {t.name: t.ref for ws in wb.worksheets for t in ws.tables.values()}
        assert len(tables) == 8 and tables["tblLandUse"].startswith("A4:")
        gdp = wb["GDP"]
        # The optional transfer payment column: blank cells are yellow inputs, as in the template.
        blank = next(c for c in gdp["D"][4:] if c.value is None)
        assert blank.fill.fgColor.rgb.endswith("FFF2CC") and not blank.protection.locked
        # A dropdown on the parameters sheet (unit of area) survives too.
        params = wb["Parameters"]
        assert any("C" in str(dv.sqref) for dv in params.data_validations.dataValidation)

    def test_rows_typed_below_the_template_table_are_inside_table_and_dropdowns(self, zh_tmp):
        src = zh_tmp / "粮食.xlsx"
        src.write_bytes((ROOT / "workbooks" / "esv_crdc_15_cities_zh.xlsx").read_bytes())
        wb = openpyxl.load_workbook(src)
        ws = wb["粮食"]
        (table,) = ws.tables.values()
        last = int(table.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        # A further crop of the first region and year, typed a few rows below the table's end.
        row = last + 5
        for c in range(1, ws.max_column + 1):
            ws.cell(row, c, ws.cell(5, c).value)
        ws.cell(row, 3, "高粱")
        wb.save(src)
        out = zh_tmp / "粮食_结果.xlsx"
        api.fill(src, out)
        res = openpyxl.load_workbook(out)["粮食"]
        (table,) = res.tables.values()
        assert table.name == "tblGrain" and table.ref.endswith(f"{row}")
        ranges = [str(dv.sqref) for dv in res.data_validations.dataValidation]
        assert ranges and all(r.endswith(str(row)) for r in ranges)
        assert res.cell(row, 3).value == "高粱"
        assert res.cell(row - 1, 4).fill.fgColor.rgb.endswith("FFF2CC")  # the gap stays a yellow input

    def test_a_header_typed_twice_leaves_the_table_out_but_keeps_values_and_dropdowns(self, tmp_path):
        """Excel needs unique headers in a Table: the sheet is carried without it, nothing else lost."""
        parsed = api.load(ROOT / "workbooks" / "gep_jinsha_county.xlsx")
        grid = parsed.raw.sheets["Parameters"]
        grid[3][3] = grid[3][2]  # the Unit header now repeats "Value"
        out = tmp_path / "dup.xlsx"
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with ResultBook(out, parsed) as book:
                book.copy_inputs()
        ws = openpyxl.load_workbook(out)["Parameters"]
        assert not ws.tables and ws["D4"].value == ws["C4"].value == "Value"
        template = openpyxl.load_workbook(ROOT / "workbooks" / "gep_jinsha_county.xlsx")["Parameters"]
        assert len(ws.data_validations.dataValidation) == len(template.data_validations.dataValidation) > 20
        assert openpyxl.load_workbook(out)["LandUse"].tables  # the other sheets keep theirs


class TestMasterCheck:
    @pytest.mark.parametrize("kind,lang", BOOKS, ids=[f"{k}-{lang}" for k, lang in BOOKS])
    def test_every_result_sheet_shows_the_master_check_beside_its_title(self, books, kind, lang):
        src, dst = books[(kind, lang)]
        n_inputs = len(CalamineWorkbook.from_path(str(src)).sheet_names)
        wb = openpyxl.load_workbook(dst)
        name = shared_sheet("checks", lang)
        assert wb.defined_names[MASTER_NAME].attr_text == f"{quote_sheet(name)}!$B$4"
        assert wb.defined_names["Checks_tolerance"].attr_text == f"{quote_sheet(name)}!$B$3"
        checks = wb[name]
        assert checks["B4"].value.startswith("=IF(COUNTIF($E$6:$E$")
        assert checks["B5"].value.startswith("value A") or checks["B5"].value.startswith("A 值")
        values = CalamineWorkbook.from_path(str(dst))
        for ws in wb.worksheets[n_inputs:]:
            if ws.title == name:
                continue
            row1 = [c for c in ws[1] if isinstance(c.value, str) and MASTER_NAME in c.value]
            assert len(row1) == 1, ws.title
            cell = row1[0]
            assert cell.column > 1 and ws.conditional_formatting, ws.title
            shown = values.get_sheet_by_name(ws.title).to_python()[0][cell.column - 1]
            assert shown == ("Checks: OK" if lang == "en" else "校验：全部通过")

    @pytest.mark.parametrize("kind,lang", BOOKS, ids=[f"{k}-{lang}" for k, lang in BOOKS])
    def test_shared_result_sheets_are_named_in_the_language_of_the_book(self, books, kind, lang):
        """Settings, Checks and Audit are 单位换算, 校验 and 审计 in a zh book; the input sheet Lists is 列表."""
        names = CalamineWorkbook.from_path(str(books[(kind, lang)][1])).sheet_names
        other = "en" if lang == "zh" else "zh"
        for sheet_id in SHARED_SHEETS:
            assert shared_sheet(sheet_id, lang) in names
            assert shared_sheet(sheet_id, other) not in names
        assert lists_sheet(lang) in names
        assert all(len(n) <= 31 for n in names)

    def test_master_check_never_cuts_a_title_a_sheet_wrote_itself(self, tmp_path):
        parsed = api.load(ROOT / "workbooks" / "vcs_synthetic_mines.xlsx")
        out = tmp_path / "own_title.xlsx"
        title = "A sheet that writes its own, rather long, title straight into A1"
        with ResultBook(out, parsed) as book:
            s = book.sheet("Own")
            s.ws.write_string(0, 0, title)
            book.checks([("1 = 1", "=1", 1.0, "=1", 1.0)])
        ws = openpyxl.load_workbook(out)["Own"]
        (cell,) = [c for c in ws[1] if isinstance(c.value, str) and MASTER_NAME in c.value]
        room = sum(column_widths(ws).get(c, 8.43) for c in range(1, cell.column))
        assert room >= text_width(title)

    def test_master_check_turns_fail_when_a_check_fails_in_libreoffice(self, zh_tmp):
        """Cached values claim every check passes; only a real recalculation finds that one fails."""
        if recalc.soffice() is None:
            pytest.fail("LibreOffice (soffice) is required")
        src = ROOT / "workbooks" / "esv_crdc_15_cities_zh.xlsx"
        parsed = api.load(src)
        out = zh_tmp / "故意失败.xlsx"
        with ResultBook(out, parsed, sentinel=True) as book:
            book.copy_inputs()
            s = book.sheet("Demo")
            s.title(("A result sheet", "结果表"))
            s.headers(3, [("value", "数值")])
            s.formula(4, 0, "=ESV_k*2", parsed.params["k"] * 2)
            # Passes: the parameter k read twice. Fails: k + 1 claimed equal to k.
            k = parsed.params["k"]
            book.checks([("k = k", "=ESV_k", k, "=Demo!A5/2", k), ("k + 1 = k", "=ESV_k+1", k, "=ESV_k", k)])
            book.audit()
        before = CalamineWorkbook.from_path(str(out))
        assert before.get_sheet_by_name("校验").to_python()[3][1] == "OK"  # what the cache claims
        (after,) = recalc.recalculate([out], zh_tmp / "recalculated")
        grid = {n: CalamineWorkbook.from_path(str(after)).get_sheet_by_name(n).to_python() for n in ("校验", "Demo")}
        _, bad = recalc.compare(out, after)
        assert any(m.sheet == "审计" and m.recalculated == 3 for m in bad), "LibreOffice did not recalculate"
        assert [r[4] for r in grid["校验"][5:7]] == ["OK", "不通过"]
        assert grid["校验"][3][1] == "不通过"
        assert "校验：未通过" in grid["Demo"][0]
        audit = CalamineWorkbook.from_path(str(after)).get_sheet_by_name("审计").to_python()[0]
        assert "校验：未通过" in audit


def column_widths(ws) -> dict[int, float]:
    """Width of every column given one (openpyxl keeps runs of equal columns as one range)."""
    out = {}
    for d in ws.column_dimensions.values():
        if d.customWidth and d.min:
            for c in range(d.min, d.max + 1):
                out[c] = d.width
    return out


class TestLayout:
    def test_wrapped_lines_count_cjk_characters_double(self):
        assert text_width("面积（亩）") == 10 and text_width("Area (mu)") == 9
        # 12 CJK characters = 24 units in a 14-wide column: room (14 − 1)/1.1 ≈ 11.8 → 3 lines.
        assert wrapped_lines("生态系统服务价值合计金额", 14) == 3
        # Words move to the next line whole: "Destroyed area of" | "excluded patches" | "(ha)".
        assert wrapped_lines("Destroyed area of excluded patches (ha)", 18) == 3
        assert wrapped_lines("Year", 8) == 1
        assert row_height([("Year", 8)]) == 15.0 + 2  # one line and a little padding
        assert row_height([("生态系统服务价值合计金额", 14)]) == 17.0 * 3 + 2

    @pytest.mark.parametrize("kind,lang", BOOKS, ids=[f"{k}-{lang}" for k, lang in BOOKS])
    def test_header_rows_are_tall_enough_and_sheets_print_landscape_with_repeated_headers(self, books, kind, lang):
        src, dst = books[(kind, lang)]
        n_inputs = len(CalamineWorkbook.from_path(str(src)).sheet_names)
        wb = openpyxl.load_workbook(dst)
        for ws in wb.worksheets[n_inputs:]:
            assert ws.page_setup.orientation == "landscape", ws.title
            if ws.title in CHART_SHEET:  # charts, one per page: no header row to repeat
                continue
            assert ws.print_title_rows, ws.title
            header = int(ws.print_title_rows.split(":")[0].lstrip("$"))
            widths = column_widths(ws)
            cells = [c for c in ws[header] if isinstance(c.value, str) and not c.value.startswith("=")]
            need = row_height((c.value, widths.get(c.column, 8.43)) for c in cells)
            assert ws.row_dimensions[header].height >= need - 0.5, (ws.title, header)
            width = sum(widths.get(c, 8.43) for c in range(1, ws.max_column + 1))
            fit = ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
            # openpyxl reads each width with Excel's padding (~0.7): compare away from the limits.
            if width <= 140:
                assert fit and ws.page_setup.fitToWidth in (1, None), ws.title
            elif 160 < width <= 290:
                assert fit and ws.page_setup.fitToWidth == 2, ws.title
            elif width > 330:
                assert not fit, ws.title
