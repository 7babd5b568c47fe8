"""Read any submitted workbook through one reader: safe opening, header matching, typed columns.

Every problem is collected (never raised on the first), each located at ``Sheet!C7``. The
reader keeps the address of every value it reads, so result formulas can refer to the same cell
in the result workbook, which carries the input sheets unchanged.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook, PasswordError, XmlError, ZipError
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ecoaccount import messages as M
from ecoaccount.errors import InvalidWorkbookError
from ecoaccount.outputs import shared_sheet
from ecoaccount.problems import Problem, RowProblem
from ecoaccount.spec import PARAM_FIELDS, Field, Param, TableSpec, TemplateSpec, normalise_header
from ecoaccount.units import codes, unit_code
from ecoaccount.workbook import safety
from ecoaccount.workbook.template import META_SHEET, quote_sheet

SUFFIXES = safety.SUFFIXES
MAX_TEXT = 32_767  # characters an Excel cell holds
# Characters XML 1.0 cannot carry and Excel cannot store in a cell (tab, newline and CR can).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class CellError(str):
    """An error value (``#DIV/0!``) that calamine returned as empty text."""


class _Sheets(Mapping[str, list[list[Any]]]):
    """Every sheet's grid from A1, read from calamine only when first asked for."""

    def __init__(self, raw: RawBook) -> None:
        self._raw = raw
        self._cache: dict[str, list[list[Any]]] = {}
        self._head: dict[str, list[list[Any]]] = {}  # first rows of released sheets

    def __getitem__(self, name: str) -> list[list[Any]]:
        if name not in self._cache:
            if name not in self._raw.names:
                raise KeyError(name)
            self._cache[name] = self._raw._load(name)
        return self._cache[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw.names)

    def __len__(self) -> int:
        return len(self._raw.names)

    def release(self, name: str, keep_rows: int = 0) -> None:
        """Drop a sheet's grid, keeping its first ``keep_rows`` rows (titles, header) for ``value``."""
        grid = self._cache.pop(name, None)
        if grid is not None and keep_rows:
            self._head[name] = grid[:keep_rows]


class RawBook:
    """A workbook checked by ``safety.inspect``; each sheet's values are read when first used."""

    def __init__(self, path: Path, book: Any, inspection: safety.Inspection) -> None:
        self.path = path
        self._book = book
        self.names: list[str] = list(book.sheet_names)
        self.inspection = inspection
        self.sheets = _Sheets(self)

    def _load(self, name: str) -> list[list[Any]]:
        try:
            return self._book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except BaseException as exc:  # noqa: BLE001 - calamine raises private and panic errors
            if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
                raise
            raise InvalidWorkbookError(str(self.path), [_damaged(exc)]) from None

    def value(self, sheet: str, row: int, col: int) -> Any:
        """Value at 0-based (row, col), ``None`` when empty or outside the used range."""
        head = self.sheets._head.get(sheet)
        if head is not None and sheet not in self.sheets._cache and row < len(head):
            grid = head
        else:
            grid = self.sheets[sheet] if sheet in self.names else []
        if row < len(grid) and col < len(grid[row]):
            v = grid[row][col]
            return None if v == "" else v
        return None

    def errors(self, sheet: str) -> dict[tuple[int, int], str]:
        """Error cells (``#DIV/0!``...) of a sheet by 0-based (row, col), found by the safety scan."""
        ext = self.inspection.sheets.get(sheet)
        return ext.errors if ext is not None else {}


def cell_name(sheet: str, row0: int, col0: int) -> str:
    """``Sheet!C7`` for messages (unquoted, as people read it)."""
    return f"{sheet}!{xl_rowcol_to_cell(row0, col0)}"


def _damaged(exc: BaseException) -> Problem:
    if isinstance(exc, PasswordError):
        return Problem("", M.FILE_ENCRYPTED)
    text = str(exc)
    if "not found" in text.lower():
        detail = M.DAMAGED_PART_MISSING
    elif isinstance(exc, XmlError) or "xml" in text.lower():
        detail = M.DAMAGED_NOT_XML
    elif isinstance(exc, ZipError) or "zip" in text.lower():
        detail = M.DAMAGED_ZIP_BROKEN
    else:
        detail = M.DAMAGED_UNREADABLE
    return Problem("", M.FILE_DAMAGED.format(detail=detail))


def open_workbook(path: str | Path, only: Iterable[str] | None = None) -> RawBook:
    """Inspect ``path`` (safety.inspect) and open it; raises ``InvalidWorkbookError`` when unusable.

    ``only`` limits the extent scan to the named sheets; the others must then not be read.
    """
    path = Path(path)
    inspection = safety.inspect(path, only)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except BaseException as exc:  # noqa: BLE001 - calamine raises private and panic errors
        if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        raise InvalidWorkbookError(str(path), [_damaged(exc)]) from None
    return RawBook(path, book, inspection)


@dataclass
class InputTable:
    """One input table as read: typed values plus the address of every value."""

    spec: TableSpec
    sheet: str
    header_row: int  # 0-based
    cols: dict[str, int]  # field id -> 0-based column
    extra: list[tuple[str, int]]  # (header text, 0-based column) of extra columns
    rows: list[int]  # 0-based sheet row of each data row
    df: pd.DataFrame  # columns: field ids, then extra headers
    bad: set[int] = field(default_factory=set)  # positions of rows whose key cell has a problem

    def cell(self, column: str | int, i: int) -> str:
        """``Sheet!C7`` of data row ``i`` for a field id or an extra column index."""
        col = self.cols[column] if isinstance(column, str) else column
        return cell_name(self.sheet, self.rows[i], col)

    def ref(self, column: str | int, i: int) -> str:
        """The same cell as a formula reference (``LandUse!C7``; quoted when needed)."""
        col = self.cols[column] if isinstance(column, str) else column
        return f"{quote_sheet(self.sheet)}!{xl_rowcol_to_cell(self.rows[i], col)}"

    def col_range(self, column: str | int) -> str:
        """Absolute range of a column over the data rows, for SUMIFS and friends."""
        col = self.cols[column] if isinstance(column, str) else column
        letter = xl_col_to_name(col)
        first = (self.rows[0] if self.rows else self.header_row + 1) + 1
        last = (self.rows[-1] if self.rows else self.header_row + 1) + 1
        return f"{quote_sheet(self.sheet)}!${letter}${first}:${letter}${last}"

    def header_cell(self, column: str | int) -> str:
        col = self.cols[column] if isinstance(column, str) else column
        return cell_name(self.sheet, self.header_row, col)


@dataclass
class Parsed:
    """A workbook read against its template spec."""

    spec: TemplateSpec
    lang: str
    raw: RawBook
    tables: dict[str, InputTable] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    param_cells: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # id -> (sheet, r0, c0)
    problems: list[Problem] = field(default_factory=list)
    # Text read as a number: (sheet, row0, col0, text as typed, number used), for the result.
    conversions: list[tuple[str, int, int, str, float]] = field(default_factory=list)
    # What a kind's ``check`` computed from these tables and its ``write`` uses again (engine inputs,
    # validated frames), so that a fill computes it once.
    derived: dict[str, Any] = field(default_factory=dict)

    def without_bad_rows(self) -> Parsed:
        """A copy whose tables leave out rows whose key has a cell problem, so that a kind's own rules do
        not report follow-on problems about them (a region 'nan', a year 'None')."""
        tables = {}
        for tid, t in self.tables.items():
            keep = [i for i in range(len(t.rows)) if i not in t.bad]
            df = t.df.iloc[keep].reset_index(drop=True)
            tables[tid] = InputTable(t.spec, t.sheet, t.header_row, t.cols, t.extra, [t.rows[i] for i in keep], df)
        return replace(self, tables=tables, derived={})

    def param_ref(self, param_id: str) -> str:
        sheet, r, c = self.param_cells[param_id]
        return f"{quote_sheet(sheet)}!{xl_rowcol_to_cell(r, c, True, True)}"

    def param_location(self, param_id: str) -> str:
        sheet, r, c = self.param_cells[param_id]
        return cell_name(sheet, r, c)

    def add_row_problems(self, row_problems: Iterable[RowProblem]) -> None:
        """Map problems found by a pure method onto cells."""
        for p in row_problems:
            t = self.tables.get(p.table)
            if t is None:
                loc = self.param_location(p.column) if p.column in self.param_cells else ""
            elif p.row is None:
                extra = dict(t.extra)
                if p.column in t.cols:
                    loc = t.header_cell(p.column)
                elif p.column in extra:
                    loc = cell_name(t.sheet, t.header_row, extra[p.column])
                else:
                    loc = t.sheet
            elif p.column is None or p.column not in t.cols:
                extra = dict(t.extra)
                col = extra.get(p.column, 0) if p.column else 0
                loc = cell_name(t.sheet, t.rows[p.row], col)
            else:
                loc = t.cell(p.column, p.row)
            self.problems.append(Problem(loc, p.message.replace_params(lambda v, t=p.table: self._declared(v, t))))

    def _declared(self, value: Any, table: str) -> Any:
        """A method's column or table id (``M.Column``) as the declared field or table, if any."""
        if not isinstance(value, M.Column):
            return value
        tables = sorted(self.spec.tables, key=lambda t: t.id != table)  # the problem's own table first
        for name in (value.id, value.id.removesuffix("_ha")):  # methods name areas in ha: area_ha
            for t in tables:
                if t.id == name:
                    return t
                if any(f.id == name for f in t.fields):
                    return t.field(name)
        return value


@dataclass(frozen=True)
class Marker:
    """What the hidden ``_ecoaccount`` sheet says about a workbook."""

    kind: str | None
    lang: str
    version: str
    result: bool  # a result workbook written by ``fill`` (or a workbook holding its sheets)


def read_marker(raw: RawBook) -> Marker:
    if META_SHEET not in raw.names:
        return Marker(None, "en", "", False)
    meta = {str(raw.value(META_SHEET, r, 0)): raw.value(META_SHEET, r, 1) for r in range(8)}
    lang = str(meta.get("lang") or "en")
    version = meta.get("template_version")
    version = "" if version is None else str(int(version) if isinstance(version, float) else version)
    names = set(raw.names)
    result = "result" in meta or any(
        {shared_sheet("audit", lg), shared_sheet("checks", lg)} <= names for lg in ("en", "zh")
    )
    return Marker(
        str(meta.get("kind")) if meta.get("kind") else None, lang if lang in ("en", "zh") else "en", version, result
    )


def read_kind(raw: RawBook) -> tuple[str | None, str]:
    """(kind, lang) from the hidden marker sheet, or (None, 'en') when it is not ours."""
    m = read_marker(raw)
    return m.kind, m.lang


def newer_version(found: str, supported: str) -> bool:
    """Whether template version ``found`` is newer than ``supported`` (dotted numbers)."""

    def key(v: str) -> tuple:
        return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.\-]", v.strip()) if p)

    try:
        return key(found) > key(supported)
    except ValueError:
        return False


