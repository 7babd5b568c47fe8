"""Worksheet functions as plain Python: hand-worked numbers, the registry, readable messages (en, zh)."""

from __future__ import annotations

import inspect

import pytest

from ecoaccount import udf
from ecoaccount.citations import has_file_id
from ecoaccount.udf import calls
from ecoaccount.udf.adapters import evaluate
from ecoaccount.udf.registry import BY_NAME, FUNCTIONS


def row(*values):
    return [list(values)]


def test_ea_eq1():
    # (1/7)·(2·6000·100 + 3·2000·300)/400 = 7500/7
    assert udf.ECO_EA(row(2, 3), row(6000, 2000), row(100, 300)) == pytest.approx(7500 / 7)


def test_vc_esv_nonmarket_eqs2_to_4():
    assert udf.ECO_VC(row(1.0, 2.0, 3.0), 10.0) == 60.0
    assert udf.ECO_ESV(row(10, 20), [[1], [2]]) == 50.0  # a row against a column of the same size
    # 11 services 0..10: total 55, market-priced food production 0 + raw materials 1 -> 54
    assert udf.ECO_NONMARKET(row(*range(11))) == 54.0


def test_ecps_t_and_compensation_eqs4_to_6():
    # ECPS = (1000/10)/(1000/10) = 1; t = 0.5; R = 1000·0.15·0.5 = 75
    assert udf.ECO_ECPS(1000, 1000, 10) == 1.0
    assert udf.ECO_T(1) == pytest.approx(0.5)
    assert udf.ECO_COMPENSATION(1000, 1) == pytest.approx(75.0)
    assert udf.ECO_COMPENSATION(1000, 1, 0.1) == pytest.approx(50.0)


def test_vcs_baseline_vcsd_eqs1_to_5():
    assert udf.ECO_VCS(100) == pytest.approx(358.6)  # 100·2.2·1.63
    assert udf.ECO_BASELINE(row(2000, 2001, 2002), row(1, 2, 3), 2003) == pytest.approx(4.0)
    # 002 eq. 1: (200·1 − 50·(1 − 0.8)) / 0.8 = 237.5
    assert udf.ECO_NPP_SCALED(200, 50, 1, 0.8) == pytest.approx(237.5)
    assert udf.ECO_NPP_SCALED(200, 50, 1, 0) == 0.0
    # Mine A of the synthetic example: NPP 100 + 10(t − 2010), 2 ha destroyed 2014 -> VCSD 89.65 t CO2
    years = list(range(2010, 2022))
    years.remove(2015)
    npp = [100 + 10 * (y - 2010) if y < 2014 else 0 for y in years]
    destroyed = [2 if y == 2014 else 0 for y in years]
    assert udf.ECO_VCSD(row(*years), row(*npp), row(*destroyed), row(*[0] * len(years))) == pytest.approx(89.65)


def test_gep_indicators_paper_001():
    # paper_reproducibility.md: forest after restoration retains 74,788 t/a
    assert udf.ECO_RUSLE(34.07, 5823.42, 0.0336, 11.23, 0.001, 1) == pytest.approx(74788, rel=1e-4)
    assert udf.ECO_GEP_LANDSCAPE(34.07, 0.82, 2400, 4.56) == pytest.approx(34.07 * 0.82 / 7 * 2400 * 4.56)
    assert udf.ECO_GEP_LANDSCAPE(34.07, 0.82, 2400, 4.56, "quantity") == pytest.approx(34.07 * 0.82)
    assert udf.ECO_GEP_AGRI(row(1, 2), row(10, 20), "quantity") == 3.0
    assert udf.ECO_GEP_AGRI(row(1, 2), row(10, 20)) == 50.0
    assert udf.ECO_GEP_WATER(1, 1000, 0.1, 500, 2, "quantity") == pytest.approx(4000.0)  # 1e4·(1000−100−500)·1e-3
    assert udf.ECO_GEP_AIR(10, 1, 2, 3, 4, 5, 6, "nox") == 20.0
    assert udf.ECO_GEP_AIR(10, 1, 2, 3, 4, 5, 6) == 10 * 4 + 20 * 5 + 30 * 6
    assert udf.ECO_GEP_CARBON(1, 1, 0.5, 0, 44 / 12, 10, "quantity") == pytest.approx(1.5 * 44 / 12)
    assert udf.ECO_GEP_OXYGEN(44, 32 / 44, 2, "物理量") == pytest.approx(32)
    assert udf.ECO_GEP_CLIMATE(1, 3600, 10, 2, 1) == pytest.approx(5.0)  # 3600·1·10/(3600·2) kWh × 1 yuan
    soil = udf.ECO_GEP_SOIL(1, 100, 0.1, 1, 0.5, 1, 0.24, 1.2, 10, 1, 1, 1, 1, 100, 100, "quantity")
    assert soil == pytest.approx(5.0)  # 100·0.1·1·(1 − 0.5)·1


