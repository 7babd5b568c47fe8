"""Chinese message templates: completeness, placeholders and translation of finished messages."""

from __future__ import annotations

import re
import string

import pytest

from ecoaccount import messages as M
from ecoaccount.messages_zh import ZH, match, translate, translate_problem
from ecoaccount.problems import Problem

EN = {k: v for k, v in vars(M).items() if k.isupper() and isinstance(v, str)}
FMT = string.Formatter()

# English words allowed in a Chinese template: identifiers, codes and sheet/column names.
TOKENS = {
    "ecoaccount", "template", "KIND", "xlsx", "xlsm", "xlsb", "ods", "ha", "id", "npp", "NPP", "NPP_b",
    "NPP_bg", "S_veg", "C_restore", "destroyed_ha", "restored_ha", "area_ha", "start_year", "end_year",
    "Ea", "GDP", "LandUse", "Region", "Year", "Services", "SUMIFS", "Transitions", "Classes", "VCS",
    # damaged and hostile files: product and key names
    "Excel", "LibreOffice", "MiB", "Ctrl", "End", "batch", "pip", "install", "ECPS", "fill", "xls",
}


def fields(template: str) -> list[tuple[str, str, str | None]]:
    """(name, spec, conversion) of every placeholder, in order."""
    return [(f, spec or "", conv) for _, f, spec, conv in FMT.parse(template) if f is not None]


def names(template: str) -> set[str]:
    return {f for f, _, _ in fields(template)}


def literal(template: str) -> str:
    return "".join(text for text, *_ in FMT.parse(template))


def sample(name: str, spec: str, i: int, variant: int, suffix: bool = False) -> object:
    """A value for placeholder ``name`` fitting its format spec; ``variant`` picks the kind.

    A placeholder right after another one (``{value}{where}``) is an optional suffix that starts
    with a space.
    """
    if suffix:
        return ("", f" {name} {i}", f" {name}_{i}x")[variant]
    kind = spec[-1:] if spec else ""
    if kind in set("eEfFgG%"):
        return 1234.56789 + i
    if kind in set("bcdoxXn"):
        return 101 + i
    return (f"{name}_{i}x", 101 + i, 2.5 + i)[variant]


def render(template: str, variant: int) -> tuple[str, dict[str, str]]:
    """The formatted English message and the text each placeholder rendered to."""
    values, shown = {}, {}
    for i, (text, name, spec, conv) in enumerate(FMT.parse(template)):
        if name is None:
            continue
        spec = spec or ""
        if name not in values:
            values[name] = sample(name, spec, i, variant, suffix=i > 0 and not text)
            shown[name] = FMT.format_field(FMT.convert_field(values[name], conv), spec)
    return template.format(**values), shown


def test_same_names_as_messages_py():
    assert set(ZH) == set(EN)


@pytest.mark.parametrize("name", sorted(EN))
def test_same_placeholders(name):
    assert names(ZH[name]) == names(EN[name])
    for _, spec, conv in fields(ZH[name]):
        assert spec == "" and conv is None, f"{name}: no conversions or specs in zh templates"


@pytest.mark.parametrize("name", sorted(EN))
def test_no_english_prose_left(name):
    en_words = set(re.findall(r"[A-Za-z_]{2,}", literal(EN[name])))
    zh_words = set(re.findall(r"[A-Za-z_]{2,}", literal(ZH[name])))
    assert zh_words <= TOKENS, f"{name}: {sorted(zh_words - TOKENS)}"
    assert en_words & zh_words <= TOKENS


def test_identical_english_templates_have_identical_chinese():
    by_text: dict[str, set[str]] = {}
    for name, text in EN.items():
        by_text.setdefault(text, set()).add(ZH[name])
    assert all(len(zh) == 1 for zh in by_text.values())


@pytest.mark.parametrize("variant", [0, 1, 2])
@pytest.mark.parametrize("name", sorted(EN))
def test_round_trip(name, variant):
    message, shown = render(EN[name], variant)
    found = match(message)
    assert found is not None
    assert EN[found[0]] == EN[name]  # the same template (or an identical duplicate)
    out = translate(message, "zh")
    assert out == ZH[name].format(**shown)
    for chunk in re.split(r"\{[^}]*\}", EN[name]):
        words = re.findall(r"[A-Za-z_]{2,}", chunk)
        if len(set(words) - TOKENS) >= 2:
            assert chunk.strip() not in out


@pytest.mark.parametrize("name", sorted(EN))
def test_english_is_identity(name):
    message, _ = render(EN[name], 0)
    assert translate(message, "en") == message


@pytest.mark.parametrize(
    "message",
    ["", "Something else went wrong", "参数表中缺少参数 'x'", "Sheet 'X' is missing", "Duplicate row: a"],
)
def test_unknown_messages_unchanged(message):
    assert translate(message, "zh") == message


def test_negative():
    msg = M.NEGATIVE.format(field="area_ha", value=-12.5)
    assert translate(msg, "zh") == "area_ha 为 -12.5；应为 0 或正数"


