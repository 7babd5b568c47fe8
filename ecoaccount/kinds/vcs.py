"""The VCS template (vegetation carbon sequestration dynamics, paper 002): declaration, checks,
result sheets.

The declaration below is the only list of this template's tables, fields and parameters. The
result sheets render the quantities of ``ecoaccount.methods.vcs`` (Eqs. (1)-(5), R_V, R_VCS) as
live formulas with the engine's values:

* ``PatchYear``: one row per patch and observed year, patches in input order, years ascending, so
  that the pre-destruction years of a patch are one contiguous block of cells;
* ``Baseline``: one row per patch, Eqs. (3)-(4) as ``SLOPE``/``INTERCEPT`` over exactly that block;
* ``MineYear``, ``TotalYear``, ``Mines``: sums, C_ddper, C_diper, R_V, R_VCS and VCSD (Eq. (5));
* ``Settings`` (unit factors as defined names), ``Checks`` and ``Audit``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name

from ecoaccount import messages as M
from ecoaccount.data import load_table
from ecoaccount.errors import InputError
from ecoaccount.methods import vcs as method
from ecoaccount.problems import Problem, RowProblem
from ecoaccount.spec import Field, Param, TableSpec, TemplateSpec
from ecoaccount.units import AREA_UNITS, MASS_UNITS, codes, factor
from ecoaccount.workbook.reader import Parsed
from ecoaccount.workbook.template import quote_sheet
from ecoaccount.workbook.writer import Label, OutSheet, ResultBook, label

MIXED = method.MIXED_PIXEL_COLUMNS  # npp_b, npp_bg, s, s_veg
NPP_UNIT = "g C m-2 a-1"
MINE = Field("mine", "Mine", "矿区", "text", width=14, about="mine id")
PATCH = Field(
    "patch",
    "Patch",
    "图斑",
    "text",
    width=14,
    about="patch id, unique within its mine: land that shares one NPP series",
)
YEAR = Field("year", "Year", "年份", "integer", min=1900, max=2100, width=8)


def _coefficient_params() -> tuple[Param, ...]:
    """Eq. (2) coefficients, the unit constant and the baseline length, from vcs_parameters.csv.

    ``t_to_gg`` is left out: the result mass unit (t or Gg) is the ``mass_unit`` choice, whose
    factor comes from the workbook's unit table.
    """
    out = []
    for r in load_table(method.PARAMETER_FILE).itertuples():
        if r.id == "t_to_gg":
            continue
        out.append(
            Param(
                str(r.id),
                str(r.label_en),
                str(r.label_zh),
                float(r.value),
                str(r.unit),
                str(r.source),
                "number",
                min=None if pd.isna(r.min) else float(r.min),
                max=None if pd.isna(r.max) else float(r.max),
            )
        )
    return tuple(out)


SPEC = TemplateSpec(
    kind="vcs",
    version="1",
    title_en="Vegetation carbon sequestration (VCS) dynamics of mining and restoration areas",
    title_zh="矿区破坏与修复的植被固碳（VCS）动态",
    instructions_en=(
        "1. Annual: one row per mine, patch and observed year. A patch is land of one mine that "
        "shares "
        "one NPP series. Every patch needs a row for every year of the table; a year missing from "
        "the whole "
        "table (the paper's 2012) is a gap. Keep each patch's years in ascending order.",
        "2. NPP of the vegetated area (g C m-2 a-1), or instead, in every row, the mixed-pixel "
        "inputs of Eq. (1): "
        "NPP_b, NPP_bg, S and S_veg. NPP is needed in every year before destruction and in every "
        "year with "
        "restored area; years without vegetation may hold 0 or stay empty.",
        "3. Areas: either per year in Annual (area newly destroyed / newly restored that year, "
        "not cumulative; "
        "empty = 0), or one row per patch in Events (area, destruction year, restoration year). "
        "An event in a "
        "year that is not observed counts in the next observed year.",
        "4. Parameters: area unit, result mass unit (t or Gg CO2), the Eq. (2) coefficients 2.2 "
        "and 1.63 and "
        "the least number of pre-destruction years for the baseline line (2).",
        "5. Run `ecoaccount check FILE` to list every problem at once, then `ecoaccount fill "
        "FILE -o OUT.xlsx`.",
        "Method: NPP_a = (NPP_b·S − NPP_bg·(S − S_veg))/S_veg (eq. 1); VCS = NPP·2.2·1.63 (eq. "
        "2); baseline "
        "VCS = a·t + b by least squares over the pre-destruction years (eqs. 3–4); VCSD = "
        "−(ΣC_destroy + "
        "ΣC_restore) (eq. 5); R_V = restored/destroyed area, R_VCS = direct increase/direct "
        "decrease — "
        "paper 002_81a3d60488092661.",
    ),
    instructions_zh=(
        "1. “逐年数据”表：每个矿区、图斑、观测年份一行。图斑指同一矿区内共用一条 NPP "
        "序列的土地。每个图斑须包含表中"
        "出现的每一年；整表都缺的年份（如论文的 2012 年）视为缺测年。同一图斑的年份须升序排列。",
        "2. 填写植被区 NPP（g C m-2 a-1），或在每一行改填式(1)的混合像元参数 "
        "NPP_b、NPP_bg、S、S_veg。破坏前各年"
        "及有修复面积的年份必须有 NPP；无植被年份可填 0 或留空。",
        "3. 面积二选一：在“逐年数据”表逐年填写当年新增破坏面积和新增修复面积（非累计，留空为 "
        "0）；或在“破坏与修复年份”表"
        "每个图斑填一行（面积、破坏年份、修复年份）。发生在缺测年的事件计入下一个观测年。",
        "4. “参数”表：面积单位、结果质量单位（t 或 Gg CO2）、式(2)系数 2.2 与 "
        "1.63、基线回归所需最少破坏前年数（2）。",
        "5. 运行 `ecoaccount check 文件` 一次列出全部问题，然后运行 `ecoaccount fill 文件 -o "
        "结果.xlsx`。",
        "方法：NPP_a = (NPP_b·S − NPP_bg·(S − S_veg))/S_veg（式1）；VCS = "
        "NPP·2.2·1.63（式2）；以破坏前各年最小二乘"
        "拟合未扰动基线 VCS = a·t + b（式3—4）；VCSD = −(ΣC_destroy + ΣC_restore)（式5）；R_V = "
        "修复面积/破坏面积，"
        "R_VCS = 直接增加/直接减少。",
    ),
    tables=(
        TableSpec(
            "annual",
            "tblAnnual",
            "Annual",
            "逐年数据",
            (
                MINE,
                PATCH,
                YEAR,
                Field(
                    "npp",
                    "NPP",
                    "NPP",
                    "number",
                    NPP_UNIT,
                    required=False,
                    min=0,
                    about="NPP of the vegetated area (after scale transformation)",
                ),
                Field(
                    "npp_b",
                    "NPP_b (mixed pixel)",
                    "混合像元NPP_b",
                    "number",
                    NPP_UNIT,
                    required=False,
                    min=0,
                    about="instead of NPP: NPP of the whole pixel before transformation, Eq. (1)",
                ),
                Field(
                    "npp_bg",
                    "NPP_bg (background)",
                    "背景NPP_bg",
                    "number",
                    NPP_UNIT,
                    required=False,
                    min=0,
                    about="background NPP of the destroyed part of the pixel, Eq. (1)",
                ),
                Field(
                    "s",
                    "S (pixel area)",
                    "像元面积S",
                    "number",
                    "any area unit",
                    required=False,
                    min=0,
                    about="area of the pixel, Eq. (1)",
                    unit_zh="任意面积单位",
                ),
                Field(
                    "s_veg",
                    "S_veg (vegetated area)",
                    "植被面积S_veg",
                    "number",
                    "unit of S",
                    required=False,
                    unit_zh="与 S 相同",
                    min=0,
                    about="vegetated area of the pixel, Eq. (1); 0 = no vegetation",
                ),
                Field(
                    "destroyed",
                    "Destroyed area",
                    "破坏面积",
                    "number",
                    "{area_unit}",
                    required=False,
                    min=0,
                    about="area newly destroyed that year (not cumulative); empty = 0",
                ),
                Field(
                    "restored",
                    "Restored area",
                    "修复面积",
                    "number",
                    "{area_unit}",
                    required=False,
                    min=0,
                    about="area newly restored that year (not cumulative); empty = 0",
                ),
            ),
            "NPP and newly destroyed/restored areas, one row per mine, patch and observed year.",
            "逐年 NPP 与当年新增破坏/修复面积：每个矿区、图斑、观测年份一行。",
            key=("mine", "patch", "year"),
            blank_rows=60,
        ),
        TableSpec(
            "events",
            "tblEvents",
            "Events",
            "破坏与修复年份",
            (
                MINE,
                PATCH,
                Field("area", "Area", "面积", "number", "{area_unit}", min=0),
                Field(
                    "destruction_year",
                    "Destruction year",
                    "破坏年份",
                    "integer",
                    min=1900,
                    max=2100,
                ),
                Field(
                    "restoration_year",
                    "Restoration year",
                    "修复年份",
                    "integer",
                    required=False,
                    min=1900,
                    max=2100,
                    about="empty = not restored",
                ),
            ),
            "Optional, instead of the yearly areas: one row per patch with its destruction and "
            "restoration year.",
            "可选，代替逐年面积：每个图斑一行，填写面积、破坏年份与修复年份。",
            key=("mine", "patch"),
            blank_rows=20,
            min_rows=0,
        ),
    ),
    params=(
        Param(
            "area_unit",
            "Area unit of Annual and Events",
            "面积单位",
            "ha",
            "code",
            "user's choice",
            "choice",
            choices=("area_unit",),
        ),
        Param(
            "mass_unit",
            "Mass unit of CO2 results",
            "CO2 结果质量单位",
            "t",
            "code",
            "user's choice (002 reports Gg CO2)",
            "choice",
            choices=("mass_unit",),
        ),
        *_coefficient_params(),
    ),
    name_prefix="VCS",
)

PY_COLS = (
    "mine",
    "patch",
    "year",
    "npp_a",
    "vcs",
    "destroyed",
    "restored",
    "destroyed_cum",
    "restored_cum",
    "unrestored",
    "vcs_prev",
    "baseline",
    "dd",
    "di",
    "c_destroy",
    "c_restore",
    "included",
)
_RENAME = {
    "annual": {"destroyed_ha": "destroyed", "restored_ha": "restored"},
    "events": {"area_ha": "area"},
}


# -- template defaults ---------------------------------------------------------------------------
def template_data(lang: str) -> tuple[dict[str, list[list[Any]]], dict[str, list[str]]]:
    """A fresh VCS template has no prefilled rows."""
    return {}, {}


# -- reading into engine inputs ------------------------------------------------------------------
@dataclass(frozen=True)
class Inputs:
    """What the engine and the writer need from a parsed workbook.

    ``annual`` is the method's input (areas in ha); ``order`` gives, for each patch-year of the
    method's grid (patches in order of first appearance, years ascending), the row of the Annual
    table; ``event_*`` are per patch (grid order), in the template's area unit, 0 when absent.
    """

    annual: pd.DataFrame
    mode: str  # "npp" or "mixed"
    order: np.ndarray
    has_events: bool
    event_area: np.ndarray
    event_dy: np.ndarray
    event_dy_obs: np.ndarray
    event_ry: np.ndarray
    event_ry_obs: np.ndarray
    area_f: float
    mass_f: float


def _num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s, errors="coerce").astype(float)


def _mode(df: pd.DataFrame) -> str:
    """'mixed' when more rows hold mixed-pixel inputs of Eq. (1) than hold NPP, else 'npp'.

    A table should use one of the two throughout; when it mixes them, the minority is flagged.
    """
    mixed = pd.concat([_num(df[c]).notna() for c in MIXED], axis=1).any(axis=1).sum()
    return "mixed" if mixed > _num(df["npp"]).notna().sum() else "npp"


def _events_frame(parsed: Parsed) -> pd.DataFrame | None:
    ev = parsed.tables.get("events")
    if ev is None or ev.df.empty:
        return None
    d = ev.df
    return pd.DataFrame(
        {
            "mine": d["mine"],
            "patch": d["patch"],
            "area_ha": _num(d["area"]),
            "destruction_year": _num(d["destruction_year"]),
            "restoration_year": _num(d["restoration_year"]),
        }
    )


def _annual_frame(parsed: Parsed, events: pd.DataFrame | None) -> tuple[pd.DataFrame, str]:
    """The method's ``annual`` table, in Annual's row order, areas converted to ha.

    Areas are (yearly area + event area) x area factor, the same operations as the formulas.
    """
    d = parsed.tables["annual"].df
    mode = _mode(d)
    out = pd.DataFrame({"mine": d["mine"], "patch": d["patch"], "year": _num(d["year"])})
    for c in ("npp",) if mode == "npp" else MIXED:
        out[c] = _num(d[c])
    dest = _num(d["destroyed"]).fillna(0.0).to_numpy()
    rest = _num(d["restored"]).fillna(0.0).to_numpy()
    if events is not None:
        years = np.unique(out["year"].dropna().to_numpy())
        ev_rows = method.areas_from_event_years(events, years).astype({"year": float})
        merged = out[["mine", "patch", "year"]].merge(
            ev_rows, on=["mine", "patch", "year"], how="left", validate="many_to_one"
        )
        dest = dest + merged["destroyed_ha"].fillna(0.0).to_numpy()
        rest = rest + merged["restored_ha"].fillna(0.0).to_numpy()
    f = _area_factor(parsed)
    out["destroyed_ha"] = dest * f
    out["restored_ha"] = rest * f
    return out, mode


def _area_factor(parsed: Parsed) -> float:
    return factor(parsed.params["area_unit"], AREA_UNITS, "hectare")


def _mass_factor(parsed: Parsed) -> float:
    return factor(parsed.params["mass_unit"], MASS_UNITS, "metric_ton")


def inputs(parsed: Parsed) -> Inputs:
    """The engine's input and the layout of the result sheets, from a workbook without problems."""
    events = _events_frame(parsed)
    annual, mode = _annual_frame(parsed, events)
    codes_ = annual.groupby(["mine", "patch"], sort=False).ngroup().to_numpy()
    order = np.lexsort((annual["year"].to_numpy(), codes_))
    n_p = int(codes_.max()) + 1
    years = np.unique(annual["year"].to_numpy())
    first = order.reshape(n_p, len(years))[:, 0]
    zeros = np.zeros(n_p)
    area, dy, dy_obs, ry, ry_obs = zeros, zeros, zeros, zeros, zeros
    if events is not None:
        key = pd.MultiIndex.from_arrays(
            [annual["mine"].to_numpy()[first], annual["patch"].to_numpy()[first]]
        )
        ev = events.set_index(["mine", "patch"]).reindex(key)
        area = ev["area_ha"].fillna(0.0).to_numpy()
        dy = ev["destruction_year"].fillna(0.0).to_numpy()
        ry = ev["restoration_year"].fillna(0.0).to_numpy()
        dy_obs, ry_obs = _fold(dy, years), _fold(ry, years)
    return Inputs(
        annual,
        mode,
        order,
        events is not None,
        area,
        dy,
        dy_obs,
        ry,
        ry_obs,
        _area_factor(parsed),
        _mass_factor(parsed),
    )


