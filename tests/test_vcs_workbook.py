"""The VCS template kind: example workbook against hand-worked numbers, formulas a person can audit,
LibreOffice agreement, template round trips, bad input (exact messages, no output file).

Hand-worked numbers of the synthetic example (ecoaccount/examples/vcs_synthetic.py; derivations in
tests/test_vcs.py::TestSyntheticExample): 2.2 x 1.63 = 3.586 g CO2 per g C, 1 g CO2 m-2 on 1 ha =
0.01 t CO2, years 2010-2021 without 2015.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from ecoaccount import api
from ecoaccount import messages as M
from ecoaccount.errors import InvalidWorkbookError
from ecoaccount.examples import EXAMPLES
from ecoaccount.examples import vcs_synthetic as ex
from ecoaccount.kinds import KINDS

F = 2.2 * 1.63


def grid(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def rows_by(path: Path, sheet: str, *keys: int) -> dict[tuple, list]:
    """Data rows (from row 5) keyed by the values of the given columns."""
    return {tuple(r[k] for k in keys): r for r in grid(path, sheet)[4:] if r and r[0] != ""}


def make(path: Path, lang: str = "en", annual=None, events=None, **params) -> Path:
    kw = ex.template_kwargs(lang)
    data = {
        "annual": annual if annual is not None else kw["data"]["annual"],
        "events": events if events is not None else kw["data"]["events"],
    }
    return api.make_template("vcs", path, lang, data=data, params={**kw["params"], **params}, notes=kw["notes"])


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("vcs")
    src = make(folder / "vcs_synthetic_mines.xlsx")
    out = folder / "vcs_synthetic_mines_result.xlsx"
    api.fill(src, out, sentinel=True)
    return out


@pytest.fixture(scope="module")
def interleaved(tmp_path_factory) -> Path:
    """The example with its mines' patches interleaved in Annual and Events (C1, D1, A1, C2, B1, D2)."""
    folder = tmp_path_factory.mktemp("vcs_mixed_order")
    kw = ex.template_kwargs()
    order = ["C1", "D1", "A1", "C2", "B1", "D2"]
    annual = sorted(kw["data"]["annual"], key=lambda r: order.index(r[1]))
    events = sorted(kw["data"]["events"], key=lambda r: -order.index(r[1]))
    src = make(folder / "interleaved.xlsx", annual=annual, events=events)
    out = folder / "interleaved_result.xlsx"
    api.fill(src, out, sentinel=True)
    return out


class TestRegistration:
    def test_kind_and_example_are_registered(self):
        assert "vcs" in KINDS
        assert any(e.kind == "vcs" and e.filename == "vcs_synthetic_mines.xlsx" for e in EXAMPLES)

    def test_parameters_are_the_papers(self):
        spec = KINDS["vcs"].SPEC
        assert spec.param("npp_to_organic_matter").default == 2.2
        assert spec.param("organic_matter_to_co2").default == 1.63
        assert spec.param("mass_unit").choices == ("mass_unit",)
        assert spec.name_prefix == "VCS"