def parse(raw: RawBook, spec: TemplateSpec, lang: str, keep_sheets: bool = True) -> Parsed:
    """Read every table and parameter of ``spec``; every problem goes to ``Parsed.problems``.

    With ``keep_sheets=False`` the grid of a table's sheet is dropped once its columns are cast
    (``check`` needs only the typed columns; ``fill`` copies every cell into the result).
    """
    out = Parsed(spec, lang, raw)
    table_sheets: dict[str, set[int]] = {}
    for table in spec.tables:
        t = _read_table(raw, table, out)
        if t is not None:
            out.tables[table.id] = t
            table_sheets.setdefault(t.sheet, set()).update(t.cols.values(), (c for _, c in t.extra))
            t_first = t.header_row
            _check_text(raw, t.sheet, out.problems, skip_cols=table_sheets[t.sheet], below=t_first)
            if not keep_sheets:
                raw.sheets.release(t.sheet, keep_rows=t.header_row + 1)
    _read_params(raw, spec, out)
    from ecoaccount.workbook.choices import check_header_units

    check_header_units(out)
    for name in raw.names:
        if name not in table_sheets:
            _check_text(raw, name, out.problems)
    out.problems = [replace(p, message=M.resolve_units(p.message, out.params)) for p in out.problems]
    return out


