"""Gross ecosystem product (GEP) of a mine-site restoration project.

Source: Xu X.Y., Wang N.N., Dong H.L., Wu H.Y., Huo Y.Y., Wang H. (2026). Gross Ecosystem
Product (GEP) accounting for the ecological restoration of mine sites. Global NEST Journal,
doi:10.30955/gnj.08218
(file ``001_cf6a641da64b4c83.txt``). Indicator system: Table 2; formulas and parameters: Table 3;
results: Table 4 (per indicator, before/after), Table 5 (per indicator and land type, with shares),
Table 6 (GEP per land type, share and rank).

Eight indicators (Table 3; ``A`` = area in ha, canonical units: ha, yuan, t):

* agricultural products    V_m  = Σ E_i·P_i                                  (market value)
* water conservation       Q_wr = A·1e4·(P − R − ET)·1e-3  [m³],  R = P·runoff coefficient,
                           V_wr = Q_wr·C_we    (water balance; the paper writes A in m², hence
                           A_ha·1e4)
* soil retention           Q_sr = R·K·LS·(1 − C·P)·A  [t]                    (RUSLE)
                           V_sd = λ·(Q_sr/ρ)·c;  V_dpd = Σ_{N,P} Q_sr·content·1e-3·α·price
* air purification         Q_i = rate_i·A;  V_ap = Σ Q_i·cost_i              (SO₂, NOx, dust)
* carbon fixation          Q_CO2 = 44/12·A·(FCSR·(1 + β) + soil rate);  V_q = Q_CO2·C_c
                           (forest FCS = FCSR·SF·(1+β), grassland GSR·SG, farmland CSR·SC, written
                           as one per-coefficient-set formula)
* oxygen release           Q_op = 32/44·Q_CO2;  V_op = Q_op·C_o
* climate regulation       Q_c = heat·A·d/(3600·EER)  [kWh];  V = Q_c·electricity price
* landscape (cultural)     V = S·A·(1/7)·P_a·P_b   (equivalent factor method; 1/7 structural)

Every land type maps onto a coefficient set (``forest``, ``dry_land``, ``grassland``, ``paddy``,
``water``, ``none``); per-set parameters come from ``data/gep_parameters.csv``. Set ``none`` (mining
and construction land) carries zero rates, so those land types yield explicit zeros (Table 6).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import pandas as pd

from ecoaccount import messages
from ecoaccount.data import load_table
from ecoaccount.errors import InputError
from ecoaccount.problems import Problem, RowProblem

#: Inputs of the element-wise formula functions: a scalar, a NumPy array or a pandas Series.
ArrayLike = float | np.ndarray | pd.Series

PARAMETER_TABLE = "gep_parameters.csv"
LAND_TYPE_TABLE = "gep_land_types.csv"

#: Ecosystem-service value equivalent coefficient R of the landscape formula (Table 3): 1/7.
EQUIVALENT_RATIO = 1.0 / 7.0

#: (indicator, service group) in the order of the paper's Tables 4-5. Water conservation is a
#: regulating service as in Table 5 and the text (provisioning share 1.04 % -> 3.50 % is
#: agricultural products alone); Table 4 prints it under provisioning -- pass ``service_groups``
#: to follow Table 4.
INDICATORS: tuple[tuple[str, str], ...] = (
    ("agricultural_products", "provisioning"),
    ("water_conservation", "regulating"),
    ("soil_retention", "regulating"),
    ("air_purification", "regulating"),
    ("carbon_fixation", "regulating"),
    ("oxygen_release", "regulating"),
    ("climate_regulation", "regulating"),
    ("landscape", "cultural"),
)
SERVICE_GROUPS: tuple[str, ...] = ("provisioning", "regulating", "cultural")

#: (indicator, component, unit, quantity column, value column of the wide table) -- one row each
#: in the long indicator table. Soil retention: the retained soil Q_sr is the quantity on the
#: sediment row, as in Table 4; the nutrient rows carry the fertiliser equivalent.
COMPONENTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("agricultural_products", "crops", "t", "crop_output_t", "crop_value"),
    ("water_conservation", "water", "m3", "water_m3", "water_value"),
    ("soil_retention", "sediment_reduction", "t", "soil_retained_t", "sediment_value"),
    ("soil_retention", "nitrogen_nonpoint", "t", "n_fertiliser_t", "n_value"),
    ("soil_retention", "phosphorus_nonpoint", "t", "p_fertiliser_t", "p_value"),
    ("air_purification", "so2", "t", "so2_t", "so2_value"),
    ("air_purification", "nox", "t", "nox_t", "nox_value"),
    ("air_purification", "dust", "t", "dust_t", "dust_value"),
    ("carbon_fixation", "co2", "t", "co2_t", "co2_value"),
    ("oxygen_release", "o2", "t", "o2_t", "o2_value"),
    ("climate_regulation", "electricity_saved", "kWh", "climate_kwh", "climate_value"),
    ("landscape", "equivalent_area", "ha", "landscape_equivalent_ha", "landscape_value"),
)

#: The value column of each indicator in the wide table of :func:`ecosystem_quantities`.
INDICATOR_VALUES: dict[str, str] = {
    "agricultural_products": "crop_value",
    "water_conservation": "water_value",
    "soil_retention": "soil_value",
    "air_purification": "air_value",
    "carbon_fixation": "co2_value",
    "oxygen_release": "o2_value",
    "climate_regulation": "climate_value",
    "landscape": "landscape_value",
}

LAND_USE_COLUMNS = ("scenario", "land_type", "area_ha")
PRODUCT_COLUMNS = ("scenario", "land_type", "crop", "output_t", "price_yuan_per_t")
MAPPING_COLUMNS = ("land_type", "coefficient_set")


@dataclass(frozen=True)
class GEPResult:
    """All tables of one GEP calculation (every value in yuan; shares are fractions 0-1).

    ``land`` wide intermediate table per scenario x land type (see :func:`ecosystem_quantities`);
    ``indicators`` long table (:func:`indicator_table`); ``by_indicator_land_type`` Table 5;
    ``by_land_type`` Table 6; ``by_indicator`` Table 4 rows; ``by_service_group`` group totals;
    ``totals`` GEP per scenario. The tables after ``land`` are derived from it when first asked
    for (the result workbook needs ``land`` only).
    """

    land: pd.DataFrame
    service_groups: Mapping[str, str] | None = None

    @cached_property
    def indicators(self) -> pd.DataFrame:
        return indicator_table(self.land, self.service_groups)

    @cached_property
    def by_indicator_land_type(self) -> pd.DataFrame:
        return composition_by_indicator(self.indicators)

    @cached_property
    def by_land_type(self) -> pd.DataFrame:
        return gep_by_land_type(self.indicators)

    @cached_property
    def by_indicator(self) -> pd.DataFrame:
        return indicator_totals(self.indicators)

    @cached_property
    def by_service_group(self) -> pd.DataFrame:
        return service_group_totals(self.indicators)

    @cached_property
    def totals(self) -> pd.DataFrame:
        return scenario_totals(self.indicators)


# --- parameters ------------------------------------------------------------------------------


def parameter_spec() -> pd.DataFrame:
    """The shipped parameter table (``data/gep_parameters.csv``), one row per id x set."""
    table = load_table(PARAMETER_TABLE)
    table["coefficient_set"] = table["coefficient_set"].fillna("").astype(str)
    return table


def default_land_types() -> pd.DataFrame:
    """The shipped land-type mapping (``land_type``, ``land_type_zh``, ``coefficient_set``)."""
    return load_table(LAND_TYPE_TABLE)


def parameters_from_table(table: pd.DataFrame) -> tuple[dict[str, float], pd.DataFrame]:
    """Split a long parameter table (columns id, coefficient_set, value) into the two inputs.

    Returns the global parameters as ``{id: value}`` (NaN where empty = must be supplied) and the
    per-set parameters as a wide DataFrame with a ``coefficient_set`` column and one column per id.
    """
    sets = table["coefficient_set"].fillna("").astype(str)
    values = pd.to_numeric(table["value"], errors="coerce")
    glob = {str(i): float(v) for i, v in zip(table["id"][sets == ""], values[sets == ""], strict=True)}
    per = table.loc[sets != "", ["id"]].assign(coefficient_set=sets[sets != ""], value=values)
    wide = per.pivot(index="coefficient_set", columns="id", values="value")
    order = list(dict.fromkeys(per["coefficient_set"]))
    wide = wide.loc[order, list(dict.fromkeys(per["id"]))].reset_index()
    wide.columns.name = None
    return glob, wide


def default_parameters() -> tuple[dict[str, float], pd.DataFrame]:
    """Shipped defaults as ``(global dict, per-set wide table)``; empty values are NaN."""
    return parameters_from_table(parameter_spec())


def with_overrides(
    global_params: Mapping[str, float],
    set_params: pd.DataFrame,
    global_overrides: Mapping[str, float] | None = None,
    set_overrides: Mapping[tuple[str, str], float] | None = None,
) -> tuple[dict[str, float], pd.DataFrame]:
    """Copies of the parameters with overrides applied.

    ``set_overrides`` maps ``(coefficient_set, parameter id)`` to a value; an unknown coefficient
    set is added as a new row (its other parameters empty), so scenario-specific sets such as
    ``forest_before`` can be introduced.
    """
    glob = dict(global_params)
    glob.update(global_overrides or {})
    table = set_params.copy()
    for (cset, pid), value in (set_overrides or {}).items():
        if cset not in set(table["coefficient_set"]):
            table = pd.concat([table, pd.DataFrame({"coefficient_set": [cset]})], ignore_index=True)
        if pid not in table.columns:
            table[pid] = np.nan
        table.loc[table["coefficient_set"] == cset, pid] = value
    return glob, table


# --- indicator formulas (element-wise; arguments broadcast like NumPy arrays) ---------------


def agricultural_products(output_t: ArrayLike, price_yuan_per_t: ArrayLike) -> pd.DataFrame:
    """Market value of agricultural products, Table 3: V_m = Σ E_i·P_i.

    ``output_t`` product output E_i (t/a); ``price_yuan_per_t`` price P_i (yuan/t).
    Returns columns ``crop_output_t`` and ``crop_value`` (yuan/a) per product row.
    """
    e, p = _arrays(output_t, price_yuan_per_t)
    return pd.DataFrame({"crop_output_t": e, "crop_value": e * p})


def water_conservation(
    area_ha: ArrayLike,
    precipitation: ArrayLike,
    runoff_coefficient: ArrayLike,
    evapotranspiration: ArrayLike,
    water_price: ArrayLike,
) -> pd.DataFrame:
    """Water balance, Table 3: Q_wr = A·(P − R − ET)·10⁻³ (A in m²), V_wr = Q_wr·C_we.

    ``area_ha`` (ha; × 1e4 to the paper's m²), ``precipitation`` P (mm/a), ``runoff_coefficient``
    (–; R = P·coefficient, as the paper derives runoff from the recommended coefficient and measured
    rainfall), ``evapotranspiration`` ET (mm/a), ``water_price`` C_we (yuan/m³).
    Returns ``runoff_mm``, ``net_water_mm`` (P − R − ET, may be negative: the balance is reported as
    computed, not clipped), ``water_m3`` (m³/a) and ``water_value`` (yuan/a).
    """
    a, p, rc, et, price = _arrays(area_ha, precipitation, runoff_coefficient, evapotranspiration, water_price)
    runoff = p * rc
    net = p - runoff - et
    q = a * 1e4 * net * 1e-3
    return pd.DataFrame({"runoff_mm": runoff, "net_water_mm": net, "water_m3": q, "water_value": q * price})


def soil_retention(
    area_ha: ArrayLike,
    rainfall_erosivity: ArrayLike,
    rusle_k: ArrayLike,
    slope_length_gradient: ArrayLike,
    rusle_c: ArrayLike,
    rusle_p: ArrayLike,
    sediment_coefficient: ArrayLike,
    soil_bulk_density: ArrayLike,
    dredging_cost: ArrayLike,
    soil_n_content: ArrayLike,
    soil_p_content: ArrayLike,
    n_fertiliser_factor: ArrayLike,
    p_fertiliser_factor: ArrayLike,
    n_fertiliser_price: ArrayLike,
    p_fertiliser_price: ArrayLike,
) -> pd.DataFrame:
    """RUSLE soil retention and its value, Table 3.

    Q_sr = R·K·LS·(1 − C·P)·A (t/a) with R in MJ·mm/(ha·h·a), K in t·ha·h/(ha·MJ·mm), LS, C, P
    dimensionless, A in ha. Sediment reduction V_sd = λ·(Q_sr/ρ)·c with λ (–), ρ (t/m³) and the
    dredging cost c (yuan/m³). Non-point pollution V_dpd = Σ Q_sr·content·10⁻³·α·price for N and P,
    content in g/kg, α (–), fertiliser price in yuan/t.
    Returns ``soil_retained_t``, ``sediment_m3`` (λ·Q_sr/ρ), ``sediment_value``, ``n_fertiliser_t``,
    ``n_value``, ``p_fertiliser_t``, ``p_value``, ``soil_value`` (all per year).
    """
    a, r, k, ls, c, p, lam, rho, cost, nc, pc, na, pa, npr, ppr = _arrays(
        area_ha,
        rainfall_erosivity,
        rusle_k,
        slope_length_gradient,
        rusle_c,
        rusle_p,
        sediment_coefficient,
        soil_bulk_density,
        dredging_cost,
        soil_n_content,
        soil_p_content,
        n_fertiliser_factor,
        p_fertiliser_factor,
        n_fertiliser_price,
        p_fertiliser_price,
    )
    q = r * k * ls * (1.0 - c * p) * a
    # rho = 0 would divide by zero: validate() rejects it (bounds 0.1-3 t/m3 in the parameter
    # table); here the division follows IEEE rules (inf) rather than hiding the problem.
    with np.errstate(divide="ignore", invalid="ignore"):
        sediment = lam * q / rho
    n_t = q * nc * 1e-3 * na
    p_t = q * pc * 1e-3 * pa
    frame = pd.DataFrame(
        {
            "soil_retained_t": q,
            "sediment_m3": sediment,
            "sediment_value": sediment * cost,
            "n_fertiliser_t": n_t,
            "n_value": n_t * npr,
            "p_fertiliser_t": p_t,
            "p_value": p_t * ppr,
        }
    )
    frame["soil_value"] = frame["sediment_value"] + frame["n_value"] + frame["p_value"]
    return frame


def air_purification(
    area_ha: ArrayLike,
    so2_rate: ArrayLike,
    nox_rate: ArrayLike,
    dust_rate: ArrayLike,
    so2_cost: ArrayLike,
    nox_cost: ArrayLike,
    dust_cost: ArrayLike,
) -> pd.DataFrame:
    """Air purification, Table 3: Q_api = rate_i·A (t/a), V_ap = Σ Q_api·C_i.

    Rates in t/(ha·a), treatment costs in yuan/t. Returns ``so2_t``, ``so2_value``, ``nox_t``,
    ``nox_value``, ``dust_t``, ``dust_value``, ``air_value``.
    """
    a, rs, rn, rd, cs, cn, cd = _arrays(area_ha, so2_rate, nox_rate, dust_rate, so2_cost, nox_cost, dust_cost)
    frame = pd.DataFrame({"so2_t": rs * a, "nox_t": rn * a, "dust_t": rd * a})
    frame.insert(1, "so2_value", frame["so2_t"] * cs)
    frame.insert(3, "nox_value", frame["nox_t"] * cn)
    frame["dust_value"] = frame["dust_t"] * cd
    frame["air_value"] = frame["so2_value"] + frame["nox_value"] + frame["dust_value"]
    return frame


def carbon_fixation(
    area_ha: ArrayLike,
    vegetation_carbon_rate: ArrayLike,
    soil_carbon_coefficient: ArrayLike,
    soil_carbon_rate: ArrayLike,
    carbon_to_co2: ArrayLike,
    carbon_price: ArrayLike,
) -> pd.DataFrame:
    """Carbon fixation, Table 3: Q_CO2 = M_CO2/M_C·(FCS + GSCS + CSCS), V_q = Q_CO2·C_c.

    Per land type: carbon = A·(vegetation rate·(1 + β) + soil rate) (tC/a), which is
    FCS = FCSR·SF·(1 + β) for forest (β = 0.76 in Guizhou), GSR·SG for grassland and CSR·SC for
    farmland. Rates in tC/(ha·a), β and ``carbon_to_co2`` (44/12) dimensionless, ``carbon_price`` in
    yuan/t CO₂. Returns ``carbon_t`` (tC/a), ``co2_t`` (t CO₂/a), ``co2_value`` (yuan/a).
    """
    a, veg, beta, soil, factor, price = _arrays(
        area_ha, vegetation_carbon_rate, soil_carbon_coefficient, soil_carbon_rate, carbon_to_co2, carbon_price
    )
    carbon = a * (veg * (1.0 + beta) + soil)
    co2 = carbon * factor
    return pd.DataFrame({"carbon_t": carbon, "co2_t": co2, "co2_value": co2 * price})


def oxygen_release(co2_t: ArrayLike, co2_to_o2: ArrayLike, oxygen_price: ArrayLike) -> pd.DataFrame:
    """Oxygen release, Table 3: Q_op = M_O2/M_CO2·Q_CO2 (32/44), V_op = Q_op·C_o.

    ``co2_t`` fixed CO₂ (t/a), ``oxygen_price`` (yuan/t). Returns ``o2_t`` and ``o2_value``.
    """
    co2, factor, price = _arrays(co2_t, co2_to_o2, oxygen_price)
    o2 = co2 * factor
    return pd.DataFrame({"o2_t": o2, "o2_value": o2 * price})


def climate_regulation(
    area_ha: ArrayLike,
    heat_absorbed: ArrayLike,
    ac_days: ArrayLike,
    ac_eer: ArrayLike,
    electricity_price: ArrayLike,
) -> pd.DataFrame:
    """Climate regulation, Table 3: Q_p = Σ heat·S_i·d/(3600·R) (kWh), V = Q·p.

    ``heat_absorbed`` (kJ/(ha·d)), ``ac_days`` d (d/a), ``ac_eer`` R (–), ``electricity_price`` p
    (yuan/kWh); 3600 converts kJ to kWh. Returns ``climate_kwh`` and ``climate_value``.
    """
    a, heat, days, eer, price = _arrays(area_ha, heat_absorbed, ac_days, ac_eer, electricity_price)
    # eer = 0 is rejected by validate() (bounds 1-10); here the division follows IEEE rules.
    with np.errstate(divide="ignore", invalid="ignore"):
        kwh = heat * a * days / (3600.0 * eer)
    return pd.DataFrame({"climate_kwh": kwh, "climate_value": kwh * price})


def landscape(
    area_ha: ArrayLike,
    landscape_equivalent: ArrayLike,
    grain_price: ArrayLike,
    grain_yield: ArrayLike,
) -> pd.DataFrame:
    """Aesthetic landscape value, Table 3: V = Σ A_i·S_i·R·P_a·P_b with R = 1/7.

    ``landscape_equivalent`` A_i (–), ``area_ha`` S_i (ha), ``grain_price`` P_a (yuan/t),
    ``grain_yield`` P_b (t/ha). Returns ``landscape_equivalent_ha`` (A_i·S_i, ha; the paper gives no
    physical quantity for cultural services) and ``landscape_value`` (yuan/a).
    """
    a, s, price, yld = _arrays(area_ha, landscape_equivalent, grain_price, grain_yield)
    eq = s * a
    return pd.DataFrame({"landscape_equivalent_ha": eq, "landscape_value": eq * EQUIVALENT_RATIO * price * yld})


# --- tables ------------------------------------------------------------------------------------


def land_use_with_sets(land_use: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Land use summed per scenario x land type, with its coefficient set.

    ``land_use``: scenario, land_type, area_ha (ha). Rows repeating a land type within a scenario
    are summed (SUMIFS). ``mapping``: land_type, coefficient_set, optional land_type_zh (either
    name is accepted) and optional scenario (a row with a scenario overrides the general row for
    that scenario only, e.g. before-restoration K values). Raises :class:`InputError` for land
    types that are not mapped. Returns scenario, land_type, coefficient_set, area_ha in
    first-seen order.
    """
    lu = land_use.loc[:, list(LAND_USE_COLUMNS)].copy()
    lu["scenario"] = lu["scenario"].astype(str).str.strip()
    lu["land_type"] = lu["land_type"].astype(str).str.strip()
    lu["area_ha"] = pd.to_numeric(lu["area_ha"], errors="coerce")
    grouped = lu.groupby(["scenario", "land_type"], sort=False, as_index=False)["area_ha"].sum()
    sets = _lookup_sets(grouped["scenario"], grouped["land_type"], mapping)
    unknown = sets.isna()
    if unknown.any():
        raise InputError(
            Problem("land_use", messages.GEP_UNKNOWN_LAND_TYPE.format(value=v, expected=_known_land_types(mapping)))
            for v in grouped["land_type"][unknown]
        )
    grouped.insert(2, "coefficient_set", sets.to_numpy())
    return grouped


def ecosystem_quantities(
    land_use: pd.DataFrame,
    mapping: pd.DataFrame,
    global_params: Mapping[str, float],
    set_params: pd.DataFrame,
    products: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Wide table of every intermediate quantity per scenario x land type (Table 3 formulas).

    Columns: scenario, land_type, coefficient_set, area_ha, the per-set coefficients looked up for
    the row (rusle_k, rusle_c, rusle_p, runoff_coefficient, evapotranspiration, so2_rate, nox_rate,
    dust_rate, vegetation_carbon_rate, soil_carbon_coefficient, soil_carbon_rate, heat_absorbed,
    landscape_equivalent), then crop_output_t, crop_value and the output columns of
    :func:`water_conservation`, :func:`soil_retention`, :func:`air_purification`,
    :func:`carbon_fixation`, :func:`oxygen_release`, :func:`climate_regulation`, :func:`landscape`,
    and ``gep_value`` (yuan/a, sum of the eight indicator values). Land types that appear only in
    ``products`` for a scenario get a row with area 0.
    """
    g = {k: float(v) for k, v in global_params.items()}
    base = land_use_with_sets(land_use, mapping)
    crops = _products_by_land_type(products, mapping)
    if not crops.empty:
        have = set(zip(base["scenario"], base["land_type"], strict=True))
        new = [k not in have for k in zip(crops["scenario"], crops["land_type"], strict=True)]
        extra = crops.loc[new, ["scenario", "land_type", "coefficient_set"]]
        base = pd.concat([base, extra.assign(area_ha=0.0)], ignore_index=True)
    wide = _with_coefficients(base, set_params)
    # A land type without products has an explicit zero output and value (Table 5: forest 0).
    row_of = {k: i for i, k in enumerate(zip(crops["scenario"], crops["land_type"], strict=True))}
    at = np.array([row_of.get(k, -1) for k in zip(wide["scenario"], wide["land_type"], strict=True)], dtype=np.int64)
    for c in ("crop_output_t", "crop_value"):
        v = np.append(crops[c].to_numpy(dtype=float), np.nan)[at]  # position -1: no products, NaN
        wide[c] = np.where(np.isnan(v), 0.0, v)
    a = wide["area_ha"].to_numpy(dtype=float)

    def col(name: str) -> np.ndarray:
        return wide[name].to_numpy(dtype=float)

    parts = [
        water_conservation(
            a, g["precipitation"], col("runoff_coefficient"), col("evapotranspiration"), g["water_price"]
        ),
        soil_retention(
            a,
            g["rainfall_erosivity"],
            col("rusle_k"),
            g["slope_length_gradient"],
            col("rusle_c"),
            col("rusle_p"),
            g["sediment_coefficient"],
            g["soil_bulk_density"],
            g["dredging_cost"],
            g["soil_n_content"],
            g["soil_p_content"],
            g["n_fertiliser_factor"],
            g["p_fertiliser_factor"],
            g["n_fertiliser_price"],
            g["p_fertiliser_price"],
        ),
        air_purification(
            a, col("so2_rate"), col("nox_rate"), col("dust_rate"), g["so2_cost"], g["nox_cost"], g["dust_cost"]
        ),
    ]
    carbon = carbon_fixation(
        a,
        col("vegetation_carbon_rate"),
        col("soil_carbon_coefficient"),
        col("soil_carbon_rate"),
        g["carbon_to_co2"],
        g["carbon_price"],
    )
    parts += [
        carbon,
        oxygen_release(carbon["co2_t"].to_numpy(), g["co2_to_o2"], g["oxygen_price"]),
        climate_regulation(a, col("heat_absorbed"), g["ac_days"], g["ac_eer"], g["electricity_price"]),
        landscape(a, col("landscape_equivalent"), g["grain_price"], g["grain_yield"]),
    ]
    out = pd.concat([wide.reset_index(drop=True)] + parts, axis=1)
    out["gep_value"] = out[[c[4] for c in COMPONENTS]].sum(axis=1, min_count=1)
    return out


def _with_coefficients(base: pd.DataFrame, set_params: pd.DataFrame) -> pd.DataFrame:
    """``base`` with the per-set parameters of its coefficient set (a left join on the set name).

    The sets are a short table: where their names are unique and all found, the rows are taken by
    position, which is what the join gives.
    """
    coeffs = set_params.copy()
    coeffs["coefficient_set"] = coeffs["coefficient_set"].astype(str).str.strip()
    names = pd.Index(coeffs["coefficient_set"])
    at = names.get_indexer(base["coefficient_set"]) if names.is_unique else None
    if at is None or (at < 0).any():
        return base.merge(coeffs, on="coefficient_set", how="left")
    looked = coeffs.drop(columns="coefficient_set").iloc[at].reset_index(drop=True)
    return pd.concat([base.reset_index(drop=True), looked], axis=1)


def indicator_table(land: pd.DataFrame, service_groups: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Long table: one row per scenario x land type x indicator component.

    ``land`` is the output of :func:`ecosystem_quantities`. Columns: scenario, land_type,
    coefficient_set, area_ha, service_group, indicator, component, quantity, unit, value_yuan.
    Land that provides no service (set ``none``) has explicit zero quantities and values.
    """
    groups = _groups(service_groups)
    n, k = len(land), len(COMPONENTS)
    indicator, component, unit, qcols, vcols = (list(c) for c in zip(*COMPONENTS, strict=True))

    def per_row(name: str) -> np.ndarray:  # each land row repeated once per component
        return np.repeat(land[name].to_numpy(), k)

    def per_component(values: list[str]) -> np.ndarray:  # the components' labels, row after row
        return np.tile(np.array(values, dtype=object), n)

    long = {
        "scenario": per_row("scenario"),
        "land_type": per_row("land_type"),
        "coefficient_set": per_row("coefficient_set"),
        "area_ha": per_row("area_ha"),
        "service_group": per_component([groups[i] for i in indicator]),
        "indicator": per_component(indicator),
        "component": per_component(component),
        "quantity": land[qcols].to_numpy(dtype=float).reshape(-1),
        "unit": per_component(unit),
        "value_yuan": land[vcols].to_numpy(dtype=float).reshape(-1),
    }
    return pd.DataFrame(long)


def composition_by_indicator(indicators: pd.DataFrame) -> pd.DataFrame:
    """Table 5: value per scenario x indicator x land type and its share of the scenario's GEP.

    Columns: scenario, service_group, indicator, land_type, value_yuan, share (fraction 0-1 of the
    scenario total). A scenario whose GEP is 0 gets share 0 (Excel: IF(total=0,0,value/total)).
    """
    t = indicators.groupby(["scenario", "service_group", "indicator", "land_type"], sort=False, as_index=False)[
        "value_yuan"
    ].sum()
    return _with_share(_indicator_order(t))


def gep_by_land_type(indicators: pd.DataFrame) -> pd.DataFrame:
    """Table 6: GEP per scenario x land type with share and rank.

    Columns: scenario, land_type, coefficient_set, area_ha, value_yuan, share (fraction), rank.
    rank = 1 + number of land types of the scenario with a strictly larger GEP (ties share a rank;
    Excel: 1+COUNTIFS(scenario,s,value,">"&v)); land types with GEP 0 get no rank (<NA>), shown as
    "/" in the paper.
    """
    first = indicators.drop_duplicates(["scenario", "land_type"])
    t = indicators.groupby(["scenario", "land_type"], sort=False, as_index=False)["value_yuan"].sum()
    t = t.merge(
        first[["scenario", "land_type", "coefficient_set", "area_ha"]], on=["scenario", "land_type"], how="left"
    )
    t = t[["scenario", "land_type", "coefficient_set", "area_ha", "value_yuan"]]
    t = _with_share(t)
    rank = t.groupby("scenario", sort=False)["value_yuan"].rank(method="min", ascending=False)
    t["rank"] = pd.array(np.where(t["value_yuan"] > 0, rank, np.nan), dtype="Int64")
    return t


def indicator_totals(indicators: pd.DataFrame) -> pd.DataFrame:
    """Table 4 rows: quantity and value per scenario x indicator component, over all land types.

    Columns: scenario, service_group, indicator, component, quantity, unit, value_yuan.
    """
    return indicators.groupby(
        ["scenario", "service_group", "indicator", "component", "unit"], sort=False, as_index=False
    )[["quantity", "value_yuan"]].sum()[
        ["scenario", "service_group", "indicator", "component", "quantity", "unit", "value_yuan"]
    ]


def service_group_totals(indicators: pd.DataFrame) -> pd.DataFrame:
    """Value per scenario x service group (provisioning, regulating, cultural) with share.

    Columns: scenario, service_group, value_yuan, share (fraction of the scenario's GEP).
    """
    t = indicators.groupby(["scenario", "service_group"], sort=False, as_index=False)["value_yuan"].sum()
    return _with_share(t)


def scenario_totals(indicators: pd.DataFrame) -> pd.DataFrame:
    """GEP per scenario (Table 4 "Total"): columns scenario, value_yuan."""
    return indicators.groupby("scenario", sort=False, as_index=False)["value_yuan"].sum()


def scenario_change(table: pd.DataFrame, baseline: str, compare: str, keys: Sequence[str] = ()) -> pd.DataFrame:
    """Change between two scenarios of any of the tables above (Table 4: 68.20 -> 1212.90).

    ``keys`` are the columns identifying a row besides ``scenario`` (e.g. ["indicator"]).
    Returns keys, value_<baseline>, value_<compare>, change (compare − baseline, yuan) and
    change_rate (change / baseline; NaN when the baseline is 0 -- Excel: IF(base=0,"",...)).
    A row present in only one scenario counts as 0 in the other.
    """
    keys = list(keys)
    b = table.loc[table["scenario"] == baseline, keys + ["value_yuan"]]
    c = table.loc[table["scenario"] == compare, keys + ["value_yuan"]]
    b = b.groupby(keys, sort=False, as_index=False).sum() if keys else b.sum().to_frame().T
    c = c.groupby(keys, sort=False, as_index=False).sum() if keys else c.sum().to_frame().T
    vb, vc = f"value_{baseline}", f"value_{compare}"
    b, c = b.rename(columns={"value_yuan": vb}), c.rename(columns={"value_yuan": vc})
    out = b.merge(c, on=keys, how="outer", sort=False) if keys else pd.concat([b, c], axis=1)
    if keys:  # keep the rows in the order they first appear in ``table`` (merge sorts them)
        first = table.drop_duplicates(keys)[keys].reset_index(drop=True).reset_index()
        out = out.merge(first, on=keys, how="left").sort_values("index", kind="stable")
        out = out.drop(columns="index")
    out[[vb, vc]] = out[[vb, vc]].astype(float).fillna(0.0)
    out["change"] = out[vc] - out[vb]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["change_rate"] = np.where(out[vb] != 0, out["change"] / out[vb].where(out[vb] != 0), np.nan)
    return out.reset_index(drop=True)


def calculate(
    land_use: pd.DataFrame,
    mapping: pd.DataFrame,
    global_params: Mapping[str, float],
    set_params: pd.DataFrame,
    products: pd.DataFrame | None = None,
    *,
    service_groups: Mapping[str, str] | None = None,
    scenarios: Sequence[str] = (),
    project_area_ha: float | None = None,
    area_tolerance_ha: float = 0.01,
    validated: bool = False,
    complete: bool = False,
) -> GEPResult:
    """Validate the inputs, then compute every GEP table.

    Arguments as in :func:`ecosystem_quantities` and :func:`validate`. Raises :class:`InputError`
    listing every problem when :func:`validate` finds any. ``validated=True`` skips that step, for
    a caller that has just run :func:`validate` with the same arguments and found nothing.
    ``complete=True``: every scenario gets a row for every land type (area 0 where it has none,
    :func:`complete_land_use`), so that the result tables are a full scenario × land type grid.
    """
    problems = (
        []
        if validated
        else validate(
            land_use,
            mapping,
            global_params,
            set_params,
            products,
            scenarios=scenarios,
            project_area_ha=project_area_ha,
            area_tolerance_ha=area_tolerance_ha,
        )
    )
    if problems:
        raise InputError(_as_problem(p) for p in problems)
    if complete:
        land_use = complete_land_use(land_use, products)
    land = ecosystem_quantities(land_use, mapping, global_params, set_params, products)
    return GEPResult(land, service_groups)


# --- result tables: one DataFrame per declared result table (columns = output ids) ------------


def result_tables(
    res: GEPResult,
    land_use: pd.DataFrame,
    products: pd.DataFrame | None,
    set_params: pd.DataFrame,
    baseline: str,
) -> dict[str, pd.DataFrame]:
    """The tables of the result workbook, their columns named after the output ids (yuan, ha, t).

    ``res`` comes from :func:`calculate` with ``complete=True`` (a full scenario × land type grid);
    ``land_use``, ``products`` and ``set_params`` are the inputs as given (row order of the input
    tables), for the row positions that the formulas refer to. Changes are from ``baseline``.

    - ``quantities``: :attr:`GEPResult.land` grouped by scenario (contiguous blocks), with
      ``scenario_row``/``land_type_row`` (first row of ``land_use`` spelling the name, −1 if none),
      ``p_scenario_row``/``p_land_type_row`` (the same in ``products``) and ``set_row`` (1-based
      row of the coefficient set, as MATCH gives it);
    - ``products``: one row per product row, ``value`` = output × price, ``product_row``;
    - ``scenarios`` (Table 4): totals per scenario of every component quantity and value, the
      indicators, service groups and ``gep``, the shares ``share_<indicator or group>``, and the
      block ``q_first``..``q_last`` of its rows in ``quantities``;
    - ``change``: one row per other scenario, ``d_<id>`` = scenario − baseline and
      ``r_<id>`` = d / baseline (NaN for a baseline of 0), ``base_row``/``to_row`` in ``scenarios``;
    - ``by_land_type`` (Tables 5–6): per scenario × land type, in the rows of ``quantities``: the
      indicator values, ``gep``, shares of the scenario's GEP, ``rank`` (NaN for a GEP of 0);
    - ``land_type_change``: per other scenario × land type, area and GEP from and to, change, rate,
      and ``d_<indicator>``, the change of each indicator's value.
    """
    order = _grid_order(res.land)
    q = res.land.iloc[order].reset_index(drop=True)
    scen = list(dict.fromkeys(q["scenario"]))
    base = baseline if baseline in scen else scen[0]
    _add_positions(q, land_use, products, set_params)
    sizes = q.groupby("scenario", sort=False).size().reindex(scen).to_numpy()
    first = np.cumsum(sizes) - sizes
    sc = _scenario_totals(q, scen)
    sc["q_first"], sc["q_last"], sc["s_row"] = first, first + sizes - 1, np.arange(len(sc))
    lt = _land_type_table(q, sc)
    lt["s_first"], lt["s_last"] = np.repeat(first, sizes), np.repeat(first + sizes - 1, sizes)
    prod = _product_rows(products)
    return {
        "quantities": q,
        "products": prod,
        "scenarios": sc,
        "change": _changes(sc, base, "scenario", [*INDICATOR_VALUES, *SERVICE_GROUPS, "gep", *_VALUE_COLUMNS]),
        "by_land_type": lt,
        "land_type_change": _land_type_changes(lt, base),
    }


_VALUE_COLUMNS = tuple(c[4] for c in COMPONENTS)


def _grid_order(land: pd.DataFrame) -> np.ndarray:
    """Row order grouping ``land`` by scenario, land types in first-seen order within each."""
    s = pd.Index(list(dict.fromkeys(land["scenario"]))).get_indexer(land["scenario"])
    t = pd.Index(list(dict.fromkeys(land["land_type"]))).get_indexer(land["land_type"])
    return np.lexsort((t, s))


def _first_rows(values: pd.Series | None, names: pd.Series) -> np.ndarray:
    """Position of the first row of ``values`` equal to each name (stripped), −1 when none."""
    if values is None or len(values) == 0:
        return np.full(len(names), -1)
    keys = values.astype(str).str.strip().reset_index(drop=True).drop_duplicates()
    found = pd.Index(keys.to_numpy()).get_indexer(names.astype(str).to_numpy())
    return np.where(found >= 0, keys.index.to_numpy()[found], -1).astype(np.int64)


def _add_positions(
    q: pd.DataFrame, land_use: pd.DataFrame, products: pd.DataFrame | None, set_params: pd.DataFrame
) -> None:
    has_products = products is not None and len(products) > 0
    for col in ("scenario", "land_type"):
        q[f"{col}_row"] = _first_rows(land_use[col], q[col])
        q[f"p_{col}_row"] = _first_rows(products[col] if has_products else None, q[col])
    q["set_row"] = _first_rows(set_params["coefficient_set"], q["coefficient_set"].astype(str)) + 1


def _scenario_totals(q: pd.DataFrame, scen: list[str]) -> pd.DataFrame:
    cols = ["area_ha", *dict.fromkeys(c for comp in COMPONENTS for c in comp[3:])]
    summed = list(dict.fromkeys([*cols, *INDICATOR_VALUES.values(), "gep_value"]))
    sc = q.groupby("scenario", sort=False)[summed].sum()
    sc = sc.reindex(scen)
    out: dict[str, object] = {"scenario": sc.index, **{c: sc[c].to_numpy() for c in cols}}
    for indicator, column in INDICATOR_VALUES.items():
        out[indicator] = sc[column].to_numpy()
    groups = dict(INDICATORS)
    for g in SERVICE_GROUPS:
        out[g] = sc[[INDICATOR_VALUES[i] for i in INDICATOR_VALUES if groups[i] == g]].sum(axis=1).to_numpy()
    out["gep"] = gep = sc["gep_value"].to_numpy(dtype=float)
    for c in [*INDICATOR_VALUES, *SERVICE_GROUPS]:
        out[f"share_{c}"] = _share_of(np.asarray(out[c], dtype=float), gep)
    return pd.DataFrame(out)


def _share(value: pd.Series, total: pd.Series) -> np.ndarray:
    """value / total; 0 where the total is 0 (Excel: IF(total=0,0,value/total))."""
    return _share_of(value.to_numpy(dtype=float), total.to_numpy(dtype=float))


def _share_of(value: np.ndarray, total: np.ndarray) -> np.ndarray:
    """:func:`_share` of two float arrays."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total != 0, value / np.where(total != 0, total, 1.0), 0.0)


def _rate(change: np.ndarray, base: np.ndarray) -> np.ndarray:
    """change / base; NaN where the base is 0 (Excel: IF(base=0,"",change/base))."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(base != 0, change / np.where(base != 0, base, 1.0), np.nan)


def _changes(sc: pd.DataFrame, base: str, key: str, columns: Sequence[str]) -> pd.DataFrame:
    rows = sc.index[sc[key] != base].to_numpy()
    b = int(np.flatnonzero(sc[key] == base)[0])
    out: dict[str, object] = {key: sc[key].to_numpy()[rows], "baseline": base, "base_row": b, "to_row": rows}
    values = sc[list(columns)].to_numpy(dtype=float)
    for c, column in zip(columns, values.T, strict=True):
        vb, vs = float(column[b]), column[rows]
        out[f"d_{c}"] = vs - vb
        out[f"r_{c}"] = _rate(vs - vb, np.full(len(rows), vb))
    return pd.DataFrame(out)


def _land_type_table(q: pd.DataFrame, sc: pd.DataFrame) -> pd.DataFrame:
    scen_row = pd.Index(sc["scenario"]).get_indexer(q["scenario"])
    lt: dict[str, object] = {c: q[c] for c in ("scenario", "land_type", "area_ha")}
    lt["q_row"], lt["scen_row"] = np.arange(len(q)), scen_row
    total = sc["gep"].to_numpy()[scen_row]
    for indicator, column in INDICATOR_VALUES.items():
        lt[indicator] = value = q[column].to_numpy(dtype=float)
        lt[f"share_{indicator}"] = _share_of(value, total)
    lt["gep"] = gep = q["gep_value"].to_numpy(dtype=float)
    lt["share"] = _share_of(gep, total)
    rank = pd.Series(gep).groupby(q["scenario"].to_numpy(), sort=False).rank(method="min", ascending=False)
    lt["rank"] = np.where(gep > 0, rank.to_numpy(), np.nan)
    return pd.DataFrame(lt)


def _land_type_changes(lt: pd.DataFrame, base: str) -> pd.DataFrame:
    """Per other scenario × land type: area and GEP in the baseline and the scenario (a full grid)."""
    at = {(s, t): i for i, (s, t) in enumerate(zip(lt["scenario"], lt["land_type"], strict=True))}
    to = np.flatnonzero(lt["scenario"].to_numpy() != base)
    b = np.array([at[(base, t)] for t in lt["land_type"].to_numpy()[to]], dtype=np.int64)
    out: dict[str, object] = {"land_type": lt["land_type"].to_numpy()[to], "scenario": lt["scenario"].to_numpy()[to]}
    out["base_row"], out["to_row"] = b, to
    for c in ("area_ha", "gep"):
        out[f"{c}_from"] = lt[c].to_numpy(dtype=float)[b]
        out[f"{c}_to"] = lt[c].to_numpy(dtype=float)[to]
    out["change"] = change = out["gep_to"] - out["gep_from"]
    out["rate"] = _rate(change, out["gep_from"])
    for c in INDICATOR_VALUES:
        out[f"d_{c}"] = lt[c].to_numpy(dtype=float)[to] - lt[c].to_numpy(dtype=float)[b]
    return pd.DataFrame(out)


def _product_rows(products: pd.DataFrame | None) -> pd.DataFrame:
    cols = ["scenario", "land_type", "crop", "output_t", "price_yuan_per_t"]
    p = pd.DataFrame(columns=cols) if products is None else products.loc[:, cols].reset_index(drop=True)
    p["output_t"] = pd.to_numeric(p["output_t"], errors="coerce").astype(float)
    p["price_yuan_per_t"] = pd.to_numeric(p["price_yuan_per_t"], errors="coerce").astype(float)
    p["value"] = p["output_t"] * p["price_yuan_per_t"]
    p["product_row"] = np.arange(len(p))
    return p


def complete_land_use(land_use: pd.DataFrame, products: pd.DataFrame | None = None) -> pd.DataFrame:
    """``land_use`` with a row of area 0 for every scenario × land type pair it lacks.

    Scenarios and land types are those of ``land_use`` and ``products`` (names stripped), in
    first-seen order; the added rows come after the given ones.
    """
    lu = land_use.loc[:, list(LAND_USE_COLUMNS)].copy()
    named = [lu] if products is None or products.empty else [lu, products]
    scen = [str(v).strip() for f in named for v in f["scenario"]]
    ltype = [str(v).strip() for f in named for v in f["land_type"]]
    have = set(zip(lu["scenario"].astype(str).str.strip(), lu["land_type"].astype(str).str.strip(), strict=True))
    missing = [(s, t) for s in dict.fromkeys(scen) for t in dict.fromkeys(ltype) if (s, t) not in have]
    if not missing:
        return lu
    extra = pd.DataFrame(missing, columns=["scenario", "land_type"]).assign(area_ha=0.0)
    return pd.concat([lu, extra], ignore_index=True)


# --- validation --------------------------------------------------------------------------------


def validate(
    land_use: pd.DataFrame,
    mapping: pd.DataFrame,
    global_params: Mapping[str, object],
    set_params: pd.DataFrame,
    products: pd.DataFrame | None = None,
    *,
    scenarios: Sequence[str] = ("before", "after"),
    project_area_ha: float | None = None,
    area_tolerance_ha: float = 0.01,
) -> list[RowProblem]:
    """Every problem of the inputs at once, sorted.

    Tables: ``land_use`` (scenario, land_type, area_ha), ``land_types`` (the mapping),
    ``products`` (scenario, land_type, crop, output_t, price_yuan_per_t), ``parameters`` (global
    parameters; row None, column = parameter id) and ``coefficient_sets`` (per-set parameters; row =
    position in ``set_params``). Checks: missing columns; empty, non-numeric or negative areas,
    outputs and prices; unknown land types; unknown coefficient sets; every scenario in
    ``scenarios`` present with a positive area; each scenario's area adding up to
    ``project_area_ha`` (or, when None, to the first scenario's total) within ``area_tolerance_ha``;
    empty (must-be-supplied), non-numeric, negative or out-of-bounds parameters -- per-set
    parameters only for the sets actually used by a land type with area; C and P within [0, 1].
    """
    problems: list[RowProblem] = []
    problems += _check_columns("land_use", land_use, LAND_USE_COLUMNS)
    problems += _check_columns("land_types", mapping, MAPPING_COLUMNS)
    if products is not None:
        problems += _check_columns("products", products, PRODUCT_COLUMNS)
    if problems:
        return sorted(problems)
    known = _known_keys(mapping)
    rows = _land_use_flags(land_use, known)
    problems += _land_use_row_problems(land_use, mapping, rows)
    if products is not None:
        problems += _product_problems(products, mapping, known)
    totals = _area_by_scenario(land_use)
    problems += _empty_scenarios(totals, scenarios)
    problems += _area_mismatches(totals, project_area_ha, area_tolerance_ha)
    problems += _unknown_coefficient_sets(mapping, set_params)
    problems += _parameter_problems(global_params, set_params, _sets_in_use(land_use, mapping, rows))
    return sorted(problems, key=lambda p: (p.table, -1 if p.row is None else p.row, p.column or "", p.message))


# --- the rules of validate ---------------------------------------------------------------------


@dataclass(frozen=True)
class _LandUseRows:
    """Per row of the land-use table: the area as a float, and which checks the row fails."""

    area: np.ndarray
    scenario_blank: np.ndarray
    land_type_blank: np.ndarray
    finite: np.ndarray
    negative: np.ndarray
    positive: np.ndarray
    unknown: np.ndarray  # a land type that the mapping does not list


def _land_use_flags(land_use: pd.DataFrame, known: set[str]) -> _LandUseRows:
    """The row masks of the land-use table (Table 1: area per scenario and land type, ha).

    Masks first, then the per-row messages only for flagged rows: a project may list tens of
    thousands of parcels.
    """
    vals = pd.to_numeric(land_use["area_ha"], errors="coerce").to_numpy(dtype=float)
    lt_blank = _blank_mask(land_use["land_type"])
    finite = np.isfinite(vals)
    with np.errstate(invalid="ignore"):
        negative = finite & (vals < 0)
        positive = finite & (vals > 0)
    keys = land_use["land_type"].astype(object).where(~lt_blank, "").astype(str).str.strip().str.casefold()
    unknown = ~lt_blank & ~keys.isin(known).to_numpy()
    return _LandUseRows(vals, _blank_mask(land_use["scenario"]), lt_blank, finite, negative, positive, unknown)


def _land_use_row_problems(land_use: pd.DataFrame, mapping: pd.DataFrame, f: _LandUseRows) -> list[RowProblem]:
    """Each land-use row has a scenario, a land type of the mapping and an area >= 0 (ha)."""
    problems: list[RowProblem] = []
    flagged = f.scenario_blank | f.land_type_blank | _blank_mask(land_use["area_ha"]) | ~f.finite | f.negative
    for i in map(int, np.flatnonzero(flagged | f.unknown)):
        lt = land_use["land_type"].iloc[i]
        problems += _check_text("land_use", i, "scenario", land_use["scenario"].iloc[i])
        problems += _check_text("land_use", i, "land_type", lt)
        problems += _check_number("land_use", i, "area_ha", land_use["area_ha"].iloc[i], f.area[i], "ha")
        if f.unknown[i]:
            problems.append(_unknown_land_type("land_use", i, lt, mapping))
    return problems


def _product_problems(products: pd.DataFrame, mapping: pd.DataFrame, known: set[str]) -> list[RowProblem]:
    """Agricultural products (Table 3, V_m = Σ E_i·P_i): output (t) and price (yuan/t) >= 0, with a
    scenario and a land type of the mapping."""
    problems: list[RowProblem] = []
    for name, unit in (("output_t", "t"), ("price_yuan_per_t", "yuan/t")):
        nums = pd.to_numeric(products[name], errors="coerce")
        for i, (raw, val) in enumerate(zip(products[name], nums, strict=True)):
            problems += _check_number("products", i, name, raw, val, unit)
    for i, (scen, lt) in enumerate(zip(products["scenario"], products["land_type"], strict=True)):
        problems += _check_text("products", i, "scenario", scen)
        problems += _check_text("products", i, "land_type", lt)
        if not _blank(lt) and _key(lt) not in known:
            problems.append(_unknown_land_type("products", i, lt, mapping))
    return problems


def _unknown_land_type(table: str, i: int, land_type: object, mapping: pd.DataFrame) -> RowProblem:
    """Row ``i`` of ``table`` names a land type that the mapping does not have."""
    expected = _known_land_types(mapping)
    return RowProblem(
        table, i, "land_type", messages.GEP_UNKNOWN_LAND_TYPE.format(value=str(land_type).strip(), expected=expected)
    )


def _area_by_scenario(land_use: pd.DataFrame) -> pd.Series:
    """The total area of each scenario, ha, in order of first appearance (empty or bad areas count 0)."""
    area = pd.to_numeric(land_use["area_ha"], errors="coerce")
    return area.fillna(0.0).groupby(land_use["scenario"].astype(str).str.strip(), sort=False).sum()


def _empty_scenarios(totals: pd.Series, scenarios: Sequence[str]) -> list[RowProblem]:
    """Every scenario compared (before/after restoration, Tables 1 and 4) is present with a positive area."""
    return [
        RowProblem(
            "land_use",
            None,
            "scenario",
            messages.GEP_EMPTY_SCENARIO.format(scenario=s, expected=tuple(scenarios)),
        )
        for s in scenarios
        if totals.get(s, 0.0) <= 0
    ]


def _area_mismatches(totals: pd.Series, project_area_ha: float | None, tolerance_ha: float) -> list[RowProblem]:
    """Each scenario covers the same project area (Table 1: 70.91 ha before and after), within ``tolerance_ha``.

    The expected total is ``project_area_ha``, or when None the first non-empty scenario's total.
    """
    nonempty = totals[totals > 0]
    if not len(nonempty):
        return []
    if project_area_ha is not None:
        expected, basis = float(project_area_ha), messages.GEP_BASIS_PROJECT
    else:
        expected = float(nonempty.iloc[0])
        basis = messages.GEP_BASIS_SCENARIO.format(scenario=nonempty.index[0])
    return [
        RowProblem(
            "land_use",
            None,
            "area_ha",
            messages.GEP_AREA_MISMATCH.format(
                scenario=s, total=tot, expected=expected, basis=basis, tolerance=tolerance_ha
            ),
        )
        for s, tot in nonempty.items()
        if abs(tot - expected) > tolerance_ha + 1e-9
    ]


def _set_names(set_params: pd.DataFrame) -> list[str]:
    """The coefficient sets that the per-set parameter table defines, in its row order."""
    return [str(s).strip() for s in set_params["coefficient_set"]]


def _unknown_coefficient_sets(mapping: pd.DataFrame, set_params: pd.DataFrame) -> list[RowProblem]:
    """Each land type of the mapping names a coefficient set that the per-set parameters define."""
    set_names = _set_names(set_params)
    return [
        RowProblem(
            "land_types",
            i,
            "coefficient_set",
            messages.GEP_UNKNOWN_COEFFICIENT_SET.format(
                value="" if _blank(cset) else str(cset).strip(),
                land_type=str(lt),
                expected=tuple(map(messages.choice, set_names)),
            ),
        )
        for i, (lt, cset) in enumerate(zip(mapping["land_type"], mapping["coefficient_set"], strict=True))
        if _blank(cset) or str(cset).strip() not in set_names
    ]


def _sets_in_use(land_use: pd.DataFrame, mapping: pd.DataFrame, f: _LandUseRows) -> set[str]:
    """The coefficient sets of the land types with a positive area in some scenario."""
    used = ~f.scenario_blank & ~f.land_type_blank & f.positive & ~f.unknown
    if not used.any():
        return set()
    sub = land_use.loc[used, ["scenario", "land_type"]].drop_duplicates()  # each pair once
    sets_used = _lookup_sets(
        sub["scenario"].astype(str).str.strip().reset_index(drop=True),
        sub["land_type"].astype(str).str.strip().reset_index(drop=True),
        mapping,
    )
    return {str(c) for c in sets_used.unique()}


def _parameter_problems(
    global_params: Mapping[str, object], set_params: pd.DataFrame, used_sets: set[str]
) -> list[RowProblem]:
    """The parameters of Table 3: every global one, and the per-set ones of the sets in use.

    Each must be given, a number, not negative and within its bounds; C and P within [0, 1].
    """
    global_ids, set_ids, info = _parameter_rules()
    problems: list[RowProblem] = []
    for pid in global_ids:
        problems += _check_parameter("parameters", None, pid, global_params.get(pid), info, "")
    for i, cset in enumerate(_set_names(set_params)):
        if cset not in used_sets:
            continue
        for pid in set_ids:
            raw = set_params[pid].iloc[i] if pid in set_params.columns else None
            problems += _check_parameter("coefficient_sets", i, pid, raw, info, messages.GEP_IN_SET.format(set=cset))
    return problems


@cache
def _parameter_rules() -> tuple[tuple[str, ...], tuple[str, ...], dict[str, dict[str, object]]]:
    """The global ids, the per-set ids and each id's row of the shipped parameter table (its unit,
    bounds, labels and source), read once."""
    spec = parameter_spec()
    info = spec.drop_duplicates("id").set_index("id")
    global_ids = tuple(spec.loc[spec["coefficient_set"] == "", "id"])
    set_ids = tuple(dict.fromkeys(spec.loc[spec["coefficient_set"] != "", "id"]))
    return global_ids, set_ids, {pid: dict(info.loc[pid].items()) for pid in info.index}


# --- private helpers ---------------------------------------------------------------------------

_FACTOR_NAMES = {"rusle_c": "C", "rusle_p": "P"}


def _arrays(*values: object) -> list[np.ndarray]:
    """Broadcast scalars/arrays/Series to equal-length 1-d float arrays."""
    arrays = np.broadcast_arrays(*[np.atleast_1d(np.asarray(v, dtype=float)) for v in values])
    return [np.array(a, dtype=float) for a in arrays]


def _groups(service_groups: Mapping[str, str] | None) -> dict[str, str]:
    groups = dict(INDICATORS)
    groups.update(service_groups or {})
    return groups


def _indicator_order(t: pd.DataFrame) -> pd.DataFrame:
    order = {name: i for i, (name, _) in enumerate(INDICATORS)}
    scen = {s: i for i, s in enumerate(dict.fromkeys(t["scenario"]))}
    t = t.assign(_s=t["scenario"].map(scen), _i=t["indicator"].map(order))
    return t.sort_values(["_s", "_i"], kind="stable").drop(columns=["_s", "_i"]).reset_index(drop=True)


def _with_share(t: pd.DataFrame) -> pd.DataFrame:
    total = t.groupby("scenario", sort=False)["value_yuan"].transform("sum")
    # A scenario with zero GEP: every share is 0 (not NaN), see the callers' docstrings.
    t = t.copy()
    t["share"] = np.where(total != 0, t["value_yuan"] / total.where(total != 0), 0.0)
    return t


def _blank_mask(values: pd.Series) -> np.ndarray:
    """Vectorised :func:`_blank`: True where a cell is None, NaN or only whitespace."""
    if pd.api.types.is_numeric_dtype(values.dtype):  # a number is never only whitespace
        return values.isna().to_numpy(dtype=bool)
    obj = values.astype(object)
    return (obj.isna() | obj.astype(str).str.strip().eq("")).to_numpy(dtype=bool)


def _key(value: object) -> str:
    return str(value).strip().casefold()


def _blank(value: object) -> bool:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return True
    return str(value).strip() == ""


@dataclass(frozen=True)
class _SetLookup:
    """The coefficient set of each land type name of the mapping (casefolded en or zh name)."""

    general: dict[str, str]  # name -> set, rows without a scenario
    specific: dict[tuple[str, str], str]  # (scenario, name) -> set, rows for one scenario only


def _mapping_lookup(mapping: pd.DataFrame) -> _SetLookup:
    """Mapping rows keyed by the casefolded en and zh names, with the scenario ('' = any).

    The mapping is a short table (one row per land type): plain Python over its rows. The first
    row that spells a name wins; the en names come before the zh names.
    """
    n = len(mapping)
    scen = [_text_or_empty(v) for v in mapping["scenario"]] if "scenario" in mapping else [""] * n
    sets = [str(v).strip() for v in mapping["coefficient_set"]]
    named = list(zip(map(_key, mapping["land_type"]), scen, sets, strict=True))
    if "land_type_zh" in mapping:
        zh = mapping["land_type_zh"]
        named += [(_key(z), sc, cs) for z, sc, cs in zip(zh, scen, sets, strict=True) if _text_or_empty(z) != ""]
    general: dict[str, str] = {}
    specific: dict[tuple[str, str], str] = {}
    for key, sc, cs in named:
        if sc:
            specific.setdefault((sc, key), cs)
        else:
            general.setdefault(key, cs)
    return _SetLookup(general, specific)


def _text_or_empty(value: object) -> str:
    """A cell as stripped text, '' for None or NaN."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()


def _known_keys(mapping: pd.DataFrame) -> set[str]:
    lookup = _mapping_lookup(mapping)
    return set(lookup.general) | {key for _, key in lookup.specific}


def _known_land_types(mapping: pd.DataFrame) -> tuple[messages.Term, ...]:
    """The land types of the mapping for a message, with their Chinese names where given."""
    zh = mapping["land_type_zh"] if "land_type_zh" in mapping else pd.Series([""] * len(mapping))
    names = {
        str(v).strip(): ("" if _blank(z) else str(z).strip())
        for v, z in zip(mapping["land_type"], zh, strict=True)
        if not _blank(v)
    }
    return tuple(messages.Term(en, z) for en, z in names.items())


def _label(meta: Mapping[str, object]) -> messages.Term:
    """A parameter's label in both languages (columns label_en, label_zh of the parameter table)."""
    zh = meta.get("label_zh", "")
    return messages.Term(str(meta["label_en"]), "" if _blank(zh) else str(zh))


def _lookup_sets(scenario: pd.Series, land_type: pd.Series, mapping: pd.DataFrame) -> pd.Series:
    """Coefficient set per (scenario, land type): scenario-specific row first, else general row."""
    lookup = _mapping_lookup(mapping)
    keys = land_type.astype(str).str.strip().str.casefold()
    out = keys.map(lookup.general) if lookup.general else pd.Series(np.nan, index=keys.index)
    if lookup.specific:
        specific = pd.Series(lookup.specific)
        idx = pd.MultiIndex.from_arrays([scenario.astype(str).str.strip(), keys])
        spec = pd.Series(specific.reindex(idx).to_numpy(), index=keys.index)
        out = spec.where(spec.notna(), out)
    return out


def _products_by_land_type(products: pd.DataFrame | None, mapping: pd.DataFrame) -> pd.DataFrame:
    cols = ["scenario", "land_type", "coefficient_set", "crop_output_t", "crop_value"]
    if products is None or products.empty:
        return pd.DataFrame(columns=cols)
    p = products.loc[:, list(PRODUCT_COLUMNS)].copy()
    p["scenario"] = p["scenario"].astype(str).str.strip()
    p["land_type"] = p["land_type"].astype(str).str.strip()
    values = agricultural_products(
        pd.to_numeric(p["output_t"], errors="coerce").to_numpy(),
        pd.to_numeric(p["price_yuan_per_t"], errors="coerce").to_numpy(),
    )
    p = pd.concat([p[["scenario", "land_type"]].reset_index(drop=True), values], axis=1)
    g = p.groupby(["scenario", "land_type"], sort=False, as_index=False)[["crop_output_t", "crop_value"]].sum()
    g.insert(2, "coefficient_set", _lookup_sets(g["scenario"], g["land_type"], mapping).to_numpy())
    return g[cols]


def _check_columns(table: str, frame: pd.DataFrame, required: Sequence[str]) -> list[RowProblem]:
    return [
        RowProblem(
            table,
            None,
            c,
            messages.GEP_MISSING_COLUMN.format(
                column=messages.Column(c), table=messages.Column(table), expected=tuple(required)
            ),
        )
        for c in required
        if c not in frame
    ]


def _check_text(table: str, row: int, column: str, value: object) -> list[RowProblem]:
    if _blank(value):
        return [RowProblem(table, row, column, messages.REQUIRED.format(field=messages.Column(column)))]
    return []


def _check_number(table: str, row: int, column: str, raw: object, val: float, unit: str) -> list[RowProblem]:
    if _blank(raw):
        return [RowProblem(table, row, column, messages.REQUIRED.format(field=messages.Column(column)))]
    if not np.isfinite(val):
        return [RowProblem(table, row, column, messages.NOT_A_NUMBER.format(value=raw, unit=messages.Unit(unit)))]
    if val < 0:
        return [RowProblem(table, row, column, messages.NEGATIVE.format(field=messages.Column(column), value=raw))]
    return []


def _check_parameter(
    table: str,
    row: int | None,
    pid: str,
    raw: object,
    info: Mapping[str, Mapping[str, object]],
    where: str | messages.Message,
) -> list[RowProblem]:
    meta = info[pid]
    if _blank(raw):
        return [
            RowProblem(
                table,
                row,
                pid,
                messages.GEP_MISSING_PARAMETER.format(
                    parameter=pid,
                    label=_label(meta),
                    unit=messages.Unit(meta["unit"]),
                    where=where,
                    source=meta["source"],
                ),
            )
        ]
    val = _number(raw)
    if not np.isfinite(val):
        return [RowProblem(table, row, pid, messages.NOT_A_NUMBER.format(value=raw, unit=messages.Unit(meta["unit"])))]
    if pid in _FACTOR_NAMES and not 0 <= val <= 1:
        return [
            RowProblem(
                table,
                row,
                pid,
                messages.GEP_FACTOR_OUT_OF_RANGE.format(factor=_FACTOR_NAMES[pid], value=raw, where=where),
            )
        ]
    if val < 0:
        return [RowProblem(table, row, pid, messages.NEGATIVE.format(field=_label(meta), value=raw))]
    lo, hi = meta["min"], meta["max"]
    if pd.notna(lo) and val < lo:
        return [RowProblem(table, row, pid, messages.BELOW_MIN.format(field=_label(meta), value=raw, bound=lo))]
    if pd.notna(hi) and val > hi:
        return [RowProblem(table, row, pid, messages.ABOVE_MAX.format(field=_label(meta), value=raw, bound=hi))]
    return []


def _number(raw: object) -> float:
    """One cell as a number, NaN when it is not one (``pd.to_numeric(..., errors="coerce")``)."""
    if isinstance(raw, (int, float, np.integer, np.floating)) and not isinstance(raw, (bool, np.bool_)):
        return float(raw)
    return pd.to_numeric(pd.Series([raw]), errors="coerce").iloc[0]


def _as_problem(p: RowProblem) -> Problem:
    where = p.table
    if p.row is not None:
        where += f"[{p.row}]"
    if p.column:
        where += f".{p.column}"
    return Problem(where, p.message)
