"""Every message a user can see, declared once with its English and Chinese text (cf. invest's
``validation_messages.py``).

A message is declared as ``NAME = Msg("NAME", en="...", zh="...")``; adding one is that one
declaration (a test checks that every message renders in both languages). Code never builds a
finished sentence: ``M.NOT_A_NUMBER.format(value=v, unit=Unit("ha"))`` returns a
:class:`Message`, which carries the id and the parameters, and is rendered in the user's language
only at the edge (CLI output, errors.csv, ``render(lang)`` of an exception).

Parameters are rendered per language too. Pass the declared objects, not their English text:

- a :class:`~ecoaccount.spec.Field`, :class:`~ecoaccount.spec.Param` or :class:`Term` renders as
  its ``label(lang)``, a :class:`~ecoaccount.spec.TableSpec` as its sheet name in that language;
- :class:`Unit` renders a unit code or expression (``Unit("mu")`` is 亩 in Chinese);
- :class:`Column` is a column id of a pure method's input table, shown as the field's label once
  the workbook layer knows which field it is;
- a list or tuple renders as a readable list (``a, b`` / ``a、b``), blanks and NaN left out;
  :class:`Either` as ``'a' or 'b'`` / ``'a' 或 'b'``;
- a :class:`Message` (or a :class:`Msg` without parameters) renders as a nested sentence;
- anything else (numbers, text the user typed) is formatted as it is, so ``{value!r}`` and
  ``{total:.4g}`` work in both languages.

Each message says what was found and what was expected; when two fields are involved it quotes
both values and says how to fix it.

This module declares the types and the messages of reading and checking a workbook; each further
area declares its messages in a module of this package (``messages.batch``: ``ecoaccount batch``;
``messages.udf``: the worksheet functions), imported at the end, so that ``M.NAME`` and
``CATALOGUE`` hold every message.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

LANGS = ("en", "zh")
CATALOGUE: dict[str, Msg] = {}
_NEEDED: dict[str, frozenset[str]] = {}  # message id -> its placeholders, computed once
_FMT = string.Formatter()


@dataclass(frozen=True)
class Msg:
    """One message: a stable id and its text in English and Chinese (``str.format`` templates).

    Both texts use the same placeholders (the Chinese one may leave out one that only the English
    sentence needs).
    """

    id: str
    en: str
    zh: str

    def __post_init__(self) -> None:
        if self.id in CATALOGUE:
            raise ValueError(f"message id {self.id!r} is declared twice")
        CATALOGUE[self.id] = self

    def format(self, **params: Any) -> Message:
        """This message with its parameters; rendered later, in the user's language.

        Every placeholder needs a value (a missing one is a programming error, raised here where
        the message is built rather than when it is shown).
        """
        needed = _NEEDED.get(self.id)
        if needed is None:
            needed = _NEEDED[self.id] = frozenset(self.placeholders("en") | self.placeholders("zh"))
        if not needed <= params.keys():
            raise TypeError(f"message {self.id} needs {sorted(needed - params.keys())}")
        return Message(self.id, tuple((k, _freeze(v)) for k, v in params.items()))

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def placeholders(self, lang: str = "en") -> set[str]:
        return {f for _, f, _, _ in _FMT.parse(self.text(lang)) if f is not None}


@functools.total_ordering
@dataclass(frozen=True, eq=True)
class Message:
    """A message id with its parameters; ``render(lang)`` gives the sentence."""

    id: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def msg(self) -> Msg:
        return CATALOGUE[self.id]

    def render(self, lang: str = "en") -> str:
        values = {k: render_value(v, lang) for k, v in self.params}
        try:
            return self.msg.text(lang).format(**values)
        except (KeyError, IndexError, ValueError, TypeError):  # never a traceback where it is shown
            return f"{self.id}: " + ", ".join(f"{k}={v!r}" for k, v in values.items())

    def get(self, name: str, default: Any = None) -> Any:
        return dict(self.params).get(name, default)

    def replace_params(self, fn: Any) -> Message:
        """A copy with ``fn(value)`` applied to every parameter, nested messages and lists included
        (used to resolve units and column ids)."""

        def deep(v: Any) -> Any:
            if isinstance(v, Message):
                return v.replace_params(fn)
            if isinstance(v, tuple):
                return tuple(deep(x) for x in v)
            return fn(v)

        return Message(self.id, tuple((k, deep(v)) for k, v in self.params))

    def __str__(self) -> str:
        return self.render("en")

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return (str(self), self.id) < (str(other), other.id)


def render(message: Message | str, lang: str = "en") -> str:
    """A message (or a plain string) in ``lang``."""
    return message.render(lang) if isinstance(message, Message) else str(message)


def message(msg_id: str, params: Mapping[str, Any] | None = None) -> Message:
    """The message ``msg_id`` with ``params``, as it travels between processes: ``(id, params)``."""
    return CATALOGUE[msg_id].format(**(params or {}))


# --- parameter types ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A value with a label in each language (a land-type name, "first"/"second", ...)."""

    en: str
    zh: str

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" and self.zh else self.en


@dataclass(frozen=True)
class Either:
    """Two alternatives: ``'a' or 'b'`` / ``'a' 或 'b'``."""

    a: Any
    b: Any

    def label(self, lang: str) -> str:
        word = "或" if lang == "zh" else "or"
        return f"{render_value(self.a, lang)!r} {word} {render_value(self.b, lang)!r}"


@dataclass(frozen=True)
class Column:
    """A column id of a pure method's input table; the workbook layer swaps in its Field."""

    id: str

    def label(self, lang: str) -> str:
        return self.id


# A unit code (as typed in a template's unit cells) or a unit expression of the spec, and its
# Chinese text. Codes of selectable units come from ecoaccount.units; expressions that stand for
# "the unit chosen on the parameters sheet" are resolved to that code when it is known.
_UNIT_WORDS: dict[str, tuple[str, str]] = {
    "area unit": ("the area unit chosen on the parameters sheet", "参数表所选的面积单位"),
    "any area unit": ("any area unit (the same in every row)", "任一面积单位（各行一致）"),
    "g organic matter / g C": ("g organic matter / g C", "g 有机质 / g C"),
    "g CO2 / g organic matter": ("g CO2 / g organic matter", "g CO2 / g 有机质"),
    "GDP money unit": ("the GDP money unit chosen on the parameters sheet", "参数表所选的 GDP 货币单位"),
    "unit of S": ("the unit of S", "S 的单位"),
    "year": ("years", "年"),
    "years": ("years", "年"),
    "code": ("a code", "代码"),
    "": ("the stated unit", "所列单位"),
    "–": ("the stated unit", "所列单位"),
}
CHOSEN_UNITS = {"area unit": "area_unit", "GDP money unit": "gdp_unit"}  # expression -> parameter id


@dataclass(frozen=True)
class Unit:
    """A unit code (``ha``, ``1e4 yuan``) or a spec's unit expression (``yuan/kg``, ``kg/{area_unit}``).

    ``zh`` is the Chinese text of the expression when the spec declares one; ``chosen`` holds the
    codes chosen on the parameters sheet for the unit parameters it names (see
    :func:`resolve_units`), so that ``{area_unit}`` reads 亩 in a Chinese book that chose mu.
    """

    code: str
    zh: str = ""
    chosen: tuple[tuple[str, str], ...] = ()

    def label(self, lang: str) -> str:
        from ecoaccount.spec import unit_text
        from ecoaccount.units import UNIT_SPELLINGS, unit_name

        if self.code in UNIT_SPELLINGS:
            return unit_name(self.code, lang)
        text = self.zh if lang == "zh" and self.zh else self.code
        if "{" in text:
            chosen = dict(self.chosen)
            if text.strip("{}") in UNIT_WORDS_CHOSEN and text.strip("{}") not in chosen:
                en, zh = UNIT_WORDS_CHOSEN[text.strip("{}")]  # nothing usable chosen: say where to choose
                return zh if lang == "zh" else en
            return unit_text(text, lang, chosen)
        if text in _UNIT_WORDS:
            en, zh = _UNIT_WORDS[text]
            return zh if lang == "zh" else en
        if lang == "zh":  # a symbol expression: only the money word has a Chinese symbol
            return re.sub(r"\b1e4 yuan\b", "万元", re.sub(r"\byuan\b", "元", text))
        return text