def _check_text(
    raw: RawBook, sheet: str, problems: list[Problem], skip_cols: set[int] = frozenset(), below: int | None = None
) -> None:
    """Cells outside the declared columns are copied into the result as typed: refuse text that no
    cell can hold (too long) there too. Control characters are escaped by the writer (_xHHHH_)."""
    grid = raw.sheets[sheet]
    width = len(grid[0]) if grid else 0
    if below is not None and width <= len(skip_cols) and all(c < width for c in skip_cols):
        rows: Iterable[int] = range(min(below + 1, len(grid)))  # only the title rows above the table
    else:
        rows = range(len(grid))
    for r in rows:
        for c, v in enumerate(grid[r]):
            if type(v) is str and len(v) > MAX_TEXT and not (below is not None and r > below and c in skip_cols):
                problems.append(Problem(cell_name(sheet, r, c), M.TEXT_TOO_LONG.format(length=len(v), limit=MAX_TEXT)))


def find_sheet(raw: RawBook, names: Iterable[str]) -> str | None:
    wanted = {normalise_header(n) for n in names}
    for name in raw.names:
        if normalise_header(name) in wanted:
            return name
    return None


@dataclass
class _Ctx:
    """Where a column is, for messages: sheet, 0-based sheet rows of the data rows, column."""

    sheet: str
    rows: list[int]
    col: int
    out: Parsed
    bad: np.ndarray  # bool per data row: a cell of the row has a problem

    def problem(self, i: int, message: M.Message) -> None:
        self.out.problems.append(Problem(cell_name(self.sheet, self.rows[i], self.col), message))
        self.bad[i] = True


