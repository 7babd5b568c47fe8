"""Write result workbooks: the input sheets as typed, then result sheets of formulas + values.

Written with XlsxWriter only (openpyxl would drop cached values). The file is written to a
temporary name beside the target and renamed at the end, so a failure never leaves a
half-written result. Formulas are stored through a fast path: ecoaccount formulas use only
functions that need no ``_xlfn.`` prefix (see DESIGN.md), so XlsxWriter's per-formula regular
expression pass is skipped.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import CellFormulaTuple

from ecoaccount import __version__
from ecoaccount import messages as M
from ecoaccount.citations import cite
from ecoaccount.errors import InvalidWorkbookError
from ecoaccount.outputs import AUDIT_LABELS, shared_sheet
from ecoaccount.problems import Problem
from ecoaccount.units import unit_rows, unit_text_in
from ecoaccount.workbook.inputs_copy import copy_inputs
from ecoaccount.workbook.layout import (
    MASTER_NAME,
    fail_text,
    finish_sheet,
    master_check,
    master_column,
    overall_formula,
    row_height,
    status_colours,
    text_width,
)
from ecoaccount.workbook.reader import Parsed
from ecoaccount.workbook.rows import FastSheet
from ecoaccount.workbook.styles import Formats
from ecoaccount.workbook.template import (
    META_SHEET,
    UNITS_TABLE,
    find_lists_sheet,
    quote_sheet,
    write_value,
)

# Functions that Excel 2016 or LibreOffice 7.4 does not compute (DESIGN.md); formulas never use them.
FORBIDDEN = re.compile(
    r"(?<![A-Z0-9._])(XLOOKUP|XMATCH|LET|LAMBDA|FILTER|SORT|SORTBY|UNIQUE|SEQUENCE|IFS|SWITCH|MAXIFS|MINIFS"
    r"|TEXTJOIN|CONCAT)\(|_xlfn\.|\[@",
    re.IGNORECASE,
)


# Width of the Checks sheet's description column: the longest description, within limits that keep
# the sheet one page wide; longer descriptions wrap.
CHECK_LABEL_MIN, CHECK_LABEL_MAX = 40.0, 80.0

#: A label of a result sheet: plain text, or an ``(en, zh)`` pair chosen by the book's language.
Label = str | tuple[str, str]


def label(lang: str, en: str, zh: str) -> str:
    """The text of a bilingual label: ``zh`` in a Chinese book, ``en`` otherwise."""
    return zh if lang == "zh" else en


def pick(lang: str, value: Label) -> str:
    """A plain string as is; an ``(en, zh)`` pair by ``lang`` (see ``label``)."""
    if isinstance(value, tuple):
        en, zh = value
        return label(lang, en, zh)
    return value


def cached(value: Any) -> Any:
    """A cached value XlsxWriter can store: numbers and text; NaN/None become empty text.

    Text is escaped as Excel escapes it (``_xHHHH_`` for characters XML cannot carry, and a
    literal ``_xHHHH_`` as ``_x005F_xHHHH_``), because a cached formula value goes into the sheet
    XML as it is; user text in input cells is refused before (reader) or escaped by XlsxWriter.
    """
    if value is None:
        return ""
    if isinstance(value, (bool,)):
        return value
    if isinstance(value, (int, float)):
        return "" if (isinstance(value, float) and not math.isfinite(value)) else value
    if hasattr(value, "item"):
        return cached(value.item())
    return escape_text(str(value))


_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_UNSTORABLE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")


def escape_text(text: str) -> str:
    """``text`` as Excel stores it in XML: ``_xHHHH_`` escapes, as XlsxWriter does for shared strings."""
    if "_x" in text:
        text = _ESCAPED.sub(r"_x005F\1", text)
    if _UNSTORABLE.search(text):
        text = _UNSTORABLE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def timestamp() -> _dt.datetime:
    """Now (UTC), or ``SOURCE_DATE_EPOCH`` when set, so that the same input gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC)
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0)


# A result whose input has at most this many cells (about 4 MB of sheet XML in the result) is
# assembled in memory: XlsxWriter otherwise writes each of its 40-odd parts to a temporary file
# and reads it back. Larger ones keep the temporary files, so memory stays flat in the input size.
IN_MEMORY_CELLS = 100_000


def workbook_options(parsed: Parsed) -> dict[str, Any]:
    """XlsxWriter options of a result workbook: user text never becomes a formula, number or link."""
    cells = sum(extent.cells for extent in parsed.raw.inspection.sheets.values())
    return {
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
        "in_memory": cells <= IN_MEMORY_CELLS,
    }