def _fold(event_year: np.ndarray, years: np.ndarray) -> np.ndarray:
    """First observed year >= the event year; 0 for no event (0) or an event after the series."""
    idx = np.searchsorted(years, event_year, side="left")
    ok = (event_year > 0) & (idx < len(years))
    return np.where(ok, years[np.minimum(idx, len(years) - 1)], 0.0)


def parameters(parsed: Parsed) -> dict[str, float]:
    return {p.id: float(parsed.params[p.id]) for p in SPEC.params if p.kind == "number"}


# -- checks --------------------------------------------------------------------------------------
def check(parsed: Parsed) -> None:
    """Kind-specific rules on top of the generic ones (problems go to ``parsed.problems``).

    Problems at a cell the reader has already flagged are not repeated.
    """
    for pid, quantity in (("area_unit", "area"), ("mass_unit", "mass")):
        v = parsed.params.get(pid)
        if v is not None and v not in codes(quantity):
            parsed.problems.append(
                Problem(
                    parsed.param_location(pid),
                    M.UNKNOWN_UNIT.format(value=v, expected=", ".join(codes(quantity))),
                )
            )
    t = parsed.tables
    ann = t.get("annual")
    if ann is None or ann.df.empty:
        return
    flagged = {p.location for p in parsed.problems}
    _check_names(parsed, flagged)
    d = ann.df
    mode = _mode(d)
    filled = pd.concat([_num(d[c]).notna() for c in MIXED], axis=1).to_numpy()
    has_npp = _num(d["npp"]).notna().to_numpy()
    has_mixed = filled.any(axis=1)
    if mode == "mixed" and has_npp.any():
        pure = np.nonzero(has_mixed & ~has_npp)[0]
        first = int(pure[0] if len(pure) else np.nonzero(has_mixed)[0][0])
        where = ann.cell(MIXED[int(np.argmax(filled[first]))], first)
        for i in np.nonzero(has_npp)[0]:
            _add(parsed, flagged, ann.cell("npp", int(i)), M.VCS_NPP_WITH_MIXED.format(first=where))
    elif mode == "npp" and has_mixed.any():
        pure = np.nonzero(has_npp & ~has_mixed)[0]
        where = ann.cell("npp", int(pure[0] if len(pure) else np.nonzero(has_npp)[0][0]))
        for i in np.nonzero(has_mixed)[0]:
            col = MIXED[int(np.argmax(filled[i]))]
            _add(parsed, flagged, ann.cell(col, int(i)), M.VCS_MIXED_WITH_NPP.format(first=where))
    partial = has_mixed & ~filled.all(axis=1)
    if mode == "mixed":
        for i in np.nonzero(partial)[0]:
            missing = [c for c, ok in zip(MIXED, filled[i], strict=True) if not ok]
            _add(
                parsed,
                flagged,
                ann.cell(missing[0], int(i)),
                M.VCS_MIXED_INCOMPLETE.format(
                    missing=", ".join(ann.spec.field(c).en for c in missing)
                ),
            )
    events = _events_frame(parsed)
    if events is not None:
        ok_events = _check_events(parsed, flagged, events)
        if not ok_events:
            events = None
    annual, mode = _annual_frame(parsed, events)
    # the reader reports duplicates (with cells); an incomplete mixed-pixel row is reported above
    incomplete = set(np.nonzero(partial)[0].tolist()) if mode == "mixed" else set()
    row_problems = [
        p
        for p in method.validate(annual)
        if not p.message.startswith("Duplicate row:")
        and not (p.row in incomplete and p.column in MIXED)
    ]
    _add_rows(parsed, flagged, row_problems)
    if mode == "npp" and not parsed.problems:
        _check_previous_npp(parsed, flagged, annual)


