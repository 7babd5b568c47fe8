"""Messages of the worksheet functions (``=ECO_...``): what a cell shows after ``#ECO!`` when an
argument is wrong or a result is undefined.

``{arg}`` is the argument's name as the spreadsheet shows it (``prices``); ``{pos}`` the position of
a cell in a range (1-based), or a list of positions.
"""

from __future__ import annotations

from ecoaccount.messages import Msg

UDF_EMPTY = Msg(
    "UDF_EMPTY", en="{arg}: the cell is empty (enter 0 if zero is meant)", zh="{arg}：单元格为空（若为零请填 0）"
)
UDF_EMPTY_AT = Msg(
    "UDF_EMPTY_AT",
    en="{arg}: cell {pos} is empty (enter 0 if zero is meant)",
    zh="{arg}：第 {pos} 个单元格为空（若为零请填 0）",
)
UDF_EMPTIES_AT = Msg(
    "UDF_EMPTIES_AT",
    en="{arg}: cells {pos} are empty (enter 0 if zero is meant)",
    zh="{arg}：第 {pos} 个单元格为空（若为零请填 0）",
)
UDF_TEXT = Msg(
    "UDF_TEXT",
    en='{arg}: text "{value}" where a number belongs',
    zh="{arg}：“{value}”是文本，此处应为数字",
)
UDF_TEXT_AT = Msg(
    "UDF_TEXT_AT",
    en='{arg}: cell {pos} holds text "{value}" where a number belongs',
    zh="{arg}：第 {pos} 个单元格为文本“{value}”，此处应为数字",
)
UDF_NOT_TEXT = Msg(
    "UDF_NOT_TEXT",
    en="{arg}: expected a text such as {choices}, found {value}",
    zh="{arg}：应为文本（如 {choices}），实际为 {value}",
)
UDF_BELOW = Msg("UDF_BELOW", en="{arg}: {value} is below {bound}", zh="{arg}：{value} 小于 {bound}")
UDF_ABOVE = Msg("UDF_ABOVE", en="{arg}: {value} is above {bound}", zh="{arg}：{value} 大于 {bound}")
UDF_NEGATIVE = Msg(
    "UDF_NEGATIVE",
    en="{arg}: {value} is negative; expected 0 or more",
    zh="{arg}：{value} 为负数，应大于或等于 0",
)
UDF_NOT_POSITIVE = Msg("UDF_NOT_POSITIVE", en="{arg}: {value} must be above 0", zh="{arg}：{value} 应大于 0")
UDF_ONE_CELL = Msg(
    "UDF_ONE_CELL",
    en="{arg}: expected one cell, found a {rows}×{cols} block",
    zh="{arg}：应为一个单元格，实际为 {rows}×{cols} 的区域",
)
UDF_ONE_ROW = Msg(
    "UDF_ONE_ROW",
    en="{arg}: expected one row or one column, found a {rows}×{cols} block",
    zh="{arg}：应为一行或一列，实际为 {rows}×{cols} 的区域",
)
UDF_COUNT = Msg(
    "UDF_COUNT",
    en="{arg}: expected {expected} cells, found {found}",
    zh="{arg}：应有 {expected} 个单元格，实际为 {found} 个",
)
# {sizes} is a list of UDF_CELLS, one per range.
UDF_SIZES = Msg("UDF_SIZES", en="ranges of different sizes: {sizes}", zh="区域大小不一致：{sizes}")
UDF_CELLS = Msg("UDF_CELLS", en="{arg} {n} cells", zh="{arg} {n} 个单元格")
UDF_MISSING = Msg("UDF_MISSING", en="{arg}: required", zh="{arg}：必须填写")
UDF_CHOICE = Msg(
    "UDF_CHOICE",
    en='{arg}: "{value}" is not one of {choices}',
    zh="{arg}：“{value}”不是 {choices} 之一",
)
UDF_UNIT_KIND = Msg(
    "UDF_UNIT_KIND",
    en="cannot convert {a} into {b}: one is an area unit, the other a money unit",
    zh="无法把 {a} 换算为 {b}：一个是面积单位，另一个是货币单位",
)
UDF_NO_SOWN_AREA = Msg(
    "UDF_NO_SOWN_AREA",
    en="sown areas add up to 0: Ea is not defined",
    zh="播种面积合计为 0，Ea 无定义",
)
UDF_ZERO_GDP = Msg("UDF_ZERO_GDP", en="GDP is 0: ECPS is not defined", zh="GDP 为 0，ECPS 无定义")
UDF_BASELINE_YEARS = Msg(
    "UDF_BASELINE_YEARS",
    en="the baseline needs at least two years with values, found {n}",
    zh="基线至少需要两个有值的年份，实际为 {n} 个",
)
UDF_UNDEFINED = Msg("UDF_UNDEFINED", en="no defined result for these arguments", zh="这些参数没有确定的结果")
# A method's own error (an EcoAccountError renders itself in the language; other text as it is).
UDF_METHOD = Msg("UDF_METHOD", en="{error}", zh="{error}")
UDF_MORE = Msg("UDF_MORE", en="(+{n} more)", zh="（另有 {n} 个问题）")