# A unit that is only a parameter's choice, when that choice is unknown (not filled, or misspelt).
UNIT_WORDS_CHOSEN: dict[str, tuple[str, str]] = {
    "area_unit": ("the area unit chosen on the parameters sheet", "参数表所选的面积单位"),
    "gdp_unit": ("the GDP money unit chosen on the parameters sheet", "参数表所选的 GDP 货币单位"),
    "out_unit": ("the result money unit chosen on the parameters sheet", "参数表所选的结果货币单位"),
    "mass_unit": ("the mass unit chosen on the parameters sheet", "参数表所选的质量单位"),
}


@dataclass(frozen=True)
class Measure:
    """A number with its unit: ``12.5 mu`` / ``12.5 亩``."""

    value: float
    unit: str

    def label(self, lang: str) -> str:
        number = f"{self.value:.10g}"
        return f"{number} {Unit(self.unit).label(lang)}" if self.unit else number


# Chinese meaning of the choice codes that templates ask for (the code is what the cell must hold,
# so a Chinese message shows both: ``provisioning（供给服务）``).
CHOICE_ZH: dict[str, str] = {
    "provisioning": "供给服务",
    "regulating": "调节服务",
    "supporting": "支持服务",
    "cultural": "文化服务",
    "yes": "是",
    "no": "否",
    "invariant": "碳汇不变区",
    "enhancement": "碳汇增强区",
    "low_carbon_optimisation": "低碳优化区",
    "emission_control": "碳排放控制区",
    "unclassified": "未分区",
    "sink": "碳汇用地",
    "built": "建设用地",
    "mining": "采矿用地",
    "water": "水域",
    "other": "其他",
    "stated": "文献给出",
    "reconstructed": "重建",
    "class_area": "地类面积",
    "class_share": "地类面积占比",
    "transferred_out": "转出面积",
    "transfer_share": "转出比例",
    "occupied": "采矿占用面积",
    "occupied_share": "采矿占用比例",
    "zone_share": "功能区面积占比",
    # GEP coefficient sets of the packaged parameter table
    "forest": "林地",
    "dry_land": "旱地",
    "grassland": "草地",
    "paddy": "水田",
    "none": "无生态服务",
}


def choice(code: str) -> Term:
    """A choice code as shown in a message: ``provisioning`` / ``provisioning（供给服务）``; a unit
    code with its Chinese name: ``mu`` / ``mu（亩）``."""
    zh = CHOICE_ZH.get(code) or _unit_zh().get(code)
    return Term(code, f"{code}（{zh}）" if zh else code)


@functools.cache
def _unit_zh() -> dict[str, str]:
    """Chinese name of every selectable unit code (``mu`` -> 亩)."""
    from ecoaccount.units import UNIT_SPELLINGS

    return {code: zh for code, (_en, zh, _more) in UNIT_SPELLINGS.items()}


def resolve_units(message: Message, params: Mapping[str, Any]) -> Message:
    """Units that name a parameter's choice (``{area_unit}``, ``area unit``) get the chosen code."""
    from ecoaccount.spec import unit_params
    from ecoaccount.units import UNIT_SPELLINGS

    def fix(v: Any) -> Any:
        if not isinstance(v, Unit):
            return v
        if v.code in CHOSEN_UNITS:  # the older spelling of a spec's unit expression
            chosen = params.get(CHOSEN_UNITS[v.code])
            return Unit(str(chosen)) if chosen in UNIT_SPELLINGS else v
        pids = dict.fromkeys(unit_params(v.code) + unit_params(v.zh))
        chosen = tuple((p, str(params[p])) for p in pids if params.get(p) in UNIT_SPELLINGS)
        return Unit(v.code, v.zh, chosen) if chosen else v

    return message.replace_params(fix)


def render_value(v: Any, lang: str) -> Any:
    """A parameter as shown in ``lang``: text for declared objects, the value itself otherwise."""
    if isinstance(v, Message):
        return v.render(lang)
    if isinstance(v, Msg):
        return v.text(lang)
    if hasattr(v, "item") and not isinstance(v, (str, bytes)) and getattr(v, "shape", None) == ():
        v = v.item()  # a NumPy scalar as the plain value, so that !r shows 3, not np.int64(3)
    label = getattr(v, "label", None)
    if callable(label):
        return label(lang)
    if isinstance(v, Exception) and callable(getattr(v, "render", None)):
        return v.render(lang)  # an EcoAccountError
    sheet = getattr(v, "sheet", None)
    if callable(sheet):  # a TableSpec: its sheet name in that language
        return sheet(lang)
    if isinstance(v, tuple):
        return readable_list(v, lang)
    return v


def readable_list(values: Iterable[Any], lang: str) -> str:
    """``a, b, c`` / ``a、b、c``; blanks and NaN are left out."""
    shown = [str(render_value(v, lang)) for v in values if not _blank(v)]
    return ("、" if lang == "zh" else ", ").join(s for s in shown if not _blank(s))


