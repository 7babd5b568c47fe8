"""The GEP template (GEP of a mine-site restoration project, paper 001): declaration, checks, result
sheets.

The declaration below is the only list of this template's tables, fields and parameters; the
template, the reader, validation, the docs' template reference and the CLI help all use it. The
per-land-type coefficients and the project-wide parameters come from ``data/gep_parameters.csv``
(value, unit, bounds and source of each), so the template and the method cannot disagree.

Result sheets, declared in ``OUTPUTS`` (formulas paired with the engine's values by output id;
scenarios and land types are rows, every scenario × land type pair has one):

- ``Settings``: unit factors as defined names (``GEP_area_factor``, ``GEP_out_factor``);
- ``ProductValues``: output × price per row of the Products table;
- ``Quantities``: one row per scenario × land type: its coefficient set (looked up in LandTypes),
  the coefficients (INDEX on the Coefficients table), every physical quantity and value (Table 3);
- ``Indicators`` (paper Table 4): per scenario, the GEP and the value of each indicator and service
  group; the quantity and value of each component; the shares of the GEP;
- ``Change`` (Table 4, before → after): change and rate from the baseline scenario;
- ``Composition`` (Table 5): value per indicator and land type, with shares, and its change;
- ``LandTypeGEP`` (Table 6): area, GEP, share and rank per land type, and their change;
- ``Checks`` and ``Audit``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from ecoaccount import messages as M
from ecoaccount.citations import source_zh
from ecoaccount.kinds.common import chosen_unit, key_column
from ecoaccount.methods import gep as method
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
    summary_figures,
)
from ecoaccount.problems import Problem, RowProblem
from ecoaccount.spec import Field, Param, TableSpec, TemplateSpec, unit_choice
from ecoaccount.units import AREA_UNITS, MONEY_UNITS, codes, factor
from ecoaccount.workbook.choices import as_named
from ecoaccount.workbook.reader import InputTable, Parsed
from ecoaccount.workbook.sheets import Layout, write_sheets
from ecoaccount.workbook.writer import OutSheet, ResultBook, label

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


# -- the declaration, built from the parameter table ----------------------------------------------
def _unit(u: object) -> str:
    u = "" if u is None or (isinstance(u, float) and math.isnan(u)) else str(u)
    return "" if u in ("-", "–") else u


def _num(v: object) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def set_name(name: str, lang: str) -> str:
    """A shipped coefficient set as a template of language ``lang`` names it (``forest`` → ``林地``).

    Set names are keys shared by the LandTypes mapping and the Coefficients table: a zh template
    writes the Chinese name in both, an en template the code; a book may name its own sets freely.
    """
    return M.CHOICE_ZH.get(name, name) if lang == "zh" and name in _shipped_sets() else name


@functools.cache
def _shipped_sets() -> tuple[str, ...]:
    return tuple(dict.fromkeys(method.parameter_spec().query("coefficient_set != ''")["coefficient_set"]))


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
        about_zh = "；".join(
            f"{'、'.join(set_name(x, 'zh') for x in s)}：{source_zh(src)}" for src, s in by_source.items()
        )
        # C and P are checked by the method, whose message names the coefficient set and the
        # interval [0, 1]; the other bounds are checked by the reader.
        lo, hi = (None, None) if pid in ("rusle_c", "rusle_p") else (_num(first["min"]), _num(first["max"]))
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
    sets = _shipped_sets()
    return {
        "gep_land_type": {"en": tuple(m["land_type"]), "zh": tuple(m["land_type_zh"])},
        "gep_coefficient_set": {"en": sets, "zh": tuple(set_name(s, "zh") for s in sets)},
    }


SPEC = TemplateSpec(
    kind="gep",
    version="1",
    title_en=("GEP of a mine-site restoration project (eight indicators, before/after and further scenarios)"),
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
        "6. Run `ecoaccount check FILE` to list every problem at once, then `ecoaccount fill FILE -o OUT.xlsx`.",
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
        "6. 运行 `ecoaccount check 文件` 一次列出全部问题，然后运行 `ecoaccount fill 文件 -o 结果.xlsx`。",
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
            "Area per scenario, land type and (optionally) parcel, in the area unit of the Parameters sheet.",
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
            "Each land type (either name) onto a coefficient set; add the project's own land types.",
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
            "分地类系数（论文 001 表3）；空白表示有面积的地类使用该组时必须填写。来源见“填写说明”。",
            key=("coefficient_set",),
            blank_rows=12,
        ),
    ),
    params=(
        Param("project_name", "Project name", "项目名称", None, "", "the contractor", "text"),
        Param("county", "County", "所在县（区）", None, "", "the contractor", "text"),
        unit_choice("area_unit", "Area unit of LandUse", "土地利用面积单位", "ha", "area_unit"),
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
        if lang == "zh":  # the columns by their Chinese labels, as the headers name them
            labels = {f.id: f.label(lang) for f in COEFFICIENT_FIELDS}
            note = ("使用时必须填写：" + "、".join(labels[m] for m in missing)) if missing else ""
        else:
            note = ("must be supplied when used: " + ", ".join(missing)) if missing else ""
        rows.append([set_name(str(r["coefficient_set"]), lang), *vals, note])
    return rows


def land_type_rows(mapping: pd.DataFrame | None = None, lang: str = "en") -> list[list[Any]]:
    m = method.default_land_types() if mapping is None else mapping
    return [[r.land_type, r.land_type_zh, set_name(r.coefficient_set, lang)] for r in m.itertuples()]


def template_data(lang: str) -> tuple[dict[str, list[list[Any]]], dict[str, list[str]]]:
    """Rows prefilled in a fresh template: the land-type mapping and the coefficient sets."""
    return {"land_types": land_type_rows(lang=lang), "coefficient_sets": coefficient_rows(lang=lang)}, {}


# -- reading into engine inputs -------------------------------------------------------------------
def _canonical(*columns: pd.Series) -> list[pd.Series]:
    """Names that differ only in case or spaces become the first spelling seen (SUMIFS and MATCH
    ignore case; the engine must group the same way). Empty cells stay None."""
    spelled = [[None if pd.isna(v) else str(v).strip() for v in c.astype(object)] for c in columns]
    first: dict[str, str] = {}
    for names in spelled:
        for s in names:
            if s is not None:
                first.setdefault(s.casefold(), s)
    return [
        pd.Series([None if s is None else first[s.casefold()] for s in names], index=c.index, name=c.name, dtype=object)
        for c, names in zip(columns, spelled, strict=True)
    ]


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
    glob = {pid: (float("nan") if parsed.params.get(pid) is None else float(parsed.params[pid])) for pid in GLOBAL_IDS}
    # The scenario parameters name scenarios of LandUse, spelled as there (case ignored); a declared
    # default names its scenario in either language (before / 修复前).
    named = tuple(str(parsed.params.get(p) or "").strip() for p in ("baseline_scenario", "target_scenario"))
    defaults = [(str(p.default), str(p.default_zh)) for p in map(SPEC.param, ("baseline_scenario", "target_scenario"))]
    present = land_use["scenario"].dropna()
    return {
        "land_use": land_use,
        "products": products,
        "mapping": mapping,
        "sets": sets,
        "glob": glob,
        "area_factor": area_f,
        "scenarios": tuple(as_named(n, present, defaults) if n else n for n in named),
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
                    M.UNKNOWN_UNIT.format(value=v, expected=tuple(map(M.choice, codes(quantity)))),
                )
            )
            return
    own: list[Problem] = []
    lt = t["land_types"]
    for i in range(len(lt.df)):
        if pd.isna(lt.df.at[i, "land_type"]) and pd.isna(lt.df.at[i, "land_type_zh"]):
            own.append(Problem(lt.cell("land_type", i), M.GEP_LAND_TYPE_UNNAMED))
    for tid, fid, _label in (
        ("land_use", "scenario", "Scenario"),
        ("land_use", "land_type", "Land type"),
        ("products", "scenario", "Scenario"),
        ("products", "land_type", "Land type"),
        ("land_types", "land_type", "Land type"),
        ("land_types", "land_type_zh", "Land type"),
        ("coefficient_sets", "coefficient_set", "Coefficient set"),
    ):
        table = t[tid]
        column = table.df[fid]
        bad = [v for v in column.dropna().unique() if _bad_name(v)]  # each name once, then its rows
        for i in np.flatnonzero(column.isin(bad).to_numpy()).tolist() if bad else ():
            v = column.iloc[i]
            own.append(Problem(table.cell(fid, i), M.GEP_NAME.format(field=table.spec.field(fid), value=v)))
    x = parsed.derived["gep_inputs"] = inputs(parsed)
    base, target = x["scenarios"]
    if base and target and base.casefold() == target.casefold():
        own.append(Problem(parsed.param_location("target_scenario"), M.GEP_SAME_SCENARIOS.format(value=target)))
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
        RowProblem(p.table, p.row, "area", p.message) if (p.table, p.column) == ("land_use", "area_ha") else p
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
                and p.message == M.GEP_EMPTY_SCENARIO.format(scenario=s, expected=tuple(named))
            ):
                found = tuple(present)
                p = Problem(
                    parsed.param_location(pid),
                    M.GEP_SCENARIO_NO_AREA.format(scenario=s, table=parsed.tables["land_use"].spec, found=found),
                )
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
                        unit=M.Unit(unit),
                        expected=float(project),
                        where=parsed.param_location("project_area"),
                        tolerance=float(tol),
                    ),
                )
            )
    return out


def calculate(parsed: Parsed, validated: bool = False) -> tuple[dict[str, Any], method.GEPResult]:
    """Engine inputs and the method's result (raises ``InputError`` when the inputs are invalid).

    ``validated``: ``check`` has already run the method's validation on this workbook (as ``load``
    does before ``write``), so it is not run again, and its engine inputs are those ``check`` built.
    """
    x = parsed.derived.get("gep_inputs") if validated else None
    x = x if x is not None else inputs(parsed)
    res = method.calculate(
        x["land_use"],
        x["mapping"],
        x["glob"],
        x["sets"],
        x["products"],
        scenarios=tuple(s for s in x["scenarios"] if s),
        project_area_ha=None,
        area_tolerance_ha=math.inf,
        validated=validated,
        complete=True,
    )
    return x, res


# -- result sheets: declarations ------------------------------------------------------------------
# Each result sheet is declared once below; ``write`` renders them with the generic writer
# (``ecoaccount.workbook.sheets``) and adds only what no declaration expresses: the key cells of a
# scenario or land type that only the Products table names, and the Checks. Scenarios and land
# types are rows (any number of them), indicators and components are columns.
MONEY_A = "money/a"  # money in the result unit the user chose (GEP_out_unit), per year
#: Units of the coefficients that no unit expression spells: (en, zh).
COEFFICIENT_UNITS: dict[str, tuple[str, str]] = {
    "t·ha·h/(ha·MJ·mm)": ("t·ha·h/(ha·MJ·mm)", "吨·公顷·小时/(公顷·兆焦·毫米)"),
    "tC/(ha·a)": ("tC/(ha·a)", "吨碳/(公顷·年)"),
    "kJ/(ha·d)": ("kJ/(ha·d)", "千焦/(公顷·天)"),
}
KWH_A = ("kWh/a", "千瓦时/年")
COMPONENT_UNITS: dict[str, str | tuple[str, str]] = {"t": "t/a", "m3": "m3/a", "kWh": KWH_A, "ha": "ha"}
#: Label of each value column of the wide table (the Quantities sheet and Table 4's components).
VALUE_LABELS: dict[str, tuple[str, str]] = {
    "crop_value": ("Agricultural products value", "农产品价值"),
    "water_value": ("Water conservation value", "水源涵养价值"),
    "sediment_value": ("Sediment reduction value", "减少泥沙淤积价值"),
    "n_value": ("N non-point pollution value", "减少氮面源污染价值"),
    "p_value": ("P non-point pollution value", "减少磷面源污染价值"),
    "soil_value": ("Soil retention value", "土壤保持价值"),
    "so2_value": ("SO2 value", "二氧化硫净化价值"),
    "nox_value": ("NOx value", "氮氧化物净化价值"),
    "dust_value": ("Dust value", "滞尘价值"),
    "air_value": ("Air purification value", "空气净化价值"),
    "co2_value": ("Carbon fixation value", "固碳价值"),
    "o2_value": ("Oxygen release value", "释氧价值"),
    "climate_value": ("Climate regulation value", "气候调节价值"),
    "landscape_value": ("Landscape value", "景观价值"),
}
#: Worksheet functions computing an indicator's value per row (``ecoaccount.udf``).
UDFS = {
    "crop_value": "ECO_GEP_AGRI",
    "water_value": "ECO_GEP_WATER",
    "soil_value": "ECO_GEP_SOIL",
    "air_value": "ECO_GEP_AIR",
    "co2_value": "ECO_GEP_CARBON",
    "o2_value": "ECO_GEP_OXYGEN",
    "climate_value": "ECO_GEP_CLIMATE",
    "landscape_value": "ECO_GEP_LANDSCAPE",
}
INDICATORS = tuple(method.INDICATOR_VALUES)
GROUP_OF = dict(method.INDICATORS)
SPAN = f"{INDICATORS[0]}:{INDICATORS[-1]}"  # the indicator columns of a row


def _labels(item: str) -> tuple[str, str]:
    """Label of an indicator, service group, GEP or value column."""
    if item == "gep":
        return ("GEP", "GEP")
    return INDICATOR_LABELS.get(item) or GROUP_LABELS.get(item) or VALUE_LABELS[item]


def _share_labels(item: str) -> tuple[str, str]:
    en, zh = _labels(item)
    return (f"{en}: share", f"{zh}占比")


def _key(id_: str, en: str, zh: str, formula: str, width: float = 14) -> ResultColumn:
    return key_column(id_, en, zh, formula, width)


def _money(id_: str, en: str, zh: str, formula: str, **kw: Any) -> ResultColumn:
    return ResultColumn(id_, en, zh, MONEY_A, formula, width=kw.pop("width", 15), **kw)


def _value(id_: str, formula: str) -> ResultColumn:
    return _money(id_, *VALUE_LABELS[id_], formula, udf=UDFS.get(id_))


def _coefficient(f: Field) -> ResultColumn:
    unit = COEFFICIENT_UNITS.get(f.unit) or f.unit or DIMENSIONLESS
    return ResultColumn(f.id, f.en, f.zh, unit, f"=INDEX({{coefficient_sets.{f.id}}},{{set_row}})", "precise", 13)


def _quantity(
    id_: str, en: str, zh: str, unit: str | tuple[str, str], formula: str, fmt: Format = "number", udf: str = ""
):
    return ResultColumn(id_, en, zh, unit, formula, fmt, width=15, udf=udf or None)


def _ratio(id_: str, en: str, zh: str, part: str, whole: str) -> ResultColumn:
    """A share as a percentage: 0 when the whole is 0."""
    return ResultColumn(id_, en, zh, DIMENSIONLESS, f"=IF({whole}=0,0,{part}/{whole})", "percent", width=12)


def _rate(id_: str, en: str, zh: str, change: str, base: str) -> ResultColumn:
    """A rate of change as a percentage: empty when the baseline is 0."""
    return ResultColumn(id_, en, zh, DIMENSIONLESS, f'=IF({base}=0,"",{change}/{base})', "percent", width=12)


def _scenario_key(formula: str) -> ResultColumn:
    return _key("scenario", "Scenario", "情景", formula)


def _land_type_key(formula: str) -> ResultColumn:
    return _key("land_type", "Land type", "地类", formula, width=20)


VALUE = "/GEP_out_factor"
QUANTITY_COLUMNS = (
    _quantity(
        "crop_output_t",
        "Crop output",
        "农产品产量",
        "t/a",
        "=SUMIFS({product_values.output_t},{product_values.scenario},{scenario},"
        "{product_values.land_type},{land_type})",
    ),
    _value(
        "crop_value",
        "=SUMIFS({product_values.value},{product_values.scenario},{scenario},{product_values.land_type},{land_type})"
        + VALUE,
    ),
    _quantity("runoff_mm", "Runoff R = P·coefficient", "径流量 R", "mm/a", "=GEP_precipitation*{runoff_coefficient}"),
    _quantity(
        "net_water_mm", "P − R − ET", "P − R − ET", "mm/a", "=GEP_precipitation-{runoff_mm}-{evapotranspiration}"
    ),
    _quantity("water_m3", "Water conserved", "水源涵养量", "m3/a", "={area_ha}*10000*{net_water_mm}*0.001"),
    _value("water_value", "={water_m3}*GEP_water_price" + VALUE),
    _quantity(
        "soil_retained_t",
        "Soil retained Q = R·K·LS·(1 − C·P)·A",
        "土壤保持量 Q = R·K·LS·(1 − C·P)·A",
        "t/a",
        "=GEP_rainfall_erosivity*{rusle_k}*GEP_slope_length_gradient*(1-{rusle_c}*{rusle_p})*{area_ha}",
        udf="ECO_RUSLE",
    ),
    _quantity(
        "sediment_m3",
        "Sediment λ·Q/ρ",
        "泥沙淤积量 λ·Q/ρ",
        "m3/a",
        "=GEP_sediment_coefficient*{soil_retained_t}/GEP_soil_bulk_density",
    ),
    _value("sediment_value", "={sediment_m3}*GEP_dredging_cost" + VALUE),
    _quantity(
        "n_fertiliser_t",
        "N fertiliser equivalent",
        "氮折合化肥",
        "t/a",
        "={soil_retained_t}*GEP_soil_n_content*0.001*GEP_n_fertiliser_factor",
    ),
    _value("n_value", "={n_fertiliser_t}*GEP_n_fertiliser_price" + VALUE),
    _quantity(
        "p_fertiliser_t",
        "P fertiliser equivalent",
        "磷折合化肥",
        "t/a",
        "={soil_retained_t}*GEP_soil_p_content*0.001*GEP_p_fertiliser_factor",
    ),
    _value("p_value", "={p_fertiliser_t}*GEP_p_fertiliser_price" + VALUE),
    _value("soil_value", "={sediment_value}+{n_value}+{p_value}"),
    _quantity("so2_t", "SO2 purified", "二氧化硫净化量", "t/a", "={so2_rate}*{area_ha}", "precise"),
    _value("so2_value", "={so2_t}*GEP_so2_cost" + VALUE),
    _quantity("nox_t", "NOx purified", "氮氧化物净化量", "t/a", "={nox_rate}*{area_ha}", "precise"),
    _value("nox_value", "={nox_t}*GEP_nox_cost" + VALUE),
    _quantity("dust_t", "Dust retained", "滞尘量", "t/a", "={dust_rate}*{area_ha}", "precise"),
    _value("dust_value", "={dust_t}*GEP_dust_cost" + VALUE),
    _value("air_value", "={so2_value}+{nox_value}+{dust_value}"),
    _quantity(
        "carbon_t",
        "Carbon fixed A·(FCSR·(1 + β) + soil rate)",
        "固碳量 A·(FCSR·(1 + β) + 土壤固碳速率)",
        ("tC/a", "吨碳/年"),
        "={area_ha}*({vegetation_carbon_rate}*(1+{soil_carbon_coefficient})+{soil_carbon_rate})",
        "precise",
    ),
    _quantity("co2_t", "CO2 fixed", "固定二氧化碳", "t/a", "={carbon_t}*GEP_carbon_to_co2"),
    _value("co2_value", "={co2_t}*GEP_carbon_price" + VALUE),
    _quantity("o2_t", "O2 released", "释放氧气", "t/a", "={co2_t}*GEP_co2_to_o2"),
    _value("o2_value", "={o2_t}*GEP_oxygen_price" + VALUE),
    _quantity(
        "climate_kwh",
        "Electricity saved heat·A·d/(3600·EER)",
        "节约电量 吸热量·A·d/(3600·EER)",
        KWH_A,
        "={heat_absorbed}*{area_ha}*GEP_ac_days/(3600*GEP_ac_eer)",
    ),
    _value("climate_value", "={climate_kwh}*GEP_electricity_price" + VALUE),
    _quantity(
        "landscape_equivalent_ha", "Equivalent area S·A", "当量面积 S·A", "ha", "={landscape_equivalent}*{area_ha}"
    ),
    _value("landscape_value", "={landscape_equivalent_ha}*(1/7)*GEP_grain_price*GEP_grain_yield" + VALUE),
    _money(
        "gep_value",
        "GEP value",
        "GEP 价值",
        "=" + "+".join(f"{{{c}}}" for c in method.INDICATOR_VALUES.values()),
    ),
)

PRODUCTS_SHEET = ResultSheet(
    "product_values",
    "ProductValues",
    "农产品价值",
    "Agricultural products: value = output × price (Table 3)",
    "农产品价值 = 产量 × 价格（表3）",
    (
        ResultTable(
            "product_values",
            "products",
            "one row per row of the Products table",
            "“农产品”表每行一行",
            (
                _scenario_key("={products.scenario[product_row]}"),
                _land_type_key("={products.land_type[product_row]}"),
                _key("crop", "Product", "产品", "={products.crop[product_row]}", 18),
                ResultColumn("output_t", "Output", "产量", "t/a", "={products.output_t[product_row]}"),
                ResultColumn(
                    "price_yuan_per_t", "Price", "价格", "yuan/t", "={products.price_yuan_per_t[product_row]}"
                ),
                ResultColumn("value", "Value", "价值", "yuan/a", "={output_t}*{price_yuan_per_t}", width=16),
            ),
            keys=3,
        ),
    ),
)

QUANTITIES_SHEET = ResultSheet(
    "quantities",
    "Quantities",
    "物理量与价值",
    "Physical quantities and values per scenario and land type",
    "分情景、地类的物理量与价值",
    (
        ResultTable(
            "quantities",
            "quantities",
            "one row per scenario and land type, grouped by scenario",
            "每个情景、地类一行，按情景分组",
            (
                _scenario_key("={land_use.scenario[scenario_row]}"),
                _land_type_key("={land_use.land_type[land_type_row]}"),
                _key(
                    "coefficient_set",
                    "Coefficient set",
                    "系数组",
                    "=IFERROR(INDEX({land_types.coefficient_set},MATCH({land_type},{land_types.land_type},0)),"
                    "INDEX({land_types.coefficient_set},MATCH({land_type},{land_types.land_type_zh},0)))",
                ),
                ResultColumn(
                    "set_row",
                    "Row in Coefficients",
                    "系数表行号",
                    DIMENSIONLESS,
                    "=MATCH({coefficient_set},{coefficient_sets.coefficient_set},0)",
                    "integer",
                    width=9,
                ),
                ResultColumn(
                    "area_ha",
                    "Area",
                    "面积",
                    "ha",
                    "=SUMIFS({land_use.area},{land_use.scenario},{scenario},{land_use.land_type},{land_type})"
                    "*GEP_area_factor",
                    width=12,
                ),
                *(_coefficient(f) for f in COEFFICIENT_FIELDS),
                *QUANTITY_COLUMNS,
            ),
            keys=2,
        ),
    ),
    unit=MONEY_A,
    note_en="paper 001_cf6a641da64b4c83 Table 3; coefficients looked up in LandTypes and Coefficients; "
    "values in the result money unit",
    note_zh="论文 001 表3；系数取自“地类对应”与“系数”表；价值以结果货币单位计",
)


def _block(column: str) -> str:
    """The sum of a Quantities column over the scenario's own block of rows."""
    return f"=SUM({{quantities.{column}[q_first:q_last]}})"