def test_transfer_matrix_is_a_2d_array_with_totals():
    m = udf.ECO_TRANSFER_MATRIX(
        [["forest"], ["forest"], ["arable"]], [["forest"], ["arable"], ["arable"]], [[5], [2], [3]]
    )
    assert m[0] == ["from \\ to", "arable", "forest", "total", "transferred_out"]
    assert m[1] == ["arable", 3.0, 0.0, 3.0, 0.0]
    assert m[2] == ["forest", 2.0, 5.0, 7.0, 2.0]
    assert m[3] == ["total", 5.0, 5.0, 10.0, 2.0]


@pytest.mark.parametrize(
    "value, a, b, expected",
    [
        (1, "ha", "mu", 15.0),
        (1, "km2", "ha", 100.0),
        (15, "亩", "公顷", 1.0),
        (2, "万元", "yuan", 20000.0),
        (1, "1e8 yuan", "1e4 yuan", 10000.0),
        (3, "亿元", "万元", 30000.0),
    ],
)
def test_unit_conversion(value, a, b, expected):
    assert udf.ECO_CONVERT(value, a, b) == pytest.approx(expected)


@pytest.mark.parametrize(
    "name, args, en, zh",
    [
        (
            "ECO_EA",
            (row(None, 3), row(6000, 2000), row(100, 300)),
            "#ECO! prices: cell 1 is empty (enter 0 if zero is meant)",
            "#ECO! prices：第 1 个单元格为空（若为零请填 0）",
        ),
        (
            "ECO_EA",
            (row(2, 3), row(6000, 2000), row(100, None)),
            "#ECO! sown_areas: cell 2 is empty (enter 0 if zero is meant)",
            "#ECO! sown_areas：第 2 个单元格为空（若为零请填 0）",
        ),
        (
            "ECO_EA",
            (row(2), row(6000), row(0)),
            "#ECO! sown areas add up to 0: Ea is not defined",
            "#ECO! 播种面积合计为 0，Ea 无定义",
        ),
        (
            "ECO_EA",
            (row(2, 3), row(6000), row(1, 2)),
            "#ECO! ranges of different sizes: prices 2 cells, yields 1 cells, sown_areas 2 cells",
            "#ECO! 区域大小不一致：prices 2 个单元格、yields 1 个单元格、sown_areas 2 个单元格",
        ),
        (
            "ECO_ESV",
            ([[1, 2], [3, 4]], row(1, 2)),
            "#ECO! areas: expected one row or one column, found a 2×2 block",
            "#ECO! areas：应为一行或一列，实际为 2×2 的区域",
        ),
        (
            "ECO_ESV",
            (row(10, ""), row(1, 2)),
            "#ECO! areas: cell 2 is empty (enter 0 if zero is meant)",
            "#ECO! areas：第 2 个单元格为空（若为零请填 0）",
        ),
        (
            "ECO_ESV",
            (row(-10, 5), row(1, 2)),
            "#ECO! areas: -10 is negative; expected 0 or more",
            "#ECO! areas：-10 为负数，应大于或等于 0",
        ),
        ("ECO_T", ("abc",), '#ECO! ecps: text "abc" where a number belongs', "#ECO! ecps：“abc”是文本，此处应为数字"),
        (
            "ECO_T",
            ([[1, 2]],),
            "#ECO! ecps: expected one cell, found a 1×2 block",
            "#ECO! ecps：应为一个单元格，实际为 1×2 的区域",
        ),
        (
            "ECO_T",
            ([[None]],),
            "#ECO! ecps: the cell is empty (enter 0 if zero is meant)",
            "#ECO! ecps：单元格为空（若为零请填 0）",
        ),
        ("ECO_ECPS", (1, 0, 1), "#ECO! GDP is 0: ECPS is not defined", "#ECO! GDP 为 0，ECPS 无定义"),
        ("ECO_RUSLE", (1, 1, 1, 1, 1.5, 1), "#ECO! c: 1.5 is above 1", "#ECO! c：1.5 大于 1"),
        (
            "ECO_BASELINE",
            (row(2000), row(1), 2001),
            "#ECO! the baseline needs at least two years with values, found 1",
            "#ECO! 基线至少需要两个有值的年份，实际为 1 个",
        ),
        (
            "ECO_CONVERT",
            (1, "ha", "万元"),
            "#ECO! cannot convert ha into 1e4 yuan: one is an area unit, the other a money unit",
            "#ECO! 无法把 ha 换算为 1e4 yuan：一个是面积单位，另一个是货币单位",
        ),
        (
            "ECO_GEP_AIR",
            (1, 1, 1, 1, 1, 1, 1, "pm"),
            '#ECO! result: "pm" is not one of value, so2, nox, dust',
            "#ECO! result：“pm”不是 value、so2、nox、dust 之一",
        ),
    ],
)
def test_bad_arguments_give_one_readable_message_en_and_zh(name, args, en, zh):
    assert evaluate(name, args, "en") == en
    assert evaluate(name, args, "zh") == zh


