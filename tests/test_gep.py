"""GEP of a restoration project (ecoaccount.methods.gep).

Paper: 001_cf6a641da64b4c83.txt (Xu, Wang et al. 2026), Tables 1-6; formulas of Table 3.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import english

from ecoaccount.errors import InputError
from ecoaccount.examples import gep_jinsha
from ecoaccount.methods import gep
from ecoaccount.problems import RowProblem

# --- indicator formulas, hand-worked ---------------------------------------------------------


class TestIndicatorFormulas:
    def test_agricultural_products_is_output_times_price(self):
        out = gep.agricultural_products([2.0, 0.5], [1500.0, 4000.0])
        # 2 t × 1500 = 3000 yuan; 0.5 t × 4000 = 2000 yuan
        assert out["crop_value"].tolist() == [3000.0, 2000.0]

    def test_water_conservation_balance(self):
        out = gep.water_conservation(2.0, 1000.0, 0.1, 600.0, 2.0).iloc[0]
        # R = 1000·0.1 = 100 mm; P − R − ET = 300 mm; Q = 2 ha·1e4 m²/ha·300 mm·1e-3 = 6000 m³
        assert out["runoff_mm"] == pytest.approx(100.0)
        assert out["net_water_mm"] == pytest.approx(300.0)
        assert out["water_m3"] == pytest.approx(6000.0)
        assert out["water_value"] == pytest.approx(12000.0)  # × 2 yuan/m³

    def test_soil_retention_rusle_sediment_and_nutrients(self):
        out = gep.soil_retention(
            1.0, 1000.0, 0.05, 2.0, 0.5, 0.4, 0.25, 1.25, 10.0, 2.0, 1.0, 2.0, 5.0, 1000.0, 500.0
        ).iloc[0]
        # Q = 1000·0.05·2·(1 − 0.5·0.4)·1 ha = 80 t
        assert out["soil_retained_t"] == pytest.approx(80.0)
        # sediment: 0.25·80/1.25 = 16 m³ × 10 yuan/m³ = 160 yuan
        assert out["sediment_m3"] == pytest.approx(16.0)
        assert out["sediment_value"] == pytest.approx(160.0)
        # N: 80 t·2 g/kg·1e-3·2 = 0.32 t fertiliser × 1000 = 320 yuan
        assert out["n_fertiliser_t"] == pytest.approx(0.32)
        assert out["n_value"] == pytest.approx(320.0)
        # P: 80·1e-3·5 = 0.4 t × 500 = 200 yuan; total 160 + 320 + 200 = 680
        assert out["p_value"] == pytest.approx(200.0)
        assert out["soil_value"] == pytest.approx(680.0)

    def test_air_purification_rates_times_area_times_cost(self):
        out = gep.air_purification(10.0, 0.01, 0.02, 0.1, 1000.0, 500.0, 100.0).iloc[0]
        # SO2 0.1 t × 1000 = 100; NOx 0.2 t × 500 = 100; dust 1 t × 100 = 100 -> 300 yuan
        assert (out["so2_t"], out["nox_t"], out["dust_t"]) == pytest.approx((0.1, 0.2, 1.0))
        assert out["air_value"] == pytest.approx(300.0)

    def test_carbon_fixation_forest_soil_coefficient(self):
        out = gep.carbon_fixation(2.0, 1.0, 0.5, 0.1, 44 / 12, 100.0).iloc[0]
        # 2 ha·(1·(1 + 0.5) + 0.1) = 3.2 tC; × 44/12 = 11.7333 t CO2; × 100 = 1173.33 yuan
        assert out["carbon_t"] == pytest.approx(3.2)
        assert out["co2_t"] == pytest.approx(3.2 * 44 / 12)
        assert out["co2_value"] == pytest.approx(1173.3333333)

    def test_oxygen_release_is_32_44_of_co2(self):
        out = gep.oxygen_release(44.0, 32 / 44, 1000.0).iloc[0]
        # 44 t CO2 × 32/44 = 32 t O2 × 1000 yuan/t = 32,000 yuan
        assert out["o2_t"] == pytest.approx(32.0)
        assert out["o2_value"] == pytest.approx(32000.0)

    def test_climate_regulation_heat_to_kwh(self):
        out = gep.climate_regulation(2.0, 3600.0, 10.0, 2.0, 0.5).iloc[0]
        # 3600 kJ/(ha·d)·2 ha·10 d / (3600·2) = 10 kWh × 0.5 yuan = 5 yuan
        assert out["climate_kwh"] == pytest.approx(10.0)
        assert out["climate_value"] == pytest.approx(5.0)

    def test_landscape_equivalent_factor(self):
        out = gep.landscape(7.0, 0.5, 2000.0, 3.0).iloc[0]
        # 0.5·7 ha = 3.5 ha-equivalent; × 1/7 × 2000 yuan/t × 3 t/ha = 3000 yuan
        assert out["landscape_equivalent_ha"] == pytest.approx(3.5)
        assert out["landscape_value"] == pytest.approx(3000.0)


# --- tables ----------------------------------------------------------------------------------


def _tiny():
    """Two scenarios, 10 ha: before 9 ha mining + 1 ha forest, after 10 ha forest."""
    land_use = pd.DataFrame(
        {
            "scenario": ["before", "before", "after"],
            "land_type": ["mining land", "forest land", "forest land"],
            "area_ha": [9.0, 1.0, 10.0],
        }
    )
    glob, sets = gep.default_parameters()
    glob, sets = gep.with_overrides(
        glob,
        sets,
        {
            "precipitation": 1000.0,
            "water_price": 1.0,
            "carbon_price": 100.0,
            "ac_days": 10.0,
            "grain_price": 2000.0,
            "grain_yield": 3.5,
        },
        {("forest", "runoff_coefficient"): 0.1, ("forest", "evapotranspiration"): 500.0},
    )
    return land_use, gep.default_land_types(), glob, sets


class TestTables:
    def test_land_without_service_gives_explicit_zeros(self):
        land_use, mapping, glob, sets = _tiny()
        long = gep.calculate(land_use, mapping, glob, sets).indicators
        mining = long[long["land_type"] == "mining land"]
        assert len(mining) == len(gep.COMPONENTS)  # one row per component, none dropped
        assert (mining["value_yuan"] == 0).all() and (mining["quantity"] == 0).all()

    def test_water_conservation_of_one_forest_hectare(self):
        land_use, mapping, glob, sets = _tiny()
        land = gep.calculate(land_use, mapping, glob, sets).land
        row = land[(land["scenario"] == "before") & (land["land_type"] == "forest land")].iloc[0]
        # 1 ha·1e4·(1000 − 100 − 500) mm·1e-3 = 4000 m³ × 1 yuan/m³
        assert row["water_m3"] == pytest.approx(4000.0)
        assert row["gep_value"] == pytest.approx(sum(row[c[4]] for c in gep.COMPONENTS))

    def test_gep_by_land_type_share_and_rank(self):
        land_use, mapping, glob, sets = _tiny()
        t6 = gep.calculate(land_use, mapping, glob, sets).by_land_type
        before = t6[t6["scenario"] == "before"].set_index("land_type")
        assert before.loc["forest land", "share"] == pytest.approx(1.0)
        assert before.loc["forest land", "rank"] == 1
        assert before.loc["mining land", "value_yuan"] == 0
        assert pd.isna(before.loc["mining land", "rank"])  # no rank for zero GEP ("/")

    def test_rank_ties_share_the_smaller_rank(self):
        long = pd.DataFrame(
            {
                "scenario": ["s"] * 3,
                "land_type": ["a", "b", "c"],
                "coefficient_set": ["x"] * 3,
                "area_ha": [1.0] * 3,
                "value_yuan": [5.0, 9.0, 5.0],
            }
        )
        t6 = gep.gep_by_land_type(long)
        # 9 -> 1; the two 5s -> 1 + 1 = 2 each (1 + COUNTIFS(value > v))
        assert t6["rank"].tolist() == [2, 1, 2]
        assert t6["share"].tolist() == pytest.approx([5 / 19, 9 / 19, 5 / 19])

    def test_scenario_change_with_zero_baseline(self):
        table = pd.DataFrame(
            {
                "scenario": ["before", "before", "after", "after"],
                "indicator": ["a", "b", "a", "b"],
                "value_yuan": [10.0, 0.0, 15.0, 4.0],
            }
        )
        out = gep.scenario_change(table, "before", "after", ["indicator"])
        # a: 10 -> 15, change 5, rate 0.5; b: 0 -> 4, change 4, rate undefined (NaN)
        assert out["change"].tolist() == [5.0, 4.0]
        assert out["change_rate"].iloc[0] == pytest.approx(0.5)
        assert math.isnan(out["change_rate"].iloc[1])

    def test_zero_gep_scenario_has_zero_shares(self):
        long = pd.DataFrame(
            {
                "scenario": ["s"],
                "land_type": ["mining land"],
                "coefficient_set": ["none"],
                "area_ha": [1.0],
                "value_yuan": [0.0],
            }
        )
        assert gep.gep_by_land_type(long)["share"].tolist() == [0.0]

    def test_service_groups_follow_table5_and_can_follow_table4(self):
        land_use, mapping, glob, sets = _tiny()
        land = gep.ecosystem_quantities(land_use, mapping, glob, sets)
        default = gep.indicator_table(land)
        assert set(default.loc[default["indicator"] == "water_conservation", "service_group"]) == {"regulating"}
        table4 = gep.indicator_table(land, {"water_conservation": "provisioning"})
        assert set(table4.loc[table4["indicator"] == "water_conservation", "service_group"]) == {"provisioning"}

    def test_chinese_land_type_names_and_scenario_specific_set(self):
        land_use, mapping, glob, sets = _tiny()
        land_use["land_type"] = ["采矿用地", "林地", "林地"]
        # before restoration: forest with a different K through its own coefficient set
        glob, sets = gep.with_overrides(glob, sets, None, {("forest_before", "rusle_k"): 0.0})
        row = sets["coefficient_set"] == "forest_before"
        for col in sets.columns.drop(["coefficient_set", "rusle_k"]):
            sets.loc[row, col] = sets.loc[sets["coefficient_set"] == "forest", col].iloc[0]
        mapping = pd.concat(
            [
                mapping,
                pd.DataFrame(
                    {
                        "land_type": ["forest land"],
                        "land_type_zh": ["林地"],
                        "coefficient_set": ["forest_before"],
                        "scenario": ["before"],
                    }
                ),
            ],
            ignore_index=True,
        )
        land = gep.calculate(land_use, mapping, glob, sets).land
        assert land["coefficient_set"].tolist() == ["none", "forest_before", "forest"]
        assert land["soil_retained_t"].iloc[1] == 0.0
        assert land["soil_retained_t"].iloc[2] > 0.0


# --- paper 001 reproductions (001_cf6a641da64b4c83.txt, Table 4) -------------------------------


@pytest.fixture(scope="module")
def jinsha():
    return gep_jinsha.calculate()


def _total(result, scenario, component):
    t = result.by_indicator
    return t[(t["scenario"] == scenario) & (t["component"] == component)].iloc[0]


class TestJinshaPaper001:
    def test_soil_retention_after_matches_table4(self, jinsha):
        # 74,788 + 139,693 + 4,462 = 218,943 t/a; Table 4 prints 218,953 (0.005 %)
        q = _total(jinsha, "after", "sediment_reduction")["quantity"]
        assert q == pytest.approx(218943.15, abs=0.01)
        assert abs(q - 218953) / 218953 < 1e-4

    def test_soil_retention_before_uses_after_k(self, jinsha):
        # The paper's before K values are not printed: 11,480 t/a vs its 11,529 (0.4 %)
        q = _total(jinsha, "before", "sediment_reduction")["quantity"]
        assert q == pytest.approx(11479.66, abs=0.01)

    def test_co2_fixed_after_and_before(self, jinsha):
        # tC = 1.17·34.07·1.76 + 0.02·1.88 + 0.047·41.42 = 72.1413; × 44/12 = 264.518
        after = _total(jinsha, "after", "co2")["quantity"]
        assert after == pytest.approx(72.141284 * 44 / 12)
        assert after == pytest.approx(264.80, rel=2e-3)  # paper rounds 44/12 to 3.67
        before = _total(jinsha, "before", "co2")["quantity"]
        assert before == pytest.approx(19.62, rel=2e-3)  # 19.65

    def test_co2_with_the_papers_rounded_factor(self):
        glob, sets = gep_jinsha.parameters()
        glob["carbon_to_co2"] = 3.67
        r = gep.calculate(gep_jinsha.land_use(), gep_jinsha.land_types(), glob, sets, gep_jinsha.products())
        # 72.1413 × 3.67 = 264.759 ≈ 264.80; O2 = 264.759 × 32/44 = 192.552 ≈ 192.60;
        # value 192.552 t × 1000 yuan/t = 19.26 ×10⁴ yuan
        assert _total(r, "after", "co2")["quantity"] == pytest.approx(264.80, rel=2e-4)
        o2 = _total(r, "after", "o2")
        assert o2["quantity"] == pytest.approx(192.60, rel=3e-4)
        assert round(o2["value_yuan"] / 1e4, 2) == 19.26

    def test_oxygen_release_after(self, jinsha):
        o2 = _total(jinsha, "after", "o2")
        # 264.518 × 32/44 = 192.377 t (paper 192.60, from 3.67); value 19.24 ×10⁴ (paper 19.26)
        assert o2["quantity"] == pytest.approx(192.3768, abs=1e-4)
        assert o2["quantity"] == pytest.approx(192.60, rel=2e-3)
        assert o2["value_yuan"] / 1e4 == pytest.approx(19.26, rel=2e-3)

    def test_landscape_once_grain_price_times_yield_is_supplied(self, jinsha):
        # P_a·P_b = 10,942 yuan/ha (implied by the Table 4 total): forest 0.82·34.07/7·10942 =
        # 4.37 (paper 4.35), dry land 0.39 (0.41), grassland 0.16 (0.16) ×10⁴ yuan
        t5 = jinsha.by_indicator_land_type
        got = (
            t5[(t5["scenario"] == "after") & (t5["indicator"] == "landscape")].set_index("land_type")["value_yuan"]
            / 1e4
        )
        assert got["forest land"] == pytest.approx(4.35, rel=0.01)
        assert got["dry land"] == pytest.approx(0.41, rel=0.06)
        assert got["grassland"] == pytest.approx(0.16, rel=0.03)
        assert got.sum() == pytest.approx(4.92, abs=1e-9)

    def test_air_purification_follows_the_stated_rates_not_the_printed_amounts(self, jinsha):
        # 0.036·34.07 + 0.025·41.42 + 0.0294·1.88 = 2.317 t SO2; Table 4 prints 23.86 (≈10.3×)
        so2 = _total(jinsha, "after", "so2")["quantity"]
        assert so2 == pytest.approx(2.317292, abs=1e-6)

    def test_mining_and_construction_land_contribute_nothing(self, jinsha):
        t6 = jinsha.by_land_type.set_index(["scenario", "land_type"])
        assert t6.loc[("before", "mining land"), "value_yuan"] == 0
        assert t6.loc[("before", "construction land"), "value_yuan"] == 0

    def test_notes_cover_the_published_figures(self):
        figures = [n[0] for n in gep_jinsha.NOTES]
        assert len(figures) == len(set(figures))
        assert all(len(n) == 4 and all(isinstance(x, str) and x for x in n) for n in gep_jinsha.NOTES)


# --- validation --------------------------------------------------------------------------------


def _valid():
    glob, sets = gep_jinsha.parameters()
    return gep_jinsha.land_use(), gep_jinsha.land_types(), glob, sets, gep_jinsha.products()


def _run(land_use, mapping, glob, sets, products, **kw):
    kw.setdefault("project_area_ha", 77.37)
    return gep.validate(land_use, mapping, glob, sets, products, **kw)


class TestValidation:
    def test_example_is_valid_and_unused_sets_may_stay_empty(self):
        # paddy and water have empty parameters but no land maps to them
        assert _run(*_valid()) == []

    def test_missing_required_parameter(self):
        land_use, mapping, glob, sets, products = _valid()
        glob["carbon_price"] = float("nan")
        assert english(_run(land_use, mapping, glob, sets, products)) == [
            RowProblem(
                "parameters",
                None,
                "carbon_price",
                "Parameter 'carbon_price' (carbon price C_c, yuan/t CO2) is empty; expected a value "
                "(must be supplied: carbon trading price or afforestation cost (Ouyang group: 380 "
                "yuan/t); paper 001 does not state its price (its results imply about 386 yuan/t "
                "CO2))",
            )
        ]

    def test_missing_per_set_parameter_of_a_used_set(self):
        land_use, mapping, glob, sets, products = _valid()
        land_use.loc[1, "land_type"] = "paddy"  # 0.95 ha before -> set paddy, parameters empty
        problems = _run(land_use, mapping, glob, sets, products)
        paddy_row = sets.index[sets["coefficient_set"] == "paddy"][0]
        assert {(p.table, p.row) for p in problems} == {("coefficient_sets", paddy_row)}
        assert {p.column for p in problems} == {
            "rusle_k",
            "rusle_c",
            "rusle_p",
            "runoff_coefficient",
            "evapotranspiration",
            "so2_rate",
            "nox_rate",
            "dust_rate",
            "vegetation_carbon_rate",
            "soil_carbon_rate",
            "heat_absorbed",
        }

    def test_areas_not_adding_up(self):
        land_use, mapping, glob, sets, products = _valid()
        land_use.loc[6, "area_ha"] = 41.00  # after: 76.95 ha instead of 77.37
        assert english(_run(land_use, mapping, glob, sets, products)) == [
            RowProblem(
                "land_use",
                None,
                "area_ha",
                "Land-use areas of scenario 'after' add up to 76.95 ha; expected 77.37 ha "
                "(the project area) within 0.01 ha",
            )
        ]
        # within a looser tolerance it passes
        assert _run(land_use, mapping, glob, sets, products, area_tolerance_ha=0.5) == []

    def test_areas_compared_with_first_scenario_without_project_area(self):
        land_use, mapping, glob, sets, products = _valid()
        land_use.loc[6, "area_ha"] = 41.00
        problems = _run(land_use, mapping, glob, sets, products, project_area_ha=None)
        assert english([p.message for p in problems]) == [
            "Land-use areas of scenario 'after' add up to 76.95 ha; expected 77.37 ha "
            "(the total of scenario 'before') within 0.01 ha"
        ]

    def test_negative_and_non_numeric_areas(self):
        land_use, mapping, glob, sets, products = _valid()
        land_use["area_ha"] = land_use["area_ha"].astype(object)
        land_use.loc[5, "area_ha"] = -1.0  # mining land after
        land_use.loc[9, "area_ha"] = "abc"  # construction land after
        problems = _run(land_use, mapping, glob, sets, products)
        assert english(problems) == [
            RowProblem(
                "land_use",
                None,
                "area_ha",
                "Land-use areas of scenario 'after' add up to 76.37 ha; expected 77.37 ha "
                "(the project area) within 0.01 ha",
            ),
            RowProblem("land_use", 5, "area_ha", "area_ha is -1.0; expected a value of 0 or more"),
            RowProblem(
                "land_use", 9, "area_ha", "Value 'abc' could not be interpreted as a number; expected a number in ha"
            ),
        ]

    def test_negative_product_price(self):
        land_use, mapping, glob, sets, products = _valid()
        products.loc[1, "price_yuan_per_t"] = -5.0
        assert english(_run(land_use, mapping, glob, sets, products)) == [
            RowProblem("products", 1, "price_yuan_per_t", "price_yuan_per_t is -5.0; expected a value of 0 or more")
        ]

    @pytest.mark.parametrize(("column", "factor", "value"), [("rusle_c", "C", 1.3), ("rusle_p", "P", -0.2)])
    def test_c_or_p_outside_unit_interval(self, column, factor, value):
        land_use, mapping, glob, sets, products = _valid()
        row = int(np.flatnonzero(sets["coefficient_set"] == "dry_land")[0])
        sets.loc[row, column] = value
        assert english(_run(land_use, mapping, glob, sets, products)) == [
            RowProblem(
                "coefficient_sets",
                row,
                column,
                f"{factor} factor is {value} for coefficient set 'dry_land'; expected a value between 0 and 1",
            )
        ]

    def test_unknown_land_type(self):
        land_use, mapping, glob, sets, products = _valid()
        land_use.loc[2, "land_type"] = "orchard"
        problems = _run(land_use, mapping, glob, sets, products)
        assert [(p.table, p.row, p.column) for p in problems] == [("land_use", 2, "land_type")]
        assert str(problems[0].message).startswith(
            "Land type 'orchard' is not in the land-type mapping; expected one of mining land, dry land, "
        )

    def test_empty_after_scenario(self):
        land_use, mapping, glob, sets, products = _valid()
        land_use = land_use[land_use["scenario"] == "before"].reset_index(drop=True)
        assert english(_run(land_use, mapping, glob, sets, products.iloc[:1])) == [
            RowProblem(
                "land_use",
                None,
                "scenario",
                "Scenario 'after' has no land-use area; expected rows with a positive area for each of before, after",
            )
        ]

    def test_missing_column(self):
        land_use, mapping, glob, sets, products = _valid()
        assert english(_run(land_use.drop(columns="area_ha"), mapping, glob, sets, products)) == [
            RowProblem(
                "land_use",
                None,
                "area_ha",
                "Column 'area_ha' is missing from table 'land_use'; expected columns scenario, land_type, area_ha",
            )
        ]

    def test_calculate_raises_with_every_problem(self):
        land_use, mapping, glob, sets, products = _valid()
        glob["ac_days"] = float("nan")
        glob["grain_price"] = float("nan")
        with pytest.raises(InputError) as info:
            gep.calculate(land_use, mapping, glob, sets, products)
        assert [p.location for p in info.value.problems] == ["parameters.ac_days", "parameters.grain_price"]
