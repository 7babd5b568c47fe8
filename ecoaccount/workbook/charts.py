"""Native Excel charts of the declared result tables (``outputs.Chart``), and heat maps.

Every chart a kind declares on its result tables is drawn on one sheet, ``Charts`` (``图表`` in a
Chinese book), placed after the declared result sheets and before Checks, one chart under the
other, so that no chart covers a cell of a table and the sheet prints one chart per half page.
Each series points at the declared column's cells (``=Summary!$T$5:$T$49``), its categories at the
key column, its name at the header cell: the chart follows every edit of the inputs, in Excel and
in LibreOffice, and its titles and axis labels are in the book's language with the units of the
columns. A ``split`` series (one per year) whose rows are not contiguous is a union of cells
(``=(ESV!$F$5,ESV!$F$12)``), which both Excel and LibreOffice draw.

A chart is a picture of a summary, not of thousands of rows: a chart with more than
``MAX_CATEGORIES`` points per series or more than ``MAX_SERIES`` series is left out, and the
Charts sheet says so in its place and names the table to read instead. Declare charts on summary
tables (per year, per region, per mine), not on row-level tables.

``heat_map`` colours the columns a table flags with ``heatmap=True`` (a land-use transfer matrix)
with one 3-colour scale over all of them, a conditional format that also follows edits.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ecoaccount.outputs import Chart, ResultTable, render_unit, with_unit
from ecoaccount.workbook.template import quote_sheet
from ecoaccount.workbook.writer import label, pick

if TYPE_CHECKING:
    from ecoaccount.workbook.sheets import Layout, Placed
    from ecoaccount.workbook.writer import OutSheet, ResultBook

CHART_SHEET = ("Charts", "图表")
MAX_CATEGORIES = 60  # points per series: beyond this a chart is unreadable; chart a summary table
MAX_SERIES = 12  # series per chart (years, scenarios, patches)
WIDTH, HEIGHT = 880, 400  # pixels
BAR_ROW = 13  # pixels per category of a horizontal bar chart (its height grows with its rows)
MAX_HEIGHT = 680  # pixels: a chart stays within one printed page
ROW_PIXELS = 20  # default row height
FIRST_ROW = 3  # 0-based: charts start on sheet row 4, below the title and its note
XLSX_TYPES: dict[str, dict[str, str]] = {
    "column": {"type": "column"},
    "bar": {"type": "bar"},
    "line": {"type": "line"},
    "stacked": {"type": "column", "subtype": "stacked"},
    "stacked_bar": {"type": "bar", "subtype": "stacked"},
    "scatter": {"type": "scatter", "subtype": "straight_with_markers"},
}
# Series colours (Office palette, then darker shades): with several columns per split value, a
# value keeps its colour and the later columns are dashed (a patch's VCS and its baseline).
PALETTE = (
    "#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47",
    "#264478", "#9E480E", "#636363", "#997300", "#255E91", "#43682B",
)  # fmt: skip
HEAT_COLOURS = {"min_color": "#FFFFFF", "mid_color": "#FFD966", "max_color": "#E0504A"}


class ChartTooLarge(Exception):
    """A declared chart over ``MAX_CATEGORIES`` or ``MAX_SERIES``: left out, with a note."""


def write_charts(book: ResultBook, layouts: list[Layout]) -> OutSheet | None:
    """The Charts sheet with every chart declared in ``layouts``; ``None`` when none is declared.

    One chart under the other in column B, each starting a printed page.
    """
    items = [(layout, t, ch) for layout in layouts for t, ch in layout.spec.charts()]
    if not items:
        return None
    lang = book.lang
    sheet = book.sheet(pick(lang, CHART_SHEET))
    sheet.title(
        ("Charts of the result tables", "结果图表"),
        (
            "Each chart reads the cells of a result sheet: edit an input and recalculate, and the chart follows.",
            "每幅图表的数据取自结果表的单元格：修改输入并重新计算后，图表随之更新。",
        ),
    )
    sheet.ws.freeze_panes(0, 0)
    sheet.ws.set_column(0, 0, 2)
    row, breaks = FIRST_ROW, []
    for layout, table, chart in items:
        try:
            xl_chart, height = build_chart(book, layout, layout[table.id], chart)
        except ChartTooLarge as e:
            sheet.text(row, 1, str(e), book.fmt.note)
            row += 2
            continue
        if row > FIRST_ROW:
            breaks.append(row)
        sheet.ws.insert_chart(row, 1, xl_chart, {"x_offset": 0, "y_offset": 4})
        row += -(-(height + 2 * ROW_PIXELS) // ROW_PIXELS)
    sheet.ws.set_h_pagebreaks(breaks)
    return sheet


def build_chart(book: ResultBook, layout: Layout, placed: Placed, chart: Chart) -> tuple[Any, int]:
    """One XlsxWriter chart and its height: series on the declared columns' cells, titles in the
    book's language with the columns' units."""
    lang, table = layout.lang, placed.table
    series = _row_series(placed, chart) if chart.per_row else _series(layout, placed, chart, chart.series)
    lines = _series(layout, placed, chart, chart.lines) if chart.lines else []
    points = max((s["points"] for s in series + lines), default=0)
    n_series = len(series) + len(lines)
    if points == 0 or points > MAX_CATEGORIES or n_series > MAX_SERIES:
        raise ChartTooLarge(_too_large(lang, chart.title(lang), placed.sheet_name, points, n_series))
    xl = book.wb.add_chart(dict(XLSX_TYPES[chart.type]))
    for s in series:
        xl.add_series(_options(s, chart.type))
    if lines:
        overlay = book.wb.add_chart({"type": "line"})
        for s in lines:
            overlay.add_series(_options(s, "line"))
        xl.combine(overlay)
    first = table.column(chart.series[0])
    unit = render_unit(first.unit, lang, layout.choices)
    # One quantity: its label and unit; several (VCSD and its cumulative sum): their common unit.
    value_title = with_unit(first.label(lang), unit, lang) if len(chart.series) == 1 and not lines else unit
    xl.set_title({"name": chart.title(lang), "name_font": {"size": 13, "bold": True}})
    cats = (chart.category,) if isinstance(chart.category, str) else chart.category
    if len(cats) == 2 and series and _single_level(series[0]["categories"]):  # labelled by the last key
        cats = cats[1:]
    category_axis: dict[str, Any] = {
        # read across: the categories are the columns, named by their header cells
        "name": "" if chart.per_row else " / ".join(table.column(c).label(lang) for c in cats),
        "name_font": {"size": 10},
        "label_position": "low",  # below the plot, also when values are negative
    }
    if chart.type == "scatter":  # years on a numeric axis
        category_axis.update(num_format="0", major_gridlines={"visible": False})
    value_axis = {"name": value_title, "name_font": {"size": 10}, "major_gridlines": {"visible": True}}
    value_axis["num_format"] = "0%" if first.fmt == "percent" else "#,##0.###" if first.fmt == "precise" else "#,##0"
    if first.fmt == "percent" and chart.type in ("stacked", "stacked_bar"):  # shares of one whole: 0 to 100 %
        value_axis.update(min=0, max=1)
    height = HEIGHT
    if chart.type in ("bar", "stacked_bar"):  # horizontal bars: XlsxWriter's x axis is the value axis
        category_axis["reverse"] = True
        if points > 20:  # small labels, so that every row keeps its label
            category_axis["num_font"] = {"size": 7}
        xl.set_x_axis(value_axis)
        xl.set_y_axis(category_axis)
        height = min(MAX_HEIGHT, max(HEIGHT, BAR_ROW * points + 140))
    else:
        xl.set_x_axis(category_axis)
        xl.set_y_axis(value_axis)
    xl.set_legend({"position": "bottom"} if n_series > 1 else {"none": True})
    xl.set_size({"width": WIDTH, "height": height})
    xl.show_blanks_as("gap")
    return xl, height


def _options(s: dict[str, Any], kind: str) -> dict[str, Any]:
    out = {k: s[k] for k in ("name", "values", "categories")}
    colour = s.get("colour")
    if kind in ("line", "scatter"):
        out["marker"] = {"type": "circle", "size": 5}
        if colour:
            out["line"] = {"color": colour, "width": 2, **({"dash_type": "dash"} if s.get("dashed") else {})}
            out["marker"].update(border={"color": colour}, fill={"color": colour})
    elif colour:
        out["fill"] = {"color": colour}
    return out


def _series(layout: Layout, placed: Placed, chart: Chart, columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """One series per column; with ``split``, one per value of the keys other than the category.

    A split series is named by its ``split`` key cell; with several columns, by the key's value
    and the column's label (a series name is one cell or a text, it cannot join two cells). In a
    scatter chart each series leaves out the rows where the engine has no value.
    """
    q = quote_sheet(placed.sheet_name)
    header = placed.header_row + 1
    table, lang = placed.table, layout.lang
    frame = layout.frames[table.frame]

    finite = {
        c: np.isfinite(pd.to_numeric(frame[table.column(c).engine], errors="coerce").to_numpy(dtype=float))
        for c in (columns if chart.type == "scatter" else ())
    }

    def rows_of(column: str, rows: list[int]) -> list[int]:
        if column not in finite:
            return rows
        return [i for i in rows if finite[column][i]]

    def one(name: str, column: str, rows: list[int], **extra: Any) -> dict[str, Any]:
        rows = rows_of(column, rows)
        if len(rows) > MAX_CATEGORIES:  # left out (``build_chart``): no references to build
            return {"name": name, "values": "", "categories": "", "points": len(rows), **extra}
        return {
            "name": name,
            "values": _cells(placed, column, rows),
            "categories": _categories(placed, chart, rows),
            "points": len(rows),
            **extra,
        }

    if chart.split is None:
        rows = list(range(placed.n))
        return [one(f"={q}!${placed.letter(c)}${header}", c, rows) for c in columns if rows_of(c, rows)]
    cats = {chart.category} if isinstance(chart.category, str) else set(chart.category)
    by = [c.id for c in table.columns[: table.keys] if c.id not in cats] or [chart.split]
    keys = list(zip(*(frame[table.column(k).engine].tolist() for k in by), strict=True))
    groups: dict[Any, list[int]] = {}
    for i, k in enumerate(keys):
        groups.setdefault(k, []).append(i)
    if len(groups) * len(columns) > MAX_SERIES:  # before building thousands of series
        raise ChartTooLarge(
            _too_large(
                lang, chart.title(lang), placed.sheet_name, max(map(len, groups.values())), len(groups) * len(columns)
            )
        )
    split = placed.letter(chart.split)
    split_value = by.index(chart.split) if chart.split in by else -1
    out = []
    for g, (key, rows) in enumerate(groups.items()):
        for k, c in enumerate(columns):
            if not rows_of(c, rows):  # a patch without a baseline: no series, not a stray cell
                continue
            if len(columns) == 1:
                out.append(one(f"={q}!${split}${placed.first + 1 + rows[0]}", c, rows))
            else:
                name = f"{key[split_value]} · {table.column(c).label(lang)}"
                out.append(one(name, c, rows, colour=PALETTE[g % len(PALETTE)], dashed=k > 0))
    return out


def _row_series(placed: Placed, chart: Chart) -> list[dict[str, Any]]:
    """``per_row``: one series per row (named by its key cell) over the adjacent ``series`` columns,
    whose header cells label the categories."""
    q, base, header = quote_sheet(placed.sheet_name), placed.first + 1, placed.header_row + 1
    pos = [placed.table.position(c) for c in chart.series]
    if pos != list(range(pos[0], pos[0] + len(pos))):
        raise ValueError(f"{chart.id}: per_row needs adjacent columns")
    a, b = placed.letter(chart.series[0]), placed.letter(chart.series[-1])
    key = placed.letter(chart.category if isinstance(chart.category, str) else chart.category[0])
    return [
        {
            "name": f"={q}!${key}${base + r}",
            "values": f"={q}!${a}${base + r}:${b}${base + r}",
            "categories": f"={q}!${a}${header}:${b}${header}",
            "points": len(pos),
        }
        for r in range(placed.n)
    ]


def _single_level(ref: str) -> bool:
    """Categories of one column: a union, or a range within one column (``_categories``)."""
    if ref.startswith("=("):
        return True
    cols = re.findall(r"\$([A-Z]+)\$\d+", ref)
    return len(set(cols)) <= 1


def _categories(placed: Placed, chart: Chart, rows: list[int]) -> str:
    """Category labels: one key column, or two adjacent ones (region and year: two-level labels).

    Two-level labels need a block of cells: rows that are not contiguous (a zone's rows, one per
    period) or one row per series are labelled by the second key alone (the end year of a period).
    """
    if isinstance(chart.category, str):
        return _cells(placed, chart.category, rows)
    a, b = (_cells(placed, c, rows) for c in chart.category)
    adjacent = placed.table.position(chart.category[1]) == placed.table.position(chart.category[0]) + 1
    if adjacent and (a.startswith("=(") or len(rows) == 1):  # one row: two-level labels show its first key only
        return b
    if a.startswith("=(") or placed.table.position(chart.category[1]) != placed.table.position(chart.category[0]) + 1:
        raise ValueError(f"{chart.id}: two-level categories need adjacent columns and contiguous rows")
    if ":" not in a:  # one row
        return a + ":" + b.split("!")[1]
    return a[: a.index(":")] + b[b.index(":") :]


def _cells(placed: Placed, column_id: str, rows: list[int]) -> str:
    """The cells of ``column_id`` in data rows ``rows``: a range when contiguous, else a union."""
    q, L, base = quote_sheet(placed.sheet_name), placed.letter(column_id), placed.first + 1
    if not rows:
        return f"={q}!${L}${base}"
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"={q}!${L}${base + rows[0]}:${L}${base + rows[-1]}"
    return "=(" + ",".join(f"{q}!${L}${base + r}" for r in rows) + ")"


def _too_large(lang: str, title: str, sheet: str, points: int, series: int) -> str:
    if points == 0:
        return label(lang, f"“{title}”: no rows to chart.", f"“{title}”：没有可绘制的数据。")
    return label(
        lang,
        f"“{title}” is left out: {points} points per series and {series} series (a chart shows at most "
        f"{MAX_CATEGORIES} points and {MAX_SERIES} series); read the table on sheet {sheet}.",
        f"“{title}”未绘制：每个系列 {points} 个数据点、共 {series} 个系列（图表最多 {MAX_CATEGORIES} 个数据点、"
        f"{MAX_SERIES} 个系列），请查看“{sheet}”表。",
    )


def heat_map(ws: Any, placed: Placed) -> None:
    """One 3-colour scale over every ``heatmap`` column of a declared table (white → yellow → red)."""
    table: ResultTable = placed.table
    flagged = [c.id for c in table.columns if c.heatmap]
    if not flagged or placed.n == 0:
        return
    first, last = placed.first, placed.last
    ranges = " ".join(f"{placed.letter(c)}{first + 1}:{placed.letter(c)}{last + 1}" for c in flagged)
    cols = [table.position(c) for c in flagged]
    color_scale(ws, first, min(cols), last, max(cols), ranges)


def color_scale(ws: Any, r1: int, c1: int, r2: int, c2: int, multi_range: str | None = None) -> None:
    """The heat map's conditional format on a block of cells (0-based corners), for a block that no
    declaration covers (a transfer matrix with one column per land class)."""
    options: dict[str, Any] = {"type": "3_color_scale", **HEAT_COLOURS}
    if multi_range:
        options["multi_range"] = multi_range
    ws.conditional_format(r1, c1, r2, c2, options)


__all__ = ["CHART_SHEET", "MAX_CATEGORIES", "MAX_SERIES", "build_chart", "color_scale", "heat_map", "write_charts"]
