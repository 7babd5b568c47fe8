"""The generic writer of declared result sheets (``ecoaccount.outputs``).

``plan`` places every declared table (sheet, header row, first column, row count) before anything
is written, so that a formula can refer to any table, earlier or later. ``write_sheet`` then
renders one sheet: title, headers with units in the book's language, widths, frozen keys, and each
column as formulas with the engine's cached values.

Templates are rendered column-wise: a template is split once into literal text and placeholders,
each placeholder becomes one string per row (or one string for all rows), and the pieces are joined
row by row. Cells go straight into the worksheet's cell table (``OutSheet.column``'s fast path).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name

from ecoaccount.outputs import (
    PLACEHOLDER,
    OutputSpec,
    ResultSheet,
    ResultTable,
    UnitChoice,
    header,
    render_unit,
    unit_scale,
    with_unit,
)
from ecoaccount.workbook.charts import heat_map
from ecoaccount.workbook.choices import spelled
from ecoaccount.workbook.reader import InputTable
from ecoaccount.workbook.template import quote_sheet, wrapped_height
from ecoaccount.workbook.writer import FORBIDDEN, OutSheet, ResultBook

HEADER_ROW = 3  # 0-based: sheet row 4, below the title (row 1) and rows 2–3 kept free


class TemplateError(ValueError):
    """A formula template that cannot be rendered (unknown table, column or engine column)."""


@dataclass
class Placed:
    """Where a declared table lands: its sheet, header row, and number of data rows."""

    table: ResultTable
    sheet_name: str
    header_row: int
    n: int
    _letters: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def first(self) -> int:
        """0-based sheet row of the first data row."""
        return self.header_row + 1

    @property
    def last(self) -> int:
        """0-based sheet row of the last data row (the first one for an empty table)."""
        return self.first + max(self.n, 1) - 1

    def letter(self, column_id: str) -> str:
        letter = self._letters.get(column_id)
        if letter is None:
            letter = self._letters[column_id] = xl_col_to_name(self.table.position(column_id))
        return letter

    def range(self, column_id: str, sheet: bool = True) -> str:
        """Absolute range of a column over the data rows (``Summary!$E$5:$E$94``)."""
        L = self.letter(column_id)
        prefix = f"{quote_sheet(self.sheet_name)}!" if sheet else ""
        return f"{prefix}${L}${self.first + 1}:${L}${self.last + 1}"

    def cell(self, column_id: str, i: int) -> str:
        """Reference to data row ``i`` of a column, from any sheet."""
        return f"{quote_sheet(self.sheet_name)}!{self.letter(column_id)}{self.first + 1 + i}"


class Layout:
    """Every declared table of a book, placed; formulas and custom sheets refer through it."""

    def __init__(
        self,
        spec: OutputSpec,
        frames: dict[str, pd.DataFrame],
        inputs: dict[str, InputTable],
        lang: str,
        choices: dict[str, UnitChoice],
    ) -> None:
        self.spec, self.frames, self.inputs, self.lang, self.choices = spec, frames, inputs, lang, choices
        self.placed: dict[str, Placed] = {}
        # Rendering reuses what several columns' templates share: row numbers and same-row
        # references of a table, and the engine's row positions.
        self._same_row: dict[tuple[str, str], list[str]] = {}
        self._position_cache: dict[tuple[str, str], np.ndarray] = {}
        for s in spec.sheets:
            for t in s.tables:
                row = HEADER_ROW if t.below is None else self.placed[t.below].last + 3
                if t.frame not in frames:
                    raise TemplateError(f"{t.id}: the engine gave no frame {t.frame!r}")
                self.placed[t.id] = Placed(t, s.name(lang), row, len(frames[t.frame]))

    def __getitem__(self, table_id: str) -> Placed:
        return self.placed[table_id]

    # -- rendering templates ----------------------------------------------------------------------
    def render(self, table_id: str, template: str) -> list[str]:
        """The formula of every row of ``table_id`` (without the leading ``=``)."""
        p = self.placed[table_id]
        pieces: list[str | list[str]] = []
        for k, part in enumerate(PLACEHOLDER.split(template.removeprefix("="))):
            piece = part if k % 2 == 0 else self._resolve(p, part)
            if isinstance(piece, str) and pieces and isinstance(pieces[-1], str):
                pieces[-1] += piece
            else:
                pieces.append(piece)
        if all(isinstance(x, str) for x in pieces):
            return ["".join(pieces)] * p.n  # type: ignore[arg-type]
        columns = [repeat(x) if isinstance(x, str) else x for x in pieces]
        return list(map("".join, zip(*columns, strict=False)))

    def _same_row_refs(self, p: Placed, span: str) -> list[str]:
        """This row's cell (``A5``) or span (``A5:H5``) of ``span`` (``a`` or ``a:b``), every row."""
        key = (p.table.id, span)
        refs = self._same_row.get(key)
        if refs is None:
            rows = self._same_row.get((p.table.id, ""))
            if rows is None:
                rows = self._same_row[(p.table.id, "")] = [str(r) for r in range(p.first + 1, p.first + 1 + p.n)]
            a, _, b = span.partition(":")
            la = p.letter(a)
            refs = [f"{la}{r}:{p.letter(b)}{r}" for r in rows] if b else [la + r for r in rows]
            self._same_row[key] = refs
        return refs

    def _positions(self, p: Placed, engine_column: str) -> np.ndarray:
        key = (p.table.frame, engine_column)
        positions = self._position_cache.get(key)
        if positions is None:
            frame = self.frames[p.table.frame]
            if engine_column not in frame:
                raise TemplateError(f"{p.table.id}: engine column {engine_column!r} is missing")
            positions = self._position_cache[key] = frame[engine_column].to_numpy(dtype=np.int64)
        return positions

    def _resolve(self, p: Placed, ph: str) -> str | list[str]:
        if ph.startswith("=") and "|" in ph:  # {=en|zh}: a text in the book's language
            en, _, zh = ph[1:].partition("|")
            return '"' + (zh if self.lang == "zh" else en) + '"'
        if ph.startswith("="):  # {=t.field:code}: a choice as text, spelled in the book's language
            ref, _, code = ph[1:].partition(":")
            table, _, fid = ref.partition(".")
            if table not in self.inputs:
                raise TemplateError(f"{p.table.id}: no input table {table!r} for {{{ph}}}")
            return '"' + spelled(self.inputs[table].spec.field(fid), code, self.lang) + '"'
        if "." not in ph:  # same row: {col}, {a:b}, {a:b@2}
            span, _, fixed = ph.partition("@")
            if fixed:
                a, _, b = span.partition(":")
                return f"${p.letter(a)}${fixed}:${p.letter(b) if b else ''}${fixed}"
            return self._same_row_refs(p, span)
        name, _, rest = ph.partition(".")
        column, _, index = rest.partition("[")
        index = index.removesuffix("]")
        if name in self.placed:
            return self._result_ref(p, self.placed[name], column, index)
        if name in self.inputs:
            return self._input_ref(p, self.inputs[name], column, index)
        raise TemplateError(f"{p.table.id}: unknown table {name!r} in {{{ph}}}")

    def _result_ref(self, p: Placed, other: Placed, column: str, index: str) -> str | list[str]:
        same_sheet = other.sheet_name == p.sheet_name
        if not index:
            return other.range(column, sheet=not same_sheet)
        L = other.letter(column)
        q = "" if same_sheet else quote_sheet(other.sheet_name) + "!"
        base = other.first + 1
        lo, _, hi = index.partition(":")
        a = (self._positions(p, lo) + base).tolist()
        if not hi:
            return [f"{q}{L}{r}" for r in a]
        b = (self._positions(p, hi) + base).tolist()
        return [f"{q}${L}${r}:${L}${s}" for r, s in zip(a, b, strict=True)]

    def _input_ref(self, p: Placed, t: InputTable, column: str, index: str) -> str | list[str]:
        q = quote_sheet(t.sheet) + "!"
        if column.startswith("$"):  # the extra column named by an engine column's value
            extra = dict(t.extra)
            names = self.frames[p.table.frame][column[1:]].tolist()
            letters = [xl_col_to_name(extra[n]) for n in names]
            if index == "header":
                return [f"{q}{L}${t.header_row + 1}" for L in letters]
            rows = [t.rows[i] + 1 for i in self._positions(p, index).tolist()]
            return [f"{q}{L}{r}" for L, r in zip(letters, rows, strict=True)]
        if column not in t.cols:
            raise TemplateError(f"{p.table.id}: input table {t.spec.id!r} has no field {column!r}")
        if not index:
            return t.col_range(column)
        L = xl_col_to_name(t.cols[column])
        return [f"{q}{L}{t.rows[i] + 1}" for i in self._positions(p, index).tolist()]