def _component_columns() -> tuple[ResultColumn, ...]:
    out = []
    for _indicator, component, unit, qcol, vcol in method.COMPONENTS:
        en, zh = COMPONENT_LABELS[component]
        out.append(_quantity(qcol, en[:1].upper() + en[1:], zh, COMPONENT_UNITS[unit], _block(qcol)))
        out.append(_money(vcol, *VALUE_LABELS[vcol], _block(vcol)))
    return tuple(out)


def _group_formula(group: str) -> str:
    return "=" + "+".join(f"{{{i}}}" for i in INDICATORS if GROUP_OF[i] == group)


TOTALS = "indicator_totals"
INDICATORS_SHEET = ResultSheet(
    "indicators",
    "Indicators",
    "分指标核算",
    "GEP per indicator and scenario — as the paper's Table 4",
    "分指标、情景的 GEP——对应论文表4",
    (
        ResultTable(
            TOTALS,
            "scenarios",
            "one row per scenario: value of each indicator and service group",
            "每个情景一行：各指标与服务类别的价值",
            (
                _scenario_key("={quantities.scenario[q_first]}"),
                *(_money(i, *INDICATOR_LABELS[i], _block(method.INDICATOR_VALUES[i]), chart="bar") for i in INDICATORS),
                *(_money(g, *GROUP_LABELS[g], _group_formula(g)) for g in method.SERVICE_GROUPS),
                _money(
                    "gep",
                    "GEP",
                    "GEP",
                    f"=SUM({{{SPAN}}})",
                    headline=("GEP", "生态系统生产总值 GEP"),
                    chart="bar",
                ),
            ),
            keys=1,
            charts=(
                Chart(
                    "gep_indicators",
                    "Value per indicator and scenario (before and after restoration)",
                    "各情景分指标价值（修复前后对比）",
                    tuple(INDICATORS),
                    "scenario",
                    "column",
                    per_row=True,
                ),
            ),
        ),
        ResultTable(
            "scenarios",
            "scenarios",
            "one row per scenario: quantity and value of each component",
            "每个情景一行：各核算项的物理量与价值",
            (
                _scenario_key(f"={{{TOTALS}.scenario[s_row]}}"),
                ResultColumn("area_ha", "Area", "面积", "ha", _block("area_ha"), width=12),
                *_component_columns(),
            ),
            keys=1,
            below=TOTALS,
        ),
        ResultTable(
            "indicator_shares",
            "scenarios",
            "one row per scenario: share of each indicator and service group in the GEP",
            "每个情景一行：各指标与服务类别占 GEP 的比例",
            (
                _scenario_key(f"={{{TOTALS}.scenario[s_row]}}"),
                *(
                    _ratio(f"share_{c}", *_share_labels(c), f"{{{TOTALS}.{c}[s_row]}}", f"{{{TOTALS}.gep[s_row]}}")
                    for c in (*INDICATORS, *method.SERVICE_GROUPS)
                ),
            ),
            keys=1,
            below="scenarios",
        ),
    ),
    unit=MONEY_A,
    note_en="Quantities per year; values in the result money unit; shares of the scenario's GEP.",
    note_zh="物理量为年量；价值以结果货币单位计；占比为占该情景 GEP 的比例。",
)


