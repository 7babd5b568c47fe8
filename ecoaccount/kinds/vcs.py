"""The VCS template (vegetation carbon sequestration dynamics, paper 002): declaration, checks,
result sheets.

The declaration below is the only list of this template's tables, fields and parameters. The
result sheets render the quantities of ``ecoaccount.methods.vcs`` (Eqs. (1)-(5), R_V, R_VCS) as
live formulas with the engine's values:

* ``PatchYear``: one row per patch and observed year, patches grouped by mine (mines in order of
  first appearance, patches in input order within a mine), years ascending, so that the
  pre-destruction years of a patch are one contiguous block of cells and every mine's rows are one
  block too;
* ``Baseline``: one row per patch, Eqs. (3)-(4) as ``SLOPE``/``INTERCEPT`` over exactly that block;
* ``MineYear``, ``TotalYear``, ``Mines`` (and the total of all mines below them): sums, C_ddper,
  C_diper, R_V, R_VCS and VCSD (Eq. (5)). A per-mine sum reads only that mine's block of rows (the
  bounds are fixed by fill, as the SLOPE/INTERCEPT ranges are), so recalculating the workbook costs
  time linear in its rows;
* ``Settings`` (unit factors as defined names), ``Checks`` and ``Audit``.

The result sheets are declared once (``OUTPUTS``, built by ``outputs``) and rendered by the generic
writer; the engine's tables come by output id from ``VcsResult.frames``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from ecoaccount import messages as M
from ecoaccount.data import load_table
from ecoaccount.errors import InputError
from ecoaccount.kinds.common import chosen_unit, key_column
from ecoaccount.methods import vcs as method
from ecoaccount.outputs import (
    DIMENSIONLESS,
    Chart,
    Figure,
    Format,
    OutputSpec,
    ResultColumn,
    ResultSheet,
    ResultTable,
    UnitChoice,
    render_unit,
    summary_figures,
)
from ecoaccount.problems import Problem, RowProblem
from ecoaccount.spec import Field, Param, TableSpec, TemplateSpec, unit_choice
from ecoaccount.units import AREA_UNITS, MASS_UNITS, codes, factor
from ecoaccount.workbook.reader import Parsed
from ecoaccount.workbook.sheets import Layout, write_sheets
from ecoaccount.workbook.writer import ResultBook, label

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
        "5. Run `ecoaccount check FILE` to list every problem at once, then `ecoaccount fill FILE -o OUT.xlsx`.",
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
        "4. “参数”表：面积单位、结果质量单位（t 或 Gg CO2）、式(2)系数 2.2 与 1.63、基线回归所需最少破坏前年数（2）。",
        "5. 运行 `ecoaccount check 文件` 一次列出全部问题，然后运行 `ecoaccount fill 文件 -o 结果.xlsx`。",
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
            "Optional, instead of the yearly areas: one row per patch with its destruction and restoration year.",
            "可选，代替逐年面积：每个图斑一行，填写面积、破坏年份与修复年份。",
            key=("mine", "patch"),
            blank_rows=20,
            min_rows=0,
        ),
    ),
    params=(
        unit_choice("area_unit", "Area unit of Annual and Events", "面积单位", "ha", "area_unit"),
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
    frames = parsed.derived.get("vcs_frames")
    if frames is not None:  # ``check`` built and validated them
        events, annual, mode = frames
    else:
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
        key = pd.MultiIndex.from_arrays([annual["mine"].to_numpy()[first], annual["patch"].to_numpy()[first]])
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
                    M.UNKNOWN_UNIT.format(value=v, expected=tuple(map(M.choice, codes(quantity)))),
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
                M.VCS_MIXED_INCOMPLETE.format(missing=tuple(ann.spec.field(c) for c in missing)),
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
        if p.message.id != "DUPLICATE_ROW" and not (p.row in incomplete and p.column in MIXED)
    ]
    _add_rows(parsed, flagged, row_problems)
    if mode == "npp" and not parsed.problems:
        _check_previous_npp(parsed, flagged, annual)
    if not parsed.problems:  # valid: ``write`` takes these frames as they are, validated
        parsed.derived["vcs_frames"] = (events, annual, mode)


def _add(parsed: Parsed, flagged: set[str], location: str, message: M.Message) -> None:
    if location not in flagged:
        parsed.problems.append(Problem(location, message))


def _add_rows(parsed: Parsed, flagged: set[str], row_problems: list[RowProblem]) -> None:
    """Map the method's row problems onto cells, skipping cells the reader already flagged."""
    before = len(parsed.problems)
    parsed.add_row_problems(
        RowProblem(p.table, p.row, _RENAME.get(p.table, {}).get(p.column, p.column), p.message) for p in row_problems
    )
    added = parsed.problems[before:]
    del parsed.problems[before:]
    parsed.problems.extend(p for p in added if p.location not in flagged)


