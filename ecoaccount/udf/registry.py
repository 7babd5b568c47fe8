"""The worksheet functions, each declared once: name, arguments with unit and shape, help in en
and zh, the quantity it returns and the call into the pure method.

Every adapter (the xlwings module ``ecoaccount.udf.xl`` and the LibreOffice Calc add-in built by
``ecoaccount.udf.calc``) is generated from ``FUNCTIONS``; ``ecoaccount.udf.adapters`` checks the
arguments against these declarations before anything is computed.

Shapes: ``cell`` one number; ``row`` one row or one column of numbers; ``labels`` one row or
column of labels (text or numbers); ``text`` one text. ``group`` names ranges that must have the
same size; ``minimum``/``strict`` bound a number (a negative area is refused).
``quantity`` is the id of what the function returns (``ea``, ``vc``, ``esv``, ``ecps``, ``t``,
``r`` ...), the same ids as the engine's output columns, so that the two can be cross-checked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ecoaccount import units
from ecoaccount.udf import calls

REQUIRED = object()


@dataclass(frozen=True)
class Arg:
    name: str
    unit: str
    shape: str  # cell | row | labels | text
    en: str
    zh: str
    default: Any = REQUIRED
    minimum: float | None = None
    strict: bool = False  # minimum excluded (> instead of >=)
    maximum: float | None = None
    group: str | None = None  # ranges of one group must have the same size
    size: int | None = None  # a fixed number of cells
    allow_empty: bool = False  # empty cells are passed on as NaN (the method decides)
    choices: Mapping[str, str] | None = None  # accepted texts (any case) -> canonical value

    @property
    def optional(self) -> bool:
        return self.default is not REQUIRED


@dataclass(frozen=True)
class Function:
    name: str
    quantity: str | Mapping[str, str]  # an output id, or per choice of the ``result`` argument
    unit: str
    en: str
    zh: str
    source: str
    args: tuple[Arg, ...]
    call: Callable[..., Any]
    returns: str = "number"  # number | array
    category: str = "ecoaccount"
    extra: dict[str, Any] = field(default_factory=dict)


def _area(name: str = "area", en: str = "area", zh: str = "面积", **kw: Any) -> Arg:
    return Arg(name, "ha", "cell", en, zh, minimum=0, **kw)


def _num(name: str, unit: str, en: str, zh: str, **kw: Any) -> Arg:
    return Arg(name, unit, "cell", en, zh, **kw)


def _nonneg(name: str, unit: str, en: str, zh: str, **kw: Any) -> Arg:
    return Arg(name, unit, "cell", en, zh, minimum=0, **kw)


_ZH_CHOICES = {"价值": "value", "物理量": "quantity"}


def _result(choices: Mapping[str, str]) -> Arg:
    names = ", ".join(f'"{c}"' for c in choices)
    return Arg(
        "result",
        "",
        "text",
        f"what to return: {names} (default value)",
        f"返回内容：{names}（默认 value 价值）",
        default="value",
        choices={**{c: c for c in choices}, **{zh: c for zh, c in _ZH_CHOICES.items() if c in choices}},
    )


def _gep(name, quantities, unit, en, zh, args, call) -> Function:
    return Function(
        name,
        dict(quantities),
        unit,
        en,
        zh,
        "001 Table 3",
        (*args, _result(quantities)),
        call,
        extra={"choice_columns": dict(quantities)},
    )


_ESV = [
    Function(
        "ECO_EA",
        "ea",
        "yuan/(ha·a)",
        "Value of one standard equivalent Ea = (1/7)·Σ m·p·q / Σ q (paper 000 eq. 1).",
        "一个标准当量的价值 Ea = (1/7)·Σ m·p·q / Σ q（论文 000 式 1）。",
        "000 eq. 1",
        (
            Arg(
                "prices", "yuan/kg", "row", "grain prices m, one per crop", "各作物粮食价格 m", minimum=0, group="crops"
            ),
            Arg("yields", "kg/ha", "row", "yields p, one per crop", "各作物单产 p", minimum=0, group="crops"),
            Arg(
                "sown_areas",
                "ha",
                "row",
                "sown areas q, one per crop (any one area unit)",
                "各作物播种面积 q",
                minimum=0,
                group="crops",
            ),
        ),
        calls.ea,
    ),
    Function(
        "ECO_VC",
        "vc",
        "yuan/(ha·a)",
        "Value per hectare of a land class VC = Σ EC·Ea over its row of factors (paper 000 eq. 3).",
        "地类单位面积价值 VC = Σ EC·Ea（按该地类的当量因子行；论文 000 式 3）。",
        "000 eq. 3",
        (
            Arg(
                "factors",
                "–",
                "row",
                "equivalent factors EC of the class, one per service",
                "该地类各服务的当量因子 EC",
            ),
            Arg("ea", "yuan/(ha·a)", "cell", "value of one standard equivalent Ea", "标准当量价值 Ea", minimum=0),
        ),
        calls.vc,
    ),
    Function(
        "ECO_ESV",
        "esv",
        "yuan/a",
        "Ecosystem service value ESV = Σ A·VC over ranges of areas and values per hectare (paper 000 eq. 2).",
        "生态系统服务价值 ESV = Σ A·VC（面积区域与单位面积价值区域；论文 000 式 2）。",
        "000 eq. 2",
        (
            Arg("areas", "ha", "row", "areas A of the land classes", "各地类面积 A", minimum=0, group="classes"),
            Arg(
                "values_per_ha",
                "yuan/(ha·a)",
                "row",
                "values per hectare VC, one per area",
                "各地类单位面积价值 VC",
                group="classes",
            ),
        ),
        calls.esv_total,
    ),
    Function(
        "ECO_NONMARKET",
        "non_market",
        "yuan/a",
        "Non-market value V: ESV of the 11 services minus the market-priced food production and raw materials.",
        "非市场价值 V：11 项服务的 ESV 减去已由市场定价的食物生产与原料生产。",
        "000 eq. 4",
        (
            Arg(
                "service_values",
                "yuan/a",
                "row",
                "ESV of the 11 services in the order of Xie et al. 2015",
                "按谢高地 2015 顺序的 11 项服务价值",
                size=11,
            ),
        ),
        calls.non_market,
    ),
    Function(
        "ECO_ECPS",
        "ecps",
        "–",
        "Compensation priority ECPS = (V/area)/(GDP/area) (paper 000 eq. 4).",
        "生态补偿优先级 ECPS = (V/面积)/(GDP/面积)（论文 000 式 4）。",
        "000 eq. 4",
        (
            _nonneg("non_market_value", "yuan/a", "non-market value V", "非市场价值 V"),
            _nonneg(
                "gdp",
                "yuan",
                "gross regional product GDP (same money unit as V)",
                "地区生产总值 GDP（与 V 同一货币单位）",
            ),
            Arg("area", "ha", "cell", "area of the region", "区域面积", minimum=0, strict=True),
        ),
        calls.ecps,
    ),
    Function(
        "ECO_T",
        "t",
        "–",
        "Compensation demand intensity t = 2·arctan(ECPS)/π (paper 000 eq. 6).",
        "补偿需求强度 t = 2·arctan(ECPS)/π（论文 000 式 6）。",
        "000 eq. 6",
        (_nonneg("ecps", "–", "compensation priority ECPS", "生态补偿优先级 ECPS"),),
        calls.t,
    ),
    Function(
        "ECO_COMPENSATION",
        "r",
        "yuan/a",
        "Vertical compensation amount R = V·k·t with t from ECPS (paper 000 eqs. 5–6).",
        "纵向补偿金额 R = V·k·t，t 由 ECPS 求得（论文 000 式 5–6）。",
        "000 eqs. 5–6",
        (
            _nonneg("non_market_value", "yuan/a", "non-market value V", "非市场价值 V"),
            _nonneg("ecps", "–", "compensation priority ECPS", "生态补偿优先级 ECPS"),
            _num(
                "k",
                "–",
                "compensation coefficient k (default 0.15)",
                "补偿系数 k（默认 0.15）",
                default=0.15,
                minimum=0,
                maximum=1,
            ),
        ),
        calls.compensation,
    ),
]

_GEP = [
    _gep(
        "ECO_GEP_AGRI",
        {"value": "crop_value", "quantity": "crop_output_t"},
        "yuan/a or t/a",
        "Agricultural products: value Σ E·P (yuan/a) or output Σ E (t/a) (paper 001 Table 3).",
        "农产品：价值 Σ E·P（元/年）或产量 Σ E（吨/年）（论文 001 表 3）。",
        (
            Arg("outputs", "t/a", "row", "product outputs E", "各产品产量 E", minimum=0, group="products"),
            Arg("prices", "yuan/t", "row", "product prices P", "各产品价格 P", minimum=0, group="products"),
        ),
        calls.gep_agri,
    ),
    _gep(
        "ECO_GEP_WATER",
        {"value": "water_value", "quantity": "water_m3"},
        "yuan/a or m³/a",
        "Water conservation: Q = A·(P − P·runoff − ET)·10 (m³/a) and its value Q·price (paper 001 Table 3).",
        "水源涵养：Q = A·(P − P·径流系数 − ET)·10（立方米/年）及其价值（论文 001 表 3）。",
        (
            _area(),
            _nonneg("precipitation", "mm/a", "precipitation P", "降水量 P"),
            _num("runoff_coefficient", "–", "surface runoff coefficient", "地表径流系数", minimum=0, maximum=1),
            _nonneg("evapotranspiration", "mm/a", "evapotranspiration ET", "蒸散量 ET"),
            _nonneg("water_price", "yuan/m³", "price of water storage", "单位库容造价"),
        ),
        calls.gep_water,
    ),
    _gep(
        "ECO_GEP_SOIL",
        {"value": "soil_value", "quantity": "soil_retained_t"},
        "yuan/a or t/a",
        "Soil retention: RUSLE Q = R·K·LS·(1 − C·P)·A (t/a) and its sediment and N/P value (paper 001 Table 3).",
        "土壤保持：RUSLE Q = R·K·LS·(1 − C·P)·A（吨/年）及减少泥沙淤积与氮磷面源污染价值（论文 001 表 3）。",
        (
            _area(),
            _nonneg("r", "MJ·mm/(ha·h·a)", "rainfall erosivity R", "降雨侵蚀力 R"),
            _nonneg("k", "t·ha·h/(ha·MJ·mm)", "soil erodibility K", "土壤可蚀性 K"),
            _nonneg("ls", "–", "slope length and gradient LS", "坡长坡度因子 LS"),
            _num("c", "–", "cover-management factor C", "植被覆盖因子 C", minimum=0, maximum=1),
            _num("p", "–", "support practice factor P", "水土保持措施因子 P", minimum=0, maximum=1),
            _nonneg("sediment_coefficient", "–", "sediment deposition coefficient λ", "泥沙淤积系数 λ"),
            Arg("bulk_density", "t/m³", "cell", "soil bulk density ρ", "土壤容重 ρ", minimum=0, strict=True),
            _nonneg("dredging_cost", "yuan/m³", "dredging cost", "清淤成本"),
            _nonneg("soil_n", "g/kg", "soil N content", "土壤氮含量"),
            _nonneg("soil_p", "g/kg", "soil P content", "土壤磷含量"),
            _nonneg("n_factor", "–", "N to fertiliser factor", "氮折算化肥系数"),
            _nonneg("p_factor", "–", "P to fertiliser factor", "磷折算化肥系数"),
            _nonneg("n_price", "yuan/t", "N fertiliser price", "氮肥价格"),
            _nonneg("p_price", "yuan/t", "P fertiliser price", "磷肥价格"),
        ),
        calls.gep_soil,
    ),
    _gep(
        "ECO_GEP_AIR",
        {"value": "air_value", "so2": "so2_t", "nox": "nox_t", "dust": "dust_t"},
        "yuan/a or t/a",
        "Air purification: SO2, NOx and dust absorbed, rate·A (t/a), and their value Σ Q·cost (paper 001 Table 3).",
        "空气净化：吸收 SO2、NOx 与滞尘量 速率·A（吨/年）及其价值（论文 001 表 3）。",
        (
            _area(),
            _nonneg("so2_rate", "t/(ha·a)", "SO2 absorbed per ha", "单位面积吸收 SO2"),
            _nonneg("nox_rate", "t/(ha·a)", "NOx absorbed per ha", "单位面积吸收 NOx"),
            _nonneg("dust_rate", "t/(ha·a)", "dust retained per ha", "单位面积滞尘"),
            _nonneg("so2_cost", "yuan/t", "SO2 treatment cost", "SO2 治理成本"),
            _nonneg("nox_cost", "yuan/t", "NOx treatment cost", "NOx 治理成本"),
            _nonneg("dust_cost", "yuan/t", "dust treatment cost", "降尘清理成本"),
        ),
        calls.gep_air,
    ),
    _gep(
        "ECO_GEP_CARBON",
        {"value": "co2_value", "quantity": "co2_t", "carbon": "carbon_t"},
        "yuan/a or t CO2/a",
        "Carbon fixation: CO2 = 44/12·A·(rate·(1 + β) + soil rate) (t/a) and its value (paper 001 Table 3).",
        "固碳：CO2 = 44/12·A·(植被固碳速率·(1 + β) + 土壤固碳速率)（吨/年）及其价值（论文 001 表 3）。",
        (
            _area(),
            _nonneg("vegetation_rate", "tC/(ha·a)", "vegetation carbon sequestration rate", "植被固碳速率"),
            _nonneg("beta", "–", "soil carbon coefficient β", "土壤固碳系数 β"),
            _nonneg("soil_rate", "tC/(ha·a)", "soil carbon sequestration rate", "土壤固碳速率"),
            _nonneg("carbon_to_co2", "–", "CO2 per C (44/12)", "C 转 CO2 系数（44/12）"),
            _nonneg("carbon_price", "yuan/t", "carbon price", "碳价格"),
        ),
        calls.gep_carbon,
    ),
    _gep(
        "ECO_GEP_OXYGEN",
        {"value": "o2_value", "quantity": "o2_t"},
        "yuan/a or t O2/a",
        "Oxygen release: O2 = 32/44·CO2 fixed (t/a) and its value (paper 001 Table 3).",
        "释氧：O2 = 32/44·固定的 CO2（吨/年）及其价值（论文 001 表 3）。",
        (
            _nonneg("co2", "t/a", "CO2 fixed", "固定的 CO2"),
            _nonneg("co2_to_o2", "–", "O2 per CO2 (32/44)", "CO2 转 O2 系数（32/44）"),
            _nonneg("oxygen_price", "yuan/t", "oxygen price", "氧气价格"),
        ),
        calls.gep_oxygen,
    ),
    _gep(
        "ECO_GEP_CLIMATE",
        {"value": "climate_value", "quantity": "climate_kwh"},
        "yuan/a or kWh/a",
        "Climate regulation: electricity saved heat·A·d/(3600·EER) (kWh/a) and its value (paper 001 Table 3).",
        "气候调节：节约电量 吸热量·A·天数/(3600·能效比)（千瓦时/年）及其价值（论文 001 表 3）。",
        (
            _area(),
            _nonneg("heat", "kJ/(ha·d)", "heat absorbed by vegetation per ha and day", "单位面积植被每日吸热量"),
            _nonneg("days", "d/a", "air-conditioning days", "空调开放天数"),
            Arg(
                "eer", "–", "cell", "energy efficiency ratio of air conditioners", "空调能效比", minimum=0, strict=True
            ),
            _nonneg("electricity_price", "yuan/kWh", "electricity price", "电价"),
        ),
        calls.gep_climate,
    ),
    _gep(
        "ECO_GEP_LANDSCAPE",
        {"value": "landscape_value", "quantity": "landscape_equivalent_ha"},
        "yuan/a or ha",
        "Landscape value A·S·(1/7)·grain price·grain yield (yuan/a), or the equivalent area A·S (paper 001 Table 3).",
        "景观价值 A·S·(1/7)·粮价·粮食单产（元/年），或当量面积 A·S（论文 001 表 3）。",
        (
            _area(),
            _nonneg("equivalent", "–", "landscape equivalent factor S", "景观当量因子 S"),
            _nonneg("grain_price", "yuan/t", "grain price", "粮食价格"),
            _nonneg("grain_yield", "t/ha", "grain yield", "粮食单产"),
        ),
        calls.gep_landscape,
    ),
    Function(
        "ECO_RUSLE",
        "soil_retained_t",
        "t/a",
        "Soil retained by RUSLE: R·K·LS·(1 − C·P)·A (paper 001 Table 3).",
        "RUSLE 土壤保持量：R·K·LS·(1 − C·P)·A（论文 001 表 3）。",
        "001 Table 3",
        (
            _area(),
            _nonneg("r", "MJ·mm/(ha·h·a)", "rainfall erosivity R", "降雨侵蚀力 R"),
            _nonneg("k", "t·ha·h/(ha·MJ·mm)", "soil erodibility K", "土壤可蚀性 K"),
            _nonneg("ls", "–", "slope length and gradient LS", "坡长坡度因子 LS"),
            _num("c", "–", "cover-management factor C", "植被覆盖因子 C", minimum=0, maximum=1),
            _num("p", "–", "support practice factor P", "水土保持措施因子 P", minimum=0, maximum=1),
        ),
        calls.rusle,
    ),
]

_VCS = [
    Function(
        "ECO_NPP_SCALED",
        "npp_a",
        "g C m-2 a-1",
        "NPP of the vegetated part of a mixed pixel (NPP_b·S − NPP_bg·(S − S_veg))/S_veg; 0 without vegetation "
        "(paper 002 eq. 1).",
        "混合像元植被部分的 NPP：(NPP_b·S − NPP_bg·(S − S_veg))/S_veg，无植被时为 0（论文 002 式 1）。",
        "002 eq. 1",
        (
            _nonneg("npp_pixel", "g C m-2 a-1", "NPP of the whole pixel NPP_b", "整个像元的 NPP_b"),
            _nonneg("npp_background", "g C m-2 a-1", "background NPP of the destroyed part", "破坏区背景 NPP"),
            Arg("pixel_area", "any area unit", "cell", "pixel area S", "像元面积 S", minimum=0, strict=True),
            _nonneg("vegetated_area", "unit of S", "vegetated area S_veg", "植被面积 S_veg"),
        ),
        calls.npp_scaled,
    ),
    Function(
        "ECO_VCS",
        "vcs",
        "g CO2 m-2 a-1",
        "Vegetation carbon sequestration VCS = NPP·2.2·1.63 (paper 002 eq. 2).",
        "植被固碳量 VCS = NPP·2.2·1.63（论文 002 式 2）。",
        "002 eq. 2",
        (
            _nonneg("npp", "g C m-2 a-1", "net primary production NPP", "净初级生产力 NPP"),
            _nonneg(
                "organic_matter_factor",
                "g/g C",
                "organic matter per g C (default 2.2)",
                "碳转有机物系数（默认 2.2）",
                default=2.2,
            ),
            _nonneg(
                "co2_factor",
                "g CO2/g",
                "CO2 per g organic matter (default 1.63)",
                "有机物转 CO2 系数（默认 1.63）",
                default=1.63,
            ),
        ),
        calls.vcs_value,
    ),
    Function(
        "ECO_BASELINE",
        "baseline_vcs",
        "g CO2 m-2 a-1",
        "Undisturbed baseline at a year: least-squares line through a row of years and values (paper 002 eqs. 3–4).",
        "某年的未扰动基线：对一行年份与数值做最小二乘直线（论文 002 式 3–4）。",
        "002 eqs. 3–4",
        (
            Arg(
                "years",
                "a",
                "row",
                "the years to fit (pre-destruction years)",
                "用于拟合的年份（破坏前年份）",
                group="years",
            ),
            Arg(
                "values",
                "g CO2 m-2 a-1",
                "row",
                "the values of those years (VCS)",
                "这些年份的数值（VCS）",
                group="years",
            ),
            _num("year", "a", "the year to predict", "预测年份"),
        ),
        calls.baseline,
    ),
    Function(
        "ECO_VCSD",
        "vcsd_t",
        "t CO2",
        "Carbon sequestration deficit VCSD of one patch from rows of years, NPP, destroyed and restored areas "
        "(paper 002 eqs. 1–5).",
        "单个图斑的植被固碳亏缺 VCSD（按年份、NPP、破坏面积与恢复面积各一行；论文 002 式 1–5）。",
        "002 eqs. 3–5",
        (
            Arg("years", "a", "row", "observed years, ascending", "观测年份（升序）", group="years"),
            Arg(
                "npp",
                "g C m-2 a-1",
                "row",
                "NPP per year (may be empty where not used)",
                "各年 NPP（未用到的年份可空）",
                group="years",
                allow_empty=True,
                minimum=0,
            ),
            Arg(
                "destroyed", "ha", "row", "area newly destroyed per year", "各年新增破坏面积", group="years", minimum=0
            ),
            Arg("restored", "ha", "row", "area newly restored per year", "各年新增恢复面积", group="years", minimum=0),
        ),
        calls.vcsd,
    ),
]

_UNIT_NAMES = "ha, mu, km2, yuan, 1e4 yuan, 1e8 yuan, 亩, 万元, 亿元"


def _unit_choices() -> dict[str, str]:
    out: dict[str, str] = {}
    for table in (units.AREA_UNITS, units.MONEY_UNITS):
        for code, en, zh, _ in table:
            out.update({code: code, en: code, zh: code})
    out.update({"万元": "1e4 yuan", "亿元": "1e8 yuan", "km²": "km2", "hectare": "ha"})
    return out


_OTHER = [
    Function(
        "ECO_TRANSFER_MATRIX",
        "transfer_matrix",
        "ha",
        "Land-use transfer matrix from three columns (from class, to class, area), with totals and transfers; "
        "returns an array (paper 003 Sect. 2.2).",
        "由三列（起始地类、终止地类、面积）生成土地利用转移矩阵（含合计与转出转入），返回数组（论文 003 第 2.2 节）。",
        "003 Table 3",
        (
            Arg("from_classes", "", "labels", "class at the first date", "起始年份地类", group="transitions"),
            Arg("to_classes", "", "labels", "class at the second date", "终止年份地类", group="transitions"),
            Arg("areas", "ha", "row", "area of each transition", "各转移面积", minimum=0, group="transitions"),
        ),
        calls.transfer_matrix,
        returns="array",
    ),
    Function(
        "ECO_CONVERT",
        "converted",
        "",
        f"Convert an area or money value between units: {_UNIT_NAMES}.",
        f"面积或金额的单位换算：{_UNIT_NAMES}。",
        "units",
        (
            _num("value", "", "the value", "数值"),
            Arg("from_unit", "", "text", "its unit", "原单位", choices=_unit_choices()),
            Arg("to_unit", "", "text", "the unit wanted", "目标单位", choices=_unit_choices()),
        ),
        calls.convert,
    ),
]

FUNCTIONS: tuple[Function, ...] = (*_ESV, *_GEP, *_VCS, *_OTHER)
BY_NAME: dict[str, Function] = {f.name: f for f in FUNCTIONS}


def reference_table(lang: str = "en") -> str:
    """The Markdown table of every function (docs/udf.md holds it between markers; a test compares)."""
    head = (
        "| function | returns | arguments (unit) | source |\n|---|---|---|---|\n"
        if lang == "en"
        else "| 函数 | 返回 | 参数（单位） | 出处 |\n|---|---|---|---|\n"
    )
    rows = []
    for fn in FUNCTIONS:
        args = ", ".join(
            ("[" if a.optional else "")
            + a.name
            + (f" ({a.unit})" if a.unit and a.unit != "–" else "")
            + ("]" if a.optional else "")
            for a in fn.args
        )
        what = fn.zh if lang == "zh" else fn.en
        quantity = (
            fn.quantity if isinstance(fn.quantity, str) else ", ".join(f"{k}: {v}" for k, v in fn.quantity.items())
        )
        rows.append(f"| `{fn.name}` | {what} `{quantity}` [{fn.unit}] | {args} | {fn.source} |")
    return head + "\n".join(rows) + "\n"