class TestExampleAgainstHandWorkedNumbers:
    def test_per_mine(self, example):
        m = rows_by(example, "Mines", 0)
        # mine A: destroyed 2014, never restored: C_destroy = -1250 x 3.586 x 2 x 0.01
        assert m[("A",)][12] == pytest.approx(89.65)
        assert m[("A",)][10] == pytest.approx(-89.65) and m[("A",)][11] == 0
        assert m[("A",)][6] == pytest.approx(9.3236)  # 2 ha x 130 x 0.03586
        # mine B: restored above the baseline
        assert m[("B",)][11] == pytest.approx(5.379)
        assert m[("B",)][12] == pytest.approx(32.274)
        assert m[("B",)][8] == 1.0 and m[("B",)][9] == pytest.approx(1.5)  # R_V, R_VCS
        # mine C: destroyed in the missing year 2015, restored below the baseline
        assert m[("C",)][6] == pytest.approx(18.6472)  # 4 ha x 130 (2014) x 0.03586
        assert m[("C",)][10] == pytest.approx(-96.822)
        assert m[("C",)][11] == pytest.approx(-19.3644)
        assert m[("C",)][12] == pytest.approx(116.1864)
        # mine D: D1 has one pre-destruction year only -> excluded, shown as such
        assert m[("D",)][1:5] == [2, 1, 1, 0]
        assert m[("D",)][12] == 0

    def test_total(self, example):
        total = next(r for r in grid(example, "Mines") if r[0] == "Total")
        assert total[12] == pytest.approx(238.1104)  # VCSD, t CO2
        assert total[6] == pytest.approx(38.7288) and total[7] == pytest.approx(20.4402)
        assert total[8] == pytest.approx(5 / 9)  # R_V = (3 + 2) / (2 + 3 + 4)
        assert total[9] == pytest.approx(20.4402 / 38.7288)

    def test_missing_year_is_folded_into_the_next(self, example):
        my = rows_by(example, "MineYear", 0, 1)
        assert ("C", 2015) not in my
        c2016 = my[("C", 2016)]
        assert c2016[2] == 4.0  # destroyed 2015 -> counted in 2016
        assert c2016[6] == pytest.approx(130 * F)  # C_ddper = VCS of 2014, g CO2 m-2
        ty = [r[0] for r in grid(example, "TotalYear")[4:] if r and r[0] != ""]
        assert ty == list(ex.YEARS)
        base = rows_by(example, "Baseline", 1)
        assert base[("C1",)][3:7] == [2015, 2016, 2019, 2019]  # events: as entered and counted

    def test_baseline_and_cumulative_vcsd(self, example):
        base = rows_by(example, "Baseline", 1)
        # A1: NPP 100, 110, 120, 130 -> slope 10 x 3.586 per year; B1: fit on 90, 110, 100
        a1, b1 = base[("A1",)], base[("B1",)]
        assert a1[13] == pytest.approx(35.86) and b1[13] == pytest.approx(17.93)
        assert b1[14] == pytest.approx(-35698.63)
        assert (a1[11], a1[12]) == (2010, 2013)
        assert base[("D1",)][10] == 0 and base[("D1",)][13] == ""  # no line: excluded
        ty = grid(example, "TotalYear")
        assert [r for r in ty if r and r[0] == 2021][0][12] == pytest.approx(238.1104)

    def test_checks_all_ok(self, example):
        status = [r[4] for r in grid(example, "Checks")[5:] if r and r[0]]
        assert len(status) >= 10 and set(status) == {"OK"}


class TestFormulas:
    @pytest.fixture(scope="class")
    @classmethod
    def wb(cls, example):
        return openpyxl.load_workbook(example)

    def test_slope_and_intercept_over_the_pre_destruction_block(self, wb):
        b = wb["Baseline"]
        # A1: PatchYear rows 5-15, destroyed 2014 -> fit on 2010-2013 = rows 5-8
        assert b["N5"].value == '=IF(K5=1,SLOPE(PatchYear!$E$5:$E$8,PatchYear!$C$5:$C$8),"")'
        assert b["O5"].value == '=IF(K5=1,INTERCEPT(PatchYear!$E$5:$E$8,PatchYear!$C$5:$C$8),"")'
        # B1: rows 16-26, destroyed 2013 -> 2010-2012 = rows 16-18; C1: rows 27-37, 2010-2014
        assert b["N6"].value == '=IF(K6=1,SLOPE(PatchYear!$E$16:$E$18,PatchYear!$C$16:$C$18),"")'
        assert b["N7"].value == '=IF(K7=1,SLOPE(PatchYear!$E$27:$E$31,PatchYear!$C$27:$C$31),"")'

    def test_parameters_are_defined_names_of_their_cells(self, wb):
        assert wb["PatchYear"]["E5"].value == ('=IF(D5="","",D5*VCS_npp_to_organic_matter*VCS_organic_matter_to_co2)')
        names = wb.defined_names
        assert names["VCS_npp_to_organic_matter"].attr_text.startswith("Parameters!$C$")
        assert names["VCS_mass_factor"].attr_text == "Settings!$C$6"

    def test_one_formula_shape_per_column(self, wb):
        ws = wb["PatchYear"]
        for col in "DEFGHIJKLMNOPQ":
            shapes = {_shape(ws[f"{col}{r}"].value, r) for r in range(5, 71)}
            assert len(shapes) == 1, (col, shapes)

    def test_inputs_are_carried_at_the_same_addresses(self, wb):
        assert wb["Annual"]["B5"].value == "A1" and wb["Events"]["B5"].value == "C1"
        assert wb["PatchYear"]["A5"].value == "=Annual!A5"


