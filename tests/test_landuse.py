"""Land-use transfer matrix, carbon-sink zones and carbon lost to mining (paper 003).

Paper: 003_a9346aa4b4cb64fa.txt (Yang, Bai, Fu & Cao 2022), Sect. 2.2, Table 1, Sect. 3.2-3.3.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import english

from ecoaccount.data import load_table, provenance
from ecoaccount.errors import InputError, ParameterError
from ecoaccount.examples import landuse_pingshuo as pingshuo
from ecoaccount.methods import landuse
from ecoaccount.problems import RowProblem

ALL_CLASSES = "arable, forest, grassland, urban, rural, transport, open_pit, stripping, dump, industrial, water"


def parcels() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Seven parcels, 31 ha, two dates; ``after`` in a different row order."""
    before = pd.DataFrame(
        {
            "parcel_id": [1, 2, 3, 4, 5, 6, 7],
            "class": ["arable", "arable", "arable", "forest", "grassland", "dump", "urban"],
            "area_ha": [10.0, 5.0, 3.0, 4.0, 2.0, 6.0, 1.0],
        }
    )
    after = pd.DataFrame(
        {
            "parcel_id": [7, 6, 5, 4, 3, 2, 1],
            "class": ["urban", "grassland", "urban", "forest", "open_pit", "forest", "arable"],
            "area_ha": [1.0, 6.0, 2.0, 4.0, 3.0, 5.0, 10.0],
        }
    )
    return before, after


def transitions() -> pd.DataFrame:
    # the seven parcels above as pairs (from, to, ha), 31 ha in all
    return pd.DataFrame(
        [
            ("arable", "arable", 10.0),  # invariant
            ("arable", "forest", 5.0),  # enhancement
            ("arable", "open_pit", 3.0),  # emission control; occupied by mining
            ("forest", "forest", 4.0),  # invariant
            ("grassland", "urban", 2.0),  # low-carbon optimisation
            ("urban", "urban", 1.0),  # no rule in Table 1 -> unclassified
            ("dump", "grassland", 6.0),  # enhancement (reclaimed dump)
        ],
        columns=["from_class", "to_class", "area_ha"],
    )


class TestPackagedTables:
    def test_rules_are_table_1_with_42_rules_over_11_classes(self):
        rules = landuse.load_rules()
        # Table 1: 3 invariant, 14 enhancement, 13 low-carbon optimisation, 12 emission control
        assert rules["zone"].value_counts().to_dict() == {
            "enhancement": 14,
            "low_carbon_optimisation": 13,
            "emission_control": 12,
            "invariant": 3,
        }
        classes = set(rules["from_class"]) | set(rules["to_class"])
        assert classes == set(landuse.load_classes()["id"])
        assert not rules.duplicated(["from_class", "to_class"]).any()
        restored = rules[rules["reconstructed"]]
        assert restored[["from_class", "to_class"]].values.tolist() == [["forest", "stripping"]]
        assert landuse.validate() == []

    def test_classes_have_english_and_chinese_labels(self):
        classes = landuse.load_classes()
        assert len(classes) == 11
        assert classes.set_index("id").loc["dump", "label_zh"] == "排土场"
        assert "Table 2" in provenance("landuse_classes.csv")

    def test_carbon_loss_factors_are_the_paper_values(self):
        # 003 Sect. 3.2: soil 82.11 / 92.67 / 88.35, vegetation 5 / 15.5 / 6.398 t/ha
        table = load_table("landuse_carbon_loss.csv").set_index(["class", "pool"])["value"]
        assert table.to_dict() == {
            ("arable", "soil"): 82.11,
            ("forest", "soil"): 92.67,
            ("grassland", "soil"): 88.35,
            ("arable", "vegetation"): 5.0,
            ("forest", "vegetation"): 15.5,
            ("grassland", "vegetation"): 6.398,
        }
        assert "Yang" in provenance("landuse_carbon_loss.csv")


