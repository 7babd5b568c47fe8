"""The ESV template (ESV + ECPS + compensation, paper 000): declaration, checks, result sheets.

The declaration below is the only list of this template's tables, fields and parameters; the
template, the reader, validation, the docs' template reference and the CLI help all use it.
The result sheets render the formulas of ``ecoaccount.methods.esv`` with the engine's values.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name

from ecoaccount.kinds.common import chosen_unit, key_column
from ecoaccount.methods import esv as method
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
from ecoaccount.spec import Field, Param, TableSpec, TemplateSpec, unit_choice
from ecoaccount.units import codes, factor
from ecoaccount.workbook.choices import canonical_formula, spelled
from ecoaccount.workbook.reader import Parsed
from ecoaccount.workbook.sheets import Layout, write_sheets
from ecoaccount.workbook.template import quote_sheet
from ecoaccount.workbook.writer import Label, OutSheet, ResultBook, label, pick

S = method.SERVICES
SERVICE_LABELS = {
    "food_production": ("Food production", "食物生产"),
    "raw_materials": ("Raw materials", "原料生产"),
    "water_supply": ("Water supply", "水资源供给"),
    "gas_regulation": ("Gas regulation", "气体调节"),
    "climate_regulation": ("Climate regulation", "气候调节"),
    "environmental_purification": ("Environmental purification", "净化环境"),
    "hydrological_regulation": ("Hydrological regulation", "水文调节"),
    "soil_conservation": ("Soil conservation", "土壤保持"),
    "nutrient_cycling": ("Nutrient cycling", "维持养分循环"),
    "biodiversity": ("Biodiversity", "生物多样性"),
    "aesthetic_landscape": ("Aesthetic landscape", "美学景观"),
}
GROUP_LABELS = {
    "provisioning": ("Provisioning", "供给服务"),
    "regulating": ("Regulating", "调节服务"),
    "supporting": ("Supporting", "支持服务"),
    "cultural": ("Cultural", "文化服务"),
}
REGION = Field(
    "region", "Region", "地区", "text", width=16, about="city, county or other unit", about_zh="市、县或其他统计单元"
)
YEAR = Field("year", "Year", "年份", "integer", min=1900, max=2100, width=8)

SPEC = TemplateSpec(
    kind="esv",
    version="1",
    title_en="ESV, ecological compensation priority and compensation amount (equivalent-factor method)",
    title_zh="生态系统服务价值、生态补偿优先级与补偿额（当量因子法）",
    instructions_en=(
        "1. Fill the yellow cells of LandUse, Grain and GDP: one row per region and year (LandUse, GDP) "
        "or per region, year and crop (Grain). Rows may be added below each table.",
        "2. LandUse has one column per land class; each class header must appear in ClassMap, which maps it "
        "onto the factor sub-types of the Factors table (a weighted mix is allowed; weights add up to 1).",
        "3. Check the Parameters sheet: area unit, GDP money unit, result money unit, k (15 %) and the ±change "
        "for sensitivity coefficients. Services sets each service's group and whether the market prices it.",
        "4. Run `ecoaccount check FILE` to list every problem at once, then `ecoaccount fill FILE -o OUT.xlsx`.",
        "Method: Ea = (1/7)·Σ m·p·q / M (eq. 1); VC = Σ EC·Ea (eq. 3); ESV = Σ A·VC (eq. 2); "
        "ECPS = VAL_n / GDP_n (eq. 4); t = 2·arctan(ECPS)/π (eq. 6); R = V·k·t (eq. 5) — "
        "paper 000_89a29e514ac06762; factors of Xie et al. 2015.",
    ),
    instructions_zh=(
        "1. 在“土地利用”“粮食”“地区生产总值”表的黄色单元格中填写数据：每个地区每年一行（粮食表每个作物一行），可在表格下方追加行。",  # noqa: E501
        "2. “土地利用”表每个地类一列；地类名称须在“地类对应”表中出现，并对应到“当量因子”表的子类型（可加权混合，权重之和为 1）。",  # noqa: E501
        "3. 在“参数”表中核对面积单位、GDP 货币单位、结果货币单位、补偿系数 k（15%）及敏感性分析的变化幅度。“服务类型”表设置每项服务所属类别及是否已由市场定价。",  # noqa: E501
        "4. 运行 `ecoaccount check 文件` 一次列出全部问题，然后运行 `ecoaccount fill 文件 -o 结果.xlsx`。",
        "方法：Ea = (1/7)·Σ m·p·q / M（式1）；VC = Σ EC·Ea（式3）；ESV = Σ A·VC（式2）；ECPS = VAL_n / GDP_n（式4）；"
        "t = 2·arctan(ECPS)/π（式6）；R = V·k·t（式5）。",
    ),
    tables=(
        TableSpec(
            "landuse",
            "tblLandUse",
            "LandUse",
            "土地利用",
            (REGION, YEAR),
            "Area per land class, one row per region and year, in the area unit of the Parameters sheet.",
            "各地区各年份分地类面积，单位见“参数”表的面积单位。",
            key=("region", "year"),
            extra_columns=Field("area", "Area", "面积", "number", unit="{area_unit}", min=0),
        ),
        TableSpec(
            "grain",
            "tblGrain",
            "Grain",
            "粮食",
            (
                REGION,
                YEAR,
                Field("crop", "Crop", "作物", "text"),
                Field("price", "Price", "价格", "number", "yuan/kg", min=0, unit_zh="元/千克"),
                Field(
                    "yield",
                    "Yield",
                    "单产",
                    "number",
                    "kg/ha",
                    min=0,
                    unit_zh="千克/公顷",
                    fixed=True,
                    about="always kg/ha, whatever the area unit of the Parameters sheet",
                    about_zh="固定为千克/公顷，与“参数”表的面积单位无关",
                ),
                Field(
                    "sown_area",
                    "Sown area",
                    "播种面积",
                    "number",
                    "any area unit",
                    min=0,
                    unit_zh="任意面积单位",
                    about="only shares of the total enter Ea: any area unit, the same in every row",
                    about_zh="Ea 只用各作物面积占比：面积单位不限，各行一致即可",
                ),
            ),
            "Grain statistics for Ea (eq. 1): price, yield and sown area per crop.",
            "计算 Ea（式1）的粮食统计：各作物价格、单产、播种面积。",
            key=("region", "year", "crop"),
        ),
        TableSpec(
            "gdp",
            "tblGDP",
            "GDP",
            "地区生产总值",
            (
                REGION,
                YEAR,
                Field("gdp", "GDP", "地区生产总值", "number", "{gdp_unit}", min=0),
                Field(
                    "transfer",
                    "Actual transfer payment",
                    "实际转移支付",
                    "number",
                    "{gdp_unit}",
                    required=False,
                    min=0,
                    about="optional; compared with R",
                    about_zh="选填；与补偿额 R 比较",
                ),
            ),
            "Gross regional product per region and year (money unit on the Parameters sheet).",
            "各地区各年份地区生产总值（货币单位见“参数”表）。",
            key=("region", "year"),
        ),
        TableSpec(
            "factors",
            "tblFactors",
            "Factors",
            "当量因子",
            (
                Field("subtype", "Sub-type", "子类型代码", "text", width=22),
                Field("subtype_zh", "Sub-type (zh)", "子类型", "text", required=False),
                Field("group", "Ecosystem", "生态系统", "text", required=False),
                *(Field(s, SERVICE_LABELS[s][0], SERVICE_LABELS[s][1], "number") for s in S),
            ),
            "Equivalent factors per sub-type and service (Xie et al. 2015, Table 2); edit for a regional table.",
            "单位面积价值当量因子（谢高地等 2015，表2）；可替换为区域当量表。",
            key=("subtype",),
            blank_rows=14,
        ),
        TableSpec(
            "mapping",
            "tblClassMap",
            "ClassMap",
            "地类对应",
            (
                Field("class", "Land class", "地类", "text", width=20),
                Field("subtype", "Factor sub-type", "当量子类型", "choice", choices=("subtype",), width=24),
                Field("weight", "Weight", "权重", "number", min=0, max=1),
            ),
            "Each land class of LandUse onto one factor sub-type or a weighted mix (weights add up to 1).",
            "土地利用表的每个地类对应一个当量子类型或加权组合（权重之和为 1）。",
            key=("class", "subtype"),
            blank_rows=12,
        ),
        TableSpec(
            "services",
            "tblServices",
            "Services",
            "服务类型",
            (
                Field("service", "Service", "服务代码", "text", width=26),
                Field("label_en", "Service (en)", "服务（英文）", "text", required=False),
                Field("label_zh", "Service (zh)", "服务（中文）", "text", required=False),
                Field(
                    "group",
                    "Service group",
                    "服务类别",
                    "choice",
                    choices=method.GROUPS,
                    choice_zh=tuple(GROUP_LABELS[g][1] for g in method.GROUPS),
                    choice_en=tuple(GROUP_LABELS[g][0] for g in method.GROUPS),
                ),
                Field("market", "Market-priced", "已市场定价", "choice", choices=("yes", "no"), choice_zh=("是", "否")),
            ),
            "Group of each service, and whether its value is already market-priced (excluded from ECPS, eq. 4).",
            "各项服务所属类别，以及是否已由市场定价（计算 ECPS 时扣除，式4）。",
            key=("service",),
            blank_rows=11,
        ),
    ),
    params=(
        unit_choice("area_unit", "Area unit of LandUse", "土地利用面积单位", "ha", "area_unit"),
        unit_choice("gdp_unit", "Money unit of GDP and transfer", "GDP 与转移支付货币单位", "1e4 yuan", "money_unit"),
        unit_choice("out_unit", "Money unit of results", "结果货币单位", "1e4 yuan", "money_unit"),
        Param(
            "k",
            "Ecological value conversion coefficient k",
            "生态价值转化系数 k",
            0.15,
            "–",
            "000_89a29e514ac06762 eq. 5 (Xin et al. 2019)",
            min=0,
            max=1,
            source_zh="000_89a29e514ac06762 式5（Xin 等 2019）",
        ),
        Param(
            "cs_change",
            "Factor change for sensitivity coefficients",
            "敏感性分析当量变化幅度",
            0.5,
            "–",
            "standard practice: ±50 % (Kreuter et al. 2001)",
            min=0.0001,
            max=10,
            source_zh="通行做法：±50%（Kreuter 等 2001）",
        ),
    ),
    name_prefix="ESV",
    # A zh book offers the sub-types by their Chinese names (阔叶), then by code (broadleaf).
    lists={
        "subtype": {
            "en": tuple(method.default_factors()["subtype"]),
            "zh": (*method.default_factors()["subtype_zh"], *method.default_factors()["subtype"]),
        }
    },
)


# -- template defaults --------------------------------------------------------------------------
#: The ecosystems of Xie et al. 2015 Table 2 as a zh template names them (the column is informative:
#: the engine reads sub-types and factors only).
ECOSYSTEM_ZH = {
    "farmland": "农田",
    "forest": "森林",
    "grassland": "草地",
    "wetland": "湿地",
    "desert": "荒漠",
    "water": "水域",
}


def template_data(lang: str) -> tuple[dict[str, list[list[Any]]], dict[str, list[str]]]:
    """Rows prefilled in a fresh template: factors, class mapping, services; class columns."""
    f = method.default_factors()
    group = (lambda g: ECOSYSTEM_ZH.get(g, g)) if lang == "zh" else (lambda g: g)
    factors = [[r.subtype, r.subtype_zh, group(r.group), *(float(getattr(r, s)) for s in S)] for r in f.itertuples()]
    zh = dict(zip(f["subtype"], f["subtype_zh"], strict=True)) if lang == "zh" else {}
    mapping = [[c, zh.get(st, st), w] for c, st, w in method.default_mapping(lang).itertuples(index=False)]
    sv = method.default_services()
    services = [
        [r.service, SERVICE_LABELS[r.service][0], SERVICE_LABELS[r.service][1], r.group, "yes" if r.market else "no"]
        for r in sv.itertuples()
    ]
    names = method.CLASS_NAMES_ZH if lang == "zh" else method.CLASS_NAMES_EN
    return ({"factors": factors, "mapping": mapping, "services": services}, {"landuse": list(names)})


# -- reading into engine inputs -------------------------------------------------------------------
def inputs(parsed: Parsed) -> dict[str, Any]:
    """The engine's DataFrames (ha, yuan) from a parsed workbook that has no problems."""
    t = parsed.tables
    _subtype_codes(t["mapping"].df, t["factors"].df)
    lu = t["landuse"]
    area_f = factor(parsed.params["area_unit"], _units("area"), "hectare")
    classes = [h for h, _ in lu.extra]
    long = _long_areas(lu.df, classes)
    long["area_ha"] = long["area"].astype(float) * area_f
    money_f = factor(parsed.params["gdp_unit"], _units("money"), "yuan")
    gdp = t["gdp"].df.copy()
    gdp["gdp"] = gdp["gdp"].astype(float) * money_f
    gdp["transfer"] = gdp["transfer"].astype(float) * money_f
    services = t["services"].df.assign(market=lambda d: d["market"] == "yes")
    return {
        "landuse": long,
        "grain": t["grain"].df,
        "gdp": gdp,
        "mapping": t["mapping"].df,
        "factors": t["factors"].df,
        "services": services,
        "classes": classes,
    }