class _Workbook(xlsxwriter.Workbook):
    """A workbook whose sheets write their cell rows through ``rows.FastSheet`` (same XML)."""

    worksheet_class = FastSheet


class OutSheet:
    """A result sheet: headers, text, and formulas with their cached values."""

    def __init__(self, book: ResultBook, ws: Any, name: str) -> None:
        self.book = book
        self.ws = ws
        self.name = name
        self.q = quote_sheet(name)
        self.header_rows: dict[int, dict[int, str]] = {}  # row -> {column: header text}, for row heights
        self.first_header: int | None = None  # repeated on every printed page
        self.title_text = ""

    def ref(self, row: int, col: int, absolute: bool = False) -> str:
        """Formula reference to a cell of this sheet from another sheet."""
        return f"{self.q}!{xl_rowcol_to_cell(row, col, absolute, absolute)}"

    def formula(self, row: int, col: int, text: str, value: Any, fmt: Any = None) -> None:
        if self.ws._check_dimensions(row, col):
            raise IndexError(f"{self.name}: cell ({row}, {col}) outside the worksheet")
        self.ws.table[row][col] = CellFormulaTuple(text[1:] if text.startswith("=") else text, fmt, cached(value))

    def column(self, row0: int, col: int, formulas: Sequence[str], values: Iterable[Any], fmt: Any = None) -> None:
        """Write a column of formulas with their values from ``row0`` down."""
        for i, (f, v) in enumerate(zip(formulas, values, strict=True)):
            self.formula(row0 + i, col, f, v, fmt)

    def rendered_column(self, row0: int, col: int, formulas: Sequence[str], values: Sequence[Any], fmt: Any) -> None:
        """Like ``column`` for a whole rendered column: formulas without ``=``, values already cached.

        The bounds are checked once for the column; cells then go straight into the cell table.
        """
        n = len(formulas)
        if n == 0:
            return
        if self.ws._check_dimensions(row0, col) or self.ws._check_dimensions(row0 + n - 1, col):
            raise IndexError(f"{self.name}: column {col}, rows {row0}-{row0 + n - 1} outside the worksheet")
        if len(values) != n:
            raise ValueError(f"{self.name}: {n} formulas but {len(values)} values in column {col}")
        table = self.ws.table
        # Each cell is tuple.__new__(CellFormulaTuple, (formula, fmt, value)): built in C, no Python
        # frame per cell (the namedtuple's own __new__ is a Python function).
        cells = map(tuple.__new__, repeat(CellFormulaTuple), zip(formulas, repeat(fmt), values))
        for r, cell in zip(range(row0, row0 + n), cells, strict=True):
            table[r][col] = cell

    def text(self, row: int, col: int, value: Any, fmt: Any = None) -> None:
        if isinstance(value, str):
            value = cite(value, self.book.lang)
        write_value(self.ws, row, col, value, fmt)
        if fmt is not None and fmt is self.book.fmt.header and value is not None:
            self.header_rows.setdefault(row, {})[col] = str(value)

    def headers(self, row: int, labels: Sequence[Label], col0: int = 0, widths: Sequence[float] | None = None) -> None:
        """Header cells from ``col0`` on; each label plain text or an ``(en, zh)`` pair."""
        cells = self.header_rows.setdefault(row, {})
        if self.first_header is None or row < self.first_header:
            self.first_header = row
        for c, h in enumerate(labels):
            text = cite(pick(self.book.lang, h), self.book.lang)
            self.ws.write_string(row, col0 + c, text, self.book.fmt.header)
            cells[col0 + c] = text
            if widths is not None:
                self.ws.set_column(col0 + c, col0 + c, widths[c])

    def title(self, text: Label, note: Label = "") -> None:
        """Title in A1 and an optional note in A2; each plain text or an ``(en, zh)`` pair."""
        self.title_text = cite(pick(self.book.lang, text), self.book.lang)
        self.ws.write_string(0, 0, self.title_text, self.book.fmt.title)
        note = cite(pick(self.book.lang, note), self.book.lang)
        if note:
            self.ws.write_string(1, 0, note, self.book.fmt.note)


