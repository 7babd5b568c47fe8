"""Messages of the worksheet functions, declared once in English and Chinese.

A function never raises into the spreadsheet: every problem becomes one short text in the cell,
starting with ``#ECO!`` so that it stands out and ``ISERROR``-style checks can look for it.
"""

from __future__ import annotations

import os

PREFIX = "#ECO! "

MESSAGES: dict[str, tuple[str, str]] = {
    "empty": ("{arg}: the cell is empty (enter 0 if zero is meant)", "{arg}：单元格为空（若为零请填 0）"),
    "empty_at": (
        "{arg}: cell {pos} is empty (enter 0 if zero is meant)",
        "{arg}：第 {pos} 个单元格为空（若为零请填 0）",
    ),
    "empties_at": (
        "{arg}: cells {pos} are empty (enter 0 if zero is meant)",
        "{arg}：第 {pos} 个单元格为空（若为零请填 0）",
    ),
    "text": ('{arg}: text "{value}" where a number belongs', "{arg}：“{value}”是文本，此处应为数字"),
    "text_at": (
        '{arg}: cell {pos} holds text "{value}" where a number belongs',
        "{arg}：第 {pos} 个单元格为文本“{value}”，此处应为数字",
    ),
    "not_text": (
        "{arg}: expected a text such as {choices}, found {value}",
        "{arg}：应为文本（如 {choices}），实际为 {value}",
    ),
    "below": ("{arg}: {value} is below {bound}", "{arg}：{value} 小于 {bound}"),
    "above": ("{arg}: {value} is above {bound}", "{arg}：{value} 大于 {bound}"),
    "negative": ("{arg}: {value} is negative; expected 0 or more", "{arg}：{value} 为负数，应大于或等于 0"),
    "not_positive": ("{arg}: {value} must be above 0", "{arg}：{value} 应大于 0"),
    "one_cell": (
        "{arg}: expected one cell, found a {rows}×{cols} block",
        "{arg}：应为一个单元格，实际为 {rows}×{cols} 的区域",
    ),
    "one_row": (
        "{arg}: expected one row or one column, found a {rows}×{cols} block",
        "{arg}：应为一行或一列，实际为 {rows}×{cols} 的区域",
    ),
    "count": ("{arg}: expected {expected} cells, found {found}", "{arg}：应有 {expected} 个单元格，实际为 {found} 个"),
    "sizes": ("ranges of different sizes: {sizes}", "区域大小不一致：{sizes}"),
    "cells": ("{n} cells", "{n} 个单元格"),
    "missing": ("{arg}: required", "{arg}：必须填写"),
    "choice": ('{arg}: "{value}" is not one of {choices}', "{arg}：“{value}”不是 {choices} 之一"),
    "unit_kind": (
        "cannot convert {a} into {b}: one is an area unit, the other a money unit",
        "无法把 {a} 换算为 {b}：一个是面积单位，另一个是货币单位",
    ),
    "no_sown_area": ("sown areas add up to 0: Ea is not defined", "播种面积合计为 0，Ea 无定义"),
    "zero_gdp": ("GDP is 0: ECPS is not defined", "GDP 为 0，ECPS 无定义"),
    "baseline_years": (
        "the baseline needs at least two years with values, found {n}",
        "基线至少需要两个有值的年份，实际为 {n} 个",
    ),
    "undefined": ("no defined result for these arguments", "这些参数没有确定的结果"),
    "method": ("{text}", "{text}"),
    "more": ("(+{n} more)", "（另有 {n} 个问题）"),
}


def language() -> str:
    """The language of the messages: ``ECOACCOUNT_LANG`` (en or zh), English by default."""
    lang = os.environ.get("ECOACCOUNT_LANG", "en").strip().lower()
    return "zh" if lang.startswith("zh") else "en"


def text(msg_id: str, lang: str, **params: object) -> str:
    en, zh = MESSAGES[msg_id]
    return (zh if lang == "zh" else en).format(**params)
