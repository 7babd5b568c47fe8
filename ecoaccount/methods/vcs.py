"""Vegetation carbon sequestration (VCS) dynamics under surface mining and restoration.

Source: Xu, Li, Zhang, Raval, Guo & Yang (2024), *Dynamics of carbon sequestration in vegetation
affected by large-scale surface coal mining and subsequent restoration*, Sci. Rep. 14,
doi:10.1038/s41598-024-64381-1 (paper file ``002_81a3d60488092661.txt``), Materials and Methods,
Eqs. (1)-(5), and the definitions in "Quantification of direct and potential changes in VCS".

Layout. The unit of calculation is a *patch*: land of one mine that shares one NPP series (a 30 m
pixel, or the 30 m pixels of one 500 m NPP pixel that were destroyed in the same year). Input is one
row per patch and observed year (table ``annual``):

=============  ==========================================================================
column         meaning (unit)
=============  ==========================================================================
mine           mine id (any hashable)
patch          patch id, unique within its mine
year           observed year (integer); a year missing from the whole table is a gap
npp            NPP of the vegetated area of the patch, g C m-2 a-1 (already scale-transformed)
npp_b, npp_bg, instead of ``npp``: the mixed-pixel inputs of Eq. (1), NPP before scale
s, s_veg       transformation and background NPP (g C m-2 a-1), pixel area and vegetated area
               of the pixel (ha; only their ratio matters)
destroyed_ha   area of the patch *newly* destroyed in that year, ha (per year, not cumulative)
restored_ha    area of the patch *newly* restored in that year, ha (per year, not cumulative)
=============  ==========================================================================

``areas_from_event_years`` turns a per-patch table of destruction and restoration years into the
two per-year area columns. Internally the rows become patches x years arrays; every quantity is an
element-wise operation, a previous-year lookup, a SLOPE/INTERCEPT fit or a sum, so each can be
written as one spreadsheet formula per column.

Outputs are in g C m-2 a-1 (NPP), g CO2 m-2 a-1 (VCS, baseline), ha and t CO2 (1 Gg = 1 000 t;
conversion for display is ``t_to_gg`` in ``vcs_parameters.csv``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ecoaccount import messages as msg
from ecoaccount.data import load_table
from ecoaccount.errors import InputError, ParameterError
from ecoaccount.problems import RowProblem

TABLE = "annual"
EVENTS_TABLE = "events"
KEY_COLUMNS = ("mine", "patch", "year")
AREA_COLUMNS = ("destroyed_ha", "restored_ha")
REQUIRED_COLUMNS = (*KEY_COLUMNS, *AREA_COLUMNS)
MIXED_PIXEL_COLUMNS = ("npp_b", "npp_bg", "s", "s_veg")
EVENT_COLUMNS = ("mine", "patch", "area_ha", "destruction_year", "restoration_year")
PARAMETER_FILE = "vcs_parameters.csv"


@dataclass(frozen=True)
class VcsResult:
    """All outputs of :func:`calculate`.

    ``patch_year`` (one row per patch and observed year, patches in input order, years ascending):
    mine, patch, year, npp_a [g C m-2 a-1, Eq. (1)], vcs [g CO2 m-2 a-1, Eq. (2)], destroyed_ha,
    restored_ha, destroyed_cum_ha, restored_cum_ha, unrestored_ha [= destroyed_cum_ha -
    restored_cum_ha], vcs_previous [VCS of the previous observed year], baseline_vcs [Eq. (4),
    g CO2 m-2 a-1, from the destruction year on], direct_decrease_t, direct_increase_t,
    c_destroy_t, c_restore_t [t CO2], included [bool].

    ``patches`` (one row per patch): mine, patch, destruction_year, baseline_years,
    baseline_first_year, baseline_last_year, slope [g CO2 m-2 a-2, Eq. (3) a],
    intercept [g CO2 m-2 a-1, Eq. (3) b], included, destroyed_ha, restored_ha,
    direct_decrease_t, direct_increase_t, c_destroy_t, c_restore_t, vcsd_t [Eq. (5)].

    ``mine_year`` (mine, year) and ``total_year`` (year): destroyed_ha, restored_ha,
    direct_decrease_t, direct_increase_t, c_ddper_t_per_ha, c_diper_t_per_ha, r_v, r_vcs,
    c_destroy_t, c_restore_t, vcsd_t [that year's share of Eq. (5)], vcsd_cumulative_t.

    ``mines`` (mine) and ``total`` (one row): patches, excluded_patches, excluded_destroyed_ha,
    destroyed_ha, restored_ha, direct_decrease_t, direct_increase_t, r_v, r_vcs, c_destroy_t,
    c_restore_t, vcsd_t, c_restore_per_restored_ha.

    ``years``: the observed years; ``missing_years``: gaps between the first and the last;
    ``parameters``: the parameter values used.

    :meth:`frames` gives the same quantities as the tables of the result sheets, with columns named
    by the output ids of ``ecoaccount.kinds.vcs.OUTPUTS`` (see there) and the row positions that
    their formulas need.
    """

    patch_year: pd.DataFrame
    patches: pd.DataFrame
    mine_year: pd.DataFrame
    total_year: pd.DataFrame
    mines: pd.DataFrame
    total: pd.DataFrame
    years: tuple[int, ...]
    missing_years: tuple[int, ...]
    parameters: dict[str, float] = field(default_factory=lambda: default_parameters())

    def frames(self) -> dict[str, pd.DataFrame]:
        """The result tables by output id; see :func:`output_frames`."""
        return output_frames(self)


# --- parameters ---------------------------------------------------------------------------------


def default_parameters() -> dict[str, float]:
    """The defaults of ``vcs_parameters.csv`` as ``{id: value}``."""
    return {str(r.id): float(r.value) for r in _parameter_table().itertuples()}


@cache
def _parameter_table() -> pd.DataFrame:
    """``vcs_parameters.csv``, read once (callers do not modify it)."""
    return load_table(PARAMETER_FILE)


@cache
def _parameter_rows() -> pd.DataFrame:
    """``vcs_parameters.csv`` indexed by id, read once (callers do not modify it)."""
    return _parameter_table().set_index("id")


def _parameters(overrides: Mapping[str, float] | None) -> dict[str, float]:
    table = _parameter_rows()
    values = default_parameters()
    for key, value in (overrides or {}).items():
        if key not in values:
            raise ParameterError(key, msg.MISSING_PARAM.format(param=key))
        values[key] = float(value)
    for key, value in values.items():
        label = msg.Term(str(table.at[key, "label_en"]), str(table.at[key, "label_zh"]))
        lo, hi = table.at[key, "min"], table.at[key, "max"]
        if not np.isfinite(value):
            raise ParameterError(key, msg.REQUIRED.format(field=label))
        if pd.notna(lo) and value < float(lo):
            raise ParameterError(key, msg.BELOW_MIN.format(field=label, value=value, bound=lo))
        if pd.notna(hi) and value > float(hi):
            raise ParameterError(key, msg.ABOVE_MAX.format(field=label, value=value, bound=hi))
    return values


# --- equations ----------------------------------------------------------------------------------


def scale_transform_npp(npp_b: ArrayLike, npp_bg: ArrayLike, s: ArrayLike, s_veg: ArrayLike) -> np.ndarray:
    """NPP of the vegetated area after scale transformation, g C m-2 a-1 (002 Eq. (1)).

    Paper: "NPP_a = (NPP_b x S - NPP_bg x (S - S_veg)) / S_veg if the pixel is vegetation, 0 if
    the pixel is not vegetation", where NPP_b is the 500 m NPP before transformation, NPP_bg the
    background NPP of the destroyed area ("a lower annual NPP ... in areas determined as
    unvegetated"), S the area of the 500 m pixel and "S - S_veg refers to the area of destroyed
    area".

    Args:
        npp_b: NPP of the whole pixel before transformation, g C m-2 a-1.
        npp_bg: background NPP of the destroyed part, g C m-2 a-1.
        s: pixel area (any area unit, same as ``s_veg``).
        s_veg: vegetated area of the pixel (same unit as ``s``).

    Edge case: ``s_veg == 0`` means no vegetation in the pixel, so the result is 0 (the paper's
    second branch), not a division by zero. A negative result (NPP_b x S < NPP_bg x (S - S_veg))
    is returned as computed and reported by :func:`validate`.
    """
    npp_b, npp_bg, s, s_veg = (np.asarray(v, dtype=float) for v in (npp_b, npp_bg, s, s_veg))
    safe = np.where(s_veg > 0, s_veg, 1.0)
    return np.where(s_veg > 0, (npp_b * s - npp_bg * (s - s_veg)) / safe, 0.0)


def vcs_from_npp(npp: ArrayLike, npp_to_organic_matter: float = 2.2, organic_matter_to_co2: float = 1.63) -> np.ndarray:
    """Carbon sequestration in vegetation, g CO2 m-2 a-1 (002 Eq. (2): VCS = NPP x 2.2 x 1.63).

    Paper: "1 g of carbon in vegetation equals 2.2 g of organic matter ... vegetation absorbs
    1.63 g of CO2 for every gram of accumulated organic matter".

    Args:
        npp: NPP, g C m-2 a-1.
        npp_to_organic_matter: g organic matter per g C (2.2).
        organic_matter_to_co2: g CO2 per g organic matter (1.63).
    """
    return np.asarray(npp, dtype=float) * npp_to_organic_matter * organic_matter_to_co2


def ols_line(years: ArrayLike, values: ArrayLike, mask: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Least-squares straight line per row over the masked years (002 Eq. (3)).

    Paper: "a = (n Σ t VCS_t - Σ t Σ VCS_t) / (n Σ t² - (Σ t)²), b = Σ VCS_t / n - a Σ t / n".
    Computed in the centred form a = Σ(t - t̄)(VCS_t - V̄) / Σ(t - t̄)², b = V̄ - a t̄, which is
    algebraically identical and is what Excel's SLOPE and INTERCEPT compute over the same cells
    (the paper's raw-sum form loses digits with year values near 2000).

    Args:
        years: (Y,) observed years.
        values: (P, Y) values to fit (VCS, g CO2 m-2 a-1).
        mask: (P, Y) booleans, the years of each row that enter the fit; pairs with a non-finite
            value are left out.

    Returns:
        (slope, intercept, n): slope per year, intercept, number of years fitted. Rows with fewer
        than two years get NaN slope and intercept (SLOPE gives #DIV/0! there).
    """
    x = np.broadcast_to(np.asarray(years, dtype=float), np.shape(values))
    y = np.asarray(values, dtype=float)
    m = np.asarray(mask, dtype=bool) & np.isfinite(y)
    n = m.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        x_bar = np.where(m, x, 0.0).sum(axis=1) / n
        y_bar = np.where(m, y, 0.0).sum(axis=1) / n
        dx = np.where(m, x - x_bar[:, None], 0.0)
        dy = np.where(m, y - y_bar[:, None], 0.0)
        sxx = (dx * dx).sum(axis=1)
        sxy = (dx * dy).sum(axis=1)
        slope = np.where(n >= 2, sxy / np.where(sxx > 0, sxx, 1.0), np.nan)
        intercept = np.where(n >= 2, y_bar - slope * x_bar, np.nan)
    return slope, intercept, n


def areas_from_event_years(events: pd.DataFrame, years: ArrayLike) -> pd.DataFrame:
    """Per-year destroyed and restored areas from one destruction/restoration year per patch.

    Args:
        events: columns mine, patch, area_ha (ha), destruction_year, restoration_year (empty =
            not destroyed / not restored within the series).
        years: the observed years (a gap, such as the paper's 2012, is simply left out).

    Returns:
        One row per patch and observed year: mine, patch, year, destroyed_ha, restored_ha (the
        ``annual`` table of :func:`calculate` without NPP).

    An event in a year that was not observed is assigned to the next observed year, as the paper
    does: "any disturbance to vegetation that occurred in 2012 will be categorized as occurring in
    2013" (Fig. 2 caption). An event after the last observed year lies outside the series and
    adds no area. Raises :class:`InputError` (with :class:`RowProblem` items) for a destruction
    before the first observed year, a restoration without destruction, a restoration that does
    not fall in a later observed year than its destruction, negative areas and duplicate patches.
    """
    years_arr = np.unique(np.asarray(years, dtype=int))
    problems = _validate_events(events, years_arr)
    if problems:
        raise InputError(problems)
    n_p, n_y = len(events), len(years_arr)
    area = events["area_ha"].to_numpy(dtype=float)
    destroyed = np.zeros((n_p, n_y))
    restored = np.zeros((n_p, n_y))
    for out, col in ((destroyed, "destruction_year"), (restored, "restoration_year")):
        idx = _fold(events[col], years_arr)
        ok = idx >= 0
        out[np.nonzero(ok)[0], idx[ok]] = area[ok]
    return pd.DataFrame(
        {
            "mine": np.repeat(events["mine"].to_numpy(), n_y),
            "patch": np.repeat(events["patch"].to_numpy(), n_y),
            "year": np.tile(years_arr, n_p),
            "destroyed_ha": destroyed.ravel(),
            "restored_ha": restored.ravel(),
        }
    )


def calculate(
    annual: pd.DataFrame, parameters: Mapping[str, float] | None = None, *, validated: bool = False
) -> VcsResult:
    """VCS dynamics per patch, mine and in total (002 Eqs. (1)-(5), R_V, R_VCS).

    Args:
        annual: one row per patch and observed year; columns in the module docstring (``npp`` or
            the four mixed-pixel columns, plus mine, patch, year, destroyed_ha, restored_ha).
        parameters: overrides of ``vcs_parameters.csv`` by id.
        validated: the caller has just run :func:`validate` on ``annual`` and found nothing; it is
            not run again.

    Definitions (paper quotes in double quotes):

    * **Destruction year D** of a patch: the first observed year with ``destroyed_ha > 0``, the
      first growing season in which the area is seen without vegetation. Its NPP_a is 0 by Eq. (1).
    * **Pre-destruction years**: every observed year before D. Eq. (3) is fitted on them and
      Eq. (4) predicts the "VCS of undisturbed state" for every observed year from D on. The paper
      writes t = 2001, ..., T_D for the fit and Year = T_D + 1, ..., 2022 for the prediction; with
      T_D read as the destruction year the fit would include a year in which the destroyed area
      already has VCS 0, so T_D is read as the last undisturbed year (D - 1).
    * **Direct decrease** in year t ("changes relative to the previous year when the destruction
      ... occurred"): destroyed_ha_t x VCS of the previous observed year x 0.01 (t CO2), reported
      as a positive amount. **Direct increase**: restored_ha_t x VCS_t x 0.01 (the restored area
      had VCS 0 the year before). C_ddper = direct decrease / destroyed area and C_diper = direct
      increase / restored area (t CO2 ha-1; x 100 for g CO2 m-2).
    * **Potential changes** ("relative to the undisturbed state"): C_destroy_t = (0 - baseline_t)
      x unrestored_ha_t x 0.01 on the area destroyed and not yet restored; C_restore_t =
      (VCS_t - baseline_t) x restored_cum_ha_t x 0.01 on all area restored so far (positive when
      restored vegetation fixes more than the undisturbed line).
    * **VCSD** (Eq. (5)) = -(Σ_t C_destroy_t + Σ_t C_restore_t); > 0 means a net loss.
    * **R_V** = restored area / destroyed area; **R_VCS** = direct increase / direct decrease;
      per year (that year's areas and amounts) and over the whole series (sums).

    Edge cases:

    * Destruction without restoration: C_restore stays 0, C_destroy accumulates every year.
    * Missing year (a year absent from the whole table): nothing is interpolated. "Previous year"
      is the previous *observed* year, the fit uses the observed years' own year numbers, and the
      gap contributes no potential change to the sums of Eq. (5) (as the paper's 2012). Events in
      a gap must be put in the next observed year (``areas_from_event_years`` does so).
    * Fewer than ``min_baseline_years`` (2) pre-destruction years (a patch destroyed in the first
      or second observed year): the baseline is undefined (NaN), the patch is marked
      ``included = False`` and left out of every mine and total sum; ``excluded_patches`` and
      ``excluded_destroyed_ha`` show what was left out. Its direct changes stay in ``patch_year``.
    * Zero denominators (no destruction, no restoration or no direct decrease in a year or mine):
      C_ddper, C_diper, R_V, R_VCS and the per-ha C_restore are NaN ("not defined").
    * Missing NPP where it is used (pre-destruction years, years with restored area) propagates as
      NaN into the sums rather than being skipped; :func:`validate` reports it.
    * A baseline extrapolated below 0 is not clipped (the paper does not); check ``baseline_vcs``.

    Raises:
        InputError: the table has problems (see :func:`validate`).
        ParameterError: a parameter override is unknown or out of bounds.
    """
    p = _parameters(parameters)
    problems = [] if validated else validate(annual)
    if problems:
        raise InputError(problems)
    grid = _to_grid(annual)
    npp_a, vcs = _npp_and_vcs(grid, "npp" in annual.columns, p)
    base = _fit_baseline(grid.years, vcs, grid.values["destroyed_ha"], p["min_baseline_years"])
    changes = _changes(grid, vcs, base.values, p["g_m2_ha_to_t"])
    sums = {name: changes[name] for name in _SUMMED}
    mine_codes, mine_ids = pd.factorize(grid.mines)
    mine_year_sums = _mine_year_sums(sums, mine_codes, len(mine_ids), base.included)
    years = grid.years
    all_years = np.arange(years[0], years[-1] + 1) if len(years) else np.array([], dtype=int)
    return VcsResult(
        patch_year=_patch_year_frame(grid, npp_a, vcs, changes, base),
        patches=_patches_frame(grid, vcs, base, sums),
        **_year_tables(mine_year_sums, mine_ids, years),
        **_period_tables(mine_year_sums, mine_ids, mine_codes, base.included, grid.values["destroyed_ha"]),
        years=tuple(int(y) for y in years),
        missing_years=tuple(int(y) for y in np.setdiff1d(all_years, years)),
        parameters=p,
    )


# --- the steps of calculate ---------------------------------------------------------------------

#: The patch-year quantities summed per patch, per mine and year, and over all (ha and t CO2).
_SUMMED = ("destroyed_ha", "restored_ha", "direct_decrease_t", "direct_increase_t", "c_destroy_t", "c_restore_t")


@dataclass(frozen=True)
class _Baseline:
    """The undisturbed-state line of every patch (002 Eqs. (3)-(4)); arrays per patch or (patch, year)."""

    any_d: np.ndarray  # the patch is destroyed in some observed year
    d_idx: np.ndarray  # index of its destruction year D; the number of years when never destroyed
    pre: np.ndarray  # (patch, year): an observed year before D
    slope: np.ndarray  # a of Eq. (3), g CO2 m-2 a-2 (NaN with fewer than two fitted years)
    intercept: np.ndarray  # b of Eq. (3), g CO2 m-2 a-1
    n_fit: np.ndarray  # the number of years fitted
    has_line: np.ndarray  # destroyed, with at least min_baseline_years years before D and a finite slope
    included: np.ndarray  # never destroyed, or has_line: the patch enters the mine and total sums
    values: np.ndarray  # (patch, year): baseline VCS of Eq. (4) from D on, NaN elsewhere


def _npp_and_vcs(grid: _Grid, plain_npp: bool, p: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """NPP_a (002 Eq. (1), or the ``npp`` column as given) and VCS (Eq. (2)), patches x years."""
    if plain_npp:
        npp_a = grid.values["npp"]
    else:
        npp_a = scale_transform_npp(*(grid.values[c] for c in MIXED_PIXEL_COLUMNS))
    return npp_a, vcs_from_npp(npp_a, p["npp_to_organic_matter"], p["organic_matter_to_co2"])


def _fit_baseline(years: np.ndarray, vcs: np.ndarray, d: np.ndarray, min_years: float) -> _Baseline:
    """The line of Eq. (3) fitted on the pre-destruction years, and Eq. (4) from the destruction year on.

    The destruction year D is the first observed year with destroyed area; the fit takes every
    observed year before it (T_D read as D - 1, see :func:`calculate`). A patch destroyed with
    fewer than ``min_years`` years before D has no line and is excluded.
    """
    n_y = d.shape[1]
    col = np.arange(n_y)[None, :]
    any_d = (d > 0).any(axis=1)
    d_idx = np.where(any_d, np.argmax(d > 0, axis=1), n_y)
    pre = col < d_idx[:, None]
    slope, intercept, n_fit = ols_line(years, vcs, pre & any_d[:, None])
    n_pre = np.where(any_d, d_idx, 0)
    has_line = any_d & (n_pre >= min_years) & np.isfinite(slope)
    # a patch is excluded when it was destroyed but has too few pre-destruction years
    included = ~any_d | has_line
    after = (col >= d_idx[:, None]) & has_line[:, None]
    values = np.where(after, slope[:, None] * years[None, :] + intercept[:, None], np.nan)
    return _Baseline(any_d, d_idx, pre, slope, intercept, n_fit, has_line, included, values)


def _changes(grid: _Grid, vcs: np.ndarray, baseline: np.ndarray, k: float) -> dict[str, np.ndarray]:
    """Areas so far and the direct and potential changes of every patch-year, patches x years.

    Direct changes ("changes relative to the previous year"): decrease = destroyed_ha_t x VCS of
    the previous observed year x k, increase = restored_ha_t x VCS_t x k. Potential changes
    ("relative to the undisturbed state"): C_destroy = -unrestored_ha_t x baseline_t x k,
    C_restore = restored_cum_ha_t x (VCS_t - baseline_t) x k; k converts g CO2 m-2 x ha to t CO2.
    Each product only where its area is positive, so unused NPP (destroyed years) is not needed.
    """
    d = grid.values["destroyed_ha"]
    r = grid.values["restored_ha"]
    d_cum = np.cumsum(d, axis=1)
    r_cum = np.cumsum(r, axis=1)
    unrestored = d_cum - r_cum
    vcs_prev = np.full_like(vcs, np.nan)
    vcs_prev[:, 1:] = vcs[:, :-1]
    return {
        "destroyed_ha": d,
        "restored_ha": r,
        "destroyed_cum_ha": d_cum,
        "restored_cum_ha": r_cum,
        "unrestored_ha": unrestored,
        "vcs_previous": vcs_prev,
        "direct_decrease_t": np.where(d > 0, d * vcs_prev * k, 0.0),
        "direct_increase_t": np.where(r > 0, r * vcs * k, 0.0),
        "c_destroy_t": np.where(unrestored > 0, -unrestored * baseline * k, 0.0),
        "c_restore_t": np.where(r_cum > 0, r_cum * (vcs - baseline) * k, 0.0),
    }


def _mine_year_sums(
    sums: Mapping[str, np.ndarray], mine_codes: np.ndarray, n_mines: int, included: np.ndarray
) -> dict[str, np.ndarray]:
    """Each summed quantity per mine and year (mines x years), over the included patches only."""
    out = {}
    for name, arr in sums.items():
        total = np.zeros((n_mines, arr.shape[1]))
        np.add.at(total, mine_codes[included], arr[included])
        out[name] = total
    return out


def _patch_year_frame(
    grid: _Grid, npp_a: np.ndarray, vcs: np.ndarray, changes: Mapping[str, np.ndarray], base: _Baseline
) -> pd.DataFrame:
    """``VcsResult.patch_year``: Eqs. (1)-(2) and (4) and the changes, one row per patch and year."""
    n_p, n_y = vcs.shape
    c = changes
    return pd.DataFrame(
        {
            "mine": np.repeat(grid.mines, n_y),
            "patch": np.repeat(grid.patches, n_y),
            "year": np.tile(grid.years, n_p),
            "npp_a": npp_a.ravel(),
            "vcs": vcs.ravel(),
            "destroyed_ha": c["destroyed_ha"].ravel(),
            "restored_ha": c["restored_ha"].ravel(),
            "destroyed_cum_ha": c["destroyed_cum_ha"].ravel(),
            "restored_cum_ha": c["restored_cum_ha"].ravel(),
            "unrestored_ha": c["unrestored_ha"].ravel(),
            "vcs_previous": c["vcs_previous"].ravel(),
            "baseline_vcs": base.values.ravel(),
            "direct_decrease_t": c["direct_decrease_t"].ravel(),
            "direct_increase_t": c["direct_increase_t"].ravel(),
            "c_destroy_t": c["c_destroy_t"].ravel(),
            "c_restore_t": c["c_restore_t"].ravel(),
            "included": np.repeat(base.included, n_y),
        }
    )


def _patches_frame(grid: _Grid, vcs: np.ndarray, base: _Baseline, sums: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """``VcsResult.patches``: the line of Eq. (3) and the period sums of each patch, with its VCSD (Eq. (5))."""
    years = grid.years
    n_y = len(years)
    fit = base.pre & base.any_d[:, None] & np.isfinite(vcs)
    first_fit = np.where(base.n_fit > 0, years[np.argmax(fit, axis=1)], np.nan)
    last_fit = np.where(base.n_fit > 0, years[n_y - 1 - np.argmax(fit[:, ::-1], axis=1)], np.nan)
    patch_totals = {name: arr.sum(axis=1) for name, arr in sums.items()}
    return pd.DataFrame(
        {
            "mine": grid.mines,
            "patch": grid.patches,
            "destruction_year": np.where(base.any_d, years[np.minimum(base.d_idx, n_y - 1)], np.nan),
            "baseline_years": base.n_fit,
            "baseline_first_year": first_fit,
            "baseline_last_year": last_fit,
            "slope": np.where(base.has_line, base.slope, np.nan),
            "intercept": np.where(base.has_line, base.intercept, np.nan),
            "included": base.included,
            **patch_totals,
            "vcsd_t": 0.0 - (patch_totals["c_destroy_t"] + patch_totals["c_restore_t"]),
        }
    )


def _year_tables(
    mine_year_sums: dict[str, np.ndarray], mine_ids: pd.Index, years: np.ndarray
) -> dict[str, pd.DataFrame]:
    """``mine_year`` and ``total_year``: each year's sums, C_ddper, C_diper, R_V, R_VCS and VCSD (Eq. (5))."""
    n_y = len(years)
    mine_year = _year_table(mine_year_sums)
    mine_year.insert(0, "mine", np.repeat(np.asarray(mine_ids), n_y))
    mine_year.insert(1, "year", np.tile(years, len(mine_ids)))
    total_year = _year_table({name: arr.sum(axis=0, keepdims=True) for name, arr in mine_year_sums.items()})
    total_year.insert(0, "year", years)
    return {"mine_year": mine_year, "total_year": total_year}


def _period_tables(
    mine_year_sums: dict[str, np.ndarray],
    mine_ids: pd.Index,
    mine_codes: np.ndarray,
    included: np.ndarray,
    d: np.ndarray,
) -> dict[str, pd.DataFrame]:
    """``mines`` and ``total``: the sums over the whole series, R_V, R_VCS and VCSD (Eq. (5)).

    With the count of patches and of excluded patches, and the destroyed area left out with them.
    """
    n_m = len(mine_ids)
    excluded_destroyed = np.zeros(n_m)
    np.add.at(excluded_destroyed, mine_codes[~included], d[~included].sum(axis=1))
    counts = np.bincount(mine_codes, minlength=n_m)
    excluded = np.bincount(mine_codes[~included], minlength=n_m)
    mines = _period_table(mine_year_sums, counts, excluded, excluded_destroyed)
    mines.insert(0, "mine", np.asarray(mine_ids))
    total_sums = {name: arr.sum(axis=0, keepdims=True) for name, arr in mine_year_sums.items()}
    total = _period_table(
        total_sums, np.array([len(mine_codes)]), np.array([excluded.sum()]), np.array([excluded_destroyed.sum()])
    )
    return {"mines": mines, "total": total}


# --- the result tables by output id -------------------------------------------------------------


def output_frames(res: VcsResult) -> dict[str, pd.DataFrame]:
    """The tables of the result sheets: columns named by output id, plus 0-based row positions.

    The patches of ``res`` must be grouped by mine (each mine's patches one after another; the
    VCS kind orders them so). Areas in ha, masses in t CO2 (the writer shows the mass unit the user
    chose); C_ddper, C_diper and C_restore per restored area in g CO2 m-2 (t CO2 ha-1 divided by
    ``g_m2_ha_to_t``); flags as 1/0.

    Positions: ``prev_row`` the row above in the same table (-1 for the first row: the header);
    ``patch_row`` the patch of a patch-year; ``py_first``/``py_last`` a patch's block of
    patch-years and ``fit_last`` the end of its pre-destruction block (at least one row);
    ``patch_first`` a mine's first patch; ``year_src`` the patch-year of a mine's first patch in
    that year; ``blk_first``/``blk_last`` the patch-years of a mine; ``my_first``/``my_last`` the
    mine-years of a mine; ``b_first``/``b_last`` the patches of a mine; ``year_row`` the first mine's
    row of a year; ``top``/``row`` the years from the first to this one.
    """
    k = res.parameters["g_m2_ha_to_t"]
    years = np.asarray(res.years)
    n_y = len(years)
    pat, py = res.patches, res.patch_year
    n_p = len(pat)
    codes = pd.factorize(pat["mine"])[0]
    if (np.diff(codes) < 0).any():
        raise ValueError("output_frames: the patches must be grouped by mine")
    py_first = np.arange(n_p) * n_y
    py_last = py_first + n_y - 1
    any_d = pat["destruction_year"].notna().to_numpy()
    d_idx = np.where(any_d, np.searchsorted(years, pat["destruction_year"].fillna(0).to_numpy()), n_y)
    has_line = pat["slope"].notna().to_numpy()
    included = pat["included"].to_numpy()
    patch_year = pd.DataFrame({out: py[col].to_numpy() for out, col in _PATCH_YEAR.items()})
    patch_year["included"] = patch_year["included"].astype(int)
    patch_year["prev_row"] = np.arange(len(py)) - 1
    patch_year["patch_row"] = np.repeat(np.arange(n_p), n_y)

    def by_patch(col: str) -> np.ndarray:  # SUM skips the empty cells (NaN) of a patch's block
        return np.nansum(py[col].to_numpy(dtype=float).reshape(n_p, n_y), axis=1)

    nan = np.nan
    patches = pd.DataFrame(
        {
            "mine": pat["mine"].to_numpy(),
            "patch": pat["patch"].to_numpy(),
            "n_pre": d_idx,
            "destroyed_flag": any_d.astype(int),
            "destruction_year": pat["destruction_year"].to_numpy(),
            "has_line": has_line.astype(int),
            "fit_from": np.where(has_line, years[0] if n_y else nan, nan),
            "fit_to": np.where(has_line, years[np.clip(d_idx - 1, 0, max(n_y - 1, 0))], nan),
            "slope": pat["slope"].to_numpy(),
            "intercept": pat["intercept"].to_numpy(),
            "included": included.astype(int),
            "destroyed": pat["destroyed_ha"].to_numpy(),
            "restored": pat["restored_ha"].to_numpy(),
            "direct_decrease": by_patch("direct_decrease_t"),
            "direct_increase": by_patch("direct_increase_t"),
            "c_destroy": np.where(included, pat["c_destroy_t"], nan),
            "c_restore": np.where(included, pat["c_restore_t"], nan),
            "vcsd": np.where(included, pat["vcsd_t"], nan),
            "py_first": py_first,
            "py_last": py_last,
            "fit_last": py_first + np.maximum(np.minimum(d_idx, n_y), 1) - 1,
        }
    )
    n_m = len(res.mines)
    size = np.bincount(codes, minlength=n_m)
    first_patch = np.r_[0, np.cumsum(size)[:-1]].astype(int)
    last_patch = first_patch + size - 1
    mine_year = _by_output_id(res.mine_year, _YEAR_TABLE, k)
    mine_year["patch_first"] = np.repeat(first_patch, n_y)
    mine_year["year_src"] = np.repeat(py_first[first_patch], n_y) + np.tile(np.arange(n_y), n_m)
    mine_year["blk_first"] = np.repeat(py_first[first_patch], n_y)
    mine_year["blk_last"] = np.repeat(py_last[last_patch], n_y)
    mine_year["prev_row"] = np.arange(n_m * n_y) - 1
    total_year = _by_output_id(res.total_year, _YEAR_TABLE, k)
    total_year["year_row"] = np.arange(n_y)
    total_year["top"] = 0
    total_year["row"] = np.arange(n_y)
    mines = _by_output_id(res.mines, _PERIOD_TABLE, k)
    mines["my_first"] = np.arange(n_m) * n_y
    mines["my_last"] = mines["my_first"] + n_y - 1
    mines["b_first"] = first_patch
    mines["b_last"] = last_patch
    total = _by_output_id(res.total, _PERIOD_TABLE, k)
    return {
        "patch_year": patch_year,
        "patches": patches,
        "mine_year": mine_year,
        "total_year": total_year,
        "mines": mines,
        "total": total,
    }


#: output id -> engine column (``patch_year``)
_PATCH_YEAR = {
    "mine": "mine",
    "patch": "patch",
    "year": "year",
    "npp_a": "npp_a",
    "vcs": "vcs",
    "destroyed": "destroyed_ha",
    "restored": "restored_ha",
    "destroyed_cum": "destroyed_cum_ha",
    "restored_cum": "restored_cum_ha",
    "unrestored": "unrestored_ha",
    "vcs_prev": "vcs_previous",
    "baseline": "baseline_vcs",
    "direct_decrease": "direct_decrease_t",
    "direct_increase": "direct_increase_t",
    "c_destroy": "c_destroy_t",
    "c_restore": "c_restore_t",
    "included": "included",
}
_SUMS = {
    "destroyed": "destroyed_ha",
    "restored": "restored_ha",
    "direct_decrease": "direct_decrease_t",
    "direct_increase": "direct_increase_t",
    "r_v": "r_v",
    "r_vcs": "r_vcs",
    "c_destroy": "c_destroy_t",
    "c_restore": "c_restore_t",
    "vcsd": "vcsd_t",
}
#: output id -> (engine column, divided by g_m2_ha_to_t: t CO2 ha-1 -> g CO2 m-2)
_YEAR_TABLE = {
    "mine": ("mine", False),
    "year": ("year", False),
    **{o: (c, False) for o, c in _SUMS.items()},
    "c_ddper": ("c_ddper_t_per_ha", True),
    "c_diper": ("c_diper_t_per_ha", True),
    "vcsd_cum": ("vcsd_cumulative_t", False),
}
_PERIOD_TABLE = {
    "mine": ("mine", False),
    "patches": ("patches", False),
    "excluded": ("excluded_patches", False),
    "excluded_destroyed": ("excluded_destroyed_ha", False),
    **{o: (c, False) for o, c in _SUMS.items()},
    "c_restore_per_ha": ("c_restore_per_restored_ha", True),
}


def _by_output_id(df: pd.DataFrame, columns: dict[str, tuple[str, bool]], k: float) -> pd.DataFrame:
    out = {}
    for o, (c, per_k) in columns.items():
        if c in df.columns:
            v = df[c].to_numpy()
            out[o] = v / k if per_k else v
    return pd.DataFrame(out)


# --- validation ---------------------------------------------------------------------------------


def validate(annual: pd.DataFrame) -> list[RowProblem]:
    """Every problem of the ``annual`` table, as :class:`RowProblem` (row = 0-based position).

    Checks: required columns; NPP given either as ``npp`` or as the four mixed-pixel columns;
    numbers where numbers are expected, whole years; duplicate (mine, patch, year); years of a
    patch not ascending; a patch without a row for a year that other patches have; negative NPP
    and areas; pixel area not positive, vegetated area above pixel area, negative NPP after Eq. (1);
    restored area so far above destroyed area so far; NPP missing in a pre-destruction year of a
    destroyed patch or in a year with restored area.
    """
    problems = _column_problems(set(annual.columns))
    if problems:
        return problems
    if len(annual) == 0:
        return [RowProblem(TABLE, None, None, msg.EMPTY_TABLE.format(table=msg.Column(TABLE)))]

    df = annual.reset_index(drop=True)
    npp_cols = ["npp"] if "npp" in df.columns else list(MIXED_PIXEL_COLUMNS)
    num, problems = _numbers(df, npp_cols)
    year = num["year"]
    not_int = year.notna() & (year != np.round(year))
    problems += _blank_cells(df)
    problems += _fractional_years(df, not_int)
    problems += _negative_values(num, (*AREA_COLUMNS, *npp_cols))
    if all(c in df.columns for c in MIXED_PIXEL_COLUMNS):
        problems += _mixed_pixel_problems(num)

    keys_ok = (df["mine"].notna() & df["patch"].notna() & year.notna() & ~not_int).to_numpy()
    # patch code (integer per mine/patch pair); labels "mine/patch" are built only for messages
    code = pd.Series(-1, index=df.index)
    code[keys_ok] = df[keys_ok].groupby(["mine", "patch"], sort=False).ngroup()
    keyed = pd.DataFrame({"code": code, "year": year, "row": df.index})[keys_ok]
    problems += _duplicate_patch_years(df, keyed)
    problems += _years_out_of_order(df, keyed)
    problems += _missing_patch_years(df, keyed)

    areas_ok = keys_ok & (num["destroyed_ha"].notna() & num["restored_ha"].notna()).to_numpy()
    work = pd.DataFrame({"code": code, "year": year, "d": num["destroyed_ha"], "r": num["restored_ha"]})[areas_ok]
    work = work.sort_values(["code", "year"], kind="stable")
    problems += _restored_above_destroyed(df, work)
    problems += _npp_missing_where_used(df, work, npp_cols)
    return sorted(problems, key=_problem_key)


# --- the rules of validate (each returns its problems of the ``annual`` table) --------------------

#: The unit named in a "not a number" message; every other numeric column is an area in ha.
_NUMBER_UNITS = {"year": "years", "npp": "g C m-2 a-1", "npp_b": "g C m-2 a-1", "npp_bg": "g C m-2 a-1"}


def _column_problems(cols: set[str]) -> list[RowProblem]:
    """Required columns missing, and NPP given neither or both ways (``npp``, or Eq. (1)'s four columns)."""
    t = TABLE
    problems = [
        RowProblem(
            t,
            None,
            c,
            msg.VCS_MISSING_COLUMN.format(table=msg.Column(t), column=msg.Column(c), expected=REQUIRED_COLUMNS),
        )
        for c in REQUIRED_COLUMNS
        if c not in cols
    ]
    mixed = MIXED_PIXEL_COLUMNS
    if "npp" in cols and any(c in cols for c in mixed):
        problems.append(RowProblem(t, None, "npp", msg.VCS_NPP_AND_MIXED.format(table=msg.Column(t), mixed=mixed)))
    elif "npp" not in cols and not all(c in cols for c in mixed):
        problems.append(RowProblem(t, None, "npp", msg.VCS_NO_NPP_COLUMNS.format(table=msg.Column(t), mixed=mixed)))
    return problems


def _numbers(df: pd.DataFrame, npp_cols: list[str]) -> tuple[dict[str, pd.Series], list[RowProblem]]:
    """Year, areas and NPP as floats (NaN where empty or not a number), and each cell that is not a number."""
    problems: list[RowProblem] = []
    num: dict[str, pd.Series] = {}
    for c in ("year", *AREA_COLUMNS, *npp_cols):
        raw = df[c]
        val = pd.to_numeric(raw, errors="coerce").astype(float)
        bad = raw.notna().to_numpy() & val.isna().to_numpy()
        unit = msg.Unit(_NUMBER_UNITS.get(c, "ha"))
        for i in np.nonzero(bad)[0]:
            problems.append(RowProblem(TABLE, int(i), c, msg.NOT_A_NUMBER.format(value=_py(raw.iloc[i]), unit=unit)))
        num[c] = val
    return num, problems


def _blank_cells(df: pd.DataFrame) -> list[RowProblem]:
    """Mine, patch, year and both areas are required in every row."""
    return [
        RowProblem(TABLE, int(i), c, msg.REQUIRED.format(field=msg.Column(c)))
        for c in ("mine", "patch", "year", *AREA_COLUMNS)
        for i in np.nonzero(df[c].isna().to_numpy())[0]
    ]


def _fractional_years(df: pd.DataFrame, not_int: pd.Series) -> list[RowProblem]:
    """Years are whole numbers (the observed years of the NPP series)."""
    return [
        RowProblem(TABLE, int(i), "year", msg.NOT_AN_INTEGER.format(value=_py(df["year"].iloc[i])))
        for i in np.nonzero(not_int.to_numpy())[0]
    ]


def _negative_values(num: Mapping[str, pd.Series], columns: tuple[str, ...]) -> list[RowProblem]:
    """Areas and NPP are not negative."""
    return [
        RowProblem(TABLE, int(i), c, msg.NEGATIVE.format(field=msg.Column(c), value=_fmt(num[c].iloc[i])))
        for c in columns
        for i in np.nonzero((num[c] < 0).to_numpy())[0]
    ]


def _mixed_pixel_problems(num: Mapping[str, pd.Series]) -> list[RowProblem]:
    """The inputs of Eq. (1): S > 0, S_veg <= S, and NPP_b x S >= NPP_bg x (S - S_veg) (NPP_a not negative)."""
    t = TABLE
    s, s_veg, npp_b, npp_bg = num["s"], num["s_veg"], num["npp_b"], num["npp_bg"]
    problems = [
        RowProblem(t, int(i), "s", msg.VCS_PIXEL_AREA_NOT_POSITIVE.format(value=_fmt(s.iloc[i])))
        for i in np.nonzero((s <= 0).to_numpy())[0]
    ]
    bad_veg = ((s_veg > s) & (s > 0)).to_numpy()
    for i in np.nonzero(bad_veg)[0]:
        problems.append(
            RowProblem(
                t, int(i), "s_veg", msg.VCS_VEG_AREA_EXCEEDS_PIXEL.format(s_veg=_fmt(s_veg.iloc[i]), s=_fmt(s.iloc[i]))
            )
        )
    total = npp_b * s
    background = npp_bg * (s - s_veg)
    ok = (s > 0) & (s_veg > 0) & (s_veg <= s) & (npp_b >= 0) & (npp_bg >= 0)
    neg_a = (ok & (total < background)).to_numpy()
    for i in np.nonzero(neg_a)[0]:
        problems.append(
            RowProblem(
                t,
                int(i),
                "npp_b",
                msg.VCS_NPP_A_NEGATIVE.format(
                    value=_fmt((total.iloc[i] - background.iloc[i]) / s_veg.iloc[i]),
                    total=_fmt(total.iloc[i]),
                    background=_fmt(background.iloc[i]),
                ),
            )
        )
    return problems


def _patch_label(df: pd.DataFrame, i: int) -> str:
    """ "mine/patch" of row ``i``, for messages."""
    return f"{df['mine'].iloc[i]}/{df['patch'].iloc[i]}"


def _duplicate_patch_years(df: pd.DataFrame, keyed: pd.DataFrame) -> list[RowProblem]:
    """One row per patch and year; a repeat names the row it repeats.

    ``keyed``: the rows with usable keys, columns code (patch), year, row (position in ``df``).
    """
    by_key = keyed.groupby(["code", "year"], sort=False)
    first_row = by_key["row"].transform("min")
    return [
        RowProblem(
            TABLE,
            int(i),
            "year",
            msg.DUPLICATE_ROW.format(
                key=msg.KEY_PATCH_YEAR.format(patch=_patch_label(df, i), year=int(keyed.at[i, "year"])),
                first=msg.ROW_N.format(row=int(first_row.loc[i])),
            ),
        )
        for i in keyed.index[(by_key.cumcount() > 0).to_numpy()]
    ]


def _years_out_of_order(df: pd.DataFrame, keyed: pd.DataFrame) -> list[RowProblem]:
    """The years of a patch ascend in row order (the pre-destruction block of Eq. (3) is contiguous)."""
    prev = keyed.groupby("code", sort=False)["year"].shift()
    return [
        RowProblem(
            TABLE,
            int(i),
            "year",
            msg.VCS_YEAR_OUT_OF_ORDER.format(
                year=int(keyed.at[i, "year"]), patch=_patch_label(df, i), previous=int(prev.loc[i])
            ),
        )
        for i in keyed.index[(keyed["year"] < prev).to_numpy()]
    ]


def _missing_patch_years(df: pd.DataFrame, keyed: pd.DataFrame) -> list[RowProblem]:
    """Every patch has a row for every year that any patch has (a gap is a year absent from all)."""
    all_years = np.unique(keyed["year"].to_numpy())
    by_patch = keyed.groupby("code", sort=False)
    n_years = by_patch["year"].nunique()
    first_rows = by_patch["row"].min()
    problems = []
    for c in n_years.index[(n_years < len(all_years)).to_numpy()]:
        have = set(keyed.loc[keyed["code"] == c, "year"].tolist())
        lacking = [int(y) for y in all_years if y not in have]
        i = int(first_rows[c])
        problems.append(
            RowProblem(
                TABLE, i, "year", msg.VCS_MISSING_PATCH_YEAR.format(patch=_patch_label(df, i), years=tuple(lacking))
            )
        )
    return problems


def _restored_above_destroyed(df: pd.DataFrame, work: pd.DataFrame) -> list[RowProblem]:
    """Restored area so far never above destroyed area so far (R_V <= 1 per patch; C_restore's area).

    ``work``: rows with usable keys and areas, columns code, year, d, r, sorted by patch and year.
    """
    grouped = work.groupby("code", sort=False)
    d_cum = grouped["d"].cumsum()
    r_cum = grouped["r"].cumsum()
    tol = 1e-9 * np.maximum(1.0, d_cum.abs())
    exceeds = (work["r"] > 0) & (r_cum > d_cum + tol)
    return [
        RowProblem(
            TABLE,
            int(i),
            "restored_ha",
            msg.VCS_RESTORED_EXCEEDS_DESTROYED.format(
                patch=_patch_label(df, i),
                year=int(work.at[i, "year"]),
                restored=_fmt(r_cum.loc[i]),
                destroyed=_fmt(d_cum.loc[i]),
            ),
        )
        for i in work.index[exceeds.to_numpy()]
    ]


def _npp_missing_where_used(df: pd.DataFrame, work: pd.DataFrame, npp_cols: list[str]) -> list[RowProblem]:
    """NPP is given where it is used: the pre-destruction years of a destroyed patch (the fit of
    Eq. (3)) and every year with restored area so far (direct increase, C_restore).

    ``work`` as for :func:`_restored_above_destroyed`.
    """
    npp_missing = pd.Series(False, index=df.index)
    for c in npp_cols:
        npp_missing |= df[c].isna()
    grouped = work.groupby("code", sort=False)
    destroyed_before = grouped["d"].cumsum() > 0
    ever_destroyed = grouped["d"].transform("max") > 0
    pre_destruction = ever_destroyed & ~destroyed_before
    restored_so_far = grouped["r"].cumsum() > 0
    problems = []
    for mask, reason in (
        (pre_destruction, msg.VCS_NPP_REQUIRED_BASELINE),
        (restored_so_far & ~pre_destruction, msg.VCS_NPP_REQUIRED_RESTORED),
    ):
        for i in work.index[(mask & npp_missing.loc[work.index]).to_numpy()]:
            problems.append(
                RowProblem(
                    TABLE,
                    int(i),
                    npp_cols[0],
                    msg.VCS_NPP_REQUIRED.format(patch=_patch_label(df, i), year=int(work.at[i, "year"]), reason=reason),
                )
            )
    return problems


# --- private helpers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Grid:
    years: np.ndarray
    mines: np.ndarray
    patches: np.ndarray
    values: dict[str, np.ndarray]


def _to_grid(annual: pd.DataFrame) -> _Grid:
    """Long table -> patches x years arrays (patches in order of first appearance)."""
    df = annual.reset_index(drop=True)
    patch_code = df.groupby(["mine", "patch"], sort=False).ngroup().to_numpy()
    first = pd.Series(np.arange(len(df))).groupby(patch_code).min().to_numpy()
    year = df["year"].to_numpy(dtype=float).astype(int)
    years = np.unique(year)
    year_code = np.searchsorted(years, year)
    n_p, n_y = len(first), len(years)
    values = {}
    for c in df.columns:
        if c in ("mine", "patch", "year"):
            continue
        fill = 0.0 if c in AREA_COLUMNS else np.nan
        arr = np.full((n_p, n_y), fill)
        arr[patch_code, year_code] = pd.to_numeric(df[c], errors="coerce").to_numpy(dtype=float)
        values[c] = arr
    return _Grid(years=years, mines=df["mine"].to_numpy()[first], patches=df["patch"].to_numpy()[first], values=values)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, NaN where den is 0 (the ratio is not defined then)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _year_table(s: dict[str, np.ndarray]) -> pd.DataFrame:
    vcsd = 0.0 - (s["c_destroy_t"] + s["c_restore_t"])
    return pd.DataFrame(
        {
            "destroyed_ha": s["destroyed_ha"].ravel(),
            "restored_ha": s["restored_ha"].ravel(),
            "direct_decrease_t": s["direct_decrease_t"].ravel(),
            "direct_increase_t": s["direct_increase_t"].ravel(),
            "c_ddper_t_per_ha": _ratio(s["direct_decrease_t"], s["destroyed_ha"]).ravel(),
            "c_diper_t_per_ha": _ratio(s["direct_increase_t"], s["restored_ha"]).ravel(),
            "r_v": _ratio(s["restored_ha"], s["destroyed_ha"]).ravel(),
            "r_vcs": _ratio(s["direct_increase_t"], s["direct_decrease_t"]).ravel(),
            "c_destroy_t": s["c_destroy_t"].ravel(),
            "c_restore_t": s["c_restore_t"].ravel(),
            "vcsd_t": vcsd.ravel(),
            "vcsd_cumulative_t": np.cumsum(vcsd, axis=1).ravel(),
        }
    )


def _period_table(s: dict[str, np.ndarray], counts, excluded, excluded_destroyed) -> pd.DataFrame:
    t = {name: arr.sum(axis=1) for name, arr in s.items()}
    return pd.DataFrame(
        {
            "patches": counts,
            "excluded_patches": excluded,
            "excluded_destroyed_ha": excluded_destroyed,
            "destroyed_ha": t["destroyed_ha"],
            "restored_ha": t["restored_ha"],
            "direct_decrease_t": t["direct_decrease_t"],
            "direct_increase_t": t["direct_increase_t"],
            "r_v": _ratio(t["restored_ha"], t["destroyed_ha"]),
            "r_vcs": _ratio(t["direct_increase_t"], t["direct_decrease_t"]),
            "c_destroy_t": t["c_destroy_t"],
            "c_restore_t": t["c_restore_t"],
            "vcsd_t": 0.0 - (t["c_destroy_t"] + t["c_restore_t"]),
            "c_restore_per_restored_ha": _ratio(t["c_restore_t"], t["restored_ha"]),
        }
    )


def _fold(values: pd.Series, years: np.ndarray) -> np.ndarray:
    """Index of the first observed year >= each event year; -1 for no event or after the end."""
    v = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    idx = np.searchsorted(years, np.where(np.isfinite(v), v, np.inf), side="left")
    return np.where(np.isfinite(v) & (idx < len(years)), idx, -1)


def _validate_events(events: pd.DataFrame, years: np.ndarray) -> list[RowProblem]:
    t = EVENTS_TABLE
    missing = [c for c in EVENT_COLUMNS if c not in events.columns]
    if missing:
        return [
            RowProblem(
                t,
                None,
                c,
                msg.VCS_MISSING_COLUMN.format(table=msg.Column(t), column=msg.Column(c), expected=EVENT_COLUMNS),
            )
            for c in missing
        ]
    df = events.reset_index(drop=True)
    problems: list[RowProblem] = []
    label = df["mine"].astype(str) + "/" + df["patch"].astype(str)
    dup = label.duplicated()
    for i in np.nonzero(dup.to_numpy())[0]:
        first = int(np.nonzero((label == label.iloc[i]).to_numpy())[0][0])
        problems.append(
            RowProblem(
                t,
                int(i),
                "patch",
                msg.DUPLICATE_ROW.format(
                    key=msg.KEY_PATCH.format(patch=label.iloc[i]), first=msg.ROW_N.format(row=first)
                ),
            )
        )
    area = pd.to_numeric(df["area_ha"], errors="coerce")
    for i in np.nonzero((area < 0).to_numpy())[0]:
        problems.append(
            RowProblem(t, int(i), "area_ha", msg.NEGATIVE.format(field=msg.Column("area_ha"), value=_fmt(area.iloc[i])))
        )
    dy = pd.to_numeric(df["destruction_year"], errors="coerce")
    ry = pd.to_numeric(df["restoration_year"], errors="coerce")
    d_idx, r_idx = _fold(dy, years), _fold(ry, years)
    for i in range(len(df)):
        if pd.notna(dy.iloc[i]) and dy.iloc[i] < years[0]:
            problems.append(
                RowProblem(
                    t,
                    i,
                    "destruction_year",
                    msg.VCS_DESTRUCTION_BEFORE_START.format(
                        year=int(dy.iloc[i]), patch=label.iloc[i], first=int(years[0])
                    ),
                )
            )
        if pd.notna(ry.iloc[i]) and pd.isna(dy.iloc[i]):
            problems.append(
                RowProblem(
                    t,
                    i,
                    "restoration_year",
                    msg.VCS_RESTORATION_WITHOUT_DESTRUCTION.format(patch=label.iloc[i], year=int(ry.iloc[i])),
                )
            )
        elif pd.notna(ry.iloc[i]) and r_idx[i] >= 0 and (d_idx[i] < 0 or r_idx[i] <= d_idx[i]):
            problems.append(
                RowProblem(
                    t,
                    i,
                    "restoration_year",
                    msg.VCS_RESTORATION_NOT_AFTER_DESTRUCTION.format(
                        patch=label.iloc[i],
                        restoration=int(ry.iloc[i]),
                        restoration_in=int(years[r_idx[i]]),
                        destruction=int(dy.iloc[i]),
                        destruction_in=(int(years[d_idx[i]]) if d_idx[i] >= 0 else msg.Term("none", "无")),
                    ),
                )
            )
    return sorted(problems, key=_problem_key)


def _problem_key(p: RowProblem) -> tuple:
    return (-1 if p.row is None else p.row, p.column or "", p.message)


def _py(value):
    """A NumPy scalar as the plain Python value, so messages show 2002.5, not np.float64(2002.5)."""
    return value.item() if isinstance(value, np.generic) else value


def _fmt(value: float) -> str:
    """A number as users typed it: no trailing zeros, up to 6 significant decimals."""
    return f"{float(value):.6g}"
