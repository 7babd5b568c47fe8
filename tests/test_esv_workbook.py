"""The ESV template end to end: template → filled → check → fill → read back, bad inputs, LibreOffice."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import RefusalChecks
from python_calamine import CalamineWorkbook

from ecoaccount import api, cli
from ecoaccount.examples import EXAMPLES, build_examples, build_templates

ROOT = Path(__file__).resolve().parents[1]

LANDUSE = [["R1", 2010, 100.0, 50.0], ["R1", 2020, 90.0, 60.0], ["R2", 2020, 10.0, 0.0]]
GRAIN = [
    ["R1", 2010, "rice", 2.0, 6000.0, 100.0],
    ["R1", 2010, "soy", 3.0, 2000.0, 300.0],
    ["R1", 2020, "rice", 2.0, 7000.0, 100.0],
    ["R2", 2020, "rice", 2.0, 7000.0, 50.0],
]
GDP = [["R1", 2010, 100.0, None], ["R1", 2020, 150.0, 2.0], ["R2", 2020, 10.0, None]]
CLASSES = ["farmland", "forest"]


def make(path: Path, lang: str = "en", landuse=None, grain=None, gdp=None, classes=None, params=None) -> Path:
    api.make_template(
        "esv",
        path,
        lang,
        data={
            "landuse": LANDUSE if landuse is None else landuse,
            "grain": GRAIN if grain is None else grain,
            "gdp": GDP if gdp is None else gdp,
        },
        extra_headers={"landuse": CLASSES if classes is None else classes},
        params=params,
    )
    return path


def values(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


class TestRoundTrip:
    def test_template_is_valid_once_filled_and_fill_matches_hand_worked(self, zh_tmp):
        src = make(zh_tmp / "输入.xlsx")
        assert api.check(src) == []
        out = zh_tmp / "结果.xlsx"
        api.fill(src, out)
        # R1 2010: Ea = (1/7)·(2·6000·100 + 3·2000·300)/400 = 7500/7 yuan/(ha·a)
        ea = values(out, "Ea")
        assert ea[4][5:10] == ["R1", 2010, 3_000_000, 400, pytest.approx(7500 / 7)]
        # farmland = dry land (Σ factors 4.01), forest = broadleaf (22.95); R1 2010, in 10⁴ yuan:
        # ESV = (100·4.01 + 50·22.95)·7500/7 / 10⁴ = 1548.5·7500/7/1e4 = 165.910714...
        summary = values(out, "Summary")
        header = summary[3]
        total = summary[4][header.index("Total (1e4 yuan/a)")]
        assert total == pytest.approx((100 * 4.01 + 50 * 22.95) * 7500 / 7 / 1e4)

    def test_result_carries_inputs_at_same_addresses(self, tmp_path):
        src = make(tmp_path / "in.xlsx")
        out = tmp_path / "out.xlsx"
        api.fill(src, out)
        for sheet in ("LandUse", "Grain", "GDP", "Parameters", "ClassMap", "Factors"):
            assert values(out, sheet)[:40] == values(src, sheet)[:40]
        names = CalamineWorkbook.from_path(str(out)).sheet_names
        assert (
            names[: len(CalamineWorkbook.from_path(str(src)).sheet_names)]
            == CalamineWorkbook.from_path(str(src)).sheet_names
        )

    def test_every_result_cell_is_a_formula_and_parameters_are_names(self, tmp_path):
        src = make(tmp_path / "in.xlsx")
        out = tmp_path / "out.xlsx"
        api.fill(src, out)
        wb = openpyxl.load_workbook(out)
        assert wb.defined_names["ESV_k"].attr_text == "Parameters!$C$8"
        co = wb["Compensation"]
        assert co["J5"].value == "=D5*ESV_k*I5"
        assert co["I5"].value == "=2*ATAN(H5)/PI()"
        for ws in (wb["ESV"], wb["Summary"], wb["Compensation"], wb["Ea"]):
            for row in ws.iter_rows(min_row=5):
                for c in row:
                    if c.value is not None:
                        assert isinstance(c.value, str) and c.value.startswith("="), (ws.title, c.coordinate)

    def test_checks_all_ok(self, tmp_path):
        src = make(tmp_path / "in.xlsx")
        out = tmp_path / "out.xlsx"
        api.fill(src, out)
        status = [r[4] for r in values(out, "Checks")[5:] if r and r[0]]
        assert status and set(status) == {"OK"}

    def test_zh_template_reads_the_same(self, tmp_path):
        en = make(tmp_path / "en.xlsx")
        zh = make(tmp_path / "zh.xlsx", lang="zh", classes=["耕地", "林地"])
        api.fill(en, tmp_path / "en_out.xlsx")
        api.fill(zh, tmp_path / "zh_out.xlsx")
        a, b = values(tmp_path / "en_out.xlsx", "Summary"), values(tmp_path / "zh_out.xlsx", "价值汇总")
        assert [r[3:] for r in a[4:7]] == [r[3:] for r in b[4:7]]

    def test_area_unit_mu_converts_to_hectares(self, tmp_path):
        ha = make(tmp_path / "ha.xlsx")
        mu = make(
            tmp_path / "mu.xlsx", landuse=[[r, y, a * 15, b * 15] for r, y, a, b in LANDUSE], params={"area_unit": "mu"}
        )
        api.fill(ha, tmp_path / "ha_out.xlsx")
        api.fill(mu, tmp_path / "mu_out.xlsx")
        a, b = values(tmp_path / "ha_out.xlsx", "Summary"), values(tmp_path / "mu_out.xlsx", "Summary")
        assert b[4][2] == pytest.approx(a[4][2]) and b[4][-1] == pytest.approx(a[4][-1])


class TestCommittedFiles:
    def test_templates_match_generated(self, tmp_path):
        for p in build_templates(tmp_path / "templates"):
            assert p.read_bytes() == (ROOT / "templates" / p.name).read_bytes(), p.name

    def test_example_workbooks_match_generated(self, tmp_path):
        for p in build_examples(tmp_path / "workbooks"):
            assert p.read_bytes() == (ROOT / "workbooks" / p.name).read_bytes(), p.name


class TestBadInput(RefusalChecks):
    def test_negative_and_text_areas(self, tmp_path):
        src = make(
            tmp_path / "x.xlsx", landuse=[["R1", 2010, -5.0, 50.0], ["R1", 2020, "lots", 60.0], ["R2", 2020, 10.0, 0.0]]
        )
        assert self.problems(src) == [
            "LandUse!C5: farmland is -5; expected a value of 0 or more",
            "LandUse!C6: Value 'lots' could not be interpreted as a number; expected a number in ha",
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_unknown_land_class(self, tmp_path):
        src = make(tmp_path / "x.xlsx", classes=["farmland", "orchard"])
        assert self.problems(src) == [
            "LandUse!D4: Land class 'orchard' has no row in the class mapping; expected one of barren, "
            "construction land, farmland, forest, grassland, water, or add 'orchard' to the class mapping table"
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_missing_gdp(self, tmp_path):
        src = make(tmp_path / "x.xlsx", gdp=GDP[:2])
        assert self.problems(src) == [
            "LandUse!B7: GDP is missing for region 'R2', year 2020; expected a row in the GDP table"
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_zero_total_sown_area(self, tmp_path):
        grain = GRAIN[:3] + [["R2", 2020, "rice", 2.0, 7000.0, 0.0]]
        src = make(tmp_path / "x.xlsx", grain=grain)
        assert self.problems(src) == [
            "Grain!F8: Total sown area of region 'R2', year 2020 is 0; expected a positive total to compute Ea (eq. 1)"
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_duplicated_region_year(self, tmp_path):
        src = make(tmp_path / "x.xlsx", landuse=LANDUSE + [["R1", 2020, 1.0, 1.0]])
        assert self.problems(src) == [
            "LandUse!A8: Duplicate row: R1 / 2020 appears again (first at LandUse!A6); expected each once"
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_unknown_unit(self, tmp_path):
        src = make(tmp_path / "x.xlsx", params={"area_unit": "acre"})
        assert self.problems(src) == ["Parameters!C5: Unit 'acre' is not known; expected one of ha, mu, km2"]
        self.assert_nothing_written(src, tmp_path)

    def test_renamed_sheet_and_header(self, tmp_path):
        src = make(tmp_path / "x.xlsx")
        wb = openpyxl.load_workbook(src)
        wb["GDP"].title = "Economy"
        wb["Grain"]["D4"] = "Cost"
        wb.save(src)
        assert self.problems(src) == [
            "GDP: Sheet 'GDP' is missing; expected the sheets 'GDP' or '地区生产总值'",
            "Grain!D4: Header 'Price (yuan/kg)' not found in row 4; expected 'Price (yuan/kg)' or '价格（元/千克）' "
            "(en or zh label)",
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_not_one_of_our_templates(self, tmp_path):
        src = tmp_path / "other.xlsx"
        wb = openpyxl.Workbook()
        wb.active["A1"] = "hello"
        wb.save(src)
        assert self.problems(src) == [
            "This workbook is not an ecoaccount template: no sheet is marked with a template kind; "
            "expected a workbook made by 'ecoaccount template KIND'"
        ]
        self.assert_nothing_written(src, tmp_path)

    def test_not_a_workbook_at_all(self, tmp_path):
        src = tmp_path / "fake.xlsx"
        src.write_text("not a zip")
        assert self.problems(src)[0].startswith("The file is damaged or is not a workbook (not a zip package)")

    def test_zip_bomb_is_refused_before_parsing(self, tmp_path):
        import zipfile

        src = tmp_path / "bomb.xlsx"
        with zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("xl/big.xml", b"\0" * (64 * 1024 * 1024))
        assert self.problems(src)[0].startswith("Part 'xl/big.xml' of the workbook unpacks to")

    def test_every_problem_at_once(self, tmp_path):
        src = make(
            tmp_path / "x.xlsx",
            landuse=[["R1", 2010, -1.0, 50.0], ["R1", 2020, 90.0, 60.0], ["R2", 2020, 10.0, 0.0]],
            gdp=GDP[:2],
            params={"area_unit": "acre"},
        )
        assert len(self.problems(src)) == 3

    def test_cli_check_exits_2_with_messages(self, tmp_path, capsys):
        src = make(tmp_path / "x.xlsx", gdp=GDP[:2])
        assert cli.main(["check", str(src)]) == 2
        assert "LandUse!B7: GDP is missing" in capsys.readouterr().out
        assert cli.main(["fill", str(src), "-o", str(tmp_path / "o.xlsx")]) == 2
        assert not (tmp_path / "o.xlsx").exists()

    def test_fill_refuses_to_overwrite_its_input(self, tmp_path):
        src = make(tmp_path / "x.xlsx")
        before = src.read_bytes()
        assert cli.main(["fill", str(src), "-o", str(src)]) == 2
        assert src.read_bytes() == before


class TestLibreOffice:
    def test_results_agree_with_libreoffice(self, tmp_path, libreoffice_agrees):
        outs = []
        for ex in EXAMPLES:
            if ex.kind != "esv":
                continue
            src = tmp_path / ex.filename
            api.make_template(ex.kind, src, ex.lang, **ex.build(ex.lang))
            out = tmp_path / f"{src.stem}_result.xlsx"
            api.fill(src, out, sentinel=True)
            outs.append(out)
        small = make(tmp_path / "small.xlsx", params={"area_unit": "km2", "gdp_unit": "1e8 yuan", "out_unit": "yuan"})
        api.fill(small, tmp_path / "small_result.xlsx", sentinel=True)
        outs.append(tmp_path / "small_result.xlsx")
        assert libreoffice_agrees(*outs) > 5000


class TestLibreOfficeRandomised:
    def test_random_workbooks_agree_with_libreoffice(self, tmp_path, libreoffice_agrees):
        import numpy as np

        rng = np.random.default_rng(20261123)
        outs = []
        for n in range(3):
            regions = [f"R{i}" for i in range(int(rng.integers(3, 12)))]
            years = sorted(rng.choice(np.arange(1990, 2030), size=int(rng.integers(1, 4)), replace=False).tolist())
            landuse = [[r, y, *np.round(rng.uniform(0, 1e5, 2), 3).tolist()] for r in regions for y in years]
            grain = [
                [
                    r,
                    y,
                    c,
                    round(float(rng.uniform(0.5, 5)), 2),
                    round(float(rng.uniform(1e3, 9e3)), 1),
                    round(float(rng.uniform(1, 1e4)), 2),
                ]
                for r in regions
                for y in years
                for c in ("a", "b")
            ]
            gdp = [[r, y, round(float(rng.uniform(1e3, 1e8)), 2), None] for r in regions for y in years]
            params = {
                "area_unit": ["ha", "mu", "km2"][n],
                "gdp_unit": ["yuan", "1e4 yuan", "1e8 yuan"][n],
                "out_unit": ["1e8 yuan", "yuan", "1e4 yuan"][n],
                "k": float(rng.uniform(0.05, 0.3)),
            }
            src = make(tmp_path / f"r{n}.xlsx", landuse=landuse, grain=grain, gdp=gdp, params=params)
            out = tmp_path / f"r{n}_result.xlsx"
            api.fill(src, out, sentinel=True)
            outs.append(out)
        assert libreoffice_agrees(*outs) > 1000


class TestSummary:
    def test_headline_totals_are_in_the_result_money_unit(self, tmp_path):
        """The summary that demo, batch and the CLI print speaks the unit of the sheets: the CRDC
        example's 2020 ESV is 23,001,834 × 10⁴ yuan (its out_unit), as its Tables sheet shows."""
        src = Path(__file__).parent.parent / "workbooks" / "esv_crdc_15_cities.xlsx"
        summary = api.fill(src, tmp_path / "out.xlsx")
        assert summary["unit"] == "1e4 yuan"
        assert round(summary["total_esv"][2020]) == 23_001_834
        tables = CalamineWorkbook.from_path(str(tmp_path / "out.xlsx")).get_sheet_by_name("Tables").to_python()
        total_row = next(r for r in tables if str(r[0]).startswith("Total"))
        years = next(r for r in tables if r[0] == "Year →")
        col = years.index(2020.0)
        assert total_row[col] == pytest.approx(summary["total_esv"][2020], rel=1e-12)
