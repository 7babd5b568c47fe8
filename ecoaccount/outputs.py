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

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ecoaccount.spec import LANGS

Format = Literal["number", "precise", "percent", "integer", "general", "text"]
FORMATS: tuple[str, ...] = ("number", "precise", "percent", "integer", "general", "text")
ChartType = Literal["column", "bar", "line", "stacked", "stacked_bar", "scatter"]
CHART_TYPES: tuple[str, ...] = ("column", "bar", "line", "stacked", "stacked_bar", "scatter")
DIMENSIONLESS = "1"
Aggregate = Literal["sum", "count", "distinct", "min", "max", "first", "last", "gaps", "top", "difference"]
AGGREGATES: tuple[str, ...] = ("sum", "count", "distinct", "min", "max", "first", "last", "gaps", "top", "difference")

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


#: The Audit sheet's labels, (en, zh) by id: its provenance rows and the heads of its parameter
#: table. Read by the result writer, the report (which names older books' English labels in Chinese)
#: and tools/compare_results.py (which skips the rows that change from run to run).
AUDIT_LABELS: dict[str, tuple[str, str]] = {
    "tool": ("tool", "工具"),
    "kind": ("template kind", "模板类型"),
    "version": ("template version", "模板版本"),
    "language": ("language", "语言"),
    "input": ("input file", "输入文件"),
    "sha256": ("input SHA-256", "输入文件 SHA-256 校验值"),
    "written": ("written at (UTC)", "生成时间（UTC）"),
    "parameter": ("parameter", "参数"),
    "name": ("defined name", "名称"),
    "value": ("value", "取值"),
    "unit": ("unit", "单位"),
    "source": ("source", "来源"),
}
AUDIT_VOLATILE = ("tool", "sha256", "written")  # Audit rows whose value changes from run to run


def shared_sheet(sheet_id: str, lang: str) -> str:
    """The name of shared result sheet ``sheet_id`` in a book of language ``lang``."""
    en, zh = SHARED_SHEETS[sheet_id]
    return zh if lang == "zh" else en


def shared_names(sheet_id: str) -> tuple[str, str]:
    """Both names of shared result sheet ``sheet_id`` (en, zh): what a reader accepts."""
    return SHARED_SHEETS[sheet_id]


@dataclass(frozen=True)
class Figure:
    """A headline figure: one value per result (ESV in the last year, VCSD, count of regions).

    It is read from a declared column, ``table.column`` (a ``ResultTable`` id and one of its
    column ids): the engine's column of that output in canonical units when a result is written
    (batch summary, demo, CLI), the cached cells of the result workbook in the report. ``agg``:

    - ``sum``, ``min``, ``max``; ``count`` (rows), ``distinct`` (distinct values);
    - ``first``, ``last``: the value in the first or last row, in row order;
    - ``gaps``: whole numbers missing between the smallest and largest value (years without data);
    - ``top``: the value in the row where column ``by`` is largest (the region of the highest ECPS);
    - ``difference``: figure ``of[0]`` minus figure ``of[1]`` (two earlier figures; no table).

    ``at`` keeps only the rows whose key ``at[0]`` equals ``at[1]``: ``"first"``/``"last"`` (the
    smallest/largest of numbers, e.g. years; the first/last in row order of names), or the id of an
    earlier figure (the rows of the baseline scenario). ``fallback`` (table, column) is read the same
    way when ``table`` has no rows. ``unit`` is an expression in the result's units, as a column's
    (``money/a``; ``"1"`` for a count, ``""`` for a year or a name); the value is scaled like a
    column's cached value, so the same figure reads 万元 in one book and 10⁴ yuan in another.
    """

    id: str
    en: str
    zh: str
    unit: str | tuple[str, str]
    table: str = ""
    column: str = ""
    agg: Aggregate = "sum"
    fmt: Format = "number"
    at: tuple[str, str] | None = None
    by: str = ""
    of: tuple[str, str] | None = None
    fallback: tuple[str, str] | None = None

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class OutputSpec:
    """Every result sheet of a kind; ``units`` binds unit variables to parameter ids.

    ``figures`` are the result's headline figures (``Figure``), in the order that the batch summary,
    the report and the demo list them.
    """

    kind: str
    sheets: tuple[ResultSheet, ...]
    units: dict[str, str] = field(default_factory=dict)
    figures: tuple[Figure, ...] = ()

    def tables(self) -> dict[str, tuple[ResultSheet, ResultTable]]:
        return {t.id: (s, t) for s in self.sheets for t in s.tables}

    def sheet(self, sheet_id: str) -> ResultSheet:
        return next(s for s in self.sheets if s.id == sheet_id)

    def headlines(self) -> list[tuple[ResultTable, ResultColumn]]:
        return [(t, c) for s in self.sheets for t in s.tables for c in t.columns if c.headline]

    def charts(self) -> list[tuple[ResultTable, Chart]]:
        """Every declared chart with its table, in sheet order."""
        return [(t, ch) for s in self.sheets for t in s.tables for ch in t.charts]

    def figure(self, figure_id: str) -> Figure:
        return next(f for f in self.figures if f.id == figure_id)


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


