"""What the report takes from a kind's declared outputs (``ecoaccount.outputs``), found by output id.

A declared table is found in the result workbook where the generic writer put it: its sheet by the
sheet's name in the book's language, its header on sheet row 4 (or two rows below the table it
stands ``below``), its columns from ``col0``. Its header texts are checked against the declared
labels, so that a workbook of another layout is left out rather than misread. Headline figures are
the kind's declared figures (``OutputSpec.figures``), charts the columns flagged ``chart``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecoaccount.outputs import (
    DIMENSIONLESS,
    UNIT_TOKEN,
    Figure,
    OutputSpec,
    ResultColumn,
    ResultSheet,
    ResultTable,
    figure_values,
    render_unit,
)
from ecoaccount.report.numbers import Column, is_number
from ecoaccount.report.svg import COLOURS, bar_chart, heatmap, line_chart
from ecoaccount.workbook.sheets import HEADER_ROW

Grid = list[list[Any]]
#: Row labels of total rows, left out of per-row charts (a total bar dwarfs the bars it sums).
TOTALS = {"total", "sum", "all", "合计", "总计", "全部"}
#: Bars per chart; a table grouped by a key with few values (years) gets one chart per group.
MAX_BARS = 80
GROUP_ABOVE = 8
MAX_GROUPS = 8


@dataclass
class Located:
    """A declared table found in the workbook: its header texts and data rows."""

    sheet: ResultSheet
    table: ResultTable
    sheet_name: str
    title: str
    headers: list[str]
    rows: Grid

    def values(self, column_id: str) -> list[Any]:
        i = self.table.position(column_id) - self.table.col0
        return [r[i] for r in self.rows]

    def unit(self, column: ResultColumn, lang: str) -> str:
        """The unit as written in the header (``Total (1e4 yuan/a)`` → ``1e4 yuan/a``)."""
        text = self.headers[self.table.position(column.id) - self.table.col0]
        rest = text[len(column.label(lang)) :].strip()
        for a, b in (("(", ")"), ("（", "）")):
            if rest.startswith(a) and rest.endswith(b):
                return rest[1:-1]
        return ""

    def row_labels(self, skip: tuple[int, ...] = ()) -> list[str]:
        """Each row's keys as text (key columns in ``skip`` left out)."""
        keys = [i for i in range(max(self.table.keys, 1)) if i not in skip]
        cols = {i: Column([r[i] for r in self.rows], self.table.columns[i].fmt) for i in keys}
        return [" ".join(cols[i](r[i]) for i in keys if r[i] not in ("", None)) for r in self.rows]

    def constant_keys(self) -> tuple[tuple[int, ...], str]:
        """Key columns with one value in every row (one period), and that value as text (``1986–2018``)."""
        if self.table.keys < 2 or len(self.rows) < 2:
            return (), ""
        same = tuple(i for i in range(self.table.keys) if len({r[i] for r in self.rows}) == 1)
        if len(same) == self.table.keys:
            return (), ""
        text = [Column([self.rows[0][i]], self.table.columns[i].fmt)(self.rows[0][i]) for i in same]
        return same, "–".join(text)


def _cell(grid: Grid, r: int, c: int) -> Any:
    return grid[r][c] if r < len(grid) and c < len(grid[r]) else None


def locate(spec: OutputSpec, sheets: dict[str, Grid], lang: str) -> list[Located]:
    """Every declared table of ``spec`` found in ``sheets`` (cached values by sheet name)."""
    found: list[Located] = []
    for s in spec.sheets:
        name = s.name(lang)
        grid = sheets.get(name)
        if grid is None:
            continue
        last: dict[str, int] = {}
        for t in s.tables:
            hr = HEADER_ROW if t.below is None else last.get(t.below, -10) + 3
            width = len(t.columns)
            heads = [str(_cell(grid, hr, t.col0 + i) or "") for i in range(width)]
            if hr < 0 or not all(h.startswith(c.label(lang)) for h, c in zip(heads, t.columns, strict=True)):
                continue
            rows = []
            for r in range(hr + 1, len(grid)):
                row = [_cell(grid, r, t.col0 + i) for i in range(width)]
                if all(v in ("", None) for v in row):
                    break
                rows.append(row)
            last[t.id] = hr + max(len(rows), 1)
            title = str(_cell(grid, 0, 0) or "")
            found.append(Located(s, t, name, title, heads, rows))
    return found


def _label(column: ResultColumn, lang: str) -> str:
    if column.headline:
        return column.headline[1] if lang == "zh" else column.headline[0]
    return column.label(lang)


