"""Read any submitted workbook through one reader: safe opening, header matching, typed columns.

Every problem is collected (never raised on the first), each located at ``Sheet!C7``. The
reader keeps the address of every value it reads, so result formulas can refer to the same cell
in the result workbook, which carries the input sheets unchanged.
"""

from __future__ import annotations

import datetime as _dt
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd
from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ecoaccount import messages as M
from ecoaccount.errors import InvalidWorkbookError
from ecoaccount.problems import Problem, RowProblem
from ecoaccount.spec import PARAM_FIELDS, Field, Param, TableSpec, TemplateSpec, normalise_header
from ecoaccount.units import codes, unit_code
from ecoaccount.workbook.template import META_SHEET, quote_sheet

SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods")
MAX_UNCOMPRESSED = 512 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 200  # uncompressed / compressed, per member


@dataclass
class RawBook:
    """Every sheet's cell values as a grid from A1 (rows of lists), in workbook order."""

    path: Path
    sheets: dict[str, list[list[Any]]]

    def value(self, sheet: str, row: int, col: int) -> Any:
        """Value at 0-based (row, col), ``None`` when empty or outside the used range."""
        grid = self.sheets.get(sheet, [])
        if row < len(grid) and col < len(grid[row]):
            v = grid[row][col]
            return None if v == "" else v
        return None


def cell_name(sheet: str, row0: int, col0: int) -> str:
    """``Sheet!C7`` for messages (unquoted, as people read it)."""
    return f"{sheet}!{xl_rowcol_to_cell(row0, col0)}"