# -- headline figures -------------------------------------------------------------------------------
#: Reads one declared column: (table id, column id) → its values in row order; None when the result
#: has no such table (a layout that leaves it out).
Reader = Callable[[str, str], "Sequence[Any] | None"]
Value = float | int | str | None


def _plain(v: Any) -> Any:
    """A numpy scalar as the Python value; NaN, blanks and missing cells as None."""
    v = v.item() if hasattr(v, "item") else v
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, str) and not v.strip():
        return None
    return v


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _rows(read: Reader, table: str, f: Figure, found: Mapping[str, Value]) -> list[int] | None:
    """Positions of the rows of ``table`` that ``f.at`` keeps; None when there is no such table."""
    values = read(table, f.column)
    if values is None:
        return None
    if f.at is None:
        return list(range(len(values)))
    key, which = f.at
    keys = [_plain(k) for k in read(table, key) or ()]
    present = [k for k in keys if k is not None]
    if not present:
        return []
    if which in ("first", "last"):
        if all(_is_number(k) for k in present):
            target: Any = min(present) if which == "first" else max(present)
        else:
            target = present[0] if which == "first" else present[-1]
    else:
        target = found.get(which)
    return [i for i, k in enumerate(keys) if target is not None and k == target]


def _aggregate(f: Figure, values: list[Any], by: list[Any]) -> Value:
    present = [v for v in values if v is not None]
    numbers = [v for v in present if _is_number(v)]
    if f.agg == "count":
        return len(values)
    if f.agg == "distinct":
        return len(dict.fromkeys(present))
    if f.agg == "sum":
        return math.fsum(numbers) if numbers else None
    if f.agg in ("min", "max"):
        return (min if f.agg == "min" else max)(numbers) if numbers else None
    if f.agg in ("first", "last"):
        return (present[0] if f.agg == "first" else present[-1]) if present else None
    if f.agg == "gaps":
        whole = {int(v) for v in numbers}
        return max(whole) - min(whole) + 1 - len(whole) if whole else None
    if f.agg == "top":
        ranked = [(b, i) for i, b in enumerate(by) if _is_number(b) and values[i] is not None]
        return values[max(ranked, key=lambda bi: (bi[0], -bi[1]))[1]] if ranked else None
    raise ValueError(f"figure {f.id}: unknown aggregate {f.agg!r}")


def _figure(f: Figure, read: Reader, found: Mapping[str, Value]) -> Value:
    if f.agg == "difference":
        assert f.of, f.id
        a, b = (found.get(i) for i in f.of)
        return a - b if _is_number(a) and _is_number(b) else None  # type: ignore[operator]
    table = f.table
    rows = _rows(read, table, f, found)
    if f.fallback and not rows:
        table = f.fallback[0]
        f = Figure(f.id, f.en, f.zh, f.unit, table, f.fallback[1], f.agg, f.fmt, f.at, f.by)
        rows = _rows(read, table, f, found)
    if rows is None:
        return None
    column = [_plain(v) for v in read(table, f.column) or ()]
    by = [_plain(v) for v in read(table, f.by) or ()] if f.by else []
    return _aggregate(f, [column[i] for i in rows], [by[i] for i in rows] if by else [])