def _shape(formula: str, row: int) -> str:
    """A formula with absolute rows as $R, relative rows as offsets from its own row, and single
    cells of another sheet as ``Sheet!X#`` (taken at the row position the engine gives, as one
    template per column renders them)."""
    import re

    formula = re.sub(r"\$\d+", "$R", formula)
    formula = re.sub(r"(!\$?[A-Z]+)\d+\b", r"\1#", formula)
    return re.sub(r"(?<=[A-Z])(\d+)\b", lambda m: f"r{int(m.group(1)) - row:+d}", formula)


class TestDeclaredSheets:
    def test_zh_book_names_its_result_sheets_and_headers_in_chinese(self, zh_tmp):
        out = zh_tmp / "固碳_中文.xlsx"
        api.fill(make(zh_tmp / "固碳_中文输入.xlsx", "zh", mass_unit="Gg"), out)
        book = CalamineWorkbook.from_path(str(out))
        assert {"图斑逐年", "基线", "矿区逐年", "全部矿区逐年", "矿区汇总"} <= set(book.sheet_names)
        cjk = re.compile(r"[\u4e00-\u9fff]")
        for sheet in ("图斑逐年", "基线", "矿区逐年", "全部矿区逐年", "矿区汇总"):
            g = grid(out, sheet)
            assert cjk.search(g[0][0]) and "千吨 CO₂" in g[0][0] + "".join(map(str, g[3])), sheet
            for head in g[3]:
                assert head == "" or cjk.search(head), (sheet, head)
        mines = grid(out, "矿区汇总")
        assert mines[3][12] == "固碳亏缺 VCSD（千吨 CO₂）"
        assert next(r for r in mines if r[0] == "合计")[12] == pytest.approx(0.2381104)

    def test_rates_are_percentages(self, example):
        wb = openpyxl.load_workbook(example)
        for sheet, cols in (("Mines", "IJ"), ("MineYear", "IJ"), ("TotalYear", "HI")):
            ws = wb[sheet]
            assert [ws[f"{c}4"].value for c in cols] == ["R_V", "R_VCS"], sheet
            assert all("%" in ws[f"{c}5"].number_format for c in cols), sheet
        total = next(r for r in wb["Mines"].iter_rows() if r[0].value == "Total")
        assert "%" in total[8].number_format and total[8].value == '=IF(E12>0,F12/E12,"")'

    def test_every_check_reads_the_workbook(self, example):
        # no orphan formula: both sides of every check have a cell of a result sheet among their precedents
        ws = openpyxl.load_workbook(example)["Checks"]
        for r in range(6, ws.max_row + 1):
            for c in "BC":
                f = ws[f"{c}{r}"].value
                if f is not None:
                    assert re.search(r"[A-Za-z]+!\$?[A-Z]+\$?\d", f), f"Checks!{c}{r}: {f}"

    def test_headlines_and_charts_are_declared(self):
        spec = KINDS["vcs"].OUTPUTS
        heads = {(t.id, c.id) for t, c in spec.headlines()}
        for c in ("vcsd", "r_v", "r_vcs", "destroyed", "restored", "direct_decrease", "direct_increase"):
            assert ("mines_total", c) in heads, c
        charts = {(t.id, c.id) for s in spec.sheets for t in s.tables for c in t.columns if c.chart}
        assert {
            ("total_year", "vcsd"),
            ("total_year", "vcsd_cum"),
            ("patch_year", "baseline"),
            ("mines", "vcsd"),
        } <= charts


