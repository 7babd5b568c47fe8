"""The cell rows of a result sheet, written as XlsxWriter writes them, in a quicker loop.

Writing the ``<sheetData>`` XML is the largest single cost of a result workbook: XlsxWriter visits
every column of the sheet's width in every row, builds an attribute list per cell and runs a
regular expression over each attribute and each formula. ``FastSheet`` writes the same bytes with
less work per cell: it visits only the cells a row holds (in column order), takes each column's
letters and each format's index once, and escapes a formula only when it holds ``&``, ``<`` or
``>``. Numbers, shared strings, formulas and blank cells take that path; any other kind of cell
(booleans, dates, errors, array formulas, rich strings) goes through XlsxWriter's own ``_write_cell``.
A sheet with comments, or a workbook in ``constant_memory`` mode, is written by XlsxWriter itself.
Its Excel Tables skip XlsxWriter's cell-by-cell note of the range (``add_table``).

The long body of a copied input table never enters the cell table: ``GridRows`` names the rows of
the input's grid (the reader's lists, held for the whole fill anyway) that are written straight
from it when the sheet is closed, with the shared-string indices and row spans noted when they
were copied (``inputs_copy``). A million-row sheet then costs no cell objects at all, and its XML
is the same as if its cells had been stored one by one.
``tests/test_writer_helpers.py`` checks the bytes against XlsxWriter's own on every kind of cell and
on Tables.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_range
from xlsxwriter.worksheet import CellBlankTuple, CellFormulaTuple, CellNumberTuple, CellStringTuple, Worksheet

ERROR_CODES = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))

# XlsxWriter's ``_prepare_formula`` runs some 130 regular expressions over each formula of a
# conditional format or data validation; the same few formulas come back on every sheet and in
# every book, so each is prepared once: (formula, with future functions expanded) -> prepared.
_PREPARED: dict[tuple[str, bool], str] = {}
_PREPARED_MAX = 4096


def _escape(text: str) -> str:
    """XML text as XlsxWriter's ``_escape_data`` gives it (``&``, ``<`` and ``>``; quotes stay)."""
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


@dataclass
class GridRows:
    """Rows of an input grid written at close as the cells ``inputs_copy`` would have stored.

    Each of these rows holds only numbers, text of at most half Excel's length limit (its shared
    string already counted, in reading order), and empty cells; ``formats`` gives each column's
    cell format (the table body's), and ``blanks`` the columns whose empty cells are written as
    styled blanks. ``slow`` rows within ``rows`` went through the cell table instead.
    """

    grid: list[list[Any]]
    rows: range
    formats: dict[int, Any]
    blanks: frozenset[int]
    strings: dict[str, int]  # the shared-string indices (XlsxWriter empties its own dict before the sheets are written)
    slow: set[int] = field(default_factory=set)
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # 16-row block -> (first, last column)

    def __post_init__(self) -> None:
        self.blank_span = (min(self.blanks), max(self.blanks)) if self.blanks else (-1, -1)

    def note_span(self, row: int, lo: int, hi: int) -> None:
        block = row // 16
        old = self.spans.get(block)
        if old is None:
            self.spans[block] = (lo, hi)
        elif lo < old[0] or hi > old[1]:
            self.spans[block] = (min(lo, old[0]), max(hi, old[1]))

    @cached_property
    def width(self) -> int:
        """Columns a row of ``rows`` may write: the longest row's, and the last styled blank's."""
        longest = max((len(r) for r in self.grid[self.rows.start : self.rows.stop]), default=0)
        return max(longest, max(self.blanks, default=-1) + 1)

    def fast(self, row: int) -> bool:
        return row in self.rows and row not in self.slow


def _formula_value(formula: str, value: Any) -> str:
    """What follows ``<c r=".." s=".."`` in a formula cell whose cached value is not a plain number."""
    if isinstance(value, str):
        t = ' t="e"' if value in ERROR_CODES else ' t="str"' if value else ""
        return f"{t}><f>{formula}</f><v>{_escape(value)}</v>"
    if isinstance(value, bool):
        return f' t="b"><f>{formula}</f><v>{1 if value else 0}</v>'
    return f"><f>{formula}</f><v>{value}</v>"


