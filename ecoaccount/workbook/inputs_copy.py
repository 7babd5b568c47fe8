"""Carry the input sheets into a result workbook as they were typed, with the template's layout.

A result carries every input sheet under the same name, every value at the same address (so a
message about ``LandUse!C7`` points at the same cell in both files). So that editing an input inside
a result is as safe as in the template, each sheet also gets back what the template gave it: its
Excel Table (same name, header row and range), its dropdowns and other data validations, its
column widths, the input style of its cells (yellow, blank optional cells included), frozen panes,
print set-up, protection and hidden state.

None of that is declared a second time here. The template builder's own functions
(``ecoaccount.workbook.template``) are run against a ``_Recorder`` that stands in for the worksheet,
and what they did is replayed onto the result sheet, mapped onto where the reader found each column
and parameter (``Parsed.tables``, ``Parsed.param_cells``). Values always come from the input file.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from xlsxwriter.worksheet import CellBlankTuple, CellNumberTuple, CellStringTuple

from ecoaccount.spec import normalise_header
from ecoaccount.workbook import template as T
from ecoaccount.workbook.reader import InputTable
from ecoaccount.workbook.rows import FastSheet, GridRows

if TYPE_CHECKING:
    from ecoaccount.workbook.writer import ResultBook

CELL_WRITES = {"write", "write_string", "write_number", "write_blank", "write_boolean", "write_datetime"}
# Sheet-wide settings replayed as the template made them (``activate`` is left out: a result opens
# on its first sheet).
SHEET_CALLS = {
    "freeze_panes",
    "set_landscape",
    "set_portrait",
    "fit_to_pages",
    "repeat_rows",
    "set_paper",
    "set_margins",
    "hide_gridlines",
    "set_zoom",
    "set_tab_color",
    "hide",
    "protect",
}
OTHER_SHEET_WIDTH = 30  # column A of a sheet the template does not know (added by the user)


class _Recorder:
    """Stands in for a workbook and its worksheet: records every call a template builder makes."""

    def __init__(self) -> None:
        self.name: str | None = None
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def add_worksheet(self, name: str | None = None) -> _Recorder:
        self.name = name
        return self

    def __getattr__(self, method: str) -> Callable[..., int]:
        if method.startswith("_"):
            raise AttributeError(method)

        calls = self.calls

        def record(*args: Any, **kwargs: Any) -> int:
            calls.append((method, args, kwargs))
            return 0

        setattr(self, method, record)  # made once per method (a table's blank rows call write_blank per cell)
        return record


def _record(build: Callable[..., Any], *args: Any) -> _Recorder:
    rec = _Recorder()
    build(rec, *args)
    return rec


@dataclass
class _Layout:
    """Where the template's rows and columns of one sheet are in the input as read."""

    cols: dict[int, int] | None = None  # template column -> input column (None: identity)
    rows: dict[int, int] = field(default_factory=dict)  # template row -> input row (default: identity)
    body: tuple[int, int, int] | None = None  # table body: (first row, template last row, input last row)

    def col(self, c: int) -> int | None:
        return c if self.cols is None else self.cols.get(c)

    def row(self, r: int) -> int:
        if self.body is not None and r == self.body[1]:
            return self.body[2]
        return self.rows.get(r, r)

    def row_span(self, r1: int, r2: int) -> tuple[int, int]:
        mapped = [self.row(r) for r in range(r1, r2 + 1)]
        return min(mapped), max(mapped)

    def in_body(self, r: int) -> bool:
        return self.body is not None and self.body[0] <= r <= self.body[1]


