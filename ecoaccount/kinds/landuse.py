"""The land-use template (transfer matrix and carbon-sink zones, paper 003): declaration, checks,
result sheets.

The declaration below is the only list of this template's tables, fields and parameters. The
result sheets render the quantities of ``ecoaccount.methods.landuse`` as formulas over the long
(from class, to class, area) table, with the engine's values:

- input either a long table (``Transitions``, several periods allowed) or two parcel tables
  (``ParcelsStart``, ``ParcelsEnd``, one period whose years are parameters). Parcels are summarised
  by the engine (``summarise_parcels``) into the ``Pairs`` sheet; up to ``FORMULA_PARCEL_LIMIT``
  parcels (``MATCH_PARCEL_LIMIT`` when the two tables list the parcels in different orders) each
  pair is a SUMIFS over the parcel rows, above that the pairs are written as values and the
  Audit sheet says so;
- ``Matrix`` (one block per period), ``Flows``, ``Transfers`` (zone and shares of every
  transition), ``Zones``, ``Unclassified``, ``Carbon``, ``Comparison`` (reference figures),
  ``Checks`` and ``Audit``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ecoaccount import messages as M
from ecoaccount.citations import cite, source_zh
from ecoaccount.kinds.common import chosen_unit, key_column
from ecoaccount.methods import landuse as method
from ecoaccount.outputs import (
    DIMENSIONLESS,
    Chart,
    Figure,
    OutputSpec,
    ResultColumn,
    ResultSheet,
    ResultTable,
    UnitChoice,
    render_unit,
    summary_figures,
)
from ecoaccount.problems import Problem, RowProblem
from ecoaccount.spec import Field, Param, TableSpec, TemplateSpec, unit_choice
from ecoaccount.units import AREA_UNITS, codes, factor
from ecoaccount.workbook import charts
from ecoaccount.workbook.choices import (
    canonical_formula,
    canonical_template,
    shown_formula,
    spelled,
    to_codes,
)
from ecoaccount.workbook.reader import InputTable, Parsed, cell_name
from ecoaccount.workbook.sheets import Layout, write_sheets
from ecoaccount.workbook.template import quote_sheet
from ecoaccount.workbook.writer import OutSheet, ResultBook, label

#: Parcel tables up to this many rows get SUMIFS formulas over the parcel rows; larger ones are
#: summarised by the engine and written as values (documented on the Pairs and Audit sheets).
FORMULA_PARCEL_LIMIT = 50_000
#: When the two parcel tables list the parcels in different orders, each parcel's class at the
#: second date is an INDEX/MATCH lookup (linear in the table), so the limit is lower.
MATCH_PARCEL_LIMIT = 5_000

GROUPS = ("sink", "built", "mining", "water", "other")
STATUSES = ("stated", "reconstructed")
QUANTITIES = (
    "class_area",
    "class_share",
    "transferred_out",
    "transfer_share",
    "occupied",
    "occupied_share",
    "zone_share",
)
QUANTITY_LABELS = {
    "class_area": ("Class area in a year (area unit)", "某年地类面积（面积单位）"),
    "class_share": ("Class share of the study area in a year", "某年地类面积占比"),
    "transferred_out": ("Area transferred out in a period (area unit)", "时段转出面积（面积单位）"),
    "transfer_share": (
        "Share of a class's transferred-out area going to a class",
        "转出面积中转为某地类的比例",
    ),
    "occupied": (
        "Area occupied by mining in a period (area unit)",
        "时段被采矿占用面积（面积单位）",
    ),
    "occupied_share": (
        "Share of a class's transferred-out area occupied by mining",
        "转出面积中被采矿占用的比例",
    ),
    "zone_share": ("Share of a carbon-sink zone in a period", "时段碳汇功能区面积占比"),
}
CLASS_LIST = "landuse_class"
#: zh spellings of the choices (same order); the reader accepts either language.
GROUP_ZH = ("碳汇", "建设", "采矿", "水域", "其他")
QUANTITY_ZH = ("地类面积", "地类占比", "转出面积", "转出比例", "采矿占用面积", "采矿占用比例", "功能区占比")


def _class_names(lang: str) -> tuple[str, ...]:
    c = method.load_classes()
    return tuple(c["label_zh"] if lang == "zh" else c["id"])


CLASS = Field("class", "Class", "地类", "choice", choices=(CLASS_LIST,), width=18)
FROM = Field(
    "from_class",
    "From class",
    "原地类",
    "choice",
    choices=(CLASS_LIST,),
    width=18,
    about="class at the first date",
)
TO = Field(
    "to_class",
    "To class",
    "现地类",
    "choice",
    choices=(CLASS_LIST,),
    width=18,
    about="class at the second date",
)
AREA = Field("area", "Area", "面积", "number", unit="{area_unit}", min=0)
START = Field("start_year", "Start year", "起始年份", "integer", min=1900, max=2100, width=10)
END = Field("end_year", "End year", "终止年份", "integer", min=1900, max=2100, width=10)
PARCEL = Field(
    "parcel_id",
    "Parcel id",
    "图斑编号",
    "text",
    width=14,
    about="one polygon of the overlay of the two land-use maps",
)

SPEC = TemplateSpec(
    kind="landuse",
    version="1",
    title_en="Land-use transfer matrix, carbon-sink functional zones and carbon lost to mining",
    title_zh="土地利用转移矩阵、碳汇功能分区与采矿占用碳损失",
    instructions_en=(
        "1. Give the land use of the two dates in ONE of two ways: (a) the Transitions table, "
        "one row per "
        "period and (from class, to class) with its area — several periods may follow one "
        "another; or "
        "(b) the two parcel tables ParcelsStart and ParcelsEnd (parcel id, class, area at each "
        "date) and "
        "the two map years on the Parameters sheet.",
        "2. Classes lists every land class, in the order of the matrix, with its group; the "
        "group 'mining' "
        "marks the classes whose expansion counts as occupation by mining (industrial land, "
        "open pit, "
        "stripping land, dump). Class names are used as typed in every other table.",
        "3. ZoneRules is Table 1 of the paper (from class → to class → zone); edit it for other "
        "rules. A "
        "transition without a rule is reported in the 'unclassified' zone, never dropped.",
        "4. CarbonLoss gives the soil and vegetation carbon lost per hectare occupied by mining "
        "(paper 003 Sect. 3.2). Reference (optional) holds published figures to compare with.",
        "5. Run `ecoaccount check FILE` to list every problem at once, then `ecoaccount fill FILE -o OUT.xlsx`.",
        "Method: transfer matrix S_ij (Sect. 2.2); zones of Table 1; zone shares per period "
        "(Sect. 3.3); "
        "occupied area × carbon lost per ha (Sect. 3.2) — paper 003_a9346aa4b4cb64fa.",
    ),
    instructions_zh=(
        "1. 两期土地利用二选一填写：(a)“转移表”，每个时段每个（原地类，现地类）一行并填面积，"
        "可连续填写多个时段；"
        "或 (b)“期初地块”“期末地块”两表（图斑编号、地类、面积），并在“参数”表填写两期年份。",
        "2. “地类”表按矩阵顺序列出全部地类及其类别；"
        "类别为“采矿”的地类（工业广场、露天采场、剥离区、排土场）"
        "其扩张计为采矿占用。其他各表中的地类名称须与此表一致。",
        "3. “分区规则”即论文表1（原地类 → 现地类 → 功能区），可修改。无规则对应的转移计入“未分区”，不会被丢弃。",
        "4. “碳损失系数”为采矿每占用1公顷造成的土壤碳与植被碳损失（论文003第3.2节）。"
        "“参考值”（可选）填写文献数值以便对照。",
        "5. 运行 `ecoaccount check 文件` 一次列出全部问题，然后运行 `ecoaccount fill 文件 -o 结果.xlsx`。",
        "方法：转移矩阵 S_ij（第2.2节）；表1分区规则；各时段功能区面积占比（第3.3节）；"
        "占用面积 × 单位面积碳损失（第3.2节）。",
    ),
    tables=(
        TableSpec(
            "transitions",
            "tblTransitions",
            "Transitions",
            "转移表",
            (
                START,
                END,
                FROM,
                TO,
                AREA,
                Field(
                    "note",
                    "Note",
                    "备注",
                    "text",
                    required=False,
                    width=44,
                    about="e.g. how a reconstructed figure was obtained",
                ),
            ),
            "Area per period and (from class, to class), in the area unit of the Parameters sheet.",
            "各时段各（原地类，现地类）转移面积，单位见“参数”表的面积单位。",
            key=("start_year", "end_year", "from_class", "to_class"),
            min_rows=0,
        ),
        TableSpec(
            "before",
            "tblParcelsStart",
            "ParcelsStart",
            "期初地块",
            (PARCEL, CLASS, AREA),
            "Parcels at the first date (alternative to Transitions): id, class, area.",
            "期初图斑（与“转移表”二选一）：编号、地类、面积。",
            min_rows=0,
            blank_rows=20,
        ),
        TableSpec(
            "after",
            "tblParcelsEnd",
            "ParcelsEnd",
            "期末地块",
            (PARCEL, CLASS, AREA),
            "The same parcels at the second date: id, class, area (the same area as at the first date).",
            "同一批图斑在期末的地类与面积（面积应与期初相同）。",
            min_rows=0,
            blank_rows=20,
        ),
        TableSpec(
            "classes",
            "tblClasses",
            "Classes",
            "地类",
            (
                Field("class", "Class", "地类", "text", width=18),
                Field(
                    "group",
                    "Group",
                    "类别",
                    "choice",
                    choices=GROUPS,
                    width=10,
                    about="mining = occupation by mining",
                    about_zh="“采矿”表示被采矿占用",
                    choice_zh=GROUP_ZH,
                ),
                Field("label_en", "Label (en)", "英文名称", "text", required=False, width=22),
                Field("label_zh", "Label (zh)", "中文名称", "text", required=False, width=14),
            ),
            "Land classes in matrix order; 'mining' classes count as occupation by mining (paper 003 Table 2).",
            "地类（按矩阵顺序）；类别为“采矿”的地类计为采矿占用（论文003表2）。",
            key=("class",),
            blank_rows=15,
        ),
        TableSpec(
            "rules",
            "tblZoneRules",
            "ZoneRules",
            "分区规则",
            (
                FROM,
                TO,
                Field(
                    "zone",
                    "Zone",
                    "功能区",
                    "choice",
                    choices=method.ZONES,
                    width=24,
                    choice_zh=tuple(method.ZONE_LABELS[z][1] for z in method.ZONES),
                    choice_en=tuple(method.ZONE_LABELS[z][0] for z in method.ZONES),
                ),
                Field("note", "Note", "备注", "text", required=False, width=50),
            ),
            "Carbon-sink functional zone of each transition (paper 003 Table 1); uncovered "
            "transitions are "
            "'unclassified'.",
            "各转移类型所属碳汇功能区（论文003表1）；无规则的转移为“未分区”。",
            key=("from_class", "to_class"),
            blank_rows=50,
        ),
        TableSpec(
            "carbon",
            "tblCarbonLoss",
            "CarbonLoss",
            "碳损失系数",
            (
                CLASS,
                Field("soil", "Soil carbon lost", "土壤碳损失", "number", "t/ha", min=0, unit_zh="吨/公顷"),
                Field(
                    "vegetation",
                    "Vegetation carbon lost",
                    "植被碳损失",
                    "number",
                    "t/ha",
                    min=0,
                    unit_zh="吨/公顷",
                    about="per hectare, whatever the area unit of the Parameters sheet",
                    about_zh="按每公顷计，与“参数”表的面积单位无关",
                ),
                Field("source", "Source", "来源", "text", required=False, width=44),
            ),
            "Carbon lost per hectare occupied by mining (paper 003 Sect. 3.2); classes without a row lose 0.",
            "采矿每占用1公顷的碳损失（论文003第3.2节）；未列出的地类按0计。",
            key=("class",),
            blank_rows=11,
        ),
        TableSpec(
            "reference",
            "tblReference",
            "Reference",
            "参考值",
            (
                Field(
                    "quantity",
                    "Quantity",
                    "指标",
                    "choice",
                    choices=QUANTITIES,
                    width=18,
                    choice_zh=QUANTITY_ZH,
                    choice_en=tuple(QUANTITY_LABELS[q][0] for q in QUANTITIES),
                ),
                Field("class", "Class or zone", "地类或功能区", "text", required=False, width=20),
                Field(
                    "to_class",
                    "To class",
                    "现地类",
                    "text",
                    required=False,
                    width=14,
                    about="transfer_share only",
                ),
                Field(
                    "year",
                    "Year",
                    "年份",
                    "integer",
                    required=False,
                    min=1900,
                    max=2100,
                    width=8,
                    about="class_area and class_share",
                ),
                Field(
                    "start_year",
                    "Start year",
                    "起始年份",
                    "integer",
                    required=False,
                    min=1900,
                    max=2100,
                    width=10,
                ),
                Field(
                    "end_year",
                    "End year",
                    "终止年份",
                    "integer",
                    required=False,
                    min=1900,
                    max=2100,
                    width=10,
                ),
                Field(
                    "value",
                    "Value",
                    "数值",
                    "number",
                    about="areas in the area unit; shares as fractions (type 30.4% or 0.304)",
                ),
                Field("status", "Status", "性质", "choice", choices=STATUSES, width=14, choice_zh=("原文", "重构")),
                Field("source", "Source", "来源", "text", required=False, width=44),
            ),
            "Optional: published figures to compare with the results (Comparison sheet).",
            "可选：用于对照的文献数值（见“对照”结果表）。",
            min_rows=0,
            blank_rows=20,
        ),
    ),
    params=(
        unit_choice("area_unit", "Area unit of every area input", "面积单位", "ha", "area_unit"),
        *(
            Param(
                f"parcel_{which}_year",
                f"Year of the {en} map (parcel tables only)",
                f"{zh}年份（仅地块表）",
                None,
                "year",
                "user's input; needed only when the parcel tables are filled",
                "integer",
                min=1900,
                max=2100,
                required=False,
            )
            for which, en, zh in (("start", "first", "期初"), ("end", "second", "期末"))
        ),
        Param(
            "tolerance",
            "Tolerance of area balances",
            "面积平衡容差",
            0.01,
            "{area_unit}",
            "ecoaccount default (rounding of published areas)",
            min=0,
        ),
    ),
    name_prefix="LU",
    lists={CLASS_LIST: {"en": _class_names("en"), "zh": _class_names("zh")}},
)


# -- template defaults --------------------------------------------------------------------------
def _note(text: str, lang: str) -> str:
    return source_zh(text) if lang == "zh" else text


def template_data(lang: str) -> tuple[dict[str, list[list[Any]]], dict[str, list[str]]]:
    """Rows prefilled in a fresh template: the paper's 11 classes, Table 1, carbon lost per ha."""
    c = method.load_classes()
    name = dict(zip(c["id"], _class_names(lang), strict=True))
    classes = [[name[r.id], r.group, r.label_en, r.label_zh] for r in c.itertuples()]
    rules = [
        [
            name[r.from_class],
            name[r.to_class],
            r.zone,
            (_note(r.note, lang) if isinstance(r.note, str) else "")
            + ((" (reconstructed)" if lang == "en" else "（重构）") if r.reconstructed else ""),
        ]
        for r in method.load_rules().itertuples()
    ]
    loss = method.load_carbon_loss()
    carbon = []
    for cls in dict.fromkeys(loss["class"]):
        rows = loss[loss["class"] == cls].set_index("pool")
        carbon.append(
            [
                name[cls],
                float(rows.at["soil", "value"]),
                float(rows.at["vegetation", "value"]),
                cite(_note(str(rows.at["soil", "source"]), lang), lang),
            ]
        )
    return {
        "classes": classes,
        "rules": [[a, b, z, n or None] for a, b, z, n in rules],
        "carbon": carbon,
    }, {}