def _long_areas(df: pd.DataFrame, classes: list[str]) -> pd.DataFrame:
    """LandUse in long form: region, year, class, area, landuse_row.

    Row order: region-year rows of LandUse, classes in column order (the ESV sheet's order), i.e.
    the area block read row after row; ``melt`` gives the same rows, column after column.
    """
    n, k = len(df), len(classes)
    if not n or not k:
        long = df.melt(id_vars=["region", "year"], value_vars=classes, var_name="class", value_name="area")
        return long.assign(landuse_row=np.arange(len(long)))
    long = pd.DataFrame({c: np.repeat(df[c].to_numpy(), k) for c in ("region", "year")})
    long = long.astype({"region": df["region"].dtype, "year": df["year"].dtype})
    long["class"] = pd.Series(np.tile(np.array(classes, dtype=object), n), dtype=str)
    long["area"] = df[classes].to_numpy().reshape(-1)
    long["landuse_row"] = np.repeat(np.arange(n), k)
    return long


def _units(q: str) -> tuple:
    from ecoaccount.units import AREA_UNITS, MONEY_UNITS

    return AREA_UNITS if q == "area" else MONEY_UNITS


def _subtype_codes(mapping: pd.DataFrame, factors: pd.DataFrame) -> None:
    """ClassMap may name a sub-type by its Chinese name (阔叶) or its code (broadleaf): codes from here on."""
    codes_ = {str(c).casefold() for c in factors["subtype"].dropna()}
    by_zh = {
        str(zh).strip().casefold(): code
        for code, zh in zip(factors["subtype"], factors["subtype_zh"], strict=True)
        if isinstance(zh, str) and isinstance(code, str)
    }
    for i, v in mapping["subtype"].items():
        if isinstance(v, str) and v.casefold() not in codes_ and v.casefold() in by_zh:
            mapping.at[i, "subtype"] = by_zh[v.casefold()]