def copy_inputs(book: ResultBook) -> None:
    """Every sheet of the input, same names and addresses, with the template's layout; then one
    defined name per parameter (``ESV_k`` → the parameter's value cell)."""
    parsed = book.parsed
    lang, spec, fmt = parsed.lang, parsed.spec, book.fmt
    tables = {t.sheet: t for t in parsed.tables.values()}
    param_sheet = next(iter(parsed.param_cells.values()))[0] if parsed.param_cells else None
    known: dict[str, tuple[_Recorder, _Layout]] = {}
    for rec in (
        _record(T._instructions, fmt, spec, lang, T.chosen_units(spec, lang, parsed.params)),
        _record(T._lists, fmt, spec, lang, T.find_lists_sheet(list(parsed.raw.sheets), lang)),
        _record(T.write_meta_sheet, spec, lang),
    ):
        known[str(rec.name)] = (rec, _Layout())
    for name, grid in parsed.raw.sheets.items():
        if name in tables:
            known[name] = _table_recording(book, tables[name], grid)
        elif name == param_sheet:
            known[name] = _params_recording(book)
        elif name in ("Notes", "说明"):
            notes = [(str(r[0]), str(r[1])) for r in grid[2:] if len(r) > 1 and r[0] not in ("", None)]
            known[name] = (_record(T.write_notes_sheet, fmt, notes, lang), _Layout())
    for name, grid in parsed.raw.sheets.items():
        ws = book.wb.add_worksheet(name)
        if name in known:
            rec, layout = known[name]
            _replay(book, ws, grid, rec, layout)
        else:
            _write_cells(book, ws, grid, {}, {}, None)
            ws.set_column(0, 0, OTHER_SHEET_WIDTH)
    for pid in parsed.param_cells:
        book.wb.define_name(spec.name_of(pid), "=" + parsed.param_ref(pid))


def _table_recording(book: ResultBook, t: InputTable, grid: list[list[Any]]) -> tuple[_Recorder, _Layout]:
    """The template's sheet of table ``t``, and where its columns and last row are in the input."""
    spec, hr = t.spec, t.header_row
    extra = [h for h, _ in t.extra]
    rec = _record(T.write_table_sheet, book.fmt, book.parsed.spec, spec, book.parsed.lang, (), extra)
    cols = {i: t.cols[f.id] for i, f in enumerate(spec.fields)}
    cols.update({len(spec.fields) + j: c for j, (_, c) in enumerate(t.extra)})
    used = sorted(cols.values())
    typed_last = next(
        (r for r in range(len(grid) - 1, hr, -1) if any(_value(grid, r, c) is not None for c in used)), hr
    )
    template_last = hr + max(spec.blank_rows, 1)
    return rec, _Layout(cols=cols, body=(hr + 1, template_last, max(template_last, typed_last)))


def _params_recording(book: ResultBook) -> tuple[_Recorder, _Layout]:
    """The template's parameters sheet, and the input row of each parameter's template row."""
    parsed = book.parsed
    spec = parsed.spec
    rec = _record(T.write_params_sheet, book.fmt, spec, parsed.lang, {})
    first = spec.params_header_row  # 0-based row of the first parameter in the template
    rows = {first + i: parsed.param_cells[p.id][1] for i, p in enumerate(spec.params) if p.id in parsed.param_cells}
    return rec, _Layout(rows=rows)


def _value(grid: list[list[Any]], r: int, c: int) -> Any:
    if r < len(grid) and c < len(grid[r]):
        v = grid[r][c]
        return None if v == "" else v
    return None


