"""The land-use template end to end: template → filled → check → fill → read back, bad inputs,
parcel input (formulas and values), the Pingshuo example against the paper, LibreOffice."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from conftest import RefusalChecks, result_sheet
from python_calamine import CalamineWorkbook

from ecoaccount import api, cli
from ecoaccount.examples import EXAMPLES
from ecoaccount.kinds import landuse as kind

ALL = "arable, forest, grassland, urban, rural, transport, open_pit, stripping, dump, industrial, water"

# Seven transitions of 2000-2010, 31 ha (the method tests' example):
TRANSITIONS = [
    [2000, 2010, "arable", "arable", 10.0],  # invariant
    [2000, 2010, "arable", "forest", 5.0],  # enhancement
    [2000, 2010, "arable", "open_pit", 3.0],  # emission control; occupied by mining
    [2000, 2010, "forest", "forest", 4.0],  # invariant
    [2000, 2010, "grassland", "urban", 2.0],  # low-carbon optimisation
    [2000, 2010, "urban", "urban", 1.0],  # no rule -> unclassified
    [2000, 2010, "dump", "grassland", 6.0],  # enhancement
]
# The same as parcels: ids 1-7; the second table lists them in reverse order.
BEFORE = [
    [1, "arable", 10.0],
    [2, "arable", 5.0],
    [3, "arable", 3.0],
    [4, "forest", 4.0],
    [5, "grassland", 2.0],
    [6, "dump", 6.0],
    [7, "urban", 1.0],
]
AFTER = [
    [7, "urban", 1.0],
    [6, "grassland", 6.0],
    [5, "urban", 2.0],
    [4, "forest", 4.0],
    [3, "open_pit", 3.0],
    [2, "forest", 5.0],
    [1, "arable", 10.0],
]
YEARS = {"parcel_start_year": 2000, "parcel_end_year": 2010}


def make(path: Path, lang: str = "en", transitions=None, before=None, after=None, params=None, **data) -> Path:
    d = {"transitions": TRANSITIONS if transitions is None and before is None else (transitions or [])}
    if before is not None:
        d["before"], d["after"] = before, after
    d.update(data)
    api.make_template("landuse", path, lang, data=d, params=params)
    return path


def values(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def block(path: Path, sheet: str, first: str) -> dict[str, list]:
    """Rows of a result sheet keyed by their first cell, from the row whose first cell is "
    "``first``."""
    rows = values(path, sheet)
    start = next(i for i, r in enumerate(rows) if r[0] == first)
    return {r[0]: r for r in rows[start:] if r and r[0] != ""}


def checks_ok(path: Path) -> None:
    status = [r[4] for r in values(path, result_sheet(path, "checks"))[5:] if r and r[0]]
    assert status and set(status) == {"OK"}