# -- reading into engine inputs -------------------------------------------------------------------
@dataclass
class Inputs:
    """The engine's view of a valid workbook (areas in ha; ``area`` in the workbook's unit)."""

    mode: str  # "transitions" or "parcels"
    area_factor: float  # ha per area unit
    classes: list[str]
    groups: dict[str, str]
    long: pd.DataFrame  # start_year, end_year, from_class, to_class, area_ha, area
    rules: pd.DataFrame  # from_class, to_class, zone
    factors: pd.DataFrame  # class, pool, value (t/ha)
    aligned: bool = False  # parcel tables list the same ids on the same rows


def _area_factor(parsed: Parsed) -> float:
    return factor(parsed.params["area_unit"], AREA_UNITS, "hectare")


def _mode(parsed: Parsed) -> str:
    t = parsed.tables
    return "parcels" if len(t["transitions"].df) == 0 and len(t["before"].df) > 0 else "transitions"


def _aligned(parsed: Parsed) -> bool:
    b, a = parsed.tables["before"], parsed.tables["after"]
    return b.rows == a.rows and np.array_equal(b.df["parcel_id"].to_numpy(), a.df["parcel_id"].to_numpy())


def inputs(parsed: Parsed) -> Inputs:
    """The engine's DataFrames from a parsed workbook that has no problems."""
    t = parsed.tables
    f = _area_factor(parsed)
    cdf = t["classes"].df
    classes = [str(c) for c in cdf["class"]]
    groups = dict(zip(classes, cdf["group"], strict=True))
    mode = _mode(parsed)
    aligned = False
    if mode == "parcels":
        before = t["before"].df.rename(columns={"area": "area_ha"})
        before["area_ha"] = before["area_ha"].astype(float) * f
        after = t["after"].df[["parcel_id", "class"]]
        pairs = method.summarise_parcels(before[["parcel_id", "class", "area_ha"]], after, classes=classes)
        pairs.insert(0, "end_year", int(parsed.params["parcel_end_year"]))
        pairs.insert(0, "start_year", int(parsed.params["parcel_start_year"]))
        pairs["area"] = pairs["area_ha"] / f
        long = pairs
        aligned = _aligned(parsed)
    else:
        long = t["transitions"].df[["start_year", "end_year", "from_class", "to_class", "area"]].copy()
        long["area"] = long["area"].astype(float)
        long["area_ha"] = long["area"] * f
    long["start_year"] = long["start_year"].astype(int)
    long["end_year"] = long["end_year"].astype(int)
    rules = t["rules"].df[["from_class", "to_class", "zone"]]
    c = t["carbon"].df
    factors = pd.concat(
        [
            pd.DataFrame({"class": c["class"], "pool": pool, "value": c[pool].astype(float)})
            for pool in method.CARBON_POOLS
        ],
        ignore_index=True,
    )
    return Inputs(mode, f, classes, groups, long.reset_index(drop=True), rules, factors, aligned)


@dataclass
class Results:
    periods: list[tuple[int, int]]
    matrices: dict[tuple[int, int], pd.DataFrame]  # ha
    flows: pd.DataFrame
    shares: pd.DataFrame  # one row per long row, same order
    zones: pd.DataFrame
    uncovered: pd.DataFrame
    occupied: pd.DataFrame
    carbon: pd.DataFrame


def calculate(x: Inputs) -> Results:
    """Every result the sheets show, from the pure method (areas in ha)."""
    long = x.long[["start_year", "end_year", "from_class", "to_class", "area_ha"]]
    periods = [tuple(int(v) for v in p) for p in long[["start_year", "end_year"]].drop_duplicates().to_numpy()]
    key = long["start_year"].to_numpy() * 10_000 + long["end_year"].to_numpy()
    matrices = {}
    for s, e in periods:
        part = long[key == s * 10_000 + e]
        matrices[(s, e)] = method.transfer_matrix(part[list(method.TRANSITION_COLUMNS)], classes=x.classes)
    flows = method.class_flows(long, classes=x.classes)
    shares = method.transfer_shares(long)
    # transfer_shares groups repeated pairs; the workbook checks that there are none, so its rows
    # are
    # the long rows in the same order (sort=False keeps the order of first appearance).
    classified = method.classify_transitions(long, x.rules)
    shares["zone"] = classified["zone"].to_numpy()
    zones = method.zone_areas(long, x.rules)
    uncovered = method.uncovered_transitions(long, x.rules)
    mining = [c for c in x.classes if x.groups.get(c) == method.MINING_GROUP]
    occupied = method.mining_occupation(long, mining_classes=mining)
    carbon = method.carbon_loss(occupied, x.factors)
    return Results(periods, matrices, flows, shares, zones, uncovered, occupied, carbon)


# -- checks ---------------------------------------------------------------------------------------
def check(parsed: Parsed) -> None:
    """Kind-specific rules on top of the generic ones (problems go to ``parsed.problems``)."""
    t = parsed.tables
    _unit_problems(parsed)
    if not {"transitions", "before", "after", "classes", "rules", "carbon"} <= set(t):
        return
    mode = _input_mode(parsed)
    if mode is None:
        return
    f = _area_factor(parsed) if parsed.params.get("area_unit") in codes("area") else 1.0
    tol = parsed.params.get("tolerance")
    tol = 0.01 if tol is None else float(tol)
    listed = _class_name_problems(parsed)
    rules = t["rules"].df
    rule_classes = set(rules["from_class"].dropna()) | set(rules["to_class"].dropna())
    for table, column, skip_unruled in (
        ("rules", "from_class", False),
        ("rules", "to_class", False),
        ("carbon", "class", False),
        *(
            (("transitions", "from_class", True), ("transitions", "to_class", True))
            if mode == "transitions"
            else (("before", "class", True), ("after", "class", True))
        ),
    ):
        _unlisted_problems(parsed, t[table], column, listed, rule_classes if skip_unruled else None)
    ids = None
    if mode == "parcels":
        ids = method.ParcelIds(t["before"].df["parcel_id"], t["after"].df["parcel_id"])
        _parcel_problems(parsed, t["before"], t["after"], tol, ids)
    _method_problems(parsed, mode, f, tol, ids)
    if mode == "transitions":
        _chain_problems(parsed, t["transitions"], f, tol)
    _reference_problems(parsed, listed)


