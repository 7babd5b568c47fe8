"""Declarations of result sheets: each sheet, table and column declared once (inputs: ``spec.py``).

A kind declares its outputs as an ``OutputSpec``: result sheets (``ResultSheet``), each holding one
or more blocks of rows (``ResultTable``), each with its columns (``ResultColumn``). The generic
writer ``ecoaccount.workbook.sheets`` renders them; the engine supplies one DataFrame per table,
whose columns are the output ids (the cached values) plus the row positions that formulas need.

Units are expressions in the units the user chose: ``"money/a"``, ``"yuan/(ha·a)"``, ``"ha"``.
Identifiers listed in ``OutputSpec.units`` are variables bound to a parameter (``money`` → the
``out_unit`` the user picked, shown as ``1e4 yuan`` or ``万元``); every other identifier is a fixed
symbol of ``SYMBOLS``. ``DIMENSIONLESS`` (``"1"``) marks a pure number; ``""`` a key or text
column. A unit may also be an ``(en, zh)`` pair of literal text for what no expression can say.
Engine values are in canonical units (yuan, ha, t); the writer scales them to the displayed unit.

Formula templates are written with placeholders in braces (see ``docs/architecture.md``):

========================  =====================================================================
``{col}``                 this row's cell of column ``col`` of the same table (``D5``)
``{a:b}``                 this row's span from column ``a`` to column ``b`` (``F5:P5``)
``{a:b@2}``               the same span on fixed sheet row 2 (``$F$2:$P$2``)
``{t.col}``               the whole column ``col`` of table ``t`` (``Summary!$E$5:$E$94``); ``t`` is
                          a result table or an input table (``gdp.region`` → ``GDP!$A$5:$A$40``)
``{t.col[e]}``            the cell of ``t.col`` in the row whose 0-based position the engine column
                          ``e`` gives (``{grain.price[grain_row]}`` → ``Grain!D9``)
``{t.col[e:f]}``          the rows from position ``e`` to ``f`` (a contiguous block: ``SUM`` over it)
``{t.$e[f]}``             input table ``t``, the column whose header is this row's value of engine
                          column ``e`` (land-class columns); ``[header]`` gives its header cell
========================  =====================================================================

Parameters appear by their defined names (``ESV_k``), which refer to the parameter's input cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ecoaccount.spec import LANGS

Format = Literal["number", "precise", "percent", "integer", "general", "text"]
FORMATS: tuple[str, ...] = ("number", "precise", "percent", "integer", "general", "text")
ChartType = Literal["column", "bar", "line", "stacked", "stacked_bar", "scatter"]
CHART_TYPES: tuple[str, ...] = ("column", "bar", "line", "stacked", "stacked_bar", "scatter")
DIMENSIONLESS = "1"

#: Fixed unit symbols: id → (en, zh).
SYMBOLS: dict[str, tuple[str, str]] = {
    "yuan": ("yuan", "元"),
    "ha": ("ha", "公顷"),
    "a": ("a", "年"),
    "t": ("t", "吨"),
    "kg": ("kg", "千克"),
    "m3": ("m³", "立方米"),
    "mm": ("mm", "毫米"),
    "m2": ("m²", "平方米"),
    "CO2": ("CO₂", "CO₂"),
    "gC": ("g C", "克碳"),
    "gCO2": ("g CO₂", "克 CO₂"),
}
UNIT_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|.", re.S)
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class ResultColumn:
    """One column of a result table.

    ``formula`` is a template (placeholders in ``outputs``' docstring); ``value`` the engine
    column holding the cached value (default: ``id``). ``headline`` marks a figure for summaries
    and reports, with a short (en, zh) label; ``chart`` a chart hint (``"bar"``, ``"line"``);
    ``udf`` the worksheet function that exposes the quantity (``ECO_...``); ``heatmap`` colours
    the column's cells with one 3-colour scale shared by every flagged column of its table (a
    transfer matrix).
    """

    id: str
    en: str
    zh: str
    unit: str | tuple[str, str]
    formula: str
    fmt: Format = "number"
    width: float = 14
    value: str | None = None
    headline: tuple[str, str] | None = None
    chart: str | None = None
    udf: str | None = None
    heatmap: bool = False

    @property
    def engine(self) -> str:
        return self.value or self.id

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Chart:
    """A native Excel chart of one result table, drawn on the book's Charts sheet (``workbook.charts``).

    ``series`` are column ids of the table (each a series named by its header cell), ``category``
    the key column that labels the points (or two adjacent ones, region and year, for two-level
    labels); ``type`` one of ``CHART_TYPES`` (``stacked``: stacked
    columns; ``stacked_bar``: stacked horizontal bars; ``scatter``: lines over numeric x, each
    series over its own rows, so that a series leaves out the rows where the engine has no value,
    such as a baseline before its start). With ``split`` (a key column), the series are split into
    one per value of the keys other than the category (a year, a land class; a patch is its mine
    and patch), named by the ``split`` key's cell; rows of one value need not be contiguous.
    ``lines`` are columns drawn as lines over a column chart (a cumulative sum). With ``per_row``,
    the table is read across: one series per row, named by its ``category`` key cell, with the
    ``series`` columns (adjacent) on the category axis, labelled by their header cells (GEP before
    and after, side by side for each indicator). The series point at the result cells, so the
    chart follows every edit of the inputs.
    """

    id: str
    title_en: str
    title_zh: str
    series: tuple[str, ...]
    category: str | tuple[str, str]
    type: ChartType = "column"
    split: str | None = None
    lines: tuple[str, ...] = ()
    per_row: bool = False

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


@dataclass(frozen=True)
class ResultTable:
    """A block of rows on a result sheet: one row per engine row of ``frame``.

    ``keys`` leading columns identify a row (region, year, ...) and stay frozen on screen.
    The block's header is on sheet row 4, or two rows below the table ``below`` ends; ``col0``
    is its first column (0-based), so that two blocks can stand side by side.
    """

    id: str
    frame: str
    rows_en: str
    rows_zh: str
    columns: tuple[ResultColumn, ...]
    keys: int = 0
    col0: int = 0
    below: str | None = None
    charts: tuple[Chart, ...] = ()

    def column(self, column_id: str) -> ResultColumn:
        for c in self.columns:
            if c.id == column_id:
                return c
        raise KeyError(f"{self.id}.{column_id}")

    def position(self, column_id: str) -> int:
        """Sheet column (0-based) of ``column_id``."""
        for i, c in enumerate(self.columns):
            if c.id == column_id:
                return self.col0 + i
        raise KeyError(f"{self.id}.{column_id}")


@dataclass(frozen=True)
class ResultSheet:
    """A result sheet: its name and title in en and zh, an optional unit of the title, a note."""

    id: str
    en: str
    zh: str
    title_en: str
    title_zh: str
    tables: tuple[ResultTable, ...]
    unit: str = ""
    note_en: str = ""
    note_zh: str = ""

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


#: The result sheets every kind shares (``workbook.writer``), by id: their names in en and zh. Formulas,
#: defined names, the report and the readers that recognise a result workbook all take them from here.
SHARED_SHEETS: dict[str, tuple[str, str]] = {
    "settings": ("Settings", "单位换算"),
    "checks": ("Checks", "校验"),
    "audit": ("Audit", "审计"),
}


def shared_sheet(sheet_id: str, lang: str) -> str:
    """The name of shared result sheet ``sheet_id`` in a book of language ``lang``."""
    en, zh = SHARED_SHEETS[sheet_id]
    return zh if lang == "zh" else en


def shared_names(sheet_id: str) -> tuple[str, str]:
    """Both names of shared result sheet ``sheet_id`` (en, zh): what a reader accepts."""
    return SHARED_SHEETS[sheet_id]


@dataclass(frozen=True)
class OutputSpec:
    """Every result sheet of a kind; ``units`` binds unit variables to parameter ids."""

    kind: str
    sheets: tuple[ResultSheet, ...]
    units: dict[str, str] = field(default_factory=dict)

    def tables(self) -> dict[str, tuple[ResultSheet, ResultTable]]:
        return {t.id: (s, t) for s in self.sheets for t in s.tables}

    def sheet(self, sheet_id: str) -> ResultSheet:
        return next(s for s in self.sheets if s.id == sheet_id)

    def headlines(self) -> list[tuple[ResultTable, ResultColumn]]:
        return [(t, c) for s in self.sheets for t in s.tables for c in t.columns if c.headline]

    def charts(self) -> list[tuple[ResultTable, Chart]]:
        """Every declared chart with its table, in sheet order."""
        return [(t, ch) for s in self.sheets for t in s.tables for ch in t.charts]


# -- units ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitChoice:
    """What a unit variable stands for in one book: its text (en, zh) and canonical units per unit."""

    en: str
    zh: str
    factor: float


def render_unit(unit: str | tuple[str, str], lang: str, choices: dict[str, UnitChoice]) -> str:
    """The unit expression as text in ``lang`` (``money/(ha·a)`` → ``万元/(公顷·年)``)."""
    if isinstance(unit, tuple):
        return unit[1] if lang == "zh" else unit[0]
    if unit in ("", DIMENSIONLESS):
        return ""
    out = []
    for tok in UNIT_TOKEN.findall(unit):
        if tok in choices:
            out.append(choices[tok].zh if lang == "zh" else choices[tok].en)
        elif tok in SYMBOLS:
            out.append(SYMBOLS[tok][1 if lang == "zh" else 0])
        else:
            out.append(tok)
    return "".join(out)


def unit_scale(unit: str | tuple[str, str], choices: dict[str, UnitChoice]) -> float:
    """Factor from the engine's canonical value to the displayed unit (variables only).

    ``money/a`` with money = 1e4 yuan: a value in yuan/a is divided by 1e4. Everything after the
    first ``/`` is the denominator (``money/(ha·a)``); fixed symbols are canonical already.
    """
    if isinstance(unit, tuple):
        return 1.0
    numerator, _, denominator = unit.partition("/")
    scale = 1.0
    for tok in UNIT_TOKEN.findall(numerator):
        if tok in choices:
            scale /= choices[tok].factor
    for tok in UNIT_TOKEN.findall(denominator):
        if tok in choices:
            scale *= choices[tok].factor
    return scale


def with_unit(text: str, unit: str, lang: str) -> str:
    """``text (unit)`` in en, ``text（unit）`` in zh; ``text`` alone when there is no unit."""
    if not unit:
        return text
    return f"{text}（{unit}）" if lang == "zh" else f"{text} ({unit})"


def header(column: ResultColumn, lang: str, choices: dict[str, UnitChoice]) -> str:
    """Header text: the label and, when the column has one, its unit in brackets."""
    return with_unit(column.label(lang), render_unit(column.unit, lang, choices), lang)


def placeholders(template: str) -> list[str]:
    return PLACEHOLDER.findall(template)


__all__ = [
    "CHART_TYPES",
    "DIMENSIONLESS",
    "Chart",
    "FORMATS",
    "LANGS",
    "OutputSpec",
    "ResultColumn",
    "ResultSheet",
    "ResultTable",
    "SHARED_SHEETS",
    "UnitChoice",
    "header",
    "placeholders",
    "render_unit",
    "shared_names",
    "shared_sheet",
    "unit_scale",
    "with_unit",
]