def check_archive(path: Path) -> list[Problem]:
    """Refuse zip bombs before any parser touches the file."""
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".xlsb", ".ods"):
        return []
    try:
        with zipfile.ZipFile(path) as zf:
            total = 0
            for info in zf.infolist():
                total += info.file_size
                if (
                    info.compress_size
                    and info.file_size / info.compress_size > MAX_RATIO
                    and info.file_size > 10 * 1024 * 1024
                ):
                    return [
                        Problem(
                            "",
                            M.UNSAFE_ARCHIVE.format(
                                detail=M.ARCHIVE_RATIO.format(
                                    member=info.filename, ratio=info.file_size // info.compress_size, limit=MAX_RATIO
                                )
                            ),
                        )
                    ]
            if total > MAX_UNCOMPRESSED:
                return [
                    Problem(
                        "",
                        M.UNSAFE_ARCHIVE.format(
                            detail=M.ARCHIVE_SIZE.format(size=total / 2**20, limit=MAX_UNCOMPRESSED // 2**20)
                        ),
                    )
                ]
    except zipfile.BadZipFile as exc:
        return [Problem("", M.NOT_A_WORKBOOK.format(detail=M.NOT_A_ZIP.format(detail=str(exc))))]
    return []


def open_workbook(path: str | Path) -> RawBook:
    """Read every sheet's values; raises ``InvalidWorkbookError`` when the file is unusable."""
    path = Path(path)
    if not path.is_file():
        raise InvalidWorkbookError(str(path), [Problem("", M.NOT_A_WORKBOOK.format(detail=M.NO_SUCH_FILE))])
    if path.suffix.lower() not in SUFFIXES:
        raise InvalidWorkbookError(
            str(path),
            [
                Problem(
                    "",
                    M.NOT_A_WORKBOOK.format(
                        detail=M.BAD_SUFFIX.format(suffix=path.suffix) if path.suffix else M.NO_SUFFIX
                    ),
                )
            ],
        )
    problems = check_archive(path)
    if problems:
        raise InvalidWorkbookError(str(path), problems)
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = {}
        for name in book.sheet_names:
            sheets[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        book.close()
    except Exception as exc:  # calamine raises several private error types for corrupt files
        raise InvalidWorkbookError(
            str(path),
            [
                Problem(
                    "", M.NOT_A_WORKBOOK.format(detail=M.READ_ERROR.format(error=type(exc).__name__, detail=str(exc)))
                )
            ],
        ) from None
    return RawBook(path, sheets)


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


def read_kind(raw: RawBook) -> tuple[str | None, str]:
    """(kind, lang) from the hidden marker sheet, or (None, 'en') when it is not ours."""
    if META_SHEET not in raw.sheets:
        return None, "en"
    meta = {str(raw.value(META_SHEET, r, 0)): raw.value(META_SHEET, r, 1) for r in range(6)}
    return (str(meta.get("kind")) if meta.get("kind") else None), str(meta.get("lang") or "en")


def parse(raw: RawBook, spec: TemplateSpec, lang: str) -> Parsed:
    """Read every table and parameter of ``spec``; every problem goes to ``Parsed.problems``."""
    out = Parsed(spec, lang, raw)
    for table in spec.tables:
        t = _read_table(raw, table, out.problems)
        if t is not None:
            out.tables[table.id] = t
    _read_params(raw, spec, out)
    from ecoaccount.workbook.choices import check_header_units

    check_header_units(out)
    out.problems = [replace(p, message=M.resolve_units(p.message, out.params)) for p in out.problems]
    return out


def find_sheet(raw: RawBook, names: Iterable[str]) -> str | None:
    wanted = {normalise_header(n) for n in names}
    for name in raw.sheets:
        if normalise_header(name) in wanted:
            return name
    return None


def _read_table(raw: RawBook, table: TableSpec, problems: list[Problem]) -> InputTable | None:
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
    seen: dict[str, int] = {}
    from ecoaccount.workbook.choices import header_keys

    for n in (0, 1):  # whole headers first, then headers without their unit (面积（亩） → 面积)
        for c, h in enumerate(header):
            if h not in (None, "") and len(keys := header_keys(h)) > n:
                seen.setdefault(keys[n], c)
    cols: dict[str, int] = {}
    ok = True
    for pos, f in enumerate(table.fields):
        found = next((seen[a] for a in f.header_aliases() if a in seen), None)
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
    extra: list[tuple[str, int]] = []
    if table.extra_columns is not None:
        for c, h in enumerate(header):
            if c not in used and h not in (None, "") and c > min(used):
                extra.append((str(h).strip(), c))
    all_cols = [cols[f.id] for f in table.fields] + [c for _, c in extra]
    width = max(all_cols) + 1
    # Rows padded to the table's width once, so the loops below index plainly.
    body = [(r, (grid[r] + [""] * (width - len(grid[r])))[:width]) for r in range(hr + 1, len(grid))]
    body = [(r, row) for r, row in body if any(row[c] not in ("", None) for c in all_cols)]
    rows = [r for r, _ in body]
    data: dict[str, list[Any]] = {}
    for f in table.fields:
        c = cols[f.id]
        data[f.id] = _cast_column([row[c] for _, row in body], f, sheet, rows, c, problems)
    xf = table.extra_columns
    for h, c in extra:
        data[h] = _cast_column([row[c] for _, row in body], xf, sheet, rows, c, problems, label=h)
    df = pd.DataFrame(data, index=range(len(rows)))
    if not rows and table.min_rows:
        problems.append(Problem(cell_name(sheet, hr + 1, 0), M.EMPTY_TABLE.format(table=table)))
    if table.key and rows:
        first: dict[tuple, int] = {}
        for i in range(len(rows)):
            key = tuple(data[k][i] for k in table.key)  # the cast values, as in df
            if any(v is None for v in key):
                continue
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
    return InputTable(table, sheet, hr, cols, extra, rows, df)


def _cast_column(
    values: list[Any],
    f: Field,
    sheet: str,
    rows: list[int],
    col: int,
    problems: list[Problem],
    label: str | None = None,
) -> list[Any]:
    """Cast a column; clean numbers and text take a fast path, the rest goes through ``_cast``."""
    out: list[Any] = []
    kind, lo, hi = f.kind, f.min, f.max
    for r, v in zip(rows, values, strict=True):
        t = type(v)
        if (
            t is float
            and kind in ("number", "integer")
            and -MAX_MAGNITUDE <= v <= MAX_MAGNITUDE
            and (lo is None or v >= lo)
            and (hi is None or v <= hi)
            and (kind == "number" or v.is_integer())
        ):
            out.append(v if kind == "number" else int(v))
        elif t is str and kind == "text" and v.strip():
            out.append(v.strip())
        else:
            out.append(_cast(None if v == "" else v, f, (sheet, r, col), problems, label))
    return out


def _cast(
    value: Any, f: Field, where: str | tuple[str, int, int], problems: list[Problem], label: str | None = None
) -> Any:
    """Cast one cell as the field declares; append a problem and return None when it can't.

    ``where`` is ``Sheet!C7`` or (sheet, row, col), turned into text only when needed.
    """
    if isinstance(where, tuple):
        where = cell_name(*where)
    name = label or f
    if value is None or (isinstance(value, str) and not value.strip()):
        if f.required:
            problems.append(Problem(where, M.REQUIRED.format(field=name)))
        return None
    if f.kind in ("text", "choice"):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if f.kind == "choice" and f.choices and len(f.choices) == 1 and f.choices[0].endswith("_unit"):
            # Unit lists (area_unit, money_unit, mass_unit) are checked here for every kind.
            # Any spelling (亩, mu, 万元, 10^4 yuan ...) becomes the canonical code.
            code = unit_code(f.choices[0][: -len("_unit")], text)
            if code is None:
                known = codes(f.choices[0][: -len("_unit")])
                problems.append(Problem(where, M.UNKNOWN_UNIT.format(value=text, expected=tuple(map(M.choice, known)))))
            return code
        # A one-name choice refers to a list (dropdown source); the kind checks those values.
        if f.kind == "choice" and f.choices and not (len(f.choices) == 1 and is_list_ref(f.choices[0])):
            allowed = f.choice_map()  # either language: 是 / yes
            if text.casefold() not in allowed:
                problems.append(
                    Problem(where, M.NOT_IN_CHOICES.format(field=name, value=text, expected=_choice_terms(f)))
                )
                return None
            text = allowed[text.casefold()]
        return text
    number = _number(value)
    if number is None:
        problems.append(Problem(where, _not_a_number(value, f, name)))
        return None
    if not -MAX_MAGNITUDE <= number <= MAX_MAGNITUDE:
        problems.append(Problem(where, M.TOO_LARGE.format(field=name, value=value, bound=f"{MAX_MAGNITUDE:g}")))
        return None
    if f.kind == "integer":
        if not float(number).is_integer():
            problems.append(Problem(where, M.NOT_AN_INTEGER.format(value=value)))
            return None
        number = int(number)
    if f.min is not None and number < f.min:
        template = M.NEGATIVE if f.min == 0 else M.BELOW_MIN
        problems.append(Problem(where, template.format(field=name, value=_show(number), bound=_show(f.min))))
        return None
    if f.max is not None and number > f.max:
        problems.append(Problem(where, M.ABOVE_MAX.format(field=name, value=_show(number), bound=_show(f.max))))
        return None
    return number


def is_list_ref(choice: str) -> bool:
    """``("subtype",)`` or ``("area_unit",)`` name a list; real choices are plain values."""
    return choice.endswith("_unit") or choice in LIST_REFS


LIST_REFS: set[str] = {"subtype", "landuse_class", "gep_land_type", "gep_coefficient_set"}


MAX_MAGNITUDE = 1e15  # beyond this no input is plausible, and products could overflow


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value == value else None
    try:
        number = float(str(value).strip().replace(",", "").replace("，", ""))
    except ValueError:
        return None
    return number if number == number else None  # "NaN" typed as text is not a number


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
        out.params[p.id] = _cast(raw.value(sheet, r, 2), _param_field(p), cell_name(sheet, r, 2), out.problems)


def _param_field(p: Param) -> Field:
    return Field(p.id, p.en, p.zh, p.kind, p.unit, p.required, p.min, p.max, p.choices)