def check(parsed: Parsed) -> None:
    """Kind-specific rules on top of the generic ones (problems go to ``parsed.problems``)."""
    t = parsed.tables
    if not {"landuse", "grain", "gdp", "mapping", "factors"} <= set(t):
        return
    lu = t["landuse"]
    classes = [h for h, _ in lu.extra]
    if not classes:
        from ecoaccount import messages as M
        from ecoaccount.problems import Problem

        problem = M.ESV_NO_CLASSES.format(table=lu.spec, region=lu.spec.field("region"), year=lu.spec.field("year"))
        parsed.problems.append(Problem(lu.header_cell("year"), problem))
    _subtype_codes(t["mapping"].df, t["factors"].df)
    parsed.add_row_problems(
        method.validate(lu.df, t["grain"].df, t["gdp"].df, t["mapping"].df, t["factors"].df, classes)
    )
    services = t.get("services")
    if services is not None:
        known = set(services.df["service"])
        missing = [s for s in S if s not in known]
        if missing:
            from ecoaccount import messages as M
            from ecoaccount.problems import Problem

            parsed.problems.append(
                Problem(
                    services.header_cell("service"),
                    M.ESV_MISSING_SERVICES.format(
                        table=services.spec, missing=tuple(M.Term(s, f"{s}（{SERVICE_LABELS[s][1]}）") for s in missing)
                    ),
                )
            )
    for p in ("area_unit",):
        v = parsed.params.get(p)
        if v is not None and v not in codes("area"):
            from ecoaccount import messages as M
            from ecoaccount.problems import Problem

            parsed.problems.append(
                Problem(
                    parsed.param_location(p),
                    M.UNKNOWN_UNIT.format(value=v, expected=tuple(map(M.choice, codes("area")))),
                )
            )
    for p in ("gdp_unit", "out_unit"):
        v = parsed.params.get(p)
        if v is not None and v not in codes("money"):
            from ecoaccount import messages as M
            from ecoaccount.problems import Problem

            parsed.problems.append(
                Problem(
                    parsed.param_location(p),
                    M.UNKNOWN_UNIT.format(value=v, expected=tuple(map(M.choice, codes("money")))),
                )
            )


def calculate(parsed: Parsed) -> tuple[dict[str, Any], method.EsvResult]:
    x = inputs(parsed)
    res = method.calculate(
        x["landuse"],
        x["grain"],
        x["gdp"],
        x["mapping"],
        x["factors"],
        x["services"],
        float(parsed.params["k"]),
        float(parsed.params["cs_change"]),
    )
    return x, res


# -- result sheets: declarations ------------------------------------------------------------------
# Each result sheet is declared once below; ``write`` renders them with the generic writer
# (``ecoaccount.workbook.sheets``) and adds only what no declaration expresses: the group and
# market rows above Summary, the Tables sheet (one column per year) and the Checks.
MONEY_A = "money/a"  # money in the result unit the user chose (ESV_out_unit), per year
VALUE_HA = "yuan/(ha·a)"
MPQ_UNIT = ("yuan/ha × sown-area unit", "元/公顷 × 播种面积单位")
SOWN_UNIT = ("sown-area unit", "播种面积单位")
SPAN = "food_production:aesthetic_landscape"  # the service columns of a row


def _key(id_: str, en: str, zh: str, formula: str, width: float = 14) -> ResultColumn:
    return key_column(id_, en, zh, formula, width)


