"""Templates as people fill them: units in any spelling, choices in either language, zh defaults,
unit dropdowns with real units, units in headers, citations instead of file ids, no overwrites."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from ecoaccount import api, cli
from ecoaccount.citations import SOURCES, cite, has_file_id
from ecoaccount.examples import gep_jinsha, vcs_synthetic
from ecoaccount.kinds import KINDS
from ecoaccount.kinds import esv as esv_kind
from ecoaccount.methods import landuse as landuse_method
from ecoaccount.outputs import shared_sheet
from ecoaccount.units import UNIT_SPELLINGS, codes, spellings, unit_code, unit_rows
from ecoaccount.workbook.template import lists_sheet

ROOT = Path(__file__).resolve().parents[1]
QUANTITY = {c: q for q in ("area", "money", "mass") for c in codes(q)}
SPELLINGS = [(QUANTITY[c], c, s) for c in UNIT_SPELLINGS for s in spellings(c)]


def grid(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def all_text(path: Path) -> dict[str, str]:
    """Every text cell of a workbook: ``{"Sheet!R,C": text}``."""
    book = CalamineWorkbook.from_path(str(path))
    out = {}
    for name in book.sheet_names:
        for r, row in enumerate(book.get_sheet_by_name(name).to_python(skip_empty_area=False)):
            for c, v in enumerate(row):
                if isinstance(v, str) and v:
                    out[f"{name}!{r + 1},{c + 1}"] = v
    return out


# -- units ----------------------------------------------------------------------------------------
class TestUnitSpellings:
    @pytest.mark.parametrize(("quantity", "code", "spelling"), SPELLINGS, ids=[s for _, _, s in SPELLINGS])
    def test_every_spelling_reads_as_its_code(self, quantity, code, spelling):
        assert unit_code(quantity, spelling) == code
        assert unit_code(quantity, f"  {spelling.upper()} ") == code  # case and spaces as Excel ignores them

    @pytest.mark.parametrize(("quantity", "code", "spelling"), SPELLINGS, ids=[s for _, _, s in SPELLINGS])
    def test_every_spelling_is_in_the_units_table_that_result_formulas_match(self, quantity, code, spelling):
        rows = {r[1]: r for r in unit_rows()}
        assert rows[spelling][0] == quantity
        assert rows[spelling][4] == next(r[4] for r in unit_rows() if r[1] == code)

    def test_spellings_are_unambiguous_within_a_quantity(self):
        for q in ("area", "money", "mass"):
            keys = [s.casefold() for c in codes(q) for s in spellings(c)]
            assert len(keys) == len(set(keys))

    def test_the_issue_spellings_are_accepted(self):
        for q, typed, code in [
            ("area", "亩", "mu"),
            ("area", "公顷", "ha"),
            ("area", "平方公里", "km2"),
            ("area", "km²", "km2"),
            ("area", "hm2", "ha"),
            ("money", "元", "yuan"),
            ("money", "万元", "1e4 yuan"),
            ("money", "亿元", "1e8 yuan"),
            ("money", "10^4 yuan", "1e4 yuan"),
            ("money", "wan yuan", "1e4 yuan"),
            ("mass", "吨", "t"),
            ("mass", "千吨", "Gg"),
            ("mass", "Gg", "Gg"),
        ]:
            assert unit_code(q, typed) == code

    def test_unknown_spelling(self):
        assert unit_code("area", "acre") is None
        assert unit_code("money", "亩") is None  # an area unit is not money


def _vcs(path: Path, lang: str, **params) -> Path:
    kw = vcs_synthetic.template_kwargs(lang)
    return api.make_template("vcs", path, lang, data=kw["data"], params={**kw["params"], **params})


def _set_param(path: Path, sheet: str, param_id: str, value: object) -> None:
    """Type a value into a parameter's cell, as a user would in Excel."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == param_id)
    ws.cell(row, 3).value = value
    wb.save(path)


