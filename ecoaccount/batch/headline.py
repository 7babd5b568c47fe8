"""The fixed headline columns of each kind's sheet in ``summary.xlsx``.

One small declaration per kind (id, en label, zh label, unit, number format, how to read the value
from the summary that the kind's ``write()`` returns). Columns never vary with the data, and money,
area and mass are converted to one unit per column so that a reviewer can sort across submissions.
``headline_columns`` is the single place to point at declared output specs once they exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ecoaccount.units import MASS_UNITS, MONEY_UNITS, factor

INT = "#,##0"
MONEY = "#,##0.00"
RATIO = "0.000"
YEAR = "0"


@dataclass(frozen=True)
class Column:
    id: str
    label: str  # in the requested language, with its unit
    unit: str
    num_format: str
    value: Callable[[dict[str, Any]], Any]  # from the kind's fill summary; None when absent


def _money(s: dict[str, Any], x: Any) -> float | None:
    """``x`` in the submission's money unit → 10⁴ yuan."""
    if not isinstance(x, (int, float)):
        return None
    return float(x) * factor(str(s.get("unit") or "1e4 yuan"), MONEY_UNITS, "yuan") / 1e4


def _co2(s: dict[str, Any], x: Any) -> float | None:
    """``x`` in the submission's mass unit of CO2 → t CO2."""
    if not isinstance(x, (int, float)):
        return None
    code = str(s.get("unit") or "t CO2").split()[0]
    return float(x) * factor(code, MASS_UNITS, "metric_ton")


def _years(s: dict[str, Any]) -> list[int]:
    return sorted(int(y) for y in (s.get("years") or s.get("total_esv") or []))


def _esv_at(s: dict[str, Any], pick: int) -> float | None:
    years = _years(s)
    return _money(s, (s.get("total_esv") or {}).get(years[pick])) if years else None


def _change(first: float | None, last: float | None) -> float | None:
    return None if first is None or last is None else last - first


def _gep(s: dict[str, Any], which: str) -> Any:
    scen = list(s.get("scenarios") or [])
    if not scen:
        return None
    name = str(s.get("baseline") or scen[0]) if which == "base_name" or which == "base" else str(scen[-1])
    if which.endswith("name"):
        return name
    return _money(s, (s.get("gep") or {}).get(name))


def _period_year(s: dict[str, Any], pick: int) -> int | None:
    periods = list(s.get("periods") or [])
    if not periods:
        return None
    first, _, last = str(periods[pick]).partition("-")
    text = first if pick == 0 else last
    return int(text) if text.strip().isdigit() else None


def _vcs(key: str, mass: bool = True) -> Callable[[dict[str, Any]], Any]:
    def get(s: dict[str, Any]) -> Any:
        v = (s.get("total") or {}).get(key)
        return _co2(s, v) if mass else v

    return get


