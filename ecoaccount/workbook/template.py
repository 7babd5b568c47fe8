"""Build a template workbook from its ``TemplateSpec``, optionally with data filled in.

Every template has: an instructions sheet, one sheet per input table (an Excel Table with a
stable name, headers in zh or en), a parameters sheet (id, label, value, unit, source) whose value
cells are the inputs, a Lists sheet (units and dropdown sources) and a hidden ``_ecoaccount``
sheet that marks the workbook as ours (kind, version, language).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from ecoaccount import __version__
from ecoaccount.spec import PARAM_FIELDS, Field, TableSpec, TemplateSpec
from ecoaccount.units import unit_rows
from ecoaccount.workbook.styles import Formats

META_SHEET = "_ecoaccount"
LISTS_SHEET = "Lists"
UNITS_TABLE = "tblUnits"
FIXED_DATE = _dt.datetime(2026, 1, 1)  # fixed so that generated templates are byte-identical


def list_name(list_id: str) -> str:
    """Defined name of a dropdown source on the Lists sheet."""
    return f"list_{list_id}"


def build_workbook(
    spec: TemplateSpec,
    path: str | Path,
    lang: str = "en",
    data: Mapping[str, Sequence[Sequence[Any]]] | None = None,
    extra_headers: Mapping[str, Sequence[str]] | None = None,
    params: Mapping[str, Any] | None = None,
    notes: Sequence[tuple[str, str]] = (),
) -> None:
    """Write ``spec`` as a template to ``path``.

    ``data[table_id]`` gives rows (declared fields then extra columns); ``extra_headers`` the
    headers of a table's extra columns; ``params`` overrides parameter defaults; ``notes`` adds
    a Notes sheet of (topic, text) rows, used by the bundled examples.
    """
    data = data or {}
    params = dict(params or {})
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    wb.set_properties({"created": FIXED_DATE, "title": spec.title(lang), "author": "ecoaccount"})
    fmt = Formats(wb)
    _instructions(wb, fmt, spec, lang)
    for table in spec.tables:
        headers = list((extra_headers or {}).get(table.id, ()))
        write_table_sheet(wb, fmt, spec, table, lang, data.get(table.id, ()), headers)
    write_params_sheet(wb, fmt, spec, lang, params)
    _lists(wb, fmt, spec, lang)
    if notes:
        write_notes_sheet(wb, fmt, notes, lang)
    write_meta_sheet(wb, spec, lang)
    wb.close()


def write_table_sheet(
    wb: Any,
    fmt: Formats,
    spec: TemplateSpec,
    table: TableSpec,
    lang: str,
    rows: Sequence[Sequence[Any]] = (),
    extra_headers: Sequence[str] = (),
) -> Any:
    ws = wb.add_worksheet(table.sheet(lang))
    ws.write_string(0, 0, table.sheet(lang), fmt.title)
    ws.write_string(1, 0, table.about(lang), fmt.note)
    hr = table.header_row - 1
    fields: list[Field | None] = list(table.fields) + [table.extra_columns] * len(extra_headers)
    headers = [f.header(lang) for f in table.fields] + list(extra_headers)
    n = max(len(rows), table.blank_rows)
    last_row = hr + n
    ws.add_table(
        hr,
        0,
        last_row,
        len(headers) - 1,
        {
            "name": table.table_name,
            "columns": [{"header": h} for h in headers],
            "style": "Table Style Light 9",
            "autofilter": True,
        },
    )
    for c, (f, h) in enumerate(zip(fields, headers, strict=True)):
        ws.set_column(c, c, max(f.width if f else 12, min(len(h) * 1.2, 40)))
        ws.write_string(hr, c, h, fmt.header)
        cell_fmt = (
            fmt.input
            if f is not None and f.kind in ("text", "choice")
            else fmt.input_integer
            if f is not None and f.kind == "integer"
            else fmt.input_number
        )
        for r in range(n):
            value = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
            write_value(ws, hr + 1 + r, c, value, cell_fmt)
        if f is not None:
            _validation(ws, spec, f, hr + 1, c, last_row, lang)
    ws.freeze_panes(hr + 1, 0)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    return ws


def write_value(ws: Any, row: int, col: int, value: Any, cell_fmt: Any = None) -> None:
    """Write a typed value: strings always as text, never as formulas."""
    if value is None or (isinstance(value, float) and value != value):
        ws.write_blank(row, col, None, cell_fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, cell_fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, cell_fmt)
    else:
        ws.write_string(row, col, str(value), cell_fmt)


def _validation(ws: Any, spec: TemplateSpec, f: Field, first: int, col: int, last: int, lang: str) -> None:
    title = f.label(lang)[:32]
    if f.kind == "choice" and f.choices:
        if len(f.choices) == 1 and f.choices[0] in spec.lists:
            source = "=" + list_name(f.choices[0])
        else:
            source = list(f.choices)
        ws.data_validation(
            first,
            col,
            last,
            col,
            {
                "validate": "list",
                "source": source,
                "error_type": "warning",
                "error_title": title,
                "error_message": "Choose a value from the list / 请从列表中选择",
            },
        )
    elif f.kind in ("number", "integer"):
        lo = f.min if f.min is not None else -1e307
        hi = f.max if f.max is not None else 1e307
        ws.data_validation(
            first,
            col,
            last,
            col,
            {
                "validate": "decimal" if f.kind == "number" else "integer",
                "criteria": "between",
                "minimum": lo,
                "maximum": hi,
                "error_type": "warning",
                "error_title": title,
                "error_message": f"Expected a number in [{f.min if f.min is not None else '-∞'}, "
                f"{f.max if f.max is not None else '∞'}] {f.unit}",
            },
        )


def write_params_sheet(wb: Any, fmt: Formats, spec: TemplateSpec, lang: str, overrides: Mapping[str, Any]) -> Any:
    ws = wb.add_worksheet(spec.params_sheet(lang))
    ws.write_string(0, 0, spec.params_sheet(lang), fmt.title)
    ws.write_string(
        1,
        0,
        "Yellow cells are inputs; every value has its unit and source. Empty = must be supplied."
        if lang == "en"
        else "黄色单元格为输入；每个参数均注明单位和来源。空白表示必须由用户填写。",
        fmt.note,
    )
    hr = spec.params_header_row - 1
    headers = [f.label(lang) for f in PARAM_FIELDS]
    ws.add_table(
        hr,
        0,
        hr + len(spec.params),
        len(headers) - 1,
        {
            "name": f"tbl{spec.name_prefix.title()}Parameters",
            "columns": [{"header": h} for h in headers],
            "style": "Table Style Light 9",
            "autofilter": False,
        },
    )
    for c, f in enumerate(PARAM_FIELDS):
        ws.set_column(c, c, f.width)
        ws.write_string(hr, c, headers[c], fmt.header)
    for i, p in enumerate(spec.params):
        r = hr + 1 + i
        ws.write_string(r, 0, p.id)
        ws.write_string(r, 1, p.label(lang))
        value = overrides.get(p.id, p.default)
        write_value(ws, r, 2, value, fmt.input if p.kind in ("text", "choice") else fmt.input_number)
        ws.write_string(r, 3, p.unit)
        ws.write_string(r, 4, p.source)
        if p.kind == "choice" and p.choices:
            src: Any = ("=" + list_name(p.choices[0])) if p.choices[0] in spec.lists else list(p.choices)
            ws.data_validation(r, 2, r, 2, {"validate": "list", "source": src, "error_type": "warning"})
        elif p.kind == "number":
            ws.data_validation(
                r,
                2,
                r,
                2,
                {
                    "validate": "decimal",
                    "criteria": "between",
                    "minimum": p.min if p.min is not None else -1e307,
                    "maximum": p.max if p.max is not None else 1e307,
                    "error_type": "warning",
                },
            )
    ws.freeze_panes(hr + 1, 0)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    return ws


def _lists(wb: Any, fmt: Formats, spec: TemplateSpec, lang: str) -> None:
    ws = wb.add_worksheet(LISTS_SHEET)
    ws.write_string(
        0, 0, "Units and dropdown lists (reference data)" if lang == "en" else "单位与下拉列表（参考数据）", fmt.title
    )
    rows = unit_rows()
    ws.add_table(
        2,
        0,
        2 + len(rows),
        4,
        {
            "name": UNITS_TABLE,
            "style": "Table Style Light 1",
            "autofilter": False,
            "columns": [{"header": h} for h in ("quantity", "code", "unit", "单位", "factor")],
        },
    )
    for i, (q, code, en, zh, factor) in enumerate(rows):
        ws.write_string(3 + i, 0, q)
        ws.write_string(3 + i, 1, code)
        ws.write_string(3 + i, 2, en)
        ws.write_string(3 + i, 3, zh)
        ws.write_number(3 + i, 4, factor)
    ws.set_column(0, 4, 16)
    col = 6
    lists = dict(spec.lists)
    for quantity in ("area", "money", "mass"):
        lists.setdefault(f"{quantity}_unit", tuple(r[1] for r in rows if r[0] == quantity))
    for list_id, values in lists.items():
        if isinstance(values, dict):  # per-language list, e.g. class names in en and zh templates
            values = tuple(values.get(lang, ()))
        ws.write_string(2, col, list_id, fmt.header)
        for i, v in enumerate(values):
            ws.write_string(3 + i, col, v)
        letter = xl_col_to_name(col)
        wb.define_name(list_name(list_id), f"={LISTS_SHEET}!${letter}$4:${letter}${3 + max(len(values), 1)}")
        ws.set_column(col, col, 18)
        col += 1
    ws.protect("", {"autofilter": True, "sort": True})


def write_notes_sheet(wb: Any, fmt: Formats, notes: Sequence[tuple[str, str]], lang: str) -> None:
    ws = wb.add_worksheet("Notes" if lang == "en" else "说明")
    ws.write_string(0, 0, "Notes on this example" if lang == "en" else "示例说明", fmt.title)
    ws.set_column(0, 0, 34, fmt.wrap)
    ws.set_column(1, 1, 120, fmt.wrap)
    for i, (topic, text) in enumerate(notes):
        ws.write_string(2 + i, 0, topic, fmt.header)
        ws.write_string(2 + i, 1, text, fmt.wrap)
        ws.set_row(2 + i, wrapped_height(text, 120))
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


def wrapped_height(text: str, width: float) -> float:
    """Row height (points) that shows ``text`` wrapped in a column ``width`` characters wide."""
    chars = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return 15.0 * max(1, -(-chars // int(width * 1.1)))


def write_meta_sheet(wb: Any, spec: TemplateSpec, lang: str) -> None:
    ws = wb.add_worksheet(META_SHEET)
    for r, (k, v) in enumerate(
        (("kind", spec.kind), ("template_version", spec.version), ("lang", lang), ("ecoaccount", __version__))
    ):
        ws.write_string(r, 0, k)
        ws.write_string(r, 1, v)
    ws.hide()


def _instructions(wb: Any, fmt: Formats, spec: TemplateSpec, lang: str) -> None:
    ws = wb.add_worksheet("Instructions" if lang == "en" else "填写说明")
    ws.set_column(0, 0, 120)
    ws.write_string(0, 0, spec.title(lang), fmt.title)
    lines = spec.instructions_zh if lang == "zh" else spec.instructions_en
    r = 2
    for line in lines:
        ws.write_string(r, 0, line)
        r += 1
    r += 1
    for table in spec.tables:
        ws.write_string(r, 0, f"{table.sheet(lang)} — {table.about(lang)}", fmt.header)
        r += 1
        for f in table.fields:
            bits = [f.header(lang)]
            if f.about:
                bits.append(f.about)
            if f.choices:
                bits.append(("one of: " if lang == "en" else "可选：") + ", ".join(f.choices))
            if f.min is not None or f.max is not None:
                bits.append(f"[{f.min if f.min is not None else ''} … {f.max if f.max is not None else ''}]")
            if not f.required:
                bits.append("optional" if lang == "en" else "可选填")
            ws.write_string(r, 0, "   • " + " — ".join(bits))
            r += 1
        r += 1
    ws.protect("")
    ws.activate()


@cache
def quote_sheet(name: str) -> str:
    """A sheet name as it must appear in a formula (memoised: writers call it per cell)."""
    if re.fullmatch(r"[A-Za-z_]+", name):
        return name
    return "'" + name.replace("'", "''") + "'"
