"""The GEP template (GEP of a mine-site restoration project, paper 001): declaration, checks, result
sheets.

The declaration below is the only list of this template's tables, fields and parameters; the
template, the reader, validation, the docs' template reference and the CLI help all use it. The
per-land-type coefficients and the project-wide parameters come from ``data/gep_parameters.csv``
(value, unit, bounds and source of each), so the template and the method cannot disagree.

Result sheets (formulas of ``ecoaccount.methods.gep`` with the engine's values):

- ``Settings``: unit factors as defined names (``GEP_area_factor``, ``GEP_out_factor``);
- ``ProductValues``: output × price per row of the Products table;
- ``Quantities``: one row per scenario × land type: its coefficient set (looked up in LandTypes),
  the coefficients (INDEX/MATCH on the Coefficients table), every physical quantity with its unit
  and every value (Table 3 formulas), and the GEP;
- ``Indicators`` (paper Table 4): quantity and value per indicator component and scenario, totals
  per indicator and service group, with shares and the change from the baseline scenario;
- ``Composition`` (Table 5): value per indicator and land type, with shares;
- ``LandTypeGEP`` (Table 6): area, GEP, share and rank per land type;
- ``Checks`` and ``Audit``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name

from ecoaccount import messages as M
from ecoaccount.citations import source_zh
from ecoaccount.methods import gep as method
from ecoaccount.problems import Problem, RowProblem
from ecoaccount.spec import Field, Param, TableSpec, TemplateSpec
from ecoaccount.units import AREA_UNITS, MONEY_UNITS, codes, factor
from ecoaccount.workbook.reader import InputTable, Parsed
from ecoaccount.workbook.writer import Label, OutSheet, ResultBook, label, pick

PREFIX = "GEP"

INDICATOR_LABELS: dict[str, tuple[str, str]] = {
    "agricultural_products": ("Agricultural products", "农产品"),
    "water_conservation": ("Water conservation", "水源涵养"),
    "soil_retention": ("Soil retention", "土壤保持"),
    "air_purification": ("Air purification", "空气净化"),
    "carbon_fixation": ("Carbon fixation", "固碳"),
    "oxygen_release": ("Oxygen release", "释氧"),
    "climate_regulation": ("Climate regulation", "气候调节"),
    "landscape": ("Landscape value", "景观价值"),
}
COMPONENT_LABELS: dict[str, tuple[str, str]] = {
    "crops": ("crop output", "农产品产量"),
    "water": ("water conserved", "水源涵养量"),
    "sediment_reduction": ("soil retained; sediment reduction", "土壤保持量；减少泥沙淤积"),
    "nitrogen_nonpoint": (
        "N non-point pollution (fertiliser equivalent)",
        "减少氮面源污染（折合化肥）",
    ),
    "phosphorus_nonpoint": (
        "P non-point pollution (fertiliser equivalent)",
        "减少磷面源污染（折合化肥）",
    ),
    "so2": ("SO2 purified", "净化二氧化硫"),
    "nox": ("NOx purified", "净化氮氧化物"),
    "dust": ("dust retained", "滞尘"),
    "co2": ("CO2 fixed", "固定二氧化碳"),
    "o2": ("O2 released", "释放氧气"),
    "electricity_saved": ("electricity saved", "节约电量"),
    "equivalent_area": ("equivalent area S·A", "当量面积 S·A"),
}
GROUP_LABELS: dict[str, tuple[str, str]] = {
    "provisioning": ("Provisioning", "供给服务"),
    "regulating": ("Regulating", "调节服务"),
    "cultural": ("Cultural", "文化服务"),
}
UNIT_LABELS = {"m3": "m³", "t": "t", "kWh": "kWh", "ha": "ha"}
#: The indicator value column of the Quantities sheet (sum of its components).
INDICATOR_VALUE = {
    "agricultural_products": "crop_value",
    "water_conservation": "water_value",
    "soil_retention": "soil_value",
    "air_purification": "air_value",
    "carbon_fixation": "co2_value",
    "oxygen_release": "o2_value",
    "climate_regulation": "climate_value",
    "landscape": "landscape_value",
}


# -- the declaration, built from the parameter table ----------------------------------------------
def _unit(u: object) -> str:
    u = "" if u is None or (isinstance(u, float) and math.isnan(u)) else str(u)
    return "" if u in ("-", "–") else u


def _num(v: object) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def _coefficient_fields() -> tuple[Field, ...]:
    """One field per per-set coefficient of ``gep_parameters.csv``; ``about`` lists the sources."""
    table = method.parameter_spec()
    per = table[table["coefficient_set"] != ""]
    fields = []
    for pid in dict.fromkeys(per["id"]):
        rows = per[per["id"] == pid]
        generic = rows[rows["coefficient_set"] == "none"]
        first = (generic if len(generic) else rows).iloc[0]
        by_source: dict[str, list[str]] = {}
        for r in rows.itertuples():
            by_source.setdefault(str(r.source), []).append(str(r.coefficient_set))
        about = "; ".join(f"{', '.join(s)}: {src}" for src, s in by_source.items())
        about_zh = "；".join(f"{', '.join(s)}：{source_zh(src)}" for src, s in by_source.items())
        # C and P are checked by the method, whose message names the coefficient set and the
        # interval [0, 1]; the other bounds are checked by the reader.
        lo, hi = (
            (None, None)
            if pid in ("rusle_c", "rusle_p")
            else (_num(first["min"]), _num(first["max"]))
        )
        fields.append(
            Field(
                pid,
                str(first.label_en),
                str(first.label_zh),
                "number",
                _unit(first.unit),
                required=False,
                min=lo,
                max=hi,
                about=about,
                width=16,
                about_zh=about_zh,
            )
        )
    return tuple(fields)


def _method_params() -> tuple[Param, ...]:
    table = method.parameter_spec()
    glob = table[table["coefficient_set"] == ""]
    return tuple(
        Param(
            str(r.id),
            str(r.label_en),
            str(r.label_zh),
            _num(r.value),
            _unit(r.unit),
            str(r.source),
            "number",
            _num(r["min"]),
            _num(r["max"]),
            required=False,
        )
        for _, r in glob.iterrows()
    )


COEFFICIENT_FIELDS = _coefficient_fields()
SET_IDS: tuple[str, ...] = tuple(f.id for f in COEFFICIENT_FIELDS)
METHOD_PARAMS = _method_params()
GLOBAL_IDS: tuple[str, ...] = tuple(p.id for p in METHOD_PARAMS)

SCENARIO = Field(
    "scenario",
    "Scenario",
    "情景",
    "text",
    width=14,
    about="e.g. before / after restoration, or a monitoring year",
)
LAND_TYPE = Field(
    "land_type",
    "Land type",
    "地类",
    "choice",
    choices=("gep_land_type",),
    width=20,
    about="a land type of the LandTypes sheet (English or Chinese name)",
)


def _land_type_lists() -> dict[str, dict[str, tuple[str, ...]]]:
    m = method.default_land_types()
    sets = tuple(
        dict.fromkeys(method.parameter_spec().query("coefficient_set != ''")["coefficient_set"])
    )
    return {
        "gep_land_type": {"en": tuple(m["land_type"]), "zh": tuple(m["land_type_zh"])},
        "gep_coefficient_set": {"en": sets, "zh": sets},
    }


SPEC = TemplateSpec(
    kind="gep",
    version="1",
    title_en=(
        "GEP of a mine-site restoration project (eight indicators, before/after and further "
        "scenarios)"
    ),
    title_zh="矿山生态修复项目生态系统生产总值（GEP）核算（八项指标，修复前后及其他情景）",
    instructions_en=(
        "1. Parameters sheet, project block: project name, county, area unit, project area and "
        "the names of the baseline and target scenarios (default before / after; they must be "
        "spelled as in LandUse).",
        "2. LandUse: one row per scenario, land type and (optionally) parcel, with its area. "
        "Scenarios are free text: before, after, or monitoring years; any number of them. The "
        "areas of every scenario must add up to the project area. Mining and construction land "
        "provide no service: list them, their zero rows are shown in the results.",
        "3. Products: agricultural products per scenario and land type (output in t and price in "
        "yuan/t); leave empty when there are none.",
        "4. LandTypes maps each land type (English or Chinese name, the contractor's own names "
        "welcome) onto a coefficient set of the Coefficients sheet. Coefficients holds one row "
        "per set: RUSLE K, C, P, runoff coefficient, ET, SO2/NOx/dust rates, carbon rates, heat "
        "absorbed, landscape factor. An empty cell must be supplied when a land type with area "
        "uses that set. Add a set (e.g. forest_before) for land that needs its own values.",
        "5. Parameters: site parameters with defaults from paper 001 and the national guidelines "
        "it cites; empty = must be supplied (precipitation, water price, carbon price, days with "
        "air-conditioning, grain price and yield). Override any default with the project's own "
        "value.",
        "6. Run `ecoaccount check FILE` to list every problem at once, then "
        "`ecoaccount fill FILE -o OUT.xlsx`.",
        "Method (paper 001_cf6a641da64b4c83, Table 3; A = area in ha): agricultural products "
        "Σ E·P; water conservation A·(P − R − ET)·10⁻³ (A in m²) × water price; soil retention "
        "R·K·LS·(1 − C·P)·A with sediment value λ·(Q/ρ)·c and N, P non-point pollution "
        "Q·content·α·price; air purification rate·A·cost; carbon A·(FCSR·(1 + β) + soil "
        "rate)·44/12 × carbon price; oxygen 32/44·CO2 × oxygen price; climate "
        "heat·A·d/(3600·EER) × electricity price; landscape S·A·(1/7)·P_a·P_b.",
    ),
    instructions_zh=(
        "1. “参数”表项目信息：项目名称、所在县（区）、面积单位、项目区面积，"
        "以及基准情景与目标情景名称（默认 修复前 / 修复后，须与“土地利用”表中的写法一致）。",
        "2. “土地利用”表：每个情景、地类（及可选的图斑）一行，填写面积。"
        "情景为自由文本：修复前、修复后或监测年份，个数不限。"
        "每个情景的面积之和须等于项目区面积。"
        "采矿用地、建设用地不提供服务，也请列出，结果中显示为 0。",
        "3. “农产品”表：各情景、地类的农产品产量（吨）与价格（元/吨）；没有则留空。",
        "4. “地类对应”表把每个地类（中文或英文名称，可用自己的地类名称）"
        "对应到“系数”表的系数组。“系数”表每组一行：K、C、P、径流系数、蒸散发、"
        "SO2/NOx/粉尘吸收量、固碳速率、吸热量、景观当量因子。"
        "有面积的地类所用系数组中的空白单元格必须填写。"
        "需要不同取值的土地（如修复前林地）可新增一个系数组。",
        "5. “参数”表：默认值取自论文 001 及其引用的国家技术规范；"
        "空白表示必须填写（降水量、水价、碳价、空调开放天数、粮食价格和单产）。"
        "可用项目自己的数值替换任何默认值。",
        "6. 运行 `ecoaccount check 文件` 一次列出全部问题，"
        "然后运行 `ecoaccount fill 文件 -o 结果.xlsx`。",
        "方法（论文 001 表3；A 为面积，公顷）：农产品 Σ E·P；水源涵养 A·(P − R − ET)·10⁻³ "
        "× 水价；土壤保持 R·K·LS·(1 − C·P)·A，减少泥沙淤积价值 λ·(Q/ρ)·c，"
        "氮磷面源污染 Q·含量·α·价格；空气净化 吸收量·A·治理成本；"
        "固碳 A·(FCSR·(1 + β) + 土壤固碳速率)·44/12 × 碳价；释氧 32/44·CO2 × 氧气价格；"
        "气候调节 吸热量·A·d/(3600·能效比) × 电价；景观 S·A·(1/7)·P_a·P_b。",
    ),
    tables=(
        TableSpec(
            "land_use",
            "tblGepLandUse",
            "LandUse",
            "土地利用",
            (
                SCENARIO,
                Field(
                    "parcel",
                    "Parcel",
                    "图斑",
                    "text",
                    required=False,
                    width=14,
                    about="optional parcel or patch id; rows of the same land type are summed",
                ),
                LAND_TYPE,
                Field("area", "Area", "面积", "number", "{area_unit}", min=0),
            ),
            "Area per scenario, land type and (optionally) parcel, in the area unit of the "
            "Parameters sheet.",
            "各情景、地类（及图斑）面积，单位见“参数”表的面积单位。",
            key=("scenario", "parcel", "land_type"),
            blank_rows=30,
        ),
        TableSpec(
            "products",
            "tblGepProducts",
            "Products",
            "农产品",
            (
                SCENARIO,
                LAND_TYPE,
                Field("crop", "Product", "产品", "text", width=18),
                Field("output_t", "Output", "产量", "number", "t/a", min=0, unit_zh="吨/年"),
                Field("price_yuan_per_t", "Price", "价格", "number", "yuan/t", min=0, unit_zh="元/吨"),
            ),
            "Agricultural products (market value V = Σ E·P, Table 3); may stay empty.",
            "农产品（市场价值法 V = Σ E·P，表3）；可为空。",
            key=("scenario", "land_type", "crop"),
            blank_rows=10,
            min_rows=0,
        ),
        TableSpec(
            "land_types",
            "tblGepLandTypes",
            "LandTypes",
            "地类对应",
            (
                # Either name is enough (a land type added with only a Chinese name is fine).
                Field("land_type", "Land type", "地类（英文）", "text", required=False, width=24),
                Field("land_type_zh", "Land type (zh)", "地类", "text", required=False, width=16),
                Field(
                    "coefficient_set",
                    "Coefficient set",
                    "系数组",
                    "choice",
                    choices=("gep_coefficient_set",),
                    width=18,
                    about="a row of the Coefficients sheet; none = provides no service",
                ),
            ),
            "Each land type (either name) onto a coefficient set; add the project's own land "
            "types.",
            "每个地类（任一名称）对应一个系数组；可添加项目自己的地类。",
            key=("land_type",),
            blank_rows=25,
        ),
        TableSpec(
            "coefficient_sets",
            "tblGepCoefficients",
            "Coefficients",
            "系数",
            (
                Field("coefficient_set", "Coefficient set", "系数组", "text", width=16),
                *COEFFICIENT_FIELDS,
                Field("note", "Note", "备注", "text", required=False, width=40),
            ),
            "Per-land-type coefficients (paper 001 Table 3); empty = must be supplied if a land "
            "type with area uses the set. Sources: Instructions sheet.",
            "分地类系数（论文 001 "
            "表3）；空白表示有面积的地类使用该组时必须填写。来源见“填写说明”。",
            key=("coefficient_set",),
            blank_rows=12,
        ),
    ),
    params=(
        Param("project_name", "Project name", "项目名称", None, "", "the contractor", "text"),
        Param("county", "County", "所在县（区）", None, "", "the contractor", "text"),
        Param(
            "area_unit",
            "Area unit of LandUse",
            "土地利用面积单位",
            "ha",
            "code",
            "user's choice",
            "choice",
            choices=("area_unit",),
        ),
        Param(
            "project_area",
            "Project area",
            "项目区面积",
            None,
            "{area_unit}",
            "must be supplied: the approved project area; every scenario's areas must add up to it",
            min=0,
        ),
        Param(
            "area_tolerance",
            "Tolerance of the area balance",
            "面积平衡容差",
            0.01,
            "{area_unit}",
            "ecoaccount default: areas rounded to 0.01",
            min=0,
        ),
        Param(
            "baseline_scenario",
            "Baseline scenario",
            "基准情景",
            "before",
            "",
            "changes are computed from this scenario (paper 001: before restoration)",
            "text",
            default_zh="修复前",
        ),
        Param(
            "target_scenario",
            "Target scenario (must have area)",
            "目标情景（须有面积）",
            "after",
            "",
            "paper 001: after restoration",
            "text",
            default_zh="修复后",
        ),
        Param(
            "out_unit",
            "Money unit of results",
            "结果货币单位",
            "1e4 yuan",
            "code",
            "user's choice (paper 001: 10⁴ yuan)",
            "choice",
            choices=("money_unit",),
        ),
        *METHOD_PARAMS,
    ),
    name_prefix=PREFIX,
    lists=_land_type_lists(),
)


# -- template defaults --------------------------------------------------------------------------
def coefficient_rows(sets: pd.DataFrame | None = None, lang: str = "en") -> list[list[Any]]:
    """Rows of the Coefficients table from a per-set parameter table (default: the shipped one)."""
    if sets is None:
        sets = method.default_parameters()[1]
    rows = []
    for _, r in sets.iterrows():
        vals = [_num(r.get(pid)) for pid in SET_IDS]
        missing = [pid for pid, v in zip(SET_IDS, vals, strict=True) if v is None]
        lead = "使用时必须填写：" if lang == "zh" else "must be supplied when used: "
        note = (lead + ", ".join(missing)) if missing else ""
        rows.append([str(r["coefficient_set"]), *vals, note])
    return rows


def land_type_rows(mapping: pd.DataFrame | None = None) -> list[list[Any]]:
    m = method.default_land_types() if mapping is None else mapping
    return [[r.land_type, r.land_type_zh, r.coefficient_set] for r in m.itertuples()]


def template_data(lang: str) -> tuple[dict[str, list[list[Any]]], dict[str, list[str]]]:
    """Rows prefilled in a fresh template: the land-type mapping and the coefficient sets."""
    return {"land_types": land_type_rows(), "coefficient_sets": coefficient_rows(lang=lang)}, {}


# -- reading into engine inputs -------------------------------------------------------------------
def _canonical(*columns: pd.Series) -> list[pd.Series]:
    """Names that differ only in case or spaces become the first spelling seen (SUMIFS and MATCH
    ignore case; the engine must group the same way). Empty cells stay None."""
    texts = [c.astype(object).where(c.notna(), None) for c in columns]
    spelled = [t.map(lambda v: None if v is None else str(v).strip()) for t in texts]
    keys = [sp.str.casefold() for sp in spelled]
    allk, alls = pd.concat(keys, ignore_index=True), pd.concat(spelled, ignore_index=True)
    ok = allk.notna()
    first = pd.Series(alls[ok].to_numpy(), index=allk[ok].to_numpy())
    first = first[~first.index.duplicated()]
    return [k.map(first).astype(object).where(k.notna(), None) for k in keys]


def inputs(parsed: Parsed) -> dict[str, Any]:
    """The engine's inputs (ha, yuan, t) from a parsed workbook."""
    t = parsed.tables
    area_f = factor(parsed.params.get("area_unit") or "ha", AREA_UNITS, "hectare")
    lu = t["land_use"].df
    pr = t["products"].df
    scen = _canonical(lu["scenario"].astype(object), pr["scenario"].astype(object))
    ltype = _canonical(lu["land_type"].astype(object), pr["land_type"].astype(object))
    land_use = pd.DataFrame(
        {
            "scenario": scen[0],
            "land_type": ltype[0],
            "area_ha": pd.to_numeric(lu["area"], errors="coerce") * area_f,
        }
    )
    products = None
    if len(pr):
        products = pd.DataFrame(
            {
                "scenario": scen[1],
                "land_type": ltype[1],
                "crop": pr["crop"],
                "output_t": pd.to_numeric(pr["output_t"], errors="coerce"),
                "price_yuan_per_t": pd.to_numeric(pr["price_yuan_per_t"], errors="coerce"),
            }
        )
    mapping = t["land_types"].df[["land_type", "land_type_zh", "coefficient_set"]].copy()
    # A land type named only in Chinese goes by that name.
    mapping["land_type"] = mapping["land_type"].where(mapping["land_type"].notna(), mapping["land_type_zh"])
    cs = t["coefficient_sets"].df
    sets = pd.DataFrame(
        {
            "coefficient_set": cs["coefficient_set"],
            **{pid: pd.to_numeric(cs[pid], errors="coerce") for pid in SET_IDS},
        }
    )
    glob = {
        pid: (float("nan") if parsed.params.get(pid) is None else float(parsed.params[pid]))
        for pid in GLOBAL_IDS
    }
    # The scenario parameters name scenarios of LandUse, spelled as there (case ignored).
    spelled = {str(v).casefold(): str(v) for v in reversed(list(land_use["scenario"].dropna()))}
    named = tuple(
        str(parsed.params.get(p) or "").strip() for p in ("baseline_scenario", "target_scenario")
    )
    return {
        "land_use": land_use,
        "products": products,
        "mapping": mapping,
        "sets": sets,
        "glob": glob,
        "area_factor": area_f,
        "scenarios": tuple(spelled.get(n.casefold(), n) for n in named),
    }