def _region_year(table: str, row: str) -> tuple[ResultColumn, ResultColumn]:
    """The region and year key columns, read from ``table`` at its row ``row``."""
    return (
        _key("region", "Region", "地区", f"={{{table}.region[{row}]}}", 16),
        _key("year", "Year", "年份", f"={{{table}.year[{row}]}}", 8),
    )


def _per_service(formula: str, unit: str, fmt: Format = "number", width: float = 13) -> tuple[ResultColumn, ...]:
    """One column per service; ``SERVICE`` in ``formula`` stands for the service's id."""
    return tuple(ResultColumn(s, *SERVICE_LABELS[s], unit, formula.replace("SERVICE", s), fmt, width=width) for s in S)


EA_SHEET = ResultSheet(
    "ea",
    "Ea",
    "标准当量",
    "Standard equivalent Ea (eq. 1)",
    "标准当量 Ea（式1）",
    (
        ResultTable(
            "ea_rows",
            "grain_rows",
            "one row per grain row, grouped by region and year",
            "每个粮食统计行一行，按地区、年份分组",
            (
                *_region_year("grain", "grain_row"),
                _key("crop", "Crop", "作物", "={grain.crop[grain_row]}"),
                ResultColumn(
                    "mpq",
                    "m·p·q",
                    "m·p·q",
                    MPQ_UNIT,
                    "={grain.price[grain_row]}*{grain.yield[grain_row]}*{grain.sown_area[grain_row]}",
                    width=20,
                ),
                ResultColumn("sown_area", "Sown area q", "播种面积 q", SOWN_UNIT, "={grain.sown_area[grain_row]}"),
            ),
            keys=3,
        ),
        ResultTable(
            "ea",
            "ea",
            "one row per region and year",
            "每个地区、年份一行",
            (
                *_region_year("ea_rows", "rows_first"),
                ResultColumn(
                    "mpq", "Σ m·p·q", "Σ m·p·q", MPQ_UNIT, "=SUM({ea_rows.mpq[rows_first:rows_last]})", width=18
                ),
                ResultColumn(
                    "sown_total",
                    "M: total sown area",
                    "M：总播种面积",
                    SOWN_UNIT,
                    "=SUM({ea_rows.sown_area[rows_first:rows_last]})",
                    width=18,
                ),
                ResultColumn("ea", "Ea", "Ea", VALUE_HA, "=(1/7)*{mpq}/{sown_total}", width=16, udf="ECO_EA"),
            ),
            keys=2,
            col0=5,
        ),
    ),
    note_en="Ea = (1/7) · Σ m·p·q / M  — 000_89a29e514ac06762 eq. 1; each region-year sums its own block of rows",
    note_zh="Ea = (1/7) · Σ m·p·q / M（论文 000 式1）；每个地区、年份对其自身连续行求和",
)

CLASS_SHEET = ResultSheet(
    "class_factors",
    "ClassFactors",
    "地类当量",
    "Equivalent factors per land class",
    "各地类当量因子",
    (
        ResultTable(
            "class_rows",
            "mapping_rows",
            "one row per row of the class mapping",
            "地类对应表每行一行",
            (
                _key("class", "Land class", "地类", "={mapping.class[mapping_row]}", 20),
                _key(
                    "subtype",
                    "Sub-type",
                    "子类型",
                    # A sub-type typed by its Chinese name (阔叶) is looked up to its code.
                    "=IFERROR(INDEX({factors.subtype},MATCH({mapping.subtype[mapping_row]},{factors.subtype_zh},0)),"
                    "{mapping.subtype[mapping_row]})",
                    22,
                ),
                ResultColumn("weight", "Weight", "权重", "1", "={mapping.weight[mapping_row]}", "general", width=12),
                *_per_service(
                    "={weight}*INDEX({factors.SERVICE},MATCH({subtype},{factors.subtype},0))", "1", "precise", 12
                ),
            ),
            keys=1,
        ),
        ResultTable(
            "class_factors",
            "ec",
            "one row per land class",
            "每个地类一行",
            (
                _key("class", "Land class", "地类", "={class_rows.class[rows_first]}", 20),
                ResultColumn(
                    "weight_sum",
                    "Σ weight",
                    "权重和",
                    "1",
                    "=SUMIFS({class_rows.weight},{class_rows.class},{class})",
                    "general",
                    width=22,
                ),
                ResultColumn(
                    "ec_total", "Σ EC (VC / Ea)", "当量合计（VC/Ea）", "1", f"=SUM({{{SPAN}}})", "precise", 12
                ),
                *_per_service("=SUMIFS({class_rows.SERVICE},{class_rows.class},{class})", "1", "precise", 12),
            ),
            keys=1,
            below="class_rows",
        ),
    ),
    note_en="EC(class, service) = Σ weight × factor(sub-type, service)",
    note_zh="EC = Σ 权重 × 子类型当量",
)

ESV_SHEET = ResultSheet(
    "esv",
    "ESV",
    "服务价值",
    "ESV by region, year, land class and service",
    "分地区、年份、地类、服务的生态系统服务价值",
    (
        ResultTable(
            "esv",
            "detail",
            "one row per region, year and land class",
            "每个地区、年份、地类一行",
            (
                *_region_year("landuse", "landuse_row"),
                _key("class", "Land class", "地类", "={landuse.$class[header]}", 18),
                ResultColumn("area_ha", "Area", "面积", "ha", "={landuse.$class[landuse_row]}*ESV_area_factor"),
                # Ea of the row's region-year, guarded by its keys: linear, and the keys are precedents.
                ResultColumn(
                    "ea",
                    "Ea",
                    "Ea",
                    VALUE_HA,
                    "=IF(AND({ea.region[ea_row]}={region},{ea.year[ea_row]}={year}),{ea.ea[ea_row]},NA())",
                ),
                *_per_service("={area_ha}*{class_factors.SERVICE[class_row]}*{ea}/ESV_out_factor", MONEY_A),
                ResultColumn("total", "Total", "合计", MONEY_A, f"=SUM({{{SPAN}}})", width=15),
                ResultColumn(
                    "vc",
                    "VC (eq. 3)",
                    "单位面积价值 VC（式3）",
                    VALUE_HA,
                    "={ea}*{class_factors.ec_total[class_row]}",
                    width=16,
                    udf="ECO_VC",
                ),
            ),
            keys=3,
        ),
    ),
    unit=MONEY_A,
    note_en="ESV = A · EC · Ea (eqs. 2–3); VC = Σ EC · Ea per hectare (eq. 3) — 000_89a29e514ac06762",
    note_zh="ESV = A · EC · Ea（式2—3）；VC = Σ EC · Ea，单位面积价值（式3）",
)