class FastSheet(Worksheet):
    """A worksheet whose ``<sheetData>`` rows are written by ``_write_rows`` below (same XML)."""

    grid_rows: GridRows | None = None

    def _plain(self) -> bool:
        return not self.comments and not self.constant_memory

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if type(formula) is not str:
            return super()._prepare_formula(formula, expand_future_functions)
        key = (formula, bool(expand_future_functions or self.use_future_functions))
        prepared = _PREPARED.get(key)
        if prepared is None:
            if len(_PREPARED) >= _PREPARED_MAX:
                _PREPARED.clear()
            prepared = _PREPARED[key] = super()._prepare_formula(formula, expand_future_functions)
        return prepared

    def add_table(self, *args: Any, **kwargs: Any) -> Any:
        """XlsxWriter's ``add_table``, without noting every cell of a long table one by one.

        XlsxWriter notes each cell of a Table's range, to refuse a later Table or merged range over
        it: for an input table of a few thousand rows that costs more than carrying its values. A
        plain Table (numbers in rows, headers, no data, formulas or total row given here) is made
        over its header and first data row, then given its full range: the same Table XML, with
        the overlap check kept for those two rows only. Any other call goes to XlsxWriter as it is.
        """
        if len(args) != 5 or kwargs or not all(type(a) is int for a in args[:4]) or not isinstance(args[4], dict):
            return super().add_table(*args, **kwargs)
        first_row, first_col, last_row, last_col, options = args
        columns = options.get("columns") or []
        plain = (
            first_row < last_row - 1
            and first_col <= last_col
            and options.get("header_row", True)
            and not options.get("total_row")
            and "data" not in options
            and not any(c and set(c) - {"header", "header_format"} for c in columns)
        )
        if not plain:
            return super().add_table(*args, **kwargs)
        done = super().add_table(first_row, first_col, first_row + 1, last_col, options)
        if done != 0:
            return done
        table = self.tables[-1]
        short, full = table["range"], xl_range(first_row, first_col, last_row, last_col)
        table["range"] = table["a_range"] = full
        if table.get("autofilter"):
            table["autofilter"] = full
        for col in range(first_col, last_col + 1):
            if self.filter_cells.get((first_row, col)) == ("table", short):
                self.filter_cells[(first_row, col)] = ("table", full)
        return done

    def _calculate_spans(self) -> None:
        if not self._plain():
            super()._calculate_spans()
            return
        blocks: dict[int, tuple[int, int]] = dict(self.grid_rows.spans) if self.grid_rows is not None else {}
        first, last = self.dim_rowmin, self.dim_rowmax
        for row, cells in self.table.items():
            if cells and first <= row <= last:
                a, b = min(cells), max(cells)
                block = row // 16
                old = blocks.get(block)
                if old is None:
                    blocks[block] = (a, b)
                elif a < old[0] or b > old[1]:
                    blocks[block] = (min(a, old[0]), max(b, old[1]))
        self.row_spans = {block: f"{lo + 1}:{hi + 1}" for block, (lo, hi) in blocks.items()}

    def _write_rows(self) -> None:
        if not self._plain():
            super()._write_rows()
            return
        self._calculate_spans()
        table, row_info, spans = self.table, self.row_info, self.row_spans
        write = self.fh.write
        grid = self.grid_rows
        ncols = self.dim_colmax + 1 if self.dim_colmax is not None else 0
        if grid is not None:
            ncols = max(ncols, grid.width)
        letters = [xl_col_to_name(col) for col in range(ncols)]
        column_styles = [self._style(None, None, col) for col in range(ncols)]
        styles: dict[Any, str] = {}  # format -> ' s="n"'
        head = self._row_head
        formula_t, number_t, string_t, blank_t = CellFormulaTuple, CellNumberTuple, CellStringTuple, CellBlankTuple
        grid_row = self._grid_writer(letters, column_styles) if grid is not None else None
        for row in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table.get(row)
            info = row_info.get(row)
            if grid_row is not None and not cells and grid.fast(row):  # type: ignore[union-attr]
                parts = grid_row(row, info.row_format if info is not None else None)
                if parts:
                    parts[0] = head(row, spans.get(row // 16), info) + parts[0]
                    parts.append("</row>")
                    write("".join(parts))
                elif info is not None:
                    self._write_row(row, spans.get(row // 16), info, empty_row=True)
                continue
            if not cells:
                if info is not None:
                    self._write_row(row, spans.get(row // 16), info, empty_row=True)
                continue
            r = str(row + 1)
            row_format = info.row_format if info is not None else None
            row_style = self._style(row_format, None, 0) if row_format else ""
            parts = [head(row, spans.get(row // 16), info)]
            append = parts.append
            for col, cell in sorted(cells.items()):
                kind = type(cell)
                fmt = cell[0] if kind is blank_t else cell[1]  # every other kind of cell: (value, format, ...)
                if fmt:
                    s = styles.get(fmt)
                    if s is None:
                        s = styles[fmt] = self._style(fmt, None, col)
                else:
                    s = row_style if row_format else column_styles[col]
                if kind is formula_t:
                    formula, _, value = cell
                    if "&" in formula or "<" in formula or ">" in formula:
                        formula = _escape(formula)
                    kind = type(value)
                    if kind is float or kind is int:
                        append(f'<c r="{letters[col]}{r}"{s}><f>{formula}</f><v>{value}</v></c>')
                    else:
                        append(f'<c r="{letters[col]}{r}"{s}{_formula_value(formula, value)}</c>')
                elif kind is number_t:
                    append(f'<c r="{letters[col]}{r}"{s}><v>{cell[0]:.16G}</v></c>')
                elif kind is string_t:
                    append(f'<c r="{letters[col]}{r}"{s} t="s"><v>{cell[0]}</v></c>')
                elif kind is blank_t:
                    append(f'<c r="{letters[col]}{r}"{s}/>')
                else:
                    write("".join(parts))
                    parts.clear()
                    self._write_cell(row, col, cell)
            append("</row>")
            write("".join(parts))

    def _style(self, fmt: Any, row_format: Any, col: int) -> str:
        """The ``s`` attribute of a cell: its own format's, else its row's, else its column's."""
        fmt = fmt or row_format
        if not fmt:
            info = self.col_info.get(col)
            fmt = info.column_format if info is not None else None
            if fmt is None:
                return ""
        return f' s="{fmt._get_xf_index()}"'

    def _row_head(self, row: int, span: str | None, info: Any) -> str:
        """The ``<row>`` start tag, as XlsxWriter's ``_write_row`` writes it."""
        if info is None and self.default_row_height == self.original_row_height and self.excel_version != 2010:
            return f'<row r="{row + 1}" spans="{span}">' if span else f'<row r="{row + 1}">'
        out = self.fh
        self.fh = io.StringIO()
        try:
            self._write_row(row, span, info)
            return self.fh.getvalue()
        finally:
            self.fh = out

    def _grid_writer(self, letters: list[str], column_styles: list[str]) -> Any:
        """A function giving the ``<c>`` elements of one ``GridRows`` row (without ``<row>``), as
        ``_write_rows`` would write the cells ``inputs_copy`` would have stored for it."""
        grid = self.grid_rows
        assert grid is not None
        rows, formats, blanks, strings = grid.grid, grid.formats, grid.blanks, grid.strings
        ncols = grid.width
        # (letter, style, whether an empty cell is a styled blank) per column, for rows without a row format
        plain = [
            (letters[c], self._style(formats.get(c), None, c) if formats.get(c) else column_styles[c], c in blanks)
            for c in range(ncols)
        ]

        def write(row: int, row_format: Any) -> list[str]:
            r = str(row + 1)
            values = rows[row] if row < len(rows) else ()
            cols = (
                plain
                if not row_format
                else [(a, self._style(formats.get(c), row_format, c), b) for c, (a, _, b) in enumerate(plain)]
            )
            parts: list[str] = []
            append = parts.append
            for (letter, s, blank), v in zip(cols, values, strict=False):  # cols: at least the row's width
                kind = type(v)
                if kind is float or kind is int:
                    if v == v:
                        append(f'<c r="{letter}{r}"{s}><v>{v:.16G}</v></c>')
                        continue
                elif kind is str and v != "":
                    append(f'<c r="{letter}{r}"{s} t="s"><v>{strings[v]}</v></c>')
                    continue
                if blank:
                    append(f'<c r="{letter}{r}"{s}/>')
            for letter, s, blank in cols[len(values) :]:
                if blank:
                    append(f'<c r="{letter}{r}"{s}/>')
            return parts

        return write


__all__ = ["FastSheet", "GridRows"]
