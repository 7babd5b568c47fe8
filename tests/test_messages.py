"""The message catalogue: every message in both languages, parameters rendered per language."""

from __future__ import annotations

import re
import string

import pytest

from ecoaccount import messages as M
from ecoaccount.errors import InputError, InvalidWorkbookError, ParameterError
from ecoaccount.problems import Problem, RowProblem
from ecoaccount.spec import Field, TableSpec

FMT = string.Formatter()
IDS = sorted(M.CATALOGUE)
CJK = re.compile(r"[\u3400-\u9fff\uff08\uff09\uff1a\uff1b\u3001\u201c\u201d]")
WORD = re.compile(r"[A-Za-z_]{2,}")

# English words allowed in a Chinese template: codes, symbols of the papers' equations, file
# extensions, and column ids of the pure methods' tables.
TOKENS = {
    "ecoaccount",
    "template",
    "KIND",
    "xlsx",
    "xlsm",
    "xlsb",
    "ods",
    "zip",
    "MiB",
    "ha",
    "id",
    "npp",
    "NPP",
    "NPP_b",
    "NPP_bg",
    "S_veg",
    "C_restore",
    "destroyed_ha",
    "restored_ha",
    "Ea",
    "GDP",
    "SUMIFS",
    "VCS",
    "en",
    "zh",
    "fill",
    # damaged and hostile files: product and key names
    "Excel",
    "LibreOffice",
    "Ctrl",
    "End",
    "batch",
    "pip",
    "install",
    "ECPS",
    "xls",
    "XML",
    "content",
    "xml",
    "WPS",
}
# Command-line options (--resume) and file names (errors.csv) stay as they are typed.
TYPED = re.compile(r"--[\w-]+|\b\w+\.csv\b")
# Placeholders that only the English sentence uses (the Chinese one points to the same cell instead).
EN_ONLY = {("GEP_MISSING_PARAMETER", "source")}

AREA = Field("area", "Area", "面积", "number", unit="area unit")
LAND = TableSpec("landuse", "tblLandUse", "LandUse", "土地利用", (AREA,), "", "")


def placeholders(template: str) -> dict[str, tuple[str, str | None]]:
    """name -> (format spec, conversion) of every placeholder."""
    return {f: (spec or "", conv) for _, f, spec, conv in FMT.parse(template) if f is not None}


def literal(template: str) -> str:
    return "".join(text for text, *_ in FMT.parse(template))


def sample(name: str, spec: str, i: int, variant: int) -> object:
    """A value for placeholder ``name`` fitting its format spec; ``variant`` picks the kind of value.

    Variant 0 passes declared objects (a Field, a table, a unit), 1 numbers, 2 lists and terms.
    """
    kind = spec[-1:] if spec else ""
    if kind in set("eEfFgG%"):
        return 1234.56789 + i
    if kind in set("bcdoxXn"):
        return 101 + i
    return (
        (AREA, LAND, M.Unit("mu"), M.Measure(2.5 + i, "mu"))[i % 4],
        101 + i,
        (("provisioning", float("nan"), "nan", None, M.choice("regulating")), M.Term("first", "第一期"))[i % 2],
    )[variant]


def params(msg: M.Msg, variant: int) -> dict[str, object]:
    names = {**placeholders(msg.en), **placeholders(msg.zh)}
    return {n: sample(n, spec, i, variant) for i, (n, (spec, _conv)) in enumerate(names.items())}


# --- the catalogue --------------------------------------------------------------------------------


def test_every_message_is_declared_once_under_its_own_name():
    declared = {k: v for k, v in vars(M).items() if isinstance(v, M.Msg)}
    assert set(declared) == set(M.CATALOGUE)
    assert all(v.id == k for k, v in declared.items())
    with pytest.raises(ValueError, match="declared twice"):
        M.Msg("REQUIRED", en="again", zh="再次")


def test_adding_a_message_is_one_declaration():
    msg = M.Msg("_TEST_ONLY_MESSAGE", en="{field} is odd", zh="{field} 为奇数")
    try:
        assert M.CATALOGUE["_TEST_ONLY_MESSAGE"] is msg
        assert msg.format(field=AREA).render("zh") == "面积 为奇数"
    finally:
        del M.CATALOGUE["_TEST_ONLY_MESSAGE"]