SUMMARY_SHEET = ResultSheet(
    "summary",
    "Summary",
    "价值汇总",
    "ESV by region and year",
    "分地区、年份生态系统服务价值",
    (
        ResultTable(
            "summary",
            "summary",
            "one row per region and year",
            "每个地区、年份一行",
            (
                *_region_year("esv", "esv_first"),
                ResultColumn("area_ha", "Area", "面积", "ha", "=SUM({esv.area_ha[esv_first:esv_last]})"),
                *_per_service("=SUM({esv.SERVICE[esv_first:esv_last]})", MONEY_A),
                *(
                    ResultColumn(
                        g,
                        *GROUP_LABELS[g],
                        MONEY_A,
                        f"=SUMIFS({{{SPAN}}},{{{SPAN}@2}},{{=services.group:{g}}})",
                        width=13,
                    )
                    for g in method.GROUPS
                ),
                ResultColumn(
                    "total",
                    "Total",
                    "合计",
                    MONEY_A,
                    f"=SUM({{{SPAN}}})",
                    width=15,
                    headline=("Total ESV", "生态系统服务总价值"),
                    chart="bar",
                    udf="ECO_ESV",
                ),
                ResultColumn(
                    "market",
                    "Market-priced",
                    "市场定价部分",
                    MONEY_A,
                    f"=SUMIFS({{{SPAN}}},{{{SPAN}@3}},{{=services.market:yes}})",
                    width=15,
                ),
                ResultColumn(
                    "non_market",
                    "Non-market V",
                    "非市场价值 V",
                    MONEY_A,
                    "={total}-{market}",
                    width=15,
                    udf="ECO_NONMARKET",
                ),
            ),
            keys=2,
            charts=(
                Chart(
                    "esv_groups",
                    "ESV by service group, region and year",
                    "分服务类别、地区、年份的生态系统服务价值",
                    tuple(method.GROUPS),
                    ("region", "year"),
                    "stacked_bar",
                ),
            ),
        ),
    ),
    unit=MONEY_A,
    note_en="Row 3 holds each service's group and market flag, read from the Services table.",
    note_zh="第3行为各服务的类别与市场定价标记，取自“服务类型”表。",
)

CHANGE_SHEET = ResultSheet(
    "change",
    "Change",
    "价值变化",
    "Change of total ESV per region",
    "各地区生态系统服务价值变化",
    (
        ResultTable(
            "change",
            "change",
            "one row per region and pair of consecutive years",
            "每个地区每两个相邻年份一行",
            (
                _key("region", "Region", "地区", "={summary.region[from_row]}", 16),
                _key("year_from", "From", "起始年", "={summary.year[from_row]}", 8),
                _key("year_to", "To", "终止年", "={summary.year[to_row]}", 8),
                ResultColumn("from", "ESV from", "起始值", MONEY_A, "={summary.total[from_row]}", width=16),
                ResultColumn("to", "ESV to", "终止值", MONEY_A, "={summary.total[to_row]}", width=16),
                ResultColumn("change", "Change", "变化量", MONEY_A, "={to}-{from}", width=16),
                ResultColumn("rate", "Rate of change", "变化率", "1", '=IFERROR({change}/{from},"")', "percent"),
            ),
            keys=3,
        ),
    ),
    unit=MONEY_A,
)

SENSITIVITY_SHEET = ResultSheet(
    "sensitivity",
    "Sensitivity",
    "敏感性",
    "Sensitivity coefficients CS",
    "敏感性指数 CS",
    (
        ResultTable(
            "sensitivity",
            "sensitivity",
            "one row per year and land class",
            "每个年份、地类一行",
            (
                _key("year", "Year", "年份", "={esv.year[year_first]}", 8),
                _key("class", "Land class", "地类", "={esv.class[class_first]}", 18),
                ResultColumn(
                    "esv_year", "ESV of year", "当年 ESV", MONEY_A, "=SUMIFS({esv.total},{esv.year},{year})", width=16
                ),
                ResultColumn(
                    "esv_class",
                    "ESV of class",
                    "地类 ESV",
                    MONEY_A,
                    "=SUMIFS({esv.total},{esv.year},{year},{esv.class},{class})",
                    width=16,
                ),
                ResultColumn(
                    "esv_up", "ESV' (+)", "ESV'（+）", MONEY_A, "={esv_year}+ESV_cs_change*{esv_class}", width=16
                ),
                ResultColumn(
                    "cs_up",
                    "CS (+)",
                    "CS（+）",
                    "1",
                    "=ABS(({esv_up}-{esv_year})/{esv_year})/ABS(ESV_cs_change)",
                    "precise",
                    10,
                ),
                ResultColumn(
                    "esv_down", "ESV' (−)", "ESV'（−）", MONEY_A, "={esv_year}-ESV_cs_change*{esv_class}", width=16
                ),
                ResultColumn(
                    "cs_down",
                    "CS (−)",
                    "CS（−）",
                    "1",
                    "=ABS(({esv_down}-{esv_year})/{esv_year})/ABS(ESV_cs_change)",
                    "precise",
                    10,
                ),
            ),
            keys=2,
            # One stacked column per year, one segment per land class (all regions).
            charts=(
                Chart(
                    "esv_class_year",
                    "ESV by land class and year (all regions)",
                    "分地类、年份的生态系统服务价值（全部地区）",
                    ("esv_class",),
                    "year",
                    "stacked",
                    split="class",
                ),
            ),
        ),
    ),
    note_en="CS = |(ESV' − ESV)/ESV| / |ΔVC/VC|, each class's factors changed by ± ESV_cs_change",
    note_zh="CS = |(ESV' − ESV)/ESV| / |ΔVC/VC|，各地类当量按 ± ESV_cs_change 变化",
)