class TestMinesInterleaved:
    """Patches of one mine need not be adjacent in the input: the result groups them, so that every
    per-mine sum reads one block of rows only, and the numbers are those of the example."""

    def test_patch_year_groups_each_mine_in_order_of_first_appearance(self, interleaved):
        mines = [r[0] for r in grid(interleaved, "PatchYear")[4:] if r and r[0] != ""]
        assert list(dict.fromkeys(mines)) == ["C", "D", "A", "B"]
        assert mines == sorted(mines, key=["C", "D", "A", "B"].index)
        patches = [r[1] for r in grid(interleaved, "Baseline")[4:] if r and r[0] != ""]
        assert patches == ["C1", "C2", "D1", "D2", "A1", "B1"]

    def test_same_numbers_as_the_example(self, interleaved, example):
        for sheet, keys in (("Mines", (0,)), ("MineYear", (0, 1)), ("Baseline", (0, 1))):
            assert rows_by(interleaved, sheet, *keys) == rows_by(example, sheet, *keys), sheet
        # the totals over all mines add the same numbers in another order
        ty, ty_ex = rows_by(interleaved, "TotalYear", 0), rows_by(example, "TotalYear", 0)
        assert ty.keys() == ty_ex.keys()
        for key, row in ty.items():
            assert row == [v if v == "" else pytest.approx(v, rel=1e-12) for v in ty_ex[key]]
        status = [r[4] for r in grid(interleaved, "Checks")[5:] if r and r[0]]
        assert set(status) == {"OK"}

    def test_per_mine_sums_read_their_own_block(self, interleaved):
        wb = openpyxl.load_workbook(interleaved)
        # mine D: patches D1, D2 = PatchYear rows 27-48 (11 years each), Baseline rows 7-8
        assert wb["MineYear"]["C16"].value == (
            "=SUMIFS(PatchYear!$F$27:$F$48,PatchYear!$C$27:$C$48,B16,PatchYear!$Q$27:$Q$48,1)"
        )
        assert wb["Mines"]["B6"].value == "=COUNTIFS(Baseline!$A$7:$A$8,A6)"
        assert wb["Mines"]["E6"].value == "=SUM(MineYear!$C$16:$C$26)"


class TestLibreOffice:
    def test_example_mixed_pixel_zh_and_interleaved_workbooks_agree(
        self, example, zh_tmp, libreoffice_agrees, interleaved
    ):
        src = api.make_template(
            "vcs",
            zh_tmp / "混合像元.xlsx",
            "zh",
            data={"annual": _mixed_rows()},
            params={"area_unit": "mu", "mass_unit": "Gg"},
        )
        out = zh_tmp / "混合像元_结果.xlsx"
        api.fill(src, out, sentinel=True)
        assert libreoffice_agrees(example, out, interleaved) > 3000


def _mixed_rows() -> list[list]:
    """One mine, two patches of 25-mu pixels; P1 destroyed 2013 (15 mu), half restored 2016."""
    rows = []
    for patch, npp_b, d_year, r_year in (("P1", 200.0, 2013, 2016), ("P2", 180.0, None, None)):
        for y in range(2010, 2018):
            bare = d_year is not None and d_year <= y < r_year
            rows.append(
                [
                    "矿1",
                    patch,
                    y,
                    None,
                    npp_b + 3 * (y - 2010),
                    50.0,
                    25.0,
                    0.0 if bare else 20.0,
                    15.0 if y == d_year else None,
                    7.5 if y == r_year else None,
                ]
            )
    return rows