class TestSummariseParcels:
    def test_parcels_are_summed_by_class_pair_in_class_order(self):
        before, after = parcels()
        result = landuse.summarise_parcels(before, after)
        # after is in reverse order: matching is by parcel_id, area from ``before``
        expected = transitions().iloc[[0, 1, 2, 3, 4, 5, 6]]
        expected = expected.sort_values(
            ["from_class", "to_class"],
            key=lambda s: s.map({c: i for i, c in enumerate(landuse.load_classes()["id"])}),
        ).reset_index(drop=True)
        pd.testing.assert_frame_equal(result, expected, check_dtype=False)

    def test_parcels_of_one_pair_are_added(self):
        before = pd.DataFrame({"parcel_id": ["a", "b", "c"], "class": ["arable"] * 3, "area_ha": [1.5, 2.0, 0.25]})
        after = before.assign(**{"class": ["forest", "forest", "arable"]})
        result = landuse.summarise_parcels(before, after)
        # arable->arable 0.25; arable->forest 1.5 + 2.0 = 3.5
        assert result.values.tolist() == [["arable", "arable", 0.25], ["arable", "forest", 3.5]]

    def test_requested_class_order_is_kept(self):
        before, after = parcels()
        result = landuse.summarise_parcels(before, after, classes=["urban", "dump"])
        assert result["from_class"].tolist()[:2] == ["urban", "dump"]

    def test_a_parcel_missing_at_the_second_date_is_an_input_error(self):
        before, after = parcels()
        with pytest.raises(InputError) as caught:
            landuse.summarise_parcels(before, after[after["parcel_id"] != 3])
        assert str(caught.value) == (
            "before row 2 [parcel_id]: Parcel 3 is in the before table but not in the after "
            "table; expected every parcel in both tables"
        )

    def test_large_tables_give_the_same_totals_as_a_groupby(self):
        rng = np.random.default_rng(7)
        n = 20_000
        names = [f"k{i}" for i in range(15)]
        before = pd.DataFrame({"parcel_id": np.arange(n), "class": rng.choice(names, n), "area_ha": rng.random(n)})
        after = pd.DataFrame({"parcel_id": np.arange(n), "class": rng.choice(names, n)})
        shuffled = after.sample(frac=1.0, random_state=3)
        result = landuse.summarise_parcels(before, shuffled).set_index(["from_class", "to_class"])
        check = before.assign(to_class=after["class"]).groupby(["class", "to_class"])["area_ha"].sum()
        check.index.names = ["from_class", "to_class"]
        pd.testing.assert_series_equal(
            result["area_ha"].sort_index(), check.sort_index(), check_names=False, rtol=1e-12
        )