@pytest.mark.parametrize("mid", IDS)
def test_same_placeholders_in_both_languages(mid):
    msg = M.CATALOGUE[mid]
    en, zh = placeholders(msg.en), placeholders(msg.zh)
    assert set(zh) <= set(en), f"{mid}: the Chinese text uses {set(zh) - set(en)}"
    assert {(mid, n) for n in set(en) - set(zh)} <= EN_ONLY
    for name in zh:  # the same conversion and format spec, so values show the same in both
        assert zh[name] == en[name], f"{mid}.{name}"


@pytest.mark.parametrize("mid", IDS)
def test_no_english_prose_in_chinese_text(mid):
    msg = M.CATALOGUE[mid]
    zh_words = set(WORD.findall(TYPED.sub("", literal(msg.zh))))
    assert zh_words <= TOKENS, f"{mid}: {sorted(zh_words - TOKENS)}"
    assert not CJK.search(literal(msg.en)), f"{mid}: Chinese in the English text"


def test_identical_english_texts_have_identical_chinese():
    by_text: dict[str, set[str]] = {}
    for msg in M.CATALOGUE.values():
        by_text.setdefault(msg.en, set()).add(msg.zh)
    # "Problems" is the batch's error sheet (问题) and its count column (问题数): Chinese tells them apart.
    assert by_text.pop("Problems") == {"问题", "问题数"}
    assert all(len(zh) == 1 for zh in by_text.values())


@pytest.mark.parametrize("variant", [0, 1, 2])
@pytest.mark.parametrize("mid", IDS)
def test_renders_in_both_languages(mid, variant):
    msg = M.CATALOGUE[mid]
    message = msg.format(**params(msg, variant))
    en, zh = message.render("en"), message.render("zh")
    for text in (en, zh):
        assert not re.search(r"\{\w*[!:}]", text), f"{mid}: placeholder left in {text!r}"
        assert "nan" not in re.findall(r"[a-z]+", text.casefold()), text
        assert "None" not in text and "[" not in text, text  # no Python reprs of lists or None
    assert not CJK.search(re.sub(r"'[^']*'", "", en)), f"{mid}: {en}"
    prose = WORD.findall(TYPED.sub("", re.sub(r"'[^']*'", "", zh)))
    allowed = TOKENS | {"mu", "provisioning", "regulating", "first"} if variant == 2 else TOKENS | {"mu"}
    assert set(prose) <= allowed, f"{mid}: {sorted(set(prose) - allowed)} in {zh}"
    assert str(message) == en


@pytest.mark.parametrize("mid", IDS)
def test_plain_values_render_as_str_format_would(mid):
    msg = M.CATALOGUE[mid]
    values = params(msg, 1)
    assert msg.format(**values).render("en") == msg.en.format(**values)
    assert msg.format(**values).render("zh") == msg.zh.format(**values)


def test_messages_compare_and_hash_by_id_and_parameters():
    a = M.NEGATIVE.format(field=AREA, value=-1)
    assert a == M.NEGATIVE.format(field=AREA, value=-1)
    assert len({a, M.NEGATIVE.format(field=AREA, value=-1), M.NEGATIVE.format(field=AREA, value=-2)}) == 2
    assert M.EMPTY_TABLE.format(table=["a", "b"]) == M.EMPTY_TABLE.format(table=("a", "b"))  # lists frozen
    assert sorted([M.REQUIRED.format(field="b"), M.REQUIRED.format(field="a")])[0].get("field") == "a"


# --- what a new user met before, fixed ----------------------------------------------------------


def test_field_labels_tables_and_units_in_the_users_language():
    assert M.REQUIRED.format(field=AREA).render("zh") == "面积 为空；应填写此项"
    assert M.REQUIRED.format(field=AREA).render("en") == "Area is empty; expected a value"
    assert M.EMPTY_TABLE.format(table=LAND).render("zh") == "表 '土地利用' 没有数据行；应至少有一行"
    assert M.EMPTY_TABLE.format(table=LAND).render("en") == "Table 'LandUse' has no rows; expected at least one"
    unit = M.resolve_units(M.NOT_A_NUMBER.format(value="lots", unit=M.Unit(AREA.unit)), {"area_unit": "mu"})
    assert unit.render("zh") == "值 'lots' 无法识别为数字；应为以亩计的数字"
    assert unit.render("en") == "Value 'lots' could not be interpreted as a number; expected a number in mu"