def _changes(items: Sequence[str], table: str, labels: Any) -> tuple[ResultColumn, ...]:
    """Δ and Δ% of each item from the baseline row of ``table`` to the scenario's row."""
    out = []
    for c in items:
        en, zh = labels(c)
        base, to = f"{{{table}.{c}[base_row]}}", f"{{{table}.{c}[to_row]}}"
        headline = {"gep": (("GEP change", "GEP 变化量"), ("GEP rate of change", "GEP 变化率"))}.get(c, (None, None))
        out.append(_money(f"d_{c}", f"Δ {en}", f"{zh}变化量", f"={to}-{base}", headline=headline[0]))
        rate = _rate(f"r_{c}", f"Δ% {en}", f"{zh}变化率", f"{{d_{c}}}", base)
        out.append(replace(rate, headline=headline[1]))
    return tuple(out)


def _change_keys(table: str) -> tuple[ResultColumn, ...]:
    return (
        _key("baseline", "Baseline", "基准情景", f"={{{table}.scenario[base_row]}}"),
        _scenario_key(f"={{{table}.scenario[to_row]}}"),
    )


CHANGE_SHEET = ResultSheet(
    "change",
    "Change",
    "情景变化",
    "Change from the baseline scenario — as the paper's Table 4 (before → after)",
    "相对基准情景的变化——对应论文表4（修复前 → 修复后）",
    (
        ResultTable(
            "change",
            "change",
            "one row per scenario other than the baseline: change of each indicator and group",
            "基准情景以外每个情景一行：各指标与服务类别的变化",
            (*_change_keys(TOTALS), *_changes((*INDICATORS, *method.SERVICE_GROUPS, "gep"), TOTALS, _labels)),
            keys=2,
        ),
        ResultTable(
            "component_change",
            "change",
            "one row per scenario other than the baseline: change of each component's value",
            "基准情景以外每个情景一行：各核算项价值的变化",
            (*_change_keys("scenarios"), *_changes([c[4] for c in method.COMPONENTS], "scenarios", _labels)),
            keys=2,
            below="change",
        ),
    ),
    unit=MONEY_A,
    note_en="Δ = scenario − baseline scenario (Parameters: baseline_scenario); Δ% = Δ / baseline, empty for 0.",
    note_zh="变化量 = 情景 − 基准情景（“参数”表：基准情景）；变化率 = 变化量 / 基准值，基准值为 0 时留空。",
)

