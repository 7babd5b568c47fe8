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
    return list(_unit_rows())


@cache
def codes(quantity: str) -> tuple[str, ...]:
    return tuple(r[1] for r in _unit_rows() if r[0] == quantity)