def _header_columns(
    sheet: str, hr: int, header: list[Any], table: TableSpec, problems: list[Problem]
) -> tuple[dict[str, int], list[tuple[str, int]]] | None:
    """Columns of the declared fields and the extra columns; refuses missing and repeated headers."""
    from ecoaccount.workbook.choices import header_keys

    seen: dict[str, int] = {}
    repeated: list[tuple[str, int, int]] = []  # (normalised header, column, column of its first)
    keys_of = [header_keys(h) if h not in (None, "") else [] for h in header]
    for c, keys in enumerate(keys_of):
        if keys:
            if keys[0] in seen:
                repeated.append((keys[0], c, seen[keys[0]]))
            else:
                seen[keys[0]] = c
    cols: dict[str, int] = {}
    ok = True
    for pos, f in enumerate(table.fields):
        aliases = f.header_aliases()
        # a whole header or a header without its unit (面积（亩） → 面积); two columns are refused below
        matching = [c for c, keys in enumerate(keys_of) if set(keys) & aliases]
        found = matching[0] if matching else None
        for c in matching[1:]:  # the same field under another of its labels ("GDP" and "GDP (unit)")
            if c not in {rc for _, rc, _ in repeated}:
                repeated.append((keys_of[c][0], c, found))
        if found is None:
            ok = False
            problems.append(
                Problem(
                    cell_name(sheet, hr, pos),
                    M.MISSING_HEADER.format(
                        header=M.Term(f.header("en"), f.header("zh")),
                        row=hr + 1,
                        expected=M.Either(f.header("en"), f.header("zh")),
                    ),
                )
            )
        else:
            cols[f.id] = found
    if not ok:
        return None
    used = set(cols.values())
    aliases = {a for f in table.fields for a in f.header_aliases()}
    for _key, c, first in sorted(repeated, key=lambda kc: kc[1]):
        if set(keys_of[c]) & aliases or (table.extra_columns is not None and c > min(used)):
            problems.append(
                Problem(
                    cell_name(sheet, hr, c),
                    M.DUPLICATE_HEADER.format(header=str(header[c]).strip(), first=cell_name(sheet, hr, first)),
                )
            )
            ok = False
    if not ok:
        return None
    extra: list[tuple[str, int]] = []
    if table.extra_columns is not None:
        for c, h in enumerate(header):
            if c not in used and h not in (None, "") and c > min(used):
                extra.append((str(h).strip(), c))
    return cols, extra