def test_an_unresolved_chosen_unit_says_where_it_is_chosen():
    msg = M.NOT_A_NUMBER.format(value="x", unit=M.Unit("area unit"))
    assert msg.render("zh") == "值 'x' 无法识别为数字；应为以参数表所选的面积单位计的数字"
    assert msg.render("en").endswith("expected a number in the area unit chosen on the parameters sheet")
    assert M.resolve_units(msg, {"area_unit": None}) == msg


@pytest.mark.parametrize(
    ("code", "en", "zh"),
    [
        ("ha", "ha", "公顷"),
        ("mu", "mu", "亩"),
        ("km2", "km²", "平方公里"),
        ("1e4 yuan", "10⁴ yuan", "万元"),
        ("1e8 yuan", "10⁸ yuan", "亿元"),
        ("yuan/kg", "yuan/kg", "元/kg"),
        ("yuan/t CO2", "yuan/t CO2", "元/t CO2"),
        ("t/ha", "t/ha", "t/ha"),
        ("years", "years", "年"),
        ("any area unit", "any area unit (the same in every row)", "任一面积单位（各行一致）"),
        ("", "the stated unit", "所列单位"),
    ],
)
def test_units(code, en, zh):
    assert (M.Unit(code).label("en"), M.Unit(code).label("zh")) == (en, zh)


def test_choice_lists_are_readable_without_nan():
    expected = ("provisioning", "regulating", float("nan"), None, "", "nan")
    msg = M.NOT_IN_CHOICES.format(field=AREA, value="x", expected=tuple(map(M.choice, expected[:2])) + expected[2:])
    assert msg.render("en") == "Area 'x' is not one of provisioning, regulating"
    assert msg.render("zh") == "面积 'x' 不是可选值之一；可选值：provisioning（供给服务）、regulating（调节服务）"


def test_values_from_data_in_the_books_language():
    land_types = (M.Term("forest land", "林地"), M.Term("orchard", ""))
    msg = M.GEP_UNKNOWN_LAND_TYPE.format(value="x", expected=land_types)
    assert "应为以下之一：林地、orchard（" in msg.render("zh")
    assert "expected one of forest land, orchard (" in msg.render("en")
    label = M.Term("annual precipitation P", "年降水量")
    base = dict(parameter="precipitation", label=label, unit=M.Unit("mm/a"), source="local station")
    assert M.GEP_MISSING_PARAMETER.format(where="", **base).render("zh") == (
        "参数 'precipitation'（年降水量，mm/a）为空；应填写数值（取值依据见参数表的“来源”列）"
    )
    assert M.GEP_MISSING_PARAMETER.format(where="", **base).render("en") == (
        "Parameter 'precipitation' (annual precipitation P, mm/a) is empty; expected a value (local station)"
    )


@pytest.mark.parametrize(
    ("typed", "year"),
    [
        ("2015年", 2015),
        ("2015 年", 2015),
        ("2015年度", 2015),
        ("２０１５", 2015),
        (" 2015. ", 2015),
        ("2015a", 2015),
        ("abc", None),
        ("15年", None),
        ("2015-16", None),
        ("20151", None),
    ],
)
def test_obvious_year_spellings(typed, year):
    assert M.year_in(typed) == year


def test_a_year_typed_as_text_is_told_how_to_type_it():
    year = Field("year", "Year", "年份", "integer", min=1900, max=2100)
    msg = M.YEAR_AS_TEXT.format(field=year, value="2015年", year=2015)
    assert msg.render("zh") == "年份 '2015年' 是文本；年份应为纯数字：请填写 2015（结果中的公式按数字比较年份）"
    assert msg.render("en") == (
        "Year '2015年' is text; expected the year as a plain number: type 2015 "
        "(the result's formulas compare years as numbers)"
    )
    assert (
        M.NOT_A_YEAR.format(field=year, value="soon").render("zh")
        == "年份 'soon' 不是年份；应为数字形式的年份，如 2020"
    )


