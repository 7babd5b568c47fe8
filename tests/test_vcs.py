"""VCS dynamics (paper 002_81a3d60488092661.txt, Eqs. (1)-(5), R_V, R_VCS).

Paper 002 publishes no per-mine inputs, so its totals (384.63 / 192.51 / 1966.7 Gg CO2) cannot be
reproduced; the numbers below are worked by hand. 2.2 x 1.63 = 3.586 g CO2 per g C (Eq. (2)) and
1 g CO2 m-2 on 1 ha = 0.01 t CO2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import english

from ecoaccount import messages as msg
from ecoaccount.data import load_table, provenance
from ecoaccount.errors import InputError, ParameterError
from ecoaccount.examples import vcs_synthetic
from ecoaccount.methods import vcs
from ecoaccount.problems import RowProblem

F = 2.2 * 1.63  # 3.586 g CO2 per g C
K = 0.01  # t CO2 per (g CO2 m-2 x ha)


def table(years, npp, destroyed, restored, mine="M", patch="P") -> pd.DataFrame:
    """One patch, one row per year."""
    return pd.DataFrame(
        {"mine": mine, "patch": patch, "year": years, "npp": npp, "destroyed_ha": destroyed, "restored_ha": restored}
    )


def row(df: pd.DataFrame, **key) -> pd.Series:
    mask = np.ones(len(df), dtype=bool)
    for k, v in key.items():
        mask &= (df[k] == v).to_numpy()
    assert mask.sum() == 1
    return df[mask].iloc[0]


class TestParameters:
    def test_defaults_are_the_papers_coefficients(self):
        p = vcs.default_parameters()
        assert p["npp_to_organic_matter"] == 2.2  # Eq. (2)
        assert p["organic_matter_to_co2"] == 1.63  # Eq. (2)
        assert p["g_m2_ha_to_t"] == 0.01
        assert p["t_to_gg"] == 0.001
        assert p["min_baseline_years"] == 2

    def test_table_documents_itself(self):
        t = load_table("vcs_parameters.csv")
        assert list(t.columns) == ["id", "label_en", "label_zh", "value", "unit", "min", "max", "source"]
        assert "10.1038/s41598-024-64381-1" in provenance("vcs_parameters.csv")

    def test_out_of_bounds_override_is_refused(self):
        with pytest.raises(ParameterError) as e:
            vcs.calculate(table([2001, 2002], [1.0, 1.0], [0.0, 0.0], [0.0, 0.0]), {"organic_matter_to_co2": 3.0})
        assert str(e.value) == (
            "parameter 'organic_matter_to_co2': CO2 fixed per unit of "
            "organic matter is 3.0; expected a value of at most 1.7"
        )

    def test_unknown_override_is_refused(self):
        with pytest.raises(ParameterError):
            vcs.calculate(table([2001], [1.0], [0.0], [0.0]), {"no_such": 1.0})


class TestScaleTransformation:
    """Eq. (1): NPP_a = (NPP_b S - NPP_bg (S - S_veg)) / S_veg, 0 without vegetation."""

    def test_mixed_pixel(self):
        # (200 x 25 - 50 x (25 - 20)) / 20 = (5000 - 250) / 20 = 237.5
        assert vcs.scale_transform_npp(200, 50, 25, 20) == pytest.approx(237.5)

    def test_fully_vegetated_pixel_keeps_its_npp(self):
        # S_veg = S: (200 x 25 - 50 x 0) / 25 = 200
        assert vcs.scale_transform_npp(200, 50, 25, 25) == pytest.approx(200.0)

    def test_pixel_without_vegetation_is_zero(self):
        # "0, pixel is not vegetation": no division by S_veg = 0
        assert vcs.scale_transform_npp(200, 50, 25, 0) == 0.0

    def test_vectorised(self):
        out = vcs.scale_transform_npp([200, 100], [50, 40], [25, 10], [20, 5])
        # second: (100 x 10 - 40 x 5) / 5 = 800 / 5 = 160
        np.testing.assert_allclose(out, [237.5, 160.0])

    def test_calculate_uses_mixed_pixel_columns(self):
        df = pd.DataFrame(
            {
                "mine": "M",
                "patch": "P",
                "year": [2001, 2002],
                "npp_b": [200.0, 100.0],
                "npp_bg": [50.0, 40.0],
                "s": [25.0, 10.0],
                "s_veg": [20.0, 5.0],
                "destroyed_ha": 0.0,
                "restored_ha": 0.0,
            }
        )
        r = vcs.calculate(df)
        np.testing.assert_allclose(r.patch_year["npp_a"], [237.5, 160.0])
        # VCS = 237.5 x 3.586 = 851.675
        assert r.patch_year["vcs"].iloc[0] == pytest.approx(851.675)


class TestVcs:
    def test_eq2(self):
        # 100 g C m-2 a-1 x 2.2 x 1.63 = 358.6 g CO2 m-2 a-1
        assert vcs.vcs_from_npp(100.0) == pytest.approx(358.6)

    def test_eq2_with_other_coefficients(self):
        assert vcs.vcs_from_npp(10.0, 2.0, 1.5) == pytest.approx(30.0)


class TestBaseline:
    """Eqs. (3)-(4): least-squares line over the pre-destruction years."""

    def test_ols_equals_papers_raw_sum_formula(self):
        # years 2010, 2011, 2012; VCS 322.74, 394.46, 358.6 (NPP 90, 110, 100)
        # n=3, Σt=6033, Σt²=12132605, ΣVCS=1075.8, Σt·VCS=2163595.1 ... centred form:
        # t̄=2011, V̄=358.6, Sxy=(-1)(-35.86)+0+(1)(0)=35.86, Sxx=2 -> a=17.93,
        # b = 358.6 - 17.93 x 2011 = -35698.63
        years = np.array([2010, 2011, 2012])
        y = np.array([[90.0, 110.0, 100.0]]) * F
        a, b, n = vcs.ols_line(years, y, np.ones_like(y, dtype=bool))
        assert a[0] == pytest.approx(17.93)
        assert b[0] == pytest.approx(-35698.63)
        assert n[0] == 3
        t, v = years.astype(float), y[0]
        a_paper = (3 * (t * v).sum() - t.sum() * v.sum()) / (3 * (t * t).sum() - t.sum() ** 2)
        assert a[0] == pytest.approx(a_paper, rel=1e-9)
        assert b[0] == pytest.approx(v.sum() / 3 - a_paper * t.sum() / 3, rel=1e-9)

    def test_fit_uses_only_pre_destruction_years(self):
        # destroyed 2013: fit on 2010-2012 (NPP 90, 110, 100), baseline NPP 100 + 5(t - 2011);
        # 2013: 110 x 3.586 = 394.46, 2014: 115 x 3.586 = 412.39; before 2013 no baseline.
        df = table([2010, 2011, 2012, 2013, 2014], [90, 110, 100, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 0])
        r = vcs.calculate(df)
        assert row(r.patches, patch="P")["baseline_first_year"] == 2010
        assert row(r.patches, patch="P")["baseline_last_year"] == 2012
        base = r.patch_year["baseline_vcs"].to_numpy()
        assert np.isnan(base[:3]).all()
        np.testing.assert_allclose(base[3:], [394.46, 412.39])

    def test_gap_year_is_left_out_of_the_fit_with_true_year_numbers(self):
        # years 2010, 2011, 2013 (2012 missing), NPP 100, 110, 130 lie on 100 + 10(t - 2010);
        # destroyed 2014 -> baseline 2014 = 140 x 3.586 = 502.04 (x is the year, not the row)
        df = table([2010, 2011, 2013, 2014], [100, 110, 130, 0], [0, 0, 0, 1], [0, 0, 0, 0])
        r = vcs.calculate(df)
        assert r.missing_years == (2012,)
        assert r.patch_year["baseline_vcs"].iloc[3] == pytest.approx(502.04)

    def test_one_pre_destruction_year_gives_no_baseline(self):
        # destroyed 2011 after one year: SLOPE would be #DIV/0!, the patch is excluded
        df = table([2010, 2011, 2012], [100, 0, 0], [0, 2, 0], [0, 0, 0])
        r = vcs.calculate(df)
        p = row(r.patches, patch="P")
        assert p["baseline_years"] == 1 and not p["included"]
        assert np.isnan(p["slope"]) and np.isnan(p["vcsd_t"])
        m = r.mines.iloc[0]
        assert m["excluded_patches"] == 1 and m["excluded_destroyed_ha"] == 2.0
        assert m["destroyed_ha"] == 0.0 and m["vcsd_t"] == 0.0

    def test_raising_min_baseline_years_excludes_short_series(self):
        df = table([2010, 2011, 2012, 2013], [100, 110, 120, 0], [0, 0, 0, 1], [0, 0, 0, 0])
        assert vcs.calculate(df).patches["included"].iloc[0]
        r = vcs.calculate(df, {"min_baseline_years": 4})
        assert not r.patches["included"].iloc[0]


class TestDirectAndPotentialChanges:
    # One patch, years 2010-2014, NPP 100 (2010), 120 (2011), 0 (2012, 2013), 150 (2014);
    # 2 ha destroyed 2012, 1 ha restored 2014.
    # Baseline on 2010-2011: NPP 100 + 20(t - 2010) -> 2012: 140, 2013: 160, 2014: 180.
    # direct decrease 2012 = 2 ha x 120 x 3.586 x 0.01 = 8.6064 t
    # direct increase 2014 = 1 ha x 150 x 3.586 x 0.01 = 5.379 t
    # C_destroy 2012 = -2 x 140 x 3.586 x 0.01 = -10.0408; 2013 = -2 x 160 x ... = -11.4752;
    #           2014 = -1 x 180 x 3.586 x 0.01 = -6.4548
    # C_restore 2014 = 1 x (150 - 180) x 3.586 x 0.01 = -1.0758
    # VCSD = 10.0408 + 11.4752 + 6.4548 + 1.0758 = 29.0466 t
    df = table([2010, 2011, 2012, 2013, 2014], [100, 120, 0, 0, 150], [0, 0, 2, 0, 0], [0, 0, 0, 0, 1])

    def test_direct_changes(self):
        py = vcs.calculate(self.df).patch_year
        np.testing.assert_allclose(py["direct_decrease_t"], [0, 0, 8.6064, 0, 0])
        np.testing.assert_allclose(py["direct_increase_t"], [0, 0, 0, 0, 5.379])

    def test_potential_changes(self):
        py = vcs.calculate(self.df).patch_year
        np.testing.assert_allclose(py["c_destroy_t"], [0, 0, -10.0408, -11.4752, -6.4548])
        np.testing.assert_allclose(py["c_restore_t"], [0, 0, 0, 0, -1.0758])
        np.testing.assert_allclose(py["unrestored_ha"], [0, 0, 2, 2, 1])

    def test_vcsd_eq5(self):
        r = vcs.calculate(self.df)
        assert r.total["vcsd_t"].iloc[0] == pytest.approx(29.0466)
        np.testing.assert_allclose(r.total_year["vcsd_cumulative_t"], [0, 0, 10.0408, 21.516, 29.0466])

    def test_rates_and_per_area(self):
        r = vcs.calculate(self.df)
        ty = r.total_year
        # 2012: C_ddper = 8.6064 / 2 = 4.3032 t/ha (= 430.32 g CO2 m-2, VCS of 2011)
        assert ty["c_ddper_t_per_ha"].iloc[2] == pytest.approx(4.3032)
        # 2014: C_diper = 5.379 / 1 = 5.379 t/ha; nothing destroyed that year -> R_V, R_VCS NaN
        assert ty["c_diper_t_per_ha"].iloc[4] == pytest.approx(5.379)
        assert np.isnan(ty["r_v"].iloc[4]) and np.isnan(ty["r_vcs"].iloc[4])
        # whole series: R_V = 1 / 2 = 0.5, R_VCS = 5.379 / 8.6064 = 0.625
        tot = r.total.iloc[0]
        assert tot["r_v"] == pytest.approx(0.5)
        assert tot["r_vcs"] == pytest.approx(0.625)
        # C_restore per restored ha = -1.0758 / 1
        assert tot["c_restore_per_restored_ha"] == pytest.approx(-1.0758)

    def test_restoration_above_baseline_is_a_gain(self):
        # same patch, restored NPP 200 > baseline 180: C_restore = 1 x 20 x 3.586 x 0.01 = 0.7172
        df = self.df.assign(npp=[100, 120, 0, 0, 200])
        r = vcs.calculate(df)
        assert r.patch_year["c_restore_t"].iloc[4] == pytest.approx(0.7172)
        # VCSD = 10.0408 + 11.4752 + 6.4548 - 0.7172 = 27.2536
        assert r.total["vcsd_t"].iloc[0] == pytest.approx(27.2536)

    def test_npp_of_non_vegetated_years_is_not_used(self):
        # NPP in 2012-2013 (fully destroyed) may be empty
        df = self.df.assign(npp=[100, 120, np.nan, np.nan, 150])
        assert vcs.calculate(df).total["vcsd_t"].iloc[0] == pytest.approx(29.0466)

    def test_destruction_in_a_second_year_uses_remaining_vegetation(self):
        # 1 ha destroyed 2012 and 1 ha 2013; remaining vegetation NPP 2012 = 130:
        # direct decrease 2013 = 1 x 130 x 3.586 x 0.01 = 4.6618
        df = table([2010, 2011, 2012, 2013], [100, 120, 130, 0], [0, 0, 1, 1], [0, 0, 0, 0])
        py = vcs.calculate(df).patch_year
        assert py["direct_decrease_t"].iloc[3] == pytest.approx(4.6618)
        # the baseline stays the one fitted before the first destruction (2012): 2013 NPP 160
        assert py["baseline_vcs"].iloc[3] == pytest.approx(160 * F)


class TestEventYears:
    def test_event_in_a_missing_year_goes_to_the_next_observed_year(self):
        ev = pd.DataFrame(
            {"mine": ["M"], "patch": ["P"], "area_ha": [4.0], "destruction_year": [2012], "restoration_year": [2014]}
        )
        out = vcs.areas_from_event_years(ev, [2010, 2011, 2013, 2014])
        assert out["year"].tolist() == [2010, 2011, 2013, 2014]
        assert out["destroyed_ha"].tolist() == [0, 0, 4, 0]
        assert out["restored_ha"].tolist() == [0, 0, 0, 4]

    def test_event_after_the_series_adds_nothing(self):
        ev = pd.DataFrame(
            {"mine": ["M"], "patch": ["P"], "area_ha": [4.0], "destruction_year": [2011], "restoration_year": [2030]}
        )
        out = vcs.areas_from_event_years(ev, [2010, 2011])
        assert out["restored_ha"].tolist() == [0, 0]

    def test_bad_events_are_reported_together(self):
        ev = pd.DataFrame(
            {
                "mine": ["M", "M", "M"],
                "patch": ["P", "Q", "R"],
                "area_ha": [1.0, 1.0, -1.0],
                "destruction_year": [2009, 2012, np.nan],
                "restoration_year": [np.nan, 2013, 2012],
            }
        )
        with pytest.raises(InputError) as e:
            vcs.areas_from_event_years(ev, [2010, 2011, 2013, 2014])
        assert english(e.value.problems) == [
            RowProblem(
                "events",
                0,
                "destruction_year",
                str(msg.VCS_DESTRUCTION_BEFORE_START.format(year=2009, patch="M/P", first=2010)),
            ),
            RowProblem(
                "events",
                1,
                "restoration_year",
                str(
                    msg.VCS_RESTORATION_NOT_AFTER_DESTRUCTION.format(
                        patch="M/Q", restoration=2013, restoration_in=2013, destruction=2012, destruction_in=2013
                    )
                ),
            ),
            RowProblem("events", 2, "area_ha", "area_ha is -1; expected a value of 0 or more"),
            RowProblem(
                "events",
                2,
                "restoration_year",
                str(msg.VCS_RESTORATION_WITHOUT_DESTRUCTION.format(patch="M/R", year=2012)),
            ),
        ]


class TestSyntheticExample:
    """ecoaccount/examples/vcs_synthetic.py, worked by hand (years 2010-2021 without 2015)."""

    @pytest.fixture(scope="class")
    @classmethod
    def result(cls):
        return vcs.calculate(vcs_synthetic.annual())

    def test_the_example_is_valid(self):
        assert vcs.validate(vcs_synthetic.annual()) == []

    def test_years(self, result):
        assert result.missing_years == (2015,)
        assert len(result.years) == 11

    def test_mine_a_destroyed_never_restored(self, result):
        # baseline NPP 100 + 10(t - 2010); unrestored 2 ha in 2014, 2016-2021:
        # Σ NPP = 140+160+170+180+190+200+210 = 1250 -> C_destroy = -1250 x 3.586 x 2 x 0.01
        # = -89.65 t; direct decrease 2014 = 2 x 130 x 3.586 x 0.01 = 9.3236 t
        m = row(result.mines, mine="A")
        assert m["c_destroy_t"] == pytest.approx(-89.65)
        assert m["c_restore_t"] == 0.0
        assert m["vcsd_t"] == pytest.approx(89.65)
        assert m["direct_decrease_t"] == pytest.approx(9.3236)
        assert m["r_v"] == 0.0 and m["r_vcs"] == 0.0

    def test_mine_b_restored_above_baseline(self, result):
        # baseline NPP 100 + 5(t - 2011) (fit on 90, 110, 100); 3 ha unrestored 2013, 2014, 2016:
        # Σ 110+115+125 = 350 -> C_destroy = -350 x 3.586 x 0.03 = -37.653 t.
        # restored 2017-2021 at NPP 150 vs 130, 135, 140, 145, 150: Σ diff = 50
        # -> C_restore = 50 x 3.586 x 0.03 = +5.379 t; VCSD = 37.653 - 5.379 = 32.274 t
        # direct: decrease 2013 = 3 x 100 x 0.03586 = 10.758, increase 2017 = 3 x 150 x 0.03586
        # = 16.137 -> R_VCS = 1.5, R_V = 1
        m = row(result.mines, mine="B")
        assert m["c_destroy_t"] == pytest.approx(-37.653)
        assert m["c_restore_t"] == pytest.approx(5.379)
        assert m["vcsd_t"] == pytest.approx(32.274)
        assert m["r_vcs"] == pytest.approx(1.5) and m["r_v"] == 1.0
        assert m["c_restore_per_restored_ha"] == pytest.approx(5.379 / 3)

    def test_mine_c_destroyed_in_the_missing_year_restored_below_baseline(self, result):
        # destruction 2015 -> 2016; direct decrease uses 2014 (previous observed year):
        # 4 ha x 130 x 3.586 x 0.01 = 18.6472 t
        # baseline NPP 110 + 5(t - 2010): 2016 140, 2017 145, 2018 150, 2019 155, 2020 160,
        # 2021 165. C_destroy: 4 ha x (140+145+150) + 2 ha x (155+160+165) = 1740 + 960 = 2700
        # -> -2700 x 0.03586 = -96.822 t. C_restore: 2 ha x ((60-155)+(70-160)+(80-165)) =
        # 2 x -270 = -540 -> -19.3644 t. VCSD = 96.822 + 19.3644 = 116.1864 t
        m = row(result.mines, mine="C")
        assert m["direct_decrease_t"] == pytest.approx(18.6472)
        assert m["c_destroy_t"] == pytest.approx(-96.822)
        assert m["c_restore_t"] == pytest.approx(-19.3644)
        assert m["vcsd_t"] == pytest.approx(116.1864)
        my = result.mine_year
        assert row(my, mine="C", year=2016)["destroyed_ha"] == 4.0
        assert row(my, mine="C", year=2016)["c_ddper_t_per_ha"] == pytest.approx(130 * F * K)
        assert 2015 not in my["year"].tolist()

    def test_mine_d_short_baseline_is_excluded_and_shown(self, result):
        m = row(result.mines, mine="D")
        assert m["patches"] == 2 and m["excluded_patches"] == 1
        assert m["excluded_destroyed_ha"] == 1.0
        assert m["destroyed_ha"] == 0.0 and m["vcsd_t"] == 0.0
        # its direct decrease is still shown per patch: 1 ha x 100 x 0.03586 = 3.586 t
        assert row(result.patches, patch="D1")["direct_decrease_t"] == pytest.approx(3.586)

    def test_totals(self, result):
        tot = result.total.iloc[0]
        # VCSD = 89.65 + 32.274 + 116.1864 = 238.1104 t (0.2381104 Gg)
        assert tot["vcsd_t"] == pytest.approx(238.1104)
        # direct decrease 9.3236 + 10.758 + 18.6472 = 38.7288; increase 16.137 + 4.3032 = 20.4402
        assert tot["direct_decrease_t"] == pytest.approx(38.7288)
        assert tot["direct_increase_t"] == pytest.approx(20.4402)
        assert tot["r_vcs"] == pytest.approx(20.4402 / 38.7288)
        # R_V = (3 + 2) / (2 + 3 + 4) = 5/9
        assert tot["r_v"] == pytest.approx(5 / 9)
        assert tot["excluded_patches"] == 1
        assert result.total_year["vcsd_cumulative_t"].iloc[-1] == pytest.approx(238.1104)

    def test_totals_equal_sum_over_mines(self, result):
        for c in (
            "direct_decrease_t",
            "direct_increase_t",
            "c_destroy_t",
            "c_restore_t",
            "vcsd_t",
            "destroyed_ha",
            "restored_ha",
        ):
            assert result.total[c].iloc[0] == pytest.approx(result.mines[c].sum())
            assert result.total[c].iloc[0] == pytest.approx(result.total_year[c].sum())

    def test_output_frames_by_output_id(self, result):
        f = result.frames()
        total = f["total"].iloc[0]
        assert total["vcsd"] == pytest.approx(238.1104)  # t CO2
        assert total["r_v"] == pytest.approx(5 / 9) and total["r_vcs"] == pytest.approx(20.4402 / 38.7288)
        # C_restore per restored area in g CO2 m-2: -13.9854 t / 5 ha / 0.01
        assert total["c_restore_per_ha"] == pytest.approx(-279.708)
        mines = f["mines"].set_index("mine")
        assert mines.loc["C", "c_restore_per_ha"] == pytest.approx(-19.3644 / 2 / 0.01)
        assert mines["b_first"].tolist() == [0, 1, 2, 4] and mines["b_last"].tolist() == [0, 1, 3, 5]
        my = f["mine_year"].set_index(["mine", "year"])
        assert my.loc[("C", 2016), "c_ddper"] == pytest.approx(130 * 2.2 * 1.63)  # VCS of 2014, g CO2 m-2
        a1 = f["patches"].iloc[0]
        # A1: destroyed 2014 after 4 observed years; fit 2010-2013 = patch-years 0..3
        assert (a1["n_pre"], a1["fit_from"], a1["fit_to"], a1["fit_last"]) == (4, 2010, 2013, 3)
        py = f["patch_year"]
        assert py["prev_row"].iloc[0] == -1 and py["patch_row"].iloc[11] == 1
        assert set(py["included"]) == {0, 1}

    def test_output_frames_need_the_patches_grouped_by_mine(self):
        annual = vcs_synthetic.annual()
        first_d2 = annual.index[annual["patch"] == "D2"][0]
        rows = [*range(first_d2, len(annual)), *range(first_d2)]  # D2 before the other mines
        with pytest.raises(ValueError, match="grouped by mine"):
            vcs.calculate(annual.iloc[rows].reset_index(drop=True)).frames()


class TestValidation:
    def test_valid_table_has_no_problems(self):
        assert vcs.validate(TestDirectAndPotentialChanges.df) == []

    def test_missing_columns(self):
        df = pd.DataFrame({"mine": ["M"], "patch": ["P"], "year": [2001], "npp": [1.0]})
        expected = "mine, patch, year, destroyed_ha, restored_ha"
        assert english(vcs.validate(df)) == [
            RowProblem(
                "annual",
                None,
                "destroyed_ha",
                str(msg.VCS_MISSING_COLUMN.format(table="annual", column="destroyed_ha", expected=expected)),
            ),
            RowProblem(
                "annual",
                None,
                "restored_ha",
                str(msg.VCS_MISSING_COLUMN.format(table="annual", column="restored_ha", expected=expected)),
            ),
        ]

    def test_npp_and_mixed_pixel_columns_together(self):
        df = table([2001], [1.0], [0.0], [0.0]).assign(npp_b=1.0)
        problems = vcs.validate(df)
        assert english(problems) == [
            RowProblem(
                "annual",
                None,
                "npp",
                (
                    "Table 'annual' has both an 'npp' column and the mixed-pixel columns npp_b, npp_bg, "
                    "s, s_veg; expected one of the two (NPP of the vegetated area, or the inputs of "
                    "Eq. (1) to compute it)"
                ),
            )
        ]

    def test_duplicate_and_out_of_order_years(self):
        df = table([2001, 2003, 2002, 2002], [1.0] * 4, [0.0] * 4, [0.0] * 4)
        assert english(vcs.validate(df)) == [
            RowProblem(
                "annual",
                2,
                "year",
                "Year 2002 of patch 'M/P' comes after year 2003; expected the years of each patch in ascending order",
            ),
            RowProblem(
                "annual",
                3,
                "year",
                "Duplicate row: patch 'M/P' year 2002 appears again (first at row 2); expected each once",
            ),
        ]

    def test_negative_npp_and_areas(self):
        df = table([2001, 2002, 2003], [1.0, -5.0, 1.0], [0.0, 0.0, -1.0], [0.0, 0.0, 0.0])
        assert english(vcs.validate(df)) == [
            RowProblem("annual", 1, "npp", "npp is -5; expected a value of 0 or more"),
            RowProblem("annual", 2, "destroyed_ha", "destroyed_ha is -1; expected a value of 0 or more"),
        ]

    def test_more_restored_than_destroyed_so_far(self):
        # 1 ha destroyed 2002, 1.5 ha restored 2003 -> flagged on the 2003 row
        df = table([2000, 2001, 2002, 2003], [1.0] * 4, [0, 0, 1, 0], [0, 0, 0, 1.5])
        assert english(vcs.validate(df)) == [
            RowProblem(
                "annual",
                3,
                "restored_ha",
                (
                    "Patch 'M/P': restored area up to 2003 is 1.5 ha but destroyed area up to 2003 is "
                    "only 1 ha; expected restored area not to exceed destroyed area so far (check "
                    "destroyed_ha and restored_ha of this patch)"
                ),
            )
        ]

    def test_restoration_before_destruction_in_the_same_patch(self):
        # restored 2001, destroyed 2002: at 2001 restored 1 > destroyed 0
        df = table([2000, 2001, 2002], [1.0] * 3, [0, 0, 1], [0, 1, 0])
        problems = vcs.validate(df)
        assert [(p.row, p.column) for p in problems] == [(1, "restored_ha")]

    def test_npp_needed_before_destruction_and_when_restored(self):
        df = table([2000, 2001, 2002, 2003], [1.0, np.nan, np.nan, np.nan], [0, 0, 1, 0], [0, 0, 0, 1])
        assert english(vcs.validate(df)) == [
            RowProblem(
                "annual",
                1,
                "npp",
                str(msg.VCS_NPP_REQUIRED.format(patch="M/P", year=2001, reason=msg.VCS_NPP_REQUIRED_BASELINE)),
            ),
            RowProblem(
                "annual",
                3,
                "npp",
                "NPP of patch 'M/P' in 2003 is empty; expected a value because the patch "
                "has restored area that year (direct increase, C_restore)",
            ),
        ]

    def test_patch_without_a_row_for_a_year(self):
        a = table([2001, 2002], [1.0, 1.0], [0.0, 0.0], [0.0, 0.0], patch="A")
        b = table([2001], [1.0], [0.0], [0.0], patch="B")
        assert english(vcs.validate(pd.concat([a, b], ignore_index=True))) == [
            RowProblem(
                "annual",
                2,
                "year",
                "Patch 'M/B' has no row for 2002; expected one row per patch for every year in the table",
            )
        ]

    def test_not_a_number_and_not_a_whole_year(self):
        df = table([2001, 2002.5], ["x", 1.0], [0.0, 0.0], [0.0, 0.0])
        assert english(vcs.validate(df)) == [
            RowProblem(
                "annual", 0, "npp", "Value 'x' could not be interpreted as a number; expected a number in g C m-2 a-1"
            ),
            RowProblem("annual", 1, "year", str(msg.NOT_AN_INTEGER.format(value=2002.5))),
        ]

    def test_mixed_pixel_inputs(self):
        df = pd.DataFrame(
            {
                "mine": "M",
                "patch": "P",
                "year": [2001, 2002, 2003],
                "npp_b": [100.0, 100.0, 10.0],
                "npp_bg": [50.0, 50.0, 50.0],
                "s": [0.0, 25.0, 25.0],
                "s_veg": [0.0, 30.0, 5.0],
                "destroyed_ha": 0.0,
                "restored_ha": 0.0,
            }
        )
        # row 2: NPP_b S = 250 < NPP_bg (S - S_veg) = 1000 -> NPP_a = -750 / 5 = -150
        assert english(vcs.validate(df)) == [
            RowProblem("annual", 0, "s", "Pixel area S is 0; expected a value greater than 0"),
            RowProblem(
                "annual",
                1,
                "s_veg",
                "Vegetated area S_veg is 30 but pixel area S is 25; expected S_veg between 0 and S",
            ),
            RowProblem(
                "annual",
                2,
                "npp_b",
                (
                    "NPP after scale transformation (Eq. (1)) is -150: NPP_b x S = 250 is smaller "
                    "than NPP_bg x (S - S_veg) = 1000; expected NPP_b x S of at least "
                    "NPP_bg x (S - S_veg)"
                ),
            ),
        ]

    def test_calculate_refuses_an_invalid_table(self):
        df = table([2001, 2001], [1.0, 1.0], [0.0, 0.0], [0.0, 0.0])
        with pytest.raises(InputError) as e:
            vcs.calculate(df)
        assert [(p.row, p.column) for p in e.value.problems] == [(1, "year")]