def test_duplicate_row_in_workbook():
    msg = M.DUPLICATE_ROW.format(key="2020 / 耕地", first="LandUse!A5")
    assert translate(msg, "zh") == "重复行：2020 / 耕地 再次出现（首次出现在 LandUse!A5）；每项应只出现一次"


def test_duplicate_row_of_a_method_translates_row_and_patch():
    msg = M.DUPLICATE_ROW.format(key=f"patch {'m1/p2'!r}", first="row 7")
    assert translate(msg, "zh") == "重复行：图斑 'm1/p2' 再次出现（首次出现在 第 7 行）；每项应只出现一次"


def test_missing_param_repeated_placeholder():
    msg = M.MISSING_PARAM.format(param="npp_bg")
    assert translate(msg, "zh") == "参数表中缺少参数 'npp_bg'；应有一行 id 为 'npp_bg'"
    # the two quoted ids differ: not this template
    other = "Parameter 'a' is missing from the parameters table; expected a row with id 'b'"
    assert translate(other, "zh") == other


def test_more_specific_template_wins():
    assert translate(M.REQUIRED.format(field="class"), "zh") == "class 为空；应填写此项"
    msg = M.LANDUSE_REFERENCE_NEEDS.format(field="Area", quantity="area")
    assert translate(msg, "zh") == "Area 为空；'area' 参考数据应填写此项"


def test_gep_area_mismatch_keeps_rendered_numbers():
    msg = M.GEP_AREA_MISMATCH.format(
        scenario="after", total=1234.5678, expected=1200.0, basis="the project area", tolerance=0.5
    )
    assert translate(msg, "zh") == (
        "情景 'after' 的土地利用面积合计为 1235 ha；应为 1200 ha（项目区面积），误差不超过 0.5 ha"
    )


def test_empty_where_and_coefficient_set():
    base = dict(parameter="k_c", label="Crop coefficient", unit="-", source="FAO-56")
    assert translate(M.GEP_MISSING_PARAMETER.format(where="", **base), "zh") == (
        "参数 'k_c'（Crop coefficient，-）为空；应填写数值（FAO-56）"
    )
    where = f" for coefficient set {'forest'!r}"
    assert translate(M.GEP_MISSING_PARAMETER.format(where=where, **base), "zh") == (
        "参数 'k_c'（Crop coefficient，-）在系数组 'forest' 中为空；应填写数值（FAO-56）"
    )
    assert translate(M.GEP_FACTOR_OUT_OF_RANGE.format(factor="C", value=1.5, where=where), "zh") == (
        "C 因子在系数组 'forest' 中为 1.5；应介于 0 与 1 之间"
    )
    assert translate(M.GEP_FACTOR_OUT_OF_RANGE.format(factor="P", value="1.25", where=""), "zh") == (
        "P 因子为 1.25；应介于 0 与 1 之间"
    )


def test_nested_reason_is_translated():
    for reason, zh in [
        (M.VCS_NPP_REQUIRED_BASELINE, ZH["VCS_NPP_REQUIRED_BASELINE"]),
        (M.VCS_NPP_REQUIRED_RESTORED, ZH["VCS_NPP_REQUIRED_RESTORED"]),
        (M.VCS_NPP_REQUIRED_PREVIOUS.format(year=2005), ZH["VCS_NPP_REQUIRED_PREVIOUS"].format(year=2005)),
    ]:
        msg = M.VCS_NPP_REQUIRED.format(patch="M1/P3", year=2004, reason=reason)
        assert translate(msg, "zh") == f"图斑 'M1/P3' 2004 年的 NPP 为空；应填写数值，因为{zh}"


def test_parcel_year_which():
    msg = M.LANDUSE_PARCEL_YEAR.format(param="parcel_end_year", which="second")
    assert translate(msg, "zh") == "参数 'parcel_end_year' 为空；由于已填写地块表，应填写第二期土地利用图的年份"


def test_missing_sheet_and_not_a_workbook():
    msg = M.MISSING_SHEET.format(sheet="LandUse", expected=f"{'LandUse'!r} or {'土地利用'!r}")
    assert translate(msg, "zh") == "缺少工作表 'LandUse'；应包含工作表 'LandUse' 或 '土地利用'"
    msg = M.NOT_A_WORKBOOK.format(detail="no such file")
    assert translate(msg, "zh") == "无法将文件作为工作簿打开（文件不存在）；应为 .xlsx、.xlsm、.xlsb 或 .ods 文件"
    assert translate(M.NOT_OUR_TEMPLATE, "zh") == ZH["NOT_OUR_TEMPLATE"]


def test_translate_problem():
    p = Problem("Params!C7", M.NEGATIVE.format(field="Tolerance", value=-1))
    q = translate_problem(p, "zh")
    assert isinstance(q, Problem) and q is not p
    assert q == Problem("Params!C7", "Tolerance 为 -1；应为 0 或正数")
    assert translate_problem(p, "en") == p
    assert p.message.startswith("Tolerance is")
