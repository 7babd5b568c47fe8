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
``tests/test_writer_helpers.py`` checks the bytes against XlsxWriter's own on every kind of cell and
on Tables.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_range
from xlsxwriter.worksheet import CellBlankTuple, CellFormulaTuple, CellNumberTuple, CellStringTuple, Worksheet

ERROR_CODES = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))


def _escape(text: str) -> str:
    """XML text as XlsxWriter's ``_escape_data`` gives it (``&``, ``<`` and ``>``; quotes stay)."""
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


class FastSheet(Worksheet):
    """A worksheet whose ``<sheetData>`` rows are written by ``_write_rows`` below (same XML)."""

    def _plain(self) -> bool:
        return not self.comments and not self.constant_memory

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
        spans: dict[int, str] = {}
        table = self.table
        lo = hi = None
        last = self.dim_rowmax
        for row in range(self.dim_rowmin, last + 1):
            cells = table.get(row)
            if cells:
                a, b = min(cells), max(cells)
                lo = a if lo is None or a < lo else lo
                hi = b if hi is None or b > hi else hi
            if (row + 1) % 16 == 0 or row == last:
                if lo is not None:
                    spans[row // 16] = f"{lo + 1}:{hi + 1}"
                    lo = hi = None
        self.row_spans = spans

    def _write_rows(self) -> None:
        if not self._plain():
            super()._write_rows()
            return
        self._calculate_spans()
        table, row_info, col_info, spans = self.table, self.row_info, self.col_info, self.row_spans
        write = self.fh.write
        letters: dict[int, str] = {}
        styles: dict[int, str] = {}  # id(format) -> ' s="n"'
        column_styles: dict[int, str] = {}  # column -> style of its column format ('' for none)
        formula_t, number_t, string_t, blank_t = CellFormulaTuple, CellNumberTuple, CellStringTuple, CellBlankTuple
        for row in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table.get(row)
            info = row_info.get(row)
            if not cells:
                if info is not None:
                    self._write_row(row, spans.get(row // 16), info, empty_row=True)
                continue
            self._write_row(row, spans.get(row // 16), info)
            r = str(row + 1)
            row_format = info.row_format if info is not None else None
            parts: list[str] = []
            append = parts.append
            for col, cell in sorted(cells.items()):
                kind = type(cell)
                fmt = cell[0] if kind is blank_t else cell[1]  # every other kind of cell: (value, format, ...)
                if fmt:
                    s = styles.get(id(fmt))
                    if s is None:
                        s = styles[id(fmt)] = f' s="{fmt._get_xf_index()}"'
                elif row_format:
                    s = styles.get(id(row_format))
                    if s is None:
                        s = styles[id(row_format)] = f' s="{row_format._get_xf_index()}"'
                else:
                    s = column_styles.get(col)
                    if s is None:
                        info_c = col_info.get(col)
                        cf = info_c.column_format if info_c is not None else None
                        s = column_styles[col] = f' s="{cf._get_xf_index()}"' if cf is not None else ""
                letter = letters.get(col)
                if letter is None:
                    letter = letters[col] = xl_col_to_name(col)
                if kind is formula_t:
                    formula, _, value = cell
                    formula = _escape(formula)
                    if isinstance(value, str):
                        t = ' t="e"' if value in ERROR_CODES else ' t="str"' if value else ""
                        append(f'<c r="{letter}{r}"{s}{t}><f>{formula}</f><v>{_escape(value)}</v></c>')
                    elif isinstance(value, bool):
                        append(f'<c r="{letter}{r}"{s} t="b"><f>{formula}</f><v>{1 if value else 0}</v></c>')
                    else:
                        append(f'<c r="{letter}{r}"{s}><f>{formula}</f><v>{value}</v></c>')
                elif kind is number_t:
                    append(f'<c r="{letter}{r}"{s}><v>{cell[0]:.16G}</v></c>')
                elif kind is string_t:
                    append(f'<c r="{letter}{r}"{s} t="s"><v>{cell[0]}</v></c>')
                elif kind is blank_t:
                    append(f'<c r="{letter}{r}"{s}/>')
                else:
                    write("".join(parts))
                    parts.clear()
                    self._write_cell(row, col, cell)
            append("</row>")
            write("".join(parts))


__all__ = ["FastSheet"]
