"""ESV, ECPS and compensation (000_89a29e514ac06762.txt, eqs. 1–6) against hand-worked numbers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ecoaccount.methods import esv

GRAIN = pd.DataFrame(
    {
        "region": ["R1", "R1"],
        "year": [2020, 2020],
        "crop": ["rice", "soy"],
        "price": [2.0, 3.0],
        "yield": [6000.0, 2000.0],
        "sown_area": [100.0, 300.0],
    }
)
# Σ m·p·q = 2·6000·100 + 3·2000·300 = 1,200,000 + 1,800,000 = 3,000,000; M = 400
# Ea = (1/7) · 3,000,000 / 400 = 7500 / 7 = 1071.428571... yuan/(ha·a)
EA = 7500 / 7


class TestEquations:
    def test_ea_eq1(self):
        ea = esv.equivalent_value(GRAIN)
        assert ea.loc[0, "mpq"] == 3_000_000
        assert ea.loc[0, "sown_total"] == 400
        assert ea.loc[0, "ea"] == pytest.approx(EA, rel=1e-15)

    def test_vc_eq3_single_subtype(self):
        # forest = broadleaf; Σ of the 11 broadleaf factors (Xie et al. 2015) = 22.95
        ec = esv.class_factors(
            pd.DataFrame({"class": ["forest"], "subtype": ["broadleaf"], "weight": [1.0]}), esv.default_factors()
        )
        assert ec[list(esv.SERVICES)].to_numpy().sum() == pytest.approx(22.95)

    def test_vc_weighted_mix(self):
        # 0.5 coniferous + 0.5 broadleaf gas regulation = 0.5·1.70 + 0.5·2.17 = 1.935
        mapping = pd.DataFrame(
            {"class": ["forest", "forest"], "subtype": ["coniferous", "broadleaf"], "weight": [0.5, 0.5]}
        )
        ec = esv.class_factors(mapping, esv.default_factors())
        assert ec.loc[0, "gas_regulation"] == pytest.approx(1.935)

    def test_esv_eq2(self):
        # 10 ha of broadleaf forest: ESV = 10 · 22.95 · 7500/7 = 245,892.857... yuan/a
        lu = pd.DataFrame({"region": ["R1"], "year": [2020], "class": ["forest"], "area_ha": [10.0]})
        mapping = pd.DataFrame({"class": ["forest"], "subtype": ["broadleaf"], "weight": [1.0]})
        det = esv.esv_detail(lu, esv.equivalent_value(GRAIN), esv.class_factors(mapping, esv.default_factors()))
        assert det.loc[0, "total"] == pytest.approx(10 * 22.95 * EA, rel=1e-12)
        assert det.loc[0, "climate_regulation"] == pytest.approx(10 * 6.50 * EA, rel=1e-12)

    def test_construction_land_gives_explicit_zero(self):
        lu = pd.DataFrame({"region": ["R1"], "year": [2020], "class": ["construction land"], "area_ha": [50.0]})
        det = esv.esv_detail(
            lu, esv.equivalent_value(GRAIN), esv.class_factors(esv.default_mapping(), esv.default_factors())
        )
        assert det.loc[0, "total"] == 0.0

    def test_ecps_t_and_r_eqs4_to_6(self):
        # V = 1000 yuan over 10 ha → VAL_n = 100; GDP = 1000 → GDP_n = 100; ECPS = 1
        # t = 2·arctan(1)/π = 2·(π/4)/π = 0.5; R = V·k·t = 1000·0.15·0.5 = 75
        summary = pd.DataFrame(
            {"region": ["R1"], "year": [2020], "area_ha": [10.0], "total": [1200.0], "non_market": [1000.0]}
        )
        gdp = pd.DataFrame({"region": ["R1"], "year": [2020], "gdp": [1000.0]})
        c = esv.compensation(summary, gdp, k=0.15)
        assert c.loc[0, "ecps"] == pytest.approx(1.0)
        assert c.loc[0, "t"] == pytest.approx(0.5)
        assert c.loc[0, "r"] == pytest.approx(75.0)
        assert c.loc[0, "r_share_gdp"] == pytest.approx(0.075)

    def test_market_services_are_food_and_raw_materials_by_default(self):
        # 000 §2.4: the market already prices food and raw material production
        s = esv.default_services()
        assert list(s.loc[s["market"], "service"]) == ["food_production", "raw_materials"]

    def test_sensitivity_coefficient_is_class_share(self):
        # ESV is linear in VC: CS = ESV_class / ESV_year for any change
        det = pd.DataFrame({"year": [2020, 2020], "class": ["a", "b"], "total": [30.0, 70.0]})
        s = esv.sensitivity(det, 0.5)
        assert list(s["cs_up"]) == pytest.approx([0.3, 0.7])
        assert list(s["cs_down"]) == pytest.approx([0.3, 0.7])
        assert list(s["esv_up"]) == pytest.approx([115.0, 135.0])

    def test_change_and_rate_between_years(self):
        t = pd.DataFrame({"region": ["R"] * 3, "year": [2000, 2010, 2020], "total": [100.0, 80.0, 0.0]})
        c = esv.change_between_years(t, ["region"])
        assert list(c["change"]) == [-20.0, -80.0]
        assert list(c["rate"]) == pytest.approx([-0.2, -1.0])


class TestPaperRelations:
    """000: t = 2·arctan(ECPS)/π lies in [0, 1); R rises with ECPS and with V."""

    @pytest.mark.parametrize("ecps", [0.0, 1e-6, 0.1, 0.35, 1.0, 10.0, 1e6])
    def test_t_in_unit_interval(self, ecps):
        summary = pd.DataFrame({"region": ["R"], "year": [1], "area_ha": [1.0], "total": [ecps], "non_market": [ecps]})
        t = esv.compensation(summary, pd.DataFrame({"region": ["R"], "year": [1], "gdp": [1.0]}))["t"][0]
        assert 0.0 <= t < 1.0

    def test_r_rises_with_ecps_and_with_v(self):
        v = np.array([1.0, 2.0, 5.0, 10.0, 100.0])
        n = len(v)
        summary = pd.DataFrame(
            {"region": [f"R{i}" for i in range(n)], "year": [1] * n, "area_ha": [1.0] * n, "total": v, "non_market": v}
        )
        gdp = pd.DataFrame({"region": [f"R{i}" for i in range(n)], "year": [1] * n, "gdp": [50.0] * n})
        c = esv.compensation(summary, gdp)
        assert np.all(np.diff(c["ecps"]) > 0) and np.all(np.diff(c["r"]) > 0)
        assert list(c["rank"]) == [5, 4, 3, 2, 1]

    def test_service_group_shares_of_forest_match_table1(self):
        # paper_reproducibility.md: Table 1 shares ≈ 6 / 69 / 22 / 4 % follow from Xie 2015's
        # forest (broadleaf) factors grouped as provisioning/regulating/supporting/cultural.
        f = esv.default_factors().set_index("subtype").loc["broadleaf"]
        groups = esv.default_services().groupby("group")["service"].apply(list)
        total = sum(f[s] for s in esv.SERVICES)
        share = {g: sum(f[s] for s in groups[g]) / total for g in esv.GROUPS}
        assert share["provisioning"] == pytest.approx(0.06, abs=0.01)
        assert share["regulating"] == pytest.approx(0.69, abs=0.025)  # 66.8 % for forest alone
        assert share["supporting"] == pytest.approx(0.23, abs=0.015)
        assert share["cultural"] == pytest.approx(0.04, abs=0.01)

    def test_t_of_priority_035_as_in_paper(self):
        # 000 §3.2: priority above 0.35 for Shuangyashan, Baishan, Hegang; t(0.35) = 2·atan(0.35)/π
        assert 2 * math.atan(0.35) / math.pi == pytest.approx(0.21440, abs=1e-4)


class TestValidate:
    def _tables(self):
        lu = pd.DataFrame({"region": ["R1", "R2"], "year": [2020, 2020], "farmland": [1.0, 2.0]})
        gdp = pd.DataFrame({"region": ["R1"], "year": [2020], "gdp": [5.0]})
        grain = pd.DataFrame(
            {
                "region": ["R1", "R2"],
                "year": [2020, 2020],
                "crop": ["rice", "rice"],
                "price": [2.0, 2.0],
                "yield": [5.0, 5.0],
                "sown_area": [10.0, 0.0],
            }
        )
        return lu, grain, gdp

    def test_flags_missing_gdp_zero_sown_area_and_unmapped_class(self):
        lu, grain, gdp = self._tables()
        mapping = pd.DataFrame({"class": ["forest"], "subtype": ["broadleaf"], "weight": [1.0]})
        probs = esv.validate(lu, grain, gdp, mapping, esv.default_factors(), ["farmland"])
        where = {(p.table, p.row, p.column) for p in probs}
        assert ("landuse", None, "farmland") in where  # unmapped class
        assert ("grain", 1, "sown_area") in where  # zero total sown area of R2
        assert ("landuse", 1, "year") in where  # no GDP for R2 2020

    def test_flags_weights_not_adding_to_one(self):
        lu, grain, gdp = self._tables()
        mapping = pd.DataFrame(
            {"class": ["farmland", "farmland"], "subtype": ["dry_land", "paddy_field"], "weight": [0.5, 0.4]}
        )
        probs = esv.validate(lu, grain, gdp, mapping, esv.default_factors(), ["farmland"])
        assert any(p.column == "weight" and "add up to 0.9" in p.message for p in probs)


class TestRowPositions:
    """The positions the result formulas use: contiguous blocks and rows of other tables."""

    def test_grain_rows_form_one_block_per_region_year(self):
        grain = pd.DataFrame(
            {
                "region": ["A", "B", "A"],
                "year": [1, 1, 1],
                "crop": ["x", "x", "y"],
                "price": [1.0, 1.0, 1.0],
                "yield": [2.0, 2.0, 2.0],
                "sown_area": [1.0, 2.0, 3.0],
            }
        )
        rows = esv.grain_rows(grain)
        assert list(rows["grain_row"]) == [0, 2, 1]  # A's two rows together, then B
        assert list(rows["mpq"]) == [2.0, 6.0, 4.0]

    def test_compensation_rows_grouped_by_year_with_their_block(self):
        lu = pd.DataFrame(
            {
                "region": ["A", "A", "B", "B"],
                "year": [2000, 2010, 2000, 2010],
                "class": ["forest"] * 4,
                "area_ha": [10.0, 10.0, 5.0, 5.0],
            }
        )
        grain = pd.DataFrame(
            {
                "region": ["A", "A", "B", "B"],
                "year": [2000, 2010, 2000, 2010],
                "crop": ["rice"] * 4,
                "price": [2.0] * 4,
                "yield": [6000.0] * 4,
                "sown_area": [100.0] * 4,
            }
        )
        gdp = lu[["region", "year"]].assign(gdp=[1e6, 2e6, 1e6, 1e6])
        mapping = pd.DataFrame({"class": ["forest"], "subtype": ["broadleaf"], "weight": [1.0]})
        res = esv.calculate(lu, grain, gdp, mapping)
        c = res.compensation
        assert list(zip(c["region"], c["year"], strict=True)) == [("A", 2000), ("B", 2000), ("A", 2010), ("B", 2010)]
        assert list(c["summary_row"]) == [0, 2, 1, 3]
        assert list(c["year_first"]) == [0, 0, 2, 2] and list(c["year_last"]) == [1, 1, 3, 3]
        # VC = Ea · Σ EC of broadleaf (22.95), yuan/(ha·a); Ea = (1/7)·2·6000 = 12000/7
        assert res.detail["vc"].iloc[0] == pytest.approx(12000 / 7 * 22.95)
        assert list(res.summary["esv_first"]) == [0, 1, 2, 3]
