"""Each worksheet function gives the number of the corresponding cell of a ``fill`` result, on every
bundled example workbook (workbooks/*.xlsx, en and zh): inputs from the reader, outputs from the
result workbook's cached values (python-calamine), the functions called as Excel calls them (one
cell a number, a range a list of rows).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from ecoaccount import api, udf
from ecoaccount.kinds import KINDS, esv
from ecoaccount.outputs import header, shared_sheet
from ecoaccount.udf.registry import BY_NAME, FUNCTIONS
from ecoaccount.units import AREA_UNITS, MONEY_UNITS, factor
from ecoaccount.workbook.sheets import Layout

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "workbooks").glob("*.xlsx"))
REL = 1e-9


def close(a, b) -> bool:
    assert not isinstance(a, str), a
    return math.isclose(a, b, rel_tol=REL, abs_tol=1e-9)


def row(values) -> list[list]:
    return [list(values)]


class Result:
    """A filled example, its result cells located through the kind's output declarations."""

    def __init__(self, src: Path, out: Path):
        api.fill(src, out)
        self.parsed = api.load(src)
        self.book = CalamineWorkbook.from_path(str(out))
        self.kind = KINDS[self.parsed.spec.kind]
        self.compared: set[str] = set()  # the functions compared with a declared column
        if hasattr(self.kind, "OUTPUTS"):
            self.choices = self.kind.unit_choices(self.parsed)
            frames = self.kind.result_frames(self.parsed)
            self.layout = Layout(self.kind.OUTPUTS, frames, self.parsed.tables, self.parsed.lang, self.choices)

    def sheet(self, name: str) -> list[list]:
        return self.book.get_sheet_by_name(name).to_python(skip_empty_area=False)

    def shared(self, sheet_id: str) -> str:
        """The name of a shared result sheet (Settings, Checks, Audit) in the book's language."""
        return shared_sheet(sheet_id, self.parsed.lang)

    def factor(self, name: str) -> float:
        return next(r[2] for r in self.sheet(self.shared("settings"))[4:] if r[3] == name)

    def table(self, table_id: str) -> list[dict[str, Any]]:
        """The rows of a declared table as {column id: cached value}.

        The sheet is found by its declared name in the book's language, the header row by the
        layout, each column by its header rendered from the declaration (a book may leave out
        columns that the full declaration has, such as VCS without Events).
        """
        placed = self.layout[table_id]
        grid = self.sheet(placed.sheet_name)
        head = grid[placed.header_row]
        cols = {}
        for c in placed.table.columns:
            text = header(c, self.parsed.lang, self.choices)
            found = [j for j in range(placed.table.col0, len(head)) if head[j] == text]
            if found:
                cols[c.id] = found[0]
        return [{c: r[j] for c, j in cols.items()} for r in grid[placed.first : placed.first + placed.n]]

    def compare(self, name: str, value: Any, cell: Any, scale: float = 1.0) -> int:
        """The function's value (canonical units) against a result cell shown in units of ``scale``."""
        assert close(value, cell * scale), (name, value, cell * scale)
        self.compared.add(name)
        return 1


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.name)
def result(request, tmp_path_factory) -> Result:
    return Result(request.param, tmp_path_factory.mktemp("udf-fill") / request.param.name)


def test_every_example_is_covered():
    kinds = {api.load(p).spec.kind for p in EXAMPLES}
    assert kinds == {"esv", "gep", "vcs", "landuse"}


def check_esv(res: Result) -> int:
    grain = res.parsed.tables["grain"].df
    out_f, k, n = res.choices["money"].factor, res.parsed.params["k"], 0
    for r in res.table("ea"):
        g = grain[(grain["region"].astype(str) == str(r["region"])) & (grain["year"] == r["year"])]
        n += res.compare("ECO_EA", udf.ECO_EA(row(g["price"]), row(g["yield"]), row(g["sown_area"])), r["ea"])
    factors = {r["class"]: [r[s] for s in esv.S] for r in res.table("class_factors")}
    detail = res.table("esv")
    for r in detail:
        vc = udf.ECO_VC(row(factors[r["class"]]), r["ea"])
        n += res.compare("ECO_VC", vc, r["vc"])
        n += res.compare("ECO_ESV", udf.ECO_ESV(row([r["area_ha"]]), row([vc])), r["total"], out_f)
    for r in res.table("summary"):
        own = [d for d in detail if d["region"] == r["region"] and d["year"] == r["year"]]
        esv_value = udf.ECO_ESV(row(d["area_ha"] for d in own), row(d["vc"] for d in own))
        n += res.compare("ECO_ESV", esv_value, r["total"], out_f)
        n += res.compare("ECO_NONMARKET", udf.ECO_NONMARKET(row(r[s] for s in esv.S)), r["non_market"])
    for r in res.table("compensation"):
        ecps = udf.ECO_ECPS(r["non_market"] * out_f, r["gdp"] * out_f, r["area_ha"])
        n += res.compare("ECO_ECPS", ecps, r["ecps"])
        n += res.compare("ECO_T", udf.ECO_T(ecps), r["t"])
        n += res.compare("ECO_COMPENSATION", udf.ECO_COMPENSATION(r["non_market"], ecps, k), r["r"])
    return n