def test_several_problems_are_all_named_then_counted():
    out = evaluate("ECO_GEP_WATER", (None, "x", -1, [[1, 2]], ""), "en")
    assert out == (
        '#ECO! area: required; precipitation: text "x" where a number belongs; '
        "runoff_coefficient: -1 is negative; expected 0 or more; (+2 more)"
    )


def test_language_follows_ecoaccount_lang(monkeypatch):
    monkeypatch.setenv("ECOACCOUNT_LANG", "zh")
    assert udf.ECO_T("abc") == "#ECO! ecps：“abc”是文本，此处应为数字"


class TestRegistry:
    def test_covers_every_method_named_in_the_design(self):
        names = {f.name for f in FUNCTIONS}
        assert {
            "ECO_EA",
            "ECO_VC",
            "ECO_ESV",
            "ECO_NONMARKET",
            "ECO_ECPS",
            "ECO_T",
            "ECO_COMPENSATION",
            "ECO_GEP_AGRI",
            "ECO_GEP_WATER",
            "ECO_GEP_SOIL",
            "ECO_GEP_AIR",
            "ECO_GEP_CARBON",
            "ECO_GEP_OXYGEN",
            "ECO_GEP_CLIMATE",
            "ECO_GEP_LANDSCAPE",
            "ECO_RUSLE",
            "ECO_NPP_SCALED",
            "ECO_VCS",
            "ECO_BASELINE",
            "ECO_VCSD",
            "ECO_TRANSFER_MATRIX",
            "ECO_CONVERT",
        } <= names

    @pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.name)
    def test_declaration_is_complete(self, fn):
        assert fn.name.startswith("ECO_") and fn.name.isupper()
        for lang in ("en", "zh"):
            assert fn.help(lang) and "\n" not in fn.help(lang) and "{" not in fn.help(lang)
            assert not has_file_id(fn.help(lang)) and not has_file_id(fn.source_text(lang))  # cited, never "paper 001"
        assert fn.quantity and (fn.source or fn.helper)
        for a in fn.args:
            assert a.shape in ("cell", "row", "labels", "text") and a.en and a.zh
        # the call goes to a pure method of ecoaccount.methods (or the unit registry), never an equation here
        src = inspect.getsource(fn.call)
        assert any(f"{m}." in src for m in ("esv", "gep", "vcs", "landuse", "units", "_pick(gep")), fn.name

    @pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.name)
    def test_xlwings_function_matches_its_declaration(self, fn):
        f = getattr(udf, fn.name)
        assert list(inspect.signature(f).parameters) == [a.name for a in fn.args]
        assert f.__doc__ == fn.help("en")

    def test_calls_module_has_no_formula_of_its_own(self):
        # the equations live in ecoaccount.methods: no arctan, no 1/7, no 2.2·1.63 here
        src = inspect.getsource(calls)
        for needle in ("arctan", "1 / 7", "2.2 *", "1.63 *", "np.pi"):
            assert needle not in src