def cached_values(values: pd.Series, scale: float) -> list[Any]:
    """Engine values as XlsxWriter cached values, scaled to the displayed unit; NaN → empty text."""
    if pd.api.types.is_bool_dtype(values):
        return values.tolist()
    if pd.api.types.is_numeric_dtype(values):
        arr = values.to_numpy(dtype=float) * scale if scale != 1.0 else values.to_numpy()
        if pd.api.types.is_float_dtype(arr.dtype):
            finite = np.isfinite(arr)
            if not finite.all():
                cells = arr.astype(object)
                cells[~finite] = ""
                return cells.tolist()
        return arr.tolist()
    return ["" if v is None or (isinstance(v, float) and v != v) else v for v in values.tolist()]


def write_sheet(book: ResultBook, layout: Layout, sheet_id: str) -> OutSheet:
    """Render one declared sheet; returns its ``OutSheet`` (a kind may add custom cells)."""
    decl: ResultSheet = layout.spec.sheet(sheet_id)
    lang, choices = layout.lang, layout.choices
    out = book.sheet(decl.name(lang))
    title = decl.title_zh if lang == "zh" else decl.title_en
    out.title(with_unit(title, render_unit(decl.unit, lang, choices), lang))
    note = decl.note_zh if lang == "zh" else decl.note_en
    if note:
        out.text(1, 0, note, book.fmt.note)
    formats = _formats(book)
    for t in decl.tables:
        p = layout[t.id]
        frame = layout.frames[t.frame]
        heads = [header(c, lang, choices) for c in t.columns]
        out.headers(p.header_row, heads, col0=t.col0, widths=[c.width for c in t.columns])
        out.ws.set_row(p.header_row, max(wrapped_height(h, c.width) for h, c in zip(heads, t.columns, strict=True)))
        for c in t.columns:
            if c.engine not in frame:
                raise TemplateError(f"{t.id}.{c.id}: engine column {c.engine!r} is missing")
            if FORBIDDEN.search(c.formula):
                raise TemplateError(f"{t.id}.{c.id}: a function Excel 2016 or LibreOffice 7.4 lacks: {c.formula}")
            values = cached_values(frame[c.engine], unit_scale(c.unit, choices))
            out.rendered_column(p.first, t.position(c.id), layout.render(t.id, c.formula), values, formats[c.fmt])
        heat_map(out.ws, p)
        if t.keys and t.below is None and t.col0 == 0:
            out.ws.freeze_panes(p.first, t.keys)
    return out


def _formats(book: ResultBook) -> dict[str, Any]:
    """The cell format of each ``ResultColumn.fmt`` (keys, integers and text: none)."""
    f = book.fmt
    return {"number": f.computed, "precise": f.computed_precise, "percent": f.percent} | dict.fromkeys(
        ("integer", "general", "text")
    )


def write_sheets(book: ResultBook, layout: Layout, sheet_ids: Sequence[str] | None = None) -> dict[str, Any]:
    """Render every declared sheet (or those of ``sheet_ids``) in order."""
    ids = [s.id for s in layout.spec.sheets] if sheet_ids is None else list(sheet_ids)
    if layout not in book.layouts:  # its declared charts are drawn before Checks (``workbook.charts``)
        book.layouts.append(layout)
    return {i: write_sheet(book, layout, i) for i in ids}


__all__ = ["HEADER_ROW", "Layout", "Placed", "TemplateError", "cached_values", "write_sheet", "write_sheets"]
