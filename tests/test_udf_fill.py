"""Each worksheet function gives the number of the corresponding cell of a ``fill`` result, on every
bundled example workbook (workbooks/*.xlsx, en and zh): inputs from the reader, outputs from the
result workbook's cached values (python-calamine), the functions called as Excel calls them (one
cell a number, a range a list of rows).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from ecoaccount import api, udf
from ecoaccount.units import AREA_UNITS, MONEY_UNITS, factor

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "workbooks").glob("*.xlsx"))
REL = 1e-9


def close(a, b) -> bool:
    assert not isinstance(a, str), a
    return math.isclose(a, b, rel_tol=REL, abs_tol=1e-9)


def row(values) -> list[list]:
    return [list(values)]


class Result:
    def __init__(self, src: Path, out: Path):
        api.fill(src, out)
        self.parsed = api.load(src)
        self.book = CalamineWorkbook.from_path(str(out))

    def sheet(self, name: str) -> list[list]:
        return self.book.get_sheet_by_name(name).to_python(skip_empty_area=False)

    def rows(self, name: str, first: int = 4) -> list[list]:
        return [r for r in self.sheet(name)[first:] if r and r[0] != ""]

    def factor(self, name: str) -> float:
        return next(r[2] for r in self.sheet("Settings")[4:] if r[3] == name)


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.name)
def result(request, tmp_path_factory) -> Result:
    return Result(request.param, tmp_path_factory.mktemp("udf-fill") / request.param.name)


def test_every_example_is_covered():
    kinds = {api.load(p).spec.kind for p in EXAMPLES}
    assert kinds == {"esv", "gep", "vcs", "landuse"}


def check_esv(res: Result) -> int:
    grain = res.parsed.tables["grain"].df
    out_f, gdp_f, k = res.factor("ESV_out_factor"), res.factor("ESV_gdp_factor"), res.parsed.params["k"]
    n = 0
    for r in res.sheet("Ea")[4:]:
        if r[5] == "":
            break
        g = grain[(grain["region"].astype(str) == str(r[5])) & (grain["year"] == r[6])]
        assert close(udf.ECO_EA(row(g["price"]), row(g["yield"]), row(g["sown_area"])), r[9])
        n += 1
    cf = res.sheet("ClassFactors")
    second = max(i for i, r in enumerate(cf) if r[0] != "" and r[2] == "" and i > 4)  # the per-class block
    start = next(i for i in range(5, second + 1) if cf[i][0] != "" and cf[i][2] == "" and cf[i - 1][0] != "")
    factors = {r[0]: r[3:14] for r in cf[start : second + 1]}
    for r in res.rows("ESV"):
        vc = udf.ECO_VC(row(factors[r[2]]), r[4])
        assert close(udf.ECO_ESV(row([r[3]]), row([vc])) / out_f, r[16])
        n += 1
    for r in res.rows("Summary"):
        assert close(udf.ECO_NONMARKET(row(r[3:14])), r[20])
        n += 1
    for r in res.rows("Compensation"):
        ecps = udf.ECO_ECPS(r[3] * out_f, r[5] * gdp_f, r[2])
        assert close(ecps, r[7]) and close(udf.ECO_T(r[7]), r[8]) and close(udf.ECO_COMPENSATION(r[3], r[7], k), r[9])
        n += 3
    return n


GEP_ROWS = {  # function -> (argument columns of Quantities or parameter ids, quantity column, value column)
    "ECO_GEP_WATER": (["#4", "precipitation", "#8", "#9", "water_price"], 22, 23),
    "ECO_GEP_SOIL": (
        [
            "#4",
            "rainfall_erosivity",
            "#5",
            "slope_length_gradient",
            "#6",
            "#7",
            "sediment_coefficient",
            "soil_bulk_density",
            "dredging_cost",
            "soil_n_content",
            "soil_p_content",
            "n_fertiliser_factor",
            "p_fertiliser_factor",
            "n_fertiliser_price",
            "p_fertiliser_price",
        ],
        24,
        31,
    ),
    "ECO_GEP_AIR": (["#4", "#10", "#11", "#12", "so2_cost", "nox_cost", "dust_cost"], None, 38),
    "ECO_GEP_CARBON": (["#4", "#13", "#14", "#15", "carbon_to_co2", "carbon_price"], 40, 41),
    "ECO_GEP_OXYGEN": (["#40", "co2_to_o2", "oxygen_price"], 42, 43),
    "ECO_GEP_CLIMATE": (["#4", "#16", "ac_days", "ac_eer", "electricity_price"], 44, 45),
    "ECO_GEP_LANDSCAPE": (["#4", "#17", "grain_price", "grain_yield"], 46, 47),
    "ECO_RUSLE": (["#4", "rainfall_erosivity", "#5", "slope_length_gradient", "#6", "#7"], 24, None),
}


def check_gep(res: Result) -> int:
    out_f, params, n = res.factor("GEP_out_factor"), res.parsed.params, 0
    for r in res.rows("Quantities"):
        for name, (spec, qcol, vcol) in GEP_ROWS.items():
            args = [r[int(s[1:])] if s.startswith("#") else params[s] for s in spec]
            f = getattr(udf, name)
            if name == "ECO_RUSLE":
                assert close(f(*args), r[qcol])
                n += 1
                continue
            if qcol is not None:
                assert close(f(*args, "quantity"), r[qcol]), name
            assert close(f(*args) / out_f, r[vcol]), name
            n += 2
        assert close(udf.ECO_GEP_AIR(r[4], r[10], r[11], r[12], 1, 1, 1, "so2"), r[32])
    for r in res.rows("ProductValues"):
        assert close(udf.ECO_GEP_AGRI(row([r[3]]), row([r[4]])), r[5])
        n += 1
    return n


def check_vcs(res: Result) -> int:
    p, n = res.parsed.params, 0
    py = res.rows("PatchYear")
    mass = res.factor("VCS_mass_factor")
    for r in py:
        assert close(udf.ECO_VCS(r[3], p["npp_to_organic_matter"], p["organic_matter_to_co2"]), r[4])
        n += 1
    for b in res.rows("Baseline"):
        rows = [r for r in py if r[0] == b[0] and r[1] == b[1]]
        if b[10] == 1:
            fit = [r for r in rows if b[11] <= r[2] <= b[12]]
            for r in rows:
                if r[11] != "":
                    assert close(udf.ECO_BASELINE(row(x[2] for x in fit), row(x[4] for x in fit), r[2]), r[11])
                    n += 1
        vcsd = udf.ECO_VCSD(
            row(r[2] for r in rows), row(r[3] for r in rows), row(r[5] for r in rows), row(r[6] for r in rows)
        )
        if b[15] == 1:
            assert close(vcsd, b[22] * mass)
            n += 1
        else:
            assert vcsd.startswith("#ECO! the baseline needs at least two years")
    return n


def check_landuse(res: Result) -> int:
    t = res.parsed.tables["transitions"].df
    area_f = res.factor("LU_area_factor") if any(r[3] == "LU_area_factor" for r in res.sheet("Settings")) else 1.0
    m = udf.ECO_TRANSFER_MATRIX(
        [[v] for v in t["from_class"]], [[v] for v in t["to_class"]], [[v * area_f] for v in t["area"]]
    )
    sheet = res.sheet("Matrix")
    head = next(i for i, r in enumerate(sheet) if r[1] == m[0][1] or r[0] in ("from \\ to",))
    cols = {str(c): j for j, c in enumerate(sheet[head]) if c != ""}
    classes = m[0][1:-2]
    body = {str(r[0]): r for r in sheet[head + 1 : head + 1 + len(classes)]}
    n = 0
    for line in m[1 : 1 + len(classes)]:
        for c, v in zip(classes, line[1:-2], strict=True):
            assert close(v, body[line[0]][cols[c]])
            n += 1
        assert close(line[-2], body[line[0]][1 + len(classes)])  # row total = area at the start
    total = sheet[head + 1 + len(body)]
    for c, v in zip(classes, m[1 + len(classes)][1:-2], strict=True):
        assert close(v, total[cols[c]])
        n += 1
    return n


def check_units(res: Result) -> int:
    n = 0
    for r in res.sheet("Settings")[4:]:
        for table, base in ((AREA_UNITS, "ha"), (MONEY_UNITS, "yuan")):
            if r[1] in [c for c, *_ in table]:
                assert close(udf.ECO_CONVERT(1, r[1], base), r[2])
                assert close(r[2], factor(r[1], table, "hectare" if base == "ha" else "yuan"))
                n += 1
    return n


def test_functions_agree_with_the_fill_result(result):
    kind = result.parsed.spec.kind
    n = {"esv": check_esv, "gep": check_gep, "vcs": check_vcs, "landuse": check_landuse}[kind](result)
    n += check_units(result)
    assert n >= {"esv": 300, "gep": 50, "vcs": 40, "landuse": 100}[kind]


def _content(path: Path) -> dict[str, list]:
    import openpyxl

    formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    values = CalamineWorkbook.from_path(str(path))
    out = {}
    for name in values.sheet_names:
        out[name] = [
            [c.value for c in r] for r in formulas[name].iter_rows()
        ], values.get_sheet_by_name(name).to_python(skip_empty_area=False)
    formulas.close()
    return out


def test_committed_function_examples_are_what_the_code_writes(tmp_path):
    from ecoaccount.examples import udf_functions

    for p in udf_functions.build(tmp_path):
        committed = ROOT / "workbooks" / "functions" / p.name
        fresh, old = _content(p), _content(committed)
        fresh["Audit"] = old["Audit"] = None  # input file name and hash of the temporary source differ
        assert fresh == old, p.name


def test_function_example_shows_zero_differences():
    from ecoaccount.examples import udf_functions

    book = CalamineWorkbook.from_path(str(ROOT / "workbooks" / "functions" / udf_functions.FILENAME))
    grid = book.get_sheet_by_name(udf_functions.SHEET).to_python()
    rows = [r for r in grid[4:] if r[0] != ""]
    assert len(rows) == 45
    for r in rows:
        for c in (2, 5, 8, 11, 14, 17):
            assert math.isclose(r[c + 1], r[c], rel_tol=1e-12)