def _bad_name(value: object) -> bool:
    s = str(value)
    return s[:1] in ("=", "<", ">") or any(ch in s for ch in "*?~")


def check(parsed: Parsed) -> None:
    """Kind-specific rules on top of the generic ones (problems go to ``parsed.problems``)."""
    t = parsed.tables
    if not {"land_use", "products", "land_types", "coefficient_sets"} <= set(t):
        return
    for p, quantity in (("area_unit", "area"), ("out_unit", "money")):
        v = parsed.params.get(p)
        if v is not None and v not in codes(quantity):
            parsed.problems.append(
                Problem(
                    parsed.param_location(p),
                    M.UNKNOWN_UNIT.format(value=v, expected=", ".join(codes(quantity))),
                )
            )
            return
    own: list[Problem] = []
    lt = t["land_types"]
    for i in range(len(lt.df)):
        if pd.isna(lt.df.at[i, "land_type"]) and pd.isna(lt.df.at[i, "land_type_zh"]):
            own.append(Problem(lt.cell("land_type", i), M.GEP_LAND_TYPE_UNNAMED))
    for tid, fid, field in (
        ("land_use", "scenario", "Scenario"),
        ("land_use", "land_type", "Land type"),
        ("products", "scenario", "Scenario"),
        ("products", "land_type", "Land type"),
        ("land_types", "land_type", "Land type"),
        ("land_types", "land_type_zh", "Land type"),
        ("coefficient_sets", "coefficient_set", "Coefficient set"),
    ):
        table = t[tid]
        for i, v in enumerate(table.df[fid]):
            if v is not None and _bad_name(v):
                own.append(Problem(table.cell(fid, i), M.GEP_NAME.format(field=field, value=v)))
    x = inputs(parsed)
    base, target = x["scenarios"]
    if base and target and base.casefold() == target.casefold():
        own.append(
            Problem(
                parsed.param_location("target_scenario"), M.GEP_SAME_SCENARIOS.format(value=target)
            )
        )
    rows = method.validate(
        x["land_use"],
        x["mapping"],
        x["glob"],
        x["sets"],
        x["products"],
        scenarios=tuple(s for s in (base, target) if s),
        project_area_ha=None,
        area_tolerance_ha=math.inf,
    )
    rows = [
        RowProblem(p.table, p.row, "area", p.message)
        if (p.table, p.column) == ("land_use", "area_ha")
        else p
        for p in rows
    ]
    own += _area_balance(parsed)
    found = len(parsed.problems)
    parsed.add_row_problems(rows)
    method_problems = parsed.problems[found:]
    del parsed.problems[found:]
    # A cell the reader already flagged (text, negative, out of bounds) reads as empty for the
    # method; keep the reader's message only.
    flagged = {p.location for p in parsed.problems}
    method_problems = _named_scenarios_at_their_cells(parsed, x, method_problems)
    parsed.problems += own + [p for p in method_problems if p.location not in flagged]