def headlines(spec: OutputSpec, found: list[Located], lang: str) -> list[dict[str, Any]]:
    """One card per declared headline figure (``OutputSpec.figures``), read from the workbook's cells.

    The figures are computed as the batch summary computes them from the engine, but from the cached
    values the result workbook shows (so in its units); the unit is the one its column's header shows.
    A figure whose table this workbook does not have is left out.
    """
    tables = {loc.table.id: loc for loc in found}

    def read(table_id: str, column_id: str) -> list[Any] | None:
        loc = tables.get(table_id)
        if loc is None or column_id not in {c.id for c in loc.table.columns}:
            return None
        return loc.values(column_id)

    values = figure_values(spec, read)
    cards = []
    for f in spec.figures:
        v = values.get(f.id)
        if v is None:
            continue
        cards.append(
            {"id": f.id, "label": f.label(lang), "unit": _unit(spec, f, tables, lang), "value": Column([v], f.fmt)(v)}
        )
    return cards


def _unit(spec: OutputSpec, f: Figure, tables: dict[str, Located], lang: str) -> str:
    """A figure's unit as the workbook writes it: its column's (or, for a difference, its first term's)."""
    if f.unit in ("", DIMENSIONLESS):
        return ""
    if f.agg == "difference" and f.of:
        return _unit(spec, spec.figure(f.of[0]), tables, lang)
    loc = tables.get(f.table)
    if loc is not None:
        column = loc.table.column(f.column)
        if column.unit == f.unit:
            return loc.unit(column, lang)
    if isinstance(f.unit, str) and any(tok in spec.units for tok in UNIT_TOKEN.findall(f.unit)):
        return ""  # a unit the user chose, and no header to read it from
    return render_unit(f.unit, lang, {})


def _chartable(loc: Located, c: ResultColumn, skip: tuple[int, ...] = ()) -> tuple[list[str], list[float]]:
    """Row labels and numeric values of a column, total rows left out."""
    labels, out = [], []
    for label, v in zip(loc.row_labels(skip), loc.values(c.id), strict=True):
        first = label.split(" ")[0].strip().lower() if label else ""
        if is_number(v) and first not in TOTALS:
            labels.append(label)
            out.append(float(v))
    return labels, out


def _groups(loc: Located) -> list[tuple[str, list[int]]]:
    """Rows grouped by the key with the fewest distinct values (a year), when that helps reading."""
    whole = [("", list(range(len(loc.rows))))]
    if loc.table.keys < 2 or len(loc.rows) <= GROUP_ABOVE:
        return whole
    best = None
    for k in range(loc.table.keys):
        distinct = list(dict.fromkeys(r[k] for r in loc.rows))
        if 1 < len(distinct) <= MAX_GROUPS and (best is None or len(distinct) < len(best[1])):
            best = (k, distinct)
    if best is None:
        return whole
    k, distinct = best
    f = Column([r[k] for r in loc.rows], loc.table.columns[k].fmt)
    return [(f(g), [i for i, r in enumerate(loc.rows) if r[k] == g]) for g in distinct]


def charts(found: list[Located], lang: str) -> list[dict[str, Any]]:
    """The charts of every ``chart`` column, drawn as its hint says: ``bar``, ``line`` or ``heatmap``.

    Bars: one chart per column (per group of rows for long tables grouped by a key, one scale for all).
    Lines: the last key along the axis (years), one line per value of the other keys. Heat map: the last
    two keys as rows and columns (from class × to class). Key columns with one value in every row (a
    single period) go into the title instead of the labels.
    """
    out = []
    for loc in found:
        for c in loc.table.columns:
            if not c.chart or not _chartable(loc, c)[1]:
                continue
            keys = [k for k in range(loc.table.keys) if k not in loc.constant_keys()[0]]
            if c.chart == "heatmap" and len(keys) >= 2:
                out += _heatmaps(loc, c, keys, lang)
            elif c.chart == "line" and keys and len({r[keys[-1]] for r in loc.rows}) > 2:
                out += _lines(loc, c, keys, lang)
            else:
                out += _bars(loc, c, lang)
    return out


def _title(loc: Located, c: ResultColumn, lang: str, *parts: str) -> dict[str, str]:
    sep = "，" if lang == "zh" else ", "
    period = loc.constant_keys()[1]
    return {
        "id": f"{loc.table.id}.{c.id}",
        "title": _label(c, lang) + "".join(sep + x for x in (period, *parts) if x),
        "unit": loc.unit(c, lang),
        "rows": loc.table.rows_zh if lang == "zh" else loc.table.rows_en,
    }


def _key_text(loc: Located, k: int) -> Column:
    return Column([r[k] for r in loc.rows], loc.table.columns[k].fmt)