# --- the checks of the former translation module, in the new shape ------------------------------


def test_negative():
    msg = M.NEGATIVE.format(field="area_ha", value=-12.5)
    assert msg.render("zh") == "area_ha 为 -12.5；应为 0 或正数"
    assert msg.render("en") == "area_ha is -12.5; expected a value of 0 or more"


def test_duplicate_row_in_workbook():
    msg = M.DUPLICATE_ROW.format(key="2020 / 耕地", first="LandUse!A5")
    assert msg.render("zh") == "重复行：2020 / 耕地 再次出现（首次出现在 LandUse!A5）；每项应只出现一次"


def test_duplicate_row_of_a_method_names_row_and_patch():
    msg = M.DUPLICATE_ROW.format(key=M.KEY_PATCH.format(patch="m1/p2"), first=M.ROW_N.format(row=7))
    assert msg.render("zh") == "重复行：图斑 'm1/p2' 再次出现（首次出现在 第 7 行）；每项应只出现一次"
    assert msg.render("en") == "Duplicate row: patch 'm1/p2' appears again (first at row 7); expected each once"
    key = (M.KEY_VALUE.format(column=M.Column("from_class"), value="'a'"), M.KEY_VALUE.format(column="y", value=1))
    assert M.DUPLICATE_ROW.format(key=key, first="x").render("zh").startswith("重复行：from_class 'a'、y 1 再次出现")


def test_missing_param_repeated_placeholder():
    msg = M.MISSING_PARAM.format(param="npp_bg")
    assert msg.render("zh") == "参数表中缺少参数 'npp_bg'；应有一行 id 为 'npp_bg'"


def test_reference_needs_a_field():
    msg = M.LANDUSE_REFERENCE_NEEDS.format(field=AREA, quantity=M.choice("class_area"))
    assert msg.render("zh") == "面积 为空；'class_area（地类面积）' 参考数据应填写此项"
    assert msg.render("en") == "Area is empty; expected a value for a 'class_area' reference figure"


def test_gep_area_mismatch_keeps_rendered_numbers():
    msg = M.GEP_AREA_MISMATCH.format(
        scenario="after", total=1234.5678, expected=1200.0, basis=M.GEP_BASIS_PROJECT, tolerance=0.5
    )
    assert msg.render("zh") == (
        "情景 'after' 的土地利用面积合计为 1235 ha；应为 1200 ha（项目区面积），误差不超过 0.5 ha"
    )
    basis = M.GEP_BASIS_SCENARIO.format(scenario="before")
    msg = M.GEP_AREA_MISMATCH.format(scenario="after", total=1, expected=2, basis=basis, tolerance=0.5)
    assert "（情景 'before' 的合计）" in msg.render("zh")
    assert "(the total of scenario 'before')" in msg.render("en")


def test_empty_where_and_coefficient_set():
    base = dict(parameter="k_c", label="Crop coefficient", unit=M.Unit("-"), source="FAO-56")
    where = M.GEP_IN_SET.format(set="forest")
    assert (
        M.GEP_MISSING_PARAMETER.format(where=where, **base)
        .render("zh")
        .startswith("参数 'k_c'（Crop coefficient，-）在系数组 'forest' 中为空")
    )
    assert M.GEP_MISSING_PARAMETER.format(where=where, **base).render("en") == (
        "Parameter 'k_c' (Crop coefficient, -) is empty for coefficient set 'forest'; expected a value (FAO-56)"
    )
    assert M.GEP_FACTOR_OUT_OF_RANGE.format(factor="C", value=1.5, where=where).render("zh") == (
        "C 因子在系数组 'forest' 中为 1.5；应介于 0 与 1 之间"
    )
    assert M.GEP_FACTOR_OUT_OF_RANGE.format(factor="P", value="1.25", where="").render("zh") == (
        "P 因子为 1.25；应介于 0 与 1 之间"
    )