def _named_scenarios_at_their_cells(parsed: Parsed, x: dict[str, Any], problems: list[Problem]) -> list[Problem]:
    """A baseline or target scenario that LandUse does not name at all is reported at its parameter
    cell, with the scenarios LandUse has (e.g. 'after' named, 修复后 typed). A scenario that LandUse
    names without area, or an empty LandUse, stays reported on LandUse."""
    named = tuple(s for s in x["scenarios"] if s)
    present = dict.fromkeys(str(v) for v in x["land_use"]["scenario"].dropna())
    if not present:
        return problems
    keys = {s.casefold() for s in present}
    out = []
    for p in problems:
        for pid, s in zip(("baseline_scenario", "target_scenario"), x["scenarios"], strict=True):
            if (
                s
                and s.casefold() not in keys
                and p.message == M.GEP_EMPTY_SCENARIO.format(scenario=s, expected=list(named))
            ):
                found = ", ".join(present)
                p = Problem(parsed.param_location(pid), M.GEP_SCENARIO_NO_AREA.format(scenario=s, found=found))
                break
        out.append(p)
    return out


def _area_balance(parsed: Parsed) -> list[Problem]:
    """Every scenario's areas add up to the project area (in the user's area unit)."""
    project = parsed.params.get("project_area")
    tol = parsed.params.get("area_tolerance")
    if project is None or tol is None:
        return []
    lu = parsed.tables["land_use"]
    df = lu.df
    unit = str(parsed.params.get("area_unit") or "ha")
    scen = _canonical(df["scenario"].astype(object))[0]
    area = pd.to_numeric(df["area"], errors="coerce")
    out = []
    for s in dict.fromkeys(v for v in scen if v is not None):
        mask = (scen == s).to_numpy()
        if area[mask].isna().any():  # an unreadable area is reported at its cell; no total
            continue
        total = float(area[mask].sum())
        if total == 0:  # an empty scenario: reported by the method when it is one it needs
            continue
        if abs(total - float(project)) > float(tol) + 1e-9:
            first = int(np.flatnonzero(mask)[0])
            out.append(
                Problem(
                    lu.cell("area", first),
                    M.GEP_SCENARIO_AREA.format(
                        scenario=s,
                        total=total,
                        unit=unit,
                        expected=float(project),
                        where=parsed.param_location("project_area"),
                        tolerance=float(tol),
                    ),
                )
            )
    return out