def _replay(book: ResultBook, ws: Any, grid: list[list[Any]], rec: _Recorder, layout: _Layout) -> None:
    """Apply a recorded template sheet to the result sheet ``ws``, then write the input's values."""
    at: dict[tuple[int, int], Any] = {}  # cell format by input address
    body: dict[int, Any] = {}  # cell format of each input column in the table body
    for method, args, kwargs in rec.calls:
        if method in CELL_WRITES:
            r, c = args[0], layout.col(args[1])
            cell_fmt = args[3] if len(args) > 3 else kwargs.get("cell_format")
            if c is None or cell_fmt is None:
                continue
            if layout.in_body(r):
                body[c] = cell_fmt
            else:
                at[(layout.row(r), c)] = cell_fmt
        elif method == "set_column":
            first, last, *rest = args
            for c in range(first, last + 1):
                mc = layout.col(c)
                if mc is not None:
                    ws.set_column(mc, mc, *rest, **kwargs)
        elif method in ("data_validation", "conditional_format"):
            r1, c1, r2, c2, options = args
            r1, r2 = layout.row_span(r1, r2)
            for c in range(c1, c2 + 1):
                mc = layout.col(c)
                if mc is not None:
                    getattr(ws, method)(r1, mc, r2, mc, options)
        elif method == "add_table":
            _table(ws, grid, layout, at, *args)
        elif method == "set_row":
            ws.set_row(layout.row(args[0]), *args[1:], **kwargs)
        elif method == "define_name":
            book.wb.define_name(*args, **kwargs)
        elif method in SHEET_CALLS:
            getattr(ws, method)(*args, **kwargs)
    rows = range(layout.body[0], layout.body[2] + 1) if layout.body is not None else range(0)
    _write_cells(book, ws, grid, at, body, rows)


def _table(
    ws: Any,
    grid: list[list[Any]],
    layout: _Layout,
    at: dict[tuple[int, int], Any],
    r1: int,
    c1: int,
    r2: int,
    c2: int,
    options: dict[str, Any],
) -> None:
    """Re-create the template's Excel Table over the input's columns, headers as typed.

    Excel needs a unique, non-empty text header in every column of a Table; where the input does
    not have one (a header cleared or duplicated by hand), the sheet is carried without its Table.
    """
    cols = [mc for c in range(c1, c2 + 1) if (mc := layout.col(c)) is not None]
    first, last = min(cols), max(cols)
    top, bottom = layout.row_span(r1, r2)
    headers = [_value(grid, top, c) for c in range(first, last + 1)]
    if not all(isinstance(h, str) and h.strip() for h in headers):
        return
    if len({normalise_header(h) for h in headers}) < len(headers):
        return
    columns = [{"header": h, "header_format": at.get((top, first + i))} for i, h in enumerate(headers)]
    ws.add_table(top, first, max(bottom, top + 1), last, {**options, "columns": columns})