def _read_table(raw: RawBook, table: TableSpec, out: Parsed) -> InputTable | None:
    problems = out.problems
    sheet = find_sheet(raw, (table.sheet_en, table.sheet_zh))
    if sheet is None:
        problems.append(
            Problem(
                table.sheet_en,
                M.MISSING_SHEET.format(sheet=table, expected=M.Either(table.sheet_en, table.sheet_zh)),
            )
        )
        return None
    hr = table.header_row - 1
    grid = raw.sheets[sheet]
    header = grid[hr] if hr < len(grid) else []
    found = _header_columns(sheet, hr, header, table, problems)
    if found is None:
        return None
    cols, extra = found
    all_cols = [cols[f.id] for f in table.fields] + [c for _, c in extra]
    body = grid[hr + 1 :]
    width = len(header)
    # calamine's grids are rectangular: one object array, then whole-column operations.
    arr = np.empty((len(body), width), dtype=object)
    if body:
        arr[:] = body
    nonempty = np.zeros(len(body), dtype=bool)
    for c in all_cols:
        nonempty |= arr[:, c] != ""
    for (r0, c0), err in raw.errors(sheet).items():  # error cells read as "" by calamine
        if r0 > hr and c0 in all_cols:
            arr[r0 - hr - 1, c0] = CellError(err)
            nonempty[r0 - hr - 1] = True
    positions = np.flatnonzero(nonempty)
    rows = (positions + hr + 1).tolist()
    if len(positions) < len(arr):  # no copy when every row holds data
        arr = arr[positions]
    # Rows whose key could not be read are left out of a kind's own rules (no "region nan").
    bad_key = np.zeros(len(rows), dtype=bool)
    other = np.zeros(len(rows), dtype=bool)
    data: dict[str, Any] = {}
    for f in table.fields:
        c = cols[f.id]
        key = f.id in table.key
        # Twins are looked for in the first key (region, mine, parcel): within it no two names may
        # be one name to SUMIFS; later keys (a patch within a mine) are the kind's to check.
        first_key = bool(table.key) and f.id == table.key[0]
        ctx = _Ctx(sheet, rows, c, out, bad_key if key else other)
        data[f.id] = _cast_column(arr[:, c], f, ctx, twins=first_key)
    xf = table.extra_columns
    for h, c in extra:
        data[h] = _cast_column(arr[:, c], xf, _Ctx(sheet, rows, c, out, other), label=h)
    del arr
    df = pd.DataFrame(data, index=range(len(rows)))
    if not rows and table.min_rows:
        problems.append(Problem(cell_name(sheet, hr + 1, 0), M.EMPTY_TABLE.format(table=table)))
    if table.key and rows:
        _duplicate_keys(df, table, sheet, rows, cols, problems)
    return InputTable(table, sheet, hr, cols, extra, rows, df, set(np.flatnonzero(bad_key).tolist()))


def _duplicate_keys(
    df: pd.DataFrame, table: TableSpec, sheet: str, rows: list[int], cols: dict[str, int], problems: list[Problem]
) -> None:
    if len(set(zip(*(df[k].tolist() for k in table.key), strict=True))) == len(df):
        return  # every key distinct (NaN is never equal to itself): the usual case, told without pandas
    keys = df[list(table.key)]
    keys = keys[keys.notna().all(axis=1)]
    dup = keys.duplicated(keep=False)
    if not dup.any():
        return
    first: dict[tuple, int] = {}
    for i, key in zip(keys.index[dup], keys[dup].itertuples(index=False, name=None), strict=True):
        key = tuple(k.item() if hasattr(k, "item") else k for k in key)
        if key in first:
            problems.append(
                Problem(
                    cell_name(sheet, rows[i], cols[table.key[0]]),
                    M.DUPLICATE_ROW.format(
                        key=" / ".join(str(k) for k in key),
                        first=cell_name(sheet, rows[first[key]], cols[table.key[0]]),
                    ),
                )
            )
        else:
            first[key] = i


def _cast_column(values: np.ndarray, f: Field, ctx: _Ctx, label: str | None = None, twins: bool = False) -> Any:
    """Cast a column as a whole: numbers by NumPy, text once per distinct value; a cell address is
    built only for a cell with a problem."""
    n = len(values)
    if f.kind in ("number", "integer"):
        if n and pd.api.types.infer_dtype(values, skipna=False) == "floating":
            x = values.astype(float)
            slow = ~_number_ok(x, f)
        else:
            x = np.full(n, np.nan)
            is_float = np.fromiter((type(v) is float for v in values), dtype=bool, count=n)
            x[is_float] = values[is_float].astype(float)
            slow = ~is_float | ~_number_ok(x, f)
            if not f.required:  # an empty optional cell is NaN, with nothing to report
                slow &= values != ""
        for i in np.flatnonzero(slow).tolist():
            v = _cast(values[i], f, ctx, i, label)
            x[i] = np.nan if v is None else v
        if f.kind == "integer" and not np.isnan(x).any():
            return x.astype(np.int64)
        return x
    if f.kind == "text" or (f.kind == "choice" and f.choices and len(f.choices) == 1 and f.choices[0] in LIST_REFS):
        fast = _plain_text(values)
        if fast is not None:
            if twins and not _cannot_twin(fast):
                codes, uniques = pd.factorize(np.asarray(fast, dtype=object), use_na_sentinel=False)
                _twins(list(uniques), codes, f, ctx, label or f)
            return fast
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    cast = []
    for u, value in enumerate(uniques.tolist() if hasattr(uniques, "tolist") else list(uniques)):
        found: list[M.Message] = []
        probe = _Probe(found)
        v = _cast(value, f, probe, 0, label)
        if found:
            for i in np.flatnonzero(codes == u).tolist():
                for message in found:
                    ctx.problem(i, message)
        cast.append(v)
    if twins and n:
        _twins(cast, codes, f, ctx, label or f)
    return np.asarray(cast, dtype=object)[codes].tolist() if n else []


