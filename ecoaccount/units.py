"""The one unit registry, and the unit choices users can select in a template.

Methods compute in ha, yuan and t; the workbook layer converts with the factors below, which are
written into each workbook's Units table so that formulas can refer to them.
"""

from __future__ import annotations

from functools import cache

import pint

from ecoaccount.data import files

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


@cache
def registry() -> pint.UnitRegistry:
    ureg = pint.UnitRegistry()
    with files("ecoaccount.data").joinpath("unit_definitions.txt").open(encoding="utf-8") as fh:
        ureg.load_definitions(fh.read().splitlines())
    return ureg


def factor(code: str, table: tuple[tuple[str, str, str, str], ...], base: str) -> float:
    """How many ``base`` units one ``code`` unit is (e.g. factor('mu', AREA_UNITS, 'hectare'))."""
    for c, _en, _zh, unit in table:
        if c == code:
            return float(registry().Quantity(1, unit).to(base).magnitude)
    raise KeyError(code)


def unit_rows() -> list[tuple[str, str, str, str, float]]:
    """Every selectable unit: (quantity, code, en, zh, factor to the canonical unit)."""
    rows = []
    for quantity, table, base in (
        ("area", AREA_UNITS, "hectare"),
        ("money", MONEY_UNITS, "yuan"),
        ("mass", MASS_UNITS, "metric_ton"),
    ):
        for code, en, zh, _ in table:
            rows.append((quantity, code, en, zh, factor(code, table, base)))
    return rows


def codes(quantity: str) -> tuple[str, ...]:
    return tuple(r[1] for r in unit_rows() if r[0] == quantity)