def _unit_problems(parsed: Parsed) -> None:
    """The area unit, when the reader could not resolve it to one of the known codes."""
    v = parsed.params.get("area_unit")
    if "area_unit" in parsed.param_cells and v is not None and v not in codes("area"):
        parsed.problems.append(
            Problem(
                parsed.param_location("area_unit"),
                M.UNKNOWN_UNIT.format(value=v, expected=tuple(map(M.choice, codes("area")))),
            )
        )


def _input_mode(parsed: Parsed) -> str | None:
    """``"transitions"`` or ``"parcels"``; None (with a problem) when the input is neither or both,
    or only one parcel table is filled. The two map years are required with parcels."""
    t, problems = parsed.tables, parsed.problems
    tr, be, af = t["transitions"], t["before"], t["after"]
    n_tr, n_be, n_af = len(tr.df), len(be.df), len(af.df)
    first_cell = cell_name(tr.sheet, tr.header_row + 1, 0)
    if n_tr == 0 and n_be == 0 and n_af == 0:
        problems.append(Problem(first_cell, M.LANDUSE_NO_INPUT.format(transitions=tr.spec)))
        return None
    if n_tr and (n_be or n_af):
        message = M.LANDUSE_BOTH_INPUTS.format(table=tr.spec, transitions=n_tr, parcels=n_be + n_af)
        problems.append(Problem(first_cell, message))
        return None
    if n_tr:
        return "transitions"
    for present, absent in ((be, af), (af, be)):
        if len(present.df) and not len(absent.df):
            problems.append(
                Problem(
                    cell_name(absent.sheet, absent.header_row + 1, 0),
                    M.LANDUSE_ONE_PARCEL_TABLE.format(present=present.sheet, absent=absent.sheet),
                )
            )
            return None
    for pid, which in (("parcel_start_year", M.FIRST_MAP), ("parcel_end_year", M.SECOND_MAP)):
        if pid in parsed.param_cells and parsed.params.get(pid) is None:
            problems.append(Problem(parsed.param_location(pid), M.LANDUSE_PARCEL_YEAR.format(param=pid, which=which)))
    s, e = parsed.params.get("parcel_start_year"), parsed.params.get("parcel_end_year")
    if s is not None and e is not None and s >= e:
        problems.append(
            Problem(parsed.param_location("parcel_start_year"), M.LANDUSE_PERIOD_NOT_ORDERED.format(start=s, end=e))
        )
    return "parcels"


def _class_name_problems(parsed: Parsed) -> list[str]:
    """Class names: plain (no wildcard characters) and distinct ignoring case. Returns the listed
    classes, in order."""
    ct = parsed.tables["classes"]
    listed: list[str] = []
    seen: dict[str, int] = {}
    for i, c in enumerate(ct.df["class"]):
        if _missing(c):
            continue
        c = str(c)
        if c[:1] in "=<>" or any(ch in c for ch in "*?~|"):
            parsed.problems.append(Problem(ct.cell("class", i), M.LANDUSE_CLASS_NAME.format(value=c)))
        k = c.casefold()
        if k in seen and ct.df.at[seen[k], "class"] != c:
            other = ct.df.at[seen[k], "class"]
            message = M.LANDUSE_CLASS_CASE.format(value=c, other=other, first=ct.cell("class", seen[k]))
            parsed.problems.append(Problem(ct.cell("class", i), message))
        seen.setdefault(k, i)
        listed.append(c)
    return listed


def _unlisted_problems(
    parsed: Parsed, table: InputTable, column: str, listed: list[str], ruled: set[str] | None
) -> None:
    """Every class used in ``column`` is listed in the Classes table. With ``ruled``, only the
    classes that have a zone rule are reported: the method already says "not in the zone rules" for
    the others. The column is factorised once, so a million parcels cost one pass and each of the
    few distinct classes is looked up once."""
    codes_, uniques = pd.factorize(table.df[column])
    bad_class = np.array([u not in listed and (ruled is None or u in ruled) for u in uniques], dtype=bool)
    if not bad_class.any():
        return
    expected = tuple(listed)
    classes = parsed.spec.table("classes")
    for i in np.flatnonzero((codes_ >= 0) & bad_class[np.maximum(codes_, 0)]).tolist():
        value = uniques[codes_[i]]
        message = M.LANDUSE_CLASS_NOT_LISTED.format(value=value, table=classes, expected=expected)
        parsed.problems.append(Problem(table.cell(column, i), message))


def _method_problems(parsed: Parsed, mode: str, f: float, tol: float, ids: method.ParcelIds | None) -> None:
    """The method's rules: classes not in the zone rules, periods, balances, parcels."""
    t = parsed.tables

    def frame(table: InputTable, columns: list[str]) -> pd.DataFrame:
        d = table.df[columns].rename(columns={"area": "area_ha"})
        if "area_ha" in d:
            d["area_ha"] = pd.to_numeric(d["area_ha"]) * f
        return d

    rules = t["rules"].df
    kw: dict[str, Any] = {"rules": rules[["from_class", "to_class", "zone"]], "tolerance_ha": tol * f}
    if mode == "transitions":
        kw["transitions"] = frame(t["transitions"], ["start_year", "end_year", "from_class", "to_class", "area"])
    else:
        kw["before"] = frame(t["before"], ["parcel_id", "class", "area"])
        kw["after"] = frame(t["after"], ["parcel_id", "class", "area"])
        kw["parcel_ids"] = ids
    found = [p for p in method.validate(**kw) if p.message.id != "DUPLICATE_ROW"]
    _add_new(
        parsed,
        [RowProblem(p.table, p.row, {"area_ha": "area"}.get(p.column, p.column), p.message) for p in found],
    )


def _add_new(parsed: Parsed, row_problems: list[RowProblem]) -> None:
    """Map the method's problems onto cells, leaving out cells that already have a problem (a cell
    the reader could not read shows up again as 'empty' in the method)."""
    before = {p.location for p in parsed.problems}
    n = len(parsed.problems)
    parsed.add_row_problems(row_problems)
    added = parsed.problems[n:]
    del parsed.problems[n:]
    parsed.problems.extend(p for p in added if p.location not in before)


def _parcel_problems(parsed: Parsed, be: InputTable, af: InputTable, tol: float, ids: method.ParcelIds) -> None:
    """Repeated parcel ids (cell of the first), and parcels whose area differs between the dates."""
    repeats = False
    for which, table in (("before", be), ("after", af)):
        if not ids.has_repeats(which):
            continue
        repeats = True
        values = table.df["parcel_id"]
        first = ids.first(which)
        again = (first != np.arange(len(first))) & values.notna().to_numpy()
        for i in np.flatnonzero(again).tolist():
            message = M.LANDUSE_DUPLICATE_PARCEL.format(
                parcel=values.iloc[i], first=table.cell("parcel_id", int(first[i]))
            )
            parsed.problems.append(Problem(table.cell("parcel_id", i), message))
    if repeats:
        return
    pos = ids.before_rows()
    a_after = pd.to_numeric(af.df["area"]).to_numpy(dtype=float)
    a_before = np.full(len(pos), np.nan)
    ok = pos >= 0
    a_before[ok] = pd.to_numeric(be.df["area"]).to_numpy(dtype=float)[pos[ok]]
    with np.errstate(invalid="ignore"):
        bad = np.flatnonzero(ok & (np.abs(a_after - a_before) > tol))
    unit = parsed.params.get("area_unit") or ""
    for i in bad.tolist():
        parsed.problems.append(
            Problem(
                af.cell("area", i),
                M.LANDUSE_PARCEL_AREA_DIFFERS.format(
                    parcel=af.df.at[i, "parcel_id"],
                    after=M.Measure(a_after[i], unit),
                    before=M.Measure(a_before[i], unit),
                    before_cell=be.cell("area", int(pos[i])),
                    tolerance=M.Measure(tol, unit),
                ),
            )
        )


def _chain_problems(parsed: Parsed, tr: InputTable, f: float, tol: float) -> None:
    """Where one period ends in the year the next begins, each class must cover the same area in
    that year at the end of the first and at the start of the second."""
    d = tr.df
    if d[["start_year", "end_year", "from_class", "to_class", "area"]].isna().any().any():
        return
    periods = [tuple(int(v) for v in p) for p in d[["start_year", "end_year"]].drop_duplicates().to_numpy()]
    unit = parsed.params.get("area_unit") or ""
    for (a, b), (b2, c) in zip(periods, periods[1:], strict=False):
        if b != b2:
            continue
        first = d[(d["start_year"] == a) & (d["end_year"] == b)]
        second = d[(d["start_year"] == b) & (d["end_year"] == c)]
        end_area = first.groupby("to_class", sort=False)["area"].sum()
        start_area = second.groupby("from_class", sort=False)["area"].sum()
        for cls in list(dict.fromkeys([*end_area.index, *start_area.index])):
            x, y = float(end_area.get(cls, 0.0)), float(start_area.get(cls, 0.0))
            if abs(x - y) > tol:
                rows = second.index[second["from_class"] == cls]
                i = int(rows[0]) if len(rows) else int(second.index[0])
                parsed.problems.append(
                    Problem(
                        tr.cell("area", i),
                        M.LANDUSE_CHAIN_NOT_BALANCED.format(
                            cls=cls,
                            end=M.Measure(x, unit),
                            a=a,
                            b=b,
                            start=M.Measure(y, unit),
                            c=c,
                            difference=M.Measure(y - x, unit),
                            tolerance=M.Measure(tol, unit),
                        ),
                    )
                )


def zone_spellings() -> dict[str, tuple[str, ...]]:
    """Every spelling of a zone that the Reference table accepts: code, zh and en label (Table 1 and
    ``unclassified``), as the ZoneRules table accepts them."""
    out = dict(SPEC.table("rules").field("zone").choice_spellings())
    en, zh = method.ZONE_LABELS[method.UNCLASSIFIED]
    out[method.UNCLASSIFIED] = (method.UNCLASSIFIED, UNCLASSIFIED_ZH, zh, en)
    return out