# The GDP row of a region-year, guarded by its keys: Trace Precedents reaches GDP!A:B, a row that
# does not match gives #N/A, and the cost is one comparison per row (a SUMIFS per row would scan
# the whole GDP table, which makes recalculation quadratic in the number of regions).
GDP_KEYS = "AND({gdp.region[gdp_row]}={region},{gdp.year[gdp_row]}={year})"
GDP_MONEY = "{gdp.FIELD[gdp_row]}*ESV_gdp_factor/ESV_out_factor"
COMPENSATION_SHEET = ResultSheet(
    "compensation",
    "Compensation",
    "生态补偿",
    "Ecological compensation priority and amount",
    "生态补偿优先级与补偿额",
    (
        ResultTable(
            "compensation",
            "compensation",
            "one row per region and year, grouped by year",
            "每个地区、年份一行，按年份分组",
            (
                *_region_year("summary", "summary_row"),
                ResultColumn("area_ha", "Area", "面积", "ha", "={summary.area_ha[summary_row]}"),
                ResultColumn(
                    "non_market",
                    "Non-market V",
                    "非市场价值 V",
                    MONEY_A,
                    "={summary.non_market[summary_row]}",
                    width=16,
                ),
                ResultColumn("val_n", "VAL_n", "VAL_n", "yuan/ha", "={non_market}*ESV_out_factor/{area_ha}"),
                ResultColumn(
                    "gdp",
                    "GDP",
                    "地区生产总值",
                    "money",
                    f"=IF({GDP_KEYS},{GDP_MONEY},NA())".replace("FIELD", "gdp"),
                    width=16,
                ),
                ResultColumn("gdp_n", "GDP_n", "GDP_n", "yuan/ha", "={gdp}*ESV_out_factor/{area_ha}"),
                ResultColumn(
                    "ecps",
                    "ECPS",
                    "ECPS",
                    "1",
                    "={val_n}/{gdp_n}",
                    "precise",
                    10,
                    headline=("Compensation priority ECPS", "生态补偿优先级 ECPS"),
                    chart="bar",
                    udf="ECO_ECPS",
                ),
                ResultColumn("t", "t", "t", "1", "=2*ATAN({ecps})/PI()", "precise", 10, udf="ECO_T"),
                ResultColumn(
                    "r",
                    "R",
                    "R",
                    "money",
                    "={non_market}*ESV_k*{t}",
                    width=16,
                    headline=("Compensation amount R", "生态补偿额 R"),
                    chart="bar",
                    udf="ECO_COMPENSATION",
                ),
                ResultColumn("r_share_gdp", "R / GDP", "R 占 GDP 比", "1", "={r}/{gdp}", "percent", 10),
                # Rank within the year's own block of rows (rows are grouped by year).
                ResultColumn(
                    "rank",
                    "Rank (ECPS)",
                    "优先级排序",
                    "1",
                    "=RANK({ecps},{compensation.ecps[year_first:year_last]})",
                    "general",
                    10,
                ),
                ResultColumn(
                    "transfer",
                    "Actual transfer",
                    "实际转移支付",
                    "money",
                    f'=IF({GDP_KEYS},IF({{gdp.transfer[gdp_row]}}="","",{GDP_MONEY}),NA())'.replace(
                        "FIELD", "transfer"
                    ),
                    width=16,
                ),
                ResultColumn(
                    "r_minus_transfer",
                    "R − transfer",
                    "R − 转移支付",
                    "money",
                    '=IF({transfer}="","",{r}-{transfer})',
                    width=16,
                ),
            ),
            keys=2,
            charts=(
                Chart(
                    "ecps_region",
                    "Ecological compensation priority ECPS per region and year",
                    "各地区、年份生态补偿优先级 ECPS",
                    ("ecps",),
                    "region",
                    "column",
                    split="year",
                ),
                Chart(
                    "r_region",
                    "Compensation amount R per region and year",
                    "各地区、年份生态补偿额 R",
                    ("r",),
                    "region",
                    "column",
                    split="year",
                ),
            ),
        ),
    ),
    unit="money",
    note_en="ECPS = VAL_n/GDP_n (eq. 4); t = 2·arctan(ECPS)/π (eq. 6); R = V·k·t (eq. 5) — 000_89a29e514ac06762",
    note_zh="ECPS = VAL_n/GDP_n（式4）；t = 2·arctan(ECPS)/π（式6）；R = V·k·t（式5）",
)

OUTPUTS = OutputSpec(
    "esv",
    (EA_SHEET, CLASS_SHEET, ESV_SHEET, SUMMARY_SHEET, CHANGE_SHEET, SENSITIVITY_SHEET, COMPENSATION_SHEET),
    units={"money": "out_unit"},
    figures=(
        Figure("regions", "Regions", "区域数", DIMENSIONLESS, "summary", "region", "distinct", "integer"),
        Figure("years", "Years", "年份数", DIMENSIONLESS, "summary", "year", "distinct", "integer"),
        Figure("first_year", "First year", "起始年份", "", "summary", "year", "min", "integer"),
        Figure("last_year", "Last year", "终止年份", "", "summary", "year", "max", "integer"),
        Figure(
            "esv_first", "Total ESV, first year", "起始年份 ESV 总量", MONEY_A, "summary", "total", at=("year", "first")
        ),
        Figure(
            "esv_last", "Total ESV, last year", "终止年份 ESV 总量", MONEY_A, "summary", "total", at=("year", "last")
        ),
        Figure(
            "esv_change",
            "ESV change, first to last year",
            "ESV 变化量，起始至终止年份",
            MONEY_A,
            agg="difference",
            of=("esv_last", "esv_first"),
        ),
        Figure(
            "r_last",
            "Compensation amount R, last year",
            "终止年份生态补偿额 R",
            "money",
            "compensation",
            "r",
            at=("year", "last"),
        ),
        Figure(
            "top_priority",
            "First compensation priority, last year",
            "终止年份补偿优先级最高的区域",
            "",
            "compensation",
            "region",
            "top",
            "text",
            at=("year", "last"),
            by="ecps",
        ),
    ),
)


# -- result sheets: writing -------------------------------------------------------------------------
TABLES_SHEET = ("Tables", "逐年汇总")