class TestRoundTrip:
    def test_transitions_fill_matches_hand_worked(self, zh_tmp):
        src = make(zh_tmp / "土地利用.xlsx")
        assert api.check(src) == []
        out = zh_tmp / "结果.xlsx"
        summary = api.fill(src, out)
        assert summary["periods"] == ["2000-2010"] and summary["unclassified_transitions"] == 1
        m = values(out, "Matrix")
        assert m[5][:4] == ["from \\ to", "arable", "forest", "grassland"]
        arable = m[6]
        # arable row: 10 stay, 5 → forest, 3 → open pit; total 18, out 8 = 44.4 %
        assert arable[:3] == ["arable", 10, 5] and arable[7] == 3
        assert arable[12:15] == [18, 8, pytest.approx(8 / 18)]
        total = m[17]
        assert total[0] == "Total" and total[12:15] == [31, 16, pytest.approx(16 / 31)]
        zones = {r[2]: r[3:5] for r in values(out, "Zones")[4:9]}
        # invariant 10 + 4; enhancement 5 + 6; low-carbon 2; emission control 3;
        # unclassified 1 (urban → urban)
        assert zones == {
            "invariant": [14, pytest.approx(14 / 31)],
            "enhancement": [11, pytest.approx(11 / 31)],
            "low_carbon_optimisation": [2, pytest.approx(2 / 31)],
            "emission_control": [3, pytest.approx(3 / 31)],
            "unclassified": [1, pytest.approx(1 / 31)],
        }
        assert values(out, "Unclassified")[4][:6] == [2000, 2010, "urban", "urban", 1, 0]
        carbon = values(out, "Carbon")[4]
        # arable: 3 ha occupied × 82.11 t/ha soil, × 5 t/ha vegetation
        assert carbon[:5] == [2000, 2010, "arable", 3, 3]
        assert carbon[8:11] == [pytest.approx(246.33), 15, pytest.approx(261.33)]
        checks_ok(out)

    def test_carbon_sheet_has_period_totals_and_flows_the_changed_area(self, tmp_path):
        src = make(tmp_path / "in.xlsx")
        out = tmp_path / "out.xlsx"
        api.fill(src, out)
        rows = values(out, "Carbon")
        head = next(i for i, r in enumerate(rows) if i > 4 and r[0] == "Start year")
        assert rows[head][:7] == [
            "Start year",
            "End year",
            "Occupied by mining (ha)",
            "Occupied (ha)",
            "Soil carbon lost (t)",
            "Vegetation carbon lost (t)",
            "Total carbon lost (t)",
        ]
        # only arable is occupied (3 ha → open pit): 246.33 t soil + 15 t vegetation
        assert rows[head + 1][:7] == [2000, 2010, 3, 3, pytest.approx(246.33), 15, pytest.approx(261.33)]
        wb = openpyxl.load_workbook(out)
        assert wb["Carbon"].cell(head + 2, 7).value == f"=SUM($K$5:$K${head - 2})"
        flows = values(out, "Flows")
        head = next(i for i, r in enumerate(flows) if i > 4 and r[0] == "Start year")
        # 16 of 31 ha changed class (the matrix corner)
        assert flows[head + 1][:5] == [2000, 2010, 31, 16, pytest.approx(16 / 31)]
        assert "%" in wb["Flows"].cell(head + 2, 5).number_format
        assert "%" in wb["Zones"]["E5"].number_format and "%" in wb["Transfers"]["G5"].number_format

    def test_zone_codes_trace_to_the_zone_rules(self, tmp_path):
        src = make(tmp_path / "in.xlsx")
        out = tmp_path / "out.xlsx"
        api.fill(src, out)
        wb = openpyxl.load_workbook(out)
        legend = {wb["Zones"].cell(r, 7).value: r for r in range(5, 10)}
        for code in legend:
            assert code.startswith("=IFERROR(INDEX(RuleIndex!$B$5:$B$"), code
        assert wb["Zones"]["C5"].value == "=G5"
        assert wb["RuleIndex"]["A5"].value == '=ZoneRules!A5&"|"&ZoneRules!B5'
        # every formula on a result sheet refers to a cell or a defined name (no orphan such as =0)
        for name in ("Flows", "Transfers", "Zones", "Unclassified", "Carbon", "RuleIndex"):
            for row in wb[name].iter_rows(min_row=5):
                for c in row:
                    if isinstance(c.value, str) and c.value.startswith("="):
                        assert re.search(r"[A-Z]+\$?[0-9]+|LU_", c.value), (name, c.coordinate, c.value)

    def test_zh_result_is_chinese_in_every_title_header_and_sheet_name(self, zh_tmp):
        zh = [[2000, 2010, "耕地", "耕地", 10.0], [2000, 2010, "耕地", "露天采场", 3.0]]
        src = make(zh_tmp / "模板.xlsx", lang="zh", transitions=zh)
        out = zh_tmp / "结果.xlsx"
        api.fill(src, out)
        names = CalamineWorkbook.from_path(str(out)).sheet_names
        declared = [s for s in kind.outputs("parcels").sheets if s.id != "pairs"]
        for s in declared:
            assert s.zh in names and s.en not in names
        assert "转移矩阵" in names and "Matrix" not in names
        for s in declared:
            rows = values(out, s.zh)
            heads = [rows[0][0]] + [
                v for r in rows[3:] for v in r if isinstance(v, str) and ("（" in v or v.endswith("年份"))
            ]
            for text in heads:
                assert not re.search(r"[A-Za-z]{3,}", text.replace("S_ij", "")), (s.zh, text)
        assert values(out, "碳汇功能区")[3][3] == "面积（公顷）"
        assert values(out, "采矿占用碳损失")[3][5] == "土壤碳损失（吨/公顷）"

    def test_result_carries_inputs_at_same_addresses(self, tmp_path):
        src = make(tmp_path / "in.xlsx")
        out = tmp_path / "out.xlsx"
        api.fill(src, out)
        for sheet in ("Transitions", "Classes", "ZoneRules", "CarbonLoss", "Parameters"):
            assert values(out, sheet)[:60] == values(src, sheet)[:60]

    def test_every_result_cell_is_a_formula_and_parameters_are_names(self, tmp_path):
        src = make(tmp_path / "in.xlsx")
        out = tmp_path / "out.xlsx"
        api.fill(src, out)
        wb = openpyxl.load_workbook(out)
        assert wb.defined_names["LU_area_unit"].attr_text == "Parameters!$C$5"
        assert wb["Matrix"]["B7"].value == (
            "=SUMIFS(Transitions!$E$5:$E$11,Transitions!$C$5:$C$11,$A7,Transitions!$D$5:$D$11,B$6,"
            "Transitions!$A$5:$A$11,$B$4,Transitions!$B$5:$B$11,$C$4)"
        )
        assert wb["Transfers"]["F5"].value == (
            '=IFERROR(INDEX(RuleIndex!$B$5:$B$46,MATCH(C5&"|"&D5,RuleIndex!$A$5:$A$46,0)),"unclassified")'
        )
        assert wb["Carbon"]["E5"].value == "=D5*LU_area_factor"
        for name in (
            "Matrix",
            "Flows",
            "Transfers",
            "Zones",
            "Unclassified",
            "Carbon",
            "RuleIndex",
            "Settings",
        ):
            for row in wb[name].iter_rows():
                for c in row:  # no pasted numbers: every number is a formula's value
                    assert not isinstance(c.value, (int, float)), (name, c.coordinate, c.value)

    def test_several_periods_give_one_matrix_each(self, tmp_path):
        second = [
            [2010, 2020, "arable", "arable", 10.0],
            [2010, 2020, "forest", "forest", 9.0],
            [2010, 2020, "grassland", "grassland", 6.0],
            [2010, 2020, "urban", "urban", 3.0],
            [2010, 2020, "open_pit", "forest", 3.0],
        ]
        src = make(tmp_path / "in.xlsx", transitions=TRANSITIONS + second)
        assert api.check(src) == []
        out = tmp_path / "out.xlsx"
        assert api.fill(src, out)["periods"] == ["2000-2010", "2010-2020"]
        starts = [r[1:3] for r in values(out, "Matrix") if r[0] == "Period"]
        assert starts == [[2000, 2010], [2010, 2020]]
        zones = {(r[0], r[2]): r[3] for r in values(out, "Zones")[4:14]}
        assert zones[(2010, "enhancement")] == 3 and zones[(2010, "invariant")] == 25
        checks_ok(out)

    def test_zh_template_with_chinese_class_names(self, zh_tmp):
        zh = [
            [2000, 2010, "耕地", "耕地", 10.0],
            [2000, 2010, "耕地", "林地", 5.0],
            [2000, 2010, "耕地", "露天采场", 3.0],
            [2000, 2010, "城镇用地", "城镇用地", 1.0],
        ]
        src = make(zh_tmp / "模板.xlsx", lang="zh", transitions=zh)
        assert "转移表" in CalamineWorkbook.from_path(str(src)).sheet_names
        assert api.check(src) == []
        out = zh_tmp / "结果.xlsx"
        api.fill(src, out)
        carbon = values(out, "采矿占用碳损失")[4]
        assert carbon[2] == "耕地" and carbon[8] == pytest.approx(3 * 82.11)
        checks_ok(out)

    def test_area_unit_mu_gives_carbon_per_hectare(self, tmp_path):
        mu = [[*r[:4], r[4] * 15] for r in TRANSITIONS]
        src = make(tmp_path / "mu.xlsx", transitions=mu, params={"area_unit": "mu"})
        out = tmp_path / "out.xlsx"
        api.fill(src, out)
        carbon = values(out, "Carbon")[4]
        assert carbon[3] == 45 and carbon[4] == pytest.approx(3) and carbon[8] == pytest.approx(246.33)


