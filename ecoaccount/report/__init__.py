"""``ecoaccount report``: a readable HTML page from a result workbook, with bar charts.

The page is built from the cached values of the result workbook (read with calamine), so it shows
exactly what the workbook shows. Its order: the headline figures with their units, the charts, the
result tables, and the audit (checks, parameters, provenance) last. Headline figures are the ones a
kind declares in ``OUTPUTS.figures``, charts the columns it flags ``chart`` (``ecoaccount.outputs``),
found by output id; a zh book gives a Chinese page. Charts are inline SVG: the file opens anywhere, offline,
and prints cleanly (the print stylesheet keeps headings with what follows and charts whole).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from python_calamine import CalamineWorkbook

from ecoaccount.errors import EcoAccountError
from ecoaccount.outputs import AUDIT_LABELS, shared_names, shared_sheet
from ecoaccount.report import declared
from ecoaccount.report.numbers import Column, fmt_number, is_number
from ecoaccount.report.svg import bar_chart
from ecoaccount.workbook.template import META_SHEET

PREVIEW_ROWS = 25
CHECKS_FIRST_ROW = 5  # Checks: title, note, tolerance, all checks, header; rows from sheet row 6

WORDS = {
    "en": {
        "report": "ecoaccount report",
        "kind": "Account",
        "intro": "Every figure is the value cached in the result workbook, where it is a live formula.",
        "all_checks": "All checks",
        "headlines": "Headline figures",
        "charts": "Charts",
        "tables": "Result tables",
        "audit": "Audit",
        "checks": "Checks",
        "provenance": "Provenance",
        "parameters": "Parameters",
        "highest": "highest",
        "lowest": "lowest",
        "n_rows": "{n} rows: {rows}",
        "colon": ": ",
        "first_rows": "First {shown} of {n} rows; the workbook holds them all.",
        "unit": "unit",
        "no_headlines": "This account declares no headline figures yet.",
    },
    "zh": {
        "report": "ecoaccount 核算报告",
        "kind": "核算类型",
        "intro": "所有数值均为结果工作簿中的缓存值；工作簿中它们是可追溯的公式。",
        "all_checks": "全部校验",
        "headlines": "主要结果",
        "charts": "图表",
        "tables": "结果表",
        "audit": "审计信息",
        "checks": "校验",
        "provenance": "来源与版本",
        "parameters": "参数",
        "highest": "最高",
        "lowest": "最低",
        "n_rows": "共 {n} 行：{rows}",
        "colon": "：",
        "first_rows": "仅显示前 {shown} 行，共 {n} 行；完整数据见工作簿。",
        "unit": "单位",
        "no_headlines": "该核算类型尚未声明主要结果。",
    },
}
# Books written before the Audit sheet spoke Chinese have English labels; the zh page names them in Chinese.
AUDIT_ZH = dict(AUDIT_LABELS.values())


def write_report(result: Path, out: Path) -> Path:
    """Write ``out`` (HTML) from the result workbook ``result``."""
    try:
        book = CalamineWorkbook.from_path(str(result))
    except Exception as exc:  # calamine's errors are private types
        raise EcoAccountError(f"{result} could not be read as a workbook: {exc}") from None
    sheets = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}
    if not any(a in sheets for a in shared_names("audit")) or META_SHEET not in sheets:
        raise EcoAccountError(
            f"{result} is not an ecoaccount result workbook (no Audit sheet); run 'ecoaccount fill' first"
        )
    page = render_page(sheets, result.name)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def render_page(sheets: dict[str, list[list[Any]]], name: str) -> str:
    """The HTML page of a result workbook given as cached values by sheet name."""
    from ecoaccount.kinds import KINDS

    meta = {str(r[0]): r[1] for r in sheets[META_SHEET] if len(r) > 1}
    kind = str(meta.get("kind", ""))
    lang = "zh" if meta.get("lang") == "zh" else "en"
    words = WORDS[lang]
    module = KINDS.get(kind)
    spec = getattr(module, "OUTPUTS", None)
    found = declared.locate(spec, sheets, lang) if spec is not None else []
    charts = declared.charts(found, lang)
    shown = {loc.sheet_name for loc in found}
    tables = declared.tables(found, PREVIEW_ROWS, lang) + [
        _preview(n, sheets[n]) for n in _result_sheets(sheets) if n not in shown
    ]
    title_spec = getattr(module, "SPEC", None)
    kind_title = (title_spec.title_zh if lang == "zh" else title_spec.title_en) if title_spec else kind
    checks = sheets.get(shared_sheet("checks", lang), [])
    env = jinja2.Environment(loader=jinja2.PackageLoader("ecoaccount", "report"), autoescape=True)
    return env.get_template("report.html").render(
        lang="zh-CN" if lang == "zh" else "en",
        w=words,
        title=f"{words['report']} — {name}",
        kind=kind,
        kind_title=kind_title,
        master=str(checks[3][1]) if len(checks) > 3 and len(checks[3]) > 1 else "",
        headlines=declared.headlines(spec, found, lang) if spec is not None else [],
        charts=charts,
        tables=tables,
        checks=_checks(checks),
        audit=_audit(sheets.get(shared_sheet("audit", lang), []), lang),
        preview=PREVIEW_ROWS,
    )


__all__ = ["bar_chart", "render_page", "write_report"]


def _result_sheets(sheets: dict[str, list[list[Any]]]) -> list[str]:
    """The result sheets: after Settings (or the metadata sheet), before Checks and Audit."""
    names = list(sheets)
    settings = [n for n in shared_names("settings") if n in names]
    start = names.index(settings[0]) if settings else names.index(META_SHEET)
    shared = {*shared_names("checks"), *shared_names("audit"), META_SHEET}
    return [n for n in names[start + 1 :] if n not in shared]


def _preview(name: str, grid: list[list[Any]]) -> dict[str, Any]:
    """A result sheet nothing declares: its title, its notes, then its rows, one decimals per column.

    A row whose only cell is its first, holding text, is a note (shown above the table); the title
    row's other cells (the master check) are left out.
    """
    title = str(grid[0][0]) if grid and grid[0] else name
    body = [r for r in grid[1:] if any(v not in ("", None) for v in r)]
    notes = []
    while body and isinstance(body[0][0], str) and all(v in ("", None) for v in body[0][1:]):
        notes.append(body.pop(0)[0])
    width = max((max(i for i, v in enumerate(r) if v not in ("", None)) + 1 for r in body), default=0)
    cols = [Column([r[c] for r in body if c < len(r)]) for c in range(width)]
    rows = [[cols[c](r[c]) if c < len(r) else "" for c in range(width)] for r in body[:PREVIEW_ROWS]]
    text = [not any(is_number(r[c]) for r in body if c < len(r)) for c in range(width)]
    return {"sheet": name, "title": title, "caption": "", "notes": notes, "headers": []} | {
        "rows": rows,
        "n": len(body),
        "text": text,
    }


def _checks(grid: list[list[Any]]) -> dict[str, Any]:
    rows = [r[:5] for r in grid[CHECKS_FIRST_ROW:] if r and r[0] not in ("", None)]
    head = [str(v) for v in grid[CHECKS_FIRST_ROW - 1][:5]] if len(grid) >= CHECKS_FIRST_ROW else []
    ab = Column([v for r in rows for v in r[1:3]])
    out = [
        [str(r[0]), ab(r[1]), ab(r[2]), fmt_number(r[3], 9) if is_number(r[3]) else str(r[3]), str(r[4])] for r in rows
    ]
    return {"headers": head, "rows": out}


def _audit(grid: list[list[Any]], lang: str) -> dict[str, Any]:
    """Provenance (label, value) rows, then the parameter table below them."""
    tr = (lambda s: AUDIT_ZH.get(s, s)) if lang == "zh" else (lambda s: s)
    rows = grid[2:]
    end = next((i for i, r in enumerate(rows) if not r or r[0] in ("", None)), len(rows))
    provenance = [(tr(str(r[0])), str(r[1]) if len(r) > 1 else "") for r in rows[:end]]
    params = [r for r in rows[end + 1 :] if r and any(v not in ("", None) for v in r)]
    head = [tr(str(v)) for v in params[0]] if params else []
    body = [[fmt_number(v, 6).rstrip("0").rstrip(".") if is_number(v) else str(v) for v in r] for r in params[1:]]
    return {"provenance": provenance, "param_headers": head, "params": body}
