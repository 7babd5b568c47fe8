"""Declarations that every kind's result sheets share."""

from __future__ import annotations

from ecoaccount.outputs import ResultColumn, UnitChoice
from ecoaccount.units import factor
from ecoaccount.workbook.reader import Parsed


def key_column(id_: str, en: str, zh: str, formula: str, width: float) -> ResultColumn:
    """A key column (region, year, class, mine, scenario...): a formula on an input cell, no unit.

    Years (``year``, ``start_year``, ``year_from``...) are integers, every other key is text.
    """
    return ResultColumn(id_, en, zh, "", formula, "integer" if "year" in id_.split("_") else "text", width=width)


def chosen_unit(parsed: Parsed, param: str, table: tuple[tuple[str, str, str, str], ...], base: str) -> UnitChoice:
    """The unit that parameter ``param`` picks from ``table`` (code, en, zh, unit): its code, its zh name
    and how many ``base`` units one of it is."""
    code = str(parsed.params[param])
    zh = next(r[2] for r in table if r[0] == code)
    return UnitChoice(code, zh, factor(code, table, base))