GEP_ROWS = {  # function -> (arguments: Quantities column ids (#) or parameter ids, quantity column)
    "ECO_GEP_WATER": (
        ["#area_ha", "precipitation", "#runoff_coefficient", "#evapotranspiration", "water_price"],
        "water_m3",
    ),
    "ECO_GEP_SOIL": (
        [
            "#area_ha",
            "rainfall_erosivity",
            "#rusle_k",
            "slope_length_gradient",
            "#rusle_c",
            "#rusle_p",
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
        "soil_retained_t",
    ),
    "ECO_GEP_AIR": (["#area_ha", "#so2_rate", "#nox_rate", "#dust_rate", "so2_cost", "nox_cost", "dust_cost"], None),
    "ECO_GEP_CARBON": (
        [
            "#area_ha",
            "#vegetation_carbon_rate",
            "#soil_carbon_coefficient",
            "#soil_carbon_rate",
            "carbon_to_co2",
            "carbon_price",
        ],
        "co2_t",
    ),
    "ECO_GEP_OXYGEN": (["#co2_t", "co2_to_o2", "oxygen_price"], "o2_t"),
    "ECO_GEP_CLIMATE": (["#area_ha", "#heat_absorbed", "ac_days", "ac_eer", "electricity_price"], "climate_kwh"),
    "ECO_GEP_LANDSCAPE": (
        ["#area_ha", "#landscape_equivalent", "grain_price", "grain_yield"],
        "landscape_equivalent_ha",
    ),
    "ECO_RUSLE": (
        ["#area_ha", "rainfall_erosivity", "#rusle_k", "slope_length_gradient", "#rusle_c", "#rusle_p"],
        None,
    ),
}


def check_gep(res: Result) -> int:
    out_f, params, n = res.choices["money"].factor, res.parsed.params, 0
    products = res.table("product_values")
    for r in products:
        n += res.compare(
            "ECO_GEP_AGRI", udf.ECO_GEP_AGRI(row([r["output_t"]]), row([r["price_yuan_per_t"]])), r["value"]
        )
    for r in res.table("quantities"):
        for name, (spec, quantity) in GEP_ROWS.items():
            args = [r[s[1:]] if s.startswith("#") else params[s] for s in spec]
            f, column = getattr(udf, name), BY_NAME[name].output.split(".")[-1]
            n += res.compare(name, f(*args), r[column], 1.0 if name == "ECO_RUSLE" else out_f)
            if quantity is not None:
                n += res.compare(name, f(*args, "quantity"), r[quantity])
        n += res.compare("ECO_GEP_AIR", udf.ECO_GEP_AIR(*args_air(r), 1, 1, 1, "so2"), r["so2_t"])
        own = [p for p in products if p["scenario"] == r["scenario"] and p["land_type"] == r["land_type"]]
        if own:
            agri = udf.ECO_GEP_AGRI(row(p["output_t"] for p in own), row(p["price_yuan_per_t"] for p in own))
            n += res.compare("ECO_GEP_AGRI", agri, r["crop_value"], out_f)
        else:
            assert r["crop_value"] == 0
    return n


def args_air(r: dict[str, Any]) -> list[float]:
    return [r["area_ha"], r["so2_rate"], r["nox_rate"], r["dust_rate"]]


def check_vcs(res: Result) -> int:
    p, n = res.parsed.params, 0
    mass = res.choices["mass"].factor
    py = res.table("patch_year")
    annual = res.parsed.tables["annual"].df
    mixed = "npp_b" in annual.columns and annual["npp_b"].notna().any()
    for r in py:
        if mixed:
            a = annual[(annual["patch"] == r["patch"]) & (annual["year"] == r["year"])].iloc[0]
            npp_a = udf.ECO_NPP_SCALED(a["npp_b"], a["npp_bg"], a["s"], a["s_veg"])
        else:  # NPP typed for the vegetated part: eq. 1 with the whole pixel vegetated
            npp_a = udf.ECO_NPP_SCALED(r["npp_a"], 0, 1, 1)
        n += res.compare("ECO_NPP_SCALED", npp_a, r["npp_a"])
        vcs_value = udf.ECO_VCS(r["npp_a"], p["npp_to_organic_matter"], p["organic_matter_to_co2"])
        n += res.compare("ECO_VCS", vcs_value, r["vcs"])
    for b in res.table("baseline"):
        rows = [r for r in py if r["mine"] == b["mine"] and r["patch"] == b["patch"]]
        if b["has_line"] == 1:
            fit = [r for r in rows if b["fit_from"] <= r["year"] <= b["fit_to"]]
            for r in rows:
                if r["baseline"] != "":
                    line = udf.ECO_BASELINE(row(x["year"] for x in fit), row(x["vcs"] for x in fit), r["year"])
                    n += res.compare("ECO_BASELINE", line, r["baseline"])
        vcsd = udf.ECO_VCSD(*(row(r[c] for r in rows) for c in ("year", "npp_a", "destroyed", "restored")))
        if b["included"] == 1:
            n += res.compare("ECO_VCSD", vcsd, b["vcsd"], mass)
        else:
            assert vcsd.startswith("#ECO! the baseline needs at least two years")
    return n


def check_landuse(res: Result) -> int:
    """Land use is not declared as outputs yet: its Matrix sheet is located by name (the one fallback)."""
    t = res.parsed.tables["transitions"].df
    settings = res.sheet(res.shared("settings"))
    area_f = res.factor("LU_area_factor") if any(r[3] == "LU_area_factor" for r in settings) else 1.0
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
    for r in res.sheet(res.shared("settings"))[4:]:
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
    # every function that mirrors a declared column of this kind was compared with that column
    mirrors = {f.name for f in FUNCTIONS if f.output and f.output.split(".")[0] == kind}
    assert mirrors <= result.compared, sorted(mirrors - result.compared)


def _content(path: Path) -> dict[str, list]:
    import openpyxl

    formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    values = CalamineWorkbook.from_path(str(path))
    out = {}
    for name in values.sheet_names:
        out[name] = (
            [[c.value for c in r] for r in formulas[name].iter_rows()],
            values.get_sheet_by_name(name).to_python(skip_empty_area=False),
        )
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