class TestTransferMatrix:
    def test_matrix_with_totals_and_transfers(self):
        m = landuse.transfer_matrix(transitions())
        order = ["arable", "forest", "grassland", "urban", "open_pit", "dump"]
        assert list(m.index) == [*order, "total", "transferred_in", "transferred_in_pct"]
        assert list(m.columns) == [*order, "total", "transferred_out", "transferred_out_pct"]
        assert m.loc["arable", "forest"] == 5.0
        assert m.loc["dump", "arable"] == 0.0
        # first-date areas: arable 10+5+3 = 18, forest 4, grassland 2, urban 1, open pit 0, dump 6
        assert m.loc[order, "total"].tolist() == [18.0, 4.0, 2.0, 1.0, 0.0, 6.0]
        # second-date areas: arable 10, forest 5+4 = 9, grassland 6, urban 2+1 = 3, open pit 3
        assert m.loc["total", order].tolist() == [10.0, 9.0, 6.0, 3.0, 3.0, 0.0]
        assert m.loc[order, "transferred_out"].tolist() == [8.0, 0.0, 2.0, 0.0, 0.0, 6.0]
        assert m.loc["transferred_in", order].tolist() == [0.0, 5.0, 6.0, 2.0, 3.0, 0.0]
        # arable: 8 / 18 = 44.44 %; open pit has no area in year 1 -> NaN (left empty)
        assert m.loc["arable", "transferred_out_pct"] == pytest.approx(800 / 18)
        assert math.isnan(m.loc["open_pit", "transferred_out_pct"])
        assert m.loc["transferred_in_pct", "urban"] == pytest.approx(200 / 3)
        assert math.isnan(m.loc["transferred_in_pct", "dump"])
        # study area 31 ha, 16 ha changed class = 51.61 %
        assert m.loc["total", "total"] == 31.0
        assert m.loc["total", "transferred_out"] == 16.0
        assert m.loc["transferred_in", "total"] == 16.0
        assert m.loc["total", "transferred_out_pct"] == pytest.approx(1600 / 31)
        assert math.isnan(m.loc["transferred_in", "transferred_out"])

    def test_listed_classes_that_do_not_occur_get_zero_rows(self):
        m = landuse.transfer_matrix(transitions(), classes=["arable", "water"])
        assert m.loc["water", "total"] == 0.0
        assert m.loc["total", "water"] == 0.0

    def test_several_periods_are_refused(self):
        t = pd.concat(
            [
                transitions().assign(start_year=1986, end_year=2000),
                transitions().assign(start_year=2000, end_year=2009),
            ]
        )
        with pytest.raises(ParameterError) as caught:
            landuse.transfer_matrix(t)
        assert str(caught.value.message) == (
            "The transition table holds 2 periods (1986-2000, 2000-2009); expected one period "
            "for a transfer matrix (select one period first)"
        )

    def test_class_flows_per_period(self):
        t = pd.concat(
            [
                transitions().assign(start_year=1986, end_year=2000),
                pd.DataFrame(
                    {
                        "start_year": [2000, 2000],
                        "end_year": [2009, 2009],
                        "from_class": ["arable", "arable"],
                        "to_class": ["arable", "dump"],
                        "area_ha": [30.0, 1.0],
                    }
                ),
            ]
        )
        flows = landuse.class_flows(t).set_index(["start_year", "class"])
        row = flows.loc[(1986, "arable")]
        assert row[["area_start_ha", "area_end_ha", "unchanged_ha"]].tolist() == [18, 10, 10]
        assert row[["transferred_out_ha", "transferred_in_ha", "net_change_ha"]].tolist() == [
            8,
            0,
            -8,
        ]
        # every class in every period: dump in 2000-2009 gained 1 ha out of 1 (100 %)
        assert flows.loc[(2000, "dump"), "transferred_in_pct"] == 100.0
        assert flows.loc[(2000, "forest"), "area_start_ha"] == 0.0
        assert len(flows) == 2 * 6

    def test_shares_of_the_transfer_out(self):
        shares = landuse.transfer_shares(transitions()).set_index(["from_class", "to_class"])
        # arable: start 18, out 8; arable->forest 5 = 27.78 % of start, 62.5 % of out
        assert shares.loc[("arable", "forest"), "share_of_start_pct"] == pytest.approx(500 / 18)
        assert shares.loc[("arable", "forest"), "share_of_transferred_out_pct"] == 62.5
        assert math.isnan(shares.loc[("arable", "arable"), "share_of_transferred_out_pct"])


