"""Numbers on the page: one number of decimals per column, thousands separators, never ``1e-05``."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

MAX_DECIMALS = 6


def is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def decimals(values: Iterable[Any], fmt: str | None = None) -> int:
    """Decimals for a whole column: 0 for integers, 2 from 1 up, enough for 3 significant digits below.

    ``fmt`` is the declared ``ResultColumn.fmt`` (``precise``: 4 decimals, ``percent``: 1 decimal of
    the percentage); without it the values decide.
    """
    if fmt in ("integer", "text"):
        return 0
    if fmt == "percent":
        return 1
    if fmt == "precise":
        return 4
    nums = [abs(float(v)) for v in values if is_number(v) and v != 0]
    if not nums or all(float(v).is_integer() for v in nums):
        return 0
    top = max(nums)
    if top >= 1:
        return 2
    return min(MAX_DECIMALS, 2 - math.floor(math.log10(top)))


def is_year_column(values: Iterable[Any]) -> bool:
    """Whole numbers from 1000 to 2999 (zero allowed: a year not given): shown without separators."""
    nums = [v for v in values if is_number(v) and v != 0]
    return bool(nums) and all(float(v).is_integer() and 1000 <= v <= 2999 for v in nums)


def fmt_number(v: Any, d: int, fmt: str | None = None, year: bool = False) -> str:
    """``v`` with ``d`` decimals (text passes through; ``percent`` shows ``12.3%``)."""
    if v is None:
        return ""
    if not is_number(v):
        return str(v)
    if year or fmt == "integer":
        return str(int(v)) if float(v).is_integer() else f"{v:.{d}f}"
    if fmt == "percent":
        text = f"{float(v) * 100:,.{d}f}%"
    else:
        text = f"{float(v):,.{d}f}"
    return text[1:] if text.startswith("-") and not any(ch not in "-0.,%" for ch in text) else text


class Column:
    """The formatter of one column: decimals fixed once from all its values."""

    def __init__(self, values: list[Any], fmt: str | None = None) -> None:
        self.fmt = fmt
        self.year = fmt is None and is_year_column(values)
        self.d = decimals(values, fmt)

    def __call__(self, v: Any) -> str:
        return fmt_number(v, self.d, self.fmt, self.year)