def _add(parsed: Parsed, flagged: set[str], location: str, message: str) -> None:
    if location not in flagged:
        parsed.problems.append(Problem(location, message))


def _add_rows(parsed: Parsed, flagged: set[str], row_problems: list[RowProblem]) -> None:
    """Map the method's row problems onto cells, skipping cells the reader already flagged."""
    before = len(parsed.problems)
    parsed.add_row_problems(
        RowProblem(p.table, p.row, _RENAME.get(p.table, {}).get(p.column, p.column), p.message)
        for p in row_problems
    )
    added = parsed.problems[before:]
    del parsed.problems[before:]
    parsed.problems.extend(p for p in added if p.location not in flagged)


def _check_names(parsed: Parsed, flagged: set[str]) -> None:
    """Mine and patch ids are SUMIFS criteria in the result: no wildcards, no case-only twins."""
    for tid in ("annual", "events"):
        t = parsed.tables.get(tid)
        if t is None:
            continue
        seen_bad: set[tuple[str, str]] = set()
        for fid in ("mine", "patch"):
            label = t.spec.field(fid).en
            for i, v in enumerate(t.df[fid]):
                if v is None or (fid, v) in seen_bad:
                    continue
                s = str(v)
                if s.startswith(("=", "<", ">")) or any(ch in s for ch in "*?~"):
                    seen_bad.add((fid, v))
                    _add(
                        parsed, flagged, t.cell(fid, i), M.VCS_ID_NAME.format(field=label, value=s)
                    )
        # case-only twins: mines across the table, patches within a mine
        first: dict[tuple, tuple[str, int]] = {}
        reported: set[tuple] = set()
        for i, (mine, patch) in enumerate(zip(t.df["mine"], t.df["patch"], strict=True)):
            if mine is None or patch is None:
                continue
            for fid, key, value in (
                ("mine", ("m", str(mine).casefold()), str(mine)),
                ("patch", ("p", str(mine), str(patch).casefold()), str(patch)),
            ):
                if key not in first:
                    first[key] = (value, i)
                elif first[key][0] != value and (key, value) not in reported:
                    reported.add((key, value))
                    _add(
                        parsed,
                        flagged,
                        t.cell(fid, i),
                        M.VCS_ID_CASE.format(
                            field=t.spec.field(fid).en,
                            value=value,
                            other=first[key][0],
                            first=t.cell(fid, first[key][1]),
                        ),
                    )


def _check_events(parsed: Parsed, flagged: set[str], events: pd.DataFrame) -> bool:
    """Event rows: patch present in Annual, not given twice, years within the series."""
    ann, ev = parsed.tables["annual"], parsed.tables["events"]
    n_before = len(parsed.problems)
    keys = set(zip(ann.df["mine"], ann.df["patch"], strict=True))
    ev_row = {}
    for i, (mine, patch) in enumerate(zip(ev.df["mine"], ev.df["patch"], strict=True)):
        if mine is None or patch is None:
            continue
        ev_row.setdefault((mine, patch), i)
        if (mine, patch) not in keys:
            _add(
                parsed,
                flagged,
                ev.cell("patch", i),
                M.VCS_EVENT_PATCH_NOT_IN_ANNUAL.format(patch=f"{mine}/{patch}", table=ann.sheet),
            )
    for fid in ("destroyed", "restored"):
        values = _num(ann.df[fid]).to_numpy()
        label = ann.spec.field(fid).en.lower()
        for i in np.nonzero(np.nan_to_num(values) != 0)[0]:
            key = (ann.df["mine"].iloc[i], ann.df["patch"].iloc[i])
            if key in ev_row:
                _add(
                    parsed,
                    flagged,
                    ann.cell(fid, int(i)),
                    M.VCS_AREAS_GIVEN_TWICE.format(
                        patch=f"{key[0]}/{key[1]}",
                        value=f"{label} {values[i]:g}",
                        table=ev.sheet,
                        where=ev.cell("patch", ev_row[key]),
                    ),
                )
    years = np.unique(_num(ann.df["year"]).dropna().to_numpy())
    if len(years):
        try:
            method.areas_from_event_years(events, years)
        except InputError as exc:
            _add_rows(
                parsed,
                flagged,
                [p for p in exc.problems if not p.message.startswith("Duplicate row:")],
            )
    return len(parsed.problems) == n_before and not any(
        p.location.startswith(f"{ev.sheet}!") for p in parsed.problems
    )


def _check_previous_npp(parsed: Parsed, flagged: set[str], annual: pd.DataFrame) -> None:
    """A later destruction is valued at the previous observed year's NPP, so that NPP is needed."""
    ann = parsed.tables["annual"]
    code = annual.groupby(["mine", "patch"], sort=False).ngroup().to_numpy()
    order = np.lexsort((annual["year"].to_numpy(), code))
    d = annual["destroyed_ha"].to_numpy()[order]
    npp = annual["npp"].to_numpy()[order]
    same = np.r_[False, code[order][1:] == code[order][:-1]]
    prev_missing = np.r_[False, np.isnan(npp[:-1])]
    here = set(p.location for p in parsed.problems)
    for k in np.nonzero((d > 0) & same & prev_missing)[0]:
        i = int(order[k - 1])
        loc = ann.cell("npp", i)
        if loc in here:
            continue
        _add(
            parsed,
            flagged,
            loc,
            M.VCS_NPP_REQUIRED.format(
                patch=f"{annual['mine'].iloc[i]}/{annual['patch'].iloc[i]}",
                year=int(annual["year"].iloc[i]),
                reason=M.VCS_NPP_REQUIRED_PREVIOUS.format(year=int(annual["year"].iloc[order[k]])),
            ),
        )