def _bars(loc: Located, c: ResultColumn, lang: str) -> list[dict[str, Any]]:
    skip = loc.constant_keys()[0]
    every = _chartable(loc, c)[1]
    scale = (min(every), max(every))
    f = Column(loc.values(c.id), c.fmt)
    out = []
    for name, idx in _groups(loc):
        sub = Located(loc.sheet, loc.table, loc.sheet_name, loc.title, loc.headers, [loc.rows[i] for i in idx])
        labels, values = _chartable(sub, c, skip)
        if name:  # the group's key is in the title: leave it out of the bar labels
            labels = [" ".join(w for w in s.split(" ") if w != name) for s in labels]
        items = list(zip(labels, values, strict=True))[:MAX_BARS]
        if len(items) < 2:  # one bar says no more than the headline figure
            continue
        out.append(_title(loc, c, lang, name) | {"svg": bar_chart(items, f, scale=scale)})
    return out


def _lines(loc: Located, c: ResultColumn, keys: list[int], lang: str) -> list[dict[str, Any]]:
    """One chart per value of the first key when the other keys make too many lines, else one chart."""
    x_key, series_keys = keys[-1], keys[:-1]
    fx = _key_text(loc, x_key)
    xs = sorted({r[x_key] for r in loc.rows}, key=lambda v: (not is_number(v), v if is_number(v) else str(v)))
    col = loc.table.position(c.id) - loc.table.col0
    numbers = [float(r[col]) for r in loc.rows if is_number(r[col])]
    scale, f = (min(numbers), max(numbers)), Column(numbers, c.fmt)
    text = {k: _key_text(loc, k) for k in series_keys}
    names = list(dict.fromkeys(tuple(r[k] for k in series_keys) for r in loc.rows))
    if len(names) > len(COLOURS) and len(series_keys) > 1:
        split = [(g, [m for m in names if m[0] == g]) for g in dict.fromkeys(n[0] for n in names)]
    else:
        split = [("", names[i : i + len(COLOURS)]) for i in range(0, max(len(names), 1), len(COLOURS))]
    out = []
    for group, members in split:
        series = []
        for m in members:
            by_x = {
                r[x_key]: float(r[col]) for r in loc.rows if tuple(r[k] for k in series_keys) == m and is_number(r[col])
            }
            label = " ".join(text[k](v) for k, v in zip(series_keys, m, strict=True) if v != group)
            series.append((label or _label(c, lang), [by_x.get(x) for x in xs]))
        name = text[series_keys[0]](group) if group != "" else ""
        svg = line_chart([fx(x) for x in xs], series, f, scale)
        out.append(_title(loc, c, lang, name) | {"svg": svg})
    return out


def _heatmaps(loc: Located, c: ResultColumn, keys: list[int], lang: str) -> list[dict[str, Any]]:
    """One heat map per value of the keys before the last two (the last two: rows × columns)."""
    rk, ck, rest = keys[-2], keys[-1], keys[:-2]
    fr, fc = _key_text(loc, rk), _key_text(loc, ck)
    col = loc.table.position(c.id) - loc.table.col0
    f = Column(loc.values(c.id), c.fmt)
    groups = list(dict.fromkeys(tuple(r[k] for k in rest) for r in loc.rows))
    out = []
    for g in groups:
        mine = [r for r in loc.rows if tuple(r[k] for k in rest) == g]
        rows = list(dict.fromkeys(fr(r[rk]) for r in mine))
        cols = list(dict.fromkeys(fc(r[ck]) for r in mine))
        values: dict[tuple[str, str], float] = {}
        for r in mine:
            if is_number(r[col]):
                key = (fr(r[rk]), fc(r[ck]))
                values[key] = values.get(key, 0.0) + float(r[col])
        name = "–".join(_key_text(loc, k)(v) for k, v in zip(rest, g, strict=True))
        out.append(_title(loc, c, lang, name) | {"svg": heatmap(rows, cols, values, f)})
    return out


def tables(found: list[Located], preview: int, lang: str) -> list[dict[str, Any]]:
    """The declared tables, first ``preview`` rows, each column with its own decimals.

    A sheet's title heads its first table; on a sheet of several tables each says what its rows are.
    """
    out = []
    for k, loc in enumerate(found):
        first = k == 0 or found[k - 1].sheet_name != loc.sheet_name
        several = len(loc.sheet.tables) > 1
        cols = [Column([r[i] for r in loc.rows], c.fmt) for i, c in enumerate(loc.table.columns)]
        rows = [[f(v) for f, v in zip(cols, r, strict=True)] for r in loc.rows[:preview]]
        out.append(
            {
                "sheet": loc.sheet_name,
                "title": loc.title if first else "",
                "caption": (loc.table.rows_zh if lang == "zh" else loc.table.rows_en) if several else "",
                "headers": loc.headers,
                "rows": rows,
                "n": len(loc.rows),
                "notes": [],
                "text": [c.fmt == "text" for c in loc.table.columns],
            }
        )
    return out
