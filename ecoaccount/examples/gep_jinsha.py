"""Jinsha County coal-mine restoration (Guizhou): the GEP case of paper 001.

Xu X.Y., Wang N.N. et al. (2026), Gross Ecosystem Product (GEP) accounting for the ecological
restoration of mine sites, Global NEST Journal, doi:10.30955/gnj.08218
(``001_cf6a641da64b4c83.txt``).
Land use: Table 1 (project area 77.37 ha). Parameters: Table 3 and section 2.

Every parameter the paper states is used as stated (most are the shipped defaults of
``data/gep_parameters.csv``; :data:`PAPER_STATED` lists the rest). The paper does not print the
crop outputs and prices, water price, runoff and evapotranspiration, carbon price, days with
air-conditioning, grain price and yield, soil bulk density, the sediment coefficient or the
before-restoration K values: the values this example uses for them are ASSUMPTIONS, listed in
:data:`ASSUMPTIONS` with where each comes from. Several are back-calculated from the paper's own
results (marked "implied by"); they are not independent data. :data:`NOTES` compares each published
figure with what the stated parameters give.
"""

from __future__ import annotations

import pandas as pd

from ecoaccount.methods import gep

PROJECT_AREA_HA = 77.37  # Table 1 total
SCENARIOS = ("before", "after")

#: Parameters the paper states that are not already the shipped defaults.
PAPER_STATED: dict[str, tuple[float, str]] = {
    "precipitation": (1126.71, "paper 001 section 2: mean annual precipitation 1126.71 mm"),
}

# Crop price used to turn the printed crop values into outputs (assumption, see ASSUMPTIONS).
_CROP_PRICE = 2400.0  # yuan/t
# Grain price x yield implied by Table 4 landscape total after restoration:
# 4.92e4 yuan · 7 / (0.82·34.07 + 0.06·41.42 + 0.56·1.88 ha) = 10,942 yuan/ha.
_GRAIN_VALUE_PER_HA = 4.92e4 * 7 / (0.82 * 34.07 + 0.06 * 41.42 + 0.56 * 1.88)
# yuan/m3, implied by Table 4: 46.05e4 / 191,860 = 2.4002; 4.18e4 / 17,414 = 2.4004
_WATER_PRICE = 2.40
# Net water yield P - R - ET implied by Table 5 (after) at 2.40 yuan/m3: value / (price · A · 10).
_NET_WATER_MM = {
    "forest": 34.03e4 / (_WATER_PRICE * 34.07 * 10),  # 416.2 mm
    "dry_land": 9.64e4 / (_WATER_PRICE * 41.42 * 10),  # 97.0 mm
    "grassland": 2.38e4 / (_WATER_PRICE * 1.88 * 10),  # 527.5 mm
}

#: (value, source) of every value the paper does not state. Global ids, or "set:parameter".
ASSUMPTIONS: dict[str, tuple[float, str]] = {
    "water_price": (
        _WATER_PRICE,
        "ASSUMPTION implied by paper 001 Table 4 (value / quantity); "
        "the paper says only 'market price of water resources transactions'",
    ),
    "carbon_price": (
        386.0,
        "ASSUMPTION implied by paper 001 Table 4: 10.22e4 yuan / 264.80 t CO2 "
        "= 386 yuan/t (before: 0.76e4 / 19.62 = 387); price not stated",
    ),
    "ac_days": (
        90.0,
        "ASSUMPTION, illustrative (June-August); the paper counts days from Bijie "
        "2009-2018 temperatures but does not print the count; its results imply about "
        "6,300 days, which no single year has",
    ),
    "grain_price": (
        _CROP_PRICE,
        "ASSUMPTION, illustrative county grain price (yuan/t); only the product P_a·P_b is implied by the paper",
    ),
    "grain_yield": (
        _GRAIN_VALUE_PER_HA / _CROP_PRICE,
        "ASSUMPTION: P_a·P_b = 10,942 yuan/ha implied by paper 001 Table 4 landscape "
        "total after restoration (4.92e4 yuan), divided by the assumed grain price",
    ),
    "sediment_coefficient": (0.24, "shipped default (Ouyang group); not stated in paper 001"),
    "soil_bulk_density": (0.93, "shipped default (Ouyang group); not stated in paper 001"),
    **{
        f"{s}:runoff_coefficient": (
            0.0,
            "ASSUMPTION: runoff folded into ET (the paper prints "
            "neither; only P - R - ET per land type can be inferred)",
        )
        for s in _NET_WATER_MM
    },
    **{
        f"{s}:evapotranspiration": (
            1126.71 - net,
            "ASSUMPTION: P - net water yield implied by "
            "paper 001 Table 5 after restoration at 2.40 yuan/m3 "
            "(runoff + evapotranspiration together)",
        )
        for s, net in _NET_WATER_MM.items()
    },
}