def _reference_problems(parsed: Parsed, listed: list[str]) -> None:
    ref = parsed.tables.get("reference")
    if ref is None or not len(ref.df):
        return
    # A zone_share row names a zone in any spelling (低碳优化区, as a zh result book shows it): its code.
    ref.df["class"] = to_codes(ref.df["class"], zone_spellings(), ref.df["quantity"] == "zone_share")
    need = {
        "class_area": ("class", "year"),
        "class_share": ("class", "year"),
        "transferred_out": ("class", "start_year", "end_year"),
        "transfer_share": ("class", "to_class", "start_year", "end_year"),
        "occupied": ("class", "start_year", "end_year"),
        "occupied_share": ("class", "start_year", "end_year"),
        "zone_share": ("class", "start_year", "end_year"),
    }
    for i, q in enumerate(ref.df["quantity"]):
        if _missing(q):
            continue
        for col in need[q]:
            if _missing(ref.df.at[i, col]):
                parsed.problems.append(
                    Problem(
                        ref.cell(col, i),
                        M.LANDUSE_REFERENCE_NEEDS.format(field=ref.spec.field(col), quantity=M.choice(q)),
                    )
                )
        cls = ref.df.at[i, "class"]
        if _missing(cls):
            continue
        if q == "zone_share":
            if cls not in (*method.ZONES, method.UNCLASSIFIED):
                parsed.problems.append(
                    Problem(
                        ref.cell("class", i),
                        M.LANDUSE_REFERENCE_ZONE.format(
                            value=cls, expected=tuple(M.Term(z, zone_text(z, "zh")) for z in zone_spellings())
                        ),
                    )
                )
            continue
        for col in ("class", "to_class"):
            v = ref.df.at[i, col]
            if not _missing(v) and v not in listed:
                parsed.problems.append(
                    Problem(
                        ref.cell(col, i),
                        M.LANDUSE_CLASS_NOT_LISTED.format(
                            value=v, table=parsed.spec.table("classes"), expected=tuple(listed)
                        ),
                    )
                )


# -- result sheets: declarations --------------------------------------------------------------------
#: The long (start, end, from, to, area) table that every result formula sums over: the input
#: Transitions table, or the declared Pairs sheet when the input is two parcel tables.
LONG = "LONG"
#: How a zh book shows the zone of a transition that no rule covers.
UNCLASSIFIED_ZH = "未分区"


def zone_text(zone: str, lang: str) -> str:
    """A zone as a book of language ``lang`` shows it: the Chinese name of a zone of Table 1 (or of
    ``unclassified``) in a zh book; any other zone as the rules name it."""
    if lang != "zh":
        return zone
    if zone == method.UNCLASSIFIED:
        return UNCLASSIFIED_ZH
    return method.ZONE_LABELS[zone][1] if zone in method.ZONES else zone


def _spelled_frames(frames: dict[str, pd.DataFrame], lang: str) -> dict[str, pd.DataFrame]:
    """The engine's zone and class-group codes as the book spells them (cached values of the cells
    whose formulas give the book's spelling)."""
    if lang != "zh":
        return frames
    group = SPEC.table("classes").field("group")
    out = dict(frames)
    for name, col in (("transfers", "zone"), ("rule_index", "zone"), ("zone_legend", "code"), ("zones", "zone")):
        out[name] = out[name].assign(**{col: out[name][col].map(lambda z: zone_text(str(z), lang))})
    out["transfers"] = out["transfers"].assign(
        to_group=out["transfers"]["to_group"].map(lambda g: spelled(group, g, lang))
    )
    return out


#: Stands for each zone's code in the Zones legend (one literal per row, see ``_zone_legend``).
ZONE_CODE = "ZONE_CODE"
AREA_U = "area"  # the area unit the user chose (parameter area_unit)
PERIOD_KEYS = (
    "AND({flows.class[flow_row]}={from_class},"
    "{flows.start_year[flow_row]}={start_year},{flows.end_year[flow_row]}={end_year})"
)


def _key(id_: str, en: str, zh: str, formula: str, width: float = 10) -> ResultColumn:
    return key_column(id_, en, zh, formula, width)


def _canonical(table: str, field: str, index: str) -> str:
    """The choice of an input cell in the book's spelling, as a template (either language may be typed)."""
    return canonical_template(table, field, SPEC.table(table).field(field), index)


def _period(first: str) -> tuple[ResultColumn, ResultColumn]:
    return (
        _key("start_year", "Start year", "起始年份", f"={{{LONG}.start_year[{first}]}}"),
        _key("end_year", "End year", "终止年份", f"={{{LONG}.end_year[{first}]}}"),
    )


def _pairs_sheet(area_formula: str) -> ResultSheet:
    cls = "={classes.class[ROW]}"
    return ResultSheet(
        "pairs",
        "Pairs",
        "图斑地类对",
        "Parcels summarised by (class at the start, class at the end)",
        "图斑按（期初地类，期末地类）汇总",
        (
            ResultTable(
                "pairs",
                "pairs",
                "one row per period and (from class, to class) pair",
                "每个时段、每个（原地类，现地类）一行",
                (
                    _key("start_year", "Start year", "起始年份", "=" + SPEC.name_of("parcel_start_year")),
                    _key("end_year", "End year", "终止年份", "=" + SPEC.name_of("parcel_end_year")),
                    _key("from_class", "From class", "原地类", cls.replace("ROW", "from_row"), 18),
                    _key("to_class", "To class", "现地类", cls.replace("ROW", "to_row"), 18),
                    ResultColumn("area", "Area", "面积", AREA_U, area_formula, value="area_ha", width=16),
                ),
                keys=4,
            ),
        ),
    )


FLOWS_SHEET = ResultSheet(
    "flows",
    "Flows",
    "地类面积与转移",
    "Class areas and flows per period",
    "各时段地类面积与转移",
    (
        ResultTable(
            "flows",
            "flows",
            "one row per period and class, grouped by period",
            "每个时段、每个地类一行，按时段分组",
            (
                *_period("period_first"),
                _key("class", "Class", "地类", "={classes.class[class_row]}", 18),
                *(
                    ResultColumn(
                        id_,
                        en,
                        zh,
                        AREA_U,
                        f"=SUMIFS({{{LONG}.area}},{crit},{{{LONG}.start_year}},{{start_year}},{{{LONG}.end_year}},{{end_year}})",
                    )
                    for id_, en, zh, crit in (
                        ("area_start", "Area at start", "期初面积", f"{{{LONG}.from_class}},{{class}}"),
                        ("area_end", "Area at end", "期末面积", f"{{{LONG}.to_class}},{{class}}"),
                        (
                            "unchanged",
                            "Unchanged",
                            "未变",
                            f"{{{LONG}.from_class}},{{class}},{{{LONG}.to_class}},{{class}}",
                        ),
                    )
                ),
                ResultColumn("transferred_out", "Transferred out", "转出", AREA_U, "={area_start}-{unchanged}"),
                ResultColumn("transferred_in", "Transferred in", "转入", AREA_U, "={area_end}-{unchanged}"),
                ResultColumn("net_change", "Net change", "净变化", AREA_U, "={area_end}-{area_start}"),
                ResultColumn(
                    "out_share",
                    "Transferred out %",
                    "转出率",
                    "1",
                    '=IFERROR({transferred_out}/{area_start},"")',
                    "percent",
                    12,
                ),
                ResultColumn(
                    "in_share",
                    "Transferred in %",
                    "转入率",
                    "1",
                    '=IFERROR({transferred_in}/{area_end},"")',
                    "percent",
                    12,
                ),
            ),
            keys=3,
        ),
        ResultTable(
            "period_totals",
            "period_totals",
            "one row per period: the study area and its changed part",
            "每个时段一行：研究区面积及其变化部分",
            (
                *_period("period_first"),
                ResultColumn(
                    "area_start", "Study area", "研究区面积", AREA_U, "=SUM({flows.area_start[flows_first:flows_last]})"
                ),
                ResultColumn(
                    "transferred_out",
                    "Changed area",
                    "变化面积",
                    AREA_U,
                    "=SUM({flows.transferred_out[flows_first:flows_last]})",
                    headline=("Changed area", "变化面积"),
                    chart="bar",
                ),
                ResultColumn(
                    "changed_share",
                    "Changed share",
                    "变化面积占比",
                    "1",
                    '=IFERROR({transferred_out}/{area_start},"")',
                    "percent",
                    12,
                    headline=("Changed share of the study area", "变化面积占研究区比例"),
                ),
            ),
            keys=2,
            below="flows",
        ),
    ),
    unit=AREA_U,
    note_en="start = Σ_j S_ij; end = Σ_i S_ij; unchanged = S_ii; out = start − unchanged; in = end − unchanged",
    note_zh="期初 = Σ_j S_ij；期末 = Σ_i S_ij；未变 = S_ii；转出 = 期初 − 未变；转入 = 期末 − 未变",
)

RULE_INDEX_SHEET = ResultSheet(
    "rule_index",
    "RuleIndex",
    "规则索引",
    "Zone rules as lookup keys (from|to)",
    "分区规则查找键（原地类|现地类）",
    (
        ResultTable(
            "rule_index",
            "rule_index",
            "one row per zone rule, in the order of ZoneRules",
            "每条分区规则一行，顺序同“分区规则”表",
            (
                _key("key", "Key", "查找键", '={rules.from_class[rule_row]}&"|"&{rules.to_class[rule_row]}', 34),
                _key("zone", "Zone", "功能区", _canonical("rules", "zone", "rule_row"), 26),
            ),
            keys=1,
        ),
    ),
)


def _transfers_sheet() -> ResultSheet:
    share = 'IF({PERIOD_KEYS},IFERROR({{area}}/{{flows.{col}[flow_row]}},""),NA())'
    return ResultSheet(
        "transfers",
        "Transfers",
        "转移明细",
        "Every transition with its zone and shares",
        "各转移及其功能区与比例",
        (
            ResultTable(
                "transfers",
                "transfers",
                "one row per row of the long table (period, from class, to class)",
                "长表每行一行（时段、原地类、现地类）",
                (
                    *_period("long_row"),
                    _key("from_class", "From class", "原地类", f"={{{LONG}.from_class[long_row]}}", 18),
                    _key("to_class", "To class", "现地类", f"={{{LONG}.to_class[long_row]}}", 18),
                    ResultColumn("area", "Area", "面积", AREA_U, f"={{{LONG}.area[long_row]}}", chart="heatmap"),
                    _key(
                        "zone",
                        "Zone",
                        "功能区",
                        '=IFERROR(INDEX({rule_index.zone},MATCH({from_class}&"|"&{to_class},{rule_index.key},0)),'
                        f"{{={method.UNCLASSIFIED}|{UNCLASSIFIED_ZH}}})",
                        26,
                    ),
                    ResultColumn(
                        "share_of_start",
                        "Share of start area",
                        "占期初面积比例",
                        "1",
                        "=" + share.format(PERIOD_KEYS=PERIOD_KEYS, col="area_start"),
                        "percent",
                    ),
                    ResultColumn(
                        "share_of_out",
                        "Share of transferred out",
                        "占转出面积比例",
                        "1",
                        '=IF({from_class}={to_class},"",'
                        + share.format(PERIOD_KEYS=PERIOD_KEYS, col="transferred_out")
                        + ")",
                        "percent",
                    ),
                    _key(
                        "to_group", "Group of the to class", "现地类类别", _canonical("classes", "group", "to_row"), 12
                    ),
                ),
                keys=4,
            ),
        ),
        unit=AREA_U,
        note_en="share of start = S_ij / Σ_j S_ij; share of transferred out = S_ij / (Σ_j S_ij − S_ii), i ≠ j",
        note_zh="占期初比例 = S_ij / Σ_j S_ij；占转出比例 = S_ij / (Σ_j S_ij − S_ii)，i ≠ j",
    )