class TestZones:
    def test_zone_areas_and_shares_with_unclassified_remainder(self):
        zones = landuse.zone_areas(transitions()).set_index("zone")
        # invariant 10 + 4; enhancement 5 + 6; low-carbon 2; emission control 3; urban->urban 1
        assert zones["area_ha"].to_dict() == {
            "invariant": 14.0,
            "enhancement": 11.0,
            "low_carbon_optimisation": 2.0,
            "emission_control": 3.0,
            "unclassified": 1.0,
        }
        assert zones.loc["invariant", "share_pct"] == pytest.approx(1400 / 31)
        assert zones["share_pct"].sum() == pytest.approx(100.0)

    def test_uncovered_transitions_are_listed(self):
        t = pd.concat([transitions(), transitions().iloc[[5]]])  # urban->urban twice: 1 + 1 ha
        uncovered = landuse.uncovered_transitions(t)
        assert uncovered.values.tolist() == [["urban", "urban", 2.0]]

    def test_zones_per_period_include_empty_zones(self):
        t = pd.DataFrame(
            {
                "start_year": [1986, 2000],
                "end_year": [2000, 2009],
                "from_class": ["arable", "arable"],
                "to_class": ["arable", "dump"],
                "area_ha": [4.0, 4.0],
            }
        )
        zones = landuse.zone_areas(t)
        assert len(zones) == 2 * 5
        second = zones[zones["start_year"] == 2000].set_index("zone")["share_pct"]
        assert second["emission_control"] == 100.0
        assert second["invariant"] == 0.0

    def test_rules_are_data(self):
        rules = pd.DataFrame({"from_class": ["urban"], "to_class": ["urban"], "zone": ["emission_control"]})
        classified = landuse.classify_transitions(transitions(), rules)
        assert classified["zone"].tolist() == ["unclassified"] * 5 + ["emission_control"] + ["unclassified"]

    def test_labels_in_either_language_map_to_class_ids(self):
        labels = pd.Series(["耕地", " Forestland ", "open_pit", "orchard", None])
        assert landuse.to_class_ids(labels).tolist()[:4] == [
            "arable",
            "forest",
            "open_pit",
            "orchard",
        ]
        assert pd.isna(landuse.to_class_ids(labels).iloc[4])


class TestCarbonLoss:
    def test_occupation_counts_changes_into_mining_from_other_classes(self):
        t = pd.concat(
            [
                transitions(),
                pd.DataFrame(
                    [("stripping", "dump", 7.0), ("forest", "industrial", 0.5)],
                    columns=["from_class", "to_class", "area_ha"],
                ),
            ]
        )
        occupied = landuse.mining_occupation(t).set_index("class")["occupied_ha"]
        # arable -> open pit 3; forest -> industrial 0.5; stripping -> dump is not new occupation
        assert occupied.to_dict() == {"arable": 3.0, "forest": 0.5, "grassland": 0.0, "urban": 0.0}

    def test_hand_worked_loss(self):
        occupied = pd.DataFrame({"class": ["arable", "urban"], "occupied_ha": [3.0, 2.0]})
        loss = landuse.carbon_loss(occupied)
        # arable: 3 ha x 82.11 = 246.33 t soil, 3 x 5 = 15 t vegetation, 261.33 t in all
        assert loss.loc[0, "soil_loss_t"] == pytest.approx(246.33, rel=1e-12)
        assert loss.loc[0, "vegetation_loss_t"] == 15.0
        assert loss.loc[0, "total_loss_t"] == pytest.approx(261.33, rel=1e-12)
        # urban has no factor: 0 t, flagged rather than dropped
        assert loss.loc[1, ["has_factor", "total_loss_t"]].tolist() == [False, 0.0]

    def test_pingshuo_occupied_areas(self):
        # 003 Abstract / Sect. 3.2: 4,482.5 ha arable, 963.49 forest, 1,648.13 grassland occupied
        loss = landuse.carbon_loss(pingshuo.mining_occupation_1986_2018()).set_index("class")
        assert loss.loc["arable", "soil_loss_t"] == pytest.approx(4482.5 * 82.11)  # 368,058.075
        assert loss.loc["arable", "vegetation_loss_t"] == pytest.approx(22412.5)  # 4,482.5 x 5
        assert loss.loc["forest", "soil_loss_t"] == pytest.approx(89286.6183)  # 963.49 x 92.67
        assert loss.loc["forest", "vegetation_loss_t"] == pytest.approx(14934.095)  # x 15.5
        assert loss.loc["grassland", "soil_loss_t"] == pytest.approx(145612.2855)  # x 88.35
        assert loss.loc["grassland", "vegetation_loss_t"] == pytest.approx(10544.73574)  # x 6.398