def calculate(parsed: Parsed) -> tuple[Inputs, method.VcsResult]:
    x = inputs(parsed)
    return x, method.calculate(x.annual, parameters(parsed))


# -- result sheets -------------------------------------------------------------------------------
class _Cols:
    """Column letters of a result sheet by id, in the order given."""

    def __init__(self, ids: tuple[str, ...] | list[str]) -> None:
        self.ids = list(ids)
        self.idx = {c: i for i, c in enumerate(self.ids)}
        self.letter = {c: xl_col_to_name(i) for i, c in enumerate(self.ids)}

    def __getitem__(self, key: str) -> str:
        return self.letter[key]


def _vals(a: Any) -> list:
    """A column of engine values as plain Python values (NaN stays NaN: written as empty)."""
    return np.asarray(a).tolist()


FIRST = 5  # first data row (1-based) of every result table; headers in row 4


def write(book: ResultBook, parsed: Parsed) -> dict[str, Any]:
    """Write every result sheet; returns a short summary for the CLI."""
    lang = parsed.lang
    x, res = calculate(parsed)
    fmt = book.fmt
    mf = x.mass_f
    mass = parsed.params["mass_unit"]
    co2 = f"{mass} CO2"
    cfmt = fmt.computed_precise if mf > 1 else fmt.computed
    years = np.asarray(res.years)
    n_y = len(years)
    pat = res.patches
    n_p = len(pat)
    n = n_p * n_y
    last = FIRST + n - 1

    # Settings: unit factors as defined names.
    st = book.unit_factors(
        [
            (label(lang, "area unit → ha", "面积单位 → 公顷"), "area_unit", x.area_f, "VCS_area_factor"),
            (label(lang, "result mass unit → t", "结果质量单位 → 吨"), "mass_unit", mf, "VCS_mass_factor"),
        ]
    )
    k = float(parsed.params["g_m2_ha_to_t"])
    st.text(6, 0, label(lang, f"g CO2 m-2 × ha → {co2}", f"g CO2 m-2 × 公顷 → {co2}"))
    st.text(6, 1, co2)
    st.formula(6, 2, "=VCS_g_m2_ha_to_t/VCS_mass_factor", k / mf, fmt.computed_precise)
    st.text(6, 3, "VCS_carbon_factor")
    book.define("VCS_carbon_factor", st.ref(6, 2, True))

    py_cols = _Cols(PY_COLS)
    bl_ids = ["mine", "patch"]
    if x.has_events:
        bl_ids += ["ev_area", "ev_dy", "ev_dy_obs", "ev_ry", "ev_ry_obs"]
    bl_ids += [
        "n_pre",
        "destroyed_flag",
        "destruction_year",
        "has_line",
        "fit_from",
        "fit_to",
        "slope",
        "intercept",
        "included",
        "destroyed",
        "restored",
        "dd",
        "di",
        "c_destroy",
        "c_restore",
        "vcsd",
    ]
    bl = _Cols(bl_ids)

    patch_row = FIRST + np.arange(n_p)  # Baseline row of each patch
    block_first = FIRST + np.arange(n_p) * n_y  # PatchYear rows of each patch
    block_last = block_first + n_y - 1
    any_d = pat["destruction_year"].notna().to_numpy()
    d_idx = np.where(
        any_d, np.searchsorted(years, pat["destruction_year"].fillna(0).to_numpy()), n_y
    )
    has_line = pat["slope"].notna().to_numpy()
    included = pat["included"].to_numpy()

    _write_patch_year(book, parsed, x, res, py_cols, bl, patch_row, cfmt, co2)
    _write_baseline(
        book,
        parsed,
        x,
        res,
        py_cols,
        bl,
        block_first,
        block_last,
        d_idx,
        any_d,
        has_line,
        included,
        cfmt,
        co2,
    )

    # MineYear: SUMIFS over the included patch-years.
    my = res.mine_year
    mines = res.mines
    n_m = len(mines)
    mine_first_patch = (
        pd.Series(np.arange(n_p)).groupby(pd.factorize(pat["mine"])[0]).min().to_numpy()
    )
    my_cols = _Cols(
        [
            "mine",
            "year",
            "destroyed",
            "restored",
            "dd",
            "di",
            "c_ddper",
            "c_diper",
            "r_v",
            "r_vcs",
            "c_destroy",
            "c_restore",
            "vcsd",
            "vcsd_cum",
        ]
    )
    yr_labels = _year_labels(co2)
    ms = book.sheet("MineYear")
    ms.title(
        (f"VCS changes per mine and year ({co2})", f"分矿区、年份植被固碳变化（{co2}）"),
        (
            "Sums over the included patches of PatchYear (SUMIFS); C_ddper and C_diper in g CO2 "
            "m-2; "
            "VCSD = −(C_destroy + C_restore), Eq. (5).",
            "对 PatchYear 中纳入计算的图斑求和（SUMIFS）；C_ddper、C_diper 单位 g CO2 m-2；VCSD "
            "= −(C_destroy + C_restore)（式5）。",
        ),
    )
    ms.headers(
        3,
        [("Mine", "矿区"), ("Year", "年份"), *yr_labels],
        widths=[14, 8] + [15] * (len(my_cols.ids) - 2),
    )
    pyr = lambda c: f"PatchYear!${py_cols[c]}${FIRST}:${py_cols[c]}${last}"  # noqa: E731
    rows = FIRST + np.arange(n_m * n_y)
    mine_row_first = np.repeat(patch_row[mine_first_patch], n_y)
    year_src = np.repeat(block_first[mine_first_patch], n_y) + np.tile(np.arange(n_y), n_m)
    ms.column(4, 0, [f"=Baseline!{bl['mine']}{r}" for r in mine_row_first], _vals(my["mine"]))
    ms.column(4, 1, [f"=PatchYear!{py_cols['year']}{r}" for r in year_src], _vals(my["year"]))
    crit = f"{pyr('mine')},$A{{r}},{pyr('year')},$B{{r}},{pyr('included')},1"
    for cid, src, vals, f in (
        ("destroyed", "destroyed", my["destroyed_ha"], fmt.computed),
        ("restored", "restored", my["restored_ha"], fmt.computed),
        ("dd", "dd", my["direct_decrease_t"] / mf, cfmt),
        ("di", "di", my["direct_increase_t"] / mf, cfmt),
        ("c_destroy", "c_destroy", my["c_destroy_t"] / mf, cfmt),
        ("c_restore", "c_restore", my["c_restore_t"] / mf, cfmt),
    ):
        tmpl = f"=SUMIFS({pyr(src)},{crit})"
        ms.column(4, my_cols.idx[cid], [tmpl.format(r=r) for r in rows], _vals(vals), f)
    _ratio_columns(ms, my_cols, rows, my, k, fmt)
    c = my_cols
    ms.column(
        4,
        c.idx["vcsd"],
        [f"=-({c['c_destroy']}{r}+{c['c_restore']}{r})" for r in rows],
        _vals(my["vcsd_t"] / mf),
        cfmt,
    )
    ms.column(
        4,
        c.idx["vcsd_cum"],
        [f"=IF(A{r}=A{r - 1},{c['vcsd_cum']}{r - 1},0)+{c['vcsd']}{r}" for r in rows],
        _vals(my["vcsd_cumulative_t"] / mf),
        cfmt,
    )
    my_last = FIRST + n_m * n_y - 1

    # TotalYear: SUMIFS over MineYear by year.
    ty = res.total_year
    ts = book.sheet("TotalYear")
    ts.title(
        (f"VCS changes of all mines per year ({co2})", f"全部矿区逐年植被固碳变化（{co2}）"),
        (
            "Sums over MineYear (SUMIFS); cumulative VCSD as in the paper's Fig. 2d.",
            "对 MineYear 求和（SUMIFS）；累计 VCSD 对应论文图 2d。",
        ),
    )
    t_cols = _Cols(["year", *my_cols.ids[2:]])
    ts.headers(3, [("Year", "年份"), *yr_labels], widths=[8] + [15] * (len(t_cols.ids) - 1))
    trows = FIRST + np.arange(n_y)
    myr = lambda cid: f"MineYear!${my_cols[cid]}${FIRST}:${my_cols[cid]}${my_last}"  # noqa: E731
    ts.column(4, 0, [f"=MineYear!B{FIRST + j}" for j in range(n_y)], _vals(ty["year"]))
    for cid, vals, f in (
        ("destroyed", ty["destroyed_ha"], fmt.computed),
        ("restored", ty["restored_ha"], fmt.computed),
        ("dd", ty["direct_decrease_t"] / mf, cfmt),
        ("di", ty["direct_increase_t"] / mf, cfmt),
        ("c_destroy", ty["c_destroy_t"] / mf, cfmt),
        ("c_restore", ty["c_restore_t"] / mf, cfmt),
    ):
        ts.column(
            4,
            t_cols.idx[cid],
            [f"=SUMIFS({myr(cid)},{myr('year')},$A{r})" for r in trows],
            _vals(vals),
            f,
        )
    _ratio_columns(ts, t_cols, trows, ty, k, fmt)
    ts.column(
        4,
        t_cols.idx["vcsd"],
        [f"=-({t_cols['c_destroy']}{r}+{t_cols['c_restore']}{r})" for r in trows],
        _vals(ty["vcsd_t"] / mf),
        cfmt,
    )
    vc = t_cols["vcsd"]
    ts.column(
        4,
        t_cols.idx["vcsd_cum"],
        [f"=SUM({vc}${FIRST}:{vc}{r})" for r in trows],
        _vals(ty["vcsd_cumulative_t"] / mf),
        cfmt,
    )
    ty_last = FIRST + n_y - 1

    # Mines: the whole series per mine, then the total.
    tot = res.total.iloc[0]
    mc = _Cols(
        [
            "mine",
            "patches",
            "excluded",
            "excluded_destroyed",
            "destroyed",
            "restored",
            "dd",
            "di",
            "r_v",
            "r_vcs",
            "c_destroy",
            "c_restore",
            "vcsd",
            "c_restore_per_ha",
        ]
    )
    mn = book.sheet("Mines")
    mn.title(
        (
            f"VCS dynamics per mine and in total, whole series ({co2})",
            f"分矿区及合计的植被固碳动态（整个序列，{co2}）",
        ),
        (
            "Patches with fewer pre-destruction years than VCS_min_baseline_years have no "
            "baseline: they are "
            "left out of every sum and counted under 'excluded'. VCSD > 0 is a net loss.",
            "破坏前年数少于 VCS_min_baseline_years 的图斑无基线，不计入任何合计，单列为“排除”。VC"
            "SD > 0 表示净损失。",
        ),
    )
    mn.headers(
        3,
        [
            ("Mine", "矿区"),
            ("Patches", "图斑数"),
            ("Excluded patches", "排除图斑数"),
            ("Destroyed area of excluded patches (ha)", "排除图斑破坏面积（公顷）"),
            ("Destroyed (ha)", "破坏面积（公顷）"),
            ("Restored (ha)", "修复面积（公顷）"),
            (f"Direct decrease ({co2})", f"直接减少（{co2}）"),
            (f"Direct increase ({co2})", f"直接增加（{co2}）"),
            "R_V",
            "R_VCS",
            f"C_destroy ({co2})",
            f"C_restore ({co2})",
            f"VCSD ({co2})",
            (
                "C_restore per restored area (g CO2 m-2)",
                "单位修复面积 C_restore（g CO2 m-2）",
            ),
        ],
        widths=[14, 9, 10, 16, 14, 14, 15, 15, 9, 9, 15, 15, 15, 16],
    )
    mrows = FIRST + np.arange(n_m)
    blr = lambda cid: f"Baseline!${bl[cid]}${FIRST}:${bl[cid]}${FIRST + n_p - 1}"  # noqa: E731
    mn.column(4, 0, [f"=MineYear!A{FIRST + m * n_y}" for m in range(n_m)], _vals(mines["mine"]))
    mn.column(4, 1, [f"=COUNTIFS({blr('mine')},$A{r})" for r in mrows], _vals(mines["patches"]))
    mn.column(
        4,
        2,
        [f"=COUNTIFS({blr('mine')},$A{r},{blr('included')},0)" for r in mrows],
        _vals(mines["excluded_patches"]),
    )
    mn.column(
        4,
        3,
        [f"=SUMIFS({blr('destroyed')},{blr('mine')},$A{r},{blr('included')},0)" for r in mrows],
        _vals(mines["excluded_destroyed_ha"]),
        fmt.computed,
    )
    for cid, vals, f in (
        ("destroyed", mines["destroyed_ha"], fmt.computed),
        ("restored", mines["restored_ha"], fmt.computed),
        ("dd", mines["direct_decrease_t"] / mf, cfmt),
        ("di", mines["direct_increase_t"] / mf, cfmt),
        ("c_destroy", mines["c_destroy_t"] / mf, cfmt),
        ("c_restore", mines["c_restore_t"] / mf, cfmt),
    ):
        mn.column(
            4,
            mc.idx[cid],
            [f"=SUMIFS({myr(cid)},{myr('mine')},$A{r})" for r in mrows],
            _vals(vals),
            f,
        )
    _period_ratios(mn, mc, list(mrows), mines, k, mf, fmt, cfmt)
    # total row
    rt = FIRST + n_m + 1  # one empty row between the mines and the total
    r0 = rt - 1
    mn.text(r0, 0, label(lang, "Total", "合计"), fmt.header)
    for cid, val, f in (
        ("patches", tot["patches"], None),
        ("excluded", tot["excluded_patches"], None),
        ("excluded_destroyed", tot["excluded_destroyed_ha"], fmt.computed),
        ("destroyed", tot["destroyed_ha"], fmt.computed),
        ("restored", tot["restored_ha"], fmt.computed),
        ("dd", tot["direct_decrease_t"] / mf, cfmt),
        ("di", tot["direct_increase_t"] / mf, cfmt),
        ("c_destroy", tot["c_destroy_t"] / mf, cfmt),
        ("c_restore", tot["c_restore_t"] / mf, cfmt),
    ):
        col = mc[cid]
        mn.formula(r0, mc.idx[cid], f"=SUM({col}{FIRST}:{col}{FIRST + n_m - 1})", _py(val), f)
    _period_ratios(mn, mc, [rt], res.total, k, mf, fmt, cfmt)

    # Checks.
    m_tot = lambda cid: f"Mines!{mc[cid]}{rt}"  # noqa: E731
    ty_sum = lambda cid: f"=SUM(TotalYear!{t_cols[cid]}{FIRST}:{t_cols[cid]}{ty_last})"  # noqa: E731
    pysum = lambda cid: f"SUM({pyr(cid)})"  # noqa: E731
    py = res.patch_year
    exc = ~pat["included"].to_numpy()
    checks = [
        (
            label(
                lang,
                "Destroyed area of all patch-years (PatchYear) = included + excluded (Mines "
                "total, ha)",
                "全部图斑年破坏面积 = 纳入 + 排除（Mines 合计，公顷）",
            ),
            "=" + pysum("destroyed"),
            float(py["destroyed_ha"].sum()),
            f"={m_tot('destroyed')}+{m_tot('excluded_destroyed')}",
            float(tot["destroyed_ha"] + tot["excluded_destroyed_ha"]),
        ),
        (
            label(
                lang,
                "Restored area of all patch-years = Mines total + restored area of excluded "
                "patches (ha)",
                "全部图斑年修复面积 = Mines 合计 + 排除图斑修复面积（公顷）",
            ),
            "=" + pysum("restored"),
            float(py["restored_ha"].sum()),
            f"={m_tot('restored')}+SUMIFS({blr('restored')},{blr('included')},0)",
            float(tot["restored_ha"] + pat.loc[exc, "restored_ha"].sum()),
        ),
    ]
    for cid, label_en, label_zh, col in (
        ("dd", "Direct decrease", "直接减少", "direct_decrease_t"),
        ("di", "Direct increase", "直接增加", "direct_increase_t"),
        ("c_destroy", "C_destroy", "C_destroy", "c_destroy_t"),
        ("c_restore", "C_restore", "C_restore", "c_restore_t"),
        ("vcsd", "VCSD", "VCSD", "vcsd_t"),
    ):
        checks.append(
            (
                label(
                    lang,
                    f"{label_en}: sum over mines (Mines total) = sum over years (TotalYear), {co2}",
                    f"{label_zh}：各矿区之和 = 各年份之和（{co2}）",
                ),
                "=" + m_tot(cid),
                float(tot[col]) / mf,
                ty_sum(cid),
                float(ty[col].sum()) / mf,
            )
        )
    inc_patch = pat.loc[~exc]
    checks += [
        (
            label(
                lang,
                f"VCSD: sum over included patches (Baseline) = Mines total, {co2}",
                f"VCSD：纳入图斑之和（Baseline）= Mines 合计（{co2}）",
            ),
            f"=SUMIFS({blr('vcsd')},{blr('included')},1)",
            float(inc_patch["vcsd_t"].sum()) / mf,
            "=" + m_tot("vcsd"),
            float(tot["vcsd_t"]) / mf,
        ),
        (
            label(
                lang,
                f"Cumulative VCSD of the last year (TotalYear) = Mines total VCSD, {co2}",
                f"末年累计 VCSD（TotalYear）= Mines 合计 VCSD（{co2}）",
            ),
            f"=TotalYear!{t_cols['vcsd_cum']}{ty_last}",
            float(ty["vcsd_cumulative_t"].iloc[-1]) / mf,
            "=" + m_tot("vcsd"),
            float(tot["vcsd_t"]) / mf,
        ),
        (
            label(
                lang,
                "Restored area so far never exceeds destroyed area so far: least unrestored area "
                "(PatchYear, ha; 0 when every patch-year is ≥ 0)",
                "累计修复面积不超过累计破坏面积：最小未修复面积（PatchYear，公顷；均 ≥ 0 时为 0）",
            ),
            f"=MIN(0,MIN({pyr('unrestored')}))",
            float(min(0.0, py["unrestored_ha"].min())),
            "=0",
            0.0,
        ),
    ]
    book.checks(checks)

    summary_total = {
        "destroyed_ha": float(tot["destroyed_ha"]),
        "restored_ha": float(tot["restored_ha"]),
        "direct_decrease": float(tot["direct_decrease_t"]) / mf,
        "direct_increase": float(tot["direct_increase_t"]) / mf,
        "c_destroy": float(tot["c_destroy_t"]) / mf,
        "c_restore": float(tot["c_restore_t"]) / mf,
        "vcsd": float(tot["vcsd_t"]) / mf,
        "r_v": _py(tot["r_v"]),
        "r_vcs": _py(tot["r_vcs"]),
    }
    gap = f" (missing {', '.join(map(str, res.missing_years))})" if res.missing_years else ""
    return {
        "mines": n_m,
        "patches": n_p,
        "excluded_patches": int(tot["excluded_patches"]),
        "years": [int(y) for y in years],
        "missing_years": list(res.missing_years),
        "unit": co2,
        "total": summary_total,
        "headline": (
            f"{n_m} mines, {n_p} patches, {years[0]}–{years[-1]}{gap}; "
            f"VCSD {summary_total['vcsd']:,.4g} {co2}, R_V {_fmt(summary_total['r_v'])}, "
            f"R_VCS {_fmt(summary_total['r_vcs'])}"
        ),
    }


