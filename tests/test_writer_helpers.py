"""Per-cell helpers of the writers do their work once: sheet names quoted once per name, formats
made once per workbook, GEP's validation run once per file."""

from __future__ import annotations

import xlsxwriter

from ecoaccount import api
from ecoaccount.examples import gep_jinsha
from ecoaccount.methods import gep as gep_method
from ecoaccount.workbook.styles import Formats
from ecoaccount.workbook.template import quote_sheet


def test_quote_sheet():
    assert quote_sheet("Annual") == "Annual"
    assert quote_sheet("逐年数据") == "'逐年数据'"
    assert quote_sheet("Land use 2") == "'Land use 2'"
    assert quote_sheet("O'Brien") == "'O''Brien'"
    assert quote_sheet("Annual") is quote_sheet("Annual")


def test_formats_are_made_once_and_stored(tmp_path):
    wb = xlsxwriter.Workbook(str(tmp_path / "f.xlsx"))
    made = []
    add = wb.add_format
    wb.add_format = lambda props: made.append(props) or add(props)  # type: ignore[method-assign]
    fmt = Formats(wb)
    first = fmt.computed
    assert fmt.computed is first and "computed" in vars(fmt)
    assert fmt.header is not first
    assert made == [{"num_format": "#,##0.00"}, made[1]] and len(made) == 2
    try:
        fmt.no_such_format  # noqa: B018
    except AttributeError:
        pass
    else:
        raise AssertionError("an unknown format name must raise AttributeError")
    wb.close()


def test_gep_fill_validates_once(tmp_path, monkeypatch):
    src = api.make_template("gep", tmp_path / "gep.xlsx", "en", **gep_jinsha.template_kwargs("en"))
    calls = []
    real = gep_method.validate
    monkeypatch.setattr(gep_method, "validate", lambda *a, **k: calls.append(1) or real(*a, **k))
    api.fill(src, tmp_path / "gep_result.xlsx")
    assert len(calls) == 1


def _sheet_xml(path, worksheet_class) -> dict[str, bytes]:
    """Write one sheet of every kind of cell with ``worksheet_class``; return the sheet parts."""
    import datetime as dt
    import zipfile

    wb = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_formulas": False})
    bold, money, row_fmt, col_fmt = (wb.add_format(p) for p in ({"bold": 1}, {"num_format": "0.00"}, {"italic": 1}, {}))
    col_fmt.set_font_color("#FF0000")
    for name, table in (("Data", "tblData"), ("逐年数据", "tblYears"), ("Tall", "tblTall")):
        ws = wb.add_worksheet(name, worksheet_class=worksheet_class)
        ws.set_column(3, 4, 12, col_fmt)
        ws.set_row(2, 30, row_fmt)
        ws.set_row(40, 18)  # a row with attributes only
        ws.write_number(0, 0, 1056922.05683398, money)
        ws.write_string(0, 1, 'text & <tags> "quoted"', bold)
        ws.write_string(0, 2, "_x0041_ literal")
        ws.write_number(2, 3, 7)  # row format
        ws.write_number(3, 4, 8)  # column format
        ws.write_formula(1, 0, '=IF(A1<=2,"OK","FAIL")', bold, "OK")
        ws.write_formula(1, 1, "=A1&B1", None, "")
        ws.write_formula(1, 2, "=1/0", None, "#DIV/0!")
        ws.write_formula(1, 3, "=A1>1", None, True)
        ws.write_formula(1, 4, "=A1*2", money, 2113844.11366796)
        ws.write_formula(1, 5, "=A1", None, "a<b & c")
        ws.write_blank(5, 5, None, bold)
        ws.write_boolean(6, 0, False)
        ws.write_datetime(6, 1, dt.datetime(2026, 1, 1), money)
        ws.write_rich_string(6, 2, "plain ", bold, "bold")
        ws.write_array_formula(7, 0, 7, 0, "{=SUM(A1:A2*B1:B2)}", None, 3)
        for r in range(17, 60, 3):  # spans of several 16-row blocks
            ws.write_number(r, r % 7, r)
        heads = [{"header": h, "header_format": bold} for h in ("region", "年份", "area")]
        ws.add_table(
            69,
            0,
            400,
            2,
            {"name": table, "columns": heads, "style": "Table Style Light 9"},
        )
        ws.add_table(69, 4, 70, 5, {"columns": [{"header": "a"}, {"header": "b"}]})  # one data row
        ws.add_table("H70:I90", {"columns": [{"header": "x"}, {"header": "y"}], "autofilter": False})
        ws.conditional_format(1, 0, 1, 4, {"type": "formula", "criteria": '=NOT($A$2="OK")', "format": bold})
        ws.conditional_format(1, 0, 1, 4, {"type": "formula", "criteria": "=UNIQUE(A1:A2)", "format": bold})
        ws.data_validation(9, 0, 9, 0, {"validate": "list", "source": "=$A$1:$A$3"})
        if name == "逐年数据":
            ws.write_comment(0, 0, "a comment")  # written by XlsxWriter itself
        if name == "Tall":
            ws.set_default_row(24)  # every row written with its height
    wb.close()
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith(("xl/worksheets/sheet", "xl/tables/"))}


def test_fast_sheets_write_xlsxwriter_bytes(tmp_path):
    from xlsxwriter.worksheet import Worksheet

    from ecoaccount.workbook.rows import FastSheet

    ours = _sheet_xml(tmp_path / "fast.xlsx", FastSheet)
    theirs = _sheet_xml(tmp_path / "plain.xlsx", Worksheet)
    assert len(ours) == 12 and ours == theirs


def test_fill_restores_the_garbage_collector(tmp_path):
    import gc

    from ecoaccount.errors import InvalidWorkbookError

    before = gc.get_threshold()
    src = api.make_template("gep", tmp_path / "gep.xlsx", "en", **gep_jinsha.template_kwargs("en"))
    api.fill(src, tmp_path / "gep_result.xlsx")
    assert gc.get_threshold() == before
    empty = api.make_template("esv", tmp_path / "empty.xlsx", "zh")
    try:
        api.fill(empty, tmp_path / "empty_result.xlsx")
    except InvalidWorkbookError:
        pass
    else:
        raise AssertionError("an empty template is not a valid submission")
    assert gc.get_threshold() == before
