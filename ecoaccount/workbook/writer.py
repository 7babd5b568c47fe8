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
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import CellFormulaTuple

from ecoaccount import __version__
from ecoaccount import messages as M
from ecoaccount.errors import InvalidWorkbookError
from ecoaccount.problems import Problem
from ecoaccount.units import unit_rows
from ecoaccount.workbook.reader import Parsed
from ecoaccount.workbook.styles import Formats
from ecoaccount.workbook.template import META_SHEET, UNITS_TABLE, quote_sheet, wrapped_height, write_value

# Functions that Excel 2016 or LibreOffice 7.4 does not compute (DESIGN.md); formulas never use them.
FORBIDDEN = re.compile(
    r"(?<![A-Z0-9._])(XLOOKUP|XMATCH|LET|LAMBDA|FILTER|SORT|SORTBY|UNIQUE|SEQUENCE|IFS|SWITCH|MAXIFS|MINIFS"
    r"|TEXTJOIN|CONCAT)\(|_xlfn\.|\[@",
    re.IGNORECASE,
)


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


class OutSheet:
    """A result sheet: headers, text, and formulas with their cached values."""

    def __init__(self, book: ResultBook, ws: Any, name: str) -> None:
        self.book = book
        self.ws = ws
        self.name = name
        self.q = quote_sheet(name)

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

    def text(self, row: int, col: int, value: Any, fmt: Any = None) -> None:
        write_value(self.ws, row, col, value, fmt)

    def headers(self, row: int, labels: Sequence[Label], col0: int = 0, widths: Sequence[float] | None = None) -> None:
        """Header cells from ``col0`` on; each label plain text or an ``(en, zh)`` pair."""
        for c, h in enumerate(labels):
            self.ws.write_string(row, col0 + c, pick(self.book.lang, h), self.book.fmt.header)
            if widths is not None:
                self.ws.set_column(col0 + c, col0 + c, widths[c])

    def title(self, text: Label, note: Label = "") -> None:
        """Title in A1 and an optional note in A2; each plain text or an ``(en, zh)`` pair."""
        self.ws.write_string(0, 0, pick(self.book.lang, text), self.book.fmt.title)
        note = pick(self.book.lang, note)
        if note:
            self.ws.write_string(1, 0, note, self.book.fmt.note)