def figure_values(spec: OutputSpec, read: Reader) -> dict[str, Value]:
    """Every headline figure of ``spec``, by id, from the columns that ``read`` gives (None: no value).

    With ``engine_reader`` the values are in the engine's canonical units (yuan, ha, t): pass them to
    ``scaled`` for a book's units. Read from a result workbook, they are in the units it shows.
    """
    found: dict[str, Value] = {}
    for f in spec.figures:
        found[f.id] = _plain(_figure(f, read, found))
    return found


def engine_reader(spec: OutputSpec, frames: Mapping[str, Any]) -> Reader:
    """A ``Reader`` over the engine's DataFrames (``ResultTable.frame``), by output id."""
    tables = spec.tables()

    def read(table_id: str, column_id: str) -> Sequence[Any] | None:
        if table_id not in tables or tables[table_id][1].frame not in frames:
            return None
        t = tables[table_id][1]
        return frames[t.frame][t.column(column_id).engine].tolist()

    return read


def engine_figures(spec: OutputSpec, frames: Mapping[str, Any]) -> dict[str, Value]:
    """The headline figures of a result from the engine's frames, in canonical units."""
    return figure_values(spec, engine_reader(spec, frames))


def summary_figures(spec: OutputSpec, frames: Mapping[str, Any], choices: dict[str, UnitChoice]) -> dict[str, Any]:
    """What a kind's ``write`` returns about its headline figures: their canonical values
    (``figures``) and the book's units (``choices``), so that each reader scales them to its own."""
    return {"figures": engine_figures(spec, frames), "choices": dict(choices)}


def scaled(spec: OutputSpec, values: Mapping[str, Value], choices: dict[str, UnitChoice]) -> dict[str, Value]:
    """Canonical figures in the units of ``choices`` (the book's, or the batch summary's fixed ones)."""
    out: dict[str, Value] = {}
    for f in spec.figures:
        v, k = values.get(f.id), unit_scale(f.unit, choices)
        out[f.id] = v * k if _is_number(v) and k != 1 else v  # type: ignore[operator]
    return out


def figure_header(f: Figure, lang: str, choices: dict[str, UnitChoice]) -> str:
    """The figure's label and unit, as a column header reads (``ESV, last year (1e4 yuan/a)``)."""
    return with_unit(f.label(lang), render_unit(f.unit, lang, choices), lang)


def figure_lines(spec: OutputSpec, summary: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """(header, value as text) of each headline figure of a fill summary, in the book's units and ``lang``."""
    choices = summary.get("choices") or {}
    values = scaled(spec, summary.get("figures") or {}, choices)
    return [(figure_header(f, lang, choices), format_figure(values.get(f.id), f.fmt)) for f in spec.figures]


def format_figure(value: Value, fmt: Format) -> str:
    """A figure as plain text (``23,001,834.18``, ``12.5%``, ``2020``); ``–`` when it has no value."""
    if value is None:
        return "–"
    if not _is_number(value):
        return str(value)
    v = float(value)  # type: ignore[arg-type]
    if fmt == "percent":
        return f"{v:.1%}"
    if fmt == "integer" or (fmt == "general" and v.is_integer()):
        return f"{v:.0f}"
    if fmt == "precise":
        return f"{v:.6f}"
    return f"{v:,.2f}"


__all__ = [
    "CHART_TYPES",
    "AGGREGATES",
    "DIMENSIONLESS",
    "Chart",
    "FORMATS",
    "Figure",
    "LANGS",
    "OutputSpec",
    "ResultColumn",
    "ResultSheet",
    "ResultTable",
    "SHARED_SHEETS",
    "AUDIT_LABELS",
    "AUDIT_VOLATILE",
    "UnitChoice",
    "engine_figures",
    "engine_reader",
    "figure_header",
    "figure_lines",
    "figure_values",
    "format_figure",
    "header",
    "placeholders",
    "render_unit",
    "scaled",
    "shared_names",
    "shared_sheet",
    "summary_figures",
    "unit_scale",
    "with_unit",
]
