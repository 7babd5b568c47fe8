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
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from ecoaccount import __version__
from ecoaccount.citations import cite
from ecoaccount.spec import PARAM_FIELDS, Field, Param, TableSpec, TemplateSpec, unit_params
from ecoaccount.units import unit_choices, unit_code, unit_name, unit_rows, unit_text_in
from ecoaccount.workbook.styles import Formats

META_SHEET = "_ecoaccount"
LISTS_SHEET = "Lists"
#: The Lists sheet in each language; a reader accepts either (an older zh book names it ``Lists``).
LISTS_SHEETS = {"en": LISTS_SHEET, "zh": "列表"}
UNITS_TABLE = "tblUnits"
FIXED_DATE = _dt.datetime(2026, 1, 1)  # fixed so that generated templates are byte-identical


def lists_sheet(lang: str) -> str:
    """The name of the Lists sheet (units and dropdown sources) in a book of language ``lang``."""
    return LISTS_SHEETS["zh" if lang == "zh" else "en"]


def find_lists_sheet(names: Sequence[str], lang: str) -> str:
    """The Lists sheet among a workbook's sheet ``names`` (either language's name), else the book's own."""
    return next((n for n in LISTS_SHEETS.values() if n in names), lists_sheet(lang))


def list_name(list_id: str) -> str:
    """Defined name of a dropdown source on the Lists sheet."""
    return f"list_{list_id}"


UNIT_LISTS = ("area_unit", "money_unit", "mass_unit")
INSTRUCTIONS_WIDTH = 80
UNITS_HEADERS_EN = ("quantity", "code", "unit", "unit (Chinese)", "factor")
UNITS_HEADERS_ZH = ("类别", "单位代码", "英文名称", "单位", "换算系数")


def unit_quantity(p: Param | Field) -> str | None:
    """``'area'`` for a parameter whose choices are the area units, and so on; else None."""
    if p.kind == "choice" and p.choices and len(p.choices) == 1 and p.choices[0] in UNIT_LISTS:
        return p.choices[0][: -len("_unit")]
    return None


def chosen_units(spec: TemplateSpec, lang: str, overrides: Mapping[str, Any]) -> dict[str, str]:
    """Unit parameter id → the code of its unit in a new workbook (override or default)."""
    out = {}
    for p in spec.params:
        q = unit_quantity(p)
        if q is not None:
            out[p.id] = unit_code(q, overrides.get(p.id, p.default)) or str(p.default)
    return out


def both_languages(values: Sequence[str], other: Sequence[str]) -> list[str]:
    """A dropdown: the book's spellings first, then the other language's (each once)."""
    return list(dict.fromkeys([*values, *other]))


