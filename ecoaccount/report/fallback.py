"""Charts for kinds that do not declare their outputs yet (``OUTPUTS`` in ``ecoaccount.kinds``).

Everything here goes once every kind declares its outputs: the charts are then found by output id
(``declared.charts``). Until then a chart is found by a regular expression on the header texts.
"""

from __future__ import annotations

import re
from typing import Any

from ecoaccount.report.numbers import Column, is_number
from ecoaccount.report.svg import bar_chart

# Charts per kind: (sheet, first header cells, label columns, header pattern, title en, title zh).
CHARTS: dict[str, list[tuple[str, tuple[str, ...], tuple[int, ...], str, str, str]]] = {
    "esv": [],
    "gep": [("LandTypeGEP", ("Land type", "地类"), (0,), r": GEP$|：GEP$", "GEP per land type", "各地类 GEP")],
    "vcs": [
        ("Mines", ("Mine", "矿区"), (0,), r"^VCSD", "Carbon sequestration deficit per mine", "各矿区植被固碳亏缺"),
        ("TotalYear", ("Year", "年份"), (0,), r"^VCSD \(|^VCSD（", "Deficit of all mines per year", "全部矿区逐年亏缺"),
    ],
    "landuse": [
        ("Zones", ("Start year", "起始年"), (0, 1, 2), r"^Area|^面积", "Carbon-sink functional zones", "碳汇功能分区"),
        (
            "Carbon",
            ("Start year", "起始年"),
            (0, 1, 2),
            r"^Total carbon lost|碳损失合计",
            "Carbon lost to mining",
            "采矿碳损失",
        ),
        (
            "Flows",
            ("Start year", "起始年"),
            (0, 1, 2),
            r"^Net change|净变化",
            "Net change of class areas",
            "地类面积净变化",
        ),
    ],
}
TOTALS = {"total", "合计", "总计"}


def undeclared_charts(kind: str, sheets: dict[str, list[list[Any]]], lang: str) -> list[dict[str, Any]]:
    """Bar charts of the columns whose header matches a kind's pattern (total rows left out)."""
    out = []
    for sheet, first_cells, label_cols, pattern, title_en, title_zh in CHARTS.get(kind, []):
        grid = sheets.get(sheet) or []
        hr = next((i for i, r in enumerate(grid) if r and str(r[0]).strip() in first_cells), None)
        if hr is None:
            continue
        body = []
        for r in grid[hr + 1 :]:
            if not r or r[0] in ("", None):
                break
            body.append(r)
        # label columns with one value in every row (one period) go into the title instead
        same = [c for c in label_cols if len(label_cols) > 1 and len(body) > 1 and len({r[c] for r in body}) == 1]
        label_cols = tuple(c for c in label_cols if c not in same) or label_cols
        period = "–".join(Column([body[0][c]])(body[0][c]) for c in same) if same else ""
        labels = [Column([r[c] for r in body if c < len(r)]) for c in label_cols]
        for vc, head in enumerate(grid[hr]):
            if not re.search(pattern, str(head)):
                continue
            items = [
                (" ".join(f(r[c]) for f, c in zip(labels, label_cols, strict=True) if c < len(r)), float(r[vc]))
                for r in body
                if len(r) > vc and is_number(r[vc]) and str(r[0]).strip().lower() not in TOTALS
            ]
            if not items:
                continue
            head = str(head)
            title = title_zh if lang == "zh" else title_en
            sep = "：" if lang == "zh" else ": "
            # "before: GEP" → "GEP per land type: before"; a header that repeats the title is left out
            what = re.sub(r"\s*[:：]\s*GEP$", "", head) if kind == "gep" else ""
            out.append(
                {
                    "id": f"{sheet}.{vc}",
                    "title": title + "".join(sep + x for x in (period, what) if x),
                    "unit": _unit(head),
                    "svg": bar_chart(items, Column([v for _, v in items])),
                }
            )
    return out


def _unit(header: str) -> str:
    m = re.search(r"\(([^()]*)\)$|（([^（）]*)）$", header)
    return (m.group(1) or m.group(2)) if m else ""
