"""The analyst's workbook: the worksheet functions beside the traced formulas of a ``fill`` result.

It is the ESV example (15 coal resource-depleted cities) filled as usual, plus a ``Functions``
sheet: for every region and year, each fill formula (Ea, ESV, non-market value V, ECPS, t, R)
stands beside the same quantity computed by an ``=ECO_...`` worksheet function from the same cells,
and a Δ column that must be 0. The fill cells are located through the declared outputs
(``ecoaccount.kinds.esv.OUTPUTS`` placed by ``Layout``), never by sheet names or column letters.
Two files: one for Excel (``=ECO_EA(...)``, through xlwings) and one
for LibreOffice Calc with the add-in (the same formulas under the add-in's programmatic names).
Every function cell carries the engine's value, so the file reads correctly before any
recalculation.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ecoaccount import api, udf
from ecoaccount.kinds import KINDS, esv
from ecoaccount.workbook.reader import Parsed
from ecoaccount.workbook.sheets import Layout
from ecoaccount.workbook.template import quote_sheet
from ecoaccount.workbook.writer import ResultBook

FILENAME = "esv_functions_beside_fill.xlsx"
CALC_FILENAME = "esv_functions_beside_fill_calc.xlsx"
SHEET = "Functions"
HEADERS = [
    "Region",
    "Year",
    "Ea (fill)",
    "ECO_EA",
    "Δ",
    "ESV (fill)",
    "ECO_ESV",
    "Δ",
    "V (fill)",
    "ECO_NONMARKET",
    "Δ",
    "ECPS (fill)",
    "ECO_ECPS",
    "Δ",
    "t (fill)",
    "ECO_T",
    "Δ",
    "R (fill)",
    "ECO_COMPENSATION",
    "Δ",
]
VC_COL = len(HEADERS) + 1  # the helper block: VC of each land class (ECO_VC)


def _source(folder: Path) -> Path:
    from ecoaccount.examples import EXAMPLES

    ex = next(e for e in EXAMPLES if e.filename == "esv_crdc_15_cities.xlsx")
    path = folder / ex.filename
    api.make_template(ex.kind, path, ex.lang, **ex.build(ex.lang))
    return path


def _table(book: CalamineWorkbook, layout: Layout, table_id: str) -> list[dict[str, Any]]:
    """The rows of a declared table of the filled book, as {column id: cached value}."""
    p = layout[table_id]
    grid = book.get_sheet_by_name(p.sheet_name).to_python(skip_empty_area=False)
    cols = {c.id: p.table.position(c.id) for c in p.table.columns}
    return [{c: r[j] for c, j in cols.items()} for r in grid[p.first : p.first + p.n]]


def _span(layout: Layout, table_id: str, i: int, a: str, b: str, absolute: bool = False) -> str:
    """Row ``i`` of a declared table from column ``a`` to ``b`` (``Summary!D5:N5``)."""
    p = layout[table_id]
    r = p.first + 1 + i
    d = "$" if absolute else ""
    return f"{quote_sheet(p.sheet_name)}!{d}{p.letter(a)}{d}{r}:{d}{p.letter(b)}{d}{r}"


def _block(table, rows: list[int], field: str) -> str:
    a, b = table.ref(field, rows[0]), table.ref(field, rows[-1])
    return f"{a}:{b.split('!')[1]}"


class _Sheet:
    """The Functions sheet of one result book; ``fn`` spells a function for Excel or Calc."""

    def __init__(self, book: ResultBook, prefix: str) -> None:
        self.out = book.sheet(SHEET)
        self.fmt = book.fmt
        self.prefix = prefix
        self.deltas: dict[int, list[float]] = {}
        # Δ is floating-point noise (about 1e-16 of the value): shown as such, in grey.
        self.delta_fmt = book.wb.add_format({"num_format": "0.0E+00", "font_color": "#7F7F7F"})

    def pair(self, r: int, c: int, fill_formula: str, fill_value: float, fn_formula: str, fn_value: Any) -> None:
        """fill's formula, the function beside it, and their difference Δ."""
        self.out.formula(r, c, fill_formula, fill_value, self.fmt.computed)
        self.out.formula(r, c + 1, fn_formula, fn_value, self.fmt.computed)
        a, b = xl_rowcol_to_cell(r, c), xl_rowcol_to_cell(r, c + 1)
        delta = fn_value - fill_value
        self.deltas.setdefault(c + 2, []).append(delta)
        self.out.formula(r, c + 2, f"={b}-{a}", delta, self.delta_fmt)

    def call(self, name: str, *args: str) -> str:
        return f"{self.prefix}{name}({','.join(args)})"


