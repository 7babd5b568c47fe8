"""The ESV template (ESV + ECPS + compensation, paper 000): declaration, checks, result sheets.

The declaration below is the only list of this template's tables, fields and parameters; the
template, the reader, validation, the docs' template reference and the CLI help all use it.
The result sheets render the formulas of ``ecoaccount.methods.esv`` with the engine's values.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ecoaccount.methods import esv as method
from ecoaccount.spec import Field, Param, TableSpec, TemplateSpec
from ecoaccount.units import codes, factor
from ecoaccount.workbook.choices import canonical_formula
from ecoaccount.workbook.reader import Parsed
from ecoaccount.workbook.writer import ResultBook, label

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
        Param(
            "area_unit",
            "Area unit of LandUse",
            "土地利用面积单位",
            "ha",
            "code",
            "user's choice",
            "choice",
            source_zh="用户选择",
            choices=("area_unit",),
        ),
        Param(
            "gdp_unit",
            "Money unit of GDP and transfer",
            "GDP 与转移支付货币单位",
            "1e4 yuan",
            "code",
            "user's choice",
            "choice",
            source_zh="用户选择",
            choices=("money_unit",),
        ),
        Param(
            "out_unit",
            "Money unit of results",
            "结果货币单位",
            "1e4 yuan",
            "code",
            "user's choice",
            "choice",
            source_zh="用户选择",
            choices=("money_unit",),
        ),
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
def template_data(lang: str) -> tuple[dict[str, list[list[Any]]], dict[str, list[str]]]:
    """Rows prefilled in a fresh template: factors, class mapping, services; class columns."""
    f = method.default_factors()
    factors = [[r.subtype, r.subtype_zh, r.group, *(float(getattr(r, s)) for s in S)] for r in f.itertuples()]
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
    long = lu.df.melt(id_vars=["region", "year"], value_vars=classes, var_name="class", value_name="area")
    # Row order: region-year rows of LandUse, classes in column order (the ESV sheet's order).
    long["_i"] = np.tile(np.arange(len(lu.df)), len(classes))
    long["_c"] = np.repeat(np.arange(len(classes)), len(lu.df))
    long = long.sort_values(["_i", "_c"], kind="stable").reset_index(drop=True)
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

        parsed.problems.append(Problem(lu.header_cell("year"), M.ESV_NO_CLASSES))
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
                Problem(services.header_cell("service"), M.ESV_MISSING_SERVICES.format(missing=", ".join(missing)))
            )
    for p in ("area_unit",):
        v = parsed.params.get(p)
        if v is not None and v not in codes("area"):
            from ecoaccount import messages as M
            from ecoaccount.problems import Problem

            parsed.problems.append(
                Problem(parsed.param_location(p), M.UNKNOWN_UNIT.format(value=v, expected=", ".join(codes("area"))))
            )
    for p in ("gdp_unit", "out_unit"):
        v = parsed.params.get(p)
        if v is not None and v not in codes("money"):
            from ecoaccount import messages as M
            from ecoaccount.problems import Problem

            parsed.problems.append(
                Problem(parsed.param_location(p), M.UNKNOWN_UNIT.format(value=v, expected=", ".join(codes("money"))))
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


# -- result sheets ----------------------------------------------------------------------------------
def _lists(df: pd.DataFrame) -> dict[str, list]:
    """Columns as Python lists: cell-by-cell access without pandas' per-access overhead."""
    return {c: df[c].tolist() for c in df.columns}


def _first_rows(df: pd.DataFrame, keys: list[str]) -> dict[tuple, int]:
    """Position of the first row of each key (one pass instead of a search per row)."""
    firsts = df[keys].reset_index(drop=True).drop_duplicates()
    return {tuple(k): int(i) for i, k in zip(firsts.index, firsts.itertuples(index=False), strict=True)}