class TestParcels:
    def test_parcels_in_other_order_are_matched_by_id_with_formulas(self, tmp_path):
        src = make(tmp_path / "p.xlsx", before=BEFORE, after=AFTER, params=YEARS)
        assert api.check(src) == []
        out = tmp_path / "out.xlsx"
        summary = api.fill(src, out)
        assert summary["mode"] == "parcels" and summary["pairs_as_formulas"]
        pairs = [r[:5] for r in values(out, "Pairs")[4:11]]
        assert pairs == [[2000, 2010, *r[2:]] for r in TRANSITIONS[:4]] + [
            [2000, 2010, "grassland", "urban", 2],
            [2000, 2010, "urban", "urban", 1],
            [2000, 2010, "dump", "grassland", 6],
        ]
        wb = openpyxl.load_workbook(out)
        assert wb["ParcelMatch"]["B5"].value == "=INDEX(ParcelsEnd!$B$5:$B$11,MATCH(A5,ParcelsEnd!$A$5:$A$11,0))"
        assert wb["Pairs"]["E5"].value == (
            "=SUMIFS(ParcelsStart!$C$5:$C$11,ParcelsStart!$B$5:$B$11,C5,ParcelMatch!$B$5:$B$11,D5)"
        )
        assert wb["Pairs"]["A5"].value == "=LU_parcel_start_year"
        checks_ok(out)

    def test_parcels_in_the_same_order_are_referenced_directly(self, tmp_path):
        src = make(tmp_path / "p.xlsx", before=BEFORE, after=sorted(AFTER), params=YEARS)
        out = tmp_path / "out.xlsx"
        api.fill(src, out)
        assert openpyxl.load_workbook(out)["ParcelMatch"]["B5"].value == "=ParcelsEnd!B5"
        assert values(out, "Matrix")[6][12:14] == [18, 8]

    def test_above_the_formula_limit_pairs_are_values_and_audit_says_so(self, tmp_path, monkeypatch):
        monkeypatch.setattr(kind, "MATCH_PARCEL_LIMIT", 5)
        src = make(tmp_path / "p.xlsx", before=BEFORE, after=AFTER, params=YEARS)
        out = tmp_path / "out.xlsx"
        assert not api.fill(src, out)["pairs_as_formulas"]
        wb = openpyxl.load_workbook(out)
        assert "ParcelMatch" not in wb.sheetnames
        assert wb["Pairs"]["E5"].value == 10 and wb["Pairs"]["C5"].value == "=Classes!A5"
        audit = {r[0]: r[1] for r in values(out, result_sheet(out, "audit")) if r and r[0]}
        assert audit["parcel summary"].startswith("values: 7 parcels exceed the formula limit of 5")
        assert "summarise_parcels" in values(out, "Pairs")[1][0]
        checks_ok(out)


