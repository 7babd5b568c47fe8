"""The CRDC example: 15 coal resource-depleted cities, 2000/2010/2020 (paper 000).

What comes from the paper (000_89a29e514ac06762.txt): the 15 cities and their regions A–D (§2.1),
the six land classes, the total areas of 2020 by class (farmland 5,121,836.37 ha, forest
8,856,799.29, grassland 1,027,505.61, water 246,032.73, construction land 650,049.75; §2.1),
k = 15 % (eq. 5) and the equivalent-factor method. The paper publishes no per-city land use,
grain statistics or GDP: those are illustrative, built here so that the 2020 class totals equal the
paper's, the class mix of each region follows §3.1.1 (A and B mostly forest and grassland, C mostly
farmland or forest, D with over 30 % grassland), and the changes over time follow the paper's
narrative (construction land up about 20 % from 2010 to 2020, farmland turned to forest 2000–2010).
"""

from __future__ import annotations

import numpy as np

CITIES: tuple[tuple[str, str, str], ...] = (
    ("Hegang", "鹤岗", "A"),
    ("Shuangyashan", "双鸭山", "A"),
    ("Qitaihe", "七台河", "A"),
    ("Fuxin", "阜新", "B"),
    ("Fushun", "抚顺", "B"),
    ("Baishan", "白山", "B"),
    ("Liaoyuan", "辽源", "B"),
    ("Shaoguan", "韶关", "C"),
    ("Pingxiang", "萍乡", "C"),
    ("Zaozhuang", "枣庄", "C"),
    ("Huaibei", "淮北", "C"),
    ("Jiaozuo", "焦作", "D"),
    ("Shizuishan", "石嘴山", "D"),
    ("Wuhai", "乌海", "D"),
    ("Tongchuan", "铜川", "D"),
)
YEARS = (2000, 2010, 2020)
# Paper 000 §2.1: total area by class (ha), taken as the 2020 totals of the 15 cities.
PAPER_2020_TOTALS = {
    "farmland": 5121836.37,
    "forest": 8856799.29,
    "grassland": 1027505.61,
    "water": 246032.73,
    "construction land": 650049.75,
}
BARREN_2020_TOTAL = 60000.0  # illustrative: the paper gives no barren total
# Relative class weights by region (illustrative, following §3.1.1).
REGION_MIX = {
    "A": (0.30, 0.55, 0.08, 0.02, 0.04, 0.01),
    "B": (0.25, 0.62, 0.05, 0.02, 0.05, 0.01),
    "C": (0.50, 0.35, 0.04, 0.03, 0.07, 0.01),
    "D": (0.30, 0.15, 0.35, 0.03, 0.10, 0.07),
}
# Illustrative change factors from 2000 → 2010 → 2020 per class (paper §3.1.1 narrative).
TREND = {2000: (1.06, 0.96, 1.04, 0.97, 0.72, 1.03), 2010: (1.01, 0.995, 0.98, 1.01, 0.83, 1.01), 2020: (1,) * 6}
# Illustrative prices in constant 2000 yuan/kg (the paper's totals move little between years, as
# with a constant-price Ea); yields in kg/ha, scaled by YIELD_INDEX per year.
CROPS = (
    ("rice", "稻谷", 1.10, 6900.0),
    ("wheat", "小麦", 1.05, 5700.0),
    ("maize", "玉米", 0.95, 6300.0),
    ("soybean", "大豆", 2.30, 1950.0),
)
YIELD_INDEX = {2000: 0.82, 2010: 0.92, 2020: 1.0}


def landuse_rows(lang: str = "en") -> list[list]:
    """(city, year, farmland, forest, grassland, water, construction land, barren) in ha."""
    rng = np.random.default_rng(2020)
    mix = np.array([REGION_MIX[r] for _, _, r in CITIES]) * rng.uniform(0.6, 1.4, (len(CITIES), 6))
    totals = np.array([*PAPER_2020_TOTALS.values(), BARREN_2020_TOTAL])
    a2020 = mix / mix.sum(axis=0) * totals  # columns add up to the paper's 2020 totals
    rows = []
    for ci, (en, zh, _) in enumerate(CITIES):
        for y in YEARS:
            factor = np.array(TREND[y])
            rows.append([zh if lang == "zh" else en, y, *[round(float(v), 2) for v in a2020[ci] * factor]])
    return rows


def grain_rows(lang: str = "en") -> list[list]:
    """Illustrative grain statistics: constant 2000 prices (yuan/kg), yields in kg/ha."""
    rng = np.random.default_rng(7)
    rows = []
    for en, zh, region in CITIES:
        for y in YEARS:
            for crop_en, crop_zh, price, yld in CROPS:
                if region == "A" and crop_en == "wheat":
                    continue  # no wheat in the far north-east
                sown = round(float(rng.uniform(5000, 120000)), 1)
                rows.append(
                    [
                        zh if lang == "zh" else en,
                        y,
                        crop_zh if lang == "zh" else crop_en,
                        price,
                        round(yld * YIELD_INDEX[y] * float(rng.uniform(0.9, 1.1)), 1),
                        sown,
                    ]
                )
    return rows