class _Result:
    """The declared tables of the filled ESV book: where each quantity is (``layout``) and its value."""

    def __init__(self, first: CalamineWorkbook, layout: Layout) -> None:
        self.layout = layout
        self.ea = _table(first, layout, "ea")
        self.summary = _table(first, layout, "summary")
        self.comp = _table(first, layout, "compensation")
        self.ea_row = {(str(r["region"]), r["year"]): i for i, r in enumerate(self.ea)}
        self.comp_row = {(str(r["region"]), r["year"]): i for i, r in enumerate(self.comp)}
        self.class_row = {r["class"]: i for i, r in enumerate(_table(first, layout, "class_factors"))}
        self.factors = {r["class"]: [r[s] for s in esv.S] for r in _table(first, layout, "class_factors")}

    def cell(self, table_id: str, column_id: str, i: int) -> str:
        return self.layout[table_id].cell(column_id, i)


def write_functions(book: ResultBook, first: CalamineWorkbook, layout: Layout, prefix: str = "") -> None:
    parsed = book.parsed
    s = _Sheet(book, prefix)
    out = s.out
    out.title(
        "Worksheet functions beside the traced formulas of this result",
        "Each ECO_ column computes with a worksheet function what the column to its left computes with fill's "
        "formula (Trace Precedents reaches the inputs); Δ = function − formula must be 0.",
    )
    widths = [16, 7] + [9 if h == "Δ" else 18 if h.startswith("ECO_") else 14 for h in HEADERS[2:]]
    out.headers(3, HEADERS, widths=widths)
    landuse = parsed.tables["landuse"]
    classes = [c for c in landuse.df.columns if c not in ("region", "year")]
    out.headers(3, [f"VC {c}" for c in classes], col0=VC_COL, widths=[20] * len(classes))
    res = _Result(first, layout)
    r = 4
    for i in range(len(res.summary)):
        _write_row(s, r, i, res, parsed, classes)
        r += 1
    out.ws.write_string(2, 3, "Σ|Δ| →", book.fmt.header)
    for c, deltas in s.deltas.items():
        col = xl_col_to_name(c)
        out.formula(2, c, f"=SUMPRODUCT(ABS({col}5:{col}{r}))", sum(abs(d) for d in deltas), s.delta_fmt)