class TestPingshuoExample:
    @pytest.fixture(scope="class")
    @classmethod
    def result(cls, tmp_path_factory) -> Path:
        tmp = tmp_path_factory.mktemp("pingshuo")
        ex = next(e for e in EXAMPLES if e.kind == "landuse")
        src = api.make_template(ex.kind, tmp / ex.filename, ex.lang, **ex.build(ex.lang))
        out = tmp / "result.xlsx"
        api.fill(src, out)
        return out

    def test_stated_areas_transfers_and_occupation_are_reproduced(self, result):
        rows = [r for r in values(result, "Comparison") if r[0] in ("class_area", "transferred_out", "occupied")]
        assert len(rows) == 17
        for r in rows:
            if r[8] != "":  # forest 2009: no such year in a 1986-2018 table
                assert r[8] == pytest.approx(r[6], abs=1e-9), r
        assert [r[1] for r in rows if r[8] == ""] == ["forest"]

    def test_stated_shares_are_reproduced_to_the_printed_digits(self, result):
        rows = [
            r
            for r in values(result, "Comparison")
            if r[0] in ("class_share", "transfer_share", "occupied_share") and r[8] != ""
        ]
        assert len(rows) == 14
        for r in rows:  # shares printed to 0.1 % (0.01 % for the damaged land and 22.88 %)
            assert abs(r[8] - r[6]) < 0.0005, r

    def test_carbon_lost_to_occupation_is_the_paper_arithmetic(self, result):
        carbon = {r[2]: r for r in values(result, "Carbon")[4:7]}
        # 003 Sect. 3.2: 4,482.5 ha × 82.11 t/ha soil and × 5 t/ha vegetation, etc.
        assert carbon["arable"][8:10] == [pytest.approx(368_058.075), pytest.approx(22_412.5)]
        assert carbon["forest"][8:10] == [pytest.approx(89_286.6183), pytest.approx(14_934.095)]
        assert carbon["grassland"][8:10] == [
            pytest.approx(145_612.2855),
            pytest.approx(10_544.73574),
        ]

    def test_reconstructed_rows_and_unreproducible_zone_shares_are_marked(self, result):
        notes = [r[5] for r in values(result, "Transitions")[4:45]]
        assert len(notes) == 41 and all(n.startswith("reconstructed: ") for n in notes)
        zone_rows = [r for r in values(result, "Comparison") if r[0] == "zone_share"]
        assert len(zone_rows) == 15 and all(r[8] == "" for r in zone_rows)
        assert {r[7] for r in zone_rows if r[1] == "unclassified"} == {"reconstructed"}
        checks_ok(result)