def _plain_text(values: np.ndarray) -> list[str] | None:
    """Text of a column of clean cells cast as a whole: all text, or all whole numbers (ids typed
    as numbers); None when any cell needs a closer look (empty, control character, too long...)."""
    kind = pd.api.types.infer_dtype(values, skipna=False)
    if kind == "string":
        n = len(values)
        if n > _SAMPLE and len(set(values[:_SAMPLE].tolist())) * 10 <= _SAMPLE:
            # Few distinct values (a class, a unit, a region): each is looked at once.
            codes, uniques = pd.factorize(values)
            texts = _clean_texts(uniques.tolist())
            return None if texts is None else np.asarray(texts, dtype=object)[codes].tolist()
        return _clean_texts(values.tolist())
    if kind in ("floating", "integer"):
        x = values.astype(float)
        if not np.isfinite(x).all() or not (x == np.floor(x)).all() or np.abs(x).max() >= 2**53:
            return None
        return list(map(str, x.astype(np.int64).tolist()))
    return None


_SAMPLE = 1000  # rows looked at to guess whether a text column has few distinct values


def _clean_texts(texts: list[str]) -> list[str] | None:
    """``texts`` without edge spaces, or None when one is empty, too long, holds a control
    character or an error text. Each test is one pass in compiled code over all the texts."""
    if not all(texts):
        return None  # an empty cell: required or not, it takes the slow path
    plain = "".join(texts)
    if not plain.isprintable() and CONTROL.search(plain):  # every CONTROL character is unprintable
        return None
    if max(map(len, texts)) > MAX_TEXT or (("#" in plain or "Err:" in plain) and safety.ERROR_TEXT.search(plain)):
        return None
    stripped = list(map(str.strip, texts))
    if stripped != texts:  # str.strip returns the text itself when there is nothing to strip
        if not all(stripped):
            return None
        return stripped
    return texts


def _cannot_twin(texts: list[str]) -> bool:
    """No two of these can differ only in case or width: all lower-case ASCII (digits included)."""
    joined = "".join(texts)
    return joined.isascii() and joined == joined.lower()


def _twins(cast: list[Any], codes: np.ndarray, f: Field, ctx: _Ctx, name: Any) -> None:
    """Names that differ only in case or character width ('Hegang'/'HEGANG'/'Ｈｅｇａｎｇ'): SUMIFS and
    MATCH in the result treat them as one, the engine as two, so they are refused."""
    groups: dict[str, list[int]] = {}
    for u, v in enumerate(cast):
        if isinstance(v, str):
            groups.setdefault(unicodedata.normalize("NFKC", v).casefold(), []).append(u)
    for members in groups.values():
        if len(members) < 2:
            continue
        firsts = sorted((int(np.argmax(codes == u)), u) for u in members)
        i0, u0 = firsts[0]
        for i, u in firsts[1:]:  # the row stays: the kind's own rules may say more about it
            message = M.NAME_TWIN.format(
                field=name, value=cast[u], other=cast[u0], first=cell_name(ctx.sheet, ctx.rows[i0], ctx.col)
            )
            ctx.out.problems.append(Problem(cell_name(ctx.sheet, ctx.rows[i], ctx.col), message))


class _Probe:
    """Collects the messages of one distinct value; they are placed on each of its cells later."""

    def __init__(self, found: list[M.Message]) -> None:
        self.found = found
        self.out = None

    def problem(self, i: int, message: M.Message) -> None:
        self.found.append(message)


def _number_ok(x: np.ndarray, f: Field) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        ok = (x >= -MAX_MAGNITUDE) & (x <= MAX_MAGNITUDE)
        if f.min is not None:
            ok &= x >= f.min
        if f.max is not None:
            ok &= x <= f.max
        if f.kind == "integer":
            ok &= x == np.floor(x)
    return ok


