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