#: Assumptions about inputs other than parameters.
INPUT_ASSUMPTIONS: dict[str, str] = {
    "products": "ASSUMPTION: crop price 2,400 yuan/t; crop outputs are the printed values of paper "
    "001 Table 4 (0.71e4 and 42.47e4 yuan) divided by it",
    "rusle_k before": "ASSUMPTION: before restoration the after-restoration K values are used; the "
    "paper's before-restoration K (Gao et al. 2022) is not printed",
}


def land_use() -> pd.DataFrame:
    """Paper 001 Table 1: scenario, land_type, area_ha (before and after restoration, ha)."""
    rows = [
        ("before", "mining land", 70.91),
        ("before", "dry land", 0.95),
        ("before", "forest land", 2.57),
        ("before", "grassland", 1.11),
        ("before", "construction land", 1.83),
        ("after", "mining land", 0.0),
        ("after", "dry land", 41.42),
        ("after", "forest land", 34.07),
        ("after", "grassland", 1.88),
        ("after", "construction land", 0.0),
    ]
    return pd.DataFrame(rows, columns=["scenario", "land_type", "area_ha"])


def land_types() -> pd.DataFrame:
    """The shipped default mapping (mining and construction land -> set ``none``)."""
    return gep.default_land_types()


def products() -> pd.DataFrame:
    """Agricultural products (green manure: corn and rape) on dry land; ASSUMPTION, see above.

    Outputs are Table 4's values (0.71 and 42.47 ×10⁴ yuan) divided by the assumed 2,400 yuan/t.
    """
    return pd.DataFrame(
        {
            "scenario": ["before", "after"],
            "land_type": ["dry land", "dry land"],
            "crop": ["corn and rape", "corn and rape"],
            "output_t": [0.71e4 / _CROP_PRICE, 42.47e4 / _CROP_PRICE],
            "price_yuan_per_t": [_CROP_PRICE, _CROP_PRICE],
        }
    )


def parameters() -> tuple[dict[str, float], pd.DataFrame]:
    """Defaults + :data:`PAPER_STATED` + :data:`ASSUMPTIONS`: (global dict, per-set table)."""
    glob, sets = gep.default_parameters()
    overrides = {k: v for k, (v, _) in PAPER_STATED.items()}
    overrides.update({k: v for k, (v, _) in ASSUMPTIONS.items() if k in glob})
    set_overrides = {tuple(k.split(":")): v for k, (v, _) in ASSUMPTIONS.items() if ":" in k}
    return gep.with_overrides(glob, sets, overrides, set_overrides)


def calculate() -> gep.GEPResult:
    """The whole example computed (validated first)."""
    glob, sets = parameters()
    return gep.calculate(
        land_use(), land_types(), glob, sets, products(), scenarios=SCENARIOS, project_area_ha=PROJECT_AREA_HA
    )