def _blank(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and v != v:
        return True
    return isinstance(v, str) and v.strip().casefold() in ("", "nan")


def _freeze(v: Any) -> Any:
    """Parameters as hashable values (lists become tuples), so problems can be de-duplicated."""
    if isinstance(v, (list, tuple, set, frozenset)) or type(v).__name__ in ("Index", "Series", "ndarray"):
        return tuple(_freeze(x) for x in v)
    return v


def year_in(value: Any) -> int | None:
    """The year in an obvious spelling such as ``2015年``, ``2015 年度`` or ``２０１５``."""
    text = str(value).strip().translate(_FULLWIDTH)
    m = re.fullmatch(r"(\d{4})\s*(?:年度?|a)?\.?", text)
    return int(m.group(1)) if m else None


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


# --- workbook structure -----------------------------------------------------------------------
NOT_OUR_TEMPLATE = Msg(
    "NOT_OUR_TEMPLATE",
    en=(
        "This workbook is not an ecoaccount template: no sheet is marked with a template kind; expected a "
        "workbook made by 'ecoaccount template KIND'"
    ),
    zh="此工作簿不是 ecoaccount 模板：没有任何工作表标明模板类型；应使用由 'ecoaccount template KIND' 生成的工作簿",
)
MISSING_SHEET = Msg(
    "MISSING_SHEET",
    en="Sheet {sheet!r} is missing; expected the sheets {expected}",
    zh="缺少工作表 {sheet!r}；应包含工作表 {expected}",
)
MISSING_HEADER = Msg(
    "MISSING_HEADER",
    en="Header {header!r} not found in row {row}; expected {expected} (en or zh label)",
    zh="第 {row} 行未找到表头 {header!r}；应为 {expected}（英文或中文表头）",
)
UNKNOWN_UNIT = Msg(
    "UNKNOWN_UNIT",
    en="Unit {value!r} is not known; expected one of {expected}",
    zh="无法识别单位 {value!r}；应为以下之一：{expected}",
)

# --- cell values ------------------------------------------------------------------------------
REQUIRED = Msg("REQUIRED", en="{field} is empty; expected a value", zh="{field} 为空；应填写此项")
NOT_A_NUMBER = Msg(
    "NOT_A_NUMBER",
    en="Value {value!r} could not be interpreted as a number; expected a number in {unit}",
    zh="值 {value!r} 无法识别为数字；应为以{unit}计的数字",
)
NOT_A_PLAIN_NUMBER = Msg(
    "NOT_A_PLAIN_NUMBER",
    en="Value {value!r} could not be interpreted as a number; expected a number",
    zh="值 {value!r} 无法识别为数字；应为数字",
)
NOT_AN_INTEGER = Msg(
    "NOT_AN_INTEGER",
    en="Value {value!r} is not a whole number; expected a year such as 2020",
    zh="值 {value!r} 不是整数；应为年份，如 2020",
)
NOT_A_YEAR = Msg(
    "NOT_A_YEAR",
    en="{field} {value!r} is not a year; expected a year as a number, such as 2020",
    zh="{field} {value!r} 不是年份；应为数字形式的年份，如 2020",
)
YEAR_AS_DATE = Msg(
    "YEAR_AS_DATE",
    en="{field} {value} is a date; expected the year as a plain number: type {year}",
    zh="{field} {value} 是日期；年份应为纯数字：请填写 {year}",
)
YEAR_AS_TEXT = Msg(
    "YEAR_AS_TEXT",
    en=(
        "{field} {value!r} is text; expected the year as a plain number: type {year} (the result's formulas "
        "compare years as numbers)"
    ),
    zh="{field} {value!r} 是文本；年份应为纯数字：请填写 {year}（结果中的公式按数字比较年份）",
)
BELOW_MIN = Msg(
    "BELOW_MIN",
    en="{field} is {value}; expected a value of at least {bound}",
    zh="{field} 为 {value}；应不小于 {bound}",
)
ABOVE_MAX = Msg(
    "ABOVE_MAX",
    en="{field} is {value}; expected a value of at most {bound}",
    zh="{field} 为 {value}；应不大于 {bound}",
)
NEGATIVE = Msg(
    "NEGATIVE",
    en="{field} is {value}; expected a value of 0 or more",
    zh="{field} 为 {value}；应为 0 或正数",
)
NOT_IN_CHOICES = Msg(
    "NOT_IN_CHOICES",
    en="{field} {value!r} is not one of {expected}",
    zh="{field} {value!r} 不是可选值之一；可选值：{expected}",
)
DUPLICATE_ROW = Msg(
    "DUPLICATE_ROW",
    en="Duplicate row: {key} appears again (first at {first}); expected each once",
    zh="重复行：{key} 再次出现（首次出现在 {first}）；每项应只出现一次",
)
ROW_N = Msg("ROW_N", en="row {row}", zh="第 {row} 行")
KEY_PATCH = Msg("KEY_PATCH", en="patch {patch!r}", zh="图斑 {patch!r}")
KEY_PATCH_YEAR = Msg("KEY_PATCH_YEAR", en="patch {patch!r} year {year}", zh="图斑 {patch!r} {year} 年")
KEY_VALUE = Msg("KEY_VALUE", en="{column} {value}", zh="{column} {value}")
EMPTY_TABLE = Msg(
    "EMPTY_TABLE",
    en="Table {table!r} has no rows; expected at least one",
    zh="表 {table!r} 没有数据行；应至少有一行",
)

# --- land-use transfer matrix and carbon-sink zones (003) -------------------------------------
LANDUSE_MISSING_COLUMN = Msg(
    "LANDUSE_MISSING_COLUMN",
    en="Table {table!r} has no column {column!r}; expected the columns {expected}",
    zh="表 {table!r} 缺少列 {column!r}；应包含以下列：{expected}",
)
LANDUSE_UNKNOWN_CLASS = Msg(
    "LANDUSE_UNKNOWN_CLASS",
    en=(
        "Land class {value!r} does not appear in the zone rules; expected one of {expected} (or add the class to "
        "the rules table)"
    ),
    zh="地类 {value!r} 未出现在分区规则中；应为以下之一：{expected}（或在规则表中添加该地类）",
)
LANDUSE_UNKNOWN_ZONE = Msg(
    "LANDUSE_UNKNOWN_ZONE",
    en="Zone {value!r} is not a carbon-sink zone; expected one of {expected}",
    zh="分区 {value!r} 不是碳汇分区；应为以下之一：{expected}",
)
LANDUSE_PARCEL_MISSING = Msg(
    "LANDUSE_PARCEL_MISSING",
    en=(
        "Parcel {parcel!r} is in the {present} table but not in the {absent} table; expected every parcel in "
        "both tables"
    ),
    zh="地块 {parcel!r} 在 {present} 表中存在，但不在 {absent} 表中；每个地块应同时出现在两张表中",
)
LANDUSE_AREA_NOT_BALANCED = Msg(
    "LANDUSE_AREA_NOT_BALANCED",
    en=(
        "Parcels total {before} ha at the first date and {after} ha at the second (difference {difference} ha); "
        "expected equal totals within {tolerance} ha, because both dates must cover the same study area"
    ),
    zh=(
        "地块面积合计：第一个时点为 {before} 公顷，第二个时点为 {after} 公顷（相差 {difference} 公顷）；"
        "两个时点的合计应在 {tolerance} ha 误差内相等，因为两个时点必须覆盖同一研究区"
    ),
)
LANDUSE_PERIOD_NOT_ORDERED = Msg(
    "LANDUSE_PERIOD_NOT_ORDERED",
    en="Period {start}-{end}: start year {start} is not before end year {end}; expected start_year < end_year",
    zh="时段 {start}-{end}：起始年 {start} 不早于结束年 {end}；起始年应早于结束年",
)
LANDUSE_PERIOD_OUT_OF_ORDER = Msg(
    "LANDUSE_PERIOD_OUT_OF_ORDER",
    en=(
        "Period {start}-{end} starts before the previous period {previous_start}-{previous_end} ends; expected "
        "periods listed in time order without overlap"
    ),
    zh=(
        "时段 {start}-{end} 在上一时段 {previous_start}-{previous_end} 结束之前就已开始；"
        "各时段应按时间顺序排列且互不重叠"
    ),
)
LANDUSE_PERIOD_AREA_NOT_BALANCED = Msg(
    "LANDUSE_PERIOD_AREA_NOT_BALANCED",
    en=(
        "Period {start}-{end} covers {area} ha but period {first_start}-{first_end} covers {first_area} ha; "
        "expected the same study-area total in every period within {tolerance} ha"
    ),
    zh=(
        "时段 {start}-{end} 覆盖 {area} ha，而时段 {first_start}-{first_end} 覆盖 {first_area} ha；"
        "各时段的研究区面积合计应在 {tolerance} ha 误差内相同"
    ),
)
LANDUSE_SEVERAL_PERIODS = Msg(
    "LANDUSE_SEVERAL_PERIODS",
    en=(
        "The transition table holds {count} periods ({periods}); expected one period for a transfer matrix "
        "(select one period first)"
    ),
    zh="转移表包含 {count} 个时段（{periods}）；转移矩阵应只对应一个时段（请先选定一个时段）",
)
MISSING_PARAM = Msg(
    "MISSING_PARAM",
    en="Parameter {param!r} is missing from the parameters table; expected a row with id {param!r}",
    zh="参数表中缺少参数 {param!r}；应有一行 id 为 {param!r}",
)

# --- vegetation carbon sequestration dynamics (002) -------------------------------------------
VCS_MISSING_COLUMN = Msg(
    "VCS_MISSING_COLUMN",
    en="Table {table!r} has no column {column!r}; expected the columns {expected}",
    zh="表 {table!r} 缺少列 {column!r}；应包含以下列：{expected}",
)
VCS_NO_NPP_COLUMNS = Msg(
    "VCS_NO_NPP_COLUMNS",
    en=(
        "Table {table!r} has neither an 'npp' column nor all of the mixed-pixel columns {mixed}; expected one of "
        "the two"
    ),
    zh="表 {table!r} 既没有 'npp' 列，也不具备全部混合像元列 {mixed}；应具备二者之一",
)
VCS_NPP_AND_MIXED = Msg(
    "VCS_NPP_AND_MIXED",
    en=(
        "Table {table!r} has both an 'npp' column and the mixed-pixel columns {mixed}; expected one of the two "
        "(NPP of the vegetated area, or the inputs of Eq. (1) to compute it)"
    ),
    zh=(
        "表 {table!r} 同时包含 'npp' 列和混合像元列 {mixed}；应只提供其中之一（植被区的 NPP，或按式 (1) 计算 NPP "
        "所需的输入）"
    ),
)
VCS_YEAR_OUT_OF_ORDER = Msg(
    "VCS_YEAR_OUT_OF_ORDER",
    en=(
        "Year {year} of patch {patch!r} comes after year {previous}; expected the years of each patch in "
        "ascending order"
    ),
    zh="图斑 {patch!r} 的年份 {year} 排在年份 {previous} 之后；每个图斑的年份应按升序排列",
)
VCS_MISSING_PATCH_YEAR = Msg(
    "VCS_MISSING_PATCH_YEAR",
    en="Patch {patch!r} has no row for {years}; expected one row per patch for every year in the table",
    zh="图斑 {patch!r} 缺少 {years} 的数据行；表中每个年份每个图斑应各有一行",
)
VCS_RESTORED_EXCEEDS_DESTROYED = Msg(
    "VCS_RESTORED_EXCEEDS_DESTROYED",
    en=(
        "Patch {patch!r}: restored area up to {year} is {restored} ha but destroyed area up to {year} is only "
        "{destroyed} ha; expected restored area not to exceed destroyed area so far (check destroyed_ha and "
        "restored_ha of this patch)"
    ),
    zh=(
        "图斑 {patch!r}：截至 {year} 年的修复面积为 {restored} ha，而截至 {year} 年的损毁面积仅为 {destroyed} "
        "ha；截至当年的修复面积不应超过损毁面积（请检查该图斑的 destroyed_ha 和 restored_ha）"
    ),
)
VCS_NPP_REQUIRED = Msg(
    "VCS_NPP_REQUIRED",
    en="NPP of patch {patch!r} in {year} is empty; expected a value because {reason}",
    zh="图斑 {patch!r} {year} 年的 NPP 为空；应填写数值，因为{reason}",
)
VCS_NPP_REQUIRED_BASELINE = Msg(
    "VCS_NPP_REQUIRED_BASELINE",
    en="it is a pre-destruction year used by the baseline of Eqs. (3)-(4)",
    zh="该年为损毁前年份，用于式 (3)-(4) 的基线",
)
VCS_NPP_REQUIRED_RESTORED = Msg(
    "VCS_NPP_REQUIRED_RESTORED",
    en="the patch has restored area that year (direct increase, C_restore)",
    zh="该图斑当年有修复面积（直接增加量 C_restore）",
)
VCS_PIXEL_AREA_NOT_POSITIVE = Msg(
    "VCS_PIXEL_AREA_NOT_POSITIVE",
    en="Pixel area S is {value}; expected a value greater than 0",
    zh="像元面积 S 为 {value}；应大于 0",
)
VCS_VEG_AREA_EXCEEDS_PIXEL = Msg(
    "VCS_VEG_AREA_EXCEEDS_PIXEL",
    en="Vegetated area S_veg is {s_veg} but pixel area S is {s}; expected S_veg between 0 and S",
    zh="植被面积 S_veg 为 {s_veg}，但像元面积 S 为 {s}；S_veg 应介于 0 与 S 之间",
)
VCS_NPP_A_NEGATIVE = Msg(
    "VCS_NPP_A_NEGATIVE",
    en=(
        "NPP after scale transformation (Eq. (1)) is {value}: NPP_b x S = {total} is smaller than NPP_bg x (S - "
        "S_veg) = {background}; expected NPP_b x S of at least NPP_bg x (S - S_veg)"
    ),
    zh=(
        "尺度转换（式 (1)）后的 NPP 为 {value}：NPP_b x S = {total} 小于 NPP_bg x (S - S_veg) = {background}；"
        "NPP_b x S 应不小于 NPP_bg x (S - S_veg)"
    ),
)
VCS_DESTRUCTION_BEFORE_START = Msg(
    "VCS_DESTRUCTION_BEFORE_START",
    en=(
        "Destruction year {year} of patch {patch!r} is before the first year of the series ({first}); expected a "
        "destruction year within the series, after at least one undisturbed year"
    ),
    zh=(
        "图斑 {patch!r} 的损毁年份 {year} 早于序列首年（{first}）；损毁年份应在序列范围内，"
        "且之前至少有一个未受扰动的年份"
    ),
)
VCS_RESTORATION_WITHOUT_DESTRUCTION = Msg(
    "VCS_RESTORATION_WITHOUT_DESTRUCTION",
    en=(
        "Patch {patch!r} has restoration year {year} but no destruction year; expected a destruction year before "
        "any restoration year"
    ),
    zh="图斑 {patch!r} 有修复年份 {year}，但没有损毁年份；任何修复年份之前都应有损毁年份",
)
VCS_RESTORATION_NOT_AFTER_DESTRUCTION = Msg(
    "VCS_RESTORATION_NOT_AFTER_DESTRUCTION",
    en=(
        "Patch {patch!r}: restoration year {restoration} falls in observed year {restoration_in}, not after "
        "destruction year {destruction} (observed year {destruction_in}); expected restoration in a later "
        "observed year than destruction"
    ),
    zh=(
        "图斑 {patch!r}：修复年份 {restoration} 落在观测年 {restoration_in}，并不晚于损毁年份 "
        "{destruction}（观测年 {destruction_in}）；修复应发生在晚于损毁的观测年"
    ),
)

# --- GEP of a restoration project (ecoaccount.methods.gep) -----------------------------------
GEP_MISSING_PARAMETER = Msg(
    "GEP_MISSING_PARAMETER",
    en="Parameter {parameter!r} ({label}, {unit}) is empty{where}; expected a value ({source})",
    zh="参数 {parameter!r}（{label}，{unit}）{where}为空；应填写数值（取值依据见参数表的“来源”列）",
)
GEP_IN_SET = Msg("GEP_IN_SET", en=" for coefficient set {set!r}", zh="在系数组 {set!r} 中")
GEP_BASIS_PROJECT = Msg("GEP_BASIS_PROJECT", en="the project area", zh="项目区面积")
GEP_BASIS_SCENARIO = Msg("GEP_BASIS_SCENARIO", en="the total of scenario {scenario!r}", zh="情景 {scenario!r} 的合计")
GEP_FACTOR_OUT_OF_RANGE = Msg(
    "GEP_FACTOR_OUT_OF_RANGE",
    en="{factor} factor is {value}{where}; expected a value between 0 and 1",
    zh="{factor} 因子{where}为 {value}；应介于 0 与 1 之间",
)
GEP_UNKNOWN_LAND_TYPE = Msg(
    "GEP_UNKNOWN_LAND_TYPE",
    en=(
        "Land type {value!r} is not in the land-type mapping; expected one of {expected} (or add it to the "
        "mapping with a coefficient set)"
    ),
    zh="地类 {value!r} 不在地类映射表中；应为以下之一：{expected}（或将其连同一个系数组添加到映射表中）",
)
GEP_UNKNOWN_COEFFICIENT_SET = Msg(
    "GEP_UNKNOWN_COEFFICIENT_SET",
    en="Coefficient set {value!r} of land type {land_type!r} has no parameters; expected one of {expected}",
    zh="地类 {land_type!r} 的系数组 {value!r} 没有参数；应为以下之一：{expected}",
)
GEP_AREA_MISMATCH = Msg(
    "GEP_AREA_MISMATCH",
    en=(
        "Land-use areas of scenario {scenario!r} add up to {total:.4g} ha; expected {expected:.4g} ha ({basis}) "
        "within {tolerance:g} ha"
    ),
    zh=(
        "情景 {scenario!r} 的土地利用面积合计为 {total:.4g} ha；应为 {expected:.4g} ha（{basis}），误差不超过 "
        "{tolerance:g} ha"
    ),
)
GEP_EMPTY_SCENARIO = Msg(
    "GEP_EMPTY_SCENARIO",
    en="Scenario {scenario!r} has no land-use area; expected rows with a positive area for each of {expected}",
    zh="情景 {scenario!r} 没有土地利用面积；{expected} 中的每个情景都应有面积为正数的行",
)
GEP_MISSING_COLUMN = Msg(
    "GEP_MISSING_COLUMN",
    en="Column {column!r} is missing from table {table!r}; expected columns {expected}",
    zh="表 {table!r} 缺少列 {column!r}；应包含以下列：{expected}",
)

# --- ESV and compensation (000) ---------------------------------------------------------------
ESV_UNMAPPED_CLASS = Msg(
    "ESV_UNMAPPED_CLASS",
    en=(
        "Land class {value!r} has no row in the class mapping; expected one of {expected}, or add {value!r} to "
        "the class mapping table"
    ),
    zh="地类 {value!r} 在地类对照表中没有对应行；应为以下之一：{expected}，或在地类对照表中添加 {value!r}",
)
ESV_UNKNOWN_SUBTYPE = Msg(
    "ESV_UNKNOWN_SUBTYPE",
    en="Factor sub-type {value!r} is not in the factor table; expected one of {expected}",
    zh="当量因子子类 {value!r} 不在当量因子表中；应为以下之一：{expected}",
)
ESV_WEIGHTS = Msg(
    "ESV_WEIGHTS",
    en="Mapping weights of class {cls!r} add up to {total}; expected 1 (or 0 for a class without services)",
    zh="地类 {cls!r} 的对照权重合计为 {total}；应为 1（无生态系统服务的地类为 0）",
)
ESV_NO_GRAIN = Msg(
    "ESV_NO_GRAIN",
    en=(
        "No grain statistics for region {region!r}, year {year}; expected rows in the grain table to compute Ea (eq. 1)"
    ),
    zh="地区 {region!r} {year} 年没有粮食统计数据；粮食表中应有相应行，用于计算 Ea（式 1）",
)
ESV_ZERO_SOWN = Msg(
    "ESV_ZERO_SOWN",
    en="Total sown area of region {region!r}, year {year} is 0; expected a positive total to compute Ea (eq. 1)",
    zh="地区 {region!r} {year} 年的播种面积合计为 0；应为正数，用于计算 Ea（式 1）",
)
ESV_NO_GDP = Msg(
    "ESV_NO_GDP",
    en="GDP is missing for region {region!r}, year {year}; expected a row in the GDP table",
    zh="缺少地区 {region!r} {year} 年的地区生产总值（GDP）；“地区生产总值”表中应有相应行",
)
ESV_REGION_NAME = Msg(
    "ESV_REGION_NAME",
    en="Region name {value!r} starts with = < > or contains * ? ~; expected a plain name",
    zh="地区名称 {value!r} 以 = < > 开头或包含 * ? ~；应为普通名称",
)
ESV_NO_CLASSES = Msg(
    "ESV_NO_CLASSES",
    en="{table} has no land-class columns after {region} and {year}; expected one column per land class",
    zh="“{table}”工作表在“{region}”和“{year}”之后没有地类列；每个地类应占一列",
)
ESV_MISSING_SERVICES = Msg(
    "ESV_MISSING_SERVICES",
    en="{table} table lacks {missing}; expected one row per service of the factor table",
    zh="“{table}”表缺少 {missing}；当量因子表中的每项生态系统服务应各占一行",
)

# --- VCS template (ecoaccount.kinds.vcs) ------------------------------------------------------
VCS_ID_NAME = Msg(
    "VCS_ID_NAME",
    en=(
        "{field} {value!r} starts with = < > or contains * ? ~; expected a plain name (these characters act as "
        "wildcards in the SUMIFS formulas of the result)"
    ),
    zh="{field} {value!r} 以 = < > 开头或包含 * ? ~；应为普通名称（这些字符在结果的 SUMIFS 公式中会被当作通配符）",
)
VCS_ID_CASE = Msg(
    "VCS_ID_CASE",
    en=(
        "{field} {value!r} differs from {other!r} (first at {first}) only in letter case; expected names that "
        "differ in more than case (the SUMIFS formulas of the result ignore case)"
    ),
    zh=(
        "{field} {value!r} 与 {other!r}（首次出现在 {first}）仅大小写不同；名称之间应不只是大小写不同（结果的 "
        "SUMIFS 公式不区分大小写）"
    ),
)
VCS_NPP_WITH_MIXED = Msg(
    "VCS_NPP_WITH_MIXED",
    en=(
        "NPP is filled in this row while the mixed-pixel inputs of Eq. (1) are filled in other rows (first at "
        "{first}); expected either NPP in every row or NPP_b, NPP_bg, S and S_veg instead"
    ),
    zh=(
        "本行填写了 NPP，而其他行（首次出现在 {first}）填写了式 (1) 的混合像元输入；应每一行都填写 NPP，"
        "或改为填写 NPP_b、NPP_bg、S 和 S_veg"
    ),
)
VCS_MIXED_INCOMPLETE = Msg(
    "VCS_MIXED_INCOMPLETE",
    en=(
        "Mixed-pixel inputs of Eq. (1) are incomplete in this row ({missing} empty); expected all four of NPP_b, "
        "NPP_bg, S and S_veg, or none of them"
    ),
    zh="本行式 (1) 的混合像元输入不完整（{missing} 为空）；NPP_b、NPP_bg、S 和 S_veg 四项应全部填写或全部留空",
)
VCS_EVENT_PATCH_NOT_IN_ANNUAL = Msg(
    "VCS_EVENT_PATCH_NOT_IN_ANNUAL",
    en=(
        "Patch {patch!r} has destruction/restoration years here but no rows in {table}; expected yearly NPP rows "
        "for every patch listed here"
    ),
    zh="图斑 {patch!r} 在此填写了损毁/修复年份，但在 {table} 中没有数据行；此处列出的每个图斑都应有逐年 NPP 数据行",
)
VCS_AREAS_GIVEN_TWICE = Msg(
    "VCS_AREAS_GIVEN_TWICE",
    en=(
        "Patch {patch!r} has {field} {value:g} in this row and also a row in {table} (at {where}); expected its "
        "areas either per year here or as destruction/restoration years there, not both"
    ),
    zh=(
        "图斑 {patch!r} 在本行填写了{field} {value:g}，同时在 {table} 中也有一行（位于 {where}）；"
        "其面积应在此处逐年填写，或在该处以损毁/修复年份填写，不能两者兼有"
    ),
)
VCS_NPP_REQUIRED_PREVIOUS = Msg(
    "VCS_NPP_REQUIRED_PREVIOUS",
    en=(
        "more area of the patch is destroyed in {year} and its direct decrease uses the VCS of the previous "
        "observed year"
    ),
    zh="该图斑在 {year} 年又有面积被损毁，其直接减少量采用上一观测年的植被固碳量（VCS）",
)

# --- land-use template (ecoaccount.kinds.landuse) ---------------------------------------------
LANDUSE_NO_INPUT = Msg(
    "LANDUSE_NO_INPUT",
    en=(
        "Neither the {transitions} table nor the two parcel tables have rows; expected one of the two (a long "
        "table of from class, to class and area, or the parcels of both dates)"
    ),
    zh=(
        "“{transitions}”表和两张地块表都没有数据行；应提供二者之一（由起始地类、目标地类和面积构成的长表，"
        "或两个时点的地块）"
    ),
)
LANDUSE_BOTH_INPUTS = Msg(
    "LANDUSE_BOTH_INPUTS",
    en=(
        "The {table} table has {transitions} row(s) and the parcel tables have {parcels} row(s); expected one of "
        "the two (clear the {table} table or the parcel tables)"
    ),
    zh="“{table}”表有 {transitions} 行，地块表有 {parcels} 行；应只提供二者之一（清空“{table}”表或地块表）",
)
LANDUSE_ONE_PARCEL_TABLE = Msg(
    "LANDUSE_ONE_PARCEL_TABLE",
    en="Table {present!r} has rows but table {absent!r} is empty; expected the parcels of both dates",
    zh="表 {present!r} 有数据行，但表 {absent!r} 为空；应提供两个时点的地块",
)
LANDUSE_PARCEL_YEAR = Msg(
    "LANDUSE_PARCEL_YEAR",
    en=(
        "Parameter {param!r} is empty; expected the year of the {which} land-use map, because the parcel tables "
        "are filled"
    ),
    zh="参数 {param!r} 为空；由于已填写地块表，应填写{which}土地利用图的年份",
)
FIRST_MAP = Msg("FIRST_MAP", en="first", zh="第一期")
SECOND_MAP = Msg("SECOND_MAP", en="second", zh="第二期")
LANDUSE_CLASS_NOT_LISTED = Msg(
    "LANDUSE_CLASS_NOT_LISTED",
    en=(
        "Land class {value!r} is not in the {table} table; expected one of {expected} (or add {value!r} to the "
        "{table} table)"
    ),
    zh="地类 {value!r} 不在“{table}”表中；应为以下之一：{expected}（或将 {value!r} 添加到“{table}”表中）",
)
LANDUSE_CLASS_NAME = Msg(
    "LANDUSE_CLASS_NAME",
    en=(
        "Land class {value!r} starts with = < > or contains * ? ~ |; expected a plain name (spreadsheet lookups "
        "would read those characters as patterns)"
    ),
    zh="地类 {value!r} 以 = < > 开头或包含 * ? ~ |；应为普通名称（电子表格查找会把这些字符当作匹配模式）",
)
LANDUSE_CLASS_CASE = Msg(
    "LANDUSE_CLASS_CASE",
    en=(
        "Land class {value!r} differs from {other!r} (at {first}) only in upper/lower case; expected distinct "
        "names, because spreadsheet lookups ignore case"
    ),
    zh="地类 {value!r} 与 {other!r}（位于 {first}）仅大小写不同；名称应互不相同，因为电子表格查找不区分大小写",
)
LANDUSE_PARCEL_AREA_DIFFERS = Msg(
    "LANDUSE_PARCEL_AREA_DIFFERS",
    en=(
        "Parcel {parcel!r} has {after} here but {before} at {before_cell}; expected the same area at both dates "
        "within {tolerance} (a parcel is one polygon of the overlay of the two maps)"
    ),
    zh=(
        "地块 {parcel!r} 在此处为 {after}，但在 {before_cell} 处为 {before}；两个时点的面积应在 {tolerance} "
        "误差内相同（一个地块即两期地图叠加后的一个多边形）"
    ),
)
LANDUSE_DUPLICATE_PARCEL = Msg(
    "LANDUSE_DUPLICATE_PARCEL",
    en="Parcel {parcel!r} appears again (first at {first}); expected each parcel id once per table",
    zh="地块 {parcel!r} 再次出现（首次出现在 {first}）；每张表中每个地块编号应只出现一次",
)
LANDUSE_CHAIN_NOT_BALANCED = Msg(
    "LANDUSE_CHAIN_NOT_BALANCED",
    en=(
        "Class {cls!r} covers {end} at the end of period {a}-{b} but {start} at the start of period {b}-{c} "
        "(difference {difference}); expected the same {b} area within {tolerance}"
    ),
    zh=(
        "地类 {cls!r} 在时段 {a}-{b} 末为 {end}，但在时段 {b}-{c} 初为 {start}（相差 {difference}）；{b} "
        "年的面积应在 {tolerance} 误差内相同"
    ),
)
LANDUSE_REFERENCE_NEEDS = Msg(
    "LANDUSE_REFERENCE_NEEDS",
    en="{field} is empty; expected a value for a {quantity!r} reference figure",
    zh="{field} 为空；{quantity!r} 参考数据应填写此项",
)
LANDUSE_REFERENCE_ZONE = Msg(
    "LANDUSE_REFERENCE_ZONE",
    en="Zone {value!r} is not a carbon-sink zone; expected one of {expected}",
    zh="分区 {value!r} 不是碳汇分区；应为以下之一：{expected}",
)
VCS_MIXED_WITH_NPP = Msg(
    "VCS_MIXED_WITH_NPP",
    en=(
        "Mixed-pixel input of Eq. (1) is filled in this row while NPP is given in the other rows (first at "
        "{first}); expected either NPP in every row or NPP_b, NPP_bg, S and S_veg instead"
    ),
    zh=(
        "本行填写了式 (1) 的混合像元输入，而其他行（首次出现在 {first}）填写了 NPP；应每一行都填写 NPP，"
        "或改为填写 NPP_b、NPP_bg、S 和 S_veg"
    ),
)

# --- GEP template (ecoaccount.kinds.gep) -------------------------------------------------------
GEP_SCENARIO_AREA = Msg(
    "GEP_SCENARIO_AREA",
    en=(
        "Land-use areas of scenario {scenario!r} add up to {total:.10g} {unit}; expected {expected:.10g} {unit} "
        "(the project area, {where}) within {tolerance:g} {unit}"
    ),
    zh=(
        "情景 {scenario!r} 的土地利用面积合计为 {total:.10g} {unit}；应为 {expected:.10g} {unit}（项目区面积，"
        "{where}），误差不超过 {tolerance:g} {unit}"
    ),
)
GEP_NAME = Msg(
    "GEP_NAME",
    en=(
        "{field} {value!r} starts with = < > or contains * ? ~; expected a plain name (these characters act as "
        "operators or wildcards in the result formulas)"
    ),
    zh="{field} {value!r} 以 = < > 开头或包含 * ? ~；应为普通名称（这些字符在结果公式中会被当作运算符或通配符）",
)
GEP_SAME_SCENARIOS = Msg(
    "GEP_SAME_SCENARIOS",
    en=(
        "Target scenario {value!r} is the baseline scenario too; expected two different scenario names (e.g. "
        "before and after)"
    ),
    zh="目标情景 {value!r} 同时也是基准情景；应为两个不同的情景名称（如修复前和修复后）",
)
TOO_LARGE = Msg(
    "TOO_LARGE",
    en="{field} is {value}; expected a number between -{bound} and {bound}",
    zh="{field} 为 {value}；应为介于 -{bound} 与 {bound} 之间的数字",
)

# --- templates: units in headers, names, files ---------------------------------------------------
HEADER_UNIT = Msg(
    "HEADER_UNIT",
    en=(
        "Header {header!r} gives the unit {unit!r}, but the unit chosen at {where} is {chosen!r}; expected "
        "the same unit in both (change the header's unit or the choice)"
    ),
    zh=(
        "表头 {header!r} 中的单位为 {unit!r}，而 {where} 选定的单位为 {chosen!r}；"
        "两处应为同一单位（请修改表头中的单位或所选单位）"
    ),
)
GEP_SCENARIO_NO_AREA = Msg(
    "GEP_SCENARIO_NO_AREA",
    en=(
        "Scenario {scenario!r} has no land-use area in {table}; expected a scenario that {table} has "
        "({found}), spelled the same way, or rows for this one"
    ),
    zh=(
        "情景 {scenario!r} 在“{table}”表中没有面积；应为该表已有的情景之一（{found}），写法须一致，或为此情景填写面积行"
    ),
)
GEP_LAND_TYPE_UNNAMED = Msg(
    "GEP_LAND_TYPE_UNNAMED",
    en="This land type has no name; expected a name in English, in Chinese or in both",
    zh="此地类没有名称；应填写中文名称、英文名称或两者",
)
TEMPLATE_EXISTS = Msg(
    "TEMPLATE_EXISTS",
    en="File {path} already exists; expected a new file name, or {flag} to replace it",
    zh="文件 {path} 已存在；应使用新的文件名，或加 {flag} 覆盖",
)

# --- command line and batch -------------------------------------------------------------------
PROBLEM_COUNT = Msg("PROBLEM_COUNT", en="{path}: {count} problem(s)", zh="{path}：共 {count} 个问题")
CHECK_OK = Msg("CHECK_OK", en="{path}: OK", zh="{path}：没有问题")
PROCESSING_FAILED = Msg(
    "PROCESSING_FAILED",
    en="could not be processed: {error}: {detail}",
    zh="无法处理（{error}：{detail}）",
)
UNKNOWN_KIND = Msg(
    "UNKNOWN_KIND",
    en="unknown template kind {kind!r}; expected one of {expected}",
    zh="未知的模板类型 {kind!r}；应为以下之一：{expected}",
)
UNKNOWN_LANGUAGE = Msg(
    "UNKNOWN_LANGUAGE",
    en="unknown language {lang!r}; expected en or zh",
    zh="未知的语言 {lang!r}；应为 en 或 zh",
)
NOT_A_FOLDER = Msg("NOT_A_FOLDER", en="{path} is not a folder", zh="{path} 不是文件夹")
BATCH_OUTPUT_INSIDE_INPUT = Msg(
    "BATCH_OUTPUT_INSIDE_INPUT",
    en="the output folder {out} is the input folder or lies inside it; choose a folder outside {src}, "
    "so that results are never read back as submissions",
    zh="输出文件夹 {out} 是输入文件夹或位于其中；请选择 {src} 之外的文件夹，以免结果被当作提交文件读取",
)
PARAMETER_PROBLEM = Msg("PARAMETER_PROBLEM", en="parameter {param!r}: {problem}", zh="参数 {param!r}：{problem}")

# --- damaged and hostile files ----------------------------------------------------------------
FILE_NOT_FOUND = Msg(
    "FILE_NOT_FOUND",
    en="There is no such file: {path!r}; check the name and the folder, and give the path of the workbook",
    zh="文件 {path!r} 不存在；请检查文件名和所在文件夹，并给出工作簿的路径",
)
FILE_IS_FOLDER = Msg(
    "FILE_IS_FOLDER",
    en=(
        "{path!r} is a folder, not a workbook; give the path of one .xlsx file in it (or use 'ecoaccount batch' to "
        "process a whole folder)"
    ),
    zh="{path!r} 是一个文件夹，不是工作簿；请给出其中某个 .xlsx 文件的路径（或用 'ecoaccount batch' 处理整个文件夹）",
)
FILE_NOT_REGULAR = Msg(
    "FILE_NOT_REGULAR",
    en="{path!r} is not a regular file (a device or a pipe); give the path of a saved .xlsx workbook",
    zh="{path!r} 不是普通文件（而是设备或管道）；请给出已保存的 .xlsx 工作簿的路径",
)
FILE_WRONG_TYPE = Msg(
    "FILE_WRONG_TYPE",
    en="Files of type {suffix!r} cannot be read; save the workbook as .xlsx (Excel Workbook) and give that file",
    zh="无法读取 {suffix!r} 类型的文件；请将工作簿另存为 .xlsx（Excel 工作簿）后再给出该文件",
)
FILE_OLD_XLS = Msg(
    "FILE_OLD_XLS",
    en=(
        "This is an old-format Excel file (.xls); open it in Excel or LibreOffice, save it as .xlsx (Excel "
        "Workbook), and give that file"
    ),
    zh="这是旧格式的 Excel 文件（.xls）；请在 Excel 或 LibreOffice 中打开，另存为 .xlsx（Excel 工作簿）后再给出该文件",
)
FILE_ENCRYPTED = Msg(
    "FILE_ENCRYPTED",
    en=(
        "The workbook is password-protected; open it in Excel, save a copy without a password (File > Info > Protect "
        "Workbook > Encrypt with Password, clear the password) and give that copy"
    ),
    zh=(
        "该工作簿设有打开密码；请在 Excel 中打开，另存一份不带密码的副本（文件 > 信息 > 保护工作簿 > 用密码进行加密，"
        "清除密码），再给出该副本"
    ),
)
FILE_DAMAGED = Msg(
    "FILE_DAMAGED",
    en=(
        "The file is damaged or is not a workbook ({detail}); open it in Excel or LibreOffice, save it again as "
        ".xlsx, and give the saved copy"
    ),
    zh="文件已损坏或不是工作簿（{detail}）；请在 Excel 或 LibreOffice 中打开，重新另存为 .xlsx，再给出保存后的副本",
)
# what is damaged, inside FILE_DAMAGED's {detail}
DAMAGED_NOT_ZIP = Msg("DAMAGED_NOT_ZIP", en="not a zip package", zh="不是 zip 压缩包")
DAMAGED_PART_MISSING = Msg("DAMAGED_PART_MISSING", en="a part of the package is missing", zh="压缩包缺少某个部件")
DAMAGED_NOT_XML = Msg(
    "DAMAGED_NOT_XML", en="a part of the package is not valid XML", zh="压缩包中某个部件不是有效的 XML"
)
DAMAGED_ZIP_BROKEN = Msg("DAMAGED_ZIP_BROKEN", en="the zip package is broken", zh="zip 压缩包已损坏")
DAMAGED_UNREADABLE = Msg(
    "DAMAGED_UNREADABLE",
    en="the spreadsheet reader could not make sense of it",
    zh="电子表格读取程序无法识别其内容",
)
DAMAGED_NO_CONTENT = Msg("DAMAGED_NO_CONTENT", en="content.xml is missing", zh="缺少 content.xml")
ARCHIVE_TOO_LARGE = Msg(
    "ARCHIVE_TOO_LARGE",
    en=(
        "The workbook unpacks to {size} MiB ({what}); at most {limit} MiB is accepted; delete unused sheets, rows "
        "and columns, save it again, and give that file"
    ),
    zh=(
        "该工作簿解压后为 {size} MiB（{what}）；最多接受 {limit} MiB；请删除无用的工作表、行和列，"
        "重新保存后再给出该文件"
    ),
)
ARCHIVE_RATIO = Msg(
    "ARCHIVE_RATIO",
    en=(
        "Part {part!r} of the workbook unpacks to {ratio} times its packed size, as a compressed attack does (at "
        "most {limit} times is accepted); open the workbook in Excel or LibreOffice, save it again, and give the "
        "saved copy"
    ),
    zh=(
        "工作簿中的部件 {part!r} 解压后为压缩大小的 {ratio} 倍，与压缩炸弹攻击相同（最多接受 {limit} 倍）；请在 "
        "Excel 或 LibreOffice 中打开并重新保存，再给出保存后的副本"
    ),
)
SHEET_TOO_LARGE = Msg(
    "SHEET_TOO_LARGE",
    en=(
        "Sheet {sheet!r} has content as far as cell {cell}, which makes {cells} cells to read; at most {limit} are "
        "accepted; delete the stray cells beyond your data (Ctrl+End shows the last used cell), save, and check again"
    ),
    zh=(
        "工作表 {sheet!r} 的内容一直延伸到单元格 {cell}，需读取 {cells} 个单元格；最多接受 {limit} 个；"
        "请删除数据以外的零散单元格（按 Ctrl+End 可定位最后使用的单元格），保存后重新检查"
    ),
)
ERROR_CELL = Msg(
    "ERROR_CELL",
    en="The cell shows the error {error}; correct the formula or type the value itself",
    zh="该单元格显示错误值 {error}；请修正公式，或直接输入应有的数值",
)
AMBIGUOUS_NUMBER = Msg(
    "AMBIGUOUS_NUMBER",
    en=(
        "Value {value!r} is ambiguous: the comma may be a decimal comma or a thousands separator; type the number "
        "without a comma (for example 1.5 or 15)"
    ),
    zh="值 {value!r} 有歧义：逗号可能是小数点，也可能是千位分隔符；请输入不带逗号的数字（如 1.5 或 15）",
)
DATE_NOT_NUMBER = Msg(
    "DATE_NOT_NUMBER",
    en=(
        "Value {value} is a date; expected a number in {unit}; format the cell as a number (Format Cells > Number) "
        "and type the value again"
    ),
    zh="值 {value} 是日期；应为以{unit}计的数字；请将单元格格式设为数字（设置单元格格式 > 数字）后重新输入",
)
DATE_NOT_YEAR = Msg(
    "DATE_NOT_YEAR",
    en=(
        "Value {value} is a date; expected a year such as 2020; format the cell as a number (Format Cells > Number) "
        "and type the year again"
    ),
    zh="值 {value} 是日期；应为年份，如 2020；请将单元格格式设为数字（设置单元格格式 > 数字）后重新输入年份",
)
RESULT_AS_INPUT = Msg(
    "RESULT_AS_INPUT",
    en="This is a result workbook made by ecoaccount; give the template/input it was made from",
    zh="这是 ecoaccount 生成的结果工作簿；请给出生成它所用的模板或输入工作簿",
)
NEWER_TEMPLATE = Msg(
    "NEWER_TEMPLATE",
    en=(
        "This workbook was made by a newer ecoaccount (template version {found}; this one reads versions up to "
        "{supported}); update ecoaccount (pip install -U ecoaccount) and check again"
    ),
    zh=(
        "该工作簿由更新版本的 ecoaccount 生成（模板版本 {found}；本版本最多可读取版本 {supported}）；请升级 "
        "ecoaccount（pip install -U ecoaccount）后重新检查"
    ),
)
DUPLICATE_HEADER = Msg(
    "DUPLICATE_HEADER",
    en=(
        "Header {header!r} appears a second time (first at {first}); delete or rename one of the two columns, so "
        "that each column appears once"
    ),
    zh="表头 {header!r} 第二次出现（首次出现在 {first}）；请删除或重命名其中一列，使每列只出现一次",
)
CONTROL_CHARACTER = Msg(
    "CONTROL_CHARACTER",
    en=(
        "Text {value!r} holds the invisible control character {char}, which Excel cannot store; retype the text "
        "without it"
    ),
    zh="文本 {value!r} 含有 Excel 无法保存的不可见控制字符 {char}；请重新输入不含该字符的文本",
)
TEXT_TOO_LONG = Msg(
    "TEXT_TOO_LONG",
    en=(
        "Text of {length} characters is longer than the {limit} characters an Excel cell holds; shorten it or move "
        "it into a note"
    ),
    zh="文本长度为 {length} 个字符，超过 Excel 单元格最多可容纳的 {limit} 个字符；请缩短文本或将其移到备注中",
)
NAME_TWIN = Msg(
    "NAME_TWIN",
    en=(
        "{field} {value!r} differs from {other!r} (first at {first}) only in letter case or character width; use one "
        "spelling for both, because spreadsheet formulas treat them as the same name"
    ),
    zh=(
        "{field} {value!r} 与 {other!r}（首次出现在 {first}）仅在字母大小写或全角/半角上不同；请统一写法，"
        "因为电子表格公式会把它们视为同一名称"
    ),
)
OUTPUT_IS_FOLDER = Msg(
    "OUTPUT_IS_FOLDER",
    en="Output {path!r} is a folder; give a file name for the result, such as {suggestion!r}",
    zh="输出 {path!r} 是一个文件夹；请为结果给出文件名，如 {suggestion!r}",
)
OUTPUT_NOT_REGULAR = Msg(
    "OUTPUT_NOT_REGULAR",
    en="Output {path!r} is not a regular file (a device or a pipe); give the name of an .xlsx file to write",
    zh="输出 {path!r} 不是普通文件（而是设备或管道）；请给出要写入的 .xlsx 文件名",
)
OUTPUT_IS_INPUT = Msg(
    "OUTPUT_IS_INPUT",
    en="Output {path!r} is the input file; fill never changes its input, so give another name",
    zh="输出 {path!r} 就是输入文件；fill 从不修改输入，请另取一个文件名",
)
OUTPUT_NAME_TOO_LONG = Msg(
    "OUTPUT_NAME_TOO_LONG",
    en="Output name {name!r} has {length} bytes, more than the {limit} this folder allows; give a shorter name",
    zh="输出文件名 {name!r} 有 {length} 字节，超过该文件夹允许的 {limit} 字节；请使用更短的文件名",
)
OUTPUT_NOT_WRITTEN = Msg(
    "OUTPUT_NOT_WRITTEN",
    en="Could not write {path!r} ({detail}); check the folder exists and you may write in it",
    zh="无法写入 {path!r}（{detail}）；请检查该文件夹是否存在以及是否有写入权限",
)
GDP_NOT_POSITIVE = Msg(
    "GDP_NOT_POSITIVE",
    en="GDP is {value}; expected a value greater than 0, because ECPS divides by GDP per unit area",
    zh="GDP 为 {value}；应大于 0，因为 ECPS 要除以单位面积 GDP",
)
ESV_ZERO_AREA = Msg(
    "ESV_ZERO_AREA",
    en=(
        "Region {region!r}, year {year} has a land area of 0 in every class; type its areas, or delete the row (ECPS "
        "divides by the area)"
    ),
    zh="区域 {region!r} 在 {year} 年各地类面积均为 0；请填写面积，或删除该行（ECPS 要除以面积）",
)
ALL_PRICES_ZERO = Msg(
    "ALL_PRICES_ZERO",
    en=(
        "Every grain price of region {region!r}, year {year} is 0, so Ea would be 0; type the prices of the grain crops"
    ),
    zh="区域 {region!r} 在 {year} 年的粮食价格全部为 0，Ea 将为 0；请填写各粮食作物的价格",
)


# --- the other areas: one module each, the same declarations ------------------------------------------
from ecoaccount.messages.batch import *  # noqa: E402, F403
from ecoaccount.messages.udf import *  # noqa: E402, F403