ZONES_SHEET = ResultSheet(
    "zones",
    "Zones",
    "碳汇功能区",
    "Carbon-sink functional zones per period",
    "各时段碳汇功能区面积",
    (
        ResultTable(
            "zones",
            "zones",
            "one row per period and zone, grouped by period",
            "每个时段、每个功能区一行，按时段分组",
            (
                *_period("period_first"),
                _key("zone", "Zone", "功能区", "={zone_legend.code[legend_row]}", 26),
                ResultColumn(
                    "area",
                    "Area",
                    "面积",
                    AREA_U,
                    "=SUMIFS({transfers.area},{transfers.zone},{zone},"
                    "{transfers.start_year},{start_year},{transfers.end_year},{end_year})",
                ),
                ResultColumn(
                    "share",
                    "Share of the period's area",
                    "占时段总面积比例",
                    "1",
                    '=IFERROR({area}/SUM({zones.area[zones_first:zones_last]}),"")',
                    "percent",
                    headline=("Zone share", "功能区面积占比"),
                    chart="bar",
                ),
            ),
            keys=3,
            charts=(
                Chart(
                    "zone_shares",
                    "Carbon-sink zone shares per period (by its end year)",
                    "各时段碳汇功能区面积占比（按期末年份）",
                    ("share",),
                    ("start_year", "end_year"),
                    "stacked",
                    split="zone",
                ),
            ),
        ),
        ResultTable(
            "zone_legend",
            "zone_legend",
            "one row per zone (the four zones of Table 1, any other zone the rules name, then unclassified)",
            "每个功能区一行（表1四个功能区、规则中的其他功能区、未分区）",
            (
                # ZONE_CODE: each row's zone code, written by _zone_legend (one literal per row).
                _key(
                    "code",
                    "Zone",
                    "功能区",
                    f"=IFERROR(INDEX({{rule_index.zone}},MATCH({ZONE_CODE},{{rule_index.zone}},0)),{ZONE_CODE})",
                    26,
                ),
                ResultColumn("rules", "Rules", "规则数", "1", "=COUNTIF({rule_index.zone},{code})", "integer", 10),
            ),
            col0=6,
        ),
    ),
    unit=AREA_U,
    note_en="Zone of each transition from ZoneRules (paper 003 Table 1); 'unclassified' = no rule.",
    note_zh="各转移的功能区取自“分区规则”（论文003表1）；“未分区”表示无对应规则。",
)

UNCLASSIFIED_SHEET = ResultSheet(
    "unclassified",
    "Unclassified",
    "未分区转移",
    "Transitions that no zone rule covers",
    "无分区规则对应的转移",
    (
        ResultTable(
            "unclassified",
            "unclassified",
            "one row per transition without a zone rule",
            "每个无分区规则的转移一行",
            (
                _key("start_year", "Start year", "起始年份", "={transfers.start_year[transfer_row]}"),
                _key("end_year", "End year", "终止年份", "={transfers.end_year[transfer_row]}"),
                _key("from_class", "From class", "原地类", "={transfers.from_class[transfer_row]}", 18),
                _key("to_class", "To class", "现地类", "={transfers.to_class[transfer_row]}", 18),
                ResultColumn("area", "Area", "面积", AREA_U, "={transfers.area[transfer_row]}"),
                ResultColumn(
                    "rules",
                    "Rules for this pair",
                    "对应规则数",
                    "1",
                    "=COUNTIFS({rules.from_class},{from_class},{rules.to_class},{to_class})",
                    "integer",
                ),
            ),
            keys=4,
        ),
    ),
    unit=AREA_U,
    note_en="Their area is the 'unclassified' zone of the Zones sheet; add rules to ZoneRules to classify them.",
    note_zh="其面积计入“碳汇功能区”表的“未分区”；如需分区，请在“分区规则”中补充规则。",
)

CARBON_SHEET = ResultSheet(
    "carbon",
    "Carbon",
    "采矿占用碳损失",
    "Soil and vegetation carbon lost to occupation by mining",
    "采矿占用造成的土壤碳与植被碳损失",
    (
        ResultTable(
            "carbon_lost",
            "carbon_lost",
            "one row per period and class that is not mining, grouped by period",
            "每个时段、每个非采矿地类一行，按时段分组",
            (
                *_period("period_first"),
                _key("class", "Class", "地类", "={classes.class[class_row]}", 18),
                ResultColumn(
                    "occupied",
                    "Occupied by mining",
                    "被采矿占用",
                    AREA_U,
                    "=SUMIFS({transfers.area},{transfers.from_class},{class},"
                    f"{{transfers.to_group}},{{=classes.group:{method.MINING_GROUP}}},"
                    "{transfers.start_year},{start_year},{transfers.end_year},{end_year})",
                    value="occupied_ha",
                    width=16,
                ),
                ResultColumn("occupied_ha", "Occupied", "被占用", "ha", "={occupied}*LU_area_factor"),
                ResultColumn(
                    "soil_t_ha",
                    "Soil loss",
                    "土壤碳损失",
                    "t/ha",
                    "=SUMIFS({carbon.soil},{carbon.class},{class})",
                    "precise",
                ),
                ResultColumn(
                    "vegetation_t_ha",
                    "Vegetation loss",
                    "植被碳损失",
                    "t/ha",
                    "=SUMIFS({carbon.vegetation},{carbon.class},{class})",
                    "precise",
                ),
                ResultColumn(
                    "factor_rows", "Factor rows", "系数行数", "1", "=COUNTIFS({carbon.class},{class})", "integer", 10
                ),
                ResultColumn("soil_t", "Soil carbon lost", "土壤碳损失量", "t", "={occupied_ha}*{soil_t_ha}", width=16),
                ResultColumn(
                    "vegetation_t",
                    "Vegetation carbon lost",
                    "植被碳损失量",
                    "t",
                    "={occupied_ha}*{vegetation_t_ha}",
                    width=16,
                ),
                ResultColumn("total_t", "Total carbon lost", "碳损失合计", "t", "={soil_t}+{vegetation_t}", width=16),
            ),
            keys=3,
        ),
        ResultTable(
            "carbon_total",
            "carbon_total",
            "one row per period: the totals of the rows above",
            "每个时段一行：上表各行合计",
            (
                _key("start_year", "Start year", "起始年份", "={carbon_lost.start_year[carbon_first]}"),
                _key("end_year", "End year", "终止年份", "={carbon_lost.end_year[carbon_first]}"),
                ResultColumn(
                    "occupied",
                    "Occupied by mining",
                    "被采矿占用",
                    AREA_U,
                    "=SUM({carbon_lost.occupied[carbon_first:carbon_last]})",
                    value="occupied_ha",
                    width=16,
                ),
                ResultColumn(
                    "occupied_ha",
                    "Occupied",
                    "被占用",
                    "ha",
                    "=SUM({carbon_lost.occupied_ha[carbon_first:carbon_last]})",
                ),
                ResultColumn(
                    "soil_t",
                    "Soil carbon lost",
                    "土壤碳损失量",
                    "t",
                    "=SUM({carbon_lost.soil_t[carbon_first:carbon_last]})",
                    width=16,
                ),
                ResultColumn(
                    "vegetation_t",
                    "Vegetation carbon lost",
                    "植被碳损失量",
                    "t",
                    "=SUM({carbon_lost.vegetation_t[carbon_first:carbon_last]})",
                    width=16,
                ),
                ResultColumn(
                    "total_t",
                    "Total carbon lost",
                    "碳损失合计",
                    "t",
                    "=SUM({carbon_lost.total_t[carbon_first:carbon_last]})",
                    width=16,
                    headline=("Carbon lost to mining", "采矿占用碳损失"),
                    chart="bar",
                ),
            ),
            keys=2,
            below="carbon_lost",
        ),
    ),
    unit="t",
    note_en="occupied = Σ area of the period's transitions from the class into a class of group 'mining' (a change "
    "between mining classes is not new occupation); loss = occupied ha × t/ha of CarbonLoss — 003 Sect. 3.2",
    note_zh="占用面积 = 该时段由该地类转为“采矿”类别地类的转移面积之和（采矿地类之间的转换不计为新占用）；"
    "损失 = 占用公顷数 × 碳损失系数（第3.2节）",
)


def _resolve_long(sheet: ResultSheet, long: str) -> ResultSheet:
    """``sheet`` with ``{LONG.…}`` pointing at the input Transitions table or the Pairs sheet."""
    tables = tuple(
        replace(t, columns=tuple(replace(c, formula=c.formula.replace(f"{{{LONG}.", f"{{{long}.")) for c in t.columns))
        for t in sheet.tables
    )
    return replace(sheet, tables=tables)


#: The headline figures of a land-use result (the last period: the one that ends last).
FIGURES = (
    Figure("classes", "Land-use classes", "地类数", DIMENSIONLESS, "flows", "class", "distinct", "integer"),
    Figure("periods", "Periods", "时段数", DIMENSIONLESS, "period_totals", "end_year", "count", "integer"),
    Figure("first_year", "First year", "起始年份", "", "period_totals", "start_year", "min", "integer"),
    Figure("last_year", "Last year", "终止年份", "", "period_totals", "end_year", "max", "integer"),
    Figure(
        "changed_area",
        "Changed area, last period",
        "最后时段变化面积",
        AREA_U,
        "period_totals",
        "transferred_out",
        at=("end_year", "last"),
    ),
    Figure(
        "changed_share",
        "Changed share, last period",
        "最后时段变化面积占比",
        DIMENSIONLESS,
        "period_totals",
        "changed_share",
        "first",
        "percent",
        at=("end_year", "last"),
    ),
    Figure("transitions", "Transitions", "转移类型数", DIMENSIONLESS, "transfers", "area", "count", "integer"),
    Figure(
        "unclassified",
        "Unclassified transitions",
        "未分区转移类型数",
        DIMENSIONLESS,
        "unclassified",
        "area",
        "count",
        "integer",
    ),
    Figure("carbon_lost", "Carbon lost to mining", "采矿占用碳损失", "t", "carbon_total", "total_t"),
)


def outputs(mode: str = "transitions", pairs_area: str = "") -> OutputSpec:
    """The declared result sheets: from the Transitions table, or (``parcels``) from the Pairs sheet.

    ``pairs_area`` is the formula of a pair's area over the parcel rows (its ParcelMatch range is
    written by ``_parcel_match``).
    """
    long = "pairs" if mode == "parcels" else "transitions"
    sheets = [FLOWS_SHEET, _transfers_sheet(), RULE_INDEX_SHEET, ZONES_SHEET, UNCLASSIFIED_SHEET, CARBON_SHEET]
    head = (
        [_pairs_sheet(pairs_area or "=SUMIFS({before.area},{before.class},{from_class})")] if mode == "parcels" else []
    )
    return OutputSpec(
        "landuse", tuple(head + [_resolve_long(s, long) for s in sheets]), units={AREA_U: "area_unit"}, figures=FIGURES
    )


OUTPUTS = outputs()