class TestRoundTrip:
    def test_empty_template(self, zh_tmp):
        for lang, sheet in (("en", "Annual"), ("zh", "逐年数据")):
            path = api.make_template("vcs", zh_tmp / f"vcs_{lang}.xlsx", lang)
            g = grid(path, sheet)
            assert g[3][:3] == (["Mine", "Patch", "Year"] if lang == "en" else ["矿区", "图斑", "年份"])
            problems = api.check(path)
            assert [str(p) for p in problems] == [f"{sheet}!A5: " + str(M.EMPTY_TABLE.format(table="Annual"))]

    def test_zh_template_in_a_chinese_path_gives_the_same_numbers(self, zh_tmp, example):
        src = make(zh_tmp / "固碳示例.xlsx", "zh")
        out = zh_tmp / "固碳示例_结果.xlsx"
        summary = api.fill(src, out)
        assert summary["total"]["vcsd"] == pytest.approx(238.1104)

        def numbers(g: list[list]) -> list[list]:  # the data rows of the mines and of their total
            return [r[1:] for r in g[4:] if not isinstance(r[1], str)]

        assert numbers(grid(out, "矿区汇总")) == numbers(grid(example, "Mines"))
        assert "'逐年数据'!A5" in openpyxl.load_workbook(out)["图斑逐年"]["A5"].value

    def test_gg_and_mu(self, tmp_path):
        # areas typed in mu (1 mu = 1/15 ha): the same land as 15 x the ha numbers
        kw = ex.template_kwargs()
        annual = copy.deepcopy(kw["data"]["annual"])
        for r in annual:
            r[8] = r[8] * 15 if r[8] else r[8]
            r[9] = r[9] * 15 if r[9] else r[9]
        events = [[m, p, a * 15, d, r] for m, p, a, d, r in kw["data"]["events"]]
        src = make(tmp_path / "gg.xlsx", annual=annual, events=events, area_unit="mu", mass_unit="Gg")
        out = tmp_path / "gg_out.xlsx"
        s = api.fill(src, out)
        assert s["unit"] == "Gg CO2"
        total = next(r for r in grid(out, "Mines") if r[0] == "Total")
        assert total[12] == pytest.approx(0.2381104)
        assert total[4] == pytest.approx(9.0)  # destroyed area shown in ha
        base = grid(out, "Baseline")
        assert base[3][2] == "Events: area (mu)" and base[3][20] == "C_destroy (Gg CO₂)"
        c1 = next(r for r in base if r[1] == "C1")
        assert c1[2] == pytest.approx(30.0)  # 2 ha typed as 30 mu in Events, shown as typed
        a1 = next(r for r in base if r[1] == "A1")
        assert a1[2:5] == [0, 0, 0]  # no row in Events: its key guard gives 0

    def test_yearly_areas_and_events_give_the_same_result(self, tmp_path, example):
        yearly = [
            [m, p, y, n, None, None, None, None, d or None, r or None]
            for m, p, y, n, d, r in ex.annual()[
                ["mine", "patch", "year", "npp", "destroyed_ha", "restored_ha"]
            ].itertuples(index=False)
        ]
        src = make(tmp_path / "yearly.xlsx", annual=yearly, events=[])
        out = tmp_path / "yearly_out.xlsx"
        api.fill(src, out)
        assert grid(out, "Mines")[4:] == grid(example, "Mines")[4:]
        assert grid(out, "MineYear")[4:] == grid(example, "MineYear")[4:]


def _bad(tmp_path: Path, name: str, annual=None, events=None, **params) -> list[str]:
    kw = ex.template_kwargs()
    a = copy.deepcopy(kw["data"]["annual"]) if annual is None else annual
    e = copy.deepcopy(kw["data"]["events"]) if events is None else events
    src = make(tmp_path / f"{name}.xlsx", annual=a, events=e, **params)
    out = tmp_path / f"{name}_out.xlsx"
    with pytest.raises(InvalidWorkbookError) as err:
        api.fill(src, out)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ecoaccount-")]
    return [str(p) for p in err.value.problems]


def _annual() -> list[list]:
    return copy.deepcopy(ex.template_kwargs()["data"]["annual"])