class TestPingshuoExample:
    """The reconstructed 1986-2018 table against the figures 003 states (Sect. 3.1-3.2)."""

    def setup_method(self):
        self.t = pingshuo.transitions_1986_2018()
        self.flows = landuse.class_flows(self.t).set_index("class")

    def test_every_cell_is_marked_reconstructed(self):
        assert self.t["reconstructed"].all()
        assert set(self.t["basis"]) >= {"assumed", "stated area - stated transferred out"}

    def test_class_areas_at_both_dates(self):
        stated = pingshuo.class_areas().set_index(["class", "year"])["area_ha"]
        for cls in ["arable", "forest", "grassland"]:
            assert self.flows.loc[cls, "area_start_ha"] == pytest.approx(stated[(cls, 1986)])
        for cls in ["arable", "forest", "grassland", "stripping", "industrial", "dump", "open_pit"]:
            assert self.flows.loc[cls, "area_end_ha"] == pytest.approx(stated[(cls, 2018)])

    def test_transferred_out_and_its_stated_shares(self):
        assert self.flows.loc["arable", "transferred_out_ha"] == pytest.approx(14085.34)
        assert self.flows.loc["grassland", "transferred_out_ha"] == pytest.approx(6946.97)
        assert self.flows.loc["forest", "transferred_out_ha"] == pytest.approx(4211.57)
        shares = landuse.transfer_shares(self.t).set_index(["from_class", "to_class"])
        stated = pingshuo.transferred_out_1986_2018()
        for row in stated[stated["to_class"] != "mining"].itertuples():
            got = shares.loc[(row.from_class, row.to_class), "share_of_transferred_out_pct"]
            assert round(got, 1) == row.share_of_transferred_out_pct

    def test_occupation_by_mining(self):
        occupied = landuse.mining_occupation(self.t).set_index("class")["occupied_ha"]
        stated = pingshuo.mining_occupation_1986_2018().set_index("class")["occupied_ha"]
        for cls, area in stated.items():
            assert occupied[cls] == pytest.approx(area)
        # 4,482.5 / 14,085.34 = 31.82 % (Sect. 3.2 "31.8 %"); 963.49 / 4,211.57 = 22.88 %
        assert round(4482.5 / 14085.34 * 100, 2) == 31.82
        assert round(963.49 / 4211.57 * 100, 2) == 22.88

    def test_reconstruction_passes_validation(self):
        columns = [*landuse.PERIOD_COLUMNS, *landuse.TRANSITION_COLUMNS]
        assert landuse.validate(transitions=self.t[columns]) == []

    def test_stated_zone_shares_leave_a_visible_remainder(self):
        shares = pingshuo.zone_shares()
        remainder = shares[shares["zone"] == "unclassified"]["share_pct"].tolist()
        assert remainder == [18.2, 21.41, 18.6]  # 100 - (66.7 + 4.1 + 6.8 + 4.2) etc.
        assert not shares[shares["zone"] == "unclassified"]["stated"].any()

    def test_notes_record_the_dropped_digits(self):
        text = " ".join(pingshuo.NOTES)
        assert "1408.34" in text and "14,085.34" in text
        assert "421.57" in text and "4,211.57" in text