class TestBadInput(RefusalChecks):
    def test_period_whose_start_is_not_before_its_end(self, tmp_path):
        src = make(tmp_path / "x.xlsx", transitions=[[2010, 2010, *r[2:]] for r in TRANSITIONS])
        assert self.problems(src) == [
            "Transitions!A5: Period 2010-2010: start year 2010 is not before end year 2010; "
            "expected start_year < end_year"
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_periods_out_of_order(self, tmp_path):
        later = [[2010, 2020, *r[2:]] for r in TRANSITIONS]
        src = make(tmp_path / "x.xlsx", transitions=later + TRANSITIONS)
        assert self.problems(src) == [
            "Transitions!A12: Period 2000-2010 starts before the previous period 2010-2020 ends; "
            "expected periods listed in time order without overlap"
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_duplicated_transition_in_a_period(self, tmp_path):
        src = make(tmp_path / "x.xlsx", transitions=TRANSITIONS + [[2000, 2010, "arable", "forest", 1.0]])
        assert self.problems(src) == [
            "Transitions!A12: Duplicate row: 2000 / 2010 / arable / forest appears again (first at "
            "Transitions!A6); expected each once"
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_class_not_in_the_rules(self, tmp_path):
        src = make(tmp_path / "x.xlsx", transitions=TRANSITIONS + [[2000, 2010, "orchard", "arable", 1.0]])
        assert self.problems(src) == [
            "Transitions!C12: Land class 'orchard' does not appear in the zone rules; expected "
            f"one of {ALL} "
            "(or add the class to the rules table)"
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_class_in_the_rules_but_not_in_the_classes_table(self, tmp_path):
        data, _ = kind.template_data("en")
        classes = [r for r in data["classes"] if r[0] != "water"]
        src = make(
            tmp_path / "x.xlsx",
            transitions=TRANSITIONS + [[2000, 2010, "water", "water", 1.0]],
            classes=classes,
        )
        found = self.problems(src)
        expected_list = ALL.replace(", water", "")
        assert (
            "Transitions!C12: Land class 'water' is not in the Classes table; expected one of "
            f"{expected_list} "
            "(or add 'water' to the Classes table)" in found
        )
        assert "ZoneRules!B25: Land class 'water' is not in the Classes table" in "\n".join(found)
        assert len(found) == 1 + 4  # the transition, and the four rules into water
        self.assert_nothing_written(src, tmp_path)

    def test_periods_whose_areas_do_not_balance(self, tmp_path):
        # 2010 areas after the first period: arable 10, forest 9, grassland 6, urban 3, open pit 3
        second = [
            [2010, 2020, "arable", "arable", 12.0],
            [2010, 2020, "forest", "forest", 9.0],
            [2010, 2020, "grassland", "grassland", 6.0],
            [2010, 2020, "urban", "urban", 3.0],
            [2010, 2020, "open_pit", "forest", 3.0],
        ]
        src = make(tmp_path / "x.xlsx", transitions=TRANSITIONS + second)
        assert self.problems(src) == [
            "Transitions!E12: Class 'arable' covers 10 ha at the end of period 2000-2010 but 12 "
            "ha at the start "
            "of period 2010-2020 (difference 2 ha); expected the same 2010 area within 0.01 ha",
            "Transitions!E12: Period 2010-2020 covers 33 ha but period 2000-2010 covers 31 ha; "
            "expected the "
            "same study-area total in every period within 0.01 ha",
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_parcel_areas_that_do_not_balance_between_the_dates(self, tmp_path):
        after = [list(r) for r in AFTER]
        after[2][2] = 2.5  # parcel 5: 2 ha at the first date
        src = make(tmp_path / "x.xlsx", before=BEFORE, after=after, params=YEARS)
        assert self.problems(src) == [
            "ParcelsEnd!C4: Parcels total 31 ha at the first date and 31.5 ha at the second "
            "(difference 0.5 ha); "
            "expected equal totals within 0.01 ha, because both dates must cover the same study "
            "area",
            "ParcelsEnd!C7: Parcel '5' has 2.5 ha here but 2 ha at ParcelsStart!C9; expected "
            "the same area at "
            "both dates within 0.01 ha (a parcel is one polygon of the overlay of the two maps)",
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_parcel_missing_at_one_date_and_repeated(self, tmp_path):
        src = make(tmp_path / "x.xlsx", before=BEFORE + [[1, "arable", 1.0]], after=AFTER[1:], params=YEARS)
        found = self.problems(src)
        assert (
            "ParcelsStart!A12: Parcel '1' appears again (first at ParcelsStart!A5); expected "
            "each parcel id "
            "once per table" in found
        )
        assert (
            "ParcelsStart!A11: Parcel '7' is in the ParcelsStart table but not in the ParcelsEnd table; "
            "expected every "
            "parcel in both tables" in found
        )
        self.assert_nothing_written(src, tmp_path)

    @staticmethod
    def _identity_case(path: Path, lang: str, variant: str) -> list[str]:
        """The parcels of BEFORE/AFTER in the book's language with identity problems added."""
        data, _ = kind.template_data(lang)
        names = dict(zip(ALL.split(", "), (r[0] for r in data["classes"]), strict=True))

        def rows(extra):
            return [[pid, names[cls], area] for pid, cls, area in extra]

        if variant == "repeated":  # water left out of Classes; 2 and 6 repeated; 8 and 9 at one date only
            before = rows([*BEFORE, [8, "water", 1.0], [2, "arable", 5.0], [10, "forest", 2.0]])
            after = rows([*AFTER, [9, "water", 1.0], [6, "grassland", 6.0], [10, "forest", 2.5]])
            classes = [r for r in data["classes"] if r[0] != names["water"]]
            src = make(path, lang=lang, before=before, after=after, params=YEARS, classes=classes)
        else:  # each id once: 10 and 11 at one date only, parcel 6 with another area
            before = rows([*BEFORE, [10, "forest", 2.0]])
            after = rows([*AFTER, [11, "forest", 2.0]])
            after[1][2] = 6.5
            src = make(path, lang=lang, before=before, after=after, params=YEARS)
        return [p.render(lang) for p in api.check(src)]

    def test_parcel_identity_problems_in_english(self, tmp_path):
        expected = "expected one of " + ALL.replace(", water", "") + " (or add 'water' to the Classes table)"
        assert self._identity_case(tmp_path / "x.xlsx", "en", "repeated") == [
            "ParcelsEnd!C4: Parcels total 39 ha at the first date and 40.5 ha at the second (difference 1.5 ha); "
            "expected equal totals within 0.01 ha, because both dates must cover the same study area",
            "ParcelsEnd!A12: Parcel '9' is in the ParcelsEnd table but not in the ParcelsStart table; "
            "expected every parcel in both tables",
            f"ParcelsEnd!B12: Land class 'water' is not in the Classes table; {expected}",
            "ParcelsEnd!A13: Parcel '6' appears again (first at ParcelsEnd!A6); expected each parcel id once per table",
            "ParcelsStart!A12: Parcel '8' is in the ParcelsStart table but not in the ParcelsEnd table; "
            "expected every parcel in both tables",
            f"ParcelsStart!B12: Land class 'water' is not in the Classes table; {expected}",
            "ParcelsStart!A13: Parcel '2' appears again (first at ParcelsStart!A6); "
            "expected each parcel id once per table",
            f"ZoneRules!B25: Land class 'water' is not in the Classes table; {expected}",
            f"ZoneRules!B30: Land class 'water' is not in the Classes table; {expected}",
            f"ZoneRules!B34: Land class 'water' is not in the Classes table; {expected}",
        ]
        assert self._identity_case(tmp_path / "y.xlsx", "en", "unique") == [
            "ParcelsEnd!C4: Parcels total 33 ha at the first date and 33.5 ha at the second (difference 0.5 ha); "
            "expected equal totals within 0.01 ha, because both dates must cover the same study area",
            "ParcelsEnd!C6: Parcel '6' has 6.5 ha here but 6 ha at ParcelsStart!C10; expected the same area at "
            "both dates within 0.01 ha (a parcel is one polygon of the overlay of the two maps)",
            "ParcelsEnd!A12: Parcel '11' is in the ParcelsEnd table but not in the ParcelsStart table; "
            "expected every parcel in both tables",
            "ParcelsStart!A12: Parcel '10' is in the ParcelsStart table but not in the ParcelsEnd table; "
            "expected every parcel in both tables",
        ]

    def test_parcel_identity_problems_in_chinese(self, zh_tmp):
        listed = "耕地、林地、草地、城镇用地、农村居民点、交通运输用地、露天采场、剥离区、排土场、工业广场"
        unlisted = f"地类 '水域' 不在“地类”表中；应为以下之一：{listed}（或将 '水域' 添加到“地类”表中）"
        assert self._identity_case(zh_tmp / "地块.xlsx", "zh", "repeated") == [
            f"分区规则!B25: {unlisted}",
            f"分区规则!B30: {unlisted}",
            f"分区规则!B34: {unlisted}",
            "期初地块!A12: 地块 '8' 在 期初地块 表中存在，但不在 期末地块 表中；每个地块应同时出现在两张表中",
            f"期初地块!B12: {unlisted}",
            "期初地块!A13: 地块 '2' 再次出现（首次出现在 期初地块!A6）；每张表中每个地块编号应只出现一次",
            "期末地块!C4: 地块面积合计：第一个时点为 39 公顷，第二个时点为 40.5 公顷（相差 1.5 公顷）；"
            "两个时点的合计应在 0.01 ha 误差内相等，因为两个时点必须覆盖同一研究区",
            "期末地块!A12: 地块 '9' 在 期末地块 表中存在，但不在 期初地块 表中；每个地块应同时出现在两张表中",
            f"期末地块!B12: {unlisted}",
            "期末地块!A13: 地块 '6' 再次出现（首次出现在 期末地块!A6）；每张表中每个地块编号应只出现一次",
        ]
        assert self._identity_case(zh_tmp / "地块2.xlsx", "zh", "unique") == [
            "期初地块!A12: 地块 '10' 在 期初地块 表中存在，但不在 期末地块 表中；每个地块应同时出现在两张表中",
            "期末地块!C4: 地块面积合计：第一个时点为 33 公顷，第二个时点为 33.5 公顷（相差 0.5 公顷）；"
            "两个时点的合计应在 0.01 ha 误差内相等，因为两个时点必须覆盖同一研究区",
            "期末地块!C6: 地块 '6' 在此处为 6.5 公顷，但在 期初地块!C10 处为 6 公顷；"
            "两个时点的面积应在 0.01 公顷 误差内相同（一个地块即两期地图叠加后的一个多边形）",
            "期末地块!A12: 地块 '11' 在 期末地块 表中存在，但不在 期初地块 表中；每个地块应同时出现在两张表中",
        ]

    def test_parcel_ids_empty_spaced_or_typed_differently(self, tmp_path):
        def found(name, before, after):
            return self.problems(make(tmp_path / f"{name}.xlsx", before=before, after=after, params=YEARS))

        empty = [None, "arable", 1.0]
        assert found("both", [*BEFORE, empty], [*AFTER, empty]) == [
            "ParcelsEnd!A12: Parcel id is empty; expected a value",
            "ParcelsStart!A12: Parcel id is empty; expected a value",
        ]
        assert found("one", [*BEFORE, empty], AFTER) == [
            "ParcelsEnd!C4: Parcels total 32 ha at the first date and 31 ha at the second (difference -1 ha); "
            "expected equal totals within 0.01 ha, because both dates must cover the same study area",
            "ParcelsStart!A12: Parcel id is empty; expected a value",
        ]
        # ' 7 ' is 7 (spaces trimmed); 'x' and 'X' are two parcels; 7.0 is '7' but '07' is not
        assert found(
            "spaced",
            [*BEFORE, [" 7 ", "urban", 1.0], ["x", "urban", 1.0]],
            [*AFTER, ["7", "urban", 1.0], ["X", "urban", 1.0]],
        ) == [
            "ParcelsEnd!A12: Parcel '7' appears again (first at ParcelsEnd!A5); expected each parcel id once per table",
            "ParcelsEnd!A13: Parcel 'X' is in the ParcelsEnd table but not in the ParcelsStart table; "
            "expected every parcel in both tables",
            "ParcelsStart!A12: Parcel '7' appears again (first at ParcelsStart!A11); "
            "expected each parcel id once per table",
            "ParcelsStart!A13: Parcel 'x' is in the ParcelsStart table but not in the ParcelsEnd table; "
            "expected every parcel in both tables",
        ]
        assert found("typed", [*BEFORE, [7.0, "urban", 1.0]], [*AFTER, ["07", "urban", 1.0]]) == [
            "ParcelsEnd!A12: Parcel '07' is in the ParcelsEnd table but not in the ParcelsStart table; "
            "expected every parcel in both tables",
            "ParcelsStart!A12: Parcel '7' appears again (first at ParcelsStart!A11); "
            "expected each parcel id once per table",
        ]

    def test_parcel_years_missing(self, tmp_path):
        src = make(tmp_path / "x.xlsx", before=BEFORE, after=AFTER)
        assert self.problems(src) == [
            "Parameters!C6: Parameter 'parcel_start_year' is empty; expected the year of the "
            "first land-use map, "
            "because the parcel tables are filled",
            "Parameters!C7: Parameter 'parcel_end_year' is empty; expected the year of the "
            "second land-use map, "
            "because the parcel tables are filled",
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_both_inputs_or_none(self, tmp_path):
        both = make(
            tmp_path / "both.xlsx",
            transitions=TRANSITIONS,
            before=BEFORE,
            after=AFTER,
            params=YEARS,
        )
        assert self.problems(both) == [
            "Transitions!A5: The Transitions table has 7 row(s) and the parcel tables have 14 "
            "row(s); expected "
            "one of the two (clear the Transitions table or the parcel tables)"
        ]
        none = make(tmp_path / "none.xlsx", transitions=[], before=[], after=[])
        assert self.problems(none) == [
            "Transitions!A5: Neither the Transitions table nor the two parcel tables have rows; "
            "expected one of "
            "the two (a long table of from class, to class and area, or the parcels of both dates)"
        ]
        self.assert_nothing_written(both, tmp_path)

    def test_negative_area_and_class_name_with_wildcards(self, tmp_path):
        data, _ = kind.template_data("en")
        rows = [list(r) for r in TRANSITIONS]
        rows[1][4] = -5.0
        src = make(
            tmp_path / "x.xlsx",
            transitions=rows,
            classes=data["classes"] + [["bare*", "other", None, None]],
        )
        assert self.problems(src) == [
            "Classes!A16: Land class 'bare*' starts with = < > or contains * ? ~ |; expected a "
            "plain name "
            "(spreadsheet lookups would read those characters as patterns)",
            "Transitions!E6: Area is -5; expected a value of 0 or more",
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_unknown_zone_in_rules(self, tmp_path):
        data, _ = kind.template_data("en")
        rules = data["rules"] + [["urban", "urban", "grey", None]]
        src = make(tmp_path / "x.xlsx", rules=rules)
        assert self.problems(src) == [
            "ZoneRules!C47: Zone 'grey' is not one of invariant, enhancement, low_carbon_optimisation, emission_control"
        ]

    def test_cli_check_exits_2_and_fill_writes_nothing(self, tmp_path, capsys):
        src = make(tmp_path / "x.xlsx", transitions=[[2010, 2010, *r[2:]] for r in TRANSITIONS])
        assert cli.main(["check", str(src)]) == 2
        assert "Transitions!A5: Period 2010-2010" in capsys.readouterr().out
        assert cli.main(["fill", str(src), "-o", str(tmp_path / "o.xlsx")]) == 2
        assert not (tmp_path / "o.xlsx").exists()


class TestLibreOffice:
    def test_results_agree_with_libreoffice(self, zh_tmp, libreoffice_agrees):
        outs = []
        ex = next(e for e in EXAMPLES if e.kind == "landuse")
        src = api.make_template(ex.kind, zh_tmp / ex.filename, ex.lang, **ex.build(ex.lang))
        cases = {
            "example": src,
            "periods": make(
                zh_tmp / "periods.xlsx",
                transitions=TRANSITIONS
                + [
                    [2010, 2020, "arable", "arable", 10.0],
                    [2010, 2020, "forest", "forest", 9.0],
                    [2010, 2020, "grassland", "grassland", 6.0],
                    [2010, 2020, "urban", "urban", 3.0],
                    [2010, 2020, "open_pit", "forest", 3.0],
                ],
                params={"area_unit": "mu"},
            ),
            "parcels_matched": make(zh_tmp / "parcels.xlsx", before=BEFORE, after=AFTER, params=YEARS),
            "parcels_same_order": make(zh_tmp / "parcels2.xlsx", before=BEFORE, after=sorted(AFTER), params=YEARS),
            "中文": make(
                zh_tmp / "中文.xlsx",
                lang="zh",
                transitions=[
                    [2000, 2010, "耕地", "耕地", 10.0],
                    [2000, 2010, "耕地", "露天采场", 3.0],
                    [2000, 2010, "城镇用地", "城镇用地", 1.0],
                ],
            ),
        }
        for name, path in cases.items():
            out = zh_tmp / f"{name}_result.xlsx"
            api.fill(path, out, sentinel=True)
            outs.append(out)
        assert libreoffice_agrees(*outs) > 2000