class TestUnitsInWorkbooks:
    @pytest.mark.parametrize(
        ("area", "mass", "factor_area", "factor_mass"),
        [("亩", "千吨", 1 / 15, 1000.0), ("mu", "Gg", 1 / 15, 1000.0), ("平方公里", "t", 100.0, 1.0)],
    )
    @pytest.mark.parametrize("lang", ["en", "zh"])
    def test_typed_unit_is_read_as_its_code_and_matched_by_the_result_formulas(
        self, zh_tmp, lang, area, mass, factor_area, factor_mass
    ):
        src = _vcs(zh_tmp / f"vcs_{lang}.xlsx", lang, area_unit=unit_code("area", area), mass_unit=mass)
        _set_param(src, "Parameters" if lang == "en" else "参数", "area_unit", area)  # typed by the user
        _set_param(src, "Parameters" if lang == "en" else "参数", "mass_unit", mass)
        parsed = api.load(src)
        assert parsed.params["area_unit"] == unit_code("area", area)
        assert parsed.params["mass_unit"] == unit_code("mass", mass)
        out = zh_tmp / "结果.xlsx"
        api.fill(src, out)
        settings = grid(out, shared_sheet("settings", lang))
        assert settings[4][1:3] == [area, pytest.approx(factor_area)]  # as typed, and its factor
        assert settings[5][1:3] == [mass, pytest.approx(factor_mass)]

    def test_libreoffice_matches_a_chinese_unit_in_the_units_table(self, zh_tmp, libreoffice_agrees):
        src = _vcs(zh_tmp / "亩.xlsx", "zh", area_unit="亩", mass_unit="千吨")
        out = zh_tmp / "结果.xlsx"
        api.fill(src, out, sentinel=True)
        libreoffice_agrees(out)

    def test_unknown_unit_is_reported_at_its_cell_with_the_codes(self, zh_tmp):
        src = _vcs(zh_tmp / "x.xlsx", "en", area_unit="acre")
        assert [str(p) for p in api.check(src)] == [
            "Parameters!C5: Unit 'acre' is not known; expected one of ha, mu, km2"
        ]


class TestUnitDropdowns:
    @pytest.mark.parametrize("lang", ["en", "zh"])
    @pytest.mark.parametrize("kind", sorted(KINDS))
    def test_unit_dropdowns_offer_real_units_first_in_the_books_language(self, tmp_path, kind, lang):
        path = api.make_template(kind, tmp_path / "t.xlsx", lang)
        wb = openpyxl.load_workbook(path)
        spec = KINDS[kind].SPEC
        ws = wb[spec.params_sheet(lang)]
        names = {n: wb.defined_names[n].attr_text for n in wb.defined_names}
        lists = wb[lists_sheet(lang)]
        found = 0
        for dv in ws.data_validations.dataValidation:
            for p in spec.params:
                if not (p.kind == "choice" and p.choices and p.choices[0].endswith("_unit")):
                    continue
                row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == p.id)
                if f"C{row}" not in str(dv.sqref):
                    continue
                found += 1
                ref = names[dv.formula1.lstrip("=")].split("!")[1].replace("$", "")
                offered = [c.value for row_ in lists[ref] for c in row_ if c.value]
                quantity = p.choices[0][: -len("_unit")]
                first = [UNIT_SPELLINGS[c][1] if lang == "zh" else c for c in codes(quantity)]
                assert offered[: len(first)] == first
                assert all(unit_code(quantity, v) for v in offered)  # each one is accepted by check
                assert p.choices[0] not in offered
                # the cell holds a default the dropdown offers
                assert ws.cell(row, 3).value in offered
        assert found == sum(1 for p in spec.params if p.choices and p.choices[0].endswith("_unit"))

    def test_area_dropdown_accepts_mu_and_亩_in_both_languages(self, tmp_path):
        for lang in ("en", "zh"):
            path = api.make_template("gep", tmp_path / f"{lang}.xlsx", lang)
            values = [v for row in grid(path, lists_sheet(lang)) for v in row]
            assert {"mu", "亩", "ha", "公顷", "km2", "平方公里"} <= set(values)


