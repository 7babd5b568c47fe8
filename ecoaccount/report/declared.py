"""What the report takes from a kind's declared outputs (``ecoaccount.outputs``), found by output id.

A declared table is found in the result workbook where the generic writer put it: its sheet by the
sheet's name in the book's language, its header on sheet row 4 (or two rows below the table it
stands ``below``), its columns from ``col0``. Its header texts are checked against the declared
labels, so that a workbook of another layout is left out rather than misread. Headline figures are
the columns flagged ``headline``, charts the columns flagged ``chart``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecoaccount.outputs import OutputSpec, ResultColumn, ResultSheet, ResultTable
from ecoaccount.report.numbers import Column, is_number
from ecoaccount.workbook.sheets import HEADER_ROW

Grid = list[list[Any]]
#: Row labels of total rows, left out of per-row charts (a total bar dwarfs the bars it sums).
TOTALS = {"total", "sum", "all", "合计", "总计", "全部"}
#: Bars per chart; a table grouped by a key with few values (years) gets one chart per group.
MAX_BARS = 80
GROUP_ABOVE = 20
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


def headlines(found: list[Located], lang: str, words: dict[str, str]) -> list[dict[str, Any]]:
    """One card per ``headline`` column: its figure (one row) or its rows, or its range (many rows)."""
    cards = []
    for loc in found:
        for c in loc.table.columns:
            if not c.headline:
                continue
            labels, values = _chartable(loc, c)
            if not values:
                continue
            f = Column(values, c.fmt)
            card: dict[str, Any] = {"label": _label(c, lang), "unit": loc.unit(c, lang), "rows": []}
            if len(values) == 1:
                card["value"] = f(values[0])
            elif len(values) <= 6:
                card["rows"] = [(k, f(v)) for k, v in zip(labels, values, strict=True)]
            else:
                hi = max(range(len(values)), key=values.__getitem__)
                lo = min(range(len(values)), key=values.__getitem__)
                card["rows"] = [
                    (f"{words['highest']}{words['colon']}{labels[hi]}", f(values[hi])),
                    (f"{words['lowest']}{words['colon']}{labels[lo]}", f(values[lo])),
                ]
                rows = loc.table.rows_zh if lang == "zh" else loc.table.rows_en
                card["note"] = words["n_rows"].format(n=len(values), rows=rows)
            cards.append(card)
    return cards


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
    """One chart per ``chart`` column (per group of rows for long tables grouped by a key)."""
    from ecoaccount.report import bar_chart  # the drawing lives beside the page

    out = []
    for loc in found:
        groups = _groups(loc)
        skip, period = loc.constant_keys()
        for c in loc.table.columns:
            if not c.chart:
                continue
            labels, every = _chartable(loc, c)
            if not labels:
                continue
            scale = (min(every), max(every))
            f = Column(loc.values(c.id), c.fmt)
            for name, idx in groups:
                sub = Located(loc.sheet, loc.table, loc.sheet_name, loc.title, loc.headers, [loc.rows[i] for i in idx])
                sub_labels, values = _chartable(sub, c, skip)
                if name:  # the group's key is in the title: leave it out of the bar labels
                    sub_labels = [" ".join(w for w in s.split(" ") if w != name) for s in sub_labels]
                sep = "，" if lang == "zh" else ", "
                title = _label(c, lang) + "".join(sep + x for x in (period, name) if x)
                unit = loc.unit(c, lang)
                out.append(
                    {
                        "id": f"{loc.table.id}.{c.id}",
                        "title": title,
                        "unit": unit,
                        "svg": bar_chart(list(zip(sub_labels, values, strict=True))[:MAX_BARS], f, scale=scale),
                    }
                )
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