#: (figure, paper value, reproduced value, explanation) for every published figure of paper 001.
#: Reproduced values come from :func:`calculate` (tests check them); money in 10⁴ yuan.
NOTES: list[tuple[str, str, str, str]] = [
    (
        "Table 1 areas",
        "77.37 ha before and after",
        "77.37 / 77.37 ha",
        "reproduced; printed proportions before for grassland (1.33 %) and construction land (2.47 %) "
        "should be 1.43 % and 2.37 %",
    ),
    (
        "soil retention after (Table 4)",
        "218,953 t/a",
        "218,943 t/a",
        "reproduced (0.005 %): R·K·LS·(1 − C·P)·A = 74,788 (forest) + 139,693 (dry land) + 4,462 (grassland)",
    ),
    (
        "soil retention before (Table 4)",
        "11,529 t/a",
        "11,480 t/a",
        "not exactly: the paper used before-restoration K values (Gao et al. 2022) it does not print; "
        "the example uses the after values",
    ),
    (
        "CO2 fixed after (Table 4)",
        "264.80 t/a",
        "264.52 t/a (264.76 with 3.67)",
        "reproduced: 72.141 tC × 44/12; the paper rounds 44/12 to 3.67. Forest carbon follows "
        "FCSR·SF·(1 + β) = 1.17·(1 + 0.76); reading 0.76 as a separate soil rate would give 248 t",
    ),
    ("CO2 fixed before (Table 4)", "19.62 t/a", "19.65 t/a (19.67 with 3.67)", "reproduced to 0.15 %"),
    (
        "O2 released after (Table 4)",
        "192.60 t/a; 19.26",
        "192.38 t/a; 19.24 (192.55; 19.26 with 3.67)",
        "reproduced: CO2 × 32/44 × 1,000 yuan/t",
    ),
    ("O2 released before (Table 4)", "14.27 t/a; 1.43", "14.29 t/a; 1.43", "reproduced"),
    (
        "carbon value after / before (Table 4)",
        "10.22 / 0.76",
        "10.21 / 0.76",
        "follows only with the carbon price the values imply (386 yuan/t CO2, an assumption)",
    ),
    (
        "sediment value after / before (Table 4)",
        "23.90 / 3.36",
        "103.06 / 5.40",
        "not reproducible: λ and ρ are not stated; with λ = 0.24 and ρ = 0.93 (Ouyang group) the "
        "value is 4.3× the paper's; the paper's values imply λ/ρ = 0.060 after but 0.160 before",
    ),
    (
        "N non-point pollution after / before (Table 4)",
        "5,465 and 287.73 (units printed m³/a); 819.75 / 43.16",
        "726.9 t and 38.11 t; 109.04 / 5.72",
        "not reproducible: Q·1.53 g/kg·2.17 gives a fertiliser amount 7.5× smaller than "
        "printed, before and after alike; the printed values equal the printed amounts × 1,500 "
        "yuan/t",
    ),
    (
        "P non-point pollution after / before (Table 4)",
        "681 and 40.95; 76.69 / 4.04",
        "876.5 t and 45.96 t; 78.88 / 4.14",
        "values close (2.8 % / 2.4 % high), amounts not: the printed values are not amount × 900 "
        "yuan/t (681 × 900 = 61.29)",
    ),
    (
        "soil conservation value after / before (Table 4)",
        "920.34 / 50.56",
        "290.98 / 15.26",
        "follows from the three rows above (N dominates the paper's figure)",
    ),
    (
        "soil conservation by land type after (Table 5)",
        "328.89 / 571.57 / 19.88",
        "proportional to 74,788 / 139,693 / 4,462 t",
        "the paper's split (35.7 / 62.1 / 2.2 %) is not proportional to its own per-land-type Q (34.2 / 63.8 / 2.0 %)",
    ),
    (
        "SO2 / NOx / dust purified after (Table 4)",
        "23.86 / 14.90 / 75.37 t/a",
        "2.317 / 1.450 / 7.309 t/a",
        "not reproducible: the printed quantities are about 10.3× the stated rates × areas; the "
        "printed values equal printed quantity × fee (23.86 t × 1.2 yuan/kg = 2.86)",
    ),
    (
        "SO2 / NOx / dust purified before (Table 4)",
        "1.50 / 0.90 / 3.29 t/a",
        "0.149 / 0.090 / 0.451 t/a",
        "SO2 and NOx are exactly 10× the computed amounts; dust is 7.3×",
    ),
    (
        "air purification value after / before (Table 4)",
        "4.93 / 0.29",
        "0.49 / 0.03",
        "follows from the quantities above",
    ),
    (
        "water conservation after / before (Table 4)",
        "191,860 / 17,414 m³; 46.05 / 4.18",
        "191,875 / 17,472 m³; 46.05 / 4.19",
        "the paper prints neither runoff nor ET; the example back-calculates P − R − ET per land type "
        "from Table 5 (after) and the water price 2.40 yuan/m³ from Table 4, so 'after' agrees by "
        "construction; 'before' is then an independent check",
    ),
    (
        "water conservation by land type before (Table 5)",
        "forest 2.56, dry land 1.39, grassland 0.23",
        "forest 2.57, dry land 0.22, grassland 1.41",
        "the paper's dry-land and grassland values appear swapped (implied net yield 610 vs 97 mm for "
        "dry land, 86 vs 527 mm for grassland before vs after)",
    ),
    (
        "climate regulation after / before (Table 4)",
        "3,660,246 / 218,565 kWh; 164.71 / 9.84",
        "52,289 / 3,129 kWh; 2.35 / 0.14 (d = 90, assumed)",
        "not reproducible as printed: 81,100 kJ/(ha·d) × A × d / (3,600 × 3.0) matches only with "
        "d ≈ 6,300 days; the printed values are quantity × 0.45 yuan/kWh",
    ),
    (
        "agricultural products (Table 4)",
        "0.71 / 42.47",
        "0.71 / 42.47",
        "by construction: outputs and prices are not printed, the example divides the values by an assumed price",
    ),
    (
        "landscape after (Tables 4-5)",
        "4.92: forest 4.35, dry land 0.41, grassland 0.16",
        "4.92: 4.37, 0.39, 0.16",
        "P_a·P_b is not printed; the per-land-type values imply 10,600-11,500 yuan/ha, the total 10,942 yuan/ha (used)",
    ),
    (
        "landscape before (Tables 4-5)",
        "0.43: 0.32, 0.01, 0.10",
        "0.44: 0.33, 0.01, 0.10",
        "reproduced within rounding with the same P_a·P_b",
    ),
    (
        "GEP after / before (Table 4)",
        "1212.90 / 68.20",
        "see calculate().totals",
        "the paper's totals are the sums of its rows (checked); they cannot be reproduced because the "
        "non-point pollution, sediment, air purification and climate rows cannot",
    ),
    (
        "Table 6 grassland after",
        "26.97",
        "27.05 (sum of its Table 5 rows)",
        "the paper's Table 6 row differs from the sum of its own Table 5 rows by 0.08",
    ),
    (
        "Tables 5-6 shares",
        "e.g. dry land 58.95 % after",
        "value / scenario total",
        "shares follow from the values; the text's 'climate regulation rose from 14.42 % to 13.58 %' is a fall",
    ),
]