def _write_row(s: _Sheet, r: int, i: int, res: _Result, parsed: Parsed, classes: list[str]) -> None:
    out, fn, pair = s.out, s.call, s.pair
    srow = res.summary[i]
    key = (str(srow["region"]), srow["year"])
    out.formula(r, 0, "=" + res.cell("summary", "region", i), srow["region"])
    out.formula(r, 1, "=" + res.cell("summary", "year", i), srow["year"])
    grain, g = parsed.tables["grain"], parsed.tables["grain"].df
    rows = [k for k in range(len(g)) if str(g["region"].iloc[k]) == key[0] and g["year"].iloc[k] == key[1]]
    ea = udf.ECO_EA([list(g["price"].iloc[rows])], [list(g["yield"].iloc[rows])], [list(g["sown_area"].iloc[rows])])
    ea_i = res.ea_row[key]
    ea_fn = fn("ECO_EA", _block(grain, rows, "price"), _block(grain, rows, "yield"), _block(grain, rows, "sown_area"))
    pair(r, 2, "=" + res.cell("ea", "ea", ea_i), res.ea[ea_i]["ea"], "=" + ea_fn, ea)
    # VC of each class from its factor row and this Ea (helper block), then ESV over the LandUse row.
    landuse = parsed.tables["landuse"]
    lu = landuse.df
    k = next(k for k in range(len(lu)) if str(lu["region"].iloc[k]) == key[0] and lu["year"].iloc[k] == key[1])
    vcs = []
    for j, c in enumerate(classes):
        vcs.append(udf.ECO_VC([res.factors[c]], ea))
        factors = _span(res.layout, "class_factors", res.class_row[c], esv.S[0], esv.S[-1], absolute=True)
        out.formula(r, VC_COL + j, "=" + fn("ECO_VC", factors, xl_rowcol_to_cell(r, 3)), vcs[-1], s.fmt.computed)
    areas = [float(lu[c].iloc[k]) for c in classes]
    vc_range = f"{xl_rowcol_to_cell(r, VC_COL)}:{xl_rowcol_to_cell(r, VC_COL + len(classes) - 1)}"
    extra = dict(landuse.extra)
    lu_range = f"{landuse.ref(extra[classes[0]], k)}:{landuse.ref(extra[classes[-1]], k).split('!')[1]}"
    p = parsed.params
    q = {"out": parsed.param_ref("out_unit")}
    esv_value = udf.ECO_CONVERT(udf.ECO_ESV([areas], [vcs]), "yuan", p["out_unit"])
    esv_fn = fn("ECO_CONVERT", fn("ECO_ESV", lu_range, vc_range), '"yuan"', q["out"])
    pair(r, 5, "=" + res.cell("summary", "total", i), srow["total"], "=" + esv_fn, esv_value)
    services = _span(res.layout, "summary", i, esv.S[0], esv.S[-1])
    nonmarket = udf.ECO_NONMARKET([[srow[c] for c in esv.S]])
    pair(
        r,
        8,
        "=" + res.cell("summary", "non_market", i),
        srow["non_market"],
        "=" + fn("ECO_NONMARKET", services),
        nonmarket,
    )
    ci = res.comp_row[key]
    crow = res.comp[ci]
    v_yuan = udf.ECO_CONVERT(crow["non_market"], p["out_unit"], "yuan")
    gdp_yuan = udf.ECO_CONVERT(crow["gdp"], p["out_unit"], "yuan")  # GDP is shown in the result money unit
    ecps = udf.ECO_ECPS(v_yuan, gdp_yuan, crow["area_ha"])
    v_cell, gdp_cell = res.cell("compensation", "non_market", ci), res.cell("compensation", "gdp", ci)
    ecps_fn = fn(
        "ECO_ECPS",
        fn("ECO_CONVERT", v_cell, q["out"], '"yuan"'),
        fn("ECO_CONVERT", gdp_cell, q["out"], '"yuan"'),
        res.cell("compensation", "area_ha", ci),
    )
    pair(r, 11, "=" + res.cell("compensation", "ecps", ci), crow["ecps"], "=" + ecps_fn, ecps)
    t_fn = fn("ECO_T", xl_rowcol_to_cell(r, 12))
    pair(r, 14, "=" + res.cell("compensation", "t", ci), crow["t"], "=" + t_fn, udf.ECO_T(ecps))
    r_fn = fn("ECO_COMPENSATION", v_cell, xl_rowcol_to_cell(r, 12), "ESV_k")
    r_value = udf.ECO_COMPENSATION(crow["non_market"], ecps, p["k"])
    pair(r, 17, "=" + res.cell("compensation", "r", ci), crow["r"], "=" + r_fn, r_value)


def build(folder: Path, sentinel: bool = False) -> list[Path]:
    """Write the Excel and the Calc file of the example into ``folder`` (``sentinel``: see ResultBook)."""
    from ecoaccount.udf.calc import CALC_PREFIX

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ecoaccount-udf-example-") as tmp:
        src = _source(Path(tmp))
        api.fill(src, Path(tmp) / "first.xlsx")
        first = CalamineWorkbook.from_path(str(Path(tmp) / "first.xlsx"))
        parsed = api.load(src)
        assert parsed.params["area_unit"] == "ha", "the ESV formula of the example takes areas in ha"
        frames = esv.result_frames(parsed)
        layout = Layout(esv.OUTPUTS, frames, parsed.tables, parsed.lang, esv.unit_choices(parsed))
        out = []
        for name, prefix in ((FILENAME, ""), (CALC_FILENAME, CALC_PREFIX)):
            path = folder / name
            with ResultBook(path, parsed, sentinel=sentinel) as book:
                book.copy_inputs()
                KINDS["esv"].write(book, parsed)
                write_functions(book, first, layout, prefix)
                book.audit()
            out.append(path)
    return out


if __name__ == "__main__":  # pragma: no cover
    import sys

    for p in build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("workbooks/functions")):
        print(p)