COMPOSITION_SHEET = ResultSheet(
    "composition",
    "Composition",
    "价值构成",
    "Value per indicator and land type — as the paper's Table 5",
    "分指标、地类的价值构成——对应论文表5",
    (
        ResultTable(
            "composition",
            "by_land_type",
            "one row per scenario and land type, grouped by scenario",
            "每个情景、地类一行，按情景分组",
            (
                _scenario_key("={quantities.scenario[q_row]}"),
                _land_type_key("={quantities.land_type[q_row]}"),
                *(
                    _money(i, *INDICATOR_LABELS[i], f"={{quantities.{v}[q_row]}}")
                    for i, v in method.INDICATOR_VALUES.items()
                ),
                *(
                    _ratio(f"share_{i}", *_share_labels(i), f"{{{i}}}", f"{{{TOTALS}.gep[scen_row]}}")
                    for i in INDICATORS
                ),
            ),
            keys=2,
        ),
        ResultTable(
            "composition_change",
            "land_type_change",
            "one row per land type and scenario other than the baseline: change of each indicator's value",
            "基准情景以外每个情景、地类一行：各指标价值的变化",
            (
                _land_type_key("={composition.land_type[to_row]}"),
                _scenario_key("={composition.scenario[to_row]}"),
                *(
                    _money(
                        f"d_{i}",
                        f"Δ {en}",
                        f"{zh}变化量",
                        f"={{composition.{i}[to_row]}}-{{composition.{i}[base_row]}}",
                    )
                    for i, (en, zh) in ((i, INDICATOR_LABELS[i]) for i in INDICATORS)
                ),
            ),
            keys=2,
            below="composition",
        ),
    ),
    unit=MONEY_A,
    note_en="Share = value / GEP of the scenario. Land that provides no service shows 0.",
    note_zh="占比 = 价值 / 该情景 GEP。不提供服务的地类显示为 0。",
)