def unit_choices(parsed: Parsed) -> dict[str, UnitChoice]:
    """The unit variables of ``OUTPUTS`` in this book: money = the result money unit."""
    return {"money": chosen_unit(parsed, "out_unit", _units("money"), "yuan")}


def result_frames(parsed: Parsed) -> dict[str, pd.DataFrame]:
    """The engine's tables that feed ``OUTPUTS`` (by ``ResultTable.frame``)."""
    return calculate(parsed)[1].frames()


def write(book: ResultBook, parsed: Parsed) -> dict[str, Any]:
    """Write every result sheet; returns a short summary for the CLI."""
    lang = parsed.lang
    x, res = calculate(parsed)
    book.unit_factors(
        [
            (
                label(lang, "area unit → ha", "面积单位 → 公顷"),
                "area_unit",
                _factor(parsed, "area_unit"),
                "ESV_area_factor",
            ),
            (
                label(lang, "GDP money unit → yuan", "GDP 货币单位 → 元"),
                "gdp_unit",
                _factor(parsed, "gdp_unit"),
                "ESV_gdp_factor",
            ),
            (
                label(lang, "result money unit → yuan", "结果货币单位 → 元"),
                "out_unit",
                _factor(parsed, "out_unit"),
                "ESV_out_factor",
            ),
        ]
    )
    layout = Layout(OUTPUTS, res.frames(), parsed.tables, lang, unit_choices(parsed))
    write_sheets(book, layout, ["ea", "class_factors", "esv", "summary"])
    _service_flags(book.sheets[SUMMARY_SHEET.name(lang)], layout, parsed)
    tables = _tables_sheet(book, layout, res)
    write_sheets(book, layout, ["change", "sensitivity", "compensation"])
    book.checks(_checks(layout, x, res, tables, lang, _factor(parsed, "area_unit")))
    years = sorted(res.detail["year"].unique())
    # The summary speaks the result money unit, as the sheets do (the engine works in yuan).
    year_tot = res.detail.groupby("year")["total"].sum() / _factor(parsed, "out_unit")
    return {
        "regions": int(res.summary["region"].nunique()),
        "years": [int(y) for y in years],
        "total_esv": {int(y): float(year_tot[y]) for y in years},
        "unit": parsed.params["out_unit"],
        **summary_figures(OUTPUTS, layout.frames, layout.choices),
    }


def _factor(parsed: Parsed, param: str) -> float:
    quantity, base = ("area", "hectare") if param == "area_unit" else ("money", "yuan")
    return factor(parsed.params[param], _units(quantity), base)


def _service_flags(su: OutSheet, layout: Layout, parsed: Parsed) -> None:
    """Rows 2–3 of Summary: each service's group and market flag, from the Services table."""
    sv_t = parsed.tables["services"]
    svc = sv_t.df.reset_index(drop=True)
    position = {s: i for i, s in enumerate(svc["service"])}
    lang = layout.lang
    for s in S:
        k, col = position[s], layout["summary"].table.position(s)
        # Either language may be typed (供给服务, provisioning): the row spells it in the book's
        # language, as do the SUMIFS criteria that match it ({=services.group:…}).
        for row, fid in ((1, "group"), (2, "market")):
            f = sv_t.spec.field(fid)
            su.formula(row, col, canonical_formula(sv_t.ref(fid, k), f, lang), spelled(f, svc[fid][k], lang))


def _tables_sheet(book: ResultBook, layout: Layout, res: method.EsvResult) -> dict[str, Any]:
    """The paper's Tables 1–2: all regions by year, by service group and by land class.

    One column per year (and per pair of years), so no declaration expresses it. The year headers
    are formulas on the years of row 3, which read the Summary sheet.
    """
    lang, fmt = layout.lang, book.fmt
    det, sm = res.detail, res.summary
    out_f = layout.choices["money"].factor
    unit = render_unit(MONEY_A, lang, layout.choices)
    tb = book.sheet(pick(lang, TABLES_SHEET))
    tb.title(
        (f"All regions by year ({unit}) — as the paper's Tables 1–2", f"全部地区逐年汇总（{unit}）——对应论文表1—表2")
    )
    years = sorted(det["year"].unique())
    ycol = {y: xl_col_to_name(1 + 2 * i) for i, y in enumerate(years)}
    changes = list(zip(years, years[1:], strict=False))
    su, es = layout["summary"], layout["esv"]
    tb.text(2, 0, label(lang, "Year →", "年份 →"))
    first_of_year = sm.reset_index(drop=True).groupby("year").head(1)
    for i, y in first_of_year["year"].items():
        tb.formula(2, 1 + 2 * years.index(y), "=" + su.cell("year", int(i)), y)

    def head_row(r: int, first: Label) -> None:
        tb.headers(r, [first], widths=[24])
        for y in years:
            c = 1 + 2 * years.index(y)
            tb.formula(r, c, f"={ycol[y]}$3", y, fmt.header)
            tb.formula(r, c + 1, f'={ycol[y]}$3&" %"', f"{y} %", fmt.header)
        for k, (a, b) in enumerate(changes):
            c = 1 + 2 * len(years) + 2 * k
            tb.formula(r, c, f'="Δ "&{ycol[a]}$3&"–"&{ycol[b]}$3', f"Δ {a}–{b}", fmt.header)
            tb.formula(r, c + 1, f'="Δ% "&{ycol[a]}$3&"–"&{ycol[b]}$3', f"Δ% {a}–{b}", fmt.header)
        tb.ws.set_column(1, 2 * (len(years) + len(changes)), 14)

    def value_rows(r0: int, rows: list[tuple[str, str, dict]], share_of: str) -> None:
        """Per row: a SUMIFS per year, its share, and the change and rate between years."""
        for i, (first, crit, vals) in enumerate(rows):
            r, rr = r0 + i, r0 + i + 1
            if first.startswith("="):
                tb.formula(r, 0, first, vals["label"])
            else:
                tb.text(r, 0, first)
            for y in years:
                c = 1 + 2 * years.index(y)
                tb.formula(r, c, crit.format(y=ycol[y], rr=rr), vals[y], fmt.computed)
                tot = vals["share_base"][y]
                share = share_of.format(y=ycol[y], rr=rr)
                tb.formula(r, c + 1, share, vals[y] / tot if tot else None, fmt.percent)
            for k, (a, b) in enumerate(changes):
                c = 1 + 2 * len(years) + 2 * k
                ya, yb = ycol[a], ycol[b]
                va, vb = vals[a], vals[b]
                tb.formula(r, c, f"={yb}{rr}-{ya}{rr}", vb - va, fmt.computed)
                tb.formula(
                    r, c + 1, f'=IFERROR(({yb}{rr}-{ya}{rr})/{ya}{rr},"")', (vb - va) / va if va else None, fmt.percent
                )

    group_tot = sm.groupby("year")[list(method.GROUPS) + ["total"]].sum() / out_f
    head_row(3, ("Service group", "服务类别"))
    ids = [*method.GROUPS, "total"]
    names = [pick(lang, GROUP_LABELS[g]) for g in method.GROUPS] + [label(lang, "Total", "合计")]
    total_row = 4 + len(ids)  # 1-based row of the total
    group_rows = []
    for g, name in zip(ids, names, strict=True):
        vals = {y: float(group_tot.at[y, g]) for y in years}
        vals.update(label=name, share_base={y: float(group_tot.at[y, "total"]) for y in years})
        group_rows.append((name, f"=SUMIFS({su.range(g)},{su.range('year')},{{y}}$3)", vals))
    value_rows(4, group_rows, f"={{y}}{{rr}}/{{y}}${total_row}")

    top2 = 4 + len(ids) + 2
    head_row(top2, ("Land class", "地类"))
    classes = list(dict.fromkeys(det["class"]))
    class_tot = det.groupby(["year", "class"])["total"].sum() / out_f
    year_tot = det.groupby("year")["total"].sum() / out_f
    class_rows = []
    by_year_class, by_year = class_tot.to_dict(), year_tot.to_dict()  # plain lookups, class after class
    for ci, cls in enumerate(classes):
        vals = {y: float(by_year_class.get((y, cls), 0.0)) for y in years}
        vals.update(label=cls, share_base={y: float(by_year[y]) for y in years})
        crit = f"=SUMIFS({es.range('total')},{es.range('class')},$A{{rr}},{es.range('year')},{{y}}$3)"
        class_rows.append(("=" + es.cell("class", ci), crit, vals))
    a, b = top2 + 2, top2 + 1 + len(classes)
    value_rows(top2 + 1, class_rows, f"={{y}}{{rr}}/SUM({{y}}${a}:{{y}}${b})")
    return {"years": years, "class_first": a, "class_last": b, "class_sum": float(class_tot.sum())}


