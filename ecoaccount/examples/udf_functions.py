"""The analyst's workbook: the worksheet functions beside the traced formulas of a ``fill`` result.

It is the ESV example (15 coal resource-depleted cities) filled as usual, plus a ``Functions``
sheet: for every region and year, each fill formula (Ea, ESV, non-market value V, ECPS, t, R)
stands beside the same quantity computed by an ``=ECO_...`` worksheet function from the same cells,
and a Δ column that must be 0. Two files: one for Excel (``=ECO_EA(...)``, through xlwings) and one
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
from ecoaccount.kinds import KINDS
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


def _rows(book: CalamineWorkbook, sheet: str) -> list[list[Any]]:
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


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


def write_functions(book: ResultBook, first: CalamineWorkbook, prefix: str = "") -> None:
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
    grain, landuse = parsed.tables["grain"], parsed.tables["landuse"]
    classes = [c for c in landuse.df.columns if c not in ("region", "year")]
    out.headers(3, [f"VC {c}" for c in classes], col0=VC_COL, widths=[20] * len(classes))
    ea_rows = {(str(r[5]), r[6]): i for i, r in enumerate(_rows(first, "Ea")) if i >= 4 and r[5] != ""}
    cf = _rows(first, "ClassFactors")
    cf_row = {r[0]: i for i, r in enumerate(cf) if i > 4 and r[0] in classes and r[2] == ""}
    comp = {(str(r[0]), r[1]): i for i, r in enumerate(_rows(first, "Compensation")) if i >= 4 and r[0] != ""}
    summary = _rows(first, "Summary")
    q = {"out": parsed.param_ref("out_unit"), "gdp": parsed.param_ref("gdp_unit")}
    p = parsed.params
    r = 4
    for i, srow in enumerate(summary[4:], start=4):
        if srow[0] == "":
            break
        key = (str(srow[0]), srow[1])
        _write_row(s, r, i, key, srow, first, grain, landuse, classes, ea_rows[key], cf, cf_row, comp[key], q, p)
        r += 1
    out.ws.write_string(2, 3, "Σ|Δ| →", book.fmt.header)
    for c, deltas in s.deltas.items():
        col = xl_col_to_name(c)
        out.formula(2, c, f"=SUMPRODUCT(ABS({col}5:{col}{r}))", sum(abs(d) for d in deltas), s.delta_fmt)


def _write_row(s: _Sheet, r, i, key, srow, first, grain, landuse, classes, ea_i, cf, cf_row, ci, q, p) -> None:
    out, fn = s.out, s.call
    ea_sheet, comp = _rows(first, "Ea"), _rows(first, "Compensation")
    out.formula(r, 0, f"=Summary!A{i + 1}", key[0])
    out.formula(r, 1, f"=Summary!B{i + 1}", key[1])
    g = grain.df
    rows = [k for k in range(len(g)) if str(g["region"].iloc[k]) == key[0] and g["year"].iloc[k] == key[1]]
    ea = udf.ECO_EA([list(g["price"].iloc[rows])], [list(g["yield"].iloc[rows])], [list(g["sown_area"].iloc[rows])])
    pair = s.pair
    pair(
        r,
        2,
        f"=Ea!J{ea_i + 1}",
        ea_sheet[ea_i][9],
        "="
        + fn("ECO_EA", _block(grain, rows, "price"), _block(grain, rows, "yield"), _block(grain, rows, "sown_area")),
        ea,
    )
    # VC of each class from its factor row and this Ea (helper block), then ESV over the LandUse row.
    lu = landuse.df
    k = next(k for k in range(len(lu)) if str(lu["region"].iloc[k]) == key[0] and lu["year"].iloc[k] == key[1])
    vcs = []
    for j, c in enumerate(classes):
        factors = cf[cf_row[c]][3:14]
        vcs.append(udf.ECO_VC([factors], ea))
        out.formula(
            r,
            VC_COL + j,
            "=" + fn("ECO_VC", f"ClassFactors!$D${cf_row[c] + 1}:$N${cf_row[c] + 1}", xl_rowcol_to_cell(r, 3)),
            vcs[-1],
            s.fmt.computed,
        )
    areas = [float(lu[c].iloc[k]) for c in classes]
    vc_range = f"{xl_rowcol_to_cell(r, VC_COL)}:{xl_rowcol_to_cell(r, VC_COL + len(classes) - 1)}"
    extra = dict(landuse.extra)
    lu_range = f"{landuse.ref(extra[classes[0]], k)}:{landuse.ref(extra[classes[-1]], k).split('!')[1]}"
    esv = udf.ECO_CONVERT(udf.ECO_ESV([areas], [vcs]), "yuan", p["out_unit"])
    pair(
        r,
        5,
        f"=Summary!S{i + 1}",
        srow[18],
        "=" + fn("ECO_CONVERT", fn("ECO_ESV", lu_range, vc_range), '"yuan"', q["out"]),
        esv,
    )
    pair(
        r,
        8,
        f"=Summary!U{i + 1}",
        srow[20],
        "=" + fn("ECO_NONMARKET", f"Summary!D{i + 1}:N{i + 1}"),
        udf.ECO_NONMARKET([srow[3:14]]),
    )
    crow = comp[ci]
    v_yuan = udf.ECO_CONVERT(crow[3], p["out_unit"], "yuan")
    gdp_yuan = udf.ECO_CONVERT(crow[5], p["gdp_unit"], "yuan")
    ecps = udf.ECO_ECPS(v_yuan, gdp_yuan, crow[2])
    c1 = ci + 1
    pair(
        r,
        11,
        f"=Compensation!H{c1}",
        crow[7],
        "="
        + fn(
            "ECO_ECPS",
            fn("ECO_CONVERT", f"Compensation!D{c1}", q["out"], '"yuan"'),
            fn("ECO_CONVERT", f"Compensation!F{c1}", q["gdp"], '"yuan"'),
            f"Compensation!C{c1}",
        ),
        ecps,
    )
    pair(r, 14, f"=Compensation!I{c1}", crow[8], "=" + fn("ECO_T", xl_rowcol_to_cell(r, 12)), udf.ECO_T(ecps))
    pair(
        r,
        17,
        f"=Compensation!J{c1}",
        crow[9],
        "=" + fn("ECO_COMPENSATION", f"Compensation!D{c1}", xl_rowcol_to_cell(r, 12), "ESV_k"),
        udf.ECO_COMPENSATION(crow[3], ecps, p["k"]),
    )


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
        out = []
        for name, prefix in ((FILENAME, ""), (CALC_FILENAME, CALC_PREFIX)):
            path = folder / name
            with ResultBook(path, parsed, sentinel=sentinel) as book:
                book.copy_inputs()
                KINDS["esv"].write(book, parsed)
                write_functions(book, first, prefix)
                book.audit()
            out.append(path)
    return out


if __name__ == "__main__":  # pragma: no cover
    import sys

    for p in build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("workbooks/functions")):
        print(p)
