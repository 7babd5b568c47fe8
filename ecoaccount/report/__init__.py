"""``ecoaccount report``: a readable HTML page from a result workbook, with bar charts.

The page is built from the cached values of the result workbook (read with calamine), so it shows
exactly what the workbook shows. Charts are inline SVG: the file opens anywhere, offline.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import jinja2
from python_calamine import CalamineWorkbook

from ecoaccount.errors import EcoAccountError
from ecoaccount.workbook.template import META_SHEET

PREVIEW_ROWS = 40
# Charts per kind: (sheet, labels of the header row's first cell, label columns, regular expression
# matched against the headers of the value columns, title). One chart per matching column.
CHARTS: dict[str, list[tuple[str, tuple[str, ...], tuple[int, ...], str, str]]] = {
    "esv": [
        ("Compensation", ("Region", "地区"), (0, 1), r"^R \(|^R（", "Compensation amount R"),
        ("Compensation", ("Region", "地区"), (0, 1), r"^ECPS$", "Compensation priority ECPS"),
        ("Summary", ("Region", "地区"), (0, 1), r"^Total$|^Total \(|^合计$|^合计（", "Total ESV"),
    ],
    "gep": [
        ("Indicators", ("Scenario", "情景"), (0,), r"^GEP \(|^GEP（", "GEP per scenario"),
        ("LandTypeGEP", ("Scenario", "情景"), (0, 1), r"^GEP \(|^GEP（", "GEP per land type"),
    ],
    "vcs": [
        ("Mines", ("Mine", "矿区"), (0,), r"^VCSD|^固碳亏缺 VCSD", "Vegetation carbon sequestration deficit per mine"),
        ("TotalYear", ("Year", "年份"), (0,), r"^VCSD \(|^固碳亏缺 VCSD（", "VCSD of all mines per year"),
    ],
    "landuse": [
        ("Zones", ("Start year", "起始年"), (0, 1, 2), r"^Area$|^面积", "Carbon-sink functional zones"),
        ("Carbon", ("Start year", "起始年"), (0, 1, 2), r"^Total carbon lost|碳损失合计", "Carbon lost to mining"),
        ("Flows", ("Start year", "起始年"), (0, 1, 2), r"^Net change|净变化", "Net change of class areas"),
    ],
}


def write_report(result: Path, out: Path) -> Path:
    """Write ``out`` (HTML) from the result workbook ``result``."""
    try:
        book = CalamineWorkbook.from_path(str(result))
    except Exception as exc:  # calamine's errors are private types
        raise EcoAccountError(f"{result} could not be read as a workbook: {exc}") from None
    sheets = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}
    if "Audit" not in sheets or META_SHEET not in sheets:
        raise EcoAccountError(
            f"{result} is not an ecoaccount result workbook (no Audit sheet); run 'ecoaccount fill' first"
        )
    meta = {str(r[0]): r[1] for r in sheets[META_SHEET] if len(r) > 1}
    kind = str(meta.get("kind", ""))
    audit = []
    for r in sheets["Audit"][2:]:
        if not r or r[0] in ("", None):
            break
        audit.append((r[0], r[1] if len(r) > 1 else ""))
    checks = [r[:5] for r in sheets.get("Checks", [])[5:] if r and r[0]]
    charts = []
    for sheet, first_cells, label_cols, pattern, title in CHARTS.get(kind, []):
        grid = sheets.get(sheet) or sheets.get(_zh_sheet_name(kind, sheet)) or []
        charts += _charts(grid, first_cells, label_cols, pattern, title)
    input_sheets = set()
    first_result = next((i for i, n in enumerate(sheets) if n in ("Settings", "Ea", "Summary", "Results")), None)
    names = list(sheets)
    if first_result is not None:
        input_sheets = set(names[:first_result])
    tables = [
        {"name": n, "rows": _preview(sheets[n])}
        for n in names
        if n not in input_sheets and n not in (META_SHEET, "Audit", "Checks")
    ]
    env = jinja2.Environment(loader=jinja2.PackageLoader("ecoaccount", "report"), autoescape=True)
    page = env.get_template("report.html").render(
        title=f"ecoaccount report — {result.name}",
        kind=kind,
        audit=audit,
        checks=checks,
        charts=charts,
        tables=tables,
        fmt=_fmt,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def _zh_sheet_name(kind: str, sheet: str) -> str:
    """The zh name of a declared result sheet (zh books name their result sheets in Chinese)."""
    from ecoaccount.kinds import KINDS

    outputs = getattr(KINDS.get(kind), "OUTPUTS", None)
    return next((s.zh for s in outputs.sheets if s.en == sheet), sheet) if outputs else sheet


def _charts(grid: list[list[Any]], first_cells: tuple[str, ...], label_cols: tuple[int, ...], pattern: str,
            title: str) -> list[dict[str, str]]:
    """Bar charts of the columns whose header matches ``pattern``, below the first header row."""
    hr = next((i for i, r in enumerate(grid) if r and str(r[0]).strip() in first_cells), None)
    if hr is None:
        return []
    out = []
    for vc, head in enumerate(grid[hr]):
        if not re.search(pattern, str(head)):
            continue
        items = []
        for r in grid[hr + 1 :]:
            if not r or r[0] in ("", None):
                break
            if len(r) > vc and isinstance(r[vc], (int, float)) and not isinstance(r[vc], bool):
                items.append((" ".join(_fmt(r[c]) for c in label_cols if c < len(r)), float(r[vc])))
        if items:
            out.append({"title": f"{title} — {head}", "svg": bar_chart(items[:80])})
    return out


def _preview(grid: list[list[Any]]) -> list[list[Any]]:
    rows = [r for r in grid if any(v not in ("", None) for v in r)]
    return rows[:PREVIEW_ROWS]


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return f"{int(v):,}" if abs(v) >= 10000 else str(int(v))
        if abs(v) < 1e-3 or abs(v) >= 1e15:
            return f"{v:.4g}"
        return f"{v:,.2f}" if abs(v) >= 1 else f"{v:.4g}"
    return "" if v is None else str(v)


def bar_chart(items: list[tuple[str, float]], width: int = 760) -> str:
    """Horizontal bars as an SVG string (labels escaped)."""
    bar_h, gap, left = 16, 4, 200
    top = max((v for _, v in items), default=0.0)
    low = min((v for _, v in items), default=0.0)
    span = max(top, 0.0) - min(low, 0.0) or 1.0
    zero = left + (width - left - 90) * (-min(low, 0.0) / span)
    h = len(items) * (bar_h + gap) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" role="img">']
    for i, (label, v) in enumerate(items):
        y = 5 + i * (bar_h + gap)
        w = (width - left - 90) * abs(v) / span
        x = zero if v >= 0 else zero - w
        parts.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end" font-size="11">{html.escape(label)}</text>')
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#2E75B6"/>')
        parts.append(f'<text x="{x + w + 4:.1f}" y="{y + 12}" font-size="11">{html.escape(_fmt(v))}</text>')
    parts.append("</svg>")
    return "".join(parts)