def gdp_rows(lang: str = "en") -> list[list]:
    """Illustrative GDP in 10⁴ yuan; actual transfer payments for 2020 only (illustrative)."""
    rng = np.random.default_rng(11)
    base = {"A": 3.5e6, "B": 6.0e6, "C": 1.4e7, "D": 9.0e6}
    growth = {2000: 0.25, 2010: 0.7, 2020: 1.0}
    rows = []
    for en, zh, region in CITIES:
        g2020 = base[region] * float(rng.uniform(0.6, 1.6))
        for y in YEARS:
            transfer = round(g2020 * 0.004, 0) if y == 2020 else None
            rows.append([zh if lang == "zh" else en, y, round(g2020 * growth[y], 0), transfer])
    return rows


NOTES = (
    (
        "Source",
        "Paper 000_89a29e514ac06762 (ecological compensation in Chinese coal resource-depleted cities), "
        "equations 1–6; equivalent factors of Xie et al. (2015), Table 2.",
    ),
    (
        "From the paper",
        "The 15 cities and regions A–D; the six land classes; the 2020 totals by class "
        "(farmland 5,121,836.37 ha; forest 8,856,799.29; grassland 1,027,505.61; water 246,032.73; "
        "construction land 650,049.75), which the LandUse columns of 2020 add up to; k = 15 %.",
    ),
    (
        "Illustrative",
        "Per-city areas, the 2000 and 2010 areas, barren land, grain prices, yields and sown areas, "
        "GDP and transfer payments: the paper publishes none of them per city. Grain prices are in "
        "constant 2000 yuan/kg, so that Ea changes only with yields. They follow the "
        "paper's narrative only (class mix by region, construction land +20 % 2010–2020).",
    ),
    (
        "Compare with the paper",
        "Table 1 shares in the paper: provisioning ≈ 6 %, regulating ≈ 69 %, supporting ≈ 22 %, "
        "cultural ≈ 4 %; with forest = broadleaf the Tables sheet gives shares close to these. "
        "The paper's totals (236.03 / 232.85 / 230.56 ×10⁹ yuan) are not reproduced: they "
        "depend on the unpublished per-city Ea.",
    ),
    (
        "Per-hectare values",
        "The paper's 2020 values imply about 5,065 (farmland), 19,574 (forest), 5,275 (grassland) "
        "and 103,766 (water) yuan/ha; no single Ea with one factor row per class gives all four "
        "(forest/farmland = 3.9 in the paper, broadleaf/dry land = 5.7 in Xie et al. 2015).",
    ),
    (
        "Garbled in the paper",
        "Table 3 and §3.2.2 are garbled in places (Hegang appears twice with different "
        "amounts); they are not used as a test oracle.",
    ),
)
NOTES_ZH = (
    ("来源", "000 式1—6；当量因子取自谢高地等（2015）表2。"),
    (
        "取自论文",
        "15 个城市及 A—D 四个区域；六类地类；2020 年各地类面积合计（耕地 5,121,836.37 公顷；林地 8,856,799.29；"
        "草地 1,027,505.61；水域 246,032.73；建设用地 650,049.75），“土地利用”表 2020 年各列之和与之相等；k = 15%。",
    ),
    (
        "示意数据",
        "各城市面积、2000 年与 2010 年面积、未利用地、粮食价格、单产与播种面积、GDP 及转移支付：论文均未按城市发表。"
        "粮食价格按 2000 年不变价（元/千克）计，Ea 仅随单产变化。这些数据仅依论文的叙述设定"
        "（各区域地类构成，2010—2020 年建设用地增加 20%）。",
    ),
    (
        "与论文比较",
        "论文表1各类服务占比：供给服务约 6%，调节服务约 69%，支持服务约 22%，文化服务约 4%；林地取阔叶林时，"
        "“逐年汇总”表的占比与之接近。论文的总价值（2360.3 / 2328.5 / 2305.6 亿元）无法复现："
        "它们取决于未发表的各城市 Ea。",
    ),
    (
        "单位面积价值",
        "论文 2020 年数值隐含的单位面积价值约为：耕地 5,065、林地 19,574、草地 5,275、水域 103,766 元/公顷；"
        "每类地类只取一行当量因子时，没有一个 Ea 能同时得到这四个值"
        "（论文中林地/耕地 = 3.9，谢高地等 2015 中阔叶林/旱地 = 5.7）。",
    ),
    ("论文中的错漏", "论文表3及第3.2.2节有几处错乱（鹤岗出现两次且金额不同），不作为测试依据。"),
)