def _param_row(spec: TemplateSpec, param_id: str) -> int:
    """0-based row of a parameter's value cell on the parameters sheet."""
    return spec.params_header_row + [p.id for p in spec.params].index(param_id)


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
    units = chosen_units(spec, lang, params)
    _instructions(wb, fmt, spec, lang, units)
    for table in spec.tables:
        headers = list((extra_headers or {}).get(table.id, ()))
        write_table_sheet(wb, fmt, spec, table, lang, data.get(table.id, ()), headers, units)
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
    units: Mapping[str, str] | None = None,
) -> Any:
    ws = wb.add_worksheet(table.sheet(lang))
    ws.write_string(0, 0, table.sheet(lang), fmt.title)
    ws.write_string(1, 0, cite(table.about(lang), lang), fmt.note)
    hr = table.header_row - 1
    units = units if units is not None else chosen_units(spec, lang, {})
    _unit_note(ws, fmt, spec, table, lang, units)
    fields: list[Field | None] = list(table.fields) + [table.extra_columns] * len(extra_headers)
    headers = [f.header(lang, units) for f in table.fields] + list(extra_headers)
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
    # Wide enough for the header on about two lines (CJK characters count double).
    widths = [max(f.width if f else 12, min(text_width(h) * 0.6 + 2, 26)) for f, h in zip(fields, headers, strict=True)]
    for c, (f, h) in enumerate(zip(fields, headers, strict=True)):
        ws.set_column(c, c, widths[c])
        ws.write_string(hr, c, h, fmt.header)
        cell_fmt = (
            fmt.input_wrap  # notes and sources wrap inside their column instead of running on
            if f is not None and f.kind == "text" and f.width >= 40
            else fmt.input
            if f is not None and f.kind in ("text", "choice")
            else fmt.input_integer
            if f is not None and f.kind == "integer"
            else fmt.input_number
        )
        spell = _spelling(f, lang)
        for r in range(n):
            value = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
            write_value(ws, hr + 1 + r, c, spell.get(value, value) if isinstance(value, str) else value, cell_fmt)
        if f is not None:
            _validation(ws, spec, f, hr + 1, c, last_row, lang)
    lines = max((-(-text_width(h) * 1.1 // w) for h, w in zip(headers, widths, strict=True)), default=1)
    ws.set_row(hr, 15 * max(1, min(lines, 4)))
    ws.freeze_panes(hr + 1, 0)
    ws.repeat_rows(hr)  # a printed table longer than a page repeats its headers
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    return ws


_WIDE = re.compile("[\u2e81-\U0010ffff]")  # characters above U+2E80 (CJK and the like) take two cells


def text_width(text: str) -> int:
    """Width of ``text`` in character cells: CJK characters take two."""
    return len(text) + len(_WIDE.findall(text))


def _spelling(f: Field | None, lang: str) -> dict[str, str]:
    """Choice → how a book of language ``lang`` spells it (zh books write 是, not yes)."""
    if f is None or lang != "zh" or not f.choice_zh:
        return {}
    return dict(zip(f.choices or (), f.choice_zh, strict=True))


def _unit_note(
    ws: Any, fmt: Formats, spec: TemplateSpec, table: TableSpec, lang: str, units: Mapping[str, str]
) -> None:
    """Row 3: the units chosen on the parameters sheet that this table's columns use, live.

    Headers are text (Excel Tables allow no formulas there) and carry the unit chosen when the
    template was made; this row follows the parameters sheet, and ``check`` reports a header
    whose unit no longer agrees with it.
    """
    used = [f.unit for f in table.fields] + [table.extra_columns.unit if table.extra_columns else ""]
    pids = list(dict.fromkeys(pid for u in used for pid in unit_params(u)))
    if not pids:
        return
    sheet = quote_sheet(spec.params_sheet(lang))
    parts, shown = [], []
    for pid in pids:
        p = spec.param(pid)
        cell = f"{sheet}!$C${_param_row(spec, pid) + 1}"
        name = f"{p.label(lang)}：" if lang == "zh" else f"{p.label(lang)}: "
        where = (
            f"（{spec.params_sheet(lang)}!C{_param_row(spec, pid) + 1}）"
            if lang == "zh"
            else (f" ({spec.params_sheet(lang)}!C{_param_row(spec, pid) + 1})")
        )
        parts.append(f'"{name}"&{cell}&"{where}"')
        shown.append(f"{name}{unit_name(units[pid], lang)}{where}")
    sep = '&"；"&' if lang == "zh" else '&"; "&'
    ws.write_formula(2, 0, "=" + sep.join(parts), fmt.note, ("；" if lang == "zh" else "; ").join(shown))


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


def choice_source(spec: TemplateSpec, f: Field | Param, lang: str) -> str | list[str]:
    """The dropdown of a choice: a named list of the Lists sheet, or the values in both languages."""
    assert f.choices
    if unit_quantity(f) is not None or (len(f.choices) == 1 and f.choices[0] in spec.lists):
        return "=" + list_name(f.choices[0])
    zh = getattr(f, "choice_zh", None) or ()
    return both_languages(zh, f.choices) if lang == "zh" else both_languages(f.choices, zh)


def _validation(ws: Any, spec: TemplateSpec, f: Field, first: int, col: int, last: int, lang: str) -> None:
    title = f.label(lang)[:32]
    if f.kind == "choice" and f.choices:
        source = choice_source(spec, f, lang)
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
                "error_message": (
                    f"应为 [{_bound(f.min, '-∞')}, {_bound(f.max, '∞')}] 之间的数 {f.unit_text(lang)}"
                    if lang == "zh"
                    else f"Expected a number in [{_bound(f.min, '-∞')}, {_bound(f.max, '∞')}] {f.unit_text(lang)}"
                ).strip(),
            },
        )


def _bound(x: float | None, none: str) -> str:
    return none if x is None else f"{x:g}"


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
    units = chosen_units(spec, lang, overrides)
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
        value = overrides.get(p.id, p.default_for(lang))
        q = unit_quantity(p)
        if q is not None and unit_code(q, value):
            value = unit_name(unit_code(q, value) or "", lang) if lang == "zh" else unit_code(q, value)
        write_value(ws, r, 2, value, fmt.input if p.kind in ("text", "choice") else fmt.input_number)
        _param_unit(ws, spec, p, r, lang, units)
        ws.write_string(r, 4, cite(p.source_for(lang), lang))
        if p.kind == "choice" and p.choices:
            src = choice_source(spec, p, lang)
            ws.data_validation(
                r,
                2,
                r,
                2,
                {
                    "validate": "list",
                    "source": src,
                    "error_type": "warning",
                    "error_title": p.label(lang)[:32],
                    "error_message": "Choose a value from the list / 请从列表中选择",
                },
            )
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


def _param_unit(ws: Any, spec: TemplateSpec, p: Param, r: int, lang: str, units: Mapping[str, str]) -> None:
    """The Unit cell of a parameter; a unit chosen on another row is a live reference to it."""
    if unit_quantity(p) is not None:
        ws.write_string(r, 3, "（下拉选择）" if lang == "zh" else "(choose)")
        return
    pids = unit_params(p.unit)
    if pids and p.unit == "{" + pids[0] + "}":
        ws.write_formula(r, 3, f"=$C${_param_row(spec, pids[0]) + 1}", None, unit_name(units[pids[0]], lang))
        return
    ws.write_string(r, 3, unit_text_in(p.unit_text(lang, units), lang))


def _list_header(spec: TemplateSpec, list_id: str, lang: str) -> str:
    """The header of a dropdown source: the label of the field or parameter it serves (zh books)."""
    if lang != "zh":
        return list_id
    if list_id in UNIT_LISTS:
        return {"area_unit": "面积单位", "money_unit": "货币单位", "mass_unit": "质量单位"}[list_id]
    for f in [*spec.params, *(f for t in spec.tables for f in t.fields)]:
        if f.choices and len(f.choices) == 1 and f.choices[0] == list_id:
            return f.label(lang)
    return list_id


def _lists(wb: Any, fmt: Formats, spec: TemplateSpec, lang: str, name: str | None = None) -> None:
    """The Lists sheet (``name``: as the input calls it, when a result carries an older book's sheet)."""
    name = name or lists_sheet(lang)
    ws = wb.add_worksheet(name)
    ws.write_string(
        0, 0, "Units and dropdown lists (reference data)" if lang == "en" else "单位与下拉列表（参考数据）", fmt.title
    )
    rows = unit_rows()
    zh = lang == "zh"
    ws.add_table(
        2,
        0,
        2 + len(rows),
        4,
        {
            "name": UNITS_TABLE,
            "style": "Table Style Light 1",
            "autofilter": False,
            "columns": [{"header": h} for h in (UNITS_HEADERS_ZH if zh else UNITS_HEADERS_EN)],
        },
    )
    for i, (q, code, name_en, name_zh, factor) in enumerate(rows):
        ws.write_string(3 + i, 0, {"area": "面积", "money": "货币", "mass": "质量"}[q] if zh else q)
        ws.write_string(3 + i, 1, code)
        ws.write_string(3 + i, 2, name_en)
        ws.write_string(3 + i, 3, name_zh)
        ws.write_number(3 + i, 4, factor)
    ws.set_column(0, 4, 18)
    col = 6
    lists = dict(spec.lists)
    other = "en" if lang == "zh" else "zh"
    for quantity in ("area", "money", "mass"):
        # The dropdown offers the book's spellings first (亩 in zh, mu in en), then the other's.
        lists.setdefault(
            f"{quantity}_unit", tuple(both_languages(unit_choices(quantity, lang), unit_choices(quantity, other)))
        )
    for list_id, values in lists.items():
        if isinstance(values, dict):  # per-language list, e.g. class names in en and zh templates
            values = tuple(values.get(lang, ()))
        ws.write_string(2, col, _list_header(spec, list_id, lang), fmt.header)
        for i, v in enumerate(values):
            ws.write_string(3 + i, col, v)
        letter = xl_col_to_name(col)
        sheet = quote_sheet(name)
        wb.define_name(list_name(list_id), f"={sheet}!${letter}$4:${letter}${3 + max(len(values), 1)}")
        ws.set_column(col, col, 18)
        col += 1
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.protect("", {"autofilter": True, "sort": True})


def write_notes_sheet(wb: Any, fmt: Formats, notes: Sequence[tuple[str, str]], lang: str) -> None:
    ws = wb.add_worksheet("Notes" if lang == "en" else "说明")
    ws.write_string(0, 0, "Notes on this example" if lang == "en" else "示例说明", fmt.title)
    ws.set_column(0, 0, 34, fmt.wrap)
    ws.set_column(1, 1, 120, fmt.wrap)
    for i, (topic, text) in enumerate(notes):
        text = cite(text, lang)
        ws.write_string(2 + i, 0, cite(topic, lang), fmt.header)
        ws.write_string(2 + i, 1, text, fmt.wrap)
        ws.set_row(2 + i, wrapped_height(text, 120))
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


@lru_cache(maxsize=4096)  # the same declared headers and instructions come back in every book
def wrapped_height(text: str, width: float) -> float:
    """Row height (points) that shows ``text`` wrapped in a column ``width`` characters wide."""
    chars = text_width(text)
    return 15.0 * max(1, -(-chars // int(width * 1.1)))


def write_meta_sheet(wb: Any, spec: TemplateSpec, lang: str) -> None:
    ws = wb.add_worksheet(META_SHEET)
    for r, (k, v) in enumerate(
        (("kind", spec.kind), ("template_version", spec.version), ("lang", lang), ("ecoaccount", __version__))
    ):
        ws.write_string(r, 0, k)
        ws.write_string(r, 1, v)
    ws.hide()


UNITS_NOTE = {
    "en": "Units: choose each unit on the Parameters sheet: ha, mu, km² (area); yuan, 10⁴ yuan, 10⁸ yuan "
    "(money); t, Gg (mass). Spellings such as km2, hectare, 10^4 yuan, wan yuan or kt, and the Chinese names "
    "that the Lists sheet shows, are accepted too. A column header shows the unit chosen when the "
    "template was made; after choosing another unit, change the unit in those headers to match (row 3 of "
    "each input sheet shows the current choice, and `check` names any header that disagrees with it).",
    "zh": "单位：在“参数”表中选择各项单位：面积为公顷、亩、平方公里；货币为元、万元、亿元；质量为吨、千吨。"
    "也可填写“列表”表单位表中的其他写法（包括英文写法）。"
    "表头中的单位是生成模板时选定的单位；改选其他单位后，请把相应表头中的单位一并改掉"
    "（各输入表第 3 行显示当前所选单位，`check` 会指出与所选单位不一致的表头）。",
}


def _choice_text(spec: TemplateSpec, f: Field, lang: str) -> str:
    """How the instructions describe the values of a choice column."""
    assert f.choices
    q = unit_quantity(f)
    if q is not None:
        return ("one of: " if lang == "en" else "可选：") + "、".join(unit_choices(q, lang))
    if len(f.choices) == 1 and f.choices[0] in spec.lists:
        return "choose from the dropdown" if lang == "en" else "从下拉列表中选择"
    if lang == "zh" and f.choice_zh:
        return "可选：" + "、".join(f.choice_zh)
    return "one of: " + ", ".join(f.choices)


def _instructions(wb: Any, fmt: Formats, spec: TemplateSpec, lang: str, units: Mapping[str, str]) -> None:
    ws = wb.add_worksheet("Instructions" if lang == "en" else "填写说明")
    ws.set_column(0, 0, INSTRUCTIONS_WIDTH, fmt.wrap)  # fits a portrait page: no scaling needed
    ws.write_string(0, 0, spec.title(lang), fmt.title)
    lines = list(spec.instructions_zh if lang == "zh" else spec.instructions_en)
    if units:
        lines.append(UNITS_NOTE[lang])
    r = 2
    for line in lines:
        line = cite(line, lang)
        ws.write_string(r, 0, line, fmt.wrap)
        ws.set_row(r, wrapped_height(line, INSTRUCTIONS_WIDTH * 0.85))
        r += 1
    r += 1
    for table in spec.tables:
        head = f"{table.sheet(lang)} — {cite(table.about(lang), lang)}"
        ws.write_string(r, 0, head, fmt.header)
        ws.set_row(r, wrapped_height(head, INSTRUCTIONS_WIDTH * 0.8))
        r += 1
        for f in table.fields:
            bits = [f.header(lang, units)]
            if f.about_text(lang):
                bits.append(cite(f.about_text(lang), lang))
            if f.choices:
                bits.append(_choice_text(spec, f, lang))
            if f.min is not None or f.max is not None:
                bits.append(f"[{f.min if f.min is not None else ''} … {f.max if f.max is not None else ''}]")
            if not f.required:
                bits.append("optional" if lang == "en" else "可选填")
            line = "   • " + " — ".join(bits)
            ws.write_string(r, 0, line, fmt.wrap)
            ws.set_row(r, wrapped_height(line, INSTRUCTIONS_WIDTH * 0.85))
            r += 1
        r += 1
    ws.fit_to_pages(1, 0)
    ws.protect("")
    ws.activate()


@cache
def quote_sheet(name: str) -> str:
    """A sheet name as it must appear in a formula (memoised: writers call it per cell)."""
    if re.fullmatch(r"[A-Za-z_]+", name):
        return name
    return "'" + name.replace("'", "''") + "'"