def _checks(
    layout: Layout, x: dict[str, Any], res: method.EsvResult, tables: dict[str, Any], lang: str, area_f: float
) -> list[tuple[str, str, float, str, float]]:
    """Reconciliation checks: (label, formula A, value A, formula B, value B)."""
    out_f = layout.choices["money"].factor
    es, su, lu = layout["esv"], layout["summary"], layout.inputs["landuse"]
    det, sm = res.detail, res.summary
    area_ranges = "+".join(f"SUM({lu.col_range(c)})" for _, c in lu.extra) or "0"
    services = f"{es.range('food_production').split(':')[0]}:{es.range('aesthetic_landscape').split(':')[1]}"
    years = tables["years"]
    by_class = "+".join(
        f"SUM(Tables!{c}{tables['class_first']}:{c}{tables['class_last']})"
        for c in (xl_col_to_name(1 + 2 * i) for i in range(len(years)))
    )
    by_class = by_class.replace("Tables!", quote_sheet(pick(lang, TABLES_SHEET)) + "!")
    total = float(det["total"].sum()) / out_f
    checks = [
        (
            label(
                lang, "Land-use areas (input × unit factor) = areas in the ESV sheet (ha)", "土地利用面积 = ESV 表面积"
            ),
            f"=({area_ranges})*ESV_area_factor",
            float(x["landuse"]["area"].astype(float).sum()) * area_f,
            f"=SUM({es.range('area_ha')})",
            float(det["area_ha"].sum()),
        ),
        (
            label(
                lang, "ESV by service (sum of service columns) = ESV by land class (Tables)", "按服务汇总 = 按地类汇总"
            ),
            f"=SUM({services})",
            float((det[list(S)].to_numpy() / out_f).sum()),
            "=" + by_class,
            tables["class_sum"],
        ),
        (
            label(lang, "Sum of service groups = total ESV (Summary)", "服务类别之和 = 总价值"),
            "=" + "+".join(f"SUM({su.range(g)})" for g in method.GROUPS),
            float(sm[list(method.GROUPS)].to_numpy().sum()) / out_f,
            f"=SUM({su.range('total')})",
            float(sm["total"].sum()) / out_f,
        ),
        (
            label(lang, "Total ESV in ESV sheet = total in Summary", "ESV 表合计 = 汇总表合计"),
            f"=SUM({es.range('total')})",
            total,
            f"=SUM({su.range('total')})",
            float(sm["total"].sum()) / out_f,
        ),
        (
            label(lang, "Σ m·p·q per grain row = Σ over region-years (Ea sheet)", "逐行 m·p·q 之和 = 分地区年份之和"),
            f"=SUM({layout['ea_rows'].range('mpq')})",
            float(res.grain_rows["mpq"].sum()),
            f"=SUM({layout['ea'].range('mpq')})",
            float(res.ea["mpq"].sum()),
        ),
    ]
    cf = layout["class_factors"]
    for i, (cls, w) in enumerate(zip(res.ec["class"], res.ec["weight_sum"], strict=True)):
        checks.append(
            (
                label(lang, f"Mapping weights of {cls!r} add up to 1 (or 0)", f"“{cls}”权重之和为 1（或 0）"),
                "=" + cf.cell("weight_sum", i),
                float(w),
                f"=IF({cf.cell('weight_sum', i)}=0,0,1)",
                0.0 if w == 0 else 1.0,
            )
        )
    checks.append(
        (
            label(lang, "Σ area × VC (eq. 2) = total ESV (ESV sheet)", "Σ 面积 × VC（式2）= ESV 表合计"),
            f"=SUMPRODUCT({es.range('area_ha')},{es.range('vc')})/ESV_out_factor",
            float((det["area_ha"] * det["vc"]).sum()) / out_f,
            f"=SUM({es.range('total')})",
            total,
        )
    )
    return checks
