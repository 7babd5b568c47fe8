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


def notes(lang: str = "en") -> list[tuple[str, str]]:
    """The Notes sheet of the example workbook: source, assumptions and every paper-vs-computed
    difference of :data:`NOTES` with its likely cause (in Chinese for a zh book)."""
    if lang == "zh":
        assert list(_ASSUMPTIONS_ZH) == list(ASSUMPTIONS) and list(_INPUT_ASSUMPTIONS_ZH) == list(INPUT_ASSUMPTIONS)
        assert len(NOTES_ZH) == len(NOTES)
        assumed = [(_ASSUMPTIONS_ZH[key], value) for key, (value, _) in ASSUMPTIONS.items()]
        inputs, figures = list(_INPUT_ASSUMPTIONS_ZH.values()), NOTES_ZH
    else:
        assumed = [((key, source), value) for key, (value, source) in ASSUMPTIONS.items()]
        inputs, figures = list(INPUT_ASSUMPTIONS.items()), NOTES
    head, assumption, figure_line = _NOTES_WORDS["zh" if lang == "zh" else "en"]
    return [
        *head,
        *((assumption.format(name), f"{value:.6g} — {text}") for (name, text), value in assumed),
        *((assumption.format(name), text) for name, text in inputs),
        *((figure, figure_line.format(paper, computed, why)) for figure, paper, computed, why in figures),
    ]


#: The words of the Notes sheet in each language: its first items, an assumption's label and a figure's line.
_NOTES_WORDS: dict[str, tuple[tuple[tuple[str, str], ...], str, str]] = {
    "en": (
        (
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
        ),
        "Assumption: {}",
        "paper: {} | from the stated parameters: {} | {}",
    ),
    "zh": (
        (
            (
                "来源",
                "论文 001（矿山生态修复的 GEP 核算，doi:10.30955/gnj.08218）。土地利用：表1；参数：表3 及第 2 节"
                "（降水量 1126.71 毫米）。论文给出的每个参数都按原值使用；没有为凑合已发表数值而调整任何参数。",
            ),
            ("服务类别", "本示例与论文表5及正文一致，把水源涵养归为调节服务；论文表4把它列在供给服务下。"),
        ),
        "假设：{}",
        "论文：{} | 按给定参数计算：{} | {}",
    ),
}