def _py(v: Any) -> Any:
    v = v.item() if hasattr(v, "item") else v
    return None if isinstance(v, float) and not np.isfinite(v) else v


def _fmt(v: Any) -> str:
    return "–" if v is None else f"{v:.3g}"


def _year_labels(co2: str) -> list[Label]:
    return [
        ("Destroyed (ha)", "破坏面积（公顷）"),
        ("Restored (ha)", "修复面积（公顷）"),
        (f"Direct decrease ({co2})", f"直接减少（{co2}）"),
        (f"Direct increase ({co2})", f"直接增加（{co2}）"),
        "C_ddper (g CO2 m-2)",
        "C_diper (g CO2 m-2)",
        "R_V",
        "R_VCS",
        f"C_destroy ({co2})",
        f"C_restore ({co2})",
        f"VCSD ({co2})",
        (f"VCSD cumulative ({co2})", f"累计 VCSD（{co2}）"),
    ]


def _ratio_columns(
    s: OutSheet, c: _Cols, rows: np.ndarray, df: pd.DataFrame, k: float, fmt: Any
) -> None:
    """C_ddper, C_diper (g CO2 m-2), R_V, R_VCS of a per-year table; empty where not defined."""
    d, r, dd, di = c["destroyed"], c["restored"], c["dd"], c["di"]
    s.column(
        4,
        c.idx["c_ddper"],
        [f'=IF({d}{i}>0,{dd}{i}/{d}{i}/VCS_carbon_factor,"")' for i in rows],
        _vals(df["c_ddper_t_per_ha"] / k),
        fmt.computed,
    )
    s.column(
        4,
        c.idx["c_diper"],
        [f'=IF({r}{i}>0,{di}{i}/{r}{i}/VCS_carbon_factor,"")' for i in rows],
        _vals(df["c_diper_t_per_ha"] / k),
        fmt.computed,
    )
    s.column(
        4,
        c.idx["r_v"],
        [f'=IF({d}{i}>0,{r}{i}/{d}{i},"")' for i in rows],
        _vals(df["r_v"]),
        fmt.computed_precise,
    )
    s.column(
        4,
        c.idx["r_vcs"],
        [f'=IF({dd}{i}>0,{di}{i}/{dd}{i},"")' for i in rows],
        _vals(df["r_vcs"]),
        fmt.computed_precise,
    )