_ZH_LAND_TYPES = {
    "mining land": "采矿用地",
    "dry land": "旱地",
    "forest land": "林地",
    "grassland": "草地",
    "construction land": "建设用地",
}
_ZH_SCENARIOS = {"before": "修复前", "after": "修复后"}


def notes() -> list[tuple[str, str]]:
    """The Notes sheet of the example workbook: source, assumptions and every paper-vs-computed
    difference of :data:`NOTES` with its likely cause."""
    out = [
        (
            "Source",
            "Xu X.Y., Wang N.N. et al. (2026), GEP accounting for the ecological "
            "restoration of mine sites, Global NEST Journal, doi:10.30955/gnj.08218 (paper 001). "
            "Land use: Table 1; parameters: Table 3 and section 2 (precipitation 1126.71 mm). Every "
            "parameter the paper states is used as stated; no parameter is tuned to hit a published "
            "figure.",
        ),
        (
            "Service groups",
            "Water conservation is a regulating service here, as in the paper's "
            "Table 5 and text; its Table 4 prints it under provisioning.",
        ),
    ]
    for key, (value, source) in ASSUMPTIONS.items():
        out.append((f"Assumption: {key}", f"{value:.6g} — {source}"))
    for key, text in INPUT_ASSUMPTIONS.items():
        out.append((f"Assumption: {key}", text))
    for figure, paper, computed, why in NOTES:
        out.append((figure, f"paper: {paper} | from the stated parameters: {computed} | {why}"))
    return out


def template_kwargs(lang: str = "en") -> dict:
    """Keyword arguments of ``api.make_template("gep", ...)`` for the Jinsha example workbook."""
    from ecoaccount.kinds import gep as kind

    zh = lang == "zh"

    def lt(name: str) -> str:
        return _ZH_LAND_TYPES.get(name, name) if zh else name

    def sc(name: str) -> str:
        return _ZH_SCENARIOS.get(name, name) if zh else name

    glob, sets = parameters()
    land = [[sc(r.scenario), None, lt(r.land_type), r.area_ha] for r in land_use().itertuples()]
    prods = [
        [sc(r.scenario), lt(r.land_type), "玉米和油菜（绿肥）" if zh else r.crop, r.output_t, r.price_yuan_per_t]
        for r in products().itertuples()
    ]
    params = {
        "project_name": ("金沙县煤矿生态修复项目" if zh else "Jinsha County coal-mine ecological restoration"),
        "county": "贵州省金沙县" if zh else "Jinsha County, Guizhou",
        "area_unit": "ha",
        "project_area": PROJECT_AREA_HA,
        "out_unit": "1e4 yuan",
        "baseline_scenario": sc("before"),
        "target_scenario": sc("after"),
        **glob,
    }
    data = {"land_use": land, "products": prods, "coefficient_sets": kind.coefficient_rows(sets, "zh" if zh else "en")}
    return {"data": data, "params": params, "notes": notes()}