LAND_TYPE_SHEET = ResultSheet(
    "land_type_gep",
    "LandTypeGEP",
    "分地类GEP",
    "GEP per land type — as the paper's Table 6",
    "分地类 GEP——对应论文表6",
    (
        ResultTable(
            "land_type_gep",
            "by_land_type",
            "one row per scenario and land type, grouped by scenario",
            "每个情景、地类一行，按情景分组",
            (
                _scenario_key("={composition.scenario[q_row]}"),
                _land_type_key("={composition.land_type[q_row]}"),
                ResultColumn("area_ha", "Area", "面积", "ha", "={quantities.area_ha[q_row]}", width=12),
                _money(
                    "gep",
                    "GEP",
                    "GEP",
                    "=" + "+".join(f"{{composition.{i}[q_row]}}" for i in INDICATORS),
                    headline=("GEP per land type", "分地类 GEP"),
                    chart="bar",
                ),
                _ratio(
                    "share", "Share of the scenario's GEP", "占该情景 GEP 比例", "{gep}", f"{{{TOTALS}.gep[scen_row]}}"
                ),
                # Rank within the scenario's own block of rows; none for a GEP of 0.
                ResultColumn(
                    "rank",
                    "Rank",
                    "排序",
                    DIMENSIONLESS,
                    '=IF({gep}>0,1+SUMPRODUCT(({land_type_gep.gep[s_first:s_last]}>{gep})*1),"")',
                    "general",
                    width=8,
                ),
            ),
            keys=2,
            charts=(
                Chart(
                    "gep_land",
                    "GEP per land type and scenario",
                    "分地类、情景的 GEP",
                    ("gep",),
                    "land_type",
                    "column",
                    split="scenario",
                ),
            ),
        ),
        ResultTable(
            "land_type_change",
            "land_type_change",
            "one row per land type and scenario other than the baseline",
            "基准情景以外每个情景、地类一行",
            (
                _land_type_key("={land_type_gep.land_type[to_row]}"),
                _scenario_key("={land_type_gep.scenario[to_row]}"),
                ResultColumn(
                    "area_ha_from", "Area, baseline", "基准情景面积", "ha", "={land_type_gep.area_ha[base_row]}"
                ),
                ResultColumn("area_ha_to", "Area", "面积", "ha", "={land_type_gep.area_ha[to_row]}"),
                _money("gep_from", "GEP, baseline", "基准情景 GEP", "={land_type_gep.gep[base_row]}"),
                _money("gep_to", "GEP", "GEP", "={land_type_gep.gep[to_row]}"),
                _money("change", "Δ GEP", "GEP 变化量", "={gep_to}-{gep_from}", chart="bar"),
                _rate("rate", "Δ% GEP", "GEP 变化率", "{change}", "{gep_from}"),
            ),
            keys=2,
            below="land_type_gep",
        ),
    ),
    unit=MONEY_A,
    note_en="Rank = 1 + number of land types of the scenario with a larger GEP; none for a GEP of 0.",
    note_zh="排序 = 1 + 该情景中 GEP 更大的地类个数；GEP 为 0 的地类不排序。",
)