def test_nested_reason():
    for reason, zh in [
        (M.VCS_NPP_REQUIRED_BASELINE, "该年为损毁前年份，用于式 (3)-(4) 的基线"),
        (M.VCS_NPP_REQUIRED_RESTORED, "该图斑当年有修复面积（直接增加量 C_restore）"),
        (
            M.VCS_NPP_REQUIRED_PREVIOUS.format(year=2005),
            "该图斑在 2005 年又有面积被损毁，其直接减少量采用上一观测年的植被固碳量（VCS）",
        ),
    ]:
        msg = M.VCS_NPP_REQUIRED.format(patch="M1/P3", year=2004, reason=reason)
        assert msg.render("zh") == f"图斑 'M1/P3' 2004 年的 NPP 为空；应填写数值，因为{zh}"
        assert msg.render("en").startswith("NPP of patch 'M1/P3' in 2004 is empty; expected a value because ")


def test_parcel_year_which():
    msg = M.LANDUSE_PARCEL_YEAR.format(param="parcel_end_year", which=M.SECOND_MAP)
    assert msg.render("zh") == "参数 'parcel_end_year' 为空；由于已填写地块表，应填写第二期土地利用图的年份"
    assert "year of the second land-use map" in msg.render("en")


def test_missing_sheet_and_not_a_workbook():
    msg = M.MISSING_SHEET.format(sheet=LAND, expected=M.Either("LandUse", "土地利用"))
    assert msg.render("zh") == "缺少工作表 '土地利用'；应包含工作表 'LandUse' 或 '土地利用'"
    assert msg.render("en") == "Sheet 'LandUse' is missing; expected the sheets 'LandUse' or '土地利用'"
    msg = M.FILE_DAMAGED.format(detail=M.DAMAGED_NOT_ZIP)
    assert msg.render("zh").startswith("文件已损坏或不是工作簿（不是 zip 压缩包）；")
    assert msg.render("en").startswith("The file is damaged or is not a workbook (not a zip package); ")
    msg = M.ARCHIVE_RATIO.format(part="xl/big.xml", ratio="900", limit=50)
    assert msg.render("zh").startswith("工作簿中的部件 'xl/big.xml' 解压后为压缩大小的 900 倍")
    assert msg.render("en").startswith("Part 'xl/big.xml' of the workbook unpacks to 900 times its packed size")
    assert M.FILE_WRONG_TYPE.format(suffix=".txt").render("zh").startswith("无法读取 '.txt' 类型的文件")


# --- problems and errors render at the edge -----------------------------------------------------


def test_problem_renders_in_either_language():
    p = Problem("Params!C7", M.NEGATIVE.format(field=AREA, value=-1))
    assert p.render("zh") == "Params!C7: 面积 为 -1；应为 0 或正数"
    assert str(p) == p.render("en") == "Params!C7: Area is -1; expected a value of 0 or more"
    assert Problem("", M.NOT_OUR_TEMPLATE).message == M.NOT_OUR_TEMPLATE.format()  # a Msg without parameters
    assert RowProblem("t", 1, "c", M.LANDUSE_NO_INPUT.format(transitions=LAND)).render("zh").startswith("“土地利用”表")


def test_problems_sort_in_reading_order():
    ps = [
        Problem("S!D10", M.REQUIRED.format(field="a")),
        Problem("S!D5", M.REQUIRED.format(field="b")),
        Problem("", M.NOT_OUR_TEMPLATE),
    ]
    assert [p.location for p in sorted(ps)] == ["", "S!D5", "S!D10"]


def test_errors_render_in_either_language():
    e = InvalidWorkbookError("x.xlsx", [Problem("S!A5", M.EMPTY_TABLE.format(table=LAND))], "zh")
    assert e.render("zh") == "x.xlsx：共 1 个问题\n  S!A5: 表 '土地利用' 没有数据行；应至少有一行"
    assert str(e) == "x.xlsx: 1 problem(s)\n  S!A5: Table 'LandUse' has no rows; expected at least one"
    pe = ParameterError("k", M.BELOW_MIN.format(field=AREA, value=-1, bound=0))
    assert str(pe) == "parameter 'k': Area is -1; expected a value of at least 0"
    assert pe.render("zh") == "参数 'k'：面积 为 -1；应不小于 0"
    ie = InputError([Problem("t[1].c", M.REQUIRED.format(field=AREA))])
    assert str(ie) == "t[1].c: Area is empty; expected a value" and ie.render("zh") == "t[1].c: 面积 为空；应填写此项"
    failed = M.PROCESSING_FAILED.format(error="ParameterError", detail=pe)
    assert failed.render("zh") == "无法处理（ParameterError：参数 'k'：面积 为 -1；应不小于 0）"


