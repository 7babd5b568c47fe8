"""Excel worksheet functions through xlwings: thin adapters over the pure methods.

They run in Excel (Windows or macOS) with the xlwings add-in; on any system they are plain Python
functions, which is how they are tested. Errors come back as a readable text in the cell
("#ECO! ...") instead of a stack trace. xlwings is imported only here.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import xlwings as xw

from ecoaccount.methods import esv, gep, vcs


def _cell_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            out = fn(*args, **kwargs)
        except (ValueError, TypeError, KeyError, ZeroDivisionError) as exc:
            return f"#ECO! {exc}"
        if isinstance(out, float) and not math.isfinite(out):
            return "#ECO! no defined result (a zero denominator)"
        return out

    return wrapper


def _vector(values: Any) -> np.ndarray:
    arr = np.asarray(values if isinstance(values, (list, tuple, np.ndarray)) else [values], dtype=float).ravel()
    return arr


@xw.func
@xw.arg("prices", np.array, ndim=1)
@xw.arg("yields", np.array, ndim=1)
@xw.arg("sown_areas", np.array, ndim=1)
@_cell_errors
def ECO_EA(prices: Any, yields: Any, sown_areas: Any) -> float:
    """Value of one standard equivalent Ea, yuan/(ha·a): (1/7)·Σ m·p·q / Σ q (paper 000 eq. 1)."""
    m, p, q = _vector(prices), _vector(yields), _vector(sown_areas)
    if not (len(m) == len(p) == len(q)):
        raise ValueError("prices, yields and sown areas must have the same length")
    if q.sum() <= 0:
        raise ValueError("total sown area must be above 0")
    g = esv.equivalent_value(
        __import__("pandas").DataFrame(
            {"region": 0, "year": 0, "crop": range(len(m)), "price": m, "yield": p, "sown_area": q}
        )
    )
    return float(g["ea"].iloc[0])


@xw.func
@xw.arg("factors", np.array, ndim=1)
@_cell_errors
def ECO_VC(factors: Any, ea: float) -> float:
    """Value per hectare of a land class, yuan/(ha·a): Σ EC·Ea over its services (paper 000 eq. 3)."""
    return float(_vector(factors).sum() * float(ea))


@xw.func
@xw.arg("areas", np.array, ndim=1)
@xw.arg("values_per_ha", np.array, ndim=1)
@_cell_errors
def ECO_ESV(areas: Any, values_per_ha: Any) -> float:
    """Ecosystem service value, yuan/a: Σ A·VC (paper 000 eq. 2)."""
    a, vc = _vector(areas), _vector(values_per_ha)
    if len(a) != len(vc):
        raise ValueError("areas and values per hectare must have the same length")
    return float((a * vc).sum())


@xw.func
@_cell_errors
def ECO_ECPS(non_market_value: float, gdp: float, area_ha: float) -> float:
    """Compensation priority ECPS = (V/area)/(GDP/area) (paper 000 eq. 4)."""
    import pandas as pd

    s = pd.DataFrame(
        {
            "region": [0],
            "year": [0],
            "area_ha": [float(area_ha)],
            "total": [float(non_market_value)],
            "non_market": [float(non_market_value)],
        }
    )
    c = esv.compensation(s, pd.DataFrame({"region": [0], "year": [0], "gdp": [float(gdp)]}))
    return float(c["ecps"].iloc[0])


@xw.func
@_cell_errors
def ECO_T(ecps: float) -> float:
    """Compensation demand intensity t = 2·arctan(ECPS)/π (paper 000 eq. 6)."""
    return float(2 * np.arctan(float(ecps)) / np.pi)


@xw.func
@_cell_errors
def ECO_COMPENSATION(non_market_value: float, ecps: float, k: float = 0.15) -> float:
    """Vertical compensation amount R = V·k·t, t from ECPS (paper 000 eqs. 5–6)."""
    return float(float(non_market_value) * float(k) * ECO_T(ecps))


@xw.func
@_cell_errors
def ECO_VCS(npp: float, organic_matter_factor: float = 2.2, co2_factor: float = 1.63) -> float:
    """Vegetation carbon sequestration, g CO2 m⁻² a⁻¹: NPP·2.2·1.63 (paper 002 eq. 2)."""
    return float(vcs.vcs_from_npp(float(npp), float(organic_matter_factor), float(co2_factor)))


@xw.func
@_cell_errors
def ECO_NPP_SCALED(npp_pixel: float, npp_background: float, pixel_area: float, vegetated_area: float) -> float:
    """NPP of the vegetated part of a mixed pixel (paper 002 eq. 1); 0 without vegetation."""
    return float(
        vcs.scale_transform_npp(float(npp_pixel), float(npp_background), float(pixel_area), float(vegetated_area))
    )


@xw.func
@xw.arg("years", np.array, ndim=1)
@xw.arg("values", np.array, ndim=1)
@_cell_errors
def ECO_BASELINE(years: Any, values: Any, year: float) -> float:
    """Undisturbed baseline at ``year``: least-squares line through (years, values) (paper 002 eqs. 3–4)."""
    y, v = _vector(years), _vector(values)
    slope, intercept, n = vcs.ols_line(y, v[None, :], np.ones((1, len(y)), dtype=bool))
    if n[0] < 2:
        raise ValueError("at least two years are needed for a baseline")
    return float(slope[0] * float(year) + intercept[0])


@xw.func
@_cell_errors
def ECO_SOIL_RETENTION(area_ha: float, r: float, k: float, ls: float, c: float, p: float) -> float:
    """Soil retained, t/a: A·R·K·LS·(1 − C·P) (RUSLE, paper 001 Table 3)."""
    if not (0 <= float(c) <= 1 and 0 <= float(p) <= 1):
        raise ValueError("C and P must lie between 0 and 1")
    out = gep.soil_retention(
        float(area_ha), float(r), float(k), float(ls), float(c), float(p), 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    )
    return float(out["soil_retained_t"].iloc[0])


@xw.func
@_cell_errors
def ECO_LANDSCAPE(area_ha: float, equivalent: float, grain_price: float, grain_yield: float) -> float:
    """Landscape value, yuan/a: A·S·(1/7)·grain price·grain yield (paper 001 Table 3)."""
    out = gep.landscape(float(area_ha), float(equivalent), float(grain_price), float(grain_yield))
    return float(out["landscape_value"].iloc[0])