def calculate(parsed: Parsed) -> tuple[dict[str, Any], method.GEPResult]:
    """Engine inputs and the method's result (raises ``InputError`` when the inputs are invalid)."""
    x = inputs(parsed)
    res = method.calculate(
        x["land_use"],
        x["mapping"],
        x["glob"],
        x["sets"],
        x["products"],
        scenarios=tuple(s for s in x["scenarios"] if s),
        project_area_ha=None,
        area_tolerance_ha=math.inf,
    )
    return x, res


# -- result sheets ---------------------------------------------------------------------------
class _Columns:
    """Columns of a result sheet declared in order: key -> 0-based column, letter."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def add(self, key: str) -> int:
        self.index[key] = len(self.index)
        return self.index[key]

    def letter(self, key: str) -> str:
        return xl_col_to_name(self.index[key])


def _raw(parsed: Parsed, table: InputTable, field: str, i: int) -> Any:
    """The value as typed (a number stays a number), for the cached value of a key formula."""
    return parsed.raw.value(table.sheet, table.rows[i], table.cols[field])


def write(book: ResultBook, parsed: Parsed) -> dict[str, Any]:
    """Write every result sheet; returns a short summary for the CLI."""
    lang = parsed.lang
    x, res = calculate(parsed)
    fmt = book.fmt
    t = parsed.tables
    out_unit = str(parsed.params["out_unit"])
    out_f = factor(out_unit, MONEY_UNITS, "yuan")
    area_f = x["area_factor"]
    land = res.land.reset_index(drop=True)
    n_land = len(land)
    scenarios = list(dict.fromkeys(land["scenario"]))
    land_types = list(dict.fromkeys(land["land_type"]))
    base = x["scenarios"][0] if x["scenarios"][0] in scenarios else scenarios[0]
    others = [s for s in scenarios if s != base]

    # Settings: unit factors as named cells.
    book.unit_factors(
        [
            (label(lang, "area unit → ha", "面积单位 → 公顷"), "area_unit", area_f, f"{PREFIX}_area_factor"),
            (label(lang, "result money unit → yuan", "结果货币单位 → 元"), "out_unit", out_f, f"{PREFIX}_out_factor"),
        ]
    )

    # ProductValues: output × price per product row.
    pt = t["products"]
    pdf = x["products"]
    pv = book.sheet("ProductValues")
    pv.title(
        (
            "Agricultural products: value = output × price (Table 3)",
            "农产品价值 = 产量 × 价格（表3）",
        )
    )
    pv.headers(
        3,
        [
            ("Scenario", "情景"),
            ("Land type", "地类"),
            ("Product", "产品"),
            ("Output (t/a)", "产量（吨/年）"),
            ("Price (yuan/t)", "价格（元/吨）"),
            ("Value (yuan/a)", "价值（元/年）"),
        ],
        widths=[14, 20, 18, 14, 14, 16],
    )
    n_p = 0 if pdf is None else len(pdf)
    for i in range(n_p):
        r = 4 + i
        pv.formula(r, 0, "=" + pt.ref("scenario", i), _raw(parsed, pt, "scenario", i))
        pv.formula(r, 1, "=" + pt.ref("land_type", i), _raw(parsed, pt, "land_type", i))
        pv.formula(r, 2, "=" + pt.ref("crop", i), _raw(parsed, pt, "crop", i))
        pv.formula(r, 3, "=" + pt.ref("output_t", i), pdf.at[i, "output_t"], fmt.computed)
        pv.formula(
            r, 4, "=" + pt.ref("price_yuan_per_t", i), pdf.at[i, "price_yuan_per_t"], fmt.computed
        )
        pv.formula(
            r,
            5,
            f"=D{r + 1}*E{r + 1}",
            pdf.at[i, "output_t"] * pdf.at[i, "price_yuan_per_t"],
            fmt.computed,
        )
    p_last = 4 + max(n_p, 1)

    def prng(col: str) -> str:
        return f"ProductValues!${col}$5:${col}${p_last}"

    # Quantities: one row per scenario × land type.
    lu = t["land_use"]
    lt_t = t["land_types"]
    cs_t = t["coefficient_sets"]
    q = book.sheet("Quantities")
    q.title(
        (
            f"Physical quantities and values per scenario and land type (values in {out_unit}/a)",
            f"分情景、地类的物理量与价值（价值单位：{out_unit}/年）",
        ),
        "paper 001_cf6a641da64b4c83 Table 3; coefficients looked up in LandTypes and Coefficients",
    )
    C = _Columns()
    heads: list[Label] = []
    widths: list[float] = []

    def col(key: str, head: Label, width: float = 13) -> int:
        heads.append(head)
        widths.append(width)
        return C.add(key)

    col("scenario", ("Scenario", "情景"), 14)
    col("land_type", ("Land type", "地类"), 20)
    col("set", ("Coefficient set", "系数组"), 14)
    col("set_row", ("Row in Coefficients", "系数表行号"), 9)
    col("area", ("Area (ha)", "面积（公顷）"), 12)
    for f in COEFFICIENT_FIELDS:
        col(f.id, f.header(lang), 13)
    V = label(lang, f"value ({out_unit}/a)", f"价值（{out_unit}/年）")
    outputs: list[tuple[str, str, str, Any]] = [  # key, header, formula template, format
        (
            "crop_output_t",
            label(lang, "Crop output (t/a)", "农产品产量（吨/年）"),
            "SUMIFS({P_D},{P_A},$A{r},{P_B},$B{r})",
            fmt.computed,
        ),
        (
            "crop_value",
            label(lang, "Agricultural products ", "农产品") + V,
            "SUMIFS({P_F},{P_A},$A{r},{P_B},$B{r})/GEP_out_factor",
            fmt.computed,
        ),
        (
            "runoff_mm",
            label(lang, "Runoff R = P·coefficient (mm/a)", "径流量 R（毫米/年）"),
            "GEP_precipitation*{runoff_coefficient}{r}",
            fmt.computed,
        ),
        (
            "net_water_mm",
            label(lang, "P − R − ET (mm/a)", "P − R − ET（毫米/年）"),
            "GEP_precipitation-{runoff_mm}{r}-{evapotranspiration}{r}",
            fmt.computed,
        ),
        (
            "water_m3",
            label(lang, "Water conserved (m³/a)", "水源涵养量（立方米/年）"),
            "{area}{r}*10000*{net_water_mm}{r}*0.001",
            fmt.computed,
        ),
        (
            "water_value",
            label(lang, "Water conservation ", "水源涵养") + V,
            "{water_m3}{r}*GEP_water_price/GEP_out_factor",
            fmt.computed,
        ),
        (
            "soil_retained_t",
            label(lang, "Soil retained Q = R·K·LS·(1 − C·P)·A (t/a)", "土壤保持量（吨/年）"),
            "GEP_rainfall_erosivity*{rusle_k}{r}*GEP_slope_length_gradient*(1-{rusle_c}{r}*{rusle_p}{r})*{area}{r}",
            fmt.computed,
        ),
        (
            "sediment_m3",
            label(lang, "Sediment λ·Q/ρ (m³/a)", "泥沙淤积量 λ·Q/ρ（立方米/年）"),
            "GEP_sediment_coefficient*{soil_retained_t}{r}/GEP_soil_bulk_density",
            fmt.computed,
        ),
        (
            "sediment_value",
            label(lang, "Sediment reduction ", "减少泥沙淤积") + V,
            "{sediment_m3}{r}*GEP_dredging_cost/GEP_out_factor",
            fmt.computed,
        ),
        (
            "n_fertiliser_t",
            label(lang, "N fertiliser equivalent (t/a)", "氮折合化肥（吨/年）"),
            "{soil_retained_t}{r}*GEP_soil_n_content*0.001*GEP_n_fertiliser_factor",
            fmt.computed,
        ),
        (
            "n_value",
            label(lang, "N non-point pollution ", "减少氮面源污染") + V,
            "{n_fertiliser_t}{r}*GEP_n_fertiliser_price/GEP_out_factor",
            fmt.computed,
        ),
        (
            "p_fertiliser_t",
            label(lang, "P fertiliser equivalent (t/a)", "磷折合化肥（吨/年）"),
            "{soil_retained_t}{r}*GEP_soil_p_content*0.001*GEP_p_fertiliser_factor",
            fmt.computed,
        ),
        (
            "p_value",
            label(lang, "P non-point pollution ", "减少磷面源污染") + V,
            "{p_fertiliser_t}{r}*GEP_p_fertiliser_price/GEP_out_factor",
            fmt.computed,
        ),
        (
            "soil_value",
            label(lang, "Soil retention ", "土壤保持") + V,
            "{sediment_value}{r}+{n_value}{r}+{p_value}{r}",
            fmt.computed,
        ),
        (
            "so2_t",
            label(lang, "SO2 purified (t/a)", "二氧化硫净化量（吨/年）"),
            "{so2_rate}{r}*{area}{r}",
            fmt.computed_precise,
        ),
        ("so2_value", "SO2 " + V, "{so2_t}{r}*GEP_so2_cost/GEP_out_factor", fmt.computed),
        (
            "nox_t",
            label(lang, "NOx purified (t/a)", "氮氧化物净化量（吨/年）"),
            "{nox_rate}{r}*{area}{r}",
            fmt.computed_precise,
        ),
        ("nox_value", "NOx " + V, "{nox_t}{r}*GEP_nox_cost/GEP_out_factor", fmt.computed),
        (
            "dust_t",
            label(lang, "Dust retained (t/a)", "滞尘量（吨/年）"),
            "{dust_rate}{r}*{area}{r}",
            fmt.computed_precise,
        ),
        (
            "dust_value",
            label(lang, "Dust ", "滞尘") + V,
            "{dust_t}{r}*GEP_dust_cost/GEP_out_factor",
            fmt.computed,
        ),
        (
            "air_value",
            label(lang, "Air purification ", "空气净化") + V,
            "{so2_value}{r}+{nox_value}{r}+{dust_value}{r}",
            fmt.computed,
        ),
        (
            "carbon_t",
            label(lang, "Carbon fixed A·(FCSR·(1 + β) + soil rate) (tC/a)", "固碳量（吨碳/年）"),
            "{area}{r}*({vegetation_carbon_rate}{r}*(1+{soil_carbon_coefficient}{r})+{soil_carbon_rate}{r})",
            fmt.computed_precise,
        ),
        (
            "co2_t",
            label(lang, "CO2 fixed (t/a)", "固定二氧化碳（吨/年）"),
            "{carbon_t}{r}*GEP_carbon_to_co2",
            fmt.computed,
        ),
        (
            "co2_value",
            label(lang, "Carbon fixation ", "固碳") + V,
            "{co2_t}{r}*GEP_carbon_price/GEP_out_factor",
            fmt.computed,
        ),
        (
            "o2_t",
            label(lang, "O2 released (t/a)", "释放氧气（吨/年）"),
            "{co2_t}{r}*GEP_co2_to_o2",
            fmt.computed,
        ),
        (
            "o2_value",
            label(lang, "Oxygen release ", "释氧") + V,
            "{o2_t}{r}*GEP_oxygen_price/GEP_out_factor",
            fmt.computed,
        ),
        (
            "climate_kwh",
            label(lang, "Electricity saved heat·A·d/(3600·EER) (kWh/a)", "节约电量（千瓦时/年）"),
            "{heat_absorbed}{r}*{area}{r}*GEP_ac_days/(3600*GEP_ac_eer)",
            fmt.computed,
        ),
        (
            "climate_value",
            label(lang, "Climate regulation ", "气候调节") + V,
            "{climate_kwh}{r}*GEP_electricity_price/GEP_out_factor",
            fmt.computed,
        ),
        (
            "landscape_equivalent_ha",
            label(lang, "Equivalent area S·A (ha)", "当量面积 S·A（公顷）"),
            "{landscape_equivalent}{r}*{area}{r}",
            fmt.computed,
        ),
        (
            "landscape_value",
            label(lang, "Landscape ", "景观") + V,
            "{landscape_equivalent_ha}{r}*(1/7)*GEP_grain_price*GEP_grain_yield/GEP_out_factor",
            fmt.computed,
        ),
        (
            "gep_value",
            label(lang, "GEP ", "GEP ") + V,
            "{crop_value}{r}+{water_value}{r}+{soil_value}{r}+{air_value}{r}+{co2_value}{r}+{o2_value}{r}+{climate_value}{r}+{landscape_value}{r}",
            fmt.computed,
        ),
    ]
    for key, head, _, _ in outputs:
        col(key, head, 15)
    q.headers(3, heads, widths=widths)
    money_cols = {k for k, *_ in outputs if k.endswith("_value")}
    letters = {k: C.letter(k) for k in C.index}
    rng = {"P_A": prng("A"), "P_B": prng("B"), "P_D": prng("D"), "P_F": prng("F")}
    # Key cells refer to the first input row that spells the scenario / land type.
    lu_df = x["land_use"]
    first_scen = {
        s: int(i)
        for s, i in zip(*np.unique(lu_df["scenario"].astype(str), return_index=True), strict=True)
    }
    first_lt = {
        s: int(i)
        for s, i in zip(*np.unique(lu_df["land_type"].astype(str), return_index=True), strict=True)
    }
    p_first_scen: dict[str, int] = {}
    p_first_lt: dict[str, int] = {}
    if pdf is not None:
        for i, (s, lt_) in enumerate(zip(pdf["scenario"], pdf["land_type"], strict=True)):
            p_first_scen.setdefault(str(s), i)
            p_first_lt.setdefault(str(lt_), i)

    def key_ref(kind_: str, name: str) -> tuple[str, Any]:
        first, pfirst = (
            (first_scen, p_first_scen) if kind_ == "scenario" else (first_lt, p_first_lt)
        )
        if name in first:
            return "=" + lu.ref(kind_, first[name]), _raw(parsed, lu, kind_, first[name])
        i = pfirst[name]
        return "=" + pt.ref(kind_, i), _raw(parsed, pt, kind_, i)

    lt_rng = {f: lt_t.col_range(f) for f in ("land_type", "land_type_zh", "coefficient_set")}
    cs_rng = {f.id: cs_t.col_range(f.id) for f in COEFFICIENT_FIELDS}
    cs_names = list(cs_t.df["coefficient_set"])
    set_row = {
        str(s).strip(): i + 1 for i, s in reversed(list(enumerate(cs_names))) if s is not None
    }
    area_rng = lu.col_range("area")
    scen_rng = lu.col_range("scenario")
    ltype_rng = lu.col_range("land_type")
    for n in range(n_land):
        r = 4 + n
        rr = r + 1
        row = land.iloc[n]
        f, v = key_ref("scenario", row["scenario"])
        q.formula(r, 0, f, v)
        f, v = key_ref("land_type", row["land_type"])
        q.formula(r, 1, f, v)
        q.formula(
            r,
            2,
            f"=IFERROR(INDEX({lt_rng['coefficient_set']},MATCH(B{rr},{lt_rng['land_type']},0)),"
            f"INDEX({lt_rng['coefficient_set']},MATCH(B{rr},{lt_rng['land_type_zh']},0)))",
            row["coefficient_set"],
        )
        q.formula(
            r,
            3,
            f"=MATCH(C{rr},{cs_t.col_range('coefficient_set')},0)",
            set_row.get(str(row["coefficient_set"])),
        )
        q.formula(
            r,
            4,
            f"=SUMIFS({area_rng},{scen_rng},A{rr},{ltype_rng},B{rr})*GEP_area_factor",
            row["area_ha"],
            fmt.computed,
        )
        for fld in COEFFICIENT_FIELDS:
            q.formula(
                r,
                C.index[fld.id],
                f"=INDEX({cs_rng[fld.id]},$D{rr})",
                row[fld.id],
                fmt.computed_precise,
            )
        for key, _, template, cfmt in outputs:
            formula = "=" + template.format(r=rr, **letters, **rng)
            val = row[key] / out_f if key in money_cols else row[key]
            q.formula(r, C.index[key], formula, val, cfmt)
    q_last = 4 + max(n_land, 1)

    def qrng(key: str) -> str:
        letter = C.letter(key)
        return f"Quantities!${letter}$5:${letter}${q_last}"

    # Indicators (Table 4): quantity and value per component and scenario.
    ind = book.sheet("Indicators")
    ind.title(
        (
            f"GEP per indicator and scenario ({out_unit}/a) — as the paper's Table 4",
            f"分指标、情景的 GEP（{out_unit}/年）——对应论文表4",
        ),
        (
            "Row 3 holds the scenario names; changes are from the baseline scenario.",
            "第3行为情景名称；变化量相对于基准情景。",
        ),
    )
    ind.text(2, 0, label(lang, "Scenario →", "情景 →"))
    first_row_of = {s: int(land.index[land["scenario"] == s][0]) for s in scenarios}
    scol = {s: 4 + 2 * k for k, s in enumerate(scenarios)}  # quantity column; value column = +1
    for s in scenarios:
        ind.formula(
            2,
            scol[s],
            f"=Quantities!$A${5 + first_row_of[s]}",
            q.ws.table[4 + first_row_of[s]][0].value,
        )
    ccol0 = 4 + 2 * len(scenarios)
    heads = [
        ("Service group", "服务类别"),
        ("Indicator", "指标"),
        ("Component", "核算项"),
        ("Unit", "单位"),
    ]
    for s in scenarios:
        heads += [
            (f"{s}: quantity", f"{s}: 物理量"),
            (f"{s}: value", f"{s}: 价值"),
        ]
    for s in others:
        heads += [f"Δ {base}→{s}", f"Δ% {base}→{s}"]
    ind.headers(3, heads, widths=[14, 22, 34, 8] + [14] * (2 * len(scenarios) + 2 * len(others)))
    groups = dict(method.INDICATORS)
    n_comp = len(method.COMPONENTS)
    by_s = land.groupby("scenario", sort=False)
    for k, (indicator, component, unit, qcol, vcol) in enumerate(method.COMPONENTS):
        r = 4 + k
        rr = r + 1
        ind.text(r, 0, pick(lang, GROUP_LABELS[groups[indicator]]))
        ind.text(r, 1, pick(lang, INDICATOR_LABELS[indicator]))
        ind.text(r, 2, pick(lang, COMPONENT_LABELS[component]))
        ind.text(r, 3, UNIT_LABELS.get(unit, unit))
        for s in scenarios:
            qc, vc = xl_col_to_name(scol[s]), xl_col_to_name(scol[s] + 1)
            ind.formula(
                r,
                scol[s],
                f"=SUMIFS({qrng(qcol)},{qrng('scenario')},{qc}$3)",
                float(by_s[qcol].sum()[s]),
                fmt.computed,
            )
            ind.formula(
                r,
                scol[s] + 1,
                f"=SUMIFS({qrng(vcol)},{qrng('scenario')},{qc}$3)",
                float(by_s[vcol].sum()[s]) / out_f,
                fmt.computed,
            )
        _changes(
            ind,
            r,
            others,
            base,
            scol,
            ccol0,
            lambda s, c=vcol: float(by_s[c].sum()[s]) / out_f,
            fmt,
        )
    # Totals per indicator, service group and scenario, with shares.
    top = 4 + n_comp + 1
    heads = [
        ("Service group", "服务类别"),
        ("Indicator / group", "指标 / 类别"),
        "",
        "",
    ]
    for s in scenarios:
        heads += [(f"{s}: value", f"{s}: 价值"), (f"{s}: share", f"{s}: 占比")]
    for s in others:
        heads += [f"Δ {base}→{s}", f"Δ% {base}→{s}"]
    ind.headers(top, heads)
    ind_val = {ind_: by_s[INDICATOR_VALUE[ind_]].sum() / out_f for ind_ in INDICATOR_VALUE}
    grp_val = {
        g: sum(ind_val[i_] for i_, g_ in method.INDICATORS if g_ == g)
        for g in method.SERVICE_GROUPS
    }
    total_val = by_s["gep_value"].sum() / out_f
    i0 = top + 1
    g0 = i0 + len(method.INDICATORS)
    total_row = g0 + len(method.SERVICE_GROUPS)
    comp_rng = {c: f"${c}$5:${c}${4 + n_comp}" for c in ("B",)}

    def share(r: int, s: str, value: float) -> None:
        vc = xl_col_to_name(scol[s])
        tot = float(total_val[s])
        ind.formula(
            r,
            scol[s] + 1,
            f"=IF({vc}${total_row + 1}=0,0,{vc}{r + 1}/{vc}${total_row + 1})",
            value / tot if tot else 0.0,
            fmt.percent,
        )

    for k, (indicator, group) in enumerate(method.INDICATORS):
        r = i0 + k
        ind.text(r, 0, pick(lang, GROUP_LABELS[group]))
        ind.text(r, 1, pick(lang, INDICATOR_LABELS[indicator]))
        for s in scenarios:
            vcol_letter = xl_col_to_name(scol[s] + 1)
            ind.formula(
                r,
                scol[s],
                f"=SUMIFS(${vcol_letter}$5:${vcol_letter}${4 + n_comp},{comp_rng['B']},$B{r + 1})",
                float(ind_val[indicator][s]),
                fmt.computed,
            )
            share(r, s, float(ind_val[indicator][s]))
        _changes(
            ind,
            r,
            others,
            base,
            scol,
            ccol0,
            lambda s, i_=indicator: float(ind_val[i_][s]),
            fmt,
            offset=0,
        )
    for k, group in enumerate(method.SERVICE_GROUPS):
        r = g0 + k
        ind.text(r, 1, pick(lang, GROUP_LABELS[group]))
        for s in scenarios:
            c = xl_col_to_name(scol[s])
            ind.formula(
                r,
                scol[s],
                f"=SUMIFS({c}${i0 + 1}:{c}${g0},$A${i0 + 1}:$A${g0},$B{r + 1})",
                float(grp_val[group][s]),
                fmt.computed,
            )
            share(r, s, float(grp_val[group][s]))
        _changes(
            ind,
            r,
            others,
            base,
            scol,
            ccol0,
            lambda s, g=group: float(grp_val[g][s]),
            fmt,
            offset=0,
        )
    ind.text(total_row, 1, label(lang, "GEP total", "GEP 合计"))
    for s in scenarios:
        c = xl_col_to_name(scol[s])
        ind.formula(
            total_row,
            scol[s],
            f"=SUM({c}{g0 + 1}:{c}{total_row})",
            float(total_val[s]),
            fmt.computed,
        )
        share(total_row, s, float(total_val[s]))
    _changes(
        ind, total_row, others, base, scol, ccol0, lambda s: float(total_val[s]), fmt, offset=0
    )

    def total_ref(s: str) -> str:
        return f"Indicators!${xl_col_to_name(scol[s])}${total_row + 1}"

    # Composition (Table 5): value per indicator and land type, with shares.
    co = book.sheet("Composition")
    co.title(
        (
            f"Value per indicator and land type ({out_unit}/a) — as the paper's Table 5",
            f"分指标、地类的价值构成（{out_unit}/年）——对应论文表5",
        ),
        (
            "Share = value / GEP of the scenario. Land that provides no service shows 0.",
            "占比 = 价值 / 该情景 GEP。不提供服务的地类显示为 0。",
        ),
    )
    co.text(2, 0, label(lang, "Scenario →", "情景 →"))
    ccol = {s: 3 + 2 * k for k, s in enumerate(scenarios)}
    for s in scenarios:
        co.formula(
            2, ccol[s], f"=Indicators!{xl_col_to_name(scol[s])}3", ind.ws.table[2][scol[s]].value
        )
    dcol0 = 3 + 2 * len(scenarios)
    heads = [
        ("Service group", "服务类别"),
        ("Indicator", "指标"),
        ("Land type", "地类"),
    ]
    for s in scenarios:
        heads += [(f"{s}: value", f"{s}: 价值"), (f"{s}: share", f"{s}: 占比")]
    heads += [f"Δ {base}→{s}" for s in others]
    co.headers(3, heads, widths=[14, 22, 20] + [14] * (2 * len(scenarios) + len(others)))
    lt_first = {lt_: int(land.index[land["land_type"] == lt_][0]) for lt_ in land_types}
    by_sl = land.groupby(["scenario", "land_type"], sort=False)
    r = 4
    for indicator, group in method.INDICATORS:
        vkey = INDICATOR_VALUE[indicator]
        sums = by_sl[vkey].sum() / out_f
        for lt_ in land_types:
            rr = r + 1
            co.text(r, 0, pick(lang, GROUP_LABELS[group]))
            co.text(r, 1, pick(lang, INDICATOR_LABELS[indicator]))
            co.formula(
                r, 2, f"=Quantities!$B${5 + lt_first[lt_]}", q.ws.table[4 + lt_first[lt_]][1].value
            )
            for s in scenarios:
                c = xl_col_to_name(ccol[s])
                v = float(sums.get((s, lt_), 0.0))
                co.formula(
                    r,
                    ccol[s],
                    f"=SUMIFS({qrng(vkey)},{qrng('scenario')},{c}$3,{qrng('land_type')},$C{rr})",
                    v,
                    fmt.computed,
                )
                tot = float(total_val[s])
                co.formula(
                    r,
                    ccol[s] + 1,
                    f"=IF({total_ref(s)}=0,0,{c}{rr}/{total_ref(s)})",
                    v / tot if tot else 0.0,
                    fmt.percent,
                )
            for k, s in enumerate(others):
                a, b = xl_col_to_name(ccol[base]), xl_col_to_name(ccol[s])
                co.formula(
                    r,
                    dcol0 + k,
                    f"={b}{rr}-{a}{rr}",
                    float(sums.get((s, lt_), 0.0)) - float(sums.get((base, lt_), 0.0)),
                    fmt.computed,
                )
            r += 1
    co_last = r  # 1-based last data row

    # LandTypeGEP (Table 6): area, GEP, share and rank per land type.
    lg = book.sheet("LandTypeGEP")
    lg.title(
        (
            f"GEP per land type ({out_unit}/a) — as the paper's Table 6",
            f"分地类 GEP（{out_unit}/年）——对应论文表6",
        ),
        (
            "Rank = 1 + number of land types with a larger GEP; none for a GEP of 0.",
            "排序 = 1 + GEP 更大的地类个数；GEP 为 0 的地类不排序。",
        ),
    )
    lg.text(2, 0, label(lang, "Scenario →", "情景 →"))
    lcol = {s: 1 + 4 * k for k, s in enumerate(scenarios)}  # area, GEP, share, rank
    for s in scenarios:
        lg.formula(
            2, lcol[s], f"=Indicators!{xl_col_to_name(scol[s])}3", ind.ws.table[2][scol[s]].value
        )
    heads = [("Land type", "地类")]
    for s in scenarios:
        heads += [
            (f"{s}: area (ha)", f"{s}: 面积（公顷）"),
            f"{s}: GEP",
            (f"{s}: share", f"{s}: 占比"),
            (f"{s}: rank", f"{s}: 排序"),
        ]
    ecol0 = 1 + 4 * len(scenarios)
    heads += [f"Δ GEP {base}→{s}" for s in others]
    lg.headers(3, heads, widths=[20] + [13] * (4 * len(scenarios) + len(others)))
    n_lt = len(land_types)
    lt_last = 4 + n_lt
    area_sl = by_sl["area_ha"].sum()
    gep_sl = by_sl["gep_value"].sum() / out_f
    for k, lt_ in enumerate(land_types):
        r = 4 + k
        rr = r + 1
        lg.formula(
            r, 0, f"=Quantities!$B${5 + lt_first[lt_]}", q.ws.table[4 + lt_first[lt_]][1].value
        )
        for s in scenarios:
            a_c, g_c = xl_col_to_name(lcol[s]), xl_col_to_name(lcol[s] + 1)
            area_v = float(area_sl.get((s, lt_), 0.0))
            gep_v = float(gep_sl.get((s, lt_), 0.0))
            lg.formula(
                r,
                lcol[s],
                f"=SUMIFS({qrng('area')},{qrng('scenario')},{a_c}$3,{qrng('land_type')},$A{rr})",
                area_v,
                fmt.computed,
            )
            lg.formula(
                r,
                lcol[s] + 1,
                f"=SUMIFS({qrng('gep_value')},{qrng('scenario')},{a_c}$3,{qrng('land_type')},$A{rr})",
                gep_v,
                fmt.computed,
            )
            tot = float(total_val[s])
            lg.formula(
                r,
                lcol[s] + 2,
                f"=IF({total_ref(s)}=0,0,{g_c}{rr}/{total_ref(s)})",
                gep_v / tot if tot else 0.0,
                fmt.percent,
            )
            col_vals = [float(gep_sl.get((s, o), 0.0)) for o in land_types]
            rank = 1 + sum(1 for o in col_vals if o > gep_v) if gep_v > 0 else None
            lg.formula(
                r,
                lcol[s] + 3,
                f'=IF({g_c}{rr}>0,1+SUMPRODUCT(({g_c}$5:{g_c}${lt_last}>{g_c}{rr})*1),"")',
                rank,
            )
        for k2, s in enumerate(others):
            a, b = xl_col_to_name(lcol[base] + 1), xl_col_to_name(lcol[s] + 1)
            lg.formula(
                r,
                ecol0 + k2,
                f"={b}{rr}-{a}{rr}",
                float(gep_sl.get((s, lt_), 0.0)) - float(gep_sl.get((base, lt_), 0.0)),
                fmt.computed,
            )
    tr = 4 + n_lt
    lg.text(tr, 0, label(lang, "Total", "合计"))
    for s in scenarios:
        for off, vals_ in ((0, area_sl), (1, gep_sl)):
            c = xl_col_to_name(lcol[s] + off)
            v = float(sum(float(vals_.get((s, o), 0.0)) for o in land_types))
            lg.formula(tr, lcol[s] + off, f"=SUM({c}5:{c}{lt_last})", v, fmt.computed)
        c = xl_col_to_name(lcol[s] + 2)
        tot = float(total_val[s])
        lg.formula(tr, lcol[s] + 2, f"=SUM({c}5:{c}{lt_last})", 1.0 if tot else 0.0, fmt.percent)

    # Checks.
    lu_area = pd.to_numeric(lu.df["area"], errors="coerce").fillna(0.0)
    checks = [
        (
            label(
                lang,
                "Land-use areas (input × unit factor) = areas in the Quantities sheet (ha)",
                "土地利用面积（输入 × 换算系数）= 物理量表面积（公顷）",
            ),
            f"=SUM({area_rng})*GEP_area_factor",
            float(lu_area.sum()) * area_f,
            f"=SUM({qrng('area')})",
            float(land["area_ha"].sum()),
        ),
        (
            label(
                lang,
                "Agricultural products: Σ output × price (ProductValues) = Σ in Quantities",
                "农产品：逐行产量 × 价格之和 = 物理量表之和",
            ),
            f"=SUM({prng('F')})/GEP_out_factor",
            (float((pdf["output_t"] * pdf["price_yuan_per_t"]).sum()) if n_p else 0.0) / out_f,
            f"=SUM({qrng('crop_value')})",
            float(land["crop_value"].sum()) / out_f,
        ),
    ]
    unit = str(parsed.params.get("area_unit"))
    proj = float(parsed.params["project_area"])
    tol = float(parsed.params["area_tolerance"])
    raw_scen = _canonical(lu.df["scenario"].astype(object))[0]
    for s in scenarios:
        sc = f"Indicators!${xl_col_to_name(scol[s])}$3"
        va = float(lu_area[(raw_scen == s).to_numpy()].sum())
        vb = proj + max(-tol, min(tol, va - proj))
        checks.append(
            (
                label(
                    lang,
                    f"Scenario {s}: land-use area ({unit}) = project area within the tolerance "
                    "(B = project area moved toward A by at most the tolerance)",
                    f"情景 {s}：土地利用面积（{unit}）= 项目区面积（容差内；B 为向 A 移动不超过容差"
                    "的项目区面积）",
                ),
                f"=SUMIFS({area_rng},{scen_rng},{sc})",
                va,
                f"=GEP_project_area+MAX(-GEP_area_tolerance,MIN(GEP_area_tolerance,"
                f"SUMIFS({area_rng},{scen_rng},{sc})-GEP_project_area))",
                vb,
            )
        )
        vc = xl_col_to_name(scol[s])
        cc = xl_col_to_name(ccol[s])
        vcs = xl_col_to_name(scol[s] + 1)
        gc = xl_col_to_name(lcol[s] + 1)
        tot = float(total_val[s])
        checks += [
            (
                label(
                    lang,
                    f"Scenario {s}: Σ components (Indicators) = GEP total",
                    f"情景 {s}：各核算项之和 = GEP 合计",
                ),
                f"=SUM(Indicators!{vcs}5:{vcs}{4 + n_comp})",
                float(sum(float(by_s[c[4]].sum()[s]) for c in method.COMPONENTS)) / out_f,
                f"={total_ref(s)}",
                tot,
            ),
            (
                label(
                    lang,
                    f"Scenario {s}: Σ values per indicator and land type (Composition) = GEP total",
                    f"情景 {s}：分指标、地类价值之和 = GEP 合计",
                ),
                f"=SUM(Composition!{cc}5:{cc}{co_last})",
                float(
                    land.loc[land["scenario"] == s, [INDICATOR_VALUE[i_] for i_ in INDICATOR_VALUE]]
                    .to_numpy()
                    .sum()
                )
                / out_f,
                f"={total_ref(s)}",
                tot,
            ),
            (
                label(
                    lang,
                    f"Scenario {s}: Σ GEP per land type (LandTypeGEP) = GEP total",
                    f"情景 {s}：分地类 GEP 之和 = GEP 合计",
                ),
                f"=LandTypeGEP!{gc}{tr + 1}",
                float(sum(float(gep_sl.get((s, o), 0.0)) for o in land_types)),
                f"={total_ref(s)}",
                tot,
            ),
            (
                label(
                    lang,
                    f"Scenario {s}: Σ service groups = GEP total",
                    f"情景 {s}：服务类别之和 = GEP 合计",
                ),
                f"=SUM(Indicators!{vc}{g0 + 1}:{vc}{total_row})",
                float(sum(float(grp_val[g][s]) for g in grp_val)),
                f"=SUMIFS({qrng('gep_value')},{qrng('scenario')},{sc})",
                float(land.loc[land["scenario"] == s, "gep_value"].sum()) / out_f,
            ),
        ]
    book.checks(checks)
    return {
        "scenarios": scenarios,
        "baseline": base,
        "unit": out_unit,
        "gep": {s: float(total_val[s]) for s in scenarios},
        "headline": f"{n_lt} land types, {len(scenarios)} scenarios; GEP "
        + " → ".join(f"{s} {float(total_val[s]):,.2f}" for s in scenarios)
        + f" {out_unit}/a",
    }


def _changes(
    sheet: OutSheet,
    r: int,
    others: list[str],
    base: str,
    scol: dict[str, int],
    ccol0: int,
    value: Any,
    fmt: Any,
    offset: int = 1,
) -> None:
    """Δ and Δ% from the baseline scenario; ``offset`` 1 when the value is right of the quantity."""
    rr = r + 1
    b = xl_col_to_name(scol[base] + offset)
    for k, s in enumerate(others):
        c = xl_col_to_name(scol[s] + offset)
        vb, vs = value(base), value(s)
        sheet.formula(r, ccol0 + 2 * k, f"={c}{rr}-{b}{rr}", vs - vb, fmt.computed)
        sheet.formula(
            r,
            ccol0 + 2 * k + 1,
            f'=IF({b}{rr}=0,"",({c}{rr}-{b}{rr})/{b}{rr})',
            (vs - vb) / vb if vb else None,
            fmt.percent,
        )