def _cast(value: Any, f: Field, ctx: Any, i: int, label: str | None = None) -> Any:
    """Cast one cell as the field declares; report a problem through ``ctx`` and return None when
    it can't."""
    name = label or f
    if isinstance(value, CellError) or (isinstance(value, str) and safety.ERROR_TEXT.fullmatch(value.strip())):
        ctx.problem(i, M.ERROR_CELL.format(error=str(value).strip()))
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        if f.required:
            ctx.problem(i, M.REQUIRED.format(field=name))
        return None
    if f.kind in ("text", "choice"):
        return _cast_text(value, f, ctx, i, name)
    if isinstance(value, (_dt.time, _dt.timedelta)) and f.kind == "integer":
        ctx.problem(i, M.DATE_NOT_YEAR.format(value=str(value)))
        return None
    if isinstance(value, _dt.date) and f.kind == "number":
        timed = isinstance(value, _dt.datetime) and value.time() != _dt.time()
        shown = str(value) if timed else value.isoformat()[:10]
        ctx.problem(i, M.DATE_NOT_NUMBER.format(value=shown, unit=M.Unit(f.unit, f.unit_zh)))
        return None
    number = _number(value)
    if number is _AMBIGUOUS:
        ctx.problem(i, M.AMBIGUOUS_NUMBER.format(value=value))
        return None
    if number is None:
        ctx.problem(i, _not_a_number(value, f, name))
        return None
    if not -MAX_MAGNITUDE <= number <= MAX_MAGNITUDE:
        ctx.problem(i, M.TOO_LARGE.format(field=name, value=value, bound=f"{MAX_MAGNITUDE:g}"))
        return None
    if f.kind == "integer":
        if not float(number).is_integer():
            ctx.problem(i, M.NOT_AN_INTEGER.format(value=value))
            return None
        number = int(number)
    if f.min is not None and number < f.min:
        template = M.NEGATIVE if f.min == 0 else M.BELOW_MIN
        ctx.problem(i, template.format(field=name, value=_show(number), bound=_show(f.min)))
        return None
    if f.max is not None and number > f.max:
        ctx.problem(i, M.ABOVE_MAX.format(field=name, value=_show(number), bound=_show(f.max)))
        return None
    if isinstance(value, str) and isinstance(ctx, _Ctx):
        ctx.out.conversions.append((ctx.sheet, ctx.rows[i], ctx.col, value, float(number)))
    return number