#: The Chinese Notes sheet of the zh example: the same items, in the order of :func:`notes`.
_SET_ZH = {"forest": "林地", "dry_land": "旱地", "grassland": "草地"}
_ASSUMPTIONS_ZH: dict[str, tuple[str, str]] = {
    "water_price": ("水价", "假设：由 001 表4（价值 / 物理量）推得；论文只写“水资源交易市场价格”"),
    "carbon_price": (
        "碳价",
        "假设：由 001 表4 推得：10.22 万元 / 264.80 吨 CO2 = 386 元/吨（修复前：0.76 万元 / 19.62 = 387）；"
        "论文未给出价格",
    ),
    "ac_days": (
        "空调使用天数",
        "假设，示意值（6—8 月）；论文按毕节 2009—2018 年气温统计天数，但未给出天数；"
        "其结果隐含约 6,300 天，任何一年都达不到",
    ),
    "grain_price": ("粮食价格", "假设，示意性的县域粮食价格（元/吨）；论文只隐含了乘积 P_a·P_b"),
    "grain_yield": (
        "粮食单产",
        "假设：P_a·P_b = 10,942 元/公顷，由 001 表4 修复后景观价值合计（4.92 万元）推得，再除以假设的粮食价格",
    ),
    "sediment_coefficient": ("泥沙淤积系数", "软件默认值（欧阳志云团队）；论文 001 未给出"),
    "soil_bulk_density": ("土壤容重", "软件默认值（欧阳志云团队）；论文 001 未给出"),
    **{
        f"{s}:runoff_coefficient": (
            f"{zh}地表径流系数",
            "假设：径流并入蒸散发（论文两者均未给出，只能推得各地类的 P − R − ET）",
        )
        for s, zh in _SET_ZH.items()
    },
    **{
        f"{s}:evapotranspiration": (
            f"{zh}蒸散发量",
            "假设：P 减去由 001 表5 修复后数值按 2.40 元/立方米推得的净产水量（径流与蒸散发合计）",
        )
        for s, zh in _SET_ZH.items()
    },
}
_INPUT_ASSUMPTIONS_ZH: dict[str, tuple[str, str]] = {
    "products": (
        "农产品",
        "假设：作物价格 2,400 元/吨；作物产量为 001 表4 所印数值（0.71 万元与 42.47 万元）除以该价格",
    ),
    "rusle_k before": (
        "修复前土壤可蚀性因子K",
        "假设：修复前沿用修复后的 K 值；论文所用修复前 K 值（Gao 等 2022）未印出",
    ),
}
#: (figure, paper value, reproduced value, explanation) of :data:`NOTES`, in Chinese and in the same order.
NOTES_ZH: list[tuple[str, str, str, str]] = [
    (
        "表1 面积",
        "修复前后均为 77.37 公顷",
        "77.37 / 77.37 公顷",
        "已复现；修复前草地（1.33%）与建设用地（2.47%）的占比印错，应为 1.43% 与 2.37%",
    ),
    (
        "修复后土壤保持量（表4）",
        "218,953 吨/年",
        "218,943 吨/年",
        "已复现（0.005%）：R·K·LS·(1 − C·P)·A = 74,788（林地）+ 139,693（旱地）+ 4,462（草地）",
    ),
    (
        "修复前土壤保持量（表4）",
        "11,529 吨/年",
        "11,480 吨/年",
        "不完全一致：论文使用了未印出的修复前 K 值（Gao 等 2022），示例沿用修复后的值",
    ),
    (
        "修复后固碳量 CO2（表4）",
        "264.80 吨/年",
        "264.52 吨/年（按 3.67 为 264.76）",
        "已复现：72.141 吨碳 × 44/12；论文把 44/12 取整为 3.67。林地固碳按 FCSR·SF·(1 + β) = 1.17·(1 + 0.76) 计；"
        "若把 0.76 当作单独的土壤固碳速率，将得到 248 吨",
    ),
    ("修复前固碳量 CO2（表4）", "19.62 吨/年", "19.65 吨/年（按 3.67 为 19.67）", "复现误差 0.15%"),
    (
        "修复后释氧量 O2（表4）",
        "192.60 吨/年；19.26",
        "192.38 吨/年；19.24（按 3.67 为 192.55；19.26）",
        "已复现：CO2 × 32/44 × 1,000 元/吨",
    ),
    ("修复前释氧量 O2（表4）", "14.27 吨/年；1.43", "14.29 吨/年；1.43", "已复现"),
    (
        "修复后 / 修复前固碳价值（表4）",
        "10.22 / 0.76",
        "10.21 / 0.76",
        "只有采用数值所隐含的碳价（386 元/吨 CO2，为假设）时才成立",
    ),
    (
        "修复后 / 修复前减少泥沙淤积价值（表4）",
        "23.90 / 3.36",
        "103.06 / 5.40",
        "无法复现：λ 与 ρ 未给出；取 λ = 0.24、ρ = 0.93（欧阳志云团队）时价值为论文的 4.3 倍；"
        "论文数值隐含修复后 λ/ρ = 0.060，修复前却为 0.160",
    ),
    (
        "修复后 / 修复前氮面源污染（表4）",
        "5,465 与 287.73（单位印为 立方米/年）；819.75 / 43.16",
        "726.9 吨与 38.11 吨；109.04 / 5.72",
        "无法复现：Q·1.53 克/千克·2.17 得到的化肥量比所印数值小 7.5 倍，修复前后相同；"
        "所印价值等于所印数量 × 1,500 元/吨",
    ),
    (
        "修复后 / 修复前磷面源污染（表4）",
        "681 与 40.95；76.69 / 4.04",
        "876.5 吨与 45.96 吨；78.88 / 4.14",
        "价值接近（高 2.8% / 2.4%），数量不接近：所印价值不等于数量 × 900 元/吨（681 × 900 = 61.29）",
    ),
    (
        "修复后 / 修复前土壤保持价值（表4）",
        "920.34 / 50.56",
        "290.98 / 15.26",
        "由以上三行得出（论文数值中氮占主导）",
    ),
    (
        "修复后各地类土壤保持价值（表5）",
        "328.89 / 571.57 / 19.88",
        "与 74,788 / 139,693 / 4,462 吨成比例",
        "论文的分配（35.7 / 62.1 / 2.2%）与其自身各地类 Q（34.2 / 63.8 / 2.0%）不成比例",
    ),
    (
        "修复后 SO2 / NOx / 粉尘净化量（表4）",
        "23.86 / 14.90 / 75.37 吨/年",
        "2.317 / 1.450 / 7.309 吨/年",
        "无法复现：所印数量约为给定速率 × 面积的 10.3 倍；"
        "所印价值等于所印数量 × 收费标准（23.86 吨 × 1.2 元/千克 = 2.86）",
    ),
    (
        "修复前 SO2 / NOx / 粉尘净化量（表4）",
        "1.50 / 0.90 / 3.29 吨/年",
        "0.149 / 0.090 / 0.451 吨/年",
        "SO2 与 NOx 恰为计算量的 10 倍；粉尘为 7.3 倍",
    ),
    ("修复后 / 修复前空气净化价值（表4）", "4.93 / 0.29", "0.49 / 0.03", "由以上数量得出"),
    (
        "修复后 / 修复前水源涵养（表4）",
        "191,860 / 17,414 立方米；46.05 / 4.18",
        "191,875 / 17,472 立方米；46.05 / 4.19",
        "论文既未给出径流也未给出蒸散发；示例由表5（修复后）反推各地类 P − R − ET，由表4 反推水价 2.40 元/立方米，"
        "因此“修复后”按构造一致，“修复前”则是独立的检验",
    ),
    (
        "修复前各地类水源涵养（表5）",
        "林地 2.56，旱地 1.39，草地 0.23",
        "林地 2.57，旱地 0.22，草地 1.41",
        "论文中旱地与草地的数值似乎互换了（隐含净产水量：旱地修复前 610、修复后 97 毫米，草地 86、527 毫米）",
    ),
    (
        "修复后 / 修复前气候调节（表4）",
        "3,660,246 / 218,565 千瓦时；164.71 / 9.84",
        "52,289 / 3,129 千瓦时；2.35 / 0.14（d = 90，假设）",
        "按所印数值无法复现：81,100 千焦/(公顷·天) × A × d / (3,600 × 3.0) 仅在 d ≈ 6,300 天时相符；"
        "所印价值为数量 × 0.45 元/千瓦时",
    ),
    (
        "农产品（表4）",
        "0.71 / 42.47",
        "0.71 / 42.47",
        "按构造一致：产量与价格均未印出，示例以假设价格除价值得到产量",
    ),
    (
        "修复后景观价值（表4—5）",
        "4.92：林地 4.35，旱地 0.41，草地 0.16",
        "4.92：4.37，0.39，0.16",
        "P_a·P_b 未印出；各地类数值隐含 10,600—11,500 元/公顷，合计隐含 10,942 元/公顷（采用此值）",
    ),
    (
        "修复前景观价值（表4—5）",
        "0.43：0.32，0.01，0.10",
        "0.44：0.33，0.01，0.10",
        "采用同一 P_a·P_b，在取整误差内复现",
    ),
    (
        "修复后 / 修复前 GEP（表4）",
        "1212.90 / 68.20",
        "见“分指标核算”表",
        "论文的合计等于其各行之和（已核对）；由于面源污染、泥沙、空气净化与气候调节各行无法复现，合计也无法复现",
    ),
    (
        "修复后草地（表6）",
        "26.97",
        "27.05（其表5各行之和）",
        "论文表6该行与其自身表5各行之和相差 0.08",
    ),
    (
        "表5—6 占比",
        "例如修复后旱地 58.95%",
        "价值 / 该情景合计",
        "占比由价值得出；正文“气候调节由 14.42% 升至 13.58%”实为下降",
    ),
]


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
    return {"data": data, "params": params, "notes": notes(lang)}