OUTPUTS = OutputSpec(
    "gep",
    (PRODUCTS_SHEET, QUANTITIES_SHEET, INDICATORS_SHEET, CHANGE_SHEET, COMPOSITION_SHEET, LAND_TYPE_SHEET),
    units={"money": "out_unit"},
    # The baseline is the scenario the Change sheet compares with (the first one when there is no other).
    figures=(
        Figure("scenarios", "Scenarios", "情景数", DIMENSIONLESS, TOTALS, "scenario", "count", "integer"),
        Figure("land_types", "Land types", "地类数", DIMENSIONLESS, "quantities", "land_type", "distinct", "integer"),
        Figure(
            "baseline",
            "Baseline scenario",
            "基准情景",
            "",
            "change",
            "baseline",
            "first",
            "text",
            fallback=(TOTALS, "scenario"),
        ),
        Figure("gep_baseline", "GEP, baseline", "基准情景 GEP", MONEY_A, TOTALS, "gep", at=("scenario", "baseline")),
        Figure("last", "Last scenario", "最后情景", "", TOTALS, "scenario", "first", "text", at=("scenario", "last")),
        Figure("gep_last", "GEP, last scenario", "最后情景 GEP", MONEY_A, TOTALS, "gep", at=("scenario", "last")),
        Figure(
            "gep_change",
            "GEP change, baseline to last",
            "GEP 变化量，基准至最后情景",
            MONEY_A,
            agg="difference",
            of=("gep_last", "gep_baseline"),
        ),
    ),
)