class TestUnitsInHeaders:
    def test_headers_show_the_chosen_unit_in_the_books_language(self, tmp_path):
        zh = api.make_template("gep", tmp_path / "zh.xlsx", "zh", params={"area_unit": "mu"})
        assert grid(zh, "土地利用")[3][3] == "面积（亩）"
        assert grid(zh, "参数")[6][2] == "亩"  # the unit cell of a zh book holds the zh name
        en = api.make_template("esv", tmp_path / "en.xlsx", "en", params={"gdp_unit": "亿元"})
        assert grid(en, "GDP")[3][2:4] == ["GDP (10⁸ yuan)", "Actual transfer payment (10⁸ yuan)"]
        assert grid(en, "Parameters")[5][2] == "1e8 yuan"

    def test_row_3_follows_the_unit_choice(self, tmp_path):
        path = api.make_template("gep", tmp_path / "zh.xlsx", "zh")
        wb = openpyxl.load_workbook(path)
        assert wb["土地利用"]["A3"].value == '="土地利用面积单位："&\'参数\'!$C$7&"（参数!C7）"'
        assert grid(path, "土地利用")[2][0] == "土地利用面积单位：公顷（参数!C7）"

    def test_yield_says_it_stays_per_hectare(self, tmp_path):
        path = api.make_template("esv", tmp_path / "zh.xlsx", "zh", params={"area_unit": "亩"})
        assert grid(path, "粮食")[3][4] == "单产（千克/公顷，固定）"
        en = api.make_template("esv", tmp_path / "en.xlsx", "en", params={"area_unit": "mu"})
        assert grid(en, "Grain")[3][4] == "Yield (kg/ha, fixed)"
        text = " ".join(all_text(path).values())
        assert "固定为千克/公顷，与“参数”表的面积单位无关" in text

    def test_header_naming_another_unit_than_the_choice_is_reported(self, zh_tmp):
        src = gep_jinsha_zh(zh_tmp / "金沙.xlsx")
        _set_param(src, "参数", "area_unit", "亩")
        assert [str(p) for p in api.check(src)] == [
            "土地利用!D4: Header '面积（公顷）' gives the unit '公顷', but the unit chosen at 参数!C7 is '亩'; "
            "expected the same unit in both (change the header's unit or the choice)"
        ]
        assert api.check(src)[0].render("zh").startswith("土地利用!D4: 表头 '面积（公顷）' 中的单位为 '公顷'")

    def test_header_with_the_unit_in_another_spelling_or_without_unit_is_read(self, zh_tmp):
        src = gep_jinsha_zh(zh_tmp / "金沙.xlsx")
        wb = openpyxl.load_workbook(src)
        wb["土地利用"]["D4"].value = "面积 (ha)"
        wb.save(src)
        assert api.check(src) == []
        wb["土地利用"]["D4"].value = "面积"
        wb.save(src)
        assert api.check(src) == []


# -- a zh template filled only in Chinese ---------------------------------------------------------
def gep_jinsha_zh(path: Path, **params) -> Path:
    kw = gep_jinsha.template_kwargs("zh")
    return api.make_template("gep", path, "zh", data=kw["data"], params={**kw["params"], **params})


def _esv_zh(path: Path) -> Path:
    classes = list(esv_kind.method.CLASS_NAMES_ZH)
    landuse = [["甲市", 2010, *([100.0] * len(classes))], ["甲市", 2020, *([90.0] * len(classes))]]
    grain = [["甲市", y, "稻谷", 2.0, 6000.0, 100.0] for y in (2010, 2020)]
    gdp = [["甲市", 2010, 50.0, None], ["甲市", 2020, 80.0, 1.0]]
    return api.make_template(
        "esv",
        path,
        "zh",
        data={"landuse": landuse, "grain": grain, "gdp": gdp},
        params={"area_unit": "亩", "gdp_unit": "亿元", "out_unit": "万元"},
    )


def _gep_zh(path: Path) -> Path:
    """Jinsha in Chinese only, plus a land type added with only its Chinese name (茶园)."""
    kw = gep_jinsha.template_kwargs("zh")
    data = dict(kw["data"])
    data["land_use"] = [list(r) for r in data["land_use"]]
    for r in data["land_use"]:
        if r[0] == "修复后" and r[2] == "旱地":
            r[3] -= 1.0
    data["land_use"].append(["修复后", None, "茶园", 1.0])
    from ecoaccount.kinds import gep

    data["land_types"] = [*gep.land_type_rows(lang="zh"), [None, "茶园", "旱地"]]
    params = {**kw["params"], "area_unit": "公顷", "out_unit": "万元"}
    del params["baseline_scenario"], params["target_scenario"]  # the zh defaults: 修复前 / 修复后
    return api.make_template("gep", path, "zh", data=data, params=params)


def _vcs_zh(path: Path) -> Path:
    return _vcs(path, "zh", area_unit="公顷", mass_unit="千吨")


def _landuse_zh(path: Path) -> Path:
    c = landuse_method.load_classes()
    zh = dict(zip(c["id"], c["label_zh"], strict=True))
    rows = [
        (2000, 2010, "arable", "arable", 10.0),
        (2000, 2010, "arable", "forest", 5.0),
        (2000, 2010, "arable", "open_pit", 3.0),
        (2000, 2010, "grassland", "urban", 2.0),
        (2000, 2010, "dump", "grassland", 6.0),
    ]
    transitions = [[a, b, zh[f], zh[t], x] for a, b, f, t, x in rows]
    reference = [["地类面积", "耕地", None, 2000, None, None, 18.0, "原文", "测试"]]
    return api.make_template(
        "landuse", path, "zh", data={"transitions": transitions, "reference": reference}, params={"area_unit": "亩"}
    )