# -- result sheets ------------------------------------------------------------------------------
@dataclass
class Long:
    """Where the long (start, end, from, to, area) table lives in the result workbook."""

    sheet: str
    rows: list[int]  # 0-based sheet row of each long row
    cols: dict[str, int]  # start, end, from, to, area -> 0-based column

    def ref(self, key: str, i: int) -> str:
        return f"{quote_sheet(self.sheet)}!{xl_rowcol_to_cell(self.rows[i], self.cols[key])}"

    def rng(self, key: str) -> str:
        letter = xl_col_to_name(self.cols[key])
        first = self.rows[0] + 1 if self.rows else 5
        last = self.rows[-1] + 1 if self.rows else 5
        return f"{quote_sheet(self.sheet)}!${letter}${first}:${letter}${last}"


def _abs_range(sheet: str, col: int, first0: int, last0: int) -> str:
    letter = xl_col_to_name(col)
    return f"{quote_sheet(sheet)}!${letter}${first0 + 1}:${letter}${last0 + 1}"


def _missing(v: Any) -> bool:
    """An empty cell as read (None, or NaN in a pandas column)."""
    return v is None or (isinstance(v, float) and v != v)


def _nan(v: Any) -> Any:
    return None if v is None or (isinstance(v, float) and v != v) else v


# -- result sheets: writing -------------------------------------------------------------------------
#: Sheets that no declaration expresses: their names in en and zh.
MATRIX_SHEET = ("Matrix", "转移矩阵")
MATCH_SHEET = ("ParcelMatch", "图斑匹配")
COMPARISON_SHEET = ("Comparison", "结果对照")


def _name(names: tuple[str, str], lang: str) -> str:
    return names[1] if lang == "zh" else names[0]


def unit_choices(parsed: Parsed) -> dict[str, UnitChoice]:
    """The unit variables of ``OUTPUTS`` in this book: area = the area unit of the inputs."""
    return {AREA_U: chosen_unit(parsed, "area_unit", AREA_UNITS, "hectare")}


def _frames(x: Inputs, res: Results | None = None) -> dict[str, pd.DataFrame]:
    """The declared sheets' tables; ``res`` (``calculate(x)``, when given): its steps are not repeated."""
    long = x.long[["start_year", "end_year", "from_class", "to_class", "area_ha"]]
    steps = None
    if res is not None:
        steps = {
            "class_flows": res.flows,
            "transfer_shares": res.shares,
            "classify_transitions": res.shares["zone"],
            "zone_areas": res.zones,
            "uncovered_transitions": res.uncovered,
            "carbon_loss": res.carbon,
        }
    frames = method.account(long, classes=x.classes, groups=x.groups, rules=x.rules, factors=x.factors, steps=steps)
    if x.mode == "parcels":
        position = {c: i for i, c in enumerate(x.classes)}
        frames["pairs"] = long.assign(
            from_row=long["from_class"].map(position).astype(np.int64),
            to_row=long["to_class"].map(position).astype(np.int64),
        )
    return frames


def result_frames(parsed: Parsed) -> dict[str, pd.DataFrame]:
    """The engine's tables that feed the declared sheets (by ``ResultTable.frame``)."""
    return _frames(inputs(parsed))


def write(book: ResultBook, parsed: Parsed) -> dict[str, Any]:
    """Write every result sheet; returns a short summary for the CLI."""
    lang = parsed.lang
    x = inputs(parsed)
    res = calculate(x)
    f = x.area_factor
    unit = parsed.params["area_unit"]
    book.unit_factors([(label(lang, "area unit → ha", "面积单位 → 公顷"), "area_unit", f, "LU_area_factor")])
    audit_notes: list[tuple[str, str]] = [
        (
            label(lang, "input", "输入"),
            label(lang, "transition table", "转移表")
            if x.mode == "transitions"
            else label(lang, "two parcel tables", "两期地块表"),
        )
    ]
    pairs_area = ""
    if x.mode == "parcels":
        pairs_area, note = _parcel_match(book, parsed, x)
        audit_notes.append((label(lang, "parcel summary", "地块汇总"), note))
    spec = outputs(x.mode, pairs_area)
    layout = Layout(spec, _spelled_frames(_frames(x, res), lang), parsed.tables, lang, unit_choices(parsed))
    if x.mode == "parcels":
        _pairs(book, layout, parsed, x, audit_notes[-1][1])
    lg = _long(parsed, layout, x)
    matrix = _matrix_sheet(book, parsed, x, res, lg, layout)
    sheets = write_sheets(book, layout, ["flows", "rule_index", "zones", "transfers", "unclassified", "carbon"])
    _zone_legend(sheets["zones"], layout)
    if not len(layout.frames["unclassified"]):
        sheets["unclassified"].text(
            4, 0, label(lang, "none: every transition has a zone", "无：所有转移均有对应功能区")
        )
    if len(parsed.tables["reference"].df):
        _write_comparison(book, parsed, x, res, layout)
    book.checks(_checks(parsed, x, res, layout, lg, matrix))
    book.audit_notes.extend(audit_notes)
    lost = float(res.carbon["total_loss_t"].sum())
    return {
        "mode": x.mode,
        "periods": [f"{s}-{e}" for s, e in res.periods],
        "classes": len(x.classes),
        "unit": unit,
        "transitions": len(x.long),
        "unclassified_transitions": int(len(res.uncovered)),
        "carbon_lost_t": lost,
        "pairs_as_formulas": x.mode == "transitions" or _pairs_as_formulas(parsed, x),
        "audit": audit_notes,
        **summary_figures(spec, layout.frames, layout.choices),
    }


def _long(parsed: Parsed, layout: Layout, x: Inputs) -> Long:
    """Where the long table is: the input Transitions table, or the declared Pairs sheet."""
    if x.mode == "parcels":
        p = layout["pairs"]
        cols = {k: p.table.position(c) for k, c in zip(LONG_KEYS, LONG_FIELDS, strict=True)}
        return Long(p.sheet_name, [p.first + i for i in range(p.n)], cols)
    tr = parsed.tables["transitions"]
    return Long(tr.sheet, tr.rows, {k: tr.cols[c] for k, c in zip(LONG_KEYS, LONG_FIELDS, strict=True)})


LONG_KEYS = ("start", "end", "from", "to", "area")
LONG_FIELDS = ("start_year", "end_year", "from_class", "to_class", "area")


def _zone_legend(out: OutSheet, layout: Layout) -> None:
    """The zone codes of the Zones legend (one literal per row, traced to the rules) and labels."""
    p = layout["zone_legend"]
    codes = layout.frames["zone_legend"]["code"].tolist()  # spelled in the book's language already
    template = p.table.column("code").formula
    rendered = layout.render("zone_legend", template)
    formulas = [r.replace(ZONE_CODE, f'"{z}"') for r, z in zip(rendered, codes, strict=True)]
    out.rendered_column(p.first, p.table.position("code"), formulas, codes, None)
    col = p.table.col0 + len(p.table.columns)
    out.headers(p.header_row, [("Label", "名称")], col0=col, widths=[40])
    names = {zone_text(z, layout.lang): v for z, v in method.ZONE_LABELS.items()}
    for i, z in enumerate(codes):
        out.text(p.first + i, col, names.get(z, (z, z))[1 if layout.lang == "zh" else 0])


def _pairs(book: ResultBook, layout: Layout, parsed: Parsed, x: Inputs, note: str) -> None:
    """The Pairs sheet; above the formula limit its areas are the engine's values."""
    ps = write_sheets(book, layout, ["pairs"])["pairs"]
    ps.text(1, 0, note, book.fmt.note)
    if not _pairs_as_formulas(parsed, x):
        p = layout["pairs"]
        col = p.table.position("area")
        for i, v in enumerate(x.long["area"].astype(float).tolist()):
            ps.ws.write_number(p.first + i, col, v, book.fmt.computed)


def _parcel_match(book: ResultBook, parsed: Parsed, x: Inputs) -> tuple[str, str]:
    """ParcelMatch (each parcel's class at the end, on the rows of ParcelsStart) when the parcels
    are few enough for formulas; returns the pairs' area formula and the note for Pairs and Audit."""
    lang = parsed.lang
    be, af = parsed.tables["before"], parsed.tables["after"]
    n = len(be.df)
    if not _pairs_as_formulas(parsed, x):
        limit = FORMULA_PARCEL_LIMIT if x.aligned else MATCH_PARCEL_LIMIT
        return "", label(
            lang,
            f"values: {n:,} parcels exceed the formula limit of {limit:,} "
            f"({'same order in both tables' if x.aligned else 'parcels in different orders'}); "
            "the pairs were "
            "summarised by the engine (ecoaccount.methods.landuse.summarise_parcels) from the "
            "parcel sheets and "
            "written as numbers; the Checks sheet reconciles their total with the parcel sheets",
            f"数值：{n:,} 个图斑超过公式上限 {limit:,}，地类对由引擎从图斑表汇总后以数值写入；“校验”表核对其合计",
        )
    name = _name(MATCH_SHEET, lang)
    pm = book.sheet(name)
    pm.title(
        ("Class of each parcel at the end date, on the rows of ParcelsStart", "各图斑期末地类（与“期初地块”同行）"),
        (
            "Same parcel on the same row of ParcelsEnd: a direct reference; otherwise INDEX/MATCH by id.",
            "两表同行同编号时直接引用，否则按编号 INDEX/MATCH 查找。",
        ),
    )
    pm.headers(be.header_row, [("Parcel id", "图斑编号"), ("Class at the end", "期末地类")], widths=[16, 18])
    after_class = dict(zip(af.df["parcel_id"], af.df["class"], strict=True))
    id_rng, cls_rng = af.col_range("parcel_id"), af.col_range("class")
    for i in range(n):
        r = be.rows[i]
        pid = be.df.at[i, "parcel_id"]
        pm.formula(r, 0, "=" + be.ref("parcel_id", i), parsed.raw.value(be.sheet, r, be.cols["parcel_id"]))
        if x.aligned:
            pm.formula(r, 1, "=" + af.ref("class", i), after_class[pid])
        else:
            pm.formula(r, 1, f"=INDEX({cls_rng},MATCH(A{r + 1},{id_rng},0))", after_class[pid])
    match_rng = _abs_range(name, 1, be.rows[0], be.rows[-1])
    how = "same order in both tables" if x.aligned else "parcels matched by id with INDEX/MATCH"
    note = label(
        lang,
        f"formulas: each pair is a SUMIFS over the {n:,} parcel rows ({how})",
        f"公式：每个地类对为对 {n:,} 个图斑行的 SUMIFS",
    )
    return "=SUMIFS({before.area},{before.class},{from_class}," + match_rng + ",{to_class})", note


@dataclass
class MatrixPlace:
    """Where the Matrix sheet put each period's rows (0-based), for the Checks."""

    sheet: str
    rows: dict[tuple[tuple[int, int], str], int]
    total_row: dict[tuple[int, int], int]
    c_tot: int
    c_out: int