class TestValidation:
    def test_clean_tables_have_no_problems(self):
        before, after = parcels()
        assert landuse.validate(before=before, after=after, transitions=transitions()) == []

    def test_class_not_in_the_rules(self):
        before, after = parcels()
        before.loc[1, "class"] = "orchard"
        assert english(landuse.validate(before=before, after=after)) == [
            RowProblem(
                "before",
                1,
                "class",
                "Land class 'orchard' does not appear in the zone rules; expected one of "
                f"{ALL_CLASSES} (or add the class to the rules table)",
            )
        ]

    def test_negative_and_empty_areas(self):
        t = transitions()
        t.loc[2, "area_ha"] = -3.0
        t.loc[4, "area_ha"] = np.nan
        assert english(landuse.validate(transitions=t)) == [
            RowProblem("transitions", 2, "area_ha", "area_ha is -3; expected a value of 0 or more"),
            RowProblem("transitions", 4, "area_ha", "area_ha is empty; expected a value"),
        ]

    def test_parcel_totals_that_do_not_balance(self):
        before, after = parcels()
        after.loc[0, "area_ha"] = 1.5  # 31 ha before, 31.5 ha after
        assert english(landuse.validate(before=before, after=after)) == [
            RowProblem(
                "after",
                None,
                "area_ha",
                "Parcels total 31 ha at the first date and 31.5 ha at the second (difference "
                "0.5 ha); expected equal totals within 0.01 ha, because both dates must cover "
                "the same study area",
            )
        ]
        assert landuse.validate(before=before, after=after, tolerance_ha=1.0) == []

    def test_repeated_and_unmatched_parcels(self):
        before, after = parcels()
        after.loc[0, "parcel_id"] = 4  # parcel 7 lost, parcel 4 twice (rows 3 and 0)
        problems = landuse.validate(before=before, after=after)
        assert english(problems) == [
            RowProblem(
                "after",
                3,
                "parcel_id",
                "Duplicate row: parcel_id 4 appears again (first at row 0); expected each once",
            ),
            RowProblem(
                "before",
                6,
                "parcel_id",
                "Parcel 7 is in the before table but not in the after table; expected every parcel in both tables",
            ),
        ]

    def test_parcel_ids_numbered_once_give_the_same_problems(self):
        """``ParcelIds`` numbers the ids of both dates once; the problems are those of comparing the
        ids themselves: a repeat, ids at one date only, empty ids (one id, as pandas counts them)."""
        before, after = parcels()
        after.loc[0, "parcel_id"] = 4  # parcel 7 lost, parcel 4 twice
        ids = landuse.ParcelIds(before["parcel_id"], after["parcel_id"])
        assert not ids.aligned and ids.has_repeats("after") and not ids.has_repeats("before")
        assert ids.first("after").tolist() == [0, 1, 2, 0, 4, 5, 6]
        assert ids.absent("before").tolist() == [False] * 6 + [True]
        assert landuse.validate(before=before, after=after, parcel_ids=ids) == landuse.validate(
            before=before, after=after
        )
        same = before.copy()  # the same ids in the same order: one table numbered, no matching
        ids = landuse.ParcelIds(before["parcel_id"], same["parcel_id"])
        assert ids.aligned and ids.before_rows().tolist() == list(range(7)) and not ids.absent("after").any()
        shuffled = after.copy()
        shuffled.loc[0, "parcel_id"] = 7
        assert landuse.ParcelIds(before["parcel_id"], shuffled["parcel_id"]).before_rows().tolist() == [
            6,
            5,
            4,
            3,
            2,
            1,
            0,
        ]
        texts = pd.Series(["a", None, "b", None], dtype="str")
        ids = landuse.ParcelIds(texts, pd.Series(["b", "a", None, "c"], dtype="str"))
        assert ids.first("before").tolist() == [0, 1, 2, 1] and ids.absent("after").tolist() == [False] * 3 + [True]

    def test_periods_out_of_order_or_reversed(self):
        t = pd.concat(
            [
                transitions().assign(start_year=2000, end_year=2009),
                transitions().assign(start_year=1986, end_year=2000),
                transitions().iloc[[0]].assign(start_year=2018, end_year=2018, area_ha=31.0),
            ],
            ignore_index=True,
        )
        assert english(landuse.validate(transitions=t)) == [
            RowProblem(
                "transitions",
                7,
                "start_year",
                "Period 1986-2000 starts before the previous period 2000-2009 ends; expected "
                "periods listed in time order without overlap",
            ),
            RowProblem(
                "transitions",
                14,
                "start_year",
                "Period 2018-2018: start year 2018 is not before end year 2018; expected start_year < end_year",
            ),
        ]

    def test_periods_covering_different_areas(self):
        t = pd.concat(
            [
                transitions().assign(start_year=1986, end_year=2000),
                transitions().iloc[:3].assign(start_year=2000, end_year=2009),
            ],
            ignore_index=True,
        )
        assert english(landuse.validate(transitions=t)) == [
            RowProblem(
                "transitions",
                7,
                "area_ha",
                "Period 2000-2009 covers 18 ha but period 1986-2000 covers 31 ha; expected the "
                "same study-area total in every period within 0.01 ha",
            )
        ]

    def test_transition_listed_twice_in_a_period(self):
        t = pd.concat([transitions(), transitions().iloc[[1]]], ignore_index=True)
        assert english(landuse.validate(transitions=t)) == [
            RowProblem(
                "transitions",
                7,
                "to_class",
                "Duplicate row: from_class 'arable', to_class 'forest' appears again (first at "
                "row 1); expected each once",
            )
        ]

    def test_bad_rules(self):
        rules = pd.DataFrame(
            {
                "from_class": ["arable", "arable", "dump"],
                "to_class": ["arable", "arable", "arable"],
                "zone": ["invariant", "enhancement", "sink"],
            }
        )
        assert english(landuse.validate(rules=rules)) == [
            RowProblem(
                "rules",
                1,
                "to_class",
                "Duplicate row: from_class 'arable', to_class 'arable' appears again (first at "
                "row 0); expected each once",
            ),
            RowProblem(
                "rules",
                2,
                "zone",
                "Zone 'sink' is not a carbon-sink zone; expected one of invariant, enhancement, "
                "low_carbon_optimisation, emission_control",
            ),
        ]

    def test_missing_columns(self):
        t = transitions().drop(columns=["area_ha"]).assign(start_year=1986)
        assert english(landuse.validate(transitions=t)) == [
            RowProblem(
                "transitions",
                None,
                "area_ha",
                "Table 'transitions' has no column 'area_ha'; expected the columns from_class, to_class, area_ha",
            )
        ]
        t = transitions().assign(start_year=1986)
        assert english(landuse.validate(transitions=t)) == [
            RowProblem(
                "transitions",
                None,
                "end_year",
                "Table 'transitions' has no column 'end_year'; expected the columns start_year, end_year",
            )
        ]