def _check_names(parsed: Parsed, flagged: set[str]) -> None:
    """Mine and patch ids are SUMIFS criteria in the result: no wildcards, no case-only twins.

    A table repeats each id once per year: the rules run over the distinct ids (or mine x patch
    pairs), each at its first row, which reports the same cells as a pass over every row.
    """
    for tid in ("annual", "events"):
        t = parsed.tables.get(tid)
        if t is None:
            continue
        for fid in ("mine", "patch"):
            label = t.spec.field(fid)
            for i, v in t.df[fid].reset_index(drop=True).drop_duplicates().items():
                if v is None:
                    continue
                s = str(v)
                if s.startswith(("=", "<", ">")) or any(ch in s for ch in "*?~"):
                    _add(parsed, flagged, t.cell(fid, i), M.VCS_ID_NAME.format(field=label, value=s))
        # case-only twins: mines across the table, patches within a mine
        first: dict[tuple, tuple[str, int]] = {}
        reported: set[tuple] = set()
        pairs = t.df[["mine", "patch"]].reset_index(drop=True).drop_duplicates()
        for i, mine, patch in zip(pairs.index, pairs["mine"], pairs["patch"], strict=True):
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
                            field=t.spec.field(fid),
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
        if pd.isna(mine) or pd.isna(patch):
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
        f = ann.spec.field(fid)
        label = M.Term(f.en.lower(), f.zh)
        for i in np.nonzero(np.nan_to_num(values) != 0)[0]:
            key = (ann.df["mine"].iloc[i], ann.df["patch"].iloc[i])
            if key in ev_row:
                _add(
                    parsed,
                    flagged,
                    ann.cell(fid, int(i)),
                    M.VCS_AREAS_GIVEN_TWICE.format(
                        patch=f"{key[0]}/{key[1]}",
                        field=label,
                        value=float(values[i]),
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
                [p for p in exc.problems if p.message.id != "DUPLICATE_ROW"],
            )
    return len(parsed.problems) == n_before and not any(p.location.startswith(f"{ev.sheet}!") for p in parsed.problems)


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
    validated = "vcs_frames" in parsed.derived  # ``check`` found no problem in these frames
    x = inputs(parsed)
    return x, method.calculate(x.annual, parameters(parsed), validated=validated)


# -- result sheets: declarations -------------------------------------------------------------------
# Each result sheet is declared once below (``outputs``); ``write`` renders them with the generic
# writer (``ecoaccount.workbook.sheets``) and adds only the Settings row of VCS_carbon_factor, the
# label of the Mines total and the Checks. The patches are grouped by mine (``_grouped_by_mine``),
# so a mine's patch-years, patches and mine-years are contiguous blocks: every per-mine sum reads
# only its own block, and recalculation stays linear in the number of patches.
MASS = "mass CO2"  # t CO2 or Gg CO2, the mass unit the user chose (VCS_mass_factor)
G_AREA = "gCO2/m2"
G_AREA_A = "gCO2/(m2·a)"
PY_BLOCK = "[py_first:py_last]"
MINE_BLOCK = "[blk_first:blk_last]"
#: The NPP of the vegetated area: as typed, or by Eq. (1) from the mixed-pixel inputs.
NPP_FORMULA = {
    "npp": '=IF({annual.npp[annual_row]}="","",{annual.npp[annual_row]})',
    "mixed": "=IF({annual.s_veg[annual_row]}>0,({annual.npp_b[annual_row]}*{annual.s[annual_row]}"
    "-{annual.npp_bg[annual_row]}*({annual.s[annual_row]}-{annual.s_veg[annual_row]}))"
    "/{annual.s_veg[annual_row]},0)",
}
#: Areas of a patch-year: the yearly area plus, in the observed year it counts in, the Events area.
AREA_FORMULA = {
    False: "={annual.FIELD[annual_row]}*VCS_area_factor",
    True: "=({annual.FIELD[annual_row]}+IF({year}={baseline.ev_OBS[patch_row]},{baseline.ev_area[patch_row]},0))"
    "*VCS_area_factor",
}
SUM_LABELS = {
    "destroyed": ("Destroyed", "破坏面积", "ha"),
    "restored": ("Restored", "修复面积", "ha"),
    "direct_decrease": ("Direct decrease", "直接减少", MASS),
    "direct_increase": ("Direct increase", "直接增加", MASS),
    "c_destroy": ("C_destroy", "潜在减少 C_destroy", MASS),
    "c_restore": ("C_restore", "潜在变化 C_restore", MASS),
}
TOTAL_HEADLINES = {
    "destroyed": ("Destroyed area", "破坏面积"),
    "restored": ("Restored area", "修复面积"),
    "direct_decrease": ("Direct decrease of VCS", "固碳直接减少"),
    "direct_increase": ("Direct increase of VCS", "固碳直接增加"),
    "c_destroy": ("Potential change C_destroy", "潜在减少 C_destroy"),
    "c_restore": ("Potential change C_restore", "潜在变化 C_restore"),
}


def _key(id_: str, en: str, zh: str, formula: str, width: float = 12) -> ResultColumn:
    return key_column(id_, en, zh, formula, width)


def _sum(id_: str, formula: str, mass_fmt: Format, headline: bool = False) -> ResultColumn:
    """A sum column (areas in ha, changes in the mass unit); ``SRC`` in ``formula`` is ``id_``."""
    en, zh, unit = SUM_LABELS[id_]
    fmt: Format = mass_fmt if unit == MASS else "number"
    return ResultColumn(
        id_, en, zh, unit, formula.replace("SRC", id_), fmt, 15, headline=TOTAL_HEADLINES[id_] if headline else None
    )


def _ratios(headline: bool = False) -> tuple[ResultColumn, ResultColumn]:
    """R_V and R_VCS of a row: restored/destroyed area, direct increase/decrease (empty if undefined)."""
    return (
        ResultColumn(
            "r_v",
            "R_V",
            "面积修复率 R_V",
            "1",
            '=IF({destroyed}>0,{restored}/{destroyed},"")',
            "percent",
            10,
            headline=("Restoration rate of area R_V", "面积修复率 R_V") if headline else None,
        ),
        ResultColumn(
            "r_vcs",
            "R_VCS",
            "固碳修复率 R_VCS",
            "1",
            '=IF({direct_decrease}>0,{direct_increase}/{direct_decrease},"")',
            "percent",
            10,
            headline=("Restoration rate of VCS R_VCS", "固碳修复率 R_VCS") if headline else None,
        ),
    )


def _vcsd(mass_fmt: Format, headline: bool = False, chart: str | None = None) -> ResultColumn:
    return ResultColumn(
        "vcsd",
        "VCSD",
        "固碳亏缺 VCSD",
        MASS,
        "=-({c_destroy}+{c_restore})",
        mass_fmt,
        15,
        headline=("Carbon sequestration deficit VCSD", "植被固碳亏缺 VCSD") if headline else None,
        chart=chart,
    )


def _year_columns(sum_formula: str, cum_formula: str, mass_fmt: Format) -> tuple[ResultColumn, ...]:
    """The value columns of MineYear and TotalYear (the same quantities, summed differently)."""
    per_area = "{SRC}/{AREA}/VCS_carbon_factor"
    return (
        *(_sum(c, sum_formula, mass_fmt) for c in ("destroyed", "restored", "direct_decrease", "direct_increase")),
        *(
            ResultColumn(
                f"c_{k}per",
                f"C_{k}per",
                f"单位面积直接{zh} C_{k}per",
                G_AREA,
                "=IF({" + area + "}>0," + per_area.replace("SRC", src).replace("AREA", area) + ',"")',
                width=15,
            )
            for k, zh, src, area in (
                ("dd", "减少", "direct_decrease", "destroyed"),
                ("di", "增加", "direct_increase", "restored"),
            )
        ),
        *_ratios(),
        *(_sum(c, sum_formula, mass_fmt) for c in ("c_destroy", "c_restore")),
        _vcsd(mass_fmt, chart="line"),
        ResultColumn("vcsd_cum", "VCSD cumulative", "累计固碳亏缺 VCSD", MASS, cum_formula, mass_fmt, 15, chart="line"),
    )


def _period_columns(
    sum_formula: str, count_formulas: tuple[str, str, str], mass_fmt: Format, total: bool
) -> tuple[ResultColumn, ...]:
    """The value columns of Mines and of its total row (the whole series)."""
    patches, excluded, excluded_destroyed = count_formulas
    return (
        ResultColumn("patches", "Patches", "图斑数", "1", patches, "integer", 9),
        ResultColumn("excluded", "Excluded patches", "排除图斑数", "1", excluded, "integer", 10),
        ResultColumn(
            "excluded_destroyed",
            "Destroyed area of excluded patches",
            "排除图斑破坏面积",
            "ha",
            excluded_destroyed,
            width=16,
        ),
        *(
            _sum(c, sum_formula, mass_fmt, total)
            for c in ("destroyed", "restored", "direct_decrease", "direct_increase")
        ),
        *_ratios(total),
        *(_sum(c, sum_formula, mass_fmt, total) for c in ("c_destroy", "c_restore")),
        _vcsd(mass_fmt, total, None if total else "bar"),
        ResultColumn(
            "c_restore_per_ha",
            "C_restore per restored area",
            "单位修复面积 C_restore",
            G_AREA,
            '=IF({restored}>0,{c_restore}/{restored}/VCS_carbon_factor,"")',
            width=16,
        ),
    )


#: The direct and potential changes of a patch-year (empty where a needed VCS is missing).
CHANGE_FORMULAS = {
    "direct_decrease": '=IF({destroyed}>0,IFERROR({destroyed}*{vcs_prev}*VCS_carbon_factor,""),0)',
    "direct_increase": '=IF({restored}>0,IFERROR({restored}*{vcs}*VCS_carbon_factor,""),0)',
    "c_destroy": '=IF({unrestored}>0,IFERROR(-{unrestored}*{baseline}*VCS_carbon_factor,""),0)',
    "c_restore": '=IF({restored_cum}>0,IFERROR({restored_cum}*({vcs}-{baseline})*VCS_carbon_factor,""),0)',
}


#: 1 when the row above is a year of the same patch, 0 on a patch's first year.
SAME_PATCH = "({mine}={patch_year.mine[prev_row]})*({patch}={patch_year.patch[prev_row]})"


def _area_columns(events: bool) -> tuple[ResultColumn, ...]:
    """A patch-year's areas (ha): newly destroyed and restored, both so far, and unrestored.

    Paper 002, "Quantification of direct and potential changes in VCS": the destroyed area not yet
    restored carries C_destroy, the area restored so far carries C_restore.
    """
    area = AREA_FORMULA[events]
    cum = "=IF(" + SAME_PATCH + ",{patch_year.SRC_cum[prev_row]},0)+{SRC}"
    changes = (("destroyed", "Destroyed", "破坏", "dy_obs"), ("restored", "Restored", "修复", "ry_obs"))
    return (
        *(
            ResultColumn(k, en, zh + "面积", "ha", area.replace("FIELD", k).replace("OBS", obs), width=12)
            for k, en, zh, obs in changes
        ),
        *(
            ResultColumn(f"{k}_cum", f"{en} so far", "累计" + zh, "ha", cum.replace("SRC", k), width=12)
            for k, en, zh, _obs in changes
        ),
        ResultColumn("unrestored", "Unrestored", "未修复", "ha", "={destroyed_cum}-{restored_cum}", width=12),
    )


def _patch_year_sheet(mode: str, events: bool, mass_fmt: Format) -> ResultSheet:
    """PatchYear: NPP_a and VCS (002 Eqs. (1)-(2)), areas, baseline (Eq. (4)) and changes per patch-year."""
    return ResultSheet(
        "patch_year",
        "PatchYear",
        "图斑逐年",
        "VCS per patch and observed year, Eqs. 1–2 and 4; changes",
        "逐图斑逐年植被固碳（式1—2、4），变化量",
        (
            ResultTable(
                "patch_year",
                "patch_year",
                "one row per patch and observed year; patches grouped by mine, years ascending",
                "每个图斑、观测年份一行；图斑按矿区分组，年份升序",
                (
                    _key("mine", "Mine", "矿区", "={annual.mine[annual_row]}"),
                    _key("patch", "Patch", "图斑", "={annual.patch[annual_row]}"),
                    _key("year", "Year", "年份", "={annual.year[annual_row]}", 8),
                    ResultColumn(
                        "npp_a", "NPP_a", "植被区 NPP_a", "gC/(m2·a)", NPP_FORMULA[mode], udf="ECO_NPP_SCALED"
                    ),
                    ResultColumn(
                        "vcs",
                        "VCS",
                        "植被固碳 VCS",
                        G_AREA_A,
                        '=IF({npp_a}="","",{npp_a}*VCS_npp_to_organic_matter*VCS_organic_matter_to_co2)',
                        chart="line",
                        udf="ECO_VCS",
                    ),
                    *_area_columns(events),
                    ResultColumn(
                        "vcs_prev",
                        "VCS previous year",
                        "上一年 VCS",
                        G_AREA_A,
                        "=IF(" + SAME_PATCH + ',{patch_year.vcs[prev_row]},"")',
                    ),
                    ResultColumn(
                        "baseline",
                        "Baseline VCS",
                        "基线 VCS",
                        G_AREA_A,
                        "=IF({baseline.has_line[patch_row]}=1,IF({year}>={baseline.destruction_year[patch_row]},"
                        '{baseline.slope[patch_row]}*{year}+{baseline.intercept[patch_row]},""),"")',
                        chart="line",
                        udf="ECO_BASELINE",
                    ),
                    *(_sum(c, f, mass_fmt) for c, f in CHANGE_FORMULAS.items()),
                    ResultColumn(
                        "included",
                        "Included (1/0)",
                        "纳入计算（1/0）",
                        "1",
                        "={baseline.included[patch_row]}",
                        "integer",
                        10,
                    ),
                ),
                keys=3,
                charts=(
                    Chart(
                        "vcs_baseline",
                        "VCS per patch and year, with its undisturbed baseline",
                        "逐图斑逐年植被固碳及其未扰动基线",
                        ("vcs", "baseline"),
                        "year",
                        "scatter",
                        split="patch",
                    ),
                ),
            ),
        ),
        unit=MASS,
        note_en="Sorted by patch, then year: each patch's pre-destruction years form one block for SLOPE/INTERCEPT "
        "(Baseline). 'Previous year' is the previous observed year; a missing year adds nothing.",
        note_zh="按图斑、年份排序：每个图斑的破坏前年份为连续区域，供“基线”表 SLOPE/INTERCEPT 使用。"
        "“上一年”指上一观测年；缺测年不计。",
    )


def _event_columns() -> tuple[ResultColumn, ...]:
    """The patch's row of Events, guarded by its keys (0 when the patch has no row there)."""
    guard = "AND({events.mine[event_row]}={mine},{events.patch[event_row]}={patch})"
    years = "{patch_year.year" + PY_BLOCK + "}"
    obs = "=IF({SRC}=0,0,IFERROR(INDEX(" + years + ",SUMPRODUCT((" + years + "<{SRC})*1)+1),0))"
    return (
        ResultColumn(
            "ev_area", "Events: area", "事件：面积", "area", f"=IF({guard},{{events.area[event_row]}},0)", width=13
        ),
        ResultColumn(
            "ev_dy",
            "Events: destruction year",
            "事件：破坏年份",
            "1",
            f"=IF({guard},{{events.destruction_year[event_row]}},0)",
            "integer",
            13,
        ),
        ResultColumn(
            "ev_dy_obs",
            "Destruction counted in (observed year)",
            "破坏计入观测年",
            "1",
            obs.replace("SRC", "ev_dy"),
            "integer",
            13,
        ),
        ResultColumn(
            "ev_ry",
            "Events: restoration year",
            "事件：修复年份",
            "1",
            f"=IF({guard},{{events.restoration_year[event_row]}},0)",
            "integer",
            13,
        ),
        ResultColumn(
            "ev_ry_obs",
            "Restoration counted in (observed year)",
            "修复计入观测年",
            "1",
            obs.replace("SRC", "ev_ry"),
            "integer",
            13,
        ),
    )


def _baseline_sheet(events: bool, mass_fmt: Format) -> ResultSheet:
    def py(col: str, block: str = PY_BLOCK) -> str:
        return "{patch_year." + col + block + "}"

    fit = "[py_first:fit_last]"
    included = "=IF({included}=1,SUM(" + "{patch_year.SRC" + PY_BLOCK + '}),"")'
    columns = (
        _key("mine", "Mine", "矿区", "={patch_year.mine[py_first]}"),
        _key("patch", "Patch", "图斑", "={patch_year.patch[py_first]}"),
        *(_event_columns() if events else ()),
        ResultColumn(
            "n_pre", "Pre-destruction years", "破坏前年数", "1", f"=COUNTIFS({py('destroyed_cum')},0)", "integer", 13
        ),
        ResultColumn(
            "destroyed_flag",
            "Destroyed (1/0)",
            "曾被破坏（1/0）",
            "1",
            "=IF({patch_year.destroyed_cum[py_last]}>0,1,0)",
            "integer",
            13,
        ),
        ResultColumn(
            "destruction_year",
            "Destruction year",
            "破坏年份",
            "1",
            f'=IF({{destroyed_flag}}=1,INDEX({py("year")},{{n_pre}}+1),"")',
            "integer",
            13,
        ),
        ResultColumn(
            "has_line",
            "Baseline fitted (1/0)",
            "已拟合基线（1/0）",
            "1",
            "=IF({destroyed_flag}*({n_pre}>=VCS_min_baseline_years),1,0)",
            "integer",
            13,
        ),
        ResultColumn(
            "fit_from", "Fit from", "拟合起始年", "1", '=IF({has_line}=1,{patch_year.year[py_first]},"")', "integer", 13
        ),
        ResultColumn(
            "fit_to", "Fit to", "拟合终止年", "1", '=IF({has_line}=1,{patch_year.year[fit_last]},"")', "integer", 13
        ),
        ResultColumn(
            "slope",
            "a = SLOPE",
            "斜率 a = SLOPE",
            "gCO2/(m2·a²)",
            f'=IF({{has_line}}=1,SLOPE({py("vcs", fit)},{py("year", fit)}),"")',
            "precise",
            13,
        ),
        ResultColumn(
            "intercept",
            "b = INTERCEPT",
            "截距 b = INTERCEPT",
            G_AREA_A,
            f'=IF({{has_line}}=1,INTERCEPT({py("vcs", fit)},{py("year", fit)}),"")',
            "precise",
            13,
        ),
        ResultColumn(
            "included", "Included (1/0)", "纳入计算（1/0）", "1", "=IF({destroyed_flag}=1,{has_line},1)", "integer", 13
        ),
        *(_sum(c, "=SUM({patch_year.SRC" + PY_BLOCK + "})", mass_fmt) for c in ("destroyed", "restored")),
        *(_sum(c, "=SUM({patch_year.SRC" + PY_BLOCK + "})", mass_fmt) for c in ("direct_decrease", "direct_increase")),
        *(_sum(c, included, mass_fmt) for c in ("c_destroy", "c_restore")),
        replace(_vcsd(mass_fmt), formula='=IF({included}=1,-({c_destroy}+{c_restore}),"")', udf="ECO_VCSD"),
    )
    return ResultSheet(
        "baseline",
        "Baseline",
        "基线",
        "Undisturbed baseline per patch (Eqs. 3–4) and patch totals",
        "逐图斑未扰动基线（式3—4）与图斑合计",
        (
            ResultTable(
                "baseline",
                "patches",
                "one row per patch, grouped by mine",
                "每个图斑一行，按矿区分组",
                columns,
                keys=2,
            ),
        ),
        note_en="Slope and intercept: SLOPE/INTERCEPT over the patch's pre-destruction years in PatchYear (the cell "
        "ranges are fixed by fill; re-run fill after changing inputs). Baseline = a·year + b from the destruction "
        "year on.",
        note_zh="斜率与截距为“图斑逐年”表中该图斑破坏前各年的 "
        "SLOPE/INTERCEPT（区域在生成结果时确定，修改输入后请重新生成结果）。"
        "自破坏年起基线 = a·年份 + b。",
    )


def _mine_year_sheet(mass_fmt: Format) -> ResultSheet:
    my_sum = (
        "=SUMIFS({patch_year.SRC" + MINE_BLOCK + "},{patch_year.year" + MINE_BLOCK + "},{year},"
        "{patch_year.included" + MINE_BLOCK + "},1)"
    )
    return ResultSheet(
        "mine_year",
        "MineYear",
        "矿区逐年",
        "VCS changes per mine and year",
        "分矿区、年份植被固碳变化",
        (
            ResultTable(
                "mine_year",
                "mine_year",
                "one row per mine and observed year",
                "每个矿区、观测年份一行",
                (
                    _key("mine", "Mine", "矿区", "={baseline.mine[patch_first]}", 14),
                    _key("year", "Year", "年份", "={patch_year.year[year_src]}", 8),
                    *_year_columns(
                        my_sum,
                        "=IF({mine}={mine_year.mine[prev_row]},{mine_year.vcsd_cum[prev_row]},0)+{vcsd}",
                        mass_fmt,
                    ),
                ),
                keys=2,
            ),
        ),
        unit=MASS,
        note_en="Sums over the included patches of the mine's own rows of PatchYear (SUMIFS on the year; the rows "
        "are fixed by fill, re-run fill after changing inputs); VCSD = −(C_destroy + C_restore), Eq. (5).",
        note_zh="对“图斑逐年”表中该矿区各行里纳入计算的图斑按年份"
        "求和（SUMIFS；行区域在生成结果时确定，修改输入后请重新生成结果）；"
        "VCSD = −(C_destroy + C_restore)（式5）。",
    )


def _total_year_sheet(mass_fmt: Format) -> ResultSheet:
    return ResultSheet(
        "total_year",
        "TotalYear",
        "全部矿区逐年",
        "VCS changes of all mines per year",
        "全部矿区逐年植被固碳变化",
        (
            ResultTable(
                "total_year",
                "total_year",
                "one row per observed year",
                "每个观测年份一行",
                (
                    _key("year", "Year", "年份", "={mine_year.year[year_row]}", 8),
                    *_year_columns(
                        "=SUMIFS({mine_year.SRC},{mine_year.year},{year})",
                        "=SUM({total_year.vcsd[top:row]})",
                        mass_fmt,
                    ),
                ),
                keys=1,
                charts=(
                    Chart(
                        "vcs_changes_year",
                        "Potential changes of VCS per year, all mines",
                        "全部矿区逐年植被固碳潜在变化",
                        ("c_destroy", "c_restore"),
                        "year",
                        "column",
                    ),
                    Chart(
                        "vcsd_year",
                        "Carbon sequestration deficit VCSD per year and cumulative, all mines",
                        "全部矿区逐年及累计植被固碳亏缺 VCSD",
                        ("vcsd",),
                        "year",
                        "column",
                        lines=("vcsd_cum",),
                    ),
                ),
            ),
        ),
        unit=MASS,
        note_en="Sums over MineYear (SUMIFS); cumulative VCSD as in the paper's Fig. 2d.",
        note_zh="对“矿区逐年”表求和（SUMIFS）；累计 VCSD 对应论文图 2d。",
    )


def _mines_sheet(mass_fmt: Format) -> ResultSheet:
    baseline_block = "[b_first:b_last]"
    return ResultSheet(
        "mines",
        "Mines",
        "矿区汇总",
        "VCS dynamics per mine and in total, whole series",
        "分矿区及合计的植被固碳动态，整个序列",
        (
            ResultTable(
                "mines",
                "mines",
                "one row per mine",
                "每个矿区一行",
                (
                    _key("mine", "Mine", "矿区", "={mine_year.mine[my_first]}", 14),
                    *_period_columns(
                        "=SUM({mine_year.SRC[my_first:my_last]})",
                        (
                            "=COUNTIFS({baseline.mine" + baseline_block + "},{mine})",
                            "=COUNTIFS({baseline.included" + baseline_block + "},0)",
                            "=SUMIFS({baseline.destroyed"
                            + baseline_block
                            + "},{baseline.included"
                            + baseline_block
                            + "},0)",
                        ),
                        mass_fmt,
                        False,
                    ),
                ),
                keys=1,
                charts=(
                    Chart(
                        "vcsd_mine",
                        "Carbon sequestration deficit VCSD per mine",
                        "各矿区植被固碳亏缺 VCSD",
                        ("vcsd",),
                        "mine",
                    ),
                ),
            ),
            ResultTable(
                "mines_total",
                "total",
                "one row: all mines",
                "一行：全部矿区",
                _period_columns(
                    "=SUM({mines.SRC})",
                    ("=SUM({mines.patches})", "=SUM({mines.excluded})", "=SUM({mines.excluded_destroyed})"),
                    mass_fmt,
                    True,
                ),
                col0=1,
                below="mines",
            ),
        ),
        unit=MASS,
        note_en="Patches with fewer pre-destruction years than VCS_min_baseline_years have no baseline: they are "
        "left out of every sum and counted under 'excluded'. VCSD > 0 is a net loss. The total of all mines is "
        "below.",
        note_zh="破坏前年数少于 VCS_min_baseline_years "
        "的图斑无基线，不计入任何合计，单列为“排除”。VCSD > 0 表示净损失。"
        "全部矿区合计见下方。",
    )


#: The headline figures of a VCS result (totals of all mines, from the Mines sheet's total row).
FIGURES = (
    Figure("mines", "Mines", "矿区数", DIMENSIONLESS, "mines", "mine", "count", "integer"),
    Figure("patches", "Patches", "图斑数", DIMENSIONLESS, "mines_total", "patches", "first", "integer"),
    Figure("excluded", "Patches excluded", "排除图斑数", DIMENSIONLESS, "mines_total", "excluded", "first", "integer"),
    Figure("first_year", "First year", "起始年份", "", "total_year", "year", "min", "integer"),
    Figure("last_year", "Last year", "终止年份", "", "total_year", "year", "max", "integer"),
    Figure("missing_years", "Missing years", "缺失年份数", DIMENSIONLESS, "total_year", "year", "gaps", "integer"),
    Figure("vcsd", "Carbon sequestration deficit VCSD", "植被固碳亏缺 VCSD", MASS, "mines_total", "vcsd", "first"),
    Figure(
        "c_destroy", "Potential decrease C_destroy", "潜在减少 C_destroy", MASS, "mines_total", "c_destroy", "first"
    ),
    Figure("c_restore", "Potential change C_restore", "潜在变化 C_restore", MASS, "mines_total", "c_restore", "first"),
    Figure(
        "r_v", "Restoration rate of area R_V", "面积修复率 R_V", DIMENSIONLESS, "mines_total", "r_v", "first", "percent"
    ),
    Figure(
        "r_vcs",
        "Restoration rate of VCS R_VCS",
        "固碳修复率 R_VCS",
        DIMENSIONLESS,
        "mines_total",
        "r_vcs",
        "first",
        "percent",
    ),
)


def outputs(mode: str = "npp", events: bool = True, mass_fmt: Format = "number") -> OutputSpec:
    """The result sheets of a book: NPP typed (``npp``) or by Eq. (1) (``mixed``); with or without
    Events; masses with 2 decimals (t) or 6 (``precise``, Gg). ``OUTPUTS`` is the full declaration."""
    return OutputSpec(
        "vcs",
        (
            _patch_year_sheet(mode, events, mass_fmt),
            _baseline_sheet(events, mass_fmt),
            _mine_year_sheet(mass_fmt),
            _total_year_sheet(mass_fmt),
            _mines_sheet(mass_fmt),
        ),
        units={"mass": "mass_unit", "area": "area_unit"},
        figures=FIGURES,
    )


OUTPUTS = outputs()


def _grouped_by_mine(x: Inputs, res: method.VcsResult) -> tuple[Inputs, method.VcsResult]:
    """The engine's patches (and patch-years) reordered so that each mine's patches are contiguous.

    Stable: mines in order of first appearance (the engine's order of ``mines``), patches in input
    order within a mine. Nothing changes when the input already lists mines one after another.
    """
    codes_ = pd.factorize(res.patches["mine"])[0]
    perm = np.argsort(codes_, kind="stable")
    if (perm == np.arange(len(perm))).all():
        return x, res
    n_y = len(res.years)
    rows = (perm[:, None] * n_y + np.arange(n_y)).ravel()
    res = replace(
        res,
        patches=res.patches.iloc[perm].reset_index(drop=True),
        patch_year=res.patch_year.iloc[rows].reset_index(drop=True),
    )
    x = replace(
        x,
        order=x.order[rows],
        event_area=x.event_area[perm],
        event_dy=x.event_dy[perm],
        event_dy_obs=x.event_dy_obs[perm],
        event_ry=x.event_ry[perm],
        event_ry_obs=x.event_ry_obs[perm],
    )
    return x, res


# -- result sheets: writing ------------------------------------------------------------------------
def unit_choices(parsed: Parsed) -> dict[str, UnitChoice]:
    """The unit variables of ``OUTPUTS`` in this book: the result mass unit and the input area unit."""
    return {
        "mass": chosen_unit(parsed, "mass_unit", MASS_UNITS, "metric_ton"),
        "area": chosen_unit(parsed, "area_unit", AREA_UNITS, "hectare"),
    }


def _frames(x: Inputs, res: method.VcsResult, parsed: Parsed) -> dict[str, pd.DataFrame]:
    """The engine's tables by output id, plus the input rows their formulas read (Annual, Events)."""
    frames = res.frames()
    frames["patch_year"]["annual_row"] = x.order
    if x.has_events:
        p = frames["patches"]
        ev = parsed.tables["events"]
        own = {(m, q): i for i, (m, q) in enumerate(zip(ev.df["mine"], ev.df["patch"], strict=True))}
        # a patch without a row in Events points at row 0, which its key guard turns into 0
        p["event_row"] = [own.get(k, 0) for k in zip(p["mine"], p["patch"], strict=True)]
        p["ev_area"] = x.event_area * x.area_f  # ha; shown in the area unit of the input
        p["ev_dy"], p["ev_dy_obs"] = x.event_dy, x.event_dy_obs
        p["ev_ry"], p["ev_ry_obs"] = x.event_ry, x.event_ry_obs
    return frames


def result_frames(parsed: Parsed) -> dict[str, pd.DataFrame]:
    """The engine's tables that feed ``OUTPUTS`` (by ``ResultTable.frame``)."""
    x, res = _grouped_by_mine(*calculate(parsed))
    return _frames(x, res, parsed)


def write(book: ResultBook, parsed: Parsed) -> dict[str, Any]:
    """Write every result sheet; returns a short summary for the CLI."""
    lang = parsed.lang
    x, res = _grouped_by_mine(*calculate(parsed))
    choices = unit_choices(parsed)
    spec = outputs(x.mode, x.has_events, "precise" if x.mass_f > 1 else "number")
    layout = Layout(spec, _frames(x, res, parsed), parsed.tables, lang, choices)
    co2 = render_unit(MASS, lang, choices)
    _settings(book, parsed, x, co2)
    sheets = write_sheets(book, layout)
    total = layout["mines_total"]
    sheets["mines"].text(total.first, 0, label(lang, "Total", "合计"), book.fmt.header)
    book.checks(_checks(layout, res, lang, co2))
    return _summary(res, parsed.params["mass_unit"], x.mass_f) | summary_figures(spec, layout.frames, choices)


def _settings(book: ResultBook, parsed: Parsed, x: Inputs, co2: str) -> None:
    """Unit factors as defined names, and VCS_carbon_factor: g CO2 m-2 on 1 ha in the mass unit."""
    lang = parsed.lang
    st = book.unit_factors(
        [
            (label(lang, "area unit → ha", "面积单位 → 公顷"), "area_unit", x.area_f, "VCS_area_factor"),
            (label(lang, "result mass unit → t", "结果质量单位 → 吨"), "mass_unit", x.mass_f, "VCS_mass_factor"),
        ]
    )
    k = float(parsed.params["g_m2_ha_to_t"])
    st.text(6, 0, label(lang, f"g CO₂ m⁻² × ha → {co2}", f"克 CO₂/平方米 × 公顷 → {co2}"))
    st.text(6, 1, co2)
    st.formula(6, 2, "=VCS_g_m2_ha_to_t/VCS_mass_factor", k / x.mass_f, book.fmt.computed_precise)
    st.text(6, 3, "VCS_carbon_factor")
    book.define("VCS_carbon_factor", st.ref(6, 2, True))


def _checks(layout: Layout, res: method.VcsResult, lang: str, co2: str) -> list[tuple[str, str, float, str, float]]:
    """Reconciliation checks: (label, formula A, value A, formula B, value B)."""
    mf = layout.choices["mass"].factor
    py_t, bl, mn, ty = layout["patch_year"], layout["baseline"], layout["mines_total"], layout["total_year"]
    names = {t: layout[t].sheet_name for t in ("patch_year", "baseline", "mines", "total_year")}
    py, pat, tot, tyf = res.patch_year, res.patches, res.total.iloc[0], res.total_year
    exc = ~pat["included"].to_numpy()

    def m_tot(cid: str) -> str:
        return mn.cell(cid, 0)

    checks = [
        (
            label(
                lang,
                f"Destroyed area of all patch-years ({names['patch_year']}) = included + excluded "
                f"({names['mines']} total, ha)",
                f"全部图斑年破坏面积（{names['patch_year']}）= 纳入 + 排除（{names['mines']}合计，公顷）",
            ),
            f"=SUM({py_t.range('destroyed')})",
            float(py["destroyed_ha"].sum()),
            f"={m_tot('destroyed')}+{m_tot('excluded_destroyed')}",
            float(tot["destroyed_ha"] + tot["excluded_destroyed_ha"]),
        ),
        (
            label(
                lang,
                f"Restored area of all patch-years = {names['mines']} total + restored area of excluded patches (ha)",
                f"全部图斑年修复面积 = {names['mines']}合计 + 排除图斑修复面积（公顷）",
            ),
            f"=SUM({py_t.range('restored')})",
            float(py["restored_ha"].sum()),
            f"={m_tot('restored')}+SUMIFS({bl.range('restored')},{bl.range('included')},0)",
            float(tot["restored_ha"] + pat.loc[exc, "restored_ha"].sum()),
        ),
    ]
    for cid, en, zh, col in (
        ("direct_decrease", "Direct decrease", "直接减少", "direct_decrease_t"),
        ("direct_increase", "Direct increase", "直接增加", "direct_increase_t"),
        ("c_destroy", "C_destroy", "C_destroy", "c_destroy_t"),
        ("c_restore", "C_restore", "C_restore", "c_restore_t"),
        ("vcsd", "VCSD", "VCSD", "vcsd_t"),
    ):
        checks.append(
            (
                label(
                    lang,
                    f"{en}: sum over mines ({names['mines']} total) = sum over years ({names['total_year']}), {co2}",
                    f"{zh}：各矿区之和 = 各年份之和（{co2}）",
                ),
                "=" + m_tot(cid),
                float(tot[col]) / mf,
                f"=SUM({ty.range(cid)})",
                float(tyf[col].sum()) / mf,
            )
        )
    unrestored = py["unrestored_ha"].to_numpy(dtype=float)
    checks += [
        (
            label(
                lang,
                f"VCSD: sum over included patches ({names['baseline']}) = {names['mines']} total, {co2}",
                f"VCSD：纳入图斑之和（{names['baseline']}）= {names['mines']}合计（{co2}）",
            ),
            f"=SUMIFS({bl.range('vcsd')},{bl.range('included')},1)",
            float(pat.loc[~exc, "vcsd_t"].sum()) / mf,
            "=" + m_tot("vcsd"),
            float(tot["vcsd_t"]) / mf,
        ),
        (
            label(
                lang,
                f"Cumulative VCSD of the last year ({names['total_year']}) = {names['mines']} total VCSD, {co2}",
                f"末年累计 VCSD（{names['total_year']}）= {names['mines']}合计 VCSD（{co2}）",
            ),
            "=" + ty.cell("vcsd_cum", len(tyf) - 1),
            float(tyf["vcsd_cumulative_t"].iloc[-1]) / mf,
            "=" + m_tot("vcsd"),
            float(tot["vcsd_t"]) / mf,
        ),
        # Restored so far never exceeds destroyed so far: the unrestored areas add up to their
        # positive part (both sides read PatchYear, so both trace back to the input areas).
        (
            label(
                lang,
                f"Restored area so far never exceeds destroyed area so far: Σ unrestored area = Σ of its "
                f"positive part ({names['patch_year']}, ha)",
                f"累计修复面积不超过累计破坏面积：未修复面积之和 = 其正值之和（{names['patch_year']}，公顷）",
            ),
            f"=SUM({py_t.range('unrestored')})",
            float(unrestored.sum()),
            f'=SUMIFS({py_t.range("unrestored")},{py_t.range("unrestored")},">0")',
            float(unrestored[unrestored > 0].sum()),
        ),
    ]
    return checks


def _summary(res: method.VcsResult, mass: str, mf: float) -> dict[str, Any]:
    """What ``write`` returns besides the headline figures: counts, years and the totals (masses in the
    result unit), for scripts and tests."""
    tot = res.total.iloc[0]
    co2 = f"{mass} CO2"
    years = res.years
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
    return {
        "mines": len(res.mines),
        "patches": len(res.patches),
        "excluded_patches": int(tot["excluded_patches"]),
        "years": [int(y) for y in years],
        "missing_years": list(res.missing_years),
        "unit": co2,
        "total": summary_total,
    }


def _py(v: Any) -> Any:
    v = v.item() if hasattr(v, "item") else v
    return None if isinstance(v, float) and not np.isfinite(v) else v