# -- result sheets: writing -------------------------------------------------------------------------
def unit_choices(parsed: Parsed) -> dict[str, UnitChoice]:
    """The unit variables of ``OUTPUTS`` in this book: money = the result money unit."""
    return {"money": chosen_unit(parsed, "out_unit", MONEY_UNITS, "yuan")}


def frames(parsed: Parsed, x: dict[str, Any], res: method.GEPResult) -> dict[str, pd.DataFrame]:
    """The engine's tables for ``OUTPUTS``, their key columns holding the names as typed."""
    base = x["scenarios"][0] or ""
    out = method.result_tables(res, x["land_use"], x["products"], x["sets"], base)
    lu, pt = parsed.tables["land_use"], parsed.tables["products"]
    q = out["quantities"]
    for col in ("scenario", "land_type"):
        q[col] = [
            _raw(parsed, lu, col, i) if i >= 0 else _raw(parsed, pt, col, j)
            for i, j in zip(q[f"{col}_row"], q[f"p_{col}_row"], strict=True)
        ]
    p = out["products"]
    for col in ("scenario", "land_type", "crop"):
        p[col] = [_raw(parsed, pt, col, i) for i in range(len(p))]
    sc, lt = out["scenarios"], out["by_land_type"]
    sc["name"] = sc["scenario"].astype(str)
    sc["scenario"] = q["scenario"].to_numpy()[sc["q_first"].to_numpy()]
    lt["scenario"], lt["land_type"] = q["scenario"].to_numpy(), q["land_type"].to_numpy()
    ch, ltc = out["change"], out["land_type_change"]
    ch["baseline"], ch["scenario"] = sc["scenario"].to_numpy()[ch["base_row"]], sc["scenario"].to_numpy()[ch["to_row"]]
    ltc["land_type"], ltc["scenario"] = (
        lt["land_type"].to_numpy()[ltc["to_row"]],
        lt["scenario"].to_numpy()[ltc["to_row"]],
    )
    return out


def result_frames(parsed: Parsed) -> dict[str, pd.DataFrame]:
    """The engine's tables that feed ``OUTPUTS`` (by ``ResultTable.frame``)."""
    x, res = calculate(parsed)
    return frames(parsed, x, res)


def write(book: ResultBook, parsed: Parsed) -> dict[str, Any]:
    """Write every result sheet; returns a short summary for the CLI."""
    lang = parsed.lang
    x, res = calculate(parsed, validated=True)  # load() has run check(), which validated
    choices = unit_choices(parsed)
    out_unit, out_f = choices["money"].en, choices["money"].factor
    book.unit_factors(
        [
            (label(lang, "area unit → ha", "面积单位 → 公顷"), "area_unit", x["area_factor"], f"{PREFIX}_area_factor"),
            (label(lang, "result money unit → yuan", "结果货币单位 → 元"), "out_unit", out_f, f"{PREFIX}_out_factor"),
        ]
    )
    tables = frames(parsed, x, res)
    layout = Layout(OUTPUTS, tables, parsed.tables, lang, choices)
    sheets = write_sheets(book, layout)
    _product_only_keys(sheets["quantities"], layout, parsed)
    book.checks(_checks(layout, parsed, x, lang))
    sc = tables["scenarios"]
    scenarios = sc["name"].tolist()
    gep = dict(zip(scenarios, (sc["gep"] / out_f).tolist(), strict=True))
    base = x["scenarios"][0] if x["scenarios"][0] in scenarios else scenarios[0]
    return {
        "scenarios": scenarios,
        "baseline": base,
        "unit": out_unit,
        "gep": gep,
        **summary_figures(OUTPUTS, layout.frames, layout.choices),
    }


def _raw(parsed: Parsed, table: InputTable, field: str, i: int) -> Any:
    """The value as typed (a number stays a number), for the cached value of a key formula."""
    return parsed.raw.value(table.sheet, table.rows[i], table.cols[field])