def _write_cells(
    book: ResultBook,
    ws: Any,
    grid: list[list[Any]],
    at: dict[tuple[int, int], Any],
    body: dict[int, Any],
    body_rows: range | None,
) -> None:
    """Every typed value at its address, styled as the template styles that cell; cells the
    template styles but the input leaves empty (blank optional inputs) keep their style.

    Numbers, text and the table body's styled blanks go straight into the sheet's cell table (what
    XlsxWriter's ``write_number``, ``write_string`` and ``write_blank`` store, without their per-cell
    checks: the sheet's extent is set once from the corners); anything else through ``T.write_value``.
    A table body row of numbers, short text and blanks only is not stored at all: its shared strings
    are counted here, in the same order, and the sheet writes it from ``grid`` when the file is
    closed (``rows.GridRows``), so a long input table costs no memory beyond the grid itself."""
    fmt = book.fmt
    in_body = body_rows if body_rows is not None else range(0)
    body_blanks = [(c, CellBlankTuple(cell_fmt)) for c, cell_fmt in sorted(body.items())]  # one cell, many rows
    table = ws.table
    shared = ws.str_table._get_shared_string_index
    long_text = ws.xls_strmax // 2  # longer text goes through write_string (it may need truncating)
    streamed = None
    at_rows: set[int] = set()
    if isinstance(ws, FastSheet) and in_body:
        rows = range(in_body.start, min(in_body.stop, len(grid)))
        streamed = GridRows(grid, rows, body, frozenset(body), ws.str_table.string_table)
        at_rows = {r for r, _ in at} | set(ws.row_info)
    extent = _Extent()
    for r, row in enumerate(grid):
        if streamed is not None and r in streamed.rows and r not in at_rows:
            span = _stream_row(streamed, r, row, shared, long_text)
            if span is not None:
                if span[0] >= 0:
                    extent.row(r, *span)
                continue
        row_body = r in in_body
        if row_body and streamed is not None:
            streamed.slow.add(r)
        cells = None
        for c, v in enumerate(row):
            if v == "" or v is None:
                continue
            cell_fmt = at.get((r, c))
            if cell_fmt is None and row_body:
                cell_fmt = body.get(c)
            kind = type(v)
            if kind is float or kind is int:
                if v != v:  # NaN: an empty cell, as write_value writes it
                    if cell_fmt is None:
                        continue
                    cell = CellBlankTuple(cell_fmt)
                else:
                    cell = CellNumberTuple(v, cell_fmt)
            elif kind is str and len(v) <= long_text:
                cell = CellStringTuple(shared(v), cell_fmt)
            else:
                if isinstance(v, (_dt.datetime, _dt.date)):
                    ws.write_datetime(r, c, v, fmt.input_date if cell_fmt is not None else fmt.date)
                else:
                    T.write_value(ws, r, c, v, cell_fmt)
                continue
            if cells is None:
                cells = table[r]
            cells[c] = cell
        if row_body:
            n = len(row)
            for c, blank in body_blanks:
                if c >= n or row[c] == "" or row[c] is None:
                    if cells is None:
                        cells = table[r]
                    cells[c] = blank
        if cells:
            extent.row(r, min(cells), max(cells))
    for (r, c), cell_fmt in at.items():
        if _value(grid, r, c) is None:
            ws.write_blank(r, c, None, cell_fmt)
    below = range(max(len(grid), in_body.start), in_body.stop)  # body rows below the input's last row
    if body_blanks and below:
        for r in below:
            table[r].update(body_blanks)
        extent.row(below[0], body_blanks[0][0], body_blanks[-1][0])
        extent.row(below[-1], body_blanks[0][0], body_blanks[-1][0])
    if extent.first is not None:  # ascending: the grid's rows, then those below it
        ws._check_dimensions(extent.first, extent.lo)
        ws._check_dimensions(extent.last, extent.hi)
    if streamed is not None and len(streamed.slow) < len(streamed.rows):
        ws.grid_rows = streamed


class _Extent:
    """The first and last row holding a cell, and the first and last column of any."""

    def __init__(self) -> None:
        self.first: int | None = None
        self.last = self.lo = self.hi = 0

    def row(self, r: int, lo: int, hi: int) -> None:
        if self.first is None:
            self.first, self.last, self.lo, self.hi = r, r, lo, hi
            return
        self.last = r
        if lo < self.lo:
            self.lo = lo
        if hi > self.hi:
            self.hi = hi


def _stream_row(
    streamed: GridRows, r: int, row: list[Any], shared: Callable[[str], int], long_text: int
) -> tuple[int, int] | None:
    """``None`` unless row ``r`` holds only what ``GridRows`` writes: numbers, text of at most
    ``long_text`` characters and empty cells. If it does, its text is counted in the shared-string
    table (as storing its cells would), its span noted, and its first and last written column
    returned ((-1, -1) for a row that writes no cell)."""
    lo = hi = -1
    strings: list[str] = []
    for c, v in enumerate(row):
        kind = type(v)
        if kind is float or kind is int:
            if v != v:  # NaN: empty
                continue
        elif kind is str:
            if v == "":
                continue
            if len(v) > long_text:
                return None
            strings.append(v)
        elif v is None:
            continue
        else:
            return None
        if lo < 0:
            lo = c
        hi = c
    for v in strings:
        shared(v)
    if streamed.blanks:
        first, last = streamed.blank_span
        lo = first if lo < 0 or first < lo else lo
        hi = last if last > hi else hi
    if lo >= 0:
        streamed.note_span(r, lo, hi)
    return lo, hi