ZH_ONLY = {"esv": _esv_zh, "gep": _gep_zh, "vcs": _vcs_zh, "landuse": _landuse_zh}


class TestChineseOnly:
    @pytest.mark.parametrize("kind", sorted(ZH_ONLY))
    def test_zh_template_filled_in_chinese_passes_check_and_fill(self, zh_tmp, kind, libreoffice_agrees):
        src = ZH_ONLY[kind](zh_tmp / f"{kind}_中文.xlsx")
        assert api.check(src) == []
        out = zh_tmp / f"{kind}_结果.xlsx"
        api.fill(src, out, sentinel=True)
        libreoffice_agrees(out)

    def test_zh_gep_defaults_are_chinese_and_agree_with_the_instructions(self, tmp_path):
        path = api.make_template("gep", tmp_path / "zh.xlsx", "zh")
        params = {r[0]: r[2] for r in grid(path, "参数")[4:] if r and r[0]}
        assert (params["baseline_scenario"], params["target_scenario"]) == ("修复前", "修复后")
        assert params["area_unit"] == "公顷" and params["out_unit"] == "万元"
        instructions = " ".join(str(r[0]) for r in grid(path, "填写说明") if r)
        assert "默认 修复前 / 修复后" in instructions and "before" not in instructions

    def test_a_scenario_missing_from_land_use_is_reported_at_its_parameter(self, zh_tmp):
        src = gep_jinsha_zh(zh_tmp / "金沙.xlsx")
        _set_param(src, "参数", "target_scenario", "restored")
        assert [p.render("zh") for p in api.check(src)] == [
            "参数!C11: 情景 'restored' 在“土地利用”表中没有面积；应为该表已有的情景之一（修复前、修复后），"
            "写法须一致，或为此情景填写面积行"
        ]

    def test_a_declared_scenario_named_in_the_other_language_is_its_scenario(self, zh_tmp):
        src = gep_jinsha_zh(zh_tmp / "金沙.xlsx")
        _set_param(src, "参数", "target_scenario", "after")  # the en name of 修复后
        assert api.check(src) == []

    def test_zh_esv_services_are_written_in_chinese_and_read_as_canonical(self, zh_tmp):
        src = _esv_zh(zh_tmp / "esv.xlsx")
        services = grid(src, "服务类型")
        assert services[4][3:5] == ["供给服务", "是"]
        assert grid(src, "地类对应")[5][1] == "阔叶"  # 林地 → broadleaf, by its Chinese name
        parsed = api.load(src)
        assert parsed.tables["mapping"].df.at[1, "subtype"] == "broadleaf"
        sv = parsed.tables["services"].df
        assert set(sv["group"]) == set(esv_kind.method.GROUPS)
        assert set(sv["market"]) == {"yes", "no"}

    @pytest.mark.parametrize(("typed", "read"), [("是", "yes"), ("YES", "yes"), ("否", "no"), ("no", "no")])
    def test_choices_accept_either_language(self, zh_tmp, typed, read):
        src = _esv_zh(zh_tmp / "esv.xlsx")
        wb = openpyxl.load_workbook(src)
        wb["服务类型"]["E5"].value = typed
        wb["服务类型"]["D6"].value = "provisioning"
        wb.save(src)
        parsed = api.load(src)
        assert parsed.tables["services"].df.at[0, "market"] == read
        assert parsed.tables["services"].df.at[1, "group"] == "provisioning"

    def test_a_choice_in_neither_language_lists_the_choices_in_the_books_language(self, zh_tmp):
        src = _esv_zh(zh_tmp / "esv.xlsx")
        wb = openpyxl.load_workbook(src)
        wb["服务类型"]["E5"].value = "maybe"
        wb.save(src)
        assert [str(p) for p in api.check(src)] == ["服务类型!E5: Market-priced 'maybe' is not one of yes, no"]
        assert [p.render("zh") for p in api.check(src)] == [
            "服务类型!E5: 已市场定价 'maybe' 不是可选值之一；可选值：是、否"
        ]

    def test_land_type_without_any_name_is_reported(self, zh_tmp):
        src = _gep_zh(zh_tmp / "gep.xlsx")
        wb = openpyxl.load_workbook(src)
        ws = wb["地类对应"]
        row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 2).value == "茶园")
        ws.cell(row, 2).value = None
        wb.save(src)
        problems = [str(p) for p in api.check(src)]
        assert f"地类对应!A{row}: This land type has no name; expected a name in English, in Chinese or in both" in (
            problems
        )

    @pytest.mark.parametrize("kind", sorted(KINDS))
    def test_zh_template_instructions_and_sources_are_chinese(self, tmp_path, kind):
        path = api.make_template(kind, tmp_path / "zh.xlsx", "zh")
        spec = KINDS[kind].SPEC
        for r in grid(path, spec.params_sheet("zh"))[4:]:
            if r and r[0]:
                assert any(ord(ch) > 0x2E80 for ch in str(r[4])), (r[0], r[4])  # every source has Chinese
        for r in grid(path, "填写说明"):
            if r and r[0]:
                assert any(ord(ch) > 0x2E80 for ch in str(r[0])), r[0]