def _product_only_keys(sheet: OutSheet, layout: Layout, parsed: Parsed) -> None:
    """A scenario or land type that only the Products table names: its key cell refers there."""
    q, frame = layout["quantities"], layout.frames["quantities"]
    pt = parsed.tables["products"]
    for col in ("scenario", "land_type"):
        c = q.table.position(col)
        for i in np.flatnonzero(frame[f"{col}_row"].to_numpy() < 0).tolist():
            j = int(frame[f"p_{col}_row"].iloc[i])
            sheet.formula(q.first + i, c, "=" + pt.ref(col, j), _raw(parsed, pt, col, j))


def _checks(layout: Layout, parsed: Parsed, x: dict[str, Any], lang: str) -> list[tuple[str, str, float, str, float]]:
    """Reconciliation checks: (label, formula A, value A, formula B, value B)."""
    out_f = layout.choices["money"].factor
    lu = parsed.tables["land_use"]
    q, pv, sc, tot = layout["quantities"], layout["product_values"], layout["scenarios"], layout[TOTALS]
    co, lg = layout["composition"], layout["land_type_gep"]
    fq, fs = layout.frames["quantities"], layout.frames["scenarios"]
    area_rng, scen_rng = lu.col_range("area"), lu.col_range("scenario")
    lu_area = pd.to_numeric(lu.df["area"], errors="coerce").fillna(0.0)
    products = layout.frames["products"]
    checks = [
        (
            label(
                lang,
                "Land-use areas (input × unit factor) = areas in the Quantities sheet (ha)",
                "土地利用面积（输入 × 换算系数）= 物理量表面积（公顷）",
            ),
            f"=SUM({area_rng})*GEP_area_factor",
            float(lu_area.sum()) * x["area_factor"],
            f"=SUM({q.range('area_ha')})",
            float(fq["area_ha"].sum()),
        ),
        (
            label(
                lang,
                "Agricultural products: Σ output × price (ProductValues) = Σ in Quantities",
                "农产品：逐行产量 × 价格之和 = 物理量表之和",
            ),
            f"=SUM({pv.range('value')})/GEP_out_factor",
            float(products["value"].sum()) / out_f,
            f"=SUM({q.range('crop_value')})",
            float(fq["crop_value"].sum()) / out_f,
        ),
    ]
    unit = str(parsed.params.get("area_unit"))
    proj, tol = float(parsed.params["project_area"]), float(parsed.params["area_tolerance"])
    raw_scen = _canonical(lu.df["scenario"].astype(object))[0].to_numpy()
    components_by_scenario = fs[[c[4] for c in method.COMPONENTS]].to_numpy()
    groups_by_scenario = fs[list(method.SERVICE_GROUPS)].to_numpy()
    gep, q_first, q_last = fs["gep"].to_numpy(), fs["q_first"].tolist(), fs["q_last"].tolist()
    for k, s in enumerate(fs["name"]):
        sc_cell = sc.cell("scenario", k)
        total = float(gep[k]) / out_f
        first, last = int(q_first[k]), int(q_last[k])
        va = float(lu_area[raw_scen == s].sum())
        components = "+".join(sc.cell(c[4], k) for c in method.COMPONENTS)
        block = f"{co.cell(INDICATORS[0], first)}:{co.letter(INDICATORS[-1])}{co.first + 1 + last}"
        checks += [
            (
                label(
                    lang,
                    f"Scenario {s}: land-use area ({unit}) = project area within the tolerance "
                    "(B = project area moved toward A by at most the tolerance)",
                    f"情景 {s}：土地利用面积（{unit}）= 项目区面积（容差内；B 为向 A 移动不超过容差的项目区面积）",
                ),
                f"=SUMIFS({area_rng},{scen_rng},{sc_cell})",
                va,
                f"=GEP_project_area+MAX(-GEP_area_tolerance,MIN(GEP_area_tolerance,"
                f"SUMIFS({area_rng},{scen_rng},{sc_cell})-GEP_project_area))",
                proj + max(-tol, min(tol, va - proj)),
            ),
            (
                label(
                    lang, f"Scenario {s}: Σ components (Indicators) = GEP total", f"情景 {s}：各核算项之和 = GEP 合计"
                ),
                "=" + components,
                float(sum(components_by_scenario[k])) / out_f,
                "=" + tot.cell("gep", k),
                total,
            ),
            (
                label(
                    lang,
                    f"Scenario {s}: Σ values per indicator and land type (Composition) = GEP total",
                    f"情景 {s}：分指标、地类价值之和 = GEP 合计",
                ),
                f"=SUM({block})",
                float(fq.loc[first:last, list(method.INDICATOR_VALUES.values())].to_numpy().sum()) / out_f,
                "=" + tot.cell("gep", k),
                total,
            ),
            (
                label(
                    lang,
                    f"Scenario {s}: Σ GEP per land type (LandTypeGEP) = GEP total",
                    f"情景 {s}：分地类 GEP 之和 = GEP 合计",
                ),
                f"=SUM({lg.cell('gep', first)}:{lg.letter('gep')}{lg.first + 1 + last})",
                float(fq.loc[first:last, "gep_value"].sum()) / out_f,
                "=" + tot.cell("gep", k),
                total,
            ),
            (
                label(lang, f"Scenario {s}: Σ service groups = GEP total", f"情景 {s}：服务类别之和 = GEP 合计"),
                "=" + "+".join(tot.cell(g, k) for g in method.SERVICE_GROUPS),
                float(sum(groups_by_scenario[k])) / out_f,
                f"=SUMIFS({q.range('gep_value')},{q.range('scenario')},{sc_cell})",
                float(fq.loc[first:last, "gep_value"].sum()) / out_f,
            ),
        ]
    return checks
