"""The one unit registry, and the unit choices users can select in a template.

Methods compute in ha, yuan and t; the workbook layer converts with the factors below, which are
written into each workbook's Units table so that formulas can refer to them.

The factors of the selectable units are constants (``FACTORS``): building pint's registry takes
longer than everything else a short command does, and every process (a batch worker, a
worksheet-function host) would pay it again. tests/test_units.py checks each constant against pint
with ``unit_definitions.txt``; pint is imported only when a factor outside that table is asked for.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pint

# Unit choices shown in templates: (code, en label, zh label, pint unit).
AREA_UNITS: tuple[tuple[str, str, str, str], ...] = (
    ("ha", "hectare (ha)", "公顷", "hectare"),
    ("mu", "mu (亩)", "亩", "mu"),
    ("km2", "square kilometre (km²)", "平方千米", "kilometer ** 2"),
)
MONEY_UNITS: tuple[tuple[str, str, str, str], ...] = (
    ("yuan", "yuan", "元", "yuan"),
    ("1e4 yuan", "10⁴ yuan (万元)", "万元", "wan_yuan"),
    ("1e8 yuan", "10⁸ yuan (亿元)", "亿元", "yi_yuan"),
)
MASS_UNITS: tuple[tuple[str, str, str, str], ...] = (
    ("t", "tonne (t)", "吨", "metric_ton"),
    ("Gg", "gigagram (Gg = 10³ t)", "千吨", "gigagram"),
)


#: (pint unit, canonical unit) -> how many canonical units (ha, yuan, t) one unit is, as pint
#: computes it with unit_definitions.txt (checked by tests/test_units.py).
FACTORS: dict[tuple[str, str], float] = {
    ("hectare", "hectare"): 1.0,
    ("mu", "hectare"): 0.06666666666666667,
    ("kilometer ** 2", "hectare"): 100.0,
    ("yuan", "yuan"): 1.0,
    ("wan_yuan", "yuan"): 10000.0,
    ("yi_yuan", "yuan"): 100000000.0,
    ("metric_ton", "metric_ton"): 1.0,
    ("gigagram", "metric_ton"): 1000.0,
}


@cache
def registry() -> pint.UnitRegistry:
    """pint's registry with ecoaccount's units (built on first use, which takes a while)."""
    import pint

    ureg = pint.UnitRegistry()
    with files("ecoaccount.data").joinpath("unit_definitions.txt").open(encoding="utf-8") as fh:
        ureg.load_definitions(fh.read().splitlines())
    return ureg


def factor(code: str, table: tuple[tuple[str, str, str, str], ...], base: str) -> float:
    """How many ``base`` units one ``code`` unit is (e.g. factor('mu', AREA_UNITS, 'hectare'))."""
    for c, _en, _zh, unit in table:
        if c == code:
            known = FACTORS.get((unit, base))
            return known if known is not None else pint_factor(unit, base)
    raise KeyError(code)


def pint_factor(unit: str, base: str) -> float:
    """How many ``base`` units one ``unit`` is, by pint."""
    return float(registry().Quantity(1, unit).to(base).magnitude)


@cache
def _unit_rows() -> tuple[tuple[str, str, str, str, float], ...]:
    return tuple(
        (quantity, code, en, zh, factor(code, table, base))
        for quantity, table, base in (
            ("area", AREA_UNITS, "hectare"),
            ("money", MONEY_UNITS, "yuan"),
            ("mass", MASS_UNITS, "metric_ton"),
        )
        for code, en, zh, _ in table
    )


def unit_rows() -> list[tuple[str, str, str, str, float]]:
    """Every selectable unit: (quantity, code, en, zh, factor to the canonical unit)."""
    # One row per accepted spelling, so that a formula can MATCH whatever was typed.
    return list(_spelling_rows())


@cache
def _spelling_rows() -> tuple[tuple[str, str, str, str, float], ...]:
    return tuple((q, spelling, en, zh, f) for q, code, en, zh, f in _unit_rows() for spelling in spellings(code))


@cache
def codes(quantity: str) -> tuple[str, ...]:
    return tuple(code for code, *_ in _TABLES[quantity])


# -- unit spellings ------------------------------------------------------------------------------
# Every spelling people type for each unit, in both languages, declared once. The reader turns any
# of them into the canonical code; templates offer the en codes (en books) or the zh names (zh
# books) in their dropdowns; the Lists sheet of a workbook lists every spelling with its factor.
# Matching ignores case and surrounding spaces (as Excel's MATCH does), nothing else.
UNIT_SPELLINGS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # code: (en display, zh display, further accepted spellings)
    "ha": ("ha", "公顷", ("hectare", "hectares", "hm2", "hm²", "公頃")),
    "mu": ("mu", "亩", ("畝",)),
    "km2": ("km²", "平方公里", ("km²", "km^2", "sq km", "square kilometre", "square kilometer", "平方千米")),
    "yuan": ("yuan", "元", ("CNY", "RMB", "人民币元")),
    "1e4 yuan": (
        "10⁴ yuan",
        "万元",
        ("10^4 yuan", "10⁴ yuan", "1e4yuan", "wan yuan", "10000 yuan", "10,000 yuan", "10 thousand yuan"),
    ),
    "1e8 yuan": (
        "10⁸ yuan",
        "亿元",
        ("10^8 yuan", "10⁸ yuan", "1e8yuan", "yi yuan", "100000000 yuan", "100 million yuan"),
    ),
    "t": ("t", "吨", ("tonne", "tonnes", "ton", "tons", "metric ton")),
    "Gg": ("Gg", "千吨", ("kt", "10^3 t", "10³ t", "1e3 t", "kilotonne", "kilotonnes", "thousand tonnes")),
}
_TABLES = {"area": AREA_UNITS, "money": MONEY_UNITS, "mass": MASS_UNITS}


def spellings(code: str) -> tuple[str, ...]:
    """Every accepted spelling of a unit: the code first, then its zh name, then the others."""
    en, zh, more = UNIT_SPELLINGS[code]
    return tuple(dict.fromkeys((code, zh, en, *more)))


def unit_code(quantity: str, text: object) -> str | None:
    """The canonical code of a unit as typed (``'亩'`` → ``'mu'``), or None when it is unknown."""
    key = str(text if text is not None else "").strip().casefold()
    for code in codes(quantity):
        if key in (s.casefold() for s in spellings(code)):
            return code
    return None


def unit_name(code: str, lang: str) -> str:
    """How a unit is shown in a book of language ``lang`` (``'mu'`` → ``'亩'`` in zh)."""
    en, zh, _ = UNIT_SPELLINGS[code]
    return zh if lang == "zh" else en


def unit_choices(quantity: str, lang: str) -> tuple[str, ...]:
    """The dropdown of a unit choice: the en codes in an en book, the zh names in a zh book."""
    return tuple(UNIT_SPELLINGS[c][1] if lang == "zh" else c for c in codes(quantity))


# -- fixed units of parameters, as a zh book shows them ----------------------------------------------
# A parameter's unit is declared once, in English symbols (``yuan/t``); a zh book shows it in Chinese.
# Units that carry no word of three letters or more (t/ha, MJ·mm/(ha·h·a)) read the same in both.
UNIT_TEXT_ZH: dict[str, str] = {
    "code": "代码",
    "year": "年",
    "years": "年",
    "d/a": "天/年",
    "mm/a": "毫米/年",
    "g/kg": "克/千克",
    "t/ha": "吨/公顷",
    "t/m3": "吨/立方米",
    "t/a": "吨/年",
    "t / (g m-2 ha)": "吨/(克·米⁻²·公顷)",
    "yuan/t": "元/吨",
    "yuan/kg": "元/千克",
    "yuan/m3": "元/立方米",
    "yuan/kWh": "元/千瓦时",
    "yuan/t CO2": "元/吨 CO₂",
    "g organic matter / g C": "克有机物/克碳",
    "g CO2 / g organic matter": "克 CO₂/克有机物",
    "MJ·mm/(ha·h·a)": "兆焦·毫米/(公顷·小时·年)",
}


def unit_text_in(text: str, lang: str) -> str:
    """A parameter's fixed unit as shown in a book of language ``lang`` (``yuan/t`` → ``元/吨`` in zh)."""
    return UNIT_TEXT_ZH.get(text, text) if lang == "zh" else text