def _period_ratios(
    s: OutSheet,
    c: _Cols,
    rows: list[int],
    df: pd.DataFrame,
    k: float,
    mf: float,
    fmt: Any,
    cfmt: Any,
) -> None:
    """R_V, R_VCS, VCSD and C_restore per restored area of the Mines sheet (rows 1-based)."""
    d, r, dd, di = c["destroyed"], c["restored"], c["dd"], c["di"]
    cd, cr = c["c_destroy"], c["c_restore"]
    for j, i in enumerate(rows):
        row = df.iloc[j]
        s.formula(
            i - 1,
            c.idx["r_v"],
            f'=IF({d}{i}>0,{r}{i}/{d}{i},"")',
            _py(row["r_v"]),
            fmt.computed_precise,
        )
        s.formula(
            i - 1,
            c.idx["r_vcs"],
            f'=IF({dd}{i}>0,{di}{i}/{dd}{i},"")',
            _py(row["r_vcs"]),
            fmt.computed_precise,
        )
        s.formula(i - 1, c.idx["vcsd"], f"=-({cd}{i}+{cr}{i})", _py(row["vcsd_t"]) / mf, cfmt)
        s.formula(
            i - 1,
            c.idx["c_restore_per_ha"],
            f'=IF({r}{i}>0,{cr}{i}/{r}{i}/VCS_carbon_factor,"")',
            _py(row["c_restore_per_restored_ha"] / k),
            fmt.computed,
        )


