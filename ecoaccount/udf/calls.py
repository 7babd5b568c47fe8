"""The worksheet functions' calls into the pure methods (``ecoaccount.methods``).

Each function here receives arguments that the adapter has already checked (floats, 1-D float
arrays, texts) and only shapes them for the method it calls; none of them computes an equation
itself. A value the method cannot define raises :class:`Undefined` with its message.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ecoaccount import messages as M
from ecoaccount import units
from ecoaccount.methods import esv, gep, landuse, vcs


class Undefined(ValueError):
    """The method has no defined result for these arguments; ``message`` says why."""

    def __init__(self, message: M.Message) -> None:
        super().__init__(str(message))
        self.message = message


# --- ESV and compensation (paper 000) ---------------------------------------------------------


def ea(prices: np.ndarray, yields: np.ndarray, sown_areas: np.ndarray) -> float:
    if sown_areas.sum() <= 0:
        raise Undefined(M.UDF_NO_SOWN_AREA.format())
    n = len(prices)
    grain = pd.DataFrame(
        {"region": 0, "year": 0, "crop": range(n), "price": prices, "yield": yields, "sown_area": sown_areas}
    )
    return float(esv.equivalent_value(grain)["ea"].iloc[0])


def vc(factors: np.ndarray, ea_value: float) -> float:
    return float(esv.class_value(factors, ea_value))


def esv_total(areas: np.ndarray, values_per_ha: np.ndarray) -> float:
    return float(esv.service_value(areas, values_per_ha))


def non_market(service_values: np.ndarray) -> float:
    detail = pd.DataFrame([service_values], columns=list(esv.SERVICES)).assign(region=0, year=0, area_ha=0.0)
    return float(esv.by_region_year(detail, esv.default_services())["non_market"].iloc[0])


def ecps(non_market_value: float, gdp: float, area_ha: float) -> float:
    if gdp == 0:
        raise Undefined(M.UDF_ZERO_GDP.format())
    return float(esv.priority(non_market_value / area_ha, gdp / area_ha))


def t(ecps_value: float) -> float:
    return float(esv.demand_intensity(ecps_value))


def compensation(non_market_value: float, ecps_value: float, k: float) -> float:
    return float(esv.compensation_amount(non_market_value, esv.demand_intensity(ecps_value), k))


# --- GEP of a restoration project (paper 001) -------------------------------------------------


def _pick(frame: pd.DataFrame, column: str) -> float:
    return float(frame[column].sum())


def gep_agri(outputs: np.ndarray, prices: np.ndarray, column: str) -> float:
    return _pick(gep.agricultural_products(outputs, prices), column)


def gep_water(area, precipitation, runoff_coefficient, evapotranspiration, water_price, column: str) -> float:
    return _pick(
        gep.water_conservation(area, precipitation, runoff_coefficient, evapotranspiration, water_price), column
    )


def gep_soil(*args: float) -> float:
    *params, column = args
    return _pick(gep.soil_retention(*params), column)


def rusle(area, r, k, ls, c, p) -> float:
    # Only the retained soil is asked for: the value parameters do not enter it (neutral 1 and 0).
    out = gep.soil_retention(area, r, k, ls, c, p, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    return _pick(out, "soil_retained_t")


def gep_air(area, so2_rate, nox_rate, dust_rate, so2_cost, nox_cost, dust_cost, column: str) -> float:
    return _pick(gep.air_purification(area, so2_rate, nox_rate, dust_rate, so2_cost, nox_cost, dust_cost), column)


def gep_carbon(area, vegetation_rate, beta, soil_rate, carbon_to_co2, carbon_price, column: str) -> float:
    return _pick(gep.carbon_fixation(area, vegetation_rate, beta, soil_rate, carbon_to_co2, carbon_price), column)


def gep_oxygen(co2_t, co2_to_o2, oxygen_price, column: str) -> float:
    return _pick(gep.oxygen_release(co2_t, co2_to_o2, oxygen_price), column)


def gep_climate(area, heat, days, eer, electricity_price, column: str) -> float:
    return _pick(gep.climate_regulation(area, heat, days, eer, electricity_price), column)


def gep_landscape(area, equivalent, grain_price, grain_yield, column: str) -> float:
    return _pick(gep.landscape(area, equivalent, grain_price, grain_yield), column)


# --- vegetation carbon sequestration (paper 002) ----------------------------------------------


def npp_scaled(npp_b: float, npp_bg: float, s: float, s_veg: float) -> float:
    return float(vcs.scale_transform_npp(npp_b, npp_bg, s, s_veg))


def vcs_value(npp: float, organic_matter: float, co2: float) -> float:
    return float(vcs.vcs_from_npp(npp, organic_matter, co2))


def baseline(years: np.ndarray, values: np.ndarray, year: float) -> float:
    slope, intercept, n = vcs.ols_line(years, values[None, :], np.ones((1, len(years)), dtype=bool))
    if n[0] < 2:
        raise Undefined(M.UDF_BASELINE_YEARS.format(n=int(n[0])))
    return float(slope[0] * year + intercept[0])


def vcsd(years: np.ndarray, npp: np.ndarray, destroyed: np.ndarray, restored: np.ndarray) -> float:
    annual = pd.DataFrame(
        {
            "mine": "m",
            "patch": "p",
            "year": years.astype(int),
            "npp": npp,
            "destroyed_ha": destroyed,
            "restored_ha": restored,
        }
    )
    patches = vcs.calculate(annual).patches
    if not bool(patches["included"].iloc[0]):
        raise Undefined(M.UDF_BASELINE_YEARS.format(n=int(patches["baseline_years"].iloc[0])))
    return float(patches["vcsd_t"].iloc[0])


# --- land-use transfer matrix (paper 003) -----------------------------------------------------


def transfer_matrix(from_classes: Sequence[object], to_classes: Sequence[object], areas: np.ndarray) -> list[list]:
    frame = pd.DataFrame({"from_class": list(from_classes), "to_class": list(to_classes), "area_ha": areas})
    m = landuse.transfer_matrix(frame)
    keep_cols = [c for c in m.columns if not str(c).endswith("_pct")]
    keep_rows = [r for r in m.index if not str(r).endswith("_pct")]
    m = m.loc[keep_rows, keep_cols]
    header = ["from \\ to", *[str(c) for c in m.columns]]
    rows = [[str(i), *(None if pd.isna(v) else float(v) for v in m.loc[i])] for i in m.index]
    return [header, *rows]


# --- units ------------------------------------------------------------------------------------

UNIT_TABLES = {"area": (units.AREA_UNITS, "hectare"), "money": (units.MONEY_UNITS, "yuan")}


def unit_code(name: str) -> tuple[str, str] | None:
    """(quantity, code) of a unit typed as its code, en label or zh label (万元, 亩 ...)."""
    key = name.strip().lower().replace("²", "2").replace(" ", "")
    for quantity, (table, _base) in UNIT_TABLES.items():
        for code, en, zh, _ in table:
            if key in {code.replace(" ", ""), en.lower().replace(" ", ""), zh}:
                return quantity, code
    aliases = {"万元": ("money", "1e4 yuan"), "亿元": ("money", "1e8 yuan"), "km²": ("area", "km2")}
    return aliases.get(name.strip())


def convert(value: float, from_unit: str, to_unit: str) -> float:
    (qa, a), (qb, b) = unit_code(from_unit), unit_code(to_unit)  # checked by the adapter
    if qa != qb:
        raise Undefined(M.UDF_UNIT_KIND.format(a=from_unit, b=to_unit))
    table, base = UNIT_TABLES[qa]
    return float(value * units.factor(a, table, base) / units.factor(b, table, base))
