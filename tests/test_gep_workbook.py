"""The GEP template end to end: template → filled → check → fill → read back, the paper-001 case
read from its result workbook, bad inputs, LibreOffice agreement.

Paper: 001_cf6a641da64b4c83.txt (Xu, Wang et al. 2026), Tables 1-6; formulas of Table 3.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from conftest import RefusalChecks, result_sheet
from python_calamine import CalamineWorkbook

from ecoaccount import api, cli
from ecoaccount.examples import EXAMPLES, gep_jinsha
from ecoaccount.kinds import gep as kind
from ecoaccount.methods import gep as method

ROOT = Path(__file__).resolve().parents[1]

# Project of 2 ha: all mining land before, 1.5 ha forest + 0.5 ha mining land after.
LAND_USE = [
    ["before", "P1", "mining land", 2.0],
    ["after", "P1", "forest land", 1.5],
    ["after", "P2", "mining land", 0.5],
]
PARAMS = {
    "project_name": "Test mine",
    "county": "Test county",
    "project_area": 2.0,
    "out_unit": "yuan",
    "precipitation": 1000.0,
    "water_price": 2.0,
    "carbon_price": 400.0,
    "ac_days": 100.0,
    "grain_price": 2000.0,
    "grain_yield": 5.0,
}


def coefficients(lang: str = "en", **overrides: float) -> list[list]:
    """Shipped coefficient sets; forest runoff coefficient 0.1 and ET 500 mm (must be supplied); a zh
    template names the sets in Chinese, as its land-type mapping does."""
    glob, sets = method.default_parameters()
    over = {("forest", "runoff_coefficient"): 0.1, ("forest", "evapotranspiration"): 500.0}
    over.update({tuple(k.split(":")): v for k, v in overrides.items()})
    return kind.coefficient_rows(method.with_overrides(glob, sets, None, over)[1], lang)


def make(
    path: Path,
    lang: str = "en",
    land_use=None,
    params=None,
    products=(),
    sets=None,
    land_types=None,
) -> Path:
    data = {
        "land_use": LAND_USE if land_use is None else land_use,
        "products": list(products),
        "coefficient_sets": coefficients(lang) if sets is None else sets,
    }
    if land_types is not None:
        data["land_types"] = land_types
    api.make_template("gep", path, lang, data=data, params={**PARAMS, **(params or {})})
    return path


def grid(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def quantities(path: Path) -> dict[tuple, dict]:
    """Quantities sheet rows keyed by (scenario, land type), each a dict header -> value."""
    g = grid(path, "Quantities")
    head = g[3]
    return {(r[0], r[1]): dict(zip(head, r, strict=True)) for r in g[4:] if r[0] != ""}


def tables(path: Path, sheet: str) -> list[list[dict]]:
    """The blocks of rows of a declared result sheet (header on row 4, blocks apart by blank
    rows), each row a dict header -> value."""
    out, head = [], None
    for r in grid(path, sheet)[3:]:
        if r[0] in ("", None):
            head = None
        elif head is None:
            head = [h for h in r if h != ""]
            out.append([])
        else:
            out[-1].append(dict(zip(head, r, strict=False)))
    return out


def by_scenario(path: Path, block: int = 1, sheet: str = "Indicators") -> dict:
    """Rows of a block of the Indicators sheet keyed by scenario (0: totals, 1: components)."""
    return {r["Scenario"]: r for r in tables(path, sheet)[block]}


def by_land_type(path: Path, sheet: str = "LandTypeGEP", block: int = 0) -> dict[tuple, dict]:
    return {(r["Scenario"], r["Land type"]): r for r in tables(path, sheet)[block]}


def make_products_only(path: Path) -> Path:
    """Dry land named only by a product row (4 t × 2500 yuan/t after restoration), not in LandUse."""
    return make(
        path,
        products=[["after", "dry land", "maize", 4.0, 2500.0]],
        sets=coefficients(**{"dry_land:runoff_coefficient": 0.2, "dry_land:evapotranspiration": 600.0}),
    )


class TestRoundTrip:
    def test_hand_worked_forest_on_a_chinese_path(self, zh_tmp):
        src = make(zh_tmp / "输入.xlsx")
        assert api.check(src) == []
        out = zh_tmp / "结果.xlsx"
        api.fill(src, out)
        row = quantities(out)[("after", "forest land")]
        assert row["Area (ha)"] == 1.5
        # water: 1.5 ha·1e4·(1000 − 0.1·1000 − 500) mm·1e-3 = 6000 m³ × 2 yuan/m³ = 12,000 yuan
        assert row["Water conserved (m³/a)"] == pytest.approx(6000.0)
        assert row["Water conservation value (yuan/a)"] == pytest.approx(12000.0)
        # soil: 5823.42·0.0336·11.23·(1 − 0.001·1)·1.5 = 3292.713124 t
        assert row["Soil retained Q = R·K·LS·(1 − C·P)·A (t/a)"] == pytest.approx(3292.713124, abs=1e-6)
        # CO2: 1.5·1.17·(1 + 0.76)·44/12 = 11.3256 t; O2 = 3.0888·32/12 = 8.2368 t × 1000 yuan/t
        assert row["CO2 fixed (t/a)"] == pytest.approx(11.3256)
        assert row["Oxygen release value (yuan/a)"] == pytest.approx(8236.8)
        # climate: 81,100·1.5·100/(3600·3) = 1126.388889 kWh; SO2: 0.036·1.5 = 0.054 t × 1200
        assert row["Electricity saved heat·A·d/(3600·EER) (kWh/a)"] == pytest.approx(1126.388889, abs=1e-6)
        assert row["SO2 value (yuan/a)"] == pytest.approx(64.8)
        # landscape: 0.82·1.5·(1/7)·2000 yuan/t·5 t/ha = 1757.142857 yuan
        assert row["Landscape value (yuan/a)"] == pytest.approx(12300 / 7)
        gep = sum(
            row[h]
            for h in row
            if h.endswith("value (yuan/a)")
            and h.split(" ")[0] in ("Agricultural", "Water", "Soil", "Air", "Carbon", "Oxygen", "Climate", "Landscape")
        )
        assert row["GEP value (yuan/a)"] == pytest.approx(gep)

    def test_land_without_service_shows_its_zero_rows(self, tmp_path):
        src = make(tmp_path / "in.xlsx")
        out = tmp_path / "out.xlsx"
        api.fill(src, out)
        q = quantities(out)
        for key in (("before", "mining land"), ("after", "mining land")):
            values = [v for h, v in q[key].items() if h.endswith("(yuan/a)") or h.endswith("(t/a)")]
            assert values and all(v == 0 for v in values), key
        lt = by_land_type(out)
        # a full grid: forest land has a row of area 0 before restoration
        assert list(lt) == [(s, t) for s in ("before", "after") for t in ("mining land", "forest land")]
        # before: GEP 0 everywhere -> share 0, no rank; after: forest ranks 1, mining land none
        head = ["Area (ha)", "GEP (yuan/a)", "Share of the scenario's GEP", "Rank"]
        assert [lt[("before", "mining land")][h] for h in head] == [2.0, 0.0, 0.0, ""]
        assert [lt[("after", "mining land")][h] for h in head] == [0.5, 0.0, 0.0, ""]
        assert lt[("after", "forest land")]["Rank"] == 1
        # Table 4 rate of change from a zero baseline is empty, not an error
        change = tables(out, "Change")
        assert change[0][0]["Δ% Water conservation"] == ""
        assert change[1][0]["Δ% Water conservation value"] == ""
        assert change[0][0]["Δ Water conservation (yuan/a)"] == pytest.approx(12000.0)

    def test_result_carries_inputs_at_same_addresses(self, tmp_path):
        src = make(tmp_path / "in.xlsx")
        out = tmp_path / "out.xlsx"
        api.fill(src, out)
        for sheet in ("LandUse", "Products", "LandTypes", "Coefficients", "Parameters"):
            assert grid(out, sheet)[:40] == grid(src, sheet)[:40]
        names = CalamineWorkbook.from_path(str(out)).sheet_names
        assert names == [
            *CalamineWorkbook.from_path(str(src)).sheet_names,
            "Settings",
            "ProductValues",
            "Quantities",
            "Indicators",
            "Change",
            "Composition",
            "LandTypeGEP",
            "Charts",
            "Checks",
            "Audit",
        ]

    def test_every_result_cell_is_a_formula_and_parameters_are_names(self, tmp_path):
        src = make(tmp_path / "in.xlsx")
        out = tmp_path / "out.xlsx"
        api.fill(src, out)
        wb = openpyxl.load_workbook(out)
        assert wb.defined_names["GEP_precipitation"].attr_text == "Parameters!$C$13"
        assert wb.defined_names["GEP_project_area"].attr_text == "Parameters!$C$8"
        q = wb["Quantities"]
        assert q["D5"].value == "=MATCH(C5,Coefficients!$A$5:$A$10,0)"
        assert q["F5"].value == "=INDEX(Coefficients!$B$5:$B$10,D5)"
        assert q["W5"].value == "=E5*10000*V5*0.001"
        assert q["Y5"].value == "=GEP_rainfall_erosivity*F5*GEP_slope_length_gradient*(1-G5*H5)*E5"
        sheets = ("ProductValues", "Quantities", "Indicators", "Change", "Composition", "LandTypeGEP")
        for name in sheets:
            ws, data = wb[name], 0
            for row in ws.iter_rows(min_row=5):
                if not str(row[0].value or "").startswith("="):  # a header row or a blank row
                    continue
                data += 1
                for c in row:
                    if c.value is not None:
                        assert isinstance(c.value, str) and c.value.startswith("="), (
                            name,
                            c.coordinate,
                        )
            assert data or name == "ProductValues", name

    def test_checks_all_ok(self, tmp_path):
        src = make(tmp_path / "in.xlsx")
        out = tmp_path / "out.xlsx"
        api.fill(src, out)
        status = [r[4] for r in grid(out, result_sheet(out, "checks"))[5:] if r and r[0]]
        assert len(status) == 12 and set(status) == {"OK"}

    def test_zh_template_reads_the_same(self, tmp_path):
        en = make(tmp_path / "en.xlsx")
        zh = make(
            tmp_path / "zh.xlsx",
            lang="zh",
            land_use=[
                ["修复前", "P1", "采矿用地", 2.0],
                ["修复后", "P1", "林地", 1.5],
                ["修复后", "P2", "采矿用地", 0.5],
            ],
            params={"baseline_scenario": "修复前", "target_scenario": "修复后"},
        )
        api.fill(en, tmp_path / "en_out.xlsx")
        api.fill(zh, tmp_path / "zh_out.xlsx")
        for en_sheet, zh_sheet in (
            ("Indicators", "分指标核算"),
            ("Change", "情景变化"),
            ("LandTypeGEP", "分地类GEP"),
        ):
            a = grid(tmp_path / "en_out.xlsx", en_sheet)
            b = grid(tmp_path / "zh_out.xlsx", zh_sheet)
            numbers = [[x for x in r if isinstance(x, float)] for r in a[4:]]
            assert numbers == [[x for x in r if isinstance(x, float)] for r in b[4:]], en_sheet
        zh = tables(tmp_path / "zh_out.xlsx", "分指标核算")[0]
        assert [r["情景"] for r in zh] == ["修复前", "修复后"]
        en = by_scenario(tmp_path / "en_out.xlsx", 0)["after"]
        assert zh[1]["GEP（元/年）"] == en["GEP (yuan/a)"]

    def test_zh_result_sheets_speak_chinese(self, tmp_path):
        """Names, titles, notes and headers of the declared sheets of a zh book: no English words
        (symbols such as GEP, EER, NOx, SO2 and the units' letters excepted)."""
        src = make(
            tmp_path / "zh.xlsx",
            lang="zh",
            land_use=[
                ["修复前", "P1", "采矿用地", 2.0],
                ["修复后", "P1", "林地", 1.5],
                ["修复后", "P2", "采矿用地", 0.5],
            ],
            params={"baseline_scenario": "修复前", "target_scenario": "修复后", "out_unit": "1e4 yuan"},
        )
        out = tmp_path / "zh_out.xlsx"
        api.fill(src, out)
        names = CalamineWorkbook.from_path(str(out)).sheet_names
        declared = [s.zh for s in kind.OUTPUTS.sheets]
        assert [n for n in names if n in declared] == declared
        # Journal names in citations stay as published ("Xu 等 2026，Global NEST J.").
        allowed = {"GEP", "EER", "FCSR", "NOx", "Global", "NEST"}
        for name in declared:
            g = grid(out, name)
            heads = [r for k, r in enumerate(g) if k >= 3 and g[k - 1][0] in ("", None) and r[0]]
            texts = [g[0][0], g[1][0]] + [str(h) for r in heads for h in r if h]
            words = {w for t in texts for w in re.findall(r"[A-Za-z]{3,}", str(t))} - allowed
            assert not words, (name, words)
        assert "分指标、情景的 GEP——对应论文表4（万元/年）" == grid(out, "分指标核算")[0][0]

    def test_area_unit_mu_converts_to_hectares(self, tmp_path):
        ha = make(tmp_path / "ha.xlsx")
        mu = make(
            tmp_path / "mu.xlsx",
            land_use=[[s, p, t, a * 15] for s, p, t, a in LAND_USE],
            params={"area_unit": "mu", "project_area": 30.0, "area_tolerance": 0.15},
        )
        api.fill(ha, tmp_path / "ha_out.xlsx")
        api.fill(mu, tmp_path / "mu_out.xlsx")
        for sheet in ("Indicators", "Change", "Composition", "LandTypeGEP"):
            a, b = grid(tmp_path / "ha_out.xlsx", sheet), grid(tmp_path / "mu_out.xlsx", sheet)
            for ra, rb in zip(a[4:], b[4:], strict=True):
                assert [x for x in rb if isinstance(x, float)] == pytest.approx([x for x in ra if isinstance(x, float)])

    def test_further_scenarios_products_and_year_names(self, tmp_path):
        land = LAND_USE + [[2030, "P1", "forest land", 1.2], [2030, "P2", "dry land", 0.8]]
        src = make(
            tmp_path / "in.xlsx",
            land_use=land,
            products=[
                [2030, "dry land", "maize", 4.0, 2500.0],
                [2030, "dry land", "rape", 1.0, 5000.0],
            ],
            sets=coefficients(**{"dry_land:runoff_coefficient": 0.2, "dry_land:evapotranspiration": 600.0}),
        )
        out = tmp_path / "out.xlsx"
        summary = api.fill(src, out)
        assert summary["scenarios"] == ["before", "after", "2030"]
        change = tables(out, "Change")[0]
        assert [(r["Baseline"], r["Scenario"]) for r in change] == [
            ("before", "after"),
            ("before", 2030),
        ]
        scen = by_scenario(out)
        assert list(scen) == ["before", "after", 2030]  # the typed number, referred to by formula
        # 4 t × 2500 + 1 t × 5000 = 15,000 yuan on dry land in 2030
        crops = scen[2030]
        assert crops["Crop output (t/a)"] == 5.0
        assert crops["Agricultural products value (yuan/a)"] == 15000.0
        assert change[1]["Δ Agricultural products (yuan/a)"] == 15000.0
        # every scenario has a row for every land type (area 0 where it has none)
        assert len(by_land_type(out)) == 3 * 3

    def test_land_type_named_only_in_products(self, tmp_path):
        src = make_products_only(tmp_path / "in.xlsx")
        out = tmp_path / "out.xlsx"
        api.fill(src, out)
        q = openpyxl.load_workbook(out)["Quantities"]
        # every scenario gets a dry-land row; its key refers to the Products row that names it
        keys = [q[f"B{r}"].value for r in (5, 6, 7)]
        assert keys == ["=LandUse!C5", "=LandUse!C6", "=Products!B5"]
        row = quantities(out)[("after", "dry land")]
        assert row["Area (ha)"] == 0 and row["Agricultural products value (yuan/a)"] == 10000.0
        assert by_scenario(out, 0)["after"]["Agricultural products (yuan/a)"] == 10000.0

    def test_empty_template_lists_what_is_missing(self, tmp_path):
        path = api.make_template("gep", tmp_path / "t.xlsx", "en")
        problems = [str(p) for p in api.check(path)]
        assert "Parameters!C8: Project area is empty; expected a value" in problems
        assert len([p for p in problems if "must be supplied" in p]) == 6
        assert any(p.startswith("LandUse!A4: Scenario 'after' has no land-use area") for p in problems)


# --- paper 001 (Jinsha County), read back from the example's result workbook ---------------------


@pytest.fixture(scope="module")
def jinsha(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("金沙")
    src = folder / "gep_jinsha_county.xlsx"
    api.make_template("gep", src, "en", **gep_jinsha.template_kwargs("en"))
    out = folder / "result.xlsx"
    api.fill(src, out)
    return out


class TestJinshaPaper001:
    def test_soil_retention_after(self, jinsha):
        # 74,788 + 139,693 + 4,462 = 218,943 t/a; Table 4 prints 218,953 (0.005 %)
        q = by_scenario(jinsha)["after"]["Soil retained; sediment reduction (t/a)"]
        assert q == pytest.approx(218943.15, abs=0.01)
        assert abs(q - 218953) / 218953 < 1e-4

    def test_co2_fixed_before_and_after(self, jinsha):
        co2 = {s: r["CO2 fixed (t/a)"] for s, r in by_scenario(jinsha).items()}
        # after: tC = 1.17·34.07·1.76 + 0.02·1.88 + 0.047·41.42 = 72.141284; × 44/12 = 264.518
        assert co2["after"] == pytest.approx(72.141284 * 44 / 12)
        assert co2["after"] == pytest.approx(264.80, rel=2e-3)  # the paper multiplies by 3.67
        assert co2["before"] == pytest.approx(19.62, rel=2e-3)  # 19.65

    def test_oxygen_released_and_its_value(self, jinsha):
        scen = by_scenario(jinsha)
        after, before = scen["after"], scen["before"]
        o2, value = "O2 released (t/a)", "Oxygen release value (1e4 yuan/a)"
        # 264.518 × 32/44 = 192.3768 t (paper 192.60); × 1000 yuan/t = 19.24 ×10⁴ yuan (paper 19.26)
        assert after[o2] == pytest.approx(192.3768, abs=1e-4)
        assert after[o2] == pytest.approx(192.60, rel=2e-3)
        assert after[value] == pytest.approx(19.26, rel=2e-3)
        assert before[o2] == pytest.approx(14.27, rel=2e-3) and round(before[value], 2) == 1.43

    def test_landscape_once_grain_price_times_yield_is_supplied(self, jinsha):
        # P_a·P_b = 10,942 yuan/ha: forest 0.82·34.07/7·10942 = 4.37 (paper 4.35), dry land
        # 0.39 (0.41), grassland 0.16 (0.16) ×10⁴ yuan; total 4.92 (Table 4)
        head = "Landscape value (1e4 yuan/a)"
        co = by_land_type(jinsha, "Composition")
        rows = {t: r[head] for (s, t), r in co.items() if s == "after"}
        before = {t: r[head] for (s, t), r in co.items() if s == "before"}
        assert rows["forest land"] == pytest.approx(4.35, rel=0.01)
        assert rows["dry land"] == pytest.approx(0.41, rel=0.06)
        assert rows["grassland"] == pytest.approx(0.16, rel=0.03)
        assert rows["mining land"] == 0 and before["construction land"] == 0
        assert sum(rows.values()) == pytest.approx(4.92, abs=1e-9)

    def test_workbook_equals_the_method(self, jinsha):
        totals = gep_jinsha.calculate().totals.set_index("scenario")["value_yuan"] / 1e4
        gep = {s: r["GEP (1e4 yuan/a)"] for s, r in by_scenario(jinsha, 0).items()}
        assert [gep["before"], gep["after"]] == pytest.approx([totals["before"], totals["after"]], rel=1e-12)
        change = tables(jinsha, "Change")[0][0]
        assert change["Δ GEP (1e4 yuan/a)"] == pytest.approx(totals["after"] - totals["before"], rel=1e-12)

    def test_stated_parameters_are_used_as_stated(self, jinsha):
        params = {r[0]: r[2] for r in grid(jinsha, "Parameters")[4:] if r[0]}
        stated = {
            "precipitation": 1126.71,
            "rainfall_erosivity": 5823.42,
            "slope_length_gradient": 11.23,
            "dredging_cost": 18.24,
            "soil_n_content": 1.53,
            "soil_p_content": 0.72,
            "n_fertiliser_factor": 2.17,
            "p_fertiliser_factor": 5.56,
            "n_fertiliser_price": 1500,
            "p_fertiliser_price": 900,
            "so2_cost": 1200,
            "nox_cost": 630,
            "dust_cost": 150,
            "oxygen_price": 1000,
            "ac_eer": 3.0,
            "electricity_price": 0.45,
            "project_area": 77.37,
        }
        assert {k: params[k] for k in stated} == stated
        sets = {r[0]: r for r in grid(jinsha, "Coefficients")[4:] if r[0]}
        assert sets["forest"][1:4] == [0.0336, 0.001, 1]  # K, C, P (Table 3)
        assert sets["dry_land"][1:4] == [0.0544, 0.13, 0.4]

    def test_notes_sheet_lists_every_difference_with_its_cause(self, jinsha):
        notes = {r[0]: r[1] for r in grid(jinsha, "Notes")[2:] if r[0]}
        for figure, paper, computed, why in gep_jinsha.NOTES:
            assert notes[figure] == f"paper: {paper} | from the stated parameters: {computed} | {why}"
        assert "ASSUMPTION" in notes["Assumption: carbon_price"]


# --- bad input ---------------------------------------------------------------------------


class TestBadInput(RefusalChecks):
    def test_missing_required_site_parameter(self, tmp_path):
        src = make(tmp_path / "x.xlsx", params={"precipitation": None})
        assert self.problems(src) == [
            "Parameters!C13: Parameter 'precipitation' (annual precipitation P, mm/a) is empty; "
            "expected a value (must be supplied: local meteorological station (paper 001 site: "
            "1126.71 mm/a))"
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_areas_not_adding_up_to_the_project_area(self, tmp_path):
        land = [
            LAND_USE[0],
            ["after", "P1", "forest land", 1.5],
            ["after", "P2", "mining land", 0.4],
        ]
        src = make(tmp_path / "x.xlsx", land_use=land)
        assert self.problems(src) == [
            "LandUse!D6: Land-use areas of scenario 'after' add up to 1.9 ha; expected 2 ha (the "
            "project area, Parameters!C8) within 0.01 ha"
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_negative_and_text_values(self, tmp_path):
        land = [
            ["before", "P1", "mining land", 2.0],
            ["before", "P2", "dry land", -1.0],
            ["after", "P1", "forest land", 1.5],
            ["after", "P2", "mining land", "lots"],
        ]
        src = make(tmp_path / "x.xlsx", land_use=land, params={"carbon_price": "cheap"})
        assert self.problems(src) == [
            "LandUse!D6: Area is -1; expected a value of 0 or more",
            "LandUse!D8: Value 'lots' could not be interpreted as a number; expected a number in ha",
            "Parameters!C31: Value 'cheap' could not be interpreted as a number; expected a number in yuan/t CO2",
        ]
        self.assert_nothing_written(src, tmp_path)

    @pytest.mark.parametrize(
        ("column", "cell", "name", "value"),
        [("rusle_c", "C5", "C", 1.3), ("rusle_p", "D5", "P", -0.2)],
    )
    def test_c_or_p_factor_outside_unit_interval(self, tmp_path, column, cell, name, value):
        src = make(tmp_path / "x.xlsx", sets=coefficients(**{f"forest:{column}": value}))
        assert self.problems(src) == [
            f"Coefficients!{cell}: {name} factor is {value} for coefficient set 'forest'; "
            "expected a value between 0 and 1"
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_unknown_land_type(self, tmp_path):
        land = [LAND_USE[0], ["after", "P1", "orchard", 1.5], LAND_USE[2]]
        src = make(tmp_path / "x.xlsx", land_use=land)
        problems = self.problems(src)
        assert problems == [
            "LandUse!C6: Land type 'orchard' is not in the land-type mapping; expected one of "
            "mining land, dry land, forest land, grassland, construction land, "
            "paddy, irrigated land, shrubland, other forest land, other grassland, "
            "water, river, pond, bare land, industrial land, rural residential land, "
            "road land (or add it to the mapping with a coefficient set)"
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_own_land_type_with_its_own_coefficient_set_is_accepted(self, tmp_path):
        land = [LAND_USE[0], ["after", "P1", "orchard", 1.5], LAND_USE[2]]
        mapping = kind.land_type_rows() + [["orchard", "果园", "forest"]]
        src = make(tmp_path / "x.xlsx", land_use=land, land_types=mapping)
        assert self.problems(src) == []

    def test_empty_after_scenario(self, tmp_path):
        src = make(tmp_path / "x.xlsx", land_use=[LAND_USE[0], ["after", "P1", "forest land", None]])
        assert self.problems(src) == [
            "LandUse!A4: Scenario 'after' has no land-use area; expected rows with a positive "
            "area for each of before, after",
            "LandUse!D6: Area is empty; expected a value",
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_used_coefficient_set_with_empty_values(self, tmp_path):
        src = make(tmp_path / "x.xlsx", sets=coefficients(**{"forest:runoff_coefficient": float("nan")}))
        assert self.problems(src) == [
            "Coefficients!E5: Parameter 'runoff_coefficient' (surface runoff coefficient, -) is "
            "empty for coefficient set 'forest'; expected a value (must be supplied: NDRC/NBS "
            "Ecosystem Product Value Accounting Specifications (Trial) 2022 recommended "
            "coefficient (paper 001 does not print it))"
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_wildcards_in_names_and_same_scenarios(self, tmp_path):
        land = [LAND_USE[0], ["after", "P1", "forest*", 1.5], LAND_USE[2]]
        src = make(tmp_path / "x.xlsx", land_use=land, params={"target_scenario": "Before"})
        problems = self.problems(src)
        assert (
            "LandUse!C6: Land type 'forest*' starts with = < > or contains * ? ~; expected a "
            "plain name (these characters act as operators or wildcards in the result "
            "formulas)" in problems
        )
        assert (
            "Parameters!C11: Target scenario 'before' is the baseline scenario too; expected two "
            "different scenario names (e.g. before and after)" in problems
        )
        self.assert_nothing_written(src, tmp_path)

    def test_cli_check_exits_2_and_fill_writes_nothing(self, tmp_path, capsys):
        src = make(tmp_path / "x.xlsx", params={"grain_yield": None})
        assert cli.main(["check", str(src)]) == 2
        assert "Parameters!C37: Parameter 'grain_yield'" in capsys.readouterr().out
        assert cli.main(["fill", str(src), "-o", str(tmp_path / "o.xlsx")]) == 2
        assert not (tmp_path / "o.xlsx").exists()


class TestCommittedFiles:
    def test_gep_templates_match_generated(self, tmp_path):
        for lang in ("en", "zh"):
            p = api.make_template("gep", tmp_path / f"gep_{lang}.xlsx", lang)
            assert p.read_bytes() == (ROOT / "templates" / p.name).read_bytes(), p.name

    def test_gep_examples_match_generated(self, tmp_path):
        for ex in (e for e in EXAMPLES if e.kind == "gep"):
            p = api.make_template("gep", tmp_path / ex.filename, ex.lang, **ex.build(ex.lang))
            assert p.read_bytes() == (ROOT / "workbooks" / ex.filename).read_bytes(), ex.filename


class TestLibreOffice:
    def test_results_agree_with_libreoffice(self, tmp_path, libreoffice_agrees):
        outs = []
        for ex in (e for e in EXAMPLES if e.kind == "gep"):
            src = tmp_path / ex.filename
            api.make_template(ex.kind, src, ex.lang, **ex.build(ex.lang))
            out = tmp_path / f"{src.stem}_result.xlsx"
            api.fill(src, out, sentinel=True)
            outs.append(out)
        land = [[s, p, t, a * 15] for s, p, t, a in LAND_USE] + [
            [2030, "P1", "forest land", 18.0],
            [2030, "P2", "dry land", 12.0],
        ]
        small = make(
            tmp_path / "small.xlsx",
            land_use=land,
            params={"area_unit": "mu", "project_area": 30.0, "out_unit": "1e8 yuan"},
            products=[[2030, "dry land", "maize", 4.0, 2500.0]],
            sets=coefficients(**{"dry_land:runoff_coefficient": 0.2, "dry_land:evapotranspiration": 600.0}),
        )
        api.fill(small, tmp_path / "small_result.xlsx", sentinel=True)
        outs.append(tmp_path / "small_result.xlsx")
        only = make_products_only(tmp_path / "products_only.xlsx")
        api.fill(only, tmp_path / "products_only_result.xlsx", sentinel=True)
        outs.append(tmp_path / "products_only_result.xlsx")
        assert libreoffice_agrees(*outs) > 2000
