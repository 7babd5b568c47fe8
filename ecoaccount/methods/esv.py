"""Ecosystem service value (ESV) by the equivalent-factor method, and ecological compensation.

Source: 000_89a29e514ac06762.txt (coal resource-depleted cities, 2000/2010/2020).

- eq. 1: Ea = (1/7) · Σ_j m_j·p_j·q_j / M — value of one standard equivalent, yuan/(ha·a), from
  grain price m (yuan/kg), yield p (kg/ha) and sown area q (any area unit; M = Σ q);
- eq. 3: VC_i = Σ_j EC_ij · Ea — value per hectare of land class i, yuan/(ha·a);
- eq. 2: ESV = Σ_i A_i · VC_i — yuan/a, A_i in ha;
- eq. 4: ECPS = VAL_n / GDP_n — non-market ESV per hectare over GDP per hectare (non-market =
  ESV minus the market-priced provisioning services);
- eq. 6: t = 2·arctan(ECPS)/π;  eq. 5: R = V·k·t, k = 15 % (Xin et al. 2019, cited there).

Equivalent factors EC are those of Xie et al. (2015) (package data ``xie2015_equivalent_factors.csv``);
a user land class maps onto one factor sub-type or a weighted mix of them.  Sensitivity
coefficients follow the usual definition CS = |ΔESV/ESV| / |ΔVC/VC| for a change of one class's
factors by ± ``change`` (Kreuter et al. 2001).

All functions take and return pandas DataFrames in canonical units (ha, yuan); nothing here knows
about Excel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import pandas as pd

from ecoaccount.data import load_table
from ecoaccount.problems import RowProblem

SERVICES: tuple[str, ...] = (
    "food_production",
    "raw_materials",
    "water_supply",
    "gas_regulation",
    "climate_regulation",
    "environmental_purification",
    "hydrological_regulation",
    "soil_conservation",
    "nutrient_cycling",
    "biodiversity",
    "aesthetic_landscape",
)
GROUPS: tuple[str, ...] = ("provisioning", "regulating", "supporting", "cultural")
FACTOR_TABLE = "xie2015_equivalent_factors.csv"

#: A number, a NumPy array or a pandas Series (the equations below broadcast like NumPy).
ArrayLike: TypeAlias = "float | np.ndarray | pd.Series"


def default_factors() -> pd.DataFrame:
    """Xie et al. (2015) Table 2: 14 sub-types × 11 services (dimensionless equivalents)."""
    return load_table(FACTOR_TABLE)


def default_services() -> pd.DataFrame:
    """Services with their group and whether the market already prices them (ECPS, eq. 4).

    Groups as in the papers citing Xie et al. 2015 (see the factor table's header); market-priced
    by default: food production and raw materials (000, §2.4: "the market already assigns
    monetary value to provisioning services like food and raw material production").
    """
    groups = ["provisioning"] * 3 + ["regulating"] * 4 + ["supporting"] * 3 + ["cultural"]
    market = [True, True] + [False] * 9
    return pd.DataFrame({"service": SERVICES, "group": groups, "market": market})


def equivalent_value(grain: pd.DataFrame) -> pd.DataFrame:
    """Eq. 1 per region and year.

    ``grain``: region, year, crop, price (yuan/kg), yield (kg/ha), sown_area (any unit).
    Returns region, year, mpq (Σ m·p·q), sown_total (M) and ea (yuan/(ha·a)).
    A region-year whose total sown area is 0 has no defined Ea: ``ea`` is NaN there and
    ``validate`` reports it, so a workbook never reaches this case.
    """
    g = grain.assign(mpq=grain["price"] * grain["yield"] * grain["sown_area"])
    out = g.groupby(["region", "year"], sort=False, as_index=False)[["mpq", "sown_area"]].sum()
    out = out.rename(columns={"sown_area": "sown_total"})
    with np.errstate(divide="ignore", invalid="ignore"):
        out["ea"] = (1 / 7) * out["mpq"] / out["sown_total"].where(out["sown_total"] != 0)
    return out


def class_factors(mapping: pd.DataFrame, factors: pd.DataFrame) -> pd.DataFrame:
    """EC per user land class: Σ weight × factor over the sub-types a class maps onto.

    ``mapping``: class, subtype, weight; ``factors``: subtype plus one column per service.
    Returns one row per class (in order of first appearance) with one column per service.
    """
    f = factors.set_index("subtype")[list(SERVICES)]
    rows = f.loc[mapping["subtype"].to_numpy()].to_numpy() * mapping["weight"].to_numpy()[:, None]
    weighted = pd.DataFrame(rows, columns=list(SERVICES))
    weighted.insert(0, "class", mapping["class"].to_numpy())
    return weighted.groupby("class", sort=False, as_index=False)[list(SERVICES)].sum()


def esv_detail(landuse: pd.DataFrame, ea: pd.DataFrame, ec: pd.DataFrame) -> pd.DataFrame:
    """Eqs. 2–3 per region × year × class × service, yuan/a.

    ``landuse``: region, year, class, area_ha (long); ``ea`` from ``equivalent_value``; ``ec``
    from ``class_factors``. ESV_{r,y,i,s} = A_{r,y,i} · EC_{i,s} · Ea_{r,y}. Construction land
    and any class whose factors are all 0 give explicit zeros.
    """
    carried = [c for c in ("region", "year", "ea", "ea_row") if c in ea]  # ea_row: see ``calculate``
    d = landuse.merge(ea[carried], on=["region", "year"], how="left", sort=False)
    coef = ec.set_index("class").loc[d["class"].to_numpy(), list(SERVICES)].to_numpy()
    values = d["area_ha"].to_numpy()[:, None] * coef * d["ea"].to_numpy()[:, None]
    out = pd.concat([d.reset_index(drop=True), pd.DataFrame(values, columns=list(SERVICES))], axis=1)
    out["total"] = values.sum(axis=1)
    return out


def by_region_year(detail: pd.DataFrame, services: pd.DataFrame) -> pd.DataFrame:
    """ESV per region and year: per service, per group, total, market and non-market value."""
    s = detail.groupby(["region", "year"], sort=False, as_index=False)[["area_ha", *SERVICES]].sum()
    grp = dict(zip(services["service"], services["group"], strict=True))
    for g in GROUPS:
        cols = [c for c in SERVICES if grp.get(c) == g]
        s[g] = s[cols].sum(axis=1) if cols else 0.0
    s["total"] = s[list(SERVICES)].sum(axis=1)
    market_flags = dict(zip(services["service"], services["market"], strict=True))
    market = [c for c in SERVICES if bool(market_flags.get(c))]
    s["market"] = s[market].sum(axis=1) if market else 0.0
    s["non_market"] = s["total"] - s["market"]
    return s


def change_between_years(table: pd.DataFrame, keys: Sequence[str], value: str = "total") -> pd.DataFrame:
    """Change and rate of change of ``value`` between consecutive years within ``keys``.

    Rate is change / earlier value; NaN when the earlier value is 0 (no defined rate).
    """
    keys = list(keys)
    # Groups in order of first appearance, years ascending within each.
    t = table[[*keys, "year", value]].assign(_g=table.groupby(keys, sort=False).ngroup())
    t = t.sort_values(["_g", "year"], kind="stable")
    prev = t.groupby(keys, sort=False)[["year", value]].shift(1)
    ok = prev["year"].notna().to_numpy()
    base = prev[value].to_numpy(dtype=float)[ok]
    now = t[value].to_numpy(dtype=float)[ok]
    out = t.loc[ok, keys].reset_index(drop=True)
    out["year_from"] = prev["year"].to_numpy()[ok].astype(t["year"].dtype)
    out["year_to"] = t["year"].to_numpy()[ok]
    out["from"], out["to"], out["change"] = base, now, now - base
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate"] = np.where(base != 0, (now - base) / np.where(base != 0, base, 1.0), np.nan)
    return out


def sensitivity(detail: pd.DataFrame, change: float = 0.5) -> pd.DataFrame:
    """CS per year and class for a ± ``change`` adjustment of that class's factors.

    ESV is linear in each class's VC, so ESV' = ESV + change·ESV_i and
    CS = |(ESV' − ESV)/ESV| / |change|; returned for +change and −change.
    """
    by_class = detail.groupby(["year", "class"], sort=False, as_index=False)["total"].sum()
    tot = detail.groupby("year", sort=False)["total"].sum()
    by_class["esv_year"] = by_class["year"].map(tot)
    by_class = by_class.rename(columns={"total": "esv_class"})
    for sign, name in ((1, "up"), (-1, "down")):
        adjusted = by_class["esv_year"] + sign * change * by_class["esv_class"]
        by_class[f"esv_{name}"] = adjusted
        by_class[f"cs_{name}"] = ((adjusted - by_class["esv_year"]) / by_class["esv_year"]).abs() / abs(change)
    return by_class


def compensation(summary: pd.DataFrame, gdp: pd.DataFrame, k: float = 0.15) -> pd.DataFrame:
    """Eqs. 4–6 per region and year, ranked by ECPS within each year (1 = highest priority).

    ``summary`` from ``by_region_year``; ``gdp``: region, year, gdp (yuan) and optionally
    transfer (yuan). V is the non-market ESV (yuan/a); VAL_n = V/area, GDP_n = GDP/area (yuan/ha).
    """
    c = summary[["region", "year", "area_ha", "total", "non_market"]].merge(
        gdp, on=["region", "year"], how="left", sort=False
    )
    c["val_n"] = c["non_market"] / c["area_ha"]
    c["gdp_n"] = c["gdp"] / c["area_ha"]
    c["ecps"] = priority(c["val_n"], c["gdp_n"])
    c["t"] = demand_intensity(c["ecps"])
    c["r"] = compensation_amount(c["non_market"], c["t"], k)
    c["r_share_gdp"] = c["r"] / c["gdp"]
    c["rank"] = c.groupby("year")["ecps"].rank(method="min", ascending=False).astype(int)
    if "transfer" in c:
        c["r_minus_transfer"] = c["r"] - c["transfer"]
    return c


def _zero_denominators(
    landuse: pd.DataFrame, grain: pd.DataFrame, gdp: pd.DataFrame, class_columns: Sequence[str]
) -> list[RowProblem]:
    """Edges decided once, for the engine and the formulas alike: ECPS divides by GDP per unit
    area, so a GDP of 0 or a region-year whose land area is 0 is refused; Ea of a region-year whose
    grain prices are all 0 is 0, which makes every ESV 0: refused as well."""
    from ecoaccount import messages as M

    out: list[RowProblem] = []
    for i, v in enumerate(gdp["gdp"]):
        if v == 0:
            out.append(RowProblem("gdp", i, "gdp", M.GDP_NOT_POSITIVE.format(value=0)))
    cols = [c for c in class_columns if c in landuse]
    if cols:
        area = landuse[cols].apply(pd.to_numeric, errors="coerce").fillna(0).sum(axis=1)
        for i in np.flatnonzero((area == 0).to_numpy()):
            r, y = landuse["region"].iloc[i], landuse["year"].iloc[i]
            out.append(RowProblem("landuse", int(i), cols[0], M.ESV_ZERO_AREA.format(region=r, year=y)))
    keyed = grain.dropna(subset=["region", "year"])
    if len(keyed):
        zero_price = keyed["price"].fillna(0) == 0
        prices = zero_price.groupby([keyed["region"], keyed["year"]], sort=False).all()
        for (r, y), zero in prices.items():
            if zero:
                first = keyed.index[(keyed["region"] == r) & (keyed["year"] == y)][0]
                out.append(RowProblem("grain", int(first), "price", M.ALL_PRICES_ZERO.format(region=r, year=y)))
    return out


# --- the equations on plain numbers (used above and by the worksheet functions) ---------------


def class_value(factors: ArrayLike, ea: ArrayLike) -> np.ndarray:
    """Eq. 3 for one class: VC = Σ_j EC_j · Ea, yuan/(ha·a), from its factor row EC (dimensionless)."""
    return np.sum(np.asarray(factors, dtype=float), axis=-1) * np.asarray(ea, dtype=float)


def service_value(areas: ArrayLike, values_per_ha: ArrayLike) -> np.ndarray:
    """Eq. 2: ESV = Σ_i A_i · VC_i, yuan/a, areas in ha and VC in yuan/(ha·a) (same length)."""
    return np.sum(np.asarray(areas, dtype=float) * np.asarray(values_per_ha, dtype=float), axis=-1)


def priority(val_n: ArrayLike, gdp_n: ArrayLike) -> ArrayLike:
    """Eq. 4: ECPS = VAL_n / GDP_n (both yuan/ha). A GDP of 0 has no defined ECPS (inf/NaN)."""
    return val_n / gdp_n


def demand_intensity(ecps: ArrayLike) -> ArrayLike:
    """Eq. 6: t = 2·arctan(ECPS)/π, between 0 and 1 for ECPS ≥ 0."""
    return 2 * np.arctan(ecps) / np.pi


def compensation_amount(non_market: ArrayLike, t: ArrayLike, k: float = 0.15) -> ArrayLike:
    """Eq. 5: R = V·k·t, V the non-market ESV (yuan/a), k the compensation coefficient (15 %)."""
    return non_market * k * t


def grain_rows(grain: pd.DataFrame) -> pd.DataFrame:
    """The grain rows grouped by region and year (groups in order of first appearance).

    Adds mpq = m·p·q and ``grain_row``, the row's position in ``grain``. Each region-year's rows
    are contiguous, so that Ea's sums run over a block of their own (linear recalculation).
    """
    g = grain.reset_index(drop=True)
    g = g.assign(
        mpq=g["price"] * g["yield"] * g["sown_area"],
        grain_row=np.arange(len(g)),
        _g=g.groupby(["region", "year"], sort=False).ngroup(),
    )
    return g.sort_values("_g", kind="stable").drop(columns="_g").reset_index(drop=True)


def mapping_rows(mapping: pd.DataFrame, factors: pd.DataFrame) -> pd.DataFrame:
    """Each mapping row with weight × factor per service, and ``mapping_row`` (its position)."""
    m = mapping.reset_index(drop=True)
    f = factors.set_index("subtype")[list(SERVICES)]
    weighted = f.loc[m["subtype"].to_numpy()].to_numpy() * m["weight"].to_numpy(dtype=float)[:, None]
    out = pd.concat([m[["class", "subtype", "weight"]], pd.DataFrame(weighted, columns=list(SERVICES))], axis=1)
    out["mapping_row"] = np.arange(len(m))
    return out


@dataclass(frozen=True)
class EsvResult:
    """The engine's tables; the columns of each are the ids of the result sheets' columns.

    Besides the values, the tables carry row positions (0-based) that the result formulas use:
    ``grain_row``, ``mapping_row``, ``landuse_row`` (input rows), ``rows_first``/``rows_last``,
    ``esv_first``/``esv_last``, ``year_first``/``year_last`` (contiguous blocks), ``ea_row``,
    ``class_row``, ``gdp_row``, ``summary_row``, ``from_row``/``to_row`` (rows of other tables).
    """

    ea: pd.DataFrame
    ec: pd.DataFrame
    detail: pd.DataFrame
    summary: pd.DataFrame
    change: pd.DataFrame
    sensitivity: pd.DataFrame
    compensation: pd.DataFrame
    grain_rows: pd.DataFrame | None = None
    mapping_rows: pd.DataFrame | None = None

    def frames(self) -> dict[str, pd.DataFrame]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def calculate(
    landuse: pd.DataFrame,
    grain: pd.DataFrame,
    gdp: pd.DataFrame,
    mapping: pd.DataFrame | None = None,
    factors: pd.DataFrame | None = None,
    services: pd.DataFrame | None = None,
    k: float = 0.15,
    cs_change: float = 0.5,
) -> EsvResult:
    """The whole chain (eqs. 1–6) on DataFrames in ha and yuan; see the functions above."""
    factors = default_factors() if factors is None else factors
    services = default_services() if services is None else services
    mapping = default_mapping() if mapping is None else mapping
    rows = grain_rows(grain)
    ea = equivalent_value(grain)
    sizes = rows.groupby(["region", "year"], sort=False).size().to_numpy()
    ea["rows_first"] = np.cumsum(sizes) - sizes
    ea["rows_last"] = ea["rows_first"] + sizes - 1
    m_rows = mapping_rows(mapping, factors)
    ec = class_factors(mapping, factors)
    ec["weight_sum"] = mapping.groupby("class", sort=False)["weight"].sum().reindex(ec["class"]).to_numpy()
    ec["ec_total"] = ec[list(SERVICES)].sum(axis=1)
    ec["rows_first"] = m_rows.drop_duplicates("class").set_index("class")["mapping_row"].reindex(ec["class"]).to_numpy()
    ea["ea_row"] = np.arange(len(ea))
    detail = esv_detail(landuse, ea, ec)
    detail["class_row"] = pd.Index(ec["class"]).get_indexer(detail["class"])
    detail["vc"] = detail["ea"].to_numpy() * ec["ec_total"].to_numpy()[detail["class_row"].to_numpy()]
    summary = by_region_year(detail, services)
    sizes = detail.groupby(["region", "year"], sort=False).size().to_numpy()
    summary["esv_first"] = np.cumsum(sizes) - sizes
    summary["esv_last"] = summary["esv_first"] + sizes - 1
    change = change_between_years(summary, ["region"])
    change["from_row"] = _first_positions(summary, ["region", "year"], change[["region", "year_from"]])
    change["to_row"] = _first_positions(summary, ["region", "year"], change[["region", "year_to"]])
    sens = sensitivity(detail, cs_change)
    sens["year_first"] = _first_positions(detail, ["year"], sens[["year"]])
    sens["class_first"] = _first_positions(detail, ["class"], sens[["class"]])
    gdp = gdp.reset_index(drop=True).assign(gdp_row=np.arange(len(gdp)))
    return EsvResult(
        ea, ec, detail, summary, change, sens, _compensation_rows(compensation(summary, gdp, k)), rows, m_rows
    )


def _first_positions(table: pd.DataFrame, keys: list[str], lookup: pd.DataFrame) -> np.ndarray:
    """Position in ``table`` of the first row whose ``keys`` equal each row of ``lookup`` (−1: none).

    The key columns of both are numbered together (``pd.factorize``, 0 for an empty cell), one
    code per combination of keys; then the first row of each code in ``table`` is looked up.
    """
    n = len(table)
    codes = np.zeros(n + len(lookup), dtype=np.int64)
    for key, asked in zip(keys, lookup.columns, strict=True):
        numbers, names = pd.factorize(pd.concat([table[key], lookup[asked]], ignore_index=True))
        codes = codes * (len(names) + 1) + numbers + 1
    combos, code = np.unique(codes, return_inverse=True)
    in_table, first_row = np.unique(code[:n], return_index=True)  # the first occurrence of each code
    first = np.full(len(combos), -1, dtype=np.int64)
    first[in_table] = first_row
    return first[code[n:]]


def _compensation_rows(comp: pd.DataFrame) -> pd.DataFrame:
    """Rows grouped by year (regions in their order), so that each year's ranking is one block."""
    comp = comp.assign(summary_row=np.arange(len(comp)))
    comp = comp.sort_values("year", kind="stable").reset_index(drop=True)
    sizes = comp.groupby("year", sort=False).size()
    first = np.cumsum(sizes.to_numpy()) - sizes.to_numpy()
    comp["year_first"] = pd.Series(first, index=sizes.index).reindex(comp["year"]).to_numpy()
    comp["year_last"] = comp["year_first"] + sizes.reindex(comp["year"]).to_numpy() - 1
    if "transfer" not in comp:
        comp["transfer"] = np.nan
        comp["r_minus_transfer"] = np.nan
    return comp


def default_mapping(lang: str = "en") -> pd.DataFrame:
    """The paper's six classes (000, §2.2) onto Xie et al. 2015 sub-types.

    farmland = dry land; forest = broadleaf; grassland = meadow; water = water system;
    construction land = no service (maps to bare land with weight 0); barren = bare land.
    """
    names = CLASS_NAMES_ZH if lang == "zh" else CLASS_NAMES_EN
    pairs = [
        ("dry_land", 1.0),
        ("broadleaf", 1.0),
        ("meadow", 1.0),
        ("water_system", 1.0),
        ("bare_land", 0.0),
        ("bare_land", 1.0),
    ]
    return pd.DataFrame({"class": names, "subtype": [p[0] for p in pairs], "weight": [p[1] for p in pairs]})


CLASS_NAMES_EN = ("farmland", "forest", "grassland", "water", "construction land", "barren")
CLASS_NAMES_ZH = ("耕地", "林地", "草地", "水域", "建设用地", "未利用地")


def validate(
    landuse: pd.DataFrame,
    grain: pd.DataFrame,
    gdp: pd.DataFrame,
    mapping: pd.DataFrame,
    factors: pd.DataFrame,
    class_columns: Sequence[str],
) -> list[RowProblem]:
    """Rules that need more than one table. Row numbers are positions in the given DataFrames.

    - every land-use class column has a mapping, and every mapped sub-type is in the factors;
    - mapping weights of a class add up to 1 (or 0 for a class that provides no service);
    - every land-use region/year has grain statistics with a total sown area above 0, and GDP;
    - region names cannot start with a comparison sign or hold wildcards (SUMIFS would read them
      as criteria).
    """
    from ecoaccount import messages as M

    out: list[RowProblem] = []
    mapped = set(mapping["class"].dropna())
    for c in class_columns:
        if c not in mapped:
            out.append(
                RowProblem("landuse", None, c, M.ESV_UNMAPPED_CLASS.format(value=c, expected=tuple(sorted(mapped))))
            )
    known = set(factors["subtype"].dropna())
    for i, s in enumerate(mapping["subtype"]):
        if s is not None and s not in known:
            out.append(
                RowProblem(
                    "mapping", i, "subtype", M.ESV_UNKNOWN_SUBTYPE.format(value=s, expected=tuple(sorted(known)))
                )
            )
    w = mapping.dropna(subset=["class", "weight"]).groupby("class", sort=False)["weight"].agg(["sum", "idxmin"])
    for cls, row in w.iterrows():
        if not (abs(row["sum"] - 1) <= 1e-9 or row["sum"] == 0):
            out.append(
                RowProblem(
                    "mapping", int(row["idxmin"]), "weight", M.ESV_WEIGHTS.format(cls=cls, total=f"{row['sum']:g}")
                )
            )
    sown = grain.dropna(subset=["region", "year"]).groupby(["region", "year"])["sown_area"].sum().to_dict()
    gdp_keys = set(zip(gdp["region"], gdp["year"], strict=True))
    for i, (r, y) in enumerate(zip(landuse["region"], landuse["year"], strict=True)):
        if pd.isna(r) or pd.isna(y):  # reported as empty cells; no stray 'nan' in a message
            continue
        y_ = int(y) if float(y).is_integer() else y
        if (r, y) not in sown:
            out.append(RowProblem("landuse", i, "region", M.ESV_NO_GRAIN.format(region=r, year=y_)))
        elif not sown[(r, y)] > 0:
            first = grain.index[(grain["region"] == r) & (grain["year"] == y)][0]
            out.append(RowProblem("grain", int(first), "sown_area", M.ESV_ZERO_SOWN.format(region=r, year=y_)))
        if (r, y) not in gdp_keys:
            out.append(RowProblem("landuse", i, "year", M.ESV_NO_GDP.format(region=r, year=y_)))
    out += _zero_denominators(landuse, grain, gdp, class_columns)
    for table, df in (("landuse", landuse), ("grain", grain), ("gdp", gdp)):
        for i, r in enumerate(df["region"]):
            if isinstance(r, str) and (r[:1] in "=<>" or any(ch in r for ch in "*?~")):
                out.append(RowProblem(table, i, "region", M.ESV_REGION_NAME.format(value=r)))
    return out