def _matrix_sheet(book: ResultBook, parsed: Parsed, x: Inputs, res: Results, lg: Long, layout: Layout) -> MatrixPlace:
    """Matrix: one block per period, S_ij = SUMIFS over the long table, with its margins."""
    lang, n_cls = parsed.lang, len(x.classes)
    unit = render_unit(AREA_U, lang, layout.choices)
    mx = book.sheet(_name(MATRIX_SHEET, lang))
    mx.title(
        (
            f"Land-use transfer matrix ({unit}): rows = class at the start, columns = class at the end",
            f"土地利用转移矩阵（{unit}）：行为期初地类，列为期末地类",
        ),
        (
            "S_ij = SUMIFS(area, from, i, to, j, period) — 003 Sect. 2.2, Table 3",
            "S_ij = SUMIFS(面积, 原地类, i, 现地类, j, 时段) — 论文 003 第2.2节、表3",
        ),
    )
    mx.ws.set_column(0, 0, 20)
    mx.ws.set_column(1, n_cls + 3, 13)
    place = MatrixPlace(mx.name, {}, {}, 1 + n_cls, 2 + n_cls)
    first_of = layout.frames["transfers"].groupby(["start_year", "end_year"], sort=False)["long_row"].first()
    r0 = 3
    for p in res.periods:
        r0 = _matrix_block(book, mx, parsed, x, res.matrices[p], lg, p, int(first_of[p]), r0, place) + 3
    return place


def _matrix_block(
    book: ResultBook,
    mx: OutSheet,
    parsed: Parsed,
    x: Inputs,
    m: pd.DataFrame,
    lg: Long,
    p: tuple[int, int],
    i0: int,
    r0: int,
    place: MatrixPlace,
) -> int:
    """One period's matrix from sheet row ``r0`` (0-based); returns its last row."""
    lang, fmt, f, n_cls = parsed.lang, book.fmt, x.area_factor, len(x.classes)
    ct = parsed.tables["classes"]
    cls_ref = {c: ct.ref("class", i) for i, c in enumerate(ct.df["class"])}
    c_tot, c_out, c_pct = 1 + n_cls, 2 + n_cls, 3 + n_cls
    first_col, last_col = xl_col_to_name(1), xl_col_to_name(n_cls)
    mx.text(r0, 0, label(lang, "Period", "时段"), fmt.header)
    mx.formula(r0, 1, "=" + lg.ref("start", i0), p[0])
    mx.formula(r0, 2, "=" + lg.ref("end", i0), p[1])
    ps, pe = f"$B${r0 + 1}", f"$C${r0 + 1}"
    mx.text(r0 + 1, 0, label(lang, "group of the column class", "列地类类别"), fmt.note)
    hdr = r0 + 2
    mx.text(hdr, 0, label(lang, "from \\ to", "期初 \\ 期末"), fmt.header)
    for j, c in enumerate(x.classes):
        i = x.classes.index(c)
        group = ct.spec.field("group")
        mx.formula(r0 + 1, 1 + j, canonical_formula(ct.ref("group", i), group, lang), spelled(group, x.groups[c], lang))
        mx.formula(hdr, 1 + j, "=" + cls_ref[c], c, fmt.header)
    mx.headers(hdr, [("Total", "合计"), ("Transferred out", "转出"), ("Transferred out %", "转出率")], col0=c_tot)
    first_row = hdr + 1
    for i, c in enumerate(x.classes):
        r, rr = first_row + i, first_row + i + 1
        place.rows[(p, c)] = r
        mx.formula(r, 0, "=" + cls_ref[c], c)
        for j, c2 in enumerate(x.classes):
            mx.formula(
                r,
                1 + j,
                f"=SUMIFS({lg.rng('area')},{lg.rng('from')},$A{rr},{lg.rng('to')},{xl_col_to_name(1 + j)}${hdr + 1},"
                f"{lg.rng('start')},{ps},{lg.rng('end')},{pe})",
                m.at[c, c2] / f,
                fmt.computed,
            )
        tot, out = xl_col_to_name(c_tot), xl_col_to_name(c_out)
        mx.formula(r, c_tot, f"=SUM({first_col}{rr}:{last_col}{rr})", m.at[c, method.TOTAL] / f, fmt.computed)
        mx.formula(
            r, c_out, f"={tot}{rr}-{xl_rowcol_to_cell(r, 1 + i)}", m.at[c, method.TRANSFERRED_OUT] / f, fmt.computed
        )
        mx.formula(
            r, c_pct, f'=IFERROR({out}{rr}/{tot}{rr},"")', _pct(m.at[c, method.TRANSFERRED_OUT_PCT]), fmt.percent
        )
    last_row = first_row + n_cls - 1
    place.total_row[p] = last_row + 1
    charts.color_scale(mx.ws, first_row, 1, last_row, n_cls)  # the heat map of S_ij, not of its margins
    _matrix_margins(mx, fmt, x, m, first_row, last_row)
    return last_row + 3


def _matrix_margins(mx: OutSheet, fmt: Any, x: Inputs, m: pd.DataFrame, first_row: int, last_row: int) -> None:
    """The Total, Transferred in and Transferred in % rows below a period's matrix."""
    lang, f, n_cls = mx.book.lang, x.area_factor, len(x.classes)
    c_tot, c_out, c_pct = 1 + n_cls, 2 + n_cls, 3 + n_cls
    first_col, last_col = xl_col_to_name(1), xl_col_to_name(n_cls)
    rt, ri, rp = last_row + 1, last_row + 2, last_row + 3
    mx.text(rt, 0, label(lang, "Total", "合计"), fmt.header)
    mx.text(ri, 0, label(lang, "Transferred in", "转入"), fmt.header)
    mx.text(rp, 0, label(lang, "Transferred in %", "转入率"), fmt.header)
    for j in range(n_cls + 2):
        col = xl_col_to_name(1 + j)
        key = x.classes[j] if j < n_cls else (method.TOTAL, method.TRANSFERRED_OUT)[j - n_cls]
        mx.formula(
            rt, 1 + j, f"=SUM({col}{first_row + 1}:{col}{last_row + 1})", m.at[method.TOTAL, key] / f, fmt.computed
        )
    out, tc = xl_col_to_name(c_out), xl_col_to_name(c_tot)
    mx.formula(
        rt,
        c_pct,
        f'=IFERROR({out}{rt + 1}/{tc}{rt + 1},"")',
        _pct(m.at[method.TOTAL, method.TRANSFERRED_OUT_PCT]),
        fmt.percent,
    )
    for j, c in enumerate(x.classes):
        col = xl_col_to_name(1 + j)
        diag = xl_rowcol_to_cell(first_row + j, 1 + j)
        mx.formula(ri, 1 + j, f"={col}{rt + 1}-{diag}", m.at[method.TRANSFERRED_IN, c] / f, fmt.computed)
        mx.formula(
            rp,
            1 + j,
            f'=IFERROR({col}{ri + 1}/{col}{rt + 1},"")',
            _pct(m.at[method.TRANSFERRED_IN_PCT, c]),
            fmt.percent,
        )
    mx.formula(
        ri,
        c_tot,
        f"=SUM({first_col}{ri + 1}:{last_col}{ri + 1})",
        m.at[method.TRANSFERRED_IN, method.TOTAL] / f,
        fmt.computed,
    )
    mx.formula(
        rp,
        c_tot,
        f'=IFERROR({tc}{ri + 1}/{tc}{rt + 1},"")',
        _pct(m.at[method.TRANSFERRED_IN_PCT, method.TOTAL]),
        fmt.percent,
    )


def _pct(v: Any) -> Any:
    """The method's percentages (× 100) as fractions for percent-formatted cells; NaN → empty."""
    v = _nan(float(v)) if v is not None else None
    return None if v is None else v / 100.0


def _pairs_as_formulas(parsed: Parsed, x: Inputs) -> bool:
    n = len(parsed.tables["before"].df)
    return n <= (FORMULA_PARCEL_LIMIT if x.aligned else MATCH_PARCEL_LIMIT)


_FLOW_COLUMNS = ("start_year", "end_year", "class", "area_start_ha", "area_end_ha")


def _write_comparison(book: ResultBook, parsed: Parsed, x: Inputs, res: Results, layout: Layout) -> None:
    """Reference figures beside the computed ones, one block per quantity (one formula shape
    each)."""
    f = x.area_factor
    fl = res.flows.set_index(["start_year", "end_year", "class"])
    sh = res.shares.set_index(["start_year", "end_year", "from_class", "to_class"])
    zo = res.zones.set_index(["start_year", "end_year", "zone"])
    ca = res.carbon.set_index(["start_year", "end_year", "class"])
    starts = {p[0] for p in res.periods}
    ends = {p[1] for p in res.periods}
    periods = set(res.periods)
    fa = {c: res.flows[c].to_numpy(dtype=object if c == "class" else None) for c in _FLOW_COLUMNS}

    lang = parsed.lang
    unit = render_unit(AREA_U, lang, layout.choices)
    cols = {
        "flows": ("start_year", "end_year", "class", "area_start", "area_end", "", "transferred_out"),
        "transfers": ("start_year", "end_year", "from_class", "to_class", "", "", "", "share_of_out"),
        "zones": ("start_year", "end_year", "zone", "", "share"),
        "carbon_lost": ("start_year", "end_year", "class", "occupied"),
    }

    def ranges(table: str) -> Any:
        return lambda col: layout[table].range(cols[table][col])

    frng, trng, zr, ccr = ranges("flows"), ranges("transfers"), ranges("zones"), ranges("carbon_lost")

    def area_in(year: int, cls: str | None) -> float | None:
        """Class (or total, cls None) area in a year: at the start of the period that starts then,
        else at the end of the period that ends then (the formula picks the same)."""
        if year in starts:
            mask, values = fa["start_year"] == year, fa["area_start_ha"]
        elif year in ends:
            mask, values = fa["end_year"] == year, fa["area_end_ha"]
        else:
            return None
        if cls is not None:
            mask = mask & (fa["class"] == cls)
        picked = values[mask]
        return float(np.where(np.isnan(picked), 0.0, picked).sum()) / f  # as Series.sum: NaN counts 0

    Fs, Fe, Fc = frng(0), frng(1), frng(2)

    def year_area(cls_cell: str, yr: str) -> str:
        by = f"SUMIFS({frng(3)},{Fc},{cls_cell},{Fs},{yr})" if cls_cell else f"SUMIFS({frng(3)},{Fs},{yr})"
        ey = f"SUMIFS({frng(4)},{Fc},{cls_cell},{Fe},{yr})" if cls_cell else f"SUMIFS({frng(4)},{Fe},{yr})"
        return f'IF(COUNTIFS({Fs},{yr})>0,{by},IF(COUNTIFS({Fe},{yr})>0,{ey},""))'

    def computed(q: str, row: pd.Series) -> tuple[str, Any]:
        """(formula, engine value) of a reference row; B = class, C = to class, D = year, E/F = "
        "period."""
        cls, to, yr, s, e = (
            row["class"],
            row["to_class"],
            row["year"],
            row["start_year"],
            row["end_year"],
        )
        if q == "class_area":
            return f"={year_area('B{r}', 'D{r}')}", area_in(int(yr), cls)
        if q == "class_share":
            a, tot = area_in(int(yr), cls), area_in(int(yr), None)
            return (
                f'=IFERROR({year_area("B{r}", "D{r}")}/{year_area("", "D{r}")},"")',
                None if a is None or not tot else a / tot,
            )
        p = (int(s), int(e))
        if q == "transferred_out":
            v = float(fl.at[(*p, cls), "transferred_out_ha"]) / f if p in periods else None
            return (
                f'=IF(COUNTIFS({Fs},E{{r}},{Fe},F{{r}})>0,SUMIFS({frng(6)},{Fc},B{{r}},{Fs},E{{r}},{Fe},F{{r}}),"")',
                v,
            )
        if q == "transfer_share":
            key = (*p, cls, to)
            v = _pct(sh.at[key, "share_of_transferred_out_pct"]) if key in sh.index else None
            return (
                f"=IF(COUNTIFS({trng(2)},B{{r}},{trng(3)},C{{r}},{trng(0)},E{{r}},{trng(1)},F{{r}})>0,"
                f'SUMIFS({trng(7)},{trng(2)},B{{r}},{trng(3)},C{{r}},{trng(0)},E{{r}},{trng(1)},F{{r}}),"")'
            ), v
        if q in ("occupied", "occupied_share"):
            key = (*p, cls)
            occ = float(ca.at[key, "occupied_ha"]) / f if key in ca.index else None
            occ_f = f"SUMIFS({ccr(3)},{ccr(2)},B{{r}},{ccr(0)},E{{r}},{ccr(1)},F{{r}})"
            cond = f"COUNTIFS({ccr(2)},B{{r}},{ccr(0)},E{{r}},{ccr(1)},F{{r}})>0"
            if q == "occupied":
                return f'=IF({cond},{occ_f},"")', occ
            out = float(fl.at[(*p, cls), "transferred_out_ha"]) / f if p in periods else None
            v = occ / out if occ is not None and out else None
            return (
                f'=IF({cond},IFERROR({occ_f}/SUMIFS({frng(6)},{Fc},B{{r}},{Fs},E{{r}},{Fe},F{{r}}),""),"")',
                v,
            )
        # zone_share
        key = (*p, cls)
        v = _pct(zo.at[key, "share_pct"]) if key in zo.index else None
        return (
            f"=IF(COUNTIFS({zr(2)},B{{r}},{zr(0)},E{{r}},{zr(1)},F{{r}})>0,"
            f'SUMIFS({zr(4)},{zr(2)},B{{r}},{zr(0)},E{{r}},{zr(1)},F{{r}}),"")'
        ), v

    _comparison_sheet(book, parsed, computed, unit)