# -- citations --------------------------------------------------------------------------------------
class TestCitations:
    def test_file_ids_become_citations(self):
        assert cite("000_89a29e514ac06762 eq. 5 (Xin et al. 2019)") == (
            "Wang, Fan et al., ESV compensation of coal cities, eq. 5 (Xin et al. 2019)"
        )
        assert cite("paper 001 Table 3 (He et al. 2023)") == "Xu et al. 2026, Global NEST J., Table 3 (He et al. 2023)"
        assert cite("论文 001 表3（He 等 2023）", "zh") == "Xu 等 2026，Global NEST J.，表3（He 等 2023）"
        assert cite("分地类系数（论文003表2）", "zh") == "分地类系数（Yang 等 2022，Int. J. Coal Sci. Technol.，表2）"
        assert cite("002 Eq. (2)") == "Xu et al. 2024, Sci. Rep., Eq. (2)"
        assert cite("years 2001 to 2003 Table") == "years 2001 to 2003 Table"

    def test_every_source_has_a_full_reference(self):
        for s in SOURCES.values():
            assert s.short_en and s.short_zh and len(s.reference) > 60

    @pytest.mark.parametrize("lang", ["en", "zh"])
    @pytest.mark.parametrize("kind", sorted(KINDS))
    def test_no_file_id_in_a_template(self, tmp_path, kind, lang):
        path = api.make_template(kind, tmp_path / "t.xlsx", lang)
        assert {k: v for k, v in all_text(path).items() if has_file_id(v)} == {}

    def test_no_file_id_in_the_example_workbooks_and_their_results(self, tmp_path):
        for src in sorted((ROOT / "workbooks").glob("*.xlsx")):
            out = tmp_path / src.name
            api.fill(src, out)
            for path in (src, out):
                assert {k: v for k, v in all_text(path).items() if has_file_id(v)} == {}, path.name


# -- no silent overwrite ------------------------------------------------------------------------------
class TestOverwrite:
    def test_template_refuses_an_existing_file_in_both_languages(self, zh_tmp, capsys):
        path = zh_tmp / "模板.xlsx"
        path.write_bytes(b"keep me")
        assert cli.main(["template", "gep", "-o", str(path), "--lang", "zh"]) == 2
        err = capsys.readouterr().err
        assert f"error: File {path} already exists; expected a new file name, or --force to replace it" in err
        assert f"错误：文件 {path} 已存在；应使用新的文件名，或加 --force 覆盖" in err
        assert path.read_bytes() == b"keep me"

    def test_force_replaces_it(self, zh_tmp):
        path = zh_tmp / "模板.xlsx"
        path.write_bytes(b"old")
        assert cli.main(["template", "gep", "-o", str(path), "--force"]) == 0
        assert api.check(path)  # a real (empty) template: check lists what is missing

    def test_a_new_file_needs_no_force(self, zh_tmp):
        assert cli.main(["template", "vcs", "-o", str(zh_tmp / "新.xlsx")]) == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_units_table_speaks_the_books_language(tmp_path, lang):
    """The Lists sheet's unit table: quantity names and headers in the book's language (only the
    column of Chinese unit names holds Chinese in an en book)."""
    out = api.make_template("esv", tmp_path / f"esv_{lang}.xlsx", lang)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(lists_sheet(lang)).to_python()
    header = rows[2][:5]
    quantities = {r[0] for r in rows[3:] if r[0]}
    if lang == "en":
        assert header == ["quantity", "code", "unit", "unit (Chinese)", "factor"]
        assert quantities == {"area", "money", "mass"}
    else:
        assert header == ["类别", "单位代码", "英文名称", "单位", "换算系数"]
        assert quantities == {"面积", "货币", "质量"}