def _write_patch_year(
    book: ResultBook,
    parsed: Parsed,
    x: Inputs,
    res: method.VcsResult,
    c: _Cols,
    bl: _Cols,
    patch_row: np.ndarray,
    cfmt: Any,
    co2: str,
) -> None:
    fmt = book.fmt
    ann = parsed.tables["annual"]
    py = res.patch_year
    n_y = len(res.years)
    n = len(py)
    mf = x.mass_f
    s = book.sheet("PatchYear")
    s.title(
        (
            f"VCS per patch and observed year (Eqs. 1–2, 4; changes in {co2})",
            f"逐图斑逐年植被固碳（式1—2、4；变化量单位 {co2}）",
        ),
        (
            "Sorted by patch, then year: each patch's pre-destruction years form one block for "
            "SLOPE/"
            "INTERCEPT (Baseline). 'Previous year' is the previous observed year; a missing year "
            "adds nothing.",
            "按图斑、年份排序：每个图斑的破坏前年份为连续区域，供 Baseline 表 SLOPE/INTERCEPT "
            "使用。"
            "“上一年”指上一观测年；缺测年不计。",
        ),
    )
    s.headers(
        3,
        [
            ("Mine", "矿区"),
            ("Patch", "图斑"),
            ("Year", "年份"),
            f"NPP_a ({NPP_UNIT})",
            "VCS (g CO2 m-2 a-1)",
            ("Destroyed (ha)", "破坏面积（公顷）"),
            ("Restored (ha)", "修复面积（公顷）"),
            ("Destroyed so far (ha)", "累计破坏（公顷）"),
            ("Restored so far (ha)", "累计修复（公顷）"),
            ("Unrestored (ha)", "未修复（公顷）"),
            ("VCS previous year (g CO2 m-2 a-1)", "上一年 VCS（g CO2 m-2 a-1）"),
            ("Baseline VCS (g CO2 m-2 a-1)", "基线 VCS（g CO2 m-2 a-1）"),
            (f"Direct decrease ({co2})", f"直接减少（{co2}）"),
            (f"Direct increase ({co2})", f"直接增加（{co2}）"),
            f"C_destroy ({co2})",
            f"C_restore ({co2})",
            ("Included (1/0)", "纳入计算（1/0）"),
        ],
        widths=[12, 12, 8, 14, 14, 12, 12, 12, 12, 12, 14, 14, 14, 14, 14, 14, 10],
    )
    rows = list(range(FIRST, FIRST + n))
    arow = (np.asarray(ann.rows)[x.order] + 1).tolist()  # Annual row (1-based) of each patch-year
    brow = np.repeat(patch_row, n_y).tolist()  # Baseline row of each patch-year
    q = quote_sheet(ann.sheet) + "!"
    A = {f: xl_col_to_name(col) for f, col in ann.cols.items()}
    s.column(4, 0, [f"={q}{A['mine']}{a}" for a in arow], _vals(py["mine"]))
    s.column(4, 1, [f"={q}{A['patch']}{a}" for a in arow], _vals(py["patch"]))
    s.column(4, 2, [f"={q}{A['year']}{a}" for a in arow], _vals(py["year"]))
    if x.mode == "npp":
        npp = [f'=IF({q}{A["npp"]}{a}="","",{q}{A["npp"]}{a})' for a in arow]
    else:
        b, bg, sa, sv = (f"{q}{A[f]}" for f in MIXED)
        npp = [f"=IF({sv}{a}>0,({b}{a}*{sa}{a}-{bg}{a}*({sa}{a}-{sv}{a}))/{sv}{a},0)" for a in arow]
    s.column(4, 3, npp, _vals(py["npp_a"]), fmt.computed)
    D, E = c["npp_a"], c["vcs"]
    s.column(
        4,
        4,
        [
            f'=IF({D}{r}="","",{D}{r}*VCS_npp_to_organic_matter*VCS_organic_matter_to_co2)'
            for r in rows
        ],
        _vals(py["vcs"]),
        fmt.computed,
    )
    for cid, fid, ev in (
        ("destroyed", "destroyed", "ev_dy_obs"),
        ("restored", "restored", "ev_ry_obs"),
    ):
        col = f"{q}{A[fid]}"
        if x.has_events:
            f = [
                f"=({col}{a}+IF(C{r}=Baseline!${bl[ev]}${b},Baseline!${bl['ev_area']}${b},0))*VCS_area_factor"
                for a, r, b in zip(arow, rows, brow, strict=True)
            ]
        else:
            f = [f"={col}{a}*VCS_area_factor" for a in arow]
        s.column(4, c.idx[cid], f, _vals(py[f"{cid}_ha"]), fmt.computed)
    for cid, src, key in (
        ("destroyed_cum", "destroyed", "destroyed_cum_ha"),
        ("restored_cum", "restored", "restored_cum_ha"),
    ):
        L, S = c[cid], c[src]
        s.column(
            4,
            c.idx[cid],
            [f"=IF((A{r}=A{r - 1})*(B{r}=B{r - 1}),{L}{r - 1},0)+{S}{r}" for r in rows],
            _vals(py[key]),
            fmt.computed,
        )
    H, Ic, J, K, Lb = (
        c["destroyed_cum"],
        c["restored_cum"],
        c["unrestored"],
        c["vcs_prev"],
        c["baseline"],
    )
    F, G = c["destroyed"], c["restored"]
    s.column(
        4,
        c.idx["unrestored"],
        [f"={H}{r}-{Ic}{r}" for r in rows],
        _vals(py["unrestored_ha"]),
        fmt.computed,
    )
    s.column(
        4,
        c.idx["vcs_prev"],
        [f'=IF((A{r}=A{r - 1})*(B{r}=B{r - 1}),{E}{r - 1},"")' for r in rows],
        _vals(py["vcs_previous"]),
        fmt.computed,
    )
    hl, dyr, sl, ic = bl["has_line"], bl["destruction_year"], bl["slope"], bl["intercept"]
    s.column(
        4,
        c.idx["baseline"],
        [
            f'=IF(Baseline!${hl}${b}=1,IF(C{r}>=Baseline!${dyr}${b},Baseline!${sl}${b}*C{r}+Baseline!${ic}${b},""),"")'
            for r, b in zip(rows, brow, strict=True)
        ],
        _vals(py["baseline_vcs"]),
        fmt.computed,
    )
    s.column(
        4,
        c.idx["dd"],
        [f'=IF({F}{r}>0,IFERROR({F}{r}*{K}{r}*VCS_carbon_factor,""),0)' for r in rows],
        _vals(py["direct_decrease_t"] / mf),
        cfmt,
    )
    s.column(
        4,
        c.idx["di"],
        [f'=IF({G}{r}>0,IFERROR({G}{r}*{E}{r}*VCS_carbon_factor,""),0)' for r in rows],
        _vals(py["direct_increase_t"] / mf),
        cfmt,
    )
    s.column(
        4,
        c.idx["c_destroy"],
        [f'=IF({J}{r}>0,IFERROR(-{J}{r}*{Lb}{r}*VCS_carbon_factor,""),0)' for r in rows],
        _vals(py["c_destroy_t"] / mf),
        cfmt,
    )
    s.column(
        4,
        c.idx["c_restore"],
        [f'=IF({Ic}{r}>0,IFERROR({Ic}{r}*({E}{r}-{Lb}{r})*VCS_carbon_factor,""),0)' for r in rows],
        _vals(py["c_restore_t"] / mf),
        cfmt,
    )
    s.column(
        4,
        c.idx["included"],
        [f"=Baseline!${bl['included']}${b}" for b in brow],
        _vals(py["included"].astype(int)),
    )
    s.ws.freeze_panes(4, 3)