def _comparison_sheet(book: ResultBook, parsed: Parsed, computed: Any, unit: str) -> None:
    """The Comparison sheet: one block per quantity, the reference beside the computed value."""
    lang, fmt = parsed.lang, book.fmt
    ref = parsed.tables["reference"]
    d = ref.df
    co = book.sheet(_name(COMPARISON_SHEET, lang))
    co.title(
        (
            "Results beside the reference figures (Reference sheet)",
            "结果与参考值对照（见“参考值”表）",
        ),
        (
            f"Areas in {unit}; shares as percentages. Computed is empty where the results hold no such period or year.",
            f"面积单位：{unit}；比例以百分数表示。结果中无对应时段或年份时“计算值”为空。",
        ),
    )
    heads = [
        ("Class or zone", "地类或功能区"),
        ("To class", "现地类"),
        ("Year", "年份"),
        ("Start year", "起始年份"),
        ("End year", "终止年份"),
        ("Reference", "参考值"),
        ("Status", "性质"),
        ("Computed", "计算值"),
        ("Computed − reference", "差值"),
    ]
    co.ws.set_column(0, 0, 40)
    co.ws.set_column(1, 9, 14)
    r = 3
    share_q = {"class_share", "transfer_share", "occupied_share", "zone_share"}
    cells = {c: d[c].to_numpy() for c in ("quantity", "class", "to_class", "year", "start_year", "end_year", "value")}
    cells["status"] = d["status"].to_numpy()
    for q in QUANTITIES:
        idx = np.flatnonzero(cells["quantity"] == q).tolist()
        if not idx:
            continue
        co.text(r, 0, QUANTITY_LABELS[q][1 if lang == "zh" else 0], fmt.header)
        co.headers(r, heads, col0=1)
        r += 1
        vfmt = fmt.percent if q in share_q else fmt.computed
        for i in idx:
            rr = r + 1
            fq, fs = ref.spec.field("quantity"), ref.spec.field("status")
            co.formula(r, 0, canonical_formula(ref.ref("quantity", i), fq, lang), spelled(fq, q, lang))
            for col, fid in (
                (1, "class"),
                (2, "to_class"),
                (3, "year"),
                (4, "start_year"),
                (5, "end_year"),
            ):
                v = cells[fid][i]
                v = "" if _missing(v) else (int(v) if fid.endswith("year") else v)
                shown = ref.ref(fid, i)
                if q == "zone_share" and fid == "class":  # the zone as the Zones sheet spells it, however typed
                    zones = zone_spellings()
                    shown = shown_formula(shown, zones, {z: zone_text(z, lang) for z in zones})
                    v = zone_text(str(v), lang) if v != "" else v
                co.formula(r, col, f'=IF({ref.ref(fid, i)}="","",{shown})', v)
            co.formula(r, 6, "=" + ref.ref("value", i), float(cells["value"][i]), vfmt)
            status = cells["status"][i]
            co.formula(r, 7, canonical_formula(ref.ref("status", i), fs, lang), spelled(fs, status, lang))
            text, v = computed(q, d.loc[i])
            co.formula(r, 8, text.replace("{r}", str(rr)), v, vfmt)
            co.formula(
                r,
                9,
                f'=IF(I{rr}="","",I{rr}-G{rr})',
                None if v is None else v - float(cells["value"][i]),
                vfmt,
            )
            r += 1
        r += 1


def _checks(parsed: Parsed, x: Inputs, res: Results, layout: Layout, lg: Long, mp: MatrixPlace) -> list[tuple]:
    """The Checks rows: each a quantity computed two ways."""
    lang, f = parsed.lang, x.area_factor
    unit = render_unit(AREA_U, lang, layout.choices)
    A = lg.rng("area")
    q = quote_sheet(mp.sheet)
    last_col = xl_col_to_name(len(x.classes))
    total_area = float(x.long["area_ha"].sum()) / f
    lost = layout["carbon_lost"]
    tot = layout["carbon_total"]

    def cell(r: int, c: int) -> str:
        return f"{q}!{xl_rowcol_to_cell(r, c)}"

    def matrix_sum(key: str) -> float:
        return float(sum(res.matrices[p].at[method.TOTAL, key] for p in res.periods)) / f

    checks = [
        (
            label(
                lang,
                f"Σ area of the long table = Σ of the matrices' grand totals ({unit})",
                f"长表面积合计 = 各矩阵总计之和（{unit}）",
            ),
            f"=SUM({A})",
            total_area,
            "=" + "+".join(cell(mp.total_row[p], mp.c_tot) for p in res.periods),
            matrix_sum(method.TOTAL),
        ),
        (
            label(
                lang,
                "Σ row totals = Σ column totals in every matrix (area at the start = area at the end)",
                "各矩阵行合计之和 = 列合计之和（期初面积 = 期末面积）",
            ),
            "="
            + "+".join(
                f"SUM({cell(mp.rows[(p, x.classes[0])], mp.c_tot)}:"
                f"{xl_rowcol_to_cell(mp.rows[(p, x.classes[-1])], mp.c_tot)})"
                for p in res.periods
            ),
            float(res.flows["area_start_ha"].sum()) / f,
            "=" + "+".join(f"SUM({q}!$B${mp.total_row[p] + 1}:${last_col}${mp.total_row[p] + 1})" for p in res.periods),
            float(res.flows["area_end_ha"].sum()) / f,
        ),
        (
            label(
                lang,
                "Σ transferred out (matrices) = Σ transferred out (Flows)",
                "转出合计（矩阵）= 转出合计（地类面积与转移）",
            ),
            "=" + "+".join(cell(mp.total_row[p], mp.c_out) for p in res.periods),
            matrix_sum(method.TRANSFERRED_OUT),
            f"=SUM({layout['flows'].range('transferred_out')})",
            float(res.flows["transferred_out_ha"].sum()) / f,
        ),
        (
            label(
                lang,
                "Σ zone areas including 'unclassified' = Σ area of the long table",
                "各功能区（含未分区）面积之和 = 长表面积合计",
            ),
            f"=SUM({layout['zones'].range('area')})",
            float(res.zones["area_ha"].sum()) / f,
            f"=SUM({A})",
            total_area,
        ),
        (
            label(
                lang, "Σ area of the Transfers sheet = Σ area of the long table", "转移明细表面积合计 = 长表面积合计"
            ),
            f"=SUM({layout['transfers'].range('area')})",
            total_area,
            f"=SUM({A})",
            total_area,
        ),
        (
            label(
                lang, "Soil + vegetation carbon lost = total carbon lost (t)", "土壤碳 + 植被碳损失 = 碳损失合计（吨）"
            ),
            f"=SUM({lost.range('soil_t')})+SUM({lost.range('vegetation_t')})",
            float(res.carbon["soil_loss_t"].sum() + res.carbon["vegetation_loss_t"].sum()),
            f"=SUM({lost.range('total_t')})",
            float(res.carbon["total_loss_t"].sum()),
        ),
        (
            label(
                lang,
                "Σ carbon lost of the period totals = Σ of the class rows (t)",
                "各时段碳损失合计之和 = 各地类行之和（吨）",
            ),
            f"=SUM({tot.range('total_t')})",
            float(res.carbon["total_loss_t"].sum()),
            f"=SUM({lost.range('total_t')})",
            float(res.carbon["total_loss_t"].sum()),
        ),
    ]
    if x.mode == "parcels":
        checks += _parcel_checks(parsed, lg, unit, total_area)
    return checks


def _parcel_checks(parsed: Parsed, lg: Long, unit: str, total_area: float) -> list[tuple]:
    """Checks of parcel input: the Pairs sheet and the two dates hold the same area."""
    lang, t = parsed.lang, parsed.tables
    A = lg.rng("area")
    checks: list[tuple] = []
    be, af = t["before"], t["after"]
    start = float(be.df["area"].astype(float).sum())
    checks.append(
        (
            label(
                lang,
                f"Σ parcel areas at the start = Σ area of the Pairs sheet ({unit})",
                f"期初图斑面积合计 = 图斑地类对表面积合计（{unit}）",
            ),
            f"=SUM({be.col_range('area')})",
            start,
            f"=SUM({A})",
            total_area,
        )
    )
    checks.append(
        (
            label(
                lang,
                f"Σ parcel areas at the start = Σ parcel areas at the end ({unit})",
                f"期初图斑面积合计 = 期末图斑面积合计（{unit}）",
            ),
            f"=SUM({be.col_range('area')})",
            start,
            f"=SUM({af.col_range('area')})",
            float(af.df["area"].astype(float).sum()),
        )
    )
    return checks
