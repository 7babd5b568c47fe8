"""The fixed headline columns of each kind's sheet in ``summary.xlsx``, read from the output specs.

Each kind declares its headline figures once, in ``OUTPUTS.figures`` (``ecoaccount.outputs.Figure``):
label in en and zh, unit, number format, and the declared column they are read from. The summary
shows every figure of the kind, in declaration order, so its columns never vary with the data.
Money, area and mass are converted to one unit per column (``FIXED``), whatever each submission
chose, so that a reviewer can sort across submissions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecoaccount.kinds import KINDS
from ecoaccount.outputs import Figure, OutputSpec, UnitChoice, figure_header, render_unit, scaled

INT = "#,##0"
#: Excel number format of each declared format.
NUM_FORMATS = {
    "number": "#,##0.00",
    "precise": "0.000000",
    "percent": "0.0%",
    "integer": "0",  # counts and years: no thousands separator in a year
    "general": "General",
    "text": "@",
}
#: One unit per quantity in the summary, whatever the submission chose (engine units are yuan, ha, t).
FIXED: dict[str, UnitChoice] = {
    "money": UnitChoice("10⁴ yuan", "万元", 1e4),
    "area": UnitChoice("ha", "公顷", 1.0),
    "mass": UnitChoice("t", "吨", 1.0),
}


@dataclass(frozen=True)
class Column:
    id: str
    label: str  # in the requested language, with its unit
    unit: str
    num_format: str
    figure: Figure


def _spec(kind: str) -> OutputSpec | None:
    module = KINDS.get(kind)
    return getattr(module, "OUTPUTS", None)


def headline_columns(kind: str, lang: str) -> list[Column]:
    """The fixed headline columns of ``kind`` (empty for an unknown kind), labels in ``lang``."""
    spec = _spec(kind)
    if spec is None:
        return []
    return [
        Column(f.id, unbroken(figure_header(f, lang, FIXED)), render_unit(f.unit, lang, FIXED), NUM_FORMATS[f.fmt], f)
        for f in spec.figures
    ]


def unbroken(header: str) -> str:
    """The header with a no-break space inside its unit, so that a wrapped header keeps ``(t CO₂)`` whole."""
    for close in (")", "）"):
        if header.endswith(close):
            head, sep, unit = header.rpartition("(" if close == ")" else "（")
            return head + sep + unit.replace(" ", "\u00a0")
    return header


def headline_values(kind: str, summary: dict[str, Any]) -> dict[str, Any]:
    """Each headline figure of one fill summary in the summary's fixed units (JSON-safe: numbers, text or None)."""
    spec = _spec(kind)
    if spec is None:
        return {}
    values = scaled(spec, summary.get("figures") or {}, FIXED)
    out: dict[str, Any] = {}
    for f in spec.figures:
        v = values.get(f.id)
        out[f.id] = v if isinstance(v, (int, float, str)) and not isinstance(v, bool) else None
    return out