def write(book: ResultBook, parsed: Parsed) -> dict[str, Any]:
    """Write every result sheet; returns a short summary for the CLI."""
    lang = parsed.lang
    x, res = calculate(parsed)
    fmt = book.fmt
    t = parsed.tables
    out_f = factor(parsed.params["out_unit"], _units("money"), "yuan")
    area_f = factor(parsed.params["area_unit"], _units("area"), "hectare")
    gdp_f = factor(parsed.params["gdp_unit"], _units("money"), "yuan")
    out_unit = parsed.params["out_unit"]

    # Settings: unit factors as named cells.
    book.unit_factors(
        [
            (label(lang, "area unit → ha", "面积单位 → 公顷"), "area_unit", area_f, "ESV_area_factor"),
            (label(lang, "GDP money unit → yuan", "GDP 货币单位 → 元"), "gdp_unit", gdp_f, "ESV_gdp_factor"),
            (label(lang, "result money unit → yuan", "结果货币单位 → 元"), "out_unit", out_f, "ESV_out_factor"),
        ]
    )

    # Ea (eq. 1): a row per grain row, then a row per region-year.
    g = t["grain"]
    ea_s = book.sheet("Ea")
    ea_s.title(
        ("Standard equivalent Ea (eq. 1)", "标准当量 Ea（式1）"),
        "Ea = (1/7) · Σ m·p·q / M  — 000_89a29e514ac06762 eq. 1",
    )
    ea_s.headers(
        3,
        [
            ("Region", "地区"),
            ("Year", "年份"),
            ("Crop", "作物"),
            ("m·p·q (yuan/ha × area)", "m·p·q"),
        ],
        widths=[16, 8, 14, 20],
    )
    grain_df = x["grain"]
    grain_df_ = _lists(grain_df)
    for i in range(len(grain_df)):
        r = 4 + i
        ea_s.formula(r, 0, "=" + g.ref("region", i), grain_df_["region"][i])
        ea_s.formula(r, 1, "=" + g.ref("year", i), grain_df_["year"][i])
        ea_s.formula(r, 2, "=" + g.ref("crop", i), grain_df_["crop"][i])
        ea_s.formula(
            r,
            3,
            f"={g.ref('price', i)}*{g.ref('yield', i)}*{g.ref('sown_area', i)}",
            grain_df_["price"][i] * grain_df_["yield"][i] * grain_df_["sown_area"][i],
            fmt.computed,
        )
    n_g = len(grain_df)
    rng = {c: f"${xl_col_to_name(k)}$5:${xl_col_to_name(k)}${4 + max(n_g, 1)}" for k, c in enumerate("ABCD")}
    ea_s.headers(
        3,
        [
            ("Region", "地区"),
            ("Year", "年份"),
            "Σ m·p·q",
            ("M: total sown area", "M：总播种面积"),
            "Ea (yuan/(ha·a))",
        ],
        col0=5,
        widths=[16, 8, 18, 18, 16],
    )
    ea = res.ea
    ea_ = _lists(ea)
    grain_first = _first_rows(grain_df, ["region", "year"])
    ea_row: dict[tuple, int] = {}
    for i in range(len(ea)):
        r = 4 + i
        rr = r + 1
        ea_row[(ea_["region"][i], ea_["year"][i])] = r
        first = grain_first[(ea_["region"][i], ea_["year"][i])]
        ea_s.formula(r, 5, f"=A{5 + first}", ea_["region"][i])
        ea_s.formula(r, 6, f"=B{5 + first}", ea_["year"][i])
        ea_s.formula(r, 7, f"=SUMIFS({rng['D']},{rng['A']},F{rr},{rng['B']},G{rr})", ea_["mpq"][i], fmt.computed)
        ea_s.formula(
            r,
            8,
            f"=SUMIFS({g.col_range('sown_area')},{g.col_range('region')},F{rr},{g.col_range('year')},G{rr})",
            ea_["sown_total"][i],
            fmt.computed,
        )
        ea_s.formula(r, 9, f"=(1/7)*H{rr}/I{rr}", ea_["ea"][i], fmt.computed)

    # ClassFactors (eq. 3 coefficients): weighted factors per mapping row, then per class.
    m = t["mapping"]
    fa = t["factors"]
    mdf = x["mapping"]
    mdf_ = _lists(mdf)
    cf = book.sheet("ClassFactors")
    cf.title(
        ("Equivalent factors per land class", "各地类当量因子"),
        ("EC(class, service) = Σ weight × factor(sub-type, service)", "EC = Σ 权重 × 子类型当量"),
    )
    slabels = [SERVICE_LABELS[s][1 if lang == "zh" else 0] for s in S]
    cf.headers(
        3,
        [("Land class", "地类"), ("Sub-type", "子类型"), ("Weight", "权重"), *slabels],
        widths=[20, 22, 8] + [12] * len(S),
    )
    fsub = fa.col_range("subtype")
    fdf = x["factors"].set_index("subtype")
    for i in range(len(mdf)):
        r = 4 + i
        cf.formula(r, 0, "=" + m.ref("class", i), mdf_["class"][i])
        # The sub-type's code, whether ClassMap names it by code or by its Chinese name.
        typed, fsub_zh = m.ref("subtype", i), fa.col_range("subtype_zh")
        cf.formula(r, 1, f"=IFERROR(INDEX({fsub},MATCH({typed},{fsub_zh},0)),{typed})", mdf_["subtype"][i])
        cf.formula(r, 2, "=" + m.ref("weight", i), mdf_["weight"][i])
        for j, s in enumerate(S):
            cf.formula(
                r,
                3 + j,
                f"=$C{r + 1}*INDEX({fa.col_range(s)},MATCH($B{r + 1},{fsub},0))",
                mdf_["weight"][i] * fdf.at[mdf_["subtype"][i], s],
                fmt.computed_precise,
            )
    top = 4 + len(mdf) + 2
    cf.headers(top, [("Land class", "地类"), ("Σ weight", "权重和"), "", *slabels])
    ec = res.ec
    ec_ = _lists(ec)
    n_m = len(mdf)
    ec_row: dict[str, int] = {}
    map_first = _first_rows(mdf, ["class"])
    for i in range(len(ec)):
        r = top + 1 + i
        ec_row[ec_["class"][i]] = r
        first = map_first[(ec_["class"][i],)]
        cf.formula(r, 0, f"=A{5 + first}", ec_["class"][i])
        cf.formula(
            r,
            1,
            f"=SUMIFS($C$5:$C${4 + n_m},$A$5:$A${4 + n_m},A{r + 1})",
            float(mdf.loc[mdf["class"] == ec_["class"][i], "weight"].sum()),
        )
        for j, s in enumerate(S):
            col = xl_col_to_name(3 + j)
            cf.formula(
                r,
                3 + j,
                f"=SUMIFS({col}$5:{col}${4 + n_m},$A$5:$A${4 + n_m},$A{r + 1})",
                ec_[s][i],
                fmt.computed_precise,
            )

    # ESV detail (eqs. 2–3): region × year × class rows.
    lu = t["landuse"]
    det = res.detail
    det_ = _lists(det)
    es = book.sheet("ESV")
    es.title(
        (
            f"ESV by region, year, land class and service ({out_unit}/a)",
            f"分地区、年份、地类、服务的生态系统服务价值（{out_unit}/年）",
        ),
        "ESV = A · EC · Ea  — 000_89a29e514ac06762 eqs. 2–3",
    )
    es.headers(
        3,
        [
            ("Region", "地区"),
            ("Year", "年份"),
            ("Land class", "地类"),
            ("Area (ha)", "面积（公顷）"),
            "Ea (yuan/(ha·a))",
            *slabels,
            ("Total", "合计"),
        ],
        widths=[16, 8, 18, 14, 14] + [13] * len(S) + [15],
    )
    classes = x["classes"]
    ncls = len(classes)
    extra_col = dict(lu.extra)
    vals = det[list(S)].to_numpy() / out_f
    tot = det["total"].to_numpy() / out_f
    for n in range(len(det)):
        r = 4 + n
        rr = r + 1
        i, c = divmod(n, ncls)
        cls = classes[c]
        es.formula(r, 0, "=" + lu.ref("region", i), det_["region"][n])
        es.formula(r, 1, "=" + lu.ref("year", i), det_["year"][n])
        hdr = (
            f"{lu.ref(extra_col[cls], 0).split('!')[0]}!{xl_rowcol_to_cell(lu.header_row, extra_col[cls], True, False)}"
        )
        es.formula(r, 2, "=" + hdr, cls)
        es.formula(r, 3, f"={lu.ref(extra_col[cls], i)}*ESV_area_factor", det_["area_ha"][n], fmt.computed)
        es.formula(r, 4, f"=Ea!$J${ea_row[(det_['region'][n], det_['year'][n])] + 1}", det_["ea"][n], fmt.computed)
        erow = ec_row[cls] + 1
        for j in range(len(S)):
            col = xl_col_to_name(3 + j)
            es.formula(r, 5 + j, f"=$D{rr}*ClassFactors!{col}${erow}*$E{rr}/ESV_out_factor", vals[n, j], fmt.computed)
        es.formula(r, 5 + len(S), f"=SUM(F{rr}:{xl_col_to_name(4 + len(S))}{rr})", tot[n], fmt.computed)
    n_det = len(det)
    last = 4 + max(n_det, 1)

    def erng(col: int) -> str:
        letter = xl_col_to_name(col)
        return f"ESV!${letter}$5:${letter}${last}"

    # Summary per region-year: services (SUMIFS), groups, total, market, non-market.
    sm = res.summary
    sm_ = _lists(sm)
    svc = x["services"].reset_index(drop=True)
    svc_ = _lists(svc)
    sv_t = t["services"]
    su = book.sheet("Summary")
    su.title(
        (f"ESV by region and year ({out_unit}/a)", f"分地区、年份生态系统服务价值（{out_unit}/年）"),
        (
            "Row 3 holds each service's group and market flag, read from the Services table.",
            "第3行为各服务的类别与市场定价标记，取自“服务类型”表。",
        ),
    )
    glabels = [GROUP_LABELS[gname][1 if lang == "zh" else 0] for gname in method.GROUPS]
    heads = [
        ("Region", "地区"),
        ("Year", "年份"),
        ("Area (ha)", "面积（公顷）"),
        *slabels,
        *glabels,
        ("Total", "合计"),
        ("Market-priced", "市场定价部分"),
        ("Non-market V", "非市场价值 V"),
    ]
    su.headers(3, heads, widths=[16, 8, 14] + [13] * (len(S) + 4) + [15, 15, 15])
    svc_idx = {s: i for i, s in enumerate(sv_t.df["service"])}
    for j, s in enumerate(S):
        k = svc_idx[s]
        # Either language may be typed (供给服务, 是): the row holds the canonical value.
        su.formula(1, 3 + j, canonical_formula(sv_t.ref("group", k), sv_t.spec.field("group")), svc_["group"][k])
        su.formula(
            2,
            3 + j,
            canonical_formula(sv_t.ref("market", k), sv_t.spec.field("market")),
            "yes" if svc_["market"][k] else "no",
        )
    s_first, s_last = xl_col_to_name(3), xl_col_to_name(2 + len(S))
    gcol0 = 3 + len(S)
    tcol = gcol0 + len(method.GROUPS)
    sum_row: dict[tuple, int] = {}
    det_first = _first_rows(det, ["region", "year"])
    for i in range(len(sm)):
        r = 4 + i
        rr = r + 1
        key = (sm_["region"][i], sm_["year"][i])
        sum_row[key] = r
        first = det_first[key]
        su.formula(r, 0, f"=ESV!A{5 + first}", key[0])
        su.formula(r, 1, f"=ESV!B{5 + first}", key[1])
        # A region-year's classes are contiguous rows of the ESV sheet (one LandUse row each).
        a, b = 5 + first, 4 + first + ncls
        su.formula(r, 2, f"=SUM(ESV!D{a}:D{b})", sm_["area_ha"][i], fmt.computed)
        for j, s in enumerate(S):
            col = xl_col_to_name(5 + j)
            su.formula(r, 3 + j, f"=SUM(ESV!{col}{a}:{col}{b})", sm_[s][i] / out_f, fmt.computed)
        for gi, gname in enumerate(method.GROUPS):
            su.formula(
                r,
                gcol0 + gi,
                f'=SUMIFS(${s_first}{rr}:${s_last}{rr},${s_first}$2:${s_last}$2,"{gname}")',
                sm_[gname][i] / out_f,
                fmt.computed,
            )
        su.formula(r, tcol, f"=SUM({s_first}{rr}:{s_last}{rr})", sm_["total"][i] / out_f, fmt.computed)
        su.formula(
            r,
            tcol + 1,
            f'=SUMIFS(${s_first}{rr}:${s_last}{rr},${s_first}$3:${s_last}$3,"yes")',
            sm_["market"][i] / out_f,
            fmt.computed,
        )
        su.formula(
            r,
            tcol + 2,
            f"={xl_col_to_name(tcol)}{rr}-{xl_col_to_name(tcol + 1)}{rr}",
            sm_["non_market"][i] / out_f,
            fmt.computed,
        )
    n_sm = len(sm)
    s_last_row = 4 + max(n_sm, 1)

    def srng(col: int) -> str:
        letter = xl_col_to_name(col)
        return f"Summary!${letter}$5:${letter}${s_last_row}"

    # Tables 1–2 of the paper: totals by group and by class per year, with change and rate.
    years = sorted(det["year"].unique())
    tb = book.sheet("Tables")
    tb.title(
        (
            f"All regions by year ({out_unit}/a) — as the paper's Tables 1–2",
            f"全部地区逐年汇总（{out_unit}/年）——对应论文表1—表2",
        )
    )
    ycols = [h for y in years for h in (f"{y}", f"{y} %")]
    changes = [(years[i - 1], years[i]) for i in range(1, len(years))]
    ccols = []
    for a, b in changes:
        ccols += [f"Δ {a}–{b}", f"Δ% {a}–{b}"]
    tb.headers(3, [("Service group", "服务类别"), *ycols, *ccols], widths=[24] + [14] * (len(ycols) + len(ccols)))
    tb.text(2, 0, label(lang, "Year →", "年份 →"))
    for yi, y in enumerate(years):
        tb.formula(2, 1 + 2 * yi, f"=Summary!B{sum_row[next(k for k in sum_row if k[1] == y)] + 1}", y)
    group_tot = sm.groupby("year")[list(method.GROUPS) + ["total"]].sum() / out_f
    rows_def = [
        (GROUP_LABELS[gname][1 if lang == "zh" else 0], gcol0 + gi, gname) for gi, gname in enumerate(method.GROUPS)
    ] + [(label(lang, "Total", "合计"), tcol, "total")]
    total_row = 4 + len(rows_def) - 1
    for ri, (row_label, col, key) in enumerate(rows_def):
        r = 4 + ri
        rr = r + 1
        tb.text(r, 0, row_label)
        for yi, y in enumerate(years):
            yc = xl_col_to_name(1 + 2 * yi)
            v = group_tot.at[y, key]
            tb.formula(r, 1 + 2 * yi, f"=SUMIFS({srng(col)},{srng(1)},{yc}$3)", v, fmt.computed)
            tb.formula(r, 2 + 2 * yi, f"={yc}{rr}/{yc}${total_row + 1}", v / group_tot.at[y, "total"], fmt.percent)
        for ci, (a, b) in enumerate(changes):
            ya, yb = xl_col_to_name(1 + 2 * years.index(a)), xl_col_to_name(1 + 2 * years.index(b))
            va, vb = group_tot.at[a, key], group_tot.at[b, key]
            base = 1 + 2 * len(years) + 2 * ci
            tb.formula(r, base, f"={yb}{rr}-{ya}{rr}", vb - va, fmt.computed)
            tb.formula(
                r, base + 1, f'=IFERROR(({yb}{rr}-{ya}{rr})/{ya}{rr},"")', (vb - va) / va if va else None, fmt.percent
            )
    # by land class
    top2 = 4 + len(rows_def) + 2
    tb.headers(top2, [("Land class", "地类"), *ycols, *ccols])
    class_tot = det.groupby(["year", "class"])["total"].sum() / out_f
    year_tot = det.groupby("year")["total"].sum() / out_f
    n_cls_rows = len(classes)
    for ci_, cls in enumerate(classes):
        r = top2 + 1 + ci_
        rr = r + 1
        tb.formula(r, 0, f"=ESV!C{5 + ci_}", cls)
        for yi, y in enumerate(years):
            yc = xl_col_to_name(1 + 2 * yi)
            v = class_tot.get((y, cls), 0.0)
            tb.formula(r, 1 + 2 * yi, f"=SUMIFS({erng(5 + len(S))},{erng(2)},$A{rr},{erng(1)},{yc}$3)", v, fmt.computed)
            tb.formula(
                r,
                2 + 2 * yi,
                f"={yc}{rr}/SUM({yc}${top2 + 2}:{yc}${top2 + 1 + n_cls_rows})",
                v / year_tot[y] if year_tot[y] else None,
                fmt.percent,
            )
        for k_, (a, b) in enumerate(changes):
            ya, yb = xl_col_to_name(1 + 2 * years.index(a)), xl_col_to_name(1 + 2 * years.index(b))
            va, vb = class_tot.get((a, cls), 0.0), class_tot.get((b, cls), 0.0)
            base = 1 + 2 * len(years) + 2 * k_
            tb.formula(r, base, f"={yb}{rr}-{ya}{rr}", vb - va, fmt.computed)
            tb.formula(
                r, base + 1, f'=IFERROR(({yb}{rr}-{ya}{rr})/{ya}{rr},"")', (vb - va) / va if va else None, fmt.percent
            )

    # Change per region between consecutive years.
    ch = res.change
    ch_ = _lists(ch)
    cs = book.sheet("Change")
    cs.title((f"Change of total ESV per region ({out_unit}/a)", f"各地区生态系统服务价值变化（{out_unit}/年）"))
    cs.headers(
        3,
        [
            ("Region", "地区"),
            ("From", "起始年"),
            ("To", "终止年"),
            ("ESV from", "起始值"),
            ("ESV to", "终止值"),
            ("Change", "变化量"),
            ("Rate of change", "变化率"),
        ],
        widths=[16, 8, 8, 16, 16, 16, 14],
    )
    T = xl_col_to_name(tcol)
    for i in range(len(ch)):
        r = 4 + i
        rr = r + 1
        ra = sum_row[(ch_["region"][i], ch_["year_from"][i])] + 1
        rb = sum_row[(ch_["region"][i], ch_["year_to"][i])] + 1
        cs.formula(r, 0, f"=Summary!A{ra}", ch_["region"][i])
        cs.formula(r, 1, f"=Summary!B{ra}", ch_["year_from"][i])
        cs.formula(r, 2, f"=Summary!B{rb}", ch_["year_to"][i])
        cs.formula(r, 3, f"=Summary!{T}{ra}", ch_["from"][i] / out_f, fmt.computed)
        cs.formula(r, 4, f"=Summary!{T}{rb}", ch_["to"][i] / out_f, fmt.computed)
        cs.formula(r, 5, f"=E{rr}-D{rr}", ch_["change"][i] / out_f, fmt.computed)
        cs.formula(r, 6, f'=IFERROR(F{rr}/D{rr},"")', ch_["rate"][i], fmt.percent)

    # Sensitivity coefficients.
    sn = res.sensitivity
    sn_ = _lists(sn)
    se = book.sheet("Sensitivity")
    se.title(
        ("Sensitivity coefficients CS", "敏感性指数 CS"),
        "CS = |(ESV' − ESV)/ESV| / |ΔVC/VC|, each class's factors changed by ± ESV_cs_change",
    )
    se.headers(
        3,
        [
            ("Year", "年份"),
            ("Land class", "地类"),
            ("ESV of year", "当年 ESV"),
            ("ESV of class", "地类 ESV"),
            "ESV' (+)",
            "CS (+)",
            "ESV' (−)",
            "CS (−)",
        ],
        widths=[8, 18, 16, 16, 16, 10, 16, 10],
    )
    year_first = _first_rows(det, ["year"])
    for i in range(len(sn)):
        r = 4 + i
        rr = r + 1
        y, cls = sn_["year"][i], sn_["class"][i]
        yr0 = year_first[(y,)]
        se.formula(r, 0, f"=ESV!B{5 + yr0}", y)
        se.formula(r, 1, f"=ESV!C{5 + classes.index(cls)}", cls)
        se.formula(r, 2, f"=SUMIFS({erng(5 + len(S))},{erng(1)},A{rr})", sn_["esv_year"][i] / out_f, fmt.computed)
        se.formula(
            r,
            3,
            f"=SUMIFS({erng(5 + len(S))},{erng(1)},A{rr},{erng(2)},B{rr})",
            sn_["esv_class"][i] / out_f,
            fmt.computed,
        )
        se.formula(r, 4, f"=C{rr}+ESV_cs_change*D{rr}", sn_["esv_up"][i] / out_f, fmt.computed)
        se.formula(r, 5, f"=ABS((E{rr}-C{rr})/C{rr})/ABS(ESV_cs_change)", sn_["cs_up"][i], fmt.computed_precise)
        se.formula(r, 6, f"=C{rr}-ESV_cs_change*D{rr}", sn_["esv_down"][i] / out_f, fmt.computed)
        se.formula(r, 7, f"=ABS((G{rr}-C{rr})/C{rr})/ABS(ESV_cs_change)", sn_["cs_down"][i], fmt.computed_precise)

    # Compensation (eqs. 4–6).
    cp = res.compensation
    cp_ = _lists(cp)
    gd = t["gdp"]
    gdf = gd.df
    co = book.sheet("Compensation")
    co.title(
        (f"Ecological compensation priority and amount ({out_unit})", f"生态补偿优先级与补偿额（{out_unit}）"),
        "ECPS = VAL_n/GDP_n (eq. 4); t = 2·arctan(ECPS)/π (eq. 6); R = V·k·t (eq. 5) — 000_89a29e514ac06762",
    )
    co.headers(
        3,
        [
            ("Region", "地区"),
            ("Year", "年份"),
            ("Area (ha)", "面积（公顷）"),
            (f"Non-market V ({out_unit})", f"非市场价值 V（{out_unit}）"),
            "VAL_n (yuan/ha)",
            f"GDP ({out_unit})",
            "GDP_n (yuan/ha)",
            "ECPS",
            "t",
            f"R ({out_unit})",
            ("R / GDP", "R 占 GDP 比"),
            ("Rank (ECPS)", "优先级排序"),
            (f"Actual transfer ({out_unit})", f"实际转移支付（{out_unit}）"),
            (f"R − transfer ({out_unit})", f"R − 转移支付（{out_unit}）"),
        ],
        widths=[16, 8, 14, 16, 14, 16, 14, 10, 10, 16, 10, 10, 16, 16],
    )
    nm = xl_col_to_name(tcol + 2)
    n_cp = len(cp)
    gdp_first = _first_rows(gdf, ["region", "year"])
    for i in range(n_cp):
        r = 4 + i
        rr = r + 1
        key = (cp_["region"][i], cp_["year"][i])
        sr = sum_row[key] + 1
        gi = gdp_first[key]
        co.formula(r, 0, f"=Summary!A{sr}", key[0])
        co.formula(r, 1, f"=Summary!B{sr}", key[1])
        co.formula(r, 2, f"=Summary!C{sr}", cp_["area_ha"][i], fmt.computed)
        co.formula(r, 3, f"=Summary!{nm}{sr}", cp_["non_market"][i] / out_f, fmt.computed)
        co.formula(r, 4, f"=D{rr}*ESV_out_factor/C{rr}", cp_["val_n"][i], fmt.computed)
        co.formula(r, 5, f"={gd.ref('gdp', gi)}*ESV_gdp_factor/ESV_out_factor", cp_["gdp"][i] / out_f, fmt.computed)
        co.formula(r, 6, f"=F{rr}*ESV_out_factor/C{rr}", cp_["gdp_n"][i], fmt.computed)
        co.formula(r, 7, f"=E{rr}/G{rr}", cp_["ecps"][i], fmt.computed_precise)
        co.formula(r, 8, f"=2*ATAN(H{rr})/PI()", cp_["t"][i], fmt.computed_precise)
        co.formula(r, 9, f"=D{rr}*ESV_k*I{rr}", cp_["r"][i] / out_f, fmt.computed)
        co.formula(r, 10, f"=J{rr}/F{rr}", cp_["r_share_gdp"][i], fmt.percent)
        co.formula(r, 11, f"=SUMPRODUCT(($B$5:$B${4 + n_cp}=B{rr})*($H$5:$H${4 + n_cp}>H{rr}))+1", int(cp_["rank"][i]))
        tr = cp_["transfer"][i]
        has_tr = tr == tr and tr is not None
        co.formula(
            r,
            12,
            f'=IF({gd.ref("transfer", gi)}="","",{gd.ref("transfer", gi)}*ESV_gdp_factor/ESV_out_factor)',
            tr / out_f if has_tr else None,
            fmt.computed,
        )
        co.formula(r, 13, f'=IF(M{rr}="","",J{rr}-M{rr})', (cp_["r"][i] - tr) / out_f if has_tr else None, fmt.computed)

    # Checks.
    lu_sum = float(x["landuse"]["area"].astype(float).sum())
    area_ranges = "+".join(f"SUM({lu.col_range(c)})" for _, c in lu.extra) or "0"
    det_area = float(det["area_ha"].sum())
    gt = float(det["total"].sum()) / out_f
    checks = [
        (
            label(
                lang, "Land-use areas (input × unit factor) = areas in the ESV sheet (ha)", "土地利用面积 = ESV 表面积"
            ),
            f"=({area_ranges})*ESV_area_factor",
            lu_sum * area_f,
            f"=SUM({erng(3)})",
            det_area,
        ),
        (
            label(
                lang, "ESV by service (sum of service columns) = ESV by land class (Tables)", "按服务汇总 = 按地类汇总"
            ),
            f"=SUM(ESV!F5:{xl_col_to_name(4 + len(S))}{last})",
            float(vals.sum()),
            "="
            + "+".join(
                f"SUM(Tables!{xl_col_to_name(1 + 2 * yi)}{top2 + 2}:{xl_col_to_name(1 + 2 * yi)}"
                f"{top2 + 1 + n_cls_rows})"
                for yi in range(len(years))
            ),
            float(class_tot.sum()),
        ),
        (
            label(lang, "Sum of service groups = total ESV (Summary)", "服务类别之和 = 总价值"),
            f"=SUM({srng(gcol0)})+SUM({srng(gcol0 + 1)})+SUM({srng(gcol0 + 2)})+SUM({srng(gcol0 + 3)})",
            float(sm[list(method.GROUPS)].to_numpy().sum()) / out_f,
            f"=SUM({srng(tcol)})",
            float(sm["total"].sum()) / out_f,
        ),
        (
            label(lang, "Total ESV in ESV sheet = total in Summary", "ESV 表合计 = 汇总表合计"),
            f"=SUM({erng(5 + len(S))})",
            gt,
            f"=SUM({srng(tcol)})",
            float(sm["total"].sum()) / out_f,
        ),
        (
            label(lang, "Σ m·p·q per grain row = Σ over region-years (Ea sheet)", "逐行 m·p·q 之和 = 分地区年份之和"),
            f"=SUM(Ea!D5:D{4 + max(n_g, 1)})",
            float((grain_df["price"] * grain_df["yield"] * grain_df["sown_area"]).sum()),
            f"=SUM(Ea!H5:H{4 + max(len(ea), 1)})",
            float(ea["mpq"].sum()),
        ),
    ]
    for cls in ec["class"]:
        r = ec_row[cls] + 1
        w = float(mdf.loc[mdf["class"] == cls, "weight"].sum())
        checks.append(
            (
                label(lang, f"Mapping weights of {cls!r} add up to 1 (or 0)", f"“{cls}”权重之和为 1（或 0）"),
                f"=ClassFactors!B{r}",
                w,
                f"=IF(ClassFactors!B{r}=0,0,1)",
                0.0 if w == 0 else 1.0,
            )
        )
    book.checks(checks)
    return {
        "regions": int(sm["region"].nunique()),
        "years": [int(y) for y in years],
        "total_esv": {int(y): float(year_tot[y]) for y in years},
        "unit": out_unit,
        "top_priority": {int(y): str(cp.loc[(cp["year"] == y) & (cp["rank"] == 1), "region"].iloc[0]) for y in years},
    }