def _write_baseline(
    book: ResultBook,
    parsed: Parsed,
    x: Inputs,
    res: method.VcsResult,
    py_cols: _Cols,
    c: _Cols,
    block_first: np.ndarray,
    block_last: np.ndarray,
    d_idx: np.ndarray,
    any_d: np.ndarray,
    has_line: np.ndarray,
    included: np.ndarray,
    cfmt: Any,
    co2: str,
) -> None:
    fmt = book.fmt
    pat = res.patches
    py = res.patch_year
    years = np.asarray(res.years)
    n_p, n_y = len(pat), len(years)
    mf = x.mass_f
    s = book.sheet("Baseline")
    s.title(
        (
            "Undisturbed baseline per patch (Eqs. 3–4) and patch totals",
            "逐图斑未扰动基线（式3—4）与图斑合计",
        ),
        (
            "Slope and intercept are SLOPE/INTERCEPT over the patch's pre-destruction years in "
            "PatchYear "
            "(the cell ranges are fixed by fill; re-run fill after changing inputs). Baseline = "
            "a·year + b "
            "from the destruction year on.",
            "斜率与截距为 PatchYear 中该图斑破坏前各年的 SLOPE/INTERCEPT（区域由 fill "
            "确定，修改输入后请重新运行 fill）。"
            "自破坏年起基线 = a·年份 + b。",
        ),
    )
    heads: dict[str, Label] = {
        "mine": ("Mine", "矿区"),
        "patch": ("Patch", "图斑"),
        "ev_area": ("Events: area (area unit)", "事件：面积（面积单位）"),
        "ev_dy": ("Events: destruction year", "事件：破坏年份"),
        "ev_dy_obs": ("Destruction counted in (observed year)", "破坏计入观测年"),
        "ev_ry": ("Events: restoration year", "事件：修复年份"),
        "ev_ry_obs": ("Restoration counted in (observed year)", "修复计入观测年"),
        "n_pre": ("Pre-destruction years", "破坏前年数"),
        "destroyed_flag": ("Destroyed (1/0)", "曾被破坏（1/0）"),
        "destruction_year": ("Destruction year", "破坏年份"),
        "has_line": ("Baseline fitted (1/0)", "已拟合基线（1/0）"),
        "fit_from": ("Fit from", "拟合起始年"),
        "fit_to": ("Fit to", "拟合终止年"),
        "slope": "a = SLOPE (g CO2 m-2 a-2)",
        "intercept": "b = INTERCEPT (g CO2 m-2 a-1)",
        "included": ("Included (1/0)", "纳入计算（1/0）"),
        "destroyed": ("Destroyed (ha)", "破坏面积（公顷）"),
        "restored": ("Restored (ha)", "修复面积（公顷）"),
        "dd": (f"Direct decrease ({co2})", f"直接减少（{co2}）"),
        "di": (f"Direct increase ({co2})", f"直接增加（{co2}）"),
        "c_destroy": f"C_destroy ({co2})",
        "c_restore": f"C_restore ({co2})",
        "vcsd": f"VCSD ({co2})",
    }
    s.headers(
        3, [heads[i] for i in c.ids], widths=[12 if i in ("mine", "patch") else 13 for i in c.ids]
    )
    rows = FIRST + np.arange(n_p)
    P = py_cols
    pr = lambda col, a, b: f"PatchYear!${P[col]}${a}:${P[col]}${b}"  # noqa: E731
    s.column(4, c.idx["mine"], [f"=PatchYear!A{a}" for a in block_first], _vals(pat["mine"]))
    s.column(4, c.idx["patch"], [f"=PatchYear!B{a}" for a in block_first], _vals(pat["patch"]))
    if x.has_events:
        ev = parsed.tables["events"]
        crit = f"{ev.col_range('mine')},{c['mine']}{{r}},{ev.col_range('patch')},{c['patch']}{{r}}"
        for cid, fid, vals in (
            ("ev_area", "area", x.event_area),
            ("ev_dy", "destruction_year", x.event_dy),
            ("ev_ry", "restoration_year", x.event_ry),
        ):
            tmpl = f"=SUMIFS({ev.col_range(fid)},{crit})"
            s.column(
                4,
                c.idx[cid],
                [tmpl.format(r=r) for r in rows],
                _vals(vals),
                fmt.computed if cid == "ev_area" else None,
            )
        # the observed year an event counts in: the first observed year >= the event year
        year_ranges = [pr("year", a, b) for a, b in zip(block_first, block_last, strict=True)]
        for cid, src, vals in (
            ("ev_dy_obs", "ev_dy", x.event_dy_obs),
            ("ev_ry_obs", "ev_ry", x.event_ry_obs),
        ):
            e = c[src]
            s.column(
                4,
                c.idx[cid],
                [
                    f'=IF({e}{r}=0,0,IFERROR(INDEX({yrs},COUNTIFS({yrs},"<"&{e}{r})+1),0))'
                    for r, yrs in zip(rows, year_ranges, strict=True)
                ],
                _vals(vals),
            )
    npre, dfl, hl = c["n_pre"], c["destroyed_flag"], c["has_line"]
    s.column(
        4,
        c.idx["n_pre"],
        [
            f"=COUNTIFS({pr('destroyed_cum', a, b)},0)"
            for a, b in zip(block_first, block_last, strict=True)
        ],
        _vals(d_idx),
    )
    s.column(
        4,
        c.idx["destroyed_flag"],
        [f"=IF(PatchYear!{P['destroyed_cum']}{b}>0,1,0)" for b in block_last],
        _vals(any_d.astype(int)),
    )
    s.column(
        4,
        c.idx["destruction_year"],
        [
            f'=IF({dfl}{r}=1,INDEX({pr("year", a, b)},{npre}{r}+1),"")'
            for r, a, b in zip(rows, block_first, block_last, strict=True)
        ],
        _vals(pat["destruction_year"]),
    )
    s.column(
        4,
        c.idx["has_line"],
        [f"=IF({dfl}{r}*({npre}{r}>=VCS_min_baseline_years),1,0)" for r in rows],
        _vals(has_line.astype(int)),
    )
    # the fitted block: the first max(n_pre, 1) rows of the patch (IF leaves unused ranges alone)
    fit_last = block_first + np.maximum(np.minimum(d_idx, n_y), 1) - 1
    first_year = np.where(has_line, years[0], np.nan)
    last_year = np.where(has_line, years[np.clip(d_idx - 1, 0, n_y - 1)], np.nan)
    s.column(
        4,
        c.idx["fit_from"],
        [
            f'=IF({hl}{r}=1,PatchYear!{P["year"]}{a},"")'
            for r, a in zip(rows, block_first, strict=True)
        ],
        _vals(first_year),
    )
    s.column(
        4,
        c.idx["fit_to"],
        [
            f'=IF({hl}{r}=1,PatchYear!{P["year"]}{e},"")'
            for r, e in zip(rows, fit_last, strict=True)
        ],
        _vals(last_year),
    )
    for cid, fn in (("slope", "SLOPE"), ("intercept", "INTERCEPT")):
        s.column(
            4,
            c.idx[cid],
            [
                f'=IF({hl}{r}=1,{fn}({pr("vcs", a, e)},{pr("year", a, e)}),"")'
                for r, a, e in zip(rows, block_first, fit_last, strict=True)
            ],
            _vals(pat[cid]),
            fmt.computed_precise,
        )
    s.column(
        4,
        c.idx["included"],
        [f"=IF({dfl}{r}=1,{hl}{r},1)" for r in rows],
        _vals(included.astype(int)),
    )
    for cid, key in (("destroyed", "destroyed_ha"), ("restored", "restored_ha")):
        s.column(
            4,
            c.idx[cid],
            [f"=SUM({pr(cid, a, b)})" for a, b in zip(block_first, block_last, strict=True)],
            _vals(pat[key]),
            fmt.computed,
        )
    grid = lambda key: py[key].to_numpy(dtype=float).reshape(n_p, n_y) / mf  # noqa: E731
    for cid, key in (("dd", "direct_decrease_t"), ("di", "direct_increase_t")):
        # SUM skips empty cells (a direct decrease without a previous observed year)
        s.column(
            4,
            c.idx[cid],
            [f"=SUM({pr(cid, a, b)})" for a, b in zip(block_first, block_last, strict=True)],
            _vals(np.nansum(grid(key), axis=1)),
            cfmt,
        )
    inc = c["included"]
    for cid, key in (("c_destroy", "c_destroy_t"), ("c_restore", "c_restore_t")):
        s.column(
            4,
            c.idx[cid],
            [
                f'=IF({inc}{r}=1,SUM({pr(cid, a, b)}),"")'
                for r, a, b in zip(rows, block_first, block_last, strict=True)
            ],
            _vals(np.where(included, pat[key] / mf, np.nan)),
            cfmt,
        )
    cd, cr = c["c_destroy"], c["c_restore"]
    s.column(
        4,
        c.idx["vcsd"],
        [f'=IF({inc}{r}=1,-({cd}{r}+{cr}{r}),"")' for r in rows],
        _vals(np.where(included, pat["vcsd_t"] / mf, np.nan)),
        cfmt,
    )
    s.ws.freeze_panes(4, 2)