# id, en, zh, unit (en, zh), number format, value
# fmt: off
_DECLARED: dict[str, list[tuple[str, str, str, tuple[str, str], str, Callable[[dict[str, Any]], Any]]]] = {
    "esv": [
        ("regions", "Regions", "区域数", ("", ""), INT, lambda s: s.get("regions")),
        ("years", "Years", "年份数", ("", ""), INT, lambda s: len(_years(s)) or None),
        ("first_year", "First year", "起始年份", ("", ""), YEAR, lambda s: (_years(s) or [None])[0]),
        ("last_year", "Last year", "末尾年份", ("", ""), YEAR, lambda s: (_years(s) or [None])[-1]),
        ("esv_first", "Total ESV, first year", "起始年份 ESV 总量", ("10⁴ yuan", "万元"), MONEY,
         lambda s: _esv_at(s, 0)),
        ("esv_last", "Total ESV, last year", "末尾年份 ESV 总量", ("10⁴ yuan", "万元"), MONEY,
         lambda s: _esv_at(s, -1)),
        ("esv_change", "ESV change, first to last year", "ESV 变化量（起始至末尾年份）", ("10⁴ yuan", "万元"), MONEY,
         lambda s: _change(_esv_at(s, 0), _esv_at(s, -1))),
    ],
    "gep": [
        ("scenarios", "Scenarios", "情景数", ("", ""), INT, lambda s: len(s.get("scenarios") or []) or None),
        ("baseline", "Baseline scenario", "基准情景", ("", ""), "@", lambda s: _gep(s, "base_name")),
        ("gep_baseline", "GEP, baseline", "基准情景 GEP", ("10⁴ yuan/a", "万元/年"), MONEY, lambda s: _gep(s, "base")),
        ("last", "Last scenario", "末尾情景", ("", ""), "@", lambda s: _gep(s, "last_name")),
        ("gep_last", "GEP, last scenario", "末尾情景 GEP", ("10⁴ yuan/a", "万元/年"), MONEY, lambda s: _gep(s, "last")),
        ("gep_change", "GEP change, baseline to last", "GEP 变化量（基准至末尾情景）", ("10⁴ yuan/a", "万元/年"),
         MONEY, lambda s: _change(_gep(s, "base"), _gep(s, "last"))),
    ],
    "vcs": [
        ("mines", "Mines", "矿区数", ("", ""), INT, lambda s: s.get("mines")),
        ("patches", "Patches", "图斑数", ("", ""), INT, lambda s: s.get("patches")),
        ("first_year", "First year", "起始年份", ("", ""), YEAR, lambda s: (_years(s) or [None])[0]),
        ("last_year", "Last year", "末尾年份", ("", ""), YEAR, lambda s: (_years(s) or [None])[-1]),
        ("missing_years", "Missing years", "缺失年份数", ("", ""), INT, lambda s: len(s.get("missing_years") or [])),
        ("vcsd", "Carbon sequestration deficit VCSD", "植被固碳亏损 VCSD", ("t CO₂", "吨 CO₂"), MONEY, _vcs("vcsd")),
        ("c_destroy", "Potential loss C_destroy", "潜在损失 C_destroy", ("t CO₂", "吨 CO₂"), MONEY, _vcs("c_destroy")),
        ("c_restore", "Potential gain C_restore", "潜在恢复 C_restore", ("t CO₂", "吨 CO₂"), MONEY,
         _vcs("c_restore")),
        ("r_v", "Restoration rate R_V", "恢复率 R_V", ("", ""), RATIO, _vcs("r_v", mass=False)),
        ("r_vcs", "Restoration rate R_VCS", "恢复率 R_VCS", ("", ""), RATIO, _vcs("r_vcs", mass=False)),
    ],
    "landuse": [
        ("classes", "Land-use classes", "地类数", ("", ""), INT, lambda s: s.get("classes")),
        ("periods", "Periods", "时段数", ("", ""), INT, lambda s: len(s.get("periods") or []) or None),
        ("first_year", "First year", "起始年份", ("", ""), YEAR, lambda s: _period_year(s, 0)),
        ("last_year", "Last year", "末尾年份", ("", ""), YEAR, lambda s: _period_year(s, -1)),
        ("transitions", "Transitions", "转移类型数", ("", ""), INT, lambda s: s.get("transitions")),
        ("unclassified", "Unclassified transitions", "未分区转移类型数", ("", ""), INT,
         lambda s: s.get("unclassified_transitions")),
        ("carbon_lost", "Carbon lost to mining", "采矿占用损失碳量", ("t", "吨"), MONEY,
         lambda s: s.get("carbon_lost_t")),
    ],
}
# fmt: on


def headline_columns(kind: str, lang: str) -> list[Column]:
    """The fixed headline columns of ``kind`` (empty for an unknown kind), labels in ``lang``."""
    out = []
    for cid, en, zh, (unit_en, unit_zh), fmt, get in _DECLARED.get(kind, []):
        label, unit = (zh, unit_zh) if lang == "zh" else (en, unit_en)
        if unit:
            label = f"{label}（{unit}）" if lang == "zh" else f"{label} ({unit})"
        out.append(Column(cid, label, unit, fmt, get))
    return out


def headline_values(kind: str, summary: dict[str, Any]) -> dict[str, Any]:
    """Each headline column's value for one fill summary (JSON-safe: numbers, text or None)."""
    values: dict[str, Any] = {}
    for col in headline_columns(kind, "en"):
        try:
            v = col.value(summary)
        except (KeyError, TypeError, ValueError, IndexError):  # a summary without that figure
            v = None
        if isinstance(v, float) and v != v:  # NaN
            v = None
        values[col.id] = v if isinstance(v, (int, float, str)) and not isinstance(v, bool) else None
    return values
