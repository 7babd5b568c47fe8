"""The worksheet functions, each declared once: name, arguments with unit and shape, help in en
and zh, the quantity it returns and the call into the pure method.

Every adapter (the xlwings module ``ecoaccount.udf.xl`` and the LibreOffice Calc add-in built by
``ecoaccount.udf.calc``) is generated from ``FUNCTIONS``; ``ecoaccount.udf.adapters`` checks the
arguments against these declarations before anything is computed.

Nothing that a template or a result sheet declares is typed again here. An argument that is an
input of a template (a GEP parameter, a grain price, an NPP column) takes its label, unit and bounds
from the kind's ``SPEC`` (``ecoaccount.spec``): ``_arg(name, kind, ref)``. An argument that is a
result (Ea, ECPS, CO2 fixed) takes its label and unit from the kind's ``OUTPUTS``
(``ecoaccount.outputs``), and so does what a function returns. Units are those the functions
compute in: ha, yuan, t (``UDF_UNITS``). Sources are paper file ids (``000 eq. 1``), shown through
``ecoaccount.citations.cite`` in the reader's language.

Shapes: ``cell`` one number; ``row`` one row or one column of numbers; ``labels`` one row or
column of labels (text or numbers); ``text`` one text. ``group`` names ranges that must have the
same size; ``minimum``/``strict`` bound a number (a negative area is refused).
``quantity`` is the id of what the function returns (``ea``, ``vc``, ``total``, ``ecps``, ``t``,
``r`` ...), the id of the declared output column (``ecoaccount.outputs``) it mirrors. ``output``
names that column as ``kind.table.column``, and the column's ``udf`` flag names the function back
(tests/test_udf_contract.py holds the two together); a function that mirrors no column is a
``helper`` (unit conversion, transfer matrix).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ecoaccount import units
from ecoaccount.citations import cite
from ecoaccount.outputs import DIMENSIONLESS, ResultColumn, UnitChoice, render_unit
from ecoaccount.spec import Field, Param, unit_text
from ecoaccount.udf import calls

REQUIRED = object()
#: The units the functions compute in, for the unit parameters of the templates ...
UDF_UNITS = {"area_unit": "ha", "gdp_unit": "yuan", "out_unit": "yuan", "mass_unit": "t"}
#: ... and for the unit variables of the output declarations.
UDF_CHOICES = {
    "money": UnitChoice("yuan", "元", 1.0),
    "mass": UnitChoice("t", "吨", 1.0),
    "area": UnitChoice("ha", "公顷", 1.0),
}


@dataclass(frozen=True)
class Arg:
    name: str
    unit: str  # "" for a pure number or a text
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
    unit_zh: str = ""  # the unit in Chinese, where it differs

    @property
    def optional(self) -> bool:
        return self.default is not REQUIRED

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def unit_text(self, lang: str) -> str:
        return self.unit_zh if lang == "zh" and self.unit_zh else self.unit


@dataclass(frozen=True)
class Function:
    """``about_en``/``about_zh`` say what the function computes; a ``{choice}`` placeholder there
    is the unit of that result (``{value}`` → yuan/a). ``source`` is ``<paper id> <place>``."""

    name: str
    quantity: str | Mapping[str, str]  # an output id, or per choice of the ``result`` argument
    about_en: str
    about_zh: str
    source: str
    args: tuple[Arg, ...]
    call: Callable[..., Any]
    returns: str = "number"  # number | array
    category: str = "ecoaccount"
    extra: dict[str, Any] = field(default_factory=dict)
    output: str | None = None  # the declared output column it mirrors: kind.table.column
    helper: bool = False  # mirrors no output column (unit conversion, transfer matrix)
    helper_unit: tuple[str, str] = ("", "")  # a helper's unit (en, zh): no output declares it

    @property
    def value_quantity(self) -> str:
        """The quantity of the default result (``value`` for a function with a ``result`` choice)."""
        return self.quantity if isinstance(self.quantity, str) else self.quantity["value"]

    def results(self) -> dict[str, ResultColumn]:
        """The declared output column of each result (``{"value": column}`` without a choice)."""
        if self.output is None:
            return {}
        kind, table, _ = self.output.split(".")
        qs = {"value": self.quantity} if isinstance(self.quantity, str) else dict(self.quantity)
        return {choice: _column(kind, table, q) for choice, q in qs.items()}

    def result_units(self, lang: str) -> dict[str, str]:
        return {choice: render_unit(c.unit, lang, UDF_CHOICES) for choice, c in self.results().items()}

    def unit_text(self, lang: str) -> str:
        """The unit of the result(s): ``yuan/a or t/a`` / ``元/年 或 吨/年``; "" for a pure number."""
        if self.helper:
            return self.helper_unit[1] if lang == "zh" else self.helper_unit[0]
        shown = dict.fromkeys(u for u in self.result_units(lang).values() if u)
        return (" 或 " if lang == "zh" else " or ").join(shown)

    def source_text(self, lang: str) -> str:
        """``000 eq. 1`` as ``Wang, Fan et al., …, eq. 1`` / ``Wang、Fan 等，…，式 1``; "–" for none."""
        if not self.source:
            return "–"
        paper, _, place = self.source.partition(" ")
        if lang == "zh":
            place = re.sub(r"\beqs?\. ", "式 ", place).replace("Table ", "表 ")
            place = re.sub(r"Sect\. ([\d.]+)", r"第 \1 节", place)
            return cite(f"论文 {paper} {place}", "zh")
        return cite(f"paper {paper} {place}", "en")

    def about(self, lang: str) -> str:
        """What it computes, with the units of its results."""
        return (self.about_zh if lang == "zh" else self.about_en).format(**self.result_units(lang))

    def help(self, lang: str) -> str:
        """One line: what it computes, with its units, and where the equation comes from."""
        about = self.about(lang)
        if not self.source:
            return about + ("。" if lang == "zh" else ".")
        return f"{about}（{self.source_text(lang)}）。" if lang == "zh" else f"{about} ({self.source_text(lang)})."


# --- the declarations the arguments come from ---------------------------------------------------------
@cache
def _kind(kind: str) -> Any:
    from ecoaccount.kinds import KINDS

    return KINDS[kind]


def _column(kind: str, table: str, column: str) -> ResultColumn:
    return _kind(kind).OUTPUTS.tables()[table][1].column(column)


def _declared(kind: str, ref: str) -> Field | Param | ResultColumn:
    """``out:table.column`` of the kind's OUTPUTS, ``table.field`` of its SPEC, or a parameter id
    (or, for a bare id that is no parameter, the first field of that id)."""
    spec = _kind(kind).SPEC
    if ref.startswith("out:"):
        return _column(kind, *ref[4:].split("."))
    if "." in ref:
        table, fid = ref.split(".")
        return spec.table(table).field(fid)
    try:
        return spec.param(ref)
    except KeyError:
        return next(f for t in spec.tables for f in t.fields if f.id == ref)


def _bounds(kind: str, d: Field | Param) -> tuple[float | None, float | None]:
    """The declared interval; a GEP coefficient whose field leaves it to the method (C and P, which
    the method checks per coefficient set) has it in the parameter table the field is built from."""
    lo, hi = d.min, d.max
    if kind == "gep" and lo is None and hi is None:
        from ecoaccount.methods.gep import parameter_spec

        rows = parameter_spec().query("id == @d.id")
        if len(rows):
            lo, hi = (None if x != x else float(x) for x in (rows["min"].iloc[0], rows["max"].iloc[0]))
    return lo, hi


def _input_unit(d: Field | Param, lang: str) -> str:
    """The declared unit (a field's Chinese one in zh), ``{area_unit}`` as ha; "" for a pure number."""
    declared = d.unit_zh if lang == "zh" and isinstance(d, Field) and d.unit_zh else d.unit
    text = unit_text(declared, lang, UDF_UNITS)
    return "" if text in ("", "–", "-", DIMENSIONLESS) else text


def _lower(label: str) -> str:
    """``Sown area`` → ``sown area`` inside a sentence; symbols (``Ea``, ``S (pixel area)``) stay."""
    word = label.split(" ")[0]
    return label[:1].lower() + label[1:] if len(word) > 2 and word[1:].islower() else label


def _arg(
    name: str, kind: str, ref: str | None = None, shape: str = "cell", say: tuple[str, str] = ("", ""), **kw: Any
) -> Arg:
    """An argument from the declaration ``ref`` (default: ``name``) of ``kind``: label, unit, bounds
    (and a parameter's default only when ``default`` is passed as ``"declared"``).

    ``say`` words the label for the function, ``{label}`` standing for the declared one (the English
    label in lower case): ``("grain {label} m, one per crop", "各作物粮食{label} m")``.
    """
    d = _declared(kind, ref or name)
    label_en = _lower(d.en)
    en = say[0].format(label=label_en) if say[0] else label_en
    zh = say[1].format(label=d.zh) if say[1] else d.zh
    if isinstance(d, ResultColumn):
        unit_en, unit_zh = (render_unit(d.unit, lang, UDF_CHOICES) for lang in ("en", "zh"))
        bounds: dict[str, Any] = {}
    else:
        unit_en, unit_zh = _input_unit(d, "en"), _input_unit(d, "zh")
        lo, hi = _bounds(kind, d)
        bounds = {"minimum": lo, "maximum": hi}
        if kw.get("default") == "declared":
            kw["default"] = d.default
    return Arg(name, unit_en, shape, en, zh, **{**bounds, **kw}, unit_zh=unit_zh if unit_zh != unit_en else "")


def _gep(*args: str | tuple[str, str]) -> tuple[Arg, ...]:
    """GEP arguments, each ``name`` or ``(name, declared id)``: a parameter or a coefficient."""
    return tuple(_arg(a, "gep") if isinstance(a, str) else _arg(a[0], "gep", a[1]) for a in args)


def _area() -> Arg:
    return _arg("area", "gep", "land_use.area")


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


def _gep_function(name, quantities, en, zh, args, call) -> Function:
    value = dict(quantities)["value"]
    return Function(
        name,
        dict(quantities),
        en,
        zh,
        "001 Table 3",
        (*args, _result(quantities)),
        call,
        extra={"choice_columns": dict(quantities)},
        output=f"gep.quantities.{value}",
    )


# Results of one ESV function that others take as arguments.
_NON_MARKET = _arg("non_market_value", "esv", "out:summary.non_market", minimum=0)
_ECPS = _arg(
    "ecps", "esv", "out:compensation.ecps", say=("compensation priority {label}", "生态补偿优先级 {label}"), minimum=0
)

_ESV = [
    Function(
        "ECO_EA",
        "ea",
        "Value of one standard equivalent Ea = (1/7)·Σ m·p·q / Σ q",
        "一个标准当量的价值 Ea = (1/7)·Σ m·p·q / Σ q",
        "000 eq. 1",
        (
            _arg(
                "prices",
                "esv",
                "grain.price",
                "row",
                ("grain {label} m, one per crop", "各作物粮食{label} m"),
                group="crops",
            ),
            _arg("yields", "esv", "grain.yield", "row", ("{label} p, one per crop", "各作物{label} p"), group="crops"),
            _arg(
                "sown_areas",
                "esv",
                "grain.sown_area",
                "row",
                ("{label} q, one per crop", "各作物{label} q"),
                group="crops",
            ),
        ),
        calls.ea,
        output="esv.ea.ea",
    ),
    Function(
        "ECO_VC",
        "vc",
        "Value per hectare of a land class VC = Σ EC·Ea over its row of factors",
        "地类单位面积价值 VC = Σ EC·Ea，按该地类的当量因子行求和",
        "000 eq. 3",
        (
            Arg(
                "factors", "", "row", "equivalent factors EC of the class, one per service", "该地类各服务的当量因子 EC"
            ),
            _arg(
                "ea",
                "esv",
                "out:ea.ea",
                say=("value of one standard equivalent {label}", "标准当量价值 {label}"),
                minimum=0,
            ),
        ),
        calls.vc,
        output="esv.esv.vc",
    ),
    Function(
        "ECO_ESV",
        "total",
        "Ecosystem service value ESV = Σ A·VC over ranges of areas and values per hectare",
        "生态系统服务价值 ESV = Σ A·VC，对面积区域与单位面积价值区域求和",
        "000 eq. 2",
        (
            Arg(
                "areas",
                "ha",
                "row",
                "areas A of the land classes",
                "各地类面积 A",
                minimum=0,
                group="classes",
                unit_zh="公顷",
            ),
            _arg(
                "values_per_ha",
                "esv",
                "out:esv.vc",
                "row",
                ("values per hectare VC, one per area", "各地类{label}"),
                group="classes",
            ),
        ),
        calls.esv_total,
        output="esv.summary.total",
    ),
    Function(
        "ECO_NONMARKET",
        "non_market",
        "Non-market value V: ESV of the 11 services minus the market-priced food production and raw materials",
        "非市场价值 V：11 项服务的 ESV 减去已由市场定价的食物生产与原料生产",
        "000 eq. 4",
        (
            Arg(
                "service_values",
                "yuan/a",
                "row",
                "ESV of the 11 services in the order of Xie et al. 2015",
                "按谢高地 2015 顺序的 11 项服务价值",
                size=11,
                unit_zh="元/年",
            ),
        ),
        calls.non_market,
        output="esv.summary.non_market",
    ),
    Function(
        "ECO_ECPS",
        "ecps",
        "Compensation priority ECPS = (V/area)/(GDP/area)",
        "生态补偿优先级 ECPS = (V/面积)/(GDP/面积)",
        "000 eq. 4",
        (
            _NON_MARKET,
            _arg(
                "gdp",
                "esv",
                "gdp.gdp",
                say=("gross regional product {label} (same money unit as V)", "{label} GDP（与 V 同一货币单位）"),
            ),
            Arg("area", "ha", "cell", "area of the region", "区域面积", minimum=0, strict=True, unit_zh="公顷"),
        ),
        calls.ecps,
        output="esv.compensation.ecps",
    ),
    Function(
        "ECO_T",
        "t",
        "Compensation demand intensity t = 2·arctan(ECPS)/π",
        "补偿需求强度 t = 2·arctan(ECPS)/π",
        "000 eq. 6",
        (_ECPS,),
        calls.t,
        output="esv.compensation.t",
    ),
    Function(
        "ECO_COMPENSATION",
        "r",
        "Vertical compensation amount R = V·k·t with t from ECPS",
        "纵向补偿金额 R = V·k·t，t 由 ECPS 求得",
        "000 eqs. 5–6",
        (
            _NON_MARKET,
            _ECPS,
            _arg("k", "esv", default="declared"),
        ),
        calls.compensation,
        output="esv.compensation.r",
    ),
]

_SOIL = (
    ("r", "rainfall_erosivity"),
    ("k", "rusle_k"),
    ("ls", "slope_length_gradient"),
    ("c", "rusle_c"),
    ("p", "rusle_p"),
)

_GEP = [
    _gep_function(
        "ECO_GEP_AGRI",
        {"value": "crop_value", "quantity": "crop_output_t"},
        "Agricultural products: value Σ E·P ({value}) or output Σ E ({quantity})",
        "农产品：价值 Σ E·P（{value}）或产量 Σ E（{quantity}）",
        (
            _arg(
                "outputs",
                "gep",
                "products.output_t",
                "row",
                ("product {label}s E", "各产品{label} E"),
                group="products",
            ),
            _arg(
                "prices",
                "gep",
                "products.price_yuan_per_t",
                "row",
                ("product {label}s P", "各产品{label} P"),
                group="products",
            ),
        ),
        calls.gep_agri,
    ),
    _gep_function(
        "ECO_GEP_WATER",
        {"value": "water_value", "quantity": "water_m3"},
        "Water conservation: Q = A·(P − P·runoff − ET)·10 ({quantity}) and its value Q·price ({value})",
        "水源涵养：Q = A·(P − P·径流系数 − ET)·10（{quantity}）及其价值（{value}）",
        (_area(), *_gep("precipitation", "runoff_coefficient", "evapotranspiration", "water_price")),
        calls.gep_water,
    ),
    _gep_function(
        "ECO_GEP_SOIL",
        {"value": "soil_value", "quantity": "soil_retained_t"},
        "Soil retention: RUSLE Q = R·K·LS·(1 − C·P)·A ({quantity}) and its sediment and N/P value ({value})",
        "土壤保持：RUSLE Q = R·K·LS·(1 − C·P)·A（{quantity}）及减少泥沙淤积与氮磷面源污染价值（{value}）",
        (
            _area(),
            *_gep(
                *_SOIL,
                "sediment_coefficient",
                ("bulk_density", "soil_bulk_density"),
                "dredging_cost",
                ("soil_n", "soil_n_content"),
                ("soil_p", "soil_p_content"),
                ("n_factor", "n_fertiliser_factor"),
                ("p_factor", "p_fertiliser_factor"),
                ("n_price", "n_fertiliser_price"),
                ("p_price", "p_fertiliser_price"),
            ),
        ),
        calls.gep_soil,
    ),
    _gep_function(
        "ECO_GEP_AIR",
        {"value": "air_value", "so2": "so2_t", "nox": "nox_t", "dust": "dust_t"},
        "Air purification: SO2, NOx and dust absorbed, rate·A ({so2}), and their value Σ Q·cost ({value})",
        "空气净化：吸收 SO2、NOx 与滞尘量 速率·A（{so2}）及其价值（{value}）",
        (_area(), *_gep("so2_rate", "nox_rate", "dust_rate", "so2_cost", "nox_cost", "dust_cost")),
        calls.gep_air,
    ),
    _gep_function(
        "ECO_GEP_CARBON",
        {"value": "co2_value", "quantity": "co2_t", "carbon": "carbon_t"},
        "Carbon fixation: CO2 = 44/12·A·(rate·(1 + β) + soil rate) ({quantity}) and its value ({value})",
        "固碳：CO2 = 44/12·A·(植被固碳速率·(1 + β) + 土壤固碳速率)（{quantity}）及其价值（{value}）",
        (
            _area(),
            *_gep(
                ("vegetation_rate", "vegetation_carbon_rate"),
                ("beta", "soil_carbon_coefficient"),
                ("soil_rate", "soil_carbon_rate"),
                "carbon_to_co2",
                "carbon_price",
            ),
        ),
        calls.gep_carbon,
    ),
    _gep_function(
        "ECO_GEP_OXYGEN",
        {"value": "o2_value", "quantity": "o2_t"},
        "Oxygen release: O2 = 32/44·CO2 fixed ({quantity}) and its value ({value})",
        "释氧：O2 = 32/44·固定的 CO2（{quantity}）及其价值（{value}）",
        (_arg("co2", "gep", "out:quantities.co2_t", minimum=0), *_gep("co2_to_o2", "oxygen_price")),
        calls.gep_oxygen,
    ),
    _gep_function(
        "ECO_GEP_CLIMATE",
        {"value": "climate_value", "quantity": "climate_kwh"},
        "Climate regulation: electricity saved heat·A·d/(3600·EER) ({quantity}) and its value ({value})",
        "气候调节：节约电量 吸热量·A·天数/(3600·能效比)（{quantity}）及其价值（{value}）",
        (_area(), *_gep(("heat", "heat_absorbed"), ("days", "ac_days"), ("eer", "ac_eer"), "electricity_price")),
        calls.gep_climate,
    ),
    _gep_function(
        "ECO_GEP_LANDSCAPE",
        {"value": "landscape_value", "quantity": "landscape_equivalent_ha"},
        "Landscape value A·S·(1/7)·grain price·grain yield ({value}), or the equivalent area A·S ({quantity})",
        "景观价值 A·S·(1/7)·粮价·粮食单产（{value}），或当量面积 A·S（{quantity}）",
        (_area(), *_gep(("equivalent", "landscape_equivalent"), "grain_price", "grain_yield")),
        calls.gep_landscape,
    ),
    Function(
        "ECO_RUSLE",
        "soil_retained_t",
        "Soil retained by RUSLE: R·K·LS·(1 − C·P)·A",
        "RUSLE 土壤保持量：R·K·LS·(1 − C·P)·A",
        "001 Table 3",
        (_area(), *_gep(*_SOIL)),
        calls.rusle,
        output="gep.quantities.soil_retained_t",
    ),
]

_VCS = [
    Function(
        "ECO_NPP_SCALED",
        "npp_a",
        "NPP of the vegetated part of a mixed pixel (NPP_b·S − NPP_bg·(S − S_veg))/S_veg; 0 without vegetation",
        "混合像元植被部分的 NPP：(NPP_b·S − NPP_bg·(S − S_veg))/S_veg，无植被时为 0",
        "002 eq. 1",
        (
            _arg("npp_pixel", "vcs", "annual.npp_b"),
            _arg("npp_background", "vcs", "annual.npp_bg"),
            _arg("pixel_area", "vcs", "annual.s", strict=True),
            _arg("vegetated_area", "vcs", "annual.s_veg"),
        ),
        calls.npp_scaled,
        output="vcs.patch_year.npp_a",
    ),
    Function(
        "ECO_VCS",
        "vcs",
        "Vegetation carbon sequestration VCS = NPP·2.2·1.63",
        "植被固碳量 VCS = NPP·2.2·1.63",
        "002 eq. 2",
        (
            _arg("npp", "vcs", "annual.npp", say=("net primary production {label}", "净初级生产力 {label}")),
            _arg("organic_matter_factor", "vcs", "npp_to_organic_matter", default="declared"),
            _arg("co2_factor", "vcs", "organic_matter_to_co2", default="declared"),
        ),
        calls.vcs_value,
        output="vcs.patch_year.vcs",
    ),
    Function(
        "ECO_BASELINE",
        "baseline",
        "Undisturbed baseline at a year: least-squares line through a row of years and values",
        "某年的未扰动基线：对一行年份与数值做最小二乘直线",
        "002 eqs. 3–4",
        (
            Arg(
                "years",
                "a",
                "row",
                "the years to fit (pre-destruction years)",
                "用于拟合的年份（破坏前年份）",
                group="years",
                unit_zh="年",
            ),
            _arg(
                "values",
                "vcs",
                "out:patch_year.vcs",
                "row",
                ("the values of those years ({label})", "这些年份的数值（{label}）"),
                group="years",
            ),
            Arg("year", "a", "cell", "the year to predict", "预测年份", unit_zh="年"),
        ),
        calls.baseline,
        output="vcs.patch_year.baseline",
    ),
    Function(
        "ECO_VCSD",
        "vcsd",
        "Carbon sequestration deficit VCSD of one patch from rows of years, NPP, destroyed and restored areas",
        "单个图斑的植被固碳亏缺 VCSD，按年份、NPP、破坏面积与恢复面积各一行",
        "002 eqs. 1–5",
        (
            Arg("years", "a", "row", "observed years, ascending", "观测年份（升序）", group="years", unit_zh="年"),
            _arg(
                "npp",
                "vcs",
                "annual.npp",
                "row",
                ("{label} per year (may be empty where not used)", "各年 {label}（未用到的年份可空）"),
                group="years",
                allow_empty=True,
            ),
            _arg(
                "destroyed",
                "vcs",
                "annual.destroyed",
                "row",
                ("area newly destroyed per year", "各年新增{label}"),
                group="years",
            ),
            _arg(
                "restored",
                "vcs",
                "annual.restored",
                "row",
                ("area newly restored per year", "各年新增{label}"),
                group="years",
            ),
        ),
        calls.vcsd,
        output="vcs.baseline.vcsd",
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
        "Land-use transfer matrix from three columns (from class, to class, area), with totals and transfers; "
        "returns an array",
        "由三列（起始地类、终止地类、面积）生成土地利用转移矩阵（含合计与转出转入），返回数组",
        "003 Sect. 2.2",
        (
            _arg("from_classes", "landuse", "transitions.from_class", "labels", group="transitions"),
            _arg("to_classes", "landuse", "transitions.to_class", "labels", group="transitions"),
            _arg(
                "areas",
                "landuse",
                "transitions.area",
                "row",
                ("{label} of each transition", "各转移{label}"),
                group="transitions",
            ),
        ),
        calls.transfer_matrix,
        returns="array",
        helper=True,
        helper_unit=("ha", "公顷"),
    ),
    Function(
        "ECO_CONVERT",
        "converted",
        f"Convert an area or money value between units: {_UNIT_NAMES}",
        f"面积或金额的单位换算：{_UNIT_NAMES}",
        "",
        (
            Arg("value", "", "cell", "the value", "数值"),
            Arg("from_unit", "", "text", "its unit", "原单位", choices=_unit_choices()),
            Arg("to_unit", "", "text", "the unit wanted", "目标单位", choices=_unit_choices()),
        ),
        calls.convert,
        helper=True,
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
            + (f" ({a.unit_text(lang)})" if a.unit_text(lang) else "")
            + ("]" if a.optional else "")
            for a in fn.args
        )
        quantity = (
            fn.quantity if isinstance(fn.quantity, str) else ", ".join(f"{k}: {v}" for k, v in fn.quantity.items())
        )
        unit = f" [{fn.unit_text(lang)}]" if fn.unit_text(lang) else ""
        rows.append(f"| `{fn.name}` | {fn.about(lang)} `{quantity}`{unit} | {args} | {fn.source_text(lang)} |")
    return head + "\n".join(rows) + "\n"