class TestBadInput:
    """Rows of the example: A1 in Annual rows 5-15 (2010-2014, 2016-2021), B1 16-26, C1 27-37."""

    def test_years_out_of_order(self, tmp_path):
        a = _annual()
        a[1][2], a[2][2] = a[2][2], a[1][2]
        assert _bad(tmp_path, "order", a) == [
            "Annual!C7: Year 2011 of patch 'A/A1' comes after year 2012; expected the years of "
            "each "
            "patch in ascending order"
        ]

    def test_duplicated_year(self, tmp_path):
        a = _annual()
        a[2][2] = 2011
        assert _bad(tmp_path, "dup", a) == [
            "Annual!C5: Patch 'A/A1' has no row for 2012; expected one row per patch for every year in the table",
            "Annual!A7: Duplicate row: A / A1 / 2011 appears again (first at Annual!A6); expected each once",
        ]

    def test_negative_npp(self, tmp_path):
        a = _annual()
        a[3][3] = -5.0
        assert _bad(tmp_path, "neg", a) == ["Annual!D8: NPP is -5; expected a value of 0 or more"]

    def test_more_area_restored_than_destroyed_so_far(self, tmp_path):
        a = _annual()
        a[19][9] = 4.0  # B1, 2019: 3 ha restored 2017 plus 4 ha, of 3 ha destroyed
        assert _bad(tmp_path, "restored", a) == [
            "Annual!J24: Patch 'B/B1': restored area up to 2019 is 7 ha but destroyed area up to "
            "2019 is only 3 ha; expected restored area not to exceed destroyed area so far (check "
            "destroyed_ha and restored_ha of this patch)"
        ]

    def test_restored_before_destroyed_in_events(self, tmp_path):
        ev = copy.deepcopy(ex.template_kwargs()["data"]["events"])
        ev[0][4] = 2014  # C1 restored 2014, destroyed 2015
        ev.append(["C", "C9", 1.0, 2012, None])
        assert _bad(tmp_path, "events", events=ev) == [
            "Events!E5: "
            + str(
                M.VCS_RESTORATION_NOT_AFTER_DESTRUCTION.format(
                    patch="C/C1",
                    restoration=2014,
                    restoration_in=2014,
                    destruction=2015,
                    destruction_in=2016,
                )
            ),
            "Events!B8: " + str(M.VCS_EVENT_PATCH_NOT_IN_ANNUAL.format(patch="C/C9", table="Annual")),
        ]

    def test_areas_given_twice(self, tmp_path):
        a = _annual()
        a[25][8] = 1.0  # C1 2013 destroyed in Annual, and C1 has an Events row
        assert _bad(tmp_path, "twice", a) == [
            "Annual!I30: "
            + str(
                M.VCS_AREAS_GIVEN_TWICE.format(
                    patch="C/C1", field="destroyed area", value=1.0, table="Events", where="Events!B5"
                )
            )
        ]

    def test_later_destruction_needs_the_previous_npp(self, tmp_path):
        a = _annual()
        a[3][8], a[4][8], a[3][3] = 1.0, 1.0, None  # A1: 1 ha 2013 + 1 ha 2014, NPP 2013 empty
        assert _bad(tmp_path, "prev", a) == [
            "Annual!D8: "
            + str(
                M.VCS_NPP_REQUIRED.format(patch="A/A1", year=2013, reason=M.VCS_NPP_REQUIRED_PREVIOUS.format(year=2014))
            )
        ]

    def test_npp_and_mixed_pixel_inputs_mixed_up(self, tmp_path):
        a = _annual()
        a[0][4] = 100.0
        assert _bad(tmp_path, "mixed", a) == ["Annual!E5: " + str(M.VCS_MIXED_WITH_NPP.format(first="Annual!D6"))]

    def test_incomplete_mixed_pixel_row(self, tmp_path):
        rows = _mixed_rows()
        rows[0][6] = None
        src = api.make_template("vcs", tmp_path / "m.xlsx", "en", data={"annual": rows})
        assert [str(p) for p in api.check(src)] == [
            "Annual!G5: " + str(M.VCS_MIXED_INCOMPLETE.format(missing="S (pixel area)"))
        ]

    def test_wildcard_and_case_only_names(self, tmp_path):
        a = _annual()
        for r in a:
            if r[0] == "A":
                r[0] = "A*"
        a[11][1] = "b1"  # B/b1 in 2010, B/B1 afterwards
        problems = _bad(tmp_path, "names", a)
        assert "Annual!A5: " + str(M.VCS_ID_NAME.format(field="Mine", value="A*")) in problems
        assert (
            "Annual!B17: " + str(M.VCS_ID_CASE.format(field="Patch", value="B1", other="b1", first="Annual!B16"))
            in problems
        )

    def test_unknown_mass_unit(self, tmp_path):
        assert _bad(tmp_path, "unit", mass_unit="kg") == [
            "Parameters!C6: Unit 'kg' is not known; expected one of t, Gg"
        ]

    def test_every_problem_at_once(self, tmp_path):
        a = _annual()
        a[1][2], a[2][2] = a[2][2], a[1][2]
        a[14][3] = -1.0
        a[19][9] = 4.0
        problems = _bad(tmp_path, "all", a, mass_unit="kg")
        assert [p.split(":")[0] for p in problems] == [
            "Annual!C7",
            "Annual!D19",
            "Annual!J24",
            "Parameters!C6",
        ]


def test_docs_name_every_input_column_and_result_sheet(example):
    text = (Path(__file__).parents[1] / "docs" / "templates" / "vcs.md").read_text(encoding="utf-8")
    spec = KINDS["vcs"].SPEC
    for table in spec.tables:
        assert table.table_name in text
        for f in table.fields:
            assert f.en in text, f.en
    for p in spec.params:
        assert f"`{p.id}`" in text, p.id
    sheets = CalamineWorkbook.from_path(str(example)).sheet_names
    for sheet in sheets[sheets.index("Settings") :]:
        assert f"`{sheet}`" in text, sheet