def test_plain_errors_carry_messages_too(tmp_path):
    from ecoaccount import api
    from ecoaccount.batch import run_batch
    from ecoaccount.errors import EcoAccountError

    with pytest.raises(EcoAccountError) as caught:
        api.make_template("nope", tmp_path / "x.xlsx")
    assert str(caught.value) == "unknown template kind 'nope'; expected one of esv, vcs, landuse, gep"
    assert caught.value.render("zh") == "未知的模板类型 'nope'；应为以下之一：esv、vcs、landuse、gep"
    with pytest.raises(EcoAccountError) as caught:
        run_batch(tmp_path / "missing", tmp_path / "out")
    assert caught.value.render("zh").endswith("missing 不是文件夹")
    assert EcoAccountError("plain text").render("zh") == "plain text"


def test_a_missing_parameter_fails_where_the_message_is_built():
    with pytest.raises(TypeError, match="needs \\['value'\\]"):
        M.NEGATIVE.format(field=AREA)


def test_rendering_never_raises():
    broken = M.Message("NEGATIVE", (("field", AREA),))  # built around format(): a parameter missing
    assert broken.render("zh") == "NEGATIVE: field='面积'"


def test_nested_column_ids_are_resolved_too():
    key = (M.KEY_VALUE.format(column=M.Column("area"), value=1),)
    msg = M.DUPLICATE_ROW.format(key=key, first="x")
    fixed = msg.replace_params(lambda v: AREA if v == M.Column("area") else v)
    assert fixed.render("zh").startswith("重复行：面积 1 再次出现")


def test_coefficient_sets_and_units_listed_with_their_chinese_names():
    sets = tuple(map(M.choice, ("nan", "dry_land", "none", "orchard_set")))
    msg = M.GEP_UNKNOWN_COEFFICIENT_SET.format(value="forest", land_type="forest land", expected=sets)
    assert msg.render("zh").endswith("应为以下之一：dry_land（旱地）、none（无生态服务）、orchard_set")
    assert msg.render("en").endswith("expected one of dry_land, none, orchard_set")
    units = M.UNKNOWN_UNIT.format(value="acre", expected=tuple(map(M.choice, ("ha", "mu", "1e4 yuan"))))
    assert units.render("zh") == "无法识别单位 'acre'；应为以下之一：ha（公顷）、mu（亩）、1e4 yuan（万元）"
    assert units.render("en") == "Unit 'acre' is not known; expected one of ha, mu, 1e4 yuan"


# --- the areas that had tables of their own: batch and the worksheet functions ------------------------


def test_batch_lines_render_statuses_and_durations_from_their_declarations():
    from ecoaccount.batch.run import elapsed, status_counts

    counts = status_counts({"computed": 2, "invalid": 1, "failed": 0, "skipped": 0})
    line = M.BATCH_FINAL.format(total=3, counts=counts, time=elapsed(65))
    assert line.render("en") == "3 file(s): 2 computed, 1 invalid, 0 failed, 0 skipped in 1 min 5 s"
    assert line.render("zh") == "共 3 个文件：已计算 2、无效 1、失败 0、已跳过 0，用时 1 分 5 秒"
    assert M.message("SKIP_FORMAT", {"suffix": ".txt"}).render("zh").startswith("不是工作簿格式（.txt）")
    assert [M.STATUS[s].text("zh") for s in M.STATUSES] == ["已计算", "无效", "失败", "已跳过"]


def test_worksheet_function_messages_are_catalogue_messages():
    from ecoaccount.udf.adapters import render

    sizes = M.UDF_SIZES.format(sizes=(M.UDF_CELLS.format(arg="prices", n=2), M.UDF_CELLS.format(arg="yields", n=1)))
    assert render([sizes], "en") == "#ECO! ranges of different sizes: prices 2 cells, yields 1 cells"
    assert render([sizes], "zh") == "#ECO! 区域大小不一致：prices 2 个单元格、yields 1 个单元格"
    assert {m for m in M.CATALOGUE if m.startswith("UDF_")} >= {"UDF_EMPTY", "UDF_SIZES", "UDF_MORE"}