class ResultBook:
    """One result workbook. Use as a context manager; the file appears only on success."""

    def __init__(self, path: str | Path, parsed: Parsed, sentinel: bool = False) -> None:
        self.path = Path(path)
        self.parsed = parsed
        self.lang = parsed.lang
        self.sentinel = sentinel
        # The input's Lists sheet, which the result carries under the same name (列表, or Lists in older books).
        self.lists_sheet = find_lists_sheet(list(parsed.raw.sheets), self.lang)
        try:
            fd, tmp = tempfile.mkstemp(suffix=".xlsx", prefix=".ecoaccount-", dir=self.path.parent)
        except OSError as exc:
            raise self._not_written(exc) from None
        os.close(fd)
        self._tmp = Path(tmp)
        self.written_at = timestamp()
        self.wb = _Workbook(tmp, workbook_options(parsed))
        self.wb.set_properties(
            {
                "title": parsed.spec.title(self.lang),
                "author": "ecoaccount",
                "comments": f"ecoaccount {__version__}",
                "created": self.written_at.replace(tzinfo=None),
            }
        )
        self.fmt = Formats(self.wb)
        self.sheets: dict[str, OutSheet] = {}
        # (key, text) rows a kind adds to the Audit sheet (e.g. how an input was summarised).
        self.audit_notes: list[tuple[str, str]] = []
        self.checks_ok: bool | None = None  # known once the Checks sheet is written
        self.layouts: list[Any] = []  # the declared sheets' layouts, whose charts go on the Charts sheet
        self._charts_done = False

    def __enter__(self) -> ResultBook:
        return self

    def _not_written(self, exc: OSError) -> InvalidWorkbookError:
        """The target named, never the temporary file."""
        detail = exc.strerror or type(exc).__name__
        return InvalidWorkbookError(
            str(self.path), [Problem("", M.OUTPUT_NOT_WRITTEN.format(path=str(self.path), detail=detail))]
        )

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            self._close(exc_type)
        finally:
            # The book and its sheets refer to each other, so without this their cells (most of the
            # memory) would wait for a full pass of the garbage collector; emptied, they go at once.
            for ws in self.wb.worksheets():
                ws.table.clear()
                ws.grid_rows = None
            self.sheets.clear()

    def _close(self, exc_type: Any) -> None:
        if exc_type is None:
            try:
                self.charts()
                self._finish()
                self.wb.close()
                # mkstemp makes the file private (0600); a result is as readable as any file the
                # user writes (0666 less the umask).
                mask = os.umask(0)
                os.umask(mask)
                os.chmod(self._tmp, 0o666 & ~mask)
                os.replace(self._tmp, self.path)
            except OSError as err:
                self._tmp.unlink(missing_ok=True)
                raise self._not_written(err) from None
            except BaseException:
                self._tmp.unlink(missing_ok=True)
                raise
        else:
            try:
                self.wb.close()
            except Exception:  # noqa: BLE001 - the original error is what matters
                pass
            self._tmp.unlink(missing_ok=True)

    # -- inputs -------------------------------------------------------------------------------
    def copy_inputs(self) -> None:
        """Every input sheet at the same names and addresses, with its Tables, dropdowns, widths and
        input styles as in the template (``inputs_copy``); then one defined name per parameter.

        Text the reader took as a number ('310,124.3', full-width digits) is carried as that number,
        so that the result's formulas compute what the engine computed (the Audit sheet lists each);
        the marker sheet gets a row saying this is a result (refused as an input by the reader)."""
        parsed = self.parsed
        for sheet, r, c, _text, number in parsed.conversions:
            parsed.raw.sheets[sheet][r][c] = number
        copy_inputs(self)
        meta = self.wb.get_worksheet_by_name(META_SHEET)
        if meta is not None:
            row = len(parsed.raw.sheets[META_SHEET])
            meta.write_string(row, 0, "result")
            meta.write_string(row, 1, "written by ecoaccount fill")

    def unit_factor_formula(self, unit_ref: str) -> str:
        """Formula giving the factor of the unit code in ``unit_ref`` from the Units table."""
        last = 3 + len(unit_rows())
        lists = quote_sheet(self.lists_sheet)
        return f"=INDEX({lists}!$E$4:$E${last},MATCH({unit_ref},{lists}!$B$4:$B${last},0))"

    # -- results ------------------------------------------------------------------------------
    def sheet(self, name: str) -> OutSheet:
        """A new result sheet; rows 1-4 frozen (title, note, group labels, headers). Print set-up and
        header row heights follow from its final content (``layout.finish_sheet``), and so does
        the place of the master check, right after the title."""
        ws = self.wb.add_worksheet(name)
        ws.freeze_panes(4, 0)
        out = OutSheet(self, ws, name)
        self.sheets[name] = out
        return out

    def _finish(self) -> None:
        """Master checks, header row heights and print set-up, once every sheet is complete."""
        for out in self.sheets.values():
            if self.checks_ok is not None and out.name != shared_sheet("checks", self.lang):
                col = master_column(out.ws, out.title_text)
                master_check(out.ws, self.fmt, self.lang, self.checks_ok, col)
            finish_sheet(out.ws, out.header_rows, out.first_header, self.lang)

    def unit_factors(self, rows: Sequence[tuple[str, str, float, str]]) -> OutSheet:
        """The Settings sheet: one row per (label, parameter id, factor, defined name).

        Each factor is looked up from the Lists sheet's unit table by the unit code of the
        parameter, and gets a defined name (e.g. ``ESV_area_factor``) that formulas use.
        Rows start at sheet row 5; a kind may add rows below.
        """
        en = self.lang == "en"
        st = self.sheet(shared_sheet("settings", self.lang))
        st.title(
            "Unit factors" if en else "单位换算",
            f"Factors looked up from the {self.lists_sheet} sheet's unit table; formulas use their defined names."
            if en
            else f"换算系数取自“{self.lists_sheet}”表的单位表，公式中以名称引用。",
        )
        st.headers(
            3,
            ["quantity", "unit", "factor", "defined name"] if en else ["项目", "单位", "系数", "名称"],
            widths=[52, 14, 16, 22],
        )
        spec = self.parsed.spec
        for i, (label, pid, value, name) in enumerate(rows):
            r = 4 + i
            st.text(r, 0, label)
            # The unit as typed (亩 or mu): the formula shows the cell, the engine has the code.
            st.formula(r, 1, "=" + spec.name_of(pid), self.parsed.raw.value(*self.parsed.param_cells[pid]))
            st.formula(r, 2, self.unit_factor_formula(f"B{r + 1}"), value, self.fmt.computed_precise)
            st.text(r, 3, name)
            self.define(name, st.ref(r, 2, True))
        return st

    def define(self, name: str, ref: str) -> None:
        self.wb.define_name(name, "=" + ref)

    def audit(self, extra: Sequence[tuple[str, str]] = ()) -> OutSheet:
        """The Audit sheet: tool version, template, parameter set, hash of the input file."""
        s = self.sheet(shared_sheet("audit", self.lang))
        parsed = self.parsed
        digest = hashlib.sha256(parsed.raw.path.read_bytes()).hexdigest()
        lang = self.lang
        s.title(label(lang, "Audit", "审计"))  # the title is the sheet's name, in either language

        def audit(label_id: str) -> str:
            return label(lang, *AUDIT_LABELS[label_id])

        rows = [
            (audit("tool"), f"ecoaccount {__version__}"),
            (audit("kind"), label(lang, parsed.spec.kind, parsed.spec.title(lang))),
            (audit("version"), parsed.spec.version),
            (audit("language"), label(lang, "en", "中文")),
            (audit("input"), parsed.raw.path.name),
            (audit("sha256"), digest),
            (audit("written"), self.written_at.strftime("%Y-%m-%d %H:%M:%S")),
            *extra,
            *self.audit_notes,
            *(
                (
                    label(lang, "text read as a number: ", "按数字读取的文本：") + f"{sheet}!{xl_rowcol_to_cell(r, c)}",
                    f"{text!r} → {number!r}",
                )
                for sheet, r, c, text, number in parsed.conversions
            ),
        ]
        s.ws.set_column(0, 0, 28)
        s.ws.set_column(1, 1, 70)
        r = 2
        for k, v in rows:
            s.text(r, 0, k, self.fmt.header)
            s.text(r, 1, v)
            r += 1
        r += 1
        heads = [audit(h) for h in ("parameter", "name", "value", "unit", "source")]
        s.headers(r, heads, widths=[28, 70, 14, 16, 60])
        r += 1
        for p in parsed.spec.params:
            if p.id not in parsed.param_cells:
                continue
            s.text(r, 0, p.label(self.lang))
            s.text(r, 1, parsed.spec.name_of(p.id))
            name = parsed.spec.name_of(p.id)
            value = parsed.params.get(p.id)
            if p.kind == "choice" and value is not None:  # as typed (亩), not its code (mu)
                value = parsed.raw.value(*parsed.param_cells[p.id])
            # An empty optional parameter: a bare reference would recalculate to 0, not empty.
            s.formula(r, 2, "=" + name if value is not None else f'=IF({name}="","",{name})', value)
            s.text(r, 3, unit_text_in(p.unit_text(self.lang, parsed.params), self.lang))
            s.text(r, 4, p.source_for(self.lang))
            r += 1
        if self.sentinel:
            # Recalculation sentinel: its cached value is deliberately wrong (-1); a spreadsheet
            # engine that really recalculates writes 3.
            r += 1
            s.text(r, 0, label(lang, "recalculation sentinel", "重算检验单元"))
            s.formula(r, 1, f"=ROWS({s.q}!A1:A3)", -1)
        return s

    def charts(self) -> None:
        """The Charts sheet of every chart declared on the written sheets (``workbook.charts``): once,
        right before Checks (or last, for a book without checks)."""
        if self.layouts and not self._charts_done:
            from ecoaccount.workbook.charts import write_charts  # charts build on sheets, which import this

            self._charts_done = True
            write_charts(self, self.layouts)

    def checks(self, rows: Sequence[tuple[str, str, float, str, float]]) -> OutSheet:
        """The Checks sheet: (description, formula A, value A, formula B, value B) per check.

        Each row computes one quantity twice, by two independent routes (A and B); its status is
        OK when |A − B| / max(1, |A|) <= tolerance (a labelled cell, ``Checks_tolerance``). B4,
        named ``Checks_all``, is OK only when every status is; every other result sheet shows it
        in row 1, right after its title (``layout.master_check``).
        """
        self.charts()
        s = self.sheet(shared_sheet("checks", self.lang))
        en = self.lang == "en"
        s.title(
            "Checks: each row computes the same quantity twice, by two independent routes (A and B), and compares them"
            if en
            else "校验：每一行用两种相互独立的算法（A 与 B）计算同一数值，并比较两者",
            "A and B come from different formulas over the same inputs; a row is OK when they agree "
            "within the tolerance. B4 is OK only when every row is; every result sheet shows it beside its title."
            if en
            else "A、B 由不同公式从同一输入算得；两者在容差内一致时该行为 OK。"
            "B4 仅在每一行都为 OK 时为 OK，各结果表标题右侧显示该总体结果。",
        )
        s.text(2, 0, "relative tolerance" if en else "相对容差", self.fmt.header)
        s.text(2, 1, 1e-9)
        self.define("Checks_tolerance", s.ref(2, 1, True))
        s.text(3, 0, "all checks" if en else "全部校验", self.fmt.header)
        label_width = min(CHECK_LABEL_MAX, max([CHECK_LABEL_MIN] + [text_width(r[0]) + 2 for r in rows]))
        s.headers(
            4,
            [
                "what is compared",
                "value A (first route)",
                "value B (second, independent route)",
                "|A − B| / max(1, |A|)",
                "status",
            ]
            if en
            else [
                "校验内容",
                "A 值（第一种算法）",
                "B 值（另一种独立算法）",
                "相对差 |A − B| ÷ (|A| 与 1 的较大者)",
                "结果",
            ],
            widths=[label_width, 20, 20, 14, 10],
        )
        s.ws.freeze_panes(5, 0)
        first = 5
        all_ok = True
        for i, (label, fa, va, fb, vb) in enumerate(rows):
            r = first + i
            s.text(r, 0, label, self.fmt.wrap)
            if text_width(label) + 2 > label_width:
                s.ws.set_row(r, row_height([(label, label_width)], bold=False))
            s.formula(r, 1, fa, va, self.fmt.computed)
            s.formula(r, 2, fb, vb, self.fmt.computed)
            rel = abs(va - vb) / max(1.0, abs(va))
            s.formula(r, 3, f"=ABS(B{r + 1}-C{r + 1})/MAX(1,ABS(B{r + 1}))", rel, self.fmt.computed_precise)
            ok = rel <= 1e-9
            all_ok = all_ok and ok
            fail = fail_text(self.lang)
            s.formula(r, 4, f'=IF(D{r + 1}<=Checks_tolerance,"OK","{fail}")', "OK" if ok else fail)
        last = first + max(len(rows), 1) - 1
        if rows:
            status_colours(s.ws, first, 4, last, 4, self.fmt, f'E{first + 1}="OK"')
        else:
            all_ok = False  # an empty status range counts as not OK in the formula too
        overall = overall_formula(first + 1, last + 1, "E", self.lang)
        s.formula(3, 1, overall, "OK" if all_ok else fail_text(self.lang), self.fmt.master)
        status_colours(s.ws, 3, 1, 3, 1, self.fmt, '$B$4="OK"')
        self.define(MASTER_NAME, s.ref(3, 1, True))
        self.checks_ok = all_ok
        return s


__all__ = ["ResultBook", "OutSheet", "Label", "UNITS_TABLE", "cached", "escape_text", "label", "pick", "timestamp"]