def test_empty_cells_of_one_range_are_named_together():
    assert evaluate("ECO_EA", (row(None, "", 2), row(1, 2, 3), row(1, 2, 3)), "en") == (
        "#ECO! prices: cells 1, 2 are empty (enter 0 if zero is meant)"
    )
    assert evaluate("ECO_EA", (row(None, "", 2), row(1, 2, 3), row(1, 2, 3)), "zh") == (
        "#ECO! prices：第 1、2 个单元格为空（若为零请填 0）"
    )


def test_docs_function_table_is_generated_from_the_registry():
    from pathlib import Path

    from ecoaccount.udf.registry import reference_table

    text = (Path(__file__).resolve().parents[1] / "docs" / "udf.md").read_text(encoding="utf-8")
    start = "<!-- functions:start (generated from ecoaccount.udf.registry) -->"
    section = text[text.index(start) + len(start) : text.index("<!-- functions:end -->")]
    assert section == "\n" + reference_table("en")


def test_gep_arguments_are_the_template_declarations():
    """Labels, units and bounds of the GEP arguments come from the GEP template's SPEC, not a second copy."""
    from ecoaccount.kinds import gep

    declared = {p.zh: p for p in gep.SPEC.params}
    declared |= {f.zh: f for t in gep.SPEC.tables for f in t.fields}
    for fn in FUNCTIONS:
        if not fn.name.startswith("ECO_GEP_") and fn.name != "ECO_RUSLE":
            continue
        for a in fn.args:
            if a.name in ("result", "co2") or fn.name == "ECO_GEP_AGRI":  # the result choice, an output, a row
                continue
            d = declared[a.zh]
            assert a.en.casefold() == d.en.casefold(), (fn.name, a.name)
            assert a.unit == ("ha" if d.unit == "{area_unit}" else d.unit), (fn.name, a.name)
            if d.min is not None:
                assert (a.minimum, a.maximum) == (d.min, d.max), (fn.name, a.name)
    eer = BY_NAME["ECO_GEP_CLIMATE"].args[3]
    assert (eer.minimum, eer.maximum) == (gep.SPEC.param("ac_eer").min, gep.SPEC.param("ac_eer").max)


def test_help_cites_the_paper_and_states_the_units_in_each_language():
    fn = BY_NAME["ECO_GEP_AGRI"]
    assert fn.help("en") == (
        "Agricultural products: value Σ E·P (yuan/a) or output Σ E (t/a) (Xu et al. 2026, Global NEST J., Table 3)."
    )
    assert fn.help("zh") == "农产品：价值 Σ E·P（元/年）或产量 Σ E（吨/年）（Xu 等 2026，Global NEST J.，表 3）。"
    assert BY_NAME["ECO_EA"].source_text("zh").endswith("式 1")
    assert BY_NAME["ECO_TRANSFER_MATRIX"].source_text("zh").endswith("第 2.2 节")
    assert BY_NAME["ECO_EA"].unit_text("zh") == "元/(公顷·年)"  # from the declared output column esv.ea.ea