class ResultBook:
    """One result workbook. Use as a context manager; the file appears only on success."""

    def __init__(self, path: str | Path, parsed: Parsed, sentinel: bool = False) -> None:
        self.path = Path(path)
        self.parsed = parsed
        self.lang = parsed.lang
        self.sentinel = sentinel
        try:
            fd, tmp = tempfile.mkstemp(suffix=".xlsx", prefix=".ecoaccount-", dir=self.path.parent)
        except OSError as exc:
            raise self._not_written(exc) from None
        os.close(fd)
        self._tmp = Path(tmp)
        self.written_at = timestamp()
        self.wb = xlsxwriter.Workbook(
            tmp, {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
        )
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

    def __enter__(self) -> ResultBook:
        return self

    def _not_written(self, exc: OSError) -> InvalidWorkbookError:
        """The target named, never the temporary file."""
        detail = exc.strerror or type(exc).__name__
        return InvalidWorkbookError(
            str(self.path), [Problem("", M.OUTPUT_NOT_WRITTEN.format(path=str(self.path), detail=detail))]
        )

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            try:
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
        """Every sheet of the input, same names and addresses, then names for parameters."""
        parsed = self.parsed
        tables = {t.sheet: t for t in parsed.tables.values()}
        integer_cols = {
            t.sheet: {t.cols[f.id] for f in t.spec.fields if f.kind == "integer"} for t in parsed.tables.values()
        }
        param_sheet = next(iter(parsed.param_cells.values()))[0] if parsed.param_cells else None
        # Text the reader took as a number ('310,124.3', full-width digits) is written as that
        # number, so that the result's formulas compute what the engine computed.
        numbers: dict[str, dict[tuple[int, int], float]] = {}
        for sheet, r, c, _text, number in parsed.conversions:
            numbers.setdefault(sheet, {})[(r, c)] = number
        for name, grid in parsed.raw.sheets.items():
            ws = self.wb.add_worksheet(name)
            t = tables.get(name)
            converted = numbers.get(name, {})
            for r, row in enumerate(grid):
                for c, v in enumerate(row):
                    if v == "" or v is None:
                        continue
                    if converted and (r, c) in converted:
                        v = converted[(r, c)]
                    fmt = None
                    if t is not None and r == t.header_row:
                        fmt = self.fmt.header
                    elif (t is not None and r > t.header_row) or (
                        name == param_sheet and c == 2 and r >= parsed.spec.params_header_row
                    ):
                        if not isinstance(v, (int, float)):
                            fmt = self.fmt.input
                        elif t is not None and c in integer_cols.get(name, ()):
                            fmt = self.fmt.input_integer
                        else:
                            fmt = self.fmt.input_number
                    elif r == 0:
                        fmt = self.fmt.title
                    if isinstance(v, (_dt.datetime, _dt.date)):
                        ws.write_datetime(r, c, v, self.wb.add_format({"num_format": "yyyy-mm-dd"}))
                    else:
                        write_value(ws, r, c, v, fmt)
            if t is not None:
                ncols = max(list(t.cols.values()) + [c for _, c in t.extra]) + 1
                ws.set_column(0, ncols - 1, 14)
                ws.freeze_panes(t.header_row + 1, 0)
            elif name == param_sheet:
                ws.set_column(0, 0, 22)
                ws.set_column(1, 1, 44)
                ws.set_column(2, 3, 14)
                ws.set_column(4, 4, 60)
            elif name in ("Notes", "说明"):
                for r, row in enumerate(grid):
                    if len(row) > 1 and isinstance(row[1], str) and row[1]:
                        ws.set_row(r, wrapped_height(row[1], 120))
                ws.set_column(0, 0, 34, self.fmt.wrap)
                ws.set_column(1, 1, 120, self.fmt.wrap)
                ws.set_landscape()
                ws.fit_to_pages(1, 0)
            else:
                ws.set_column(0, 0, 30 if name != "Instructions" else 120)
            if t is not None or name == param_sheet:
                ws.set_landscape()
                ws.fit_to_pages(1, 0)
            if name == META_SHEET:
                # Marks the copy as a result, so that it is refused as an input (reader.read_marker).
                ws.write_string(len(grid), 0, "result")
                ws.write_string(len(grid), 1, "written by ecoaccount fill")
                ws.hide()
        for pid in parsed.param_cells:
            self.wb.define_name(parsed.spec.name_of(pid), "=" + parsed.param_ref(pid))

    def unit_factor_formula(self, unit_ref: str) -> str:
        """Formula giving the factor of the unit code in ``unit_ref`` from the Units table."""
        last = 3 + len(unit_rows())
        return f"=INDEX(Lists!$E$4:$E${last},MATCH({unit_ref},Lists!$B$4:$B${last},0))"

    # -- results ------------------------------------------------------------------------------
    def sheet(self, name: str) -> OutSheet:
        ws = self.wb.add_worksheet(name)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)  # print one page wide
        ws.freeze_panes(4, 0)
        out = OutSheet(self, ws, name)
        self.sheets[name] = out
        return out

    def unit_factors(self, rows: Sequence[tuple[str, str, float, str]]) -> OutSheet:
        """The Settings sheet: one row per (label, parameter id, factor, defined name).

        Each factor is looked up from the Lists sheet's unit table by the unit code of the
        parameter, and gets a defined name (e.g. ``ESV_area_factor``) that formulas use.
        Rows start at sheet row 5; a kind may add rows below.
        """
        en = self.lang == "en"
        st = self.sheet("Settings")
        st.title(
            "Unit factors" if en else "单位换算",
            "Factors looked up from the Lists sheet's unit table; formulas use their defined names."
            if en
            else "换算系数取自 Lists 表的单位表，公式中以名称引用。",
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
            st.formula(r, 1, "=" + spec.name_of(pid), self.parsed.params[pid])
            st.formula(r, 2, self.unit_factor_formula(f"B{r + 1}"), value, self.fmt.computed_precise)
            st.text(r, 3, name)
            self.define(name, st.ref(r, 2, True))
        return st

    def define(self, name: str, ref: str) -> None:
        self.wb.define_name(name, "=" + ref)

    def audit(self, extra: Sequence[tuple[str, str]] = ()) -> OutSheet:
        """The Audit sheet: tool version, template, parameter set, hash of the input file."""
        s = self.sheet("Audit")
        parsed = self.parsed
        digest = hashlib.sha256(parsed.raw.path.read_bytes()).hexdigest()
        s.title("Audit" if self.lang == "en" else "审计信息")
        rows = [
            ("tool", f"ecoaccount {__version__}"),
            ("template kind", parsed.spec.kind),
            ("template version", parsed.spec.version),
            ("language", self.lang),
            ("input file", parsed.raw.path.name),
            ("input SHA-256", digest),
            ("written at (UTC)", self.written_at.strftime("%Y-%m-%d %H:%M:%S")),
            *extra,
            *self.audit_notes,
            *(
                (f"text read as a number: {sheet}!{xl_rowcol_to_cell(r, c)}", f"{text!r} → {number!r}")
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
        s.headers(r, ["parameter", "defined name", "value", "unit", "source"], widths=[28, 70, 14, 16, 60])
        r += 1
        for p in parsed.spec.params:
            if p.id not in parsed.param_cells:
                continue
            s.text(r, 0, p.label(self.lang))
            s.text(r, 1, parsed.spec.name_of(p.id))
            name = parsed.spec.name_of(p.id)
            value = parsed.params.get(p.id)
            # An empty optional parameter: a bare reference would recalculate to 0, not empty.
            s.formula(r, 2, "=" + name if value is not None else f'=IF({name}="","",{name})', value)
            s.text(r, 3, p.unit)
            s.text(r, 4, p.source)
            r += 1
        if self.sentinel:
            # Recalculation sentinel: its cached value is deliberately wrong (-1); a spreadsheet
            # engine that really recalculates writes 3.
            r += 1
            s.text(r, 0, "recalculation sentinel")
            s.formula(r, 1, "=ROWS(Audit!A1:A3)", -1)
        return s

    def checks(self, rows: Sequence[tuple[str, str, float, str, float]]) -> OutSheet:
        """The Checks sheet: (description, formula A, value A, formula B, value B) per check.

        Status is OK when |A − B| / max(1, |A|) <= tolerance; the tolerance is a labelled cell.
        """
        s = self.sheet("Checks")
        en = self.lang == "en"
        s.title(
            "Checks" if en else "校验",
            "Live reconciliation checks: every row must say OK." if en else "实时校验：每一行都应为 OK。",
        )
        s.text(2, 0, "relative tolerance" if en else "相对容差", self.fmt.header)
        s.text(2, 1, 1e-9)
        self.define("Checks_tolerance", "Checks!$B$3")
        s.headers(
            4,
            ["check", "A", "B", "|A − B| / max(1, |A|)", "status"]
            if en
            else ["校验项", "A", "B", "|A − B| / max(1, |A|)", "结果"],
            widths=[70, 20, 20, 14, 10],
        )
        for i, (label, fa, va, fb, vb) in enumerate(rows):
            r = 5 + i
            s.text(r, 0, label)
            s.formula(r, 1, fa, va, self.fmt.computed)
            s.formula(r, 2, fb, vb, self.fmt.computed)
            rel = abs(va - vb) / max(1.0, abs(va))
            s.formula(r, 3, f"=ABS(B{r + 1}-C{r + 1})/MAX(1,ABS(B{r + 1}))", rel, self.fmt.computed_precise)
            ok = rel <= 1e-9
            s.formula(
                r,
                4,
                f'=IF(D{r + 1}<=Checks_tolerance,"OK","FAIL")',
                "OK" if ok else "FAIL",
                self.fmt.ok_fmt if ok else self.fmt.fail_fmt,
            )
        return s


__all__ = ["ResultBook", "OutSheet", "Label", "UNITS_TABLE", "cached", "escape_text", "label", "pick", "timestamp"]