def _cast_text(value: Any, f: Field, ctx: Any, i: int, name: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        ctx.problem(i, M.TEXT_TOO_LONG.format(length=len(text), limit=MAX_TEXT))
        return None
    bad = CONTROL.search(text)
    if bad is not None:
        ctx.problem(i, M.CONTROL_CHARACTER.format(value=CONTROL.sub("?", text)[:60], char=f"U+{ord(bad.group()):04X}"))
        return None
    if f.kind == "choice" and f.choices and len(f.choices) == 1 and f.choices[0].endswith("_unit"):
        # Unit lists (area_unit, money_unit, mass_unit) are checked here for every kind.
        # Any spelling (亩, mu, 万元, 10^4 yuan ...) becomes the canonical code.
        code = unit_code(f.choices[0][: -len("_unit")], text)
        if code is None:
            known = codes(f.choices[0][: -len("_unit")])
            ctx.problem(i, M.UNKNOWN_UNIT.format(value=text, expected=tuple(map(M.choice, known))))
        return code
    # A one-name choice refers to a list (dropdown source); the kind checks those values.
    if f.kind == "choice" and f.choices and not (len(f.choices) == 1 and is_list_ref(f.choices[0])):
        allowed = f.choice_map()  # either language: 是 / yes
        if text.casefold() not in allowed:
            ctx.problem(i, M.NOT_IN_CHOICES.format(field=name, value=text, expected=_choice_terms(f)))
            return None
        text = allowed[text.casefold()]
    return text


def is_list_ref(choice: str) -> bool:
    """``("subtype",)`` or ``("area_unit",)`` name a list; real choices are plain values."""
    return choice.endswith("_unit") or choice in LIST_REFS


LIST_REFS: set[str] = {"subtype", "landuse_class", "gep_land_type", "gep_coefficient_set"}


MAX_MAGNITUDE = 1e15  # beyond this no input is plausible, and products could overflow

_AMBIGUOUS = object()
_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _number(value: Any) -> Any:
    """A number from a cell: numbers as they are; text as typed, full-width digits included, with
    thousands separators only in groups of three ('310,124.3'); any other comma ('1,5') is
    ambiguous (``_AMBIGUOUS``)."""
    if isinstance(value, bool) or isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value == value else None
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    if _PLAIN.fullmatch(text):
        return float(text)
    if _GROUPED.fullmatch(text):
        return float(text.replace(",", ""))
    if "," in text and re.fullmatch(r"[+-]?[\d.,]+", text):
        return _AMBIGUOUS
    return None


def _choice_terms(f: Field) -> tuple[M.Term, ...]:
    """The choices of a field for a message: the codes in English, the Chinese names in Chinese."""
    zh = f.choice_zh or ()
    return tuple(M.Term(c, zh[i]) if i < len(zh) and zh[i] else M.choice(c) for i, c in enumerate(f.choices or ()))


def _not_a_number(value: Any, f: Field, name: Any) -> M.Message:
    """The message for a value that is not a number: a year field gets its own."""
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        if f.kind == "integer" and isinstance(value, _dt.date):  # a date typed where a year belongs
            return M.YEAR_AS_DATE.format(field=name, value=value.isoformat()[:10], year=value.year)
        value = str(value)  # as the cell shows it, not as a Python repr
    if f.kind == "integer":
        year = M.year_in(value)
        if year is not None:
            return M.YEAR_AS_TEXT.format(field=name, value=str(value), year=year)
        return M.NOT_A_YEAR.format(field=name, value=value)
    if f.unit in ("", "–"):
        return M.NOT_A_PLAIN_NUMBER.format(value=value)
    return M.NOT_A_NUMBER.format(value=value, unit=M.Unit(f.unit, f.unit_zh))


def _show(x: float) -> str:
    return f"{x:g}"


class _ParamCtx:
    def __init__(self, out: Parsed, sheet: str, r: int) -> None:
        self.out, self.sheet, self.r = out, sheet, r
        self.rows, self.col = [r], 2

    def problem(self, i: int, message: M.Message) -> None:
        self.out.problems.append(Problem(cell_name(self.sheet, self.r, 2), message))


def _read_params(raw: RawBook, spec: TemplateSpec, out: Parsed) -> None:
    sheet = find_sheet(raw, (spec.params_sheet_en, spec.params_sheet_zh))
    if sheet is None:
        out.problems.append(
            Problem(
                spec.params_sheet_en,
                M.MISSING_SHEET.format(
                    sheet=M.Term(spec.params_sheet_en, spec.params_sheet_zh),
                    expected=M.Either(spec.params_sheet_en, spec.params_sheet_zh),
                ),
            )
        )
        return
    hr = spec.params_header_row - 1
    id_field, value_field = PARAM_FIELDS[0], PARAM_FIELDS[2]
    for c, f in ((0, id_field), (2, value_field)):
        if normalise_header(raw.value(sheet, hr, c)) not in f.header_aliases():
            out.problems.append(
                Problem(
                    cell_name(sheet, hr, c),
                    M.MISSING_HEADER.format(header=f, row=hr + 1, expected=M.Either(f.en, f.zh)),
                )
            )
            return
    errors = raw.errors(sheet)
    by_id = {}
    for r in range(hr + 1, len(raw.sheets[sheet])):
        v = raw.value(sheet, r, 0)
        if v is not None:
            by_id.setdefault(str(v).strip(), r)
    for p in spec.params:
        r = by_id.get(p.id)
        if r is None:
            out.problems.append(Problem(cell_name(sheet, hr + 1, 0), M.MISSING_PARAM.format(param=p.id)))
            continue
        out.param_cells[p.id] = (sheet, r, 2)
        value = CellError(errors[(r, 2)]) if (r, 2) in errors else raw.value(sheet, r, 2)
        ctx = _ParamCtx(out, sheet, r)
        out.params[p.id] = _cast(value, _param_field(p), ctx, 0)
        if isinstance(value, str) and isinstance(out.params[p.id], (int, float)) and p.kind in ("number", "integer"):
            out.conversions.append((sheet, r, 2, value, out.params[p.id]))


def _param_field(p: Param) -> Field:
    return Field(p.id, p.en, p.zh, p.kind, p.unit, p.required, p.min, p.max, p.choices)