class TestAccount:
    """The result tables of the workbook, by output id (``account``)."""

    def test_tables_by_output_id_with_shares_as_fractions(self):
        t = transitions().assign(start_year=2000, end_year=2010)
        classes = list(dict.fromkeys([*t["from_class"], *t["to_class"]]))
        table = landuse.load_classes()
        groups = dict(zip(table["id"], table["group"], strict=True))
        factors = landuse.load_carbon_loss()
        frames = landuse.account(t, classes=classes, groups=groups, rules=landuse.load_rules(), factors=factors)
        assert set(frames) == {
            "flows",
            "period_totals",
            "transfers",
            "rule_index",
            "zone_legend",
            "zones",
            "unclassified",
            "carbon_lost",
            "carbon_total",
        }
        flows, totals = frames["flows"], frames["period_totals"]
        assert totals["transferred_out"].sum() == pytest.approx(flows["transferred_out"].sum())
        assert totals["changed_share"].iloc[0] == pytest.approx(
            totals["transferred_out"].iloc[0] / totals["area_start"].iloc[0]
        )
        tr = frames["transfers"]
        assert len(tr) == len(t) and tr["long_row"].tolist() == list(range(len(t)))
        assert (flows.loc[tr["flow_row"], "class"].to_numpy() == tr["from_class"].to_numpy()).all()
        assert tr["share_of_start"].max() <= 1.0
        zones = frames["zones"]
        assert (frames["zone_legend"]["code"].iloc[zones["legend_row"]].to_numpy() == zones["zone"].to_numpy()).all()
        assert zones.groupby(["start_year", "end_year"])["share"].sum().to_numpy() == pytest.approx(1.0)
        carbon, total = frames["carbon_lost"], frames["carbon_total"]
        assert total["total_t"].sum() == pytest.approx(carbon["total_t"].sum())
        for _, row in total.iterrows():
            block = carbon.iloc[int(row["carbon_first"]) : int(row["carbon_last"]) + 1]
            assert set(zip(block["start_year"], block["end_year"], strict=True)) == {
                (row["start_year"], row["end_year"])
            }
