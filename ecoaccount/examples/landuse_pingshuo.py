"""Pingshuo open-pit coal mining area, 1986-2018: the figures stated in paper 003.

Source: Yang B., Bai Z., Fu S., Cao Y. (2022). Division of carbon sink functional areas and path
to carbon neutrality in coal mines. Paper file ``003_a9346aa4b4cb64fa.txt``: Sect. 3.1 (class
areas, damaged land), Sect. 3.2 (transfers out, occupation by mining, carbon lost per ha),
Sect. 3.3 (zone shares by period), Sect. 5 (conclusions).

The paper's transfer matrix (Table 3) is not available in the source text; it gives only totals
and shares. ``transitions_1986_2018`` is therefore a *reconstruction*: a transition table that
reproduces every stated 1986-2018 figure, in which each cell says how it was obtained. Cells
marked ``assumed`` are not in the paper at all; any split consistent with the stated totals would
do as well. Use it to exercise the method, not as data about Pingshuo.

Class ids are those of ``ecoaccount/data/landuse_classes.csv``; areas in ha, shares in %.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ecoaccount.citations import cite
from ecoaccount.methods import landuse

PAPER = "003_a9346aa4b4cb64fa.txt"

#: Study-area total implied by the 2018 shares of damaged land (Sect. 3.1): each stated share,
#: rounded to 0.01 %, bounds the total; the four bounds overlap only in 51,713-51,748 ha
#: (stripping land 1,109.25 ha = 2.14 % gives 51,713-51,955; industrial 2,243.29 = 4.34 % gives
#: 51,629-51,748). 51,730 ha is taken; the paper's "380 km2" (Sect. 2.1) does not fit the class
#: areas it states (arable + forest + grassland alone are 51,202.13 ha in 1986).
STUDY_AREA_HA = 51_730.0

NOTES = [
    "Sect. 5 prints 'arable land, forestland, and grassland were transferred out of 1408.34, "
    "421.57, and 6946.97 ha': digits dropped; Sect. 3.2 gives 14,085.34 and 4,211.57 ha, and "
    "only these agree with the stated shares of occupation by mining (4,482.5 / 14,085.34 = "
    "31.82 %, 963.49 / 4,211.57 = 22.88 %; with 1,408.34 ha the first share would be 318 %).",
    "Sect. 2.1 gives the area as 380 km2 (38,000 ha), but arable land, forestland and grassland "
    "alone cover 51,202.13 ha in 1986, and the 2018 shares of damaged land imply a total of "
    "51,713-51,748 ha; the example uses 51,730 ha (reconstructed).",
    "Table 1 (extracted text) reads 'Forestland it is necessary - Stripping land'; restored as "
    "forest -> stripping (emission control) and marked reconstructed in the rules table.",
    "Table 1 places grassland -> arable in the low-carbon optimisation zone but lists no rule "
    "for arable -> grassland, forest -> arable or forest -> grassland, nor for any change "
    "between or within built-up, mining or water classes other than those listed; such "
    "transitions are unclassified, which is why the stated zone shares add up to 81.8 %, "
    "78.59 % and 81.4 % rather than 100 %.",
    "The zone shares (Sect. 3.3) are for 1986-2000, 2000-2009 and 2009-2018; the paper gives "
    "no transfer table for these periods, so they cannot be recomputed here. The base of the "
    "shares (whole study area, or the mapped classes only) is not stated.",
    "Sect. 3.3 says the invariant zone 'decreased by 17.9 %' from 1986-2000 to 2000-2009: "
    "that is percentage points (66.7 - 48.8), not a relative change (26.8 %).",
    "Table 3 (the 1986-2018 transfer matrix) is not in the source text; "
    "transitions_1986_2018() is a reconstruction consistent with the stated totals.",
]
#: :data:`NOTES` in Chinese, in the same order.
NOTES_ZH = [
    "第5节写“耕地、林地和草地分别转出 1408.34、421.57 和 6946.97 公顷”：漏了数字；第3.2节给出 14,085.34 与 "
    "4,211.57 公顷，只有这两个数与所述采矿占用比例相符（4,482.5 / 14,085.34 = 31.82%，963.49 / 4,211.57 = "
    "22.88%；若取 1,408.34 公顷，第一个比例将为 318%）。",
    "第2.1节给出面积 380 平方公里（38,000 公顷），但 1986 年仅耕地、林地和草地就有 51,202.13 公顷，"
    "2018 年受损土地的占比隐含总面积 51,713—51,748 公顷；示例取 51,730 公顷（重构）。",
    "论文表1提取文本中林地一行有误；按耕地、草地两行复原为林地 → 剥离地（碳排放控制区），并在分区规则表中标为重构。",
    "表1把草地 → 耕地归入低碳优化区，却没有耕地 → 草地、林地 → 耕地、林地 → 草地的规则，也没有所列以外的建设、"
    "采矿、水域地类之间或内部变化的规则；这些转移为未分区，"
    "因此所述各功能区占比之和为 81.8%、78.59% 和 81.4%，而非 100%。",
    "功能区占比（第3.3节）针对 1986—2000、2000—2009、2009—2018 三个时段；论文未给出这些时段的转移表，"
    "因此无法在此重算。占比的基数（整个研究区，或仅已制图地类）未说明。",
    "第3.3节说碳汇不变区从 1986—2000 到 2000—2009“减少了 17.9%”：这是百分点（66.7 − 48.8），不是相对变化（26.8%）。",
    "表3（1986—2018 年转移矩阵）不在原文中；示例的转移表是与所述合计一致的重构。",
]


def class_areas() -> pd.DataFrame:
    """Class areas the paper states (Sect. 3.1): ``class``, ``year``, ``area_ha``, ``share_pct``.

    ``share_pct`` is the paper's share of the study area where it gives one (NaN otherwise);
    years it does not state for a class are absent (arable and grassland have no 2009 figure).
    """
    rows = [
        ("arable", 1986, 32_119.86, np.nan),
        ("arable", 2018, 24_191.34, np.nan),
        ("forest", 1986, 8_426.73, np.nan),
        ("forest", 2009, 7_372.44, np.nan),
        ("forest", 2018, 9_300.0, 18.0),
        ("grassland", 1986, 10_655.54, np.nan),
        ("grassland", 2018, 8_793.36, np.nan),
        ("stripping", 2018, 1_109.25, 2.14),
        ("industrial", 2000, np.nan, 0.78),
        ("industrial", 2018, 2_243.29, 4.34),
        ("dump", 2018, 2_856.33, 5.52),
        ("open_pit", 2018, 914.7, 1.77),
    ]
    return pd.DataFrame(rows, columns=["class", "year", "area_ha", "share_pct"])


def damaged_land_2018() -> pd.DataFrame:
    """Damaged (mining) land in 2018 by type (Sect. 3.1): ``class``, ``area_ha``, ``share_pct``."""
    areas = class_areas()
    mining = areas[(areas["year"] == 2018) & areas["class"].isin(_mining_classes())]
    return mining[["class", "area_ha", "share_pct"]].reset_index(drop=True)


def transferred_out_1986_2018() -> pd.DataFrame:
    """Area transferred out 1986-2018 and the stated shares of its destinations (Sect. 3.2).

    Returns ``from_class``, ``transferred_out_ha``, ``to_class``, ``share_of_transferred_out_pct``;
    ``to_class`` ``"mining"`` is the stated share occupied by industrial land, open pit, stripping
    land and dump together.
    """
    rows = [
        ("arable", 14_085.34, "grassland", 30.4),
        ("arable", 14_085.34, "forest", 25.9),
        ("arable", 14_085.34, "mining", 31.8),
        ("grassland", 6_946.97, "arable", 53.9),
        ("grassland", 6_946.97, "forest", 19.8),
        ("grassland", 6_946.97, "mining", 23.7),
        ("forest", 4_211.57, "arable", 53.6),
        ("forest", 4_211.57, "grassland", 17.5),
        ("forest", 4_211.57, "mining", 22.88),  # Sect. 5 only
    ]
    return pd.DataFrame(
        rows,
        columns=["from_class", "transferred_out_ha", "to_class", "share_of_transferred_out_pct"],
    )


def mining_occupation_1986_2018() -> pd.DataFrame:
    """Area occupied by mining 1986-2018 (Abstract, Sect. 3.2): ``class``, ``occupied_ha``."""
    return pd.DataFrame({"class": ["arable", "forest", "grassland"], "occupied_ha": [4_482.5, 963.49, 1_648.13]})


def zone_shares() -> pd.DataFrame:
    """Zone shares by period (Sect. 3.3).

    Columns ``start_year``, ``end_year``, ``zone``, ``share_pct`` (%), ``stated`` (bool).

    The ``unclassified`` row of each period is the remainder to 100 % (``stated`` False): the
    paper's four shares do not add up to 100 %.
    """
    stated = {
        (1986, 2000): (66.7, 4.1, 6.8, 4.2),
        (2000, 2009): (48.8, 9.69, 14.6, 5.5),
        (2009, 2018): (42.7, 14.8, 15.7, 8.2),
    }
    rows = []
    for (start, end), shares in stated.items():
        rows += [(start, end, z, s, True) for z, s in zip(landuse.ZONES, shares, strict=True)]
        rows.append((start, end, landuse.UNCLASSIFIED, round(100.0 - sum(shares), 2), False))
    return pd.DataFrame(rows, columns=["start_year", "end_year", "zone", "share_pct", "stated"])


def transitions_1986_2018() -> pd.DataFrame:
    """A reconstructed 1986-2018 transition table consistent with every stated total (see NOTES).

    Returns ``start_year``, ``end_year``, ``from_class``, ``to_class``, ``area_ha``,
    ``reconstructed`` (always True: the paper prints no cell of Table 3) and ``basis``:

    - ``stated area - stated transferred out``: unchanged area of arable, forest, grassland;
    - ``stated share x stated transferred out``: e.g. arable -> grassland = 30.4 % x 14,085.34,
      rounded to 0.01 ha;
    - ``stated occupation split by 2018 mining areas``: each class's occupied area (4,482.5 /
      963.49 / 1,648.13 ha) spread over industrial land, open pit, stripping land and dump in
      proportion to their 2018 areas, so that the 2018 areas come out exactly;
    - ``stated remainder, assumed split``: the rest of a class's transfer out (to urban, rural,
      transport land, water), total from the paper, split assumed;
    - ``assumed``: land that was not arable, forest or grassland in 1986 (527.87 ha = the
      reconstructed study area minus the three classes); mining land is taken as 0 in 1986 (the
      mine was built in 1985; Sect. 5: damaged land grew "starting from zero").
    """
    derived = "stated area - stated transferred out"
    share = "stated share x stated transferred out"
    split = "stated occupation split by 2018 mining areas"
    rest = "stated remainder, assumed split"
    assumed = "assumed"
    mining = ("stripping", "industrial", "dump", "open_pit")
    remainder = ("urban", "rural", "transport", "water")

    def transfers(cls: str, kept: float, shared: dict[str, float], occupied: tuple, rest_: tuple) -> list[tuple]:
        """One class's row of the matrix: kept, two stated shares, occupation by mining area, the remainder."""
        return [
            (cls, cls, kept, derived),
            *((cls, to, area, share) for to, area in shared.items()),
            *((cls, to, area, split) for to, area in zip(mining, occupied, strict=True)),
            *((cls, to, area, rest) for to, area in zip(remainder, rest_, strict=True)),
        ]

    cells = [
        # arable: 32,119.86 ha in 1986, 14,085.34 transferred out; shares 30.4 % and 25.9 %;
        # 4,482.5 occupied in all; remainder 1,672.80
        *transfers(
            "arable",
            18_034.52,
            {"grassland": 4_281.94, "forest": 3_648.10},
            (700.89, 1_417.45, 1_804.80, 559.36),
            (700.00, 500.00, 400.00, 72.80),
        ),
        # forest: 8,426.73 ha in 1986, 4,211.57 transferred out; shares 53.6 % and 17.5 %;
        # 963.49 occupied in all; remainder 253.66
        *transfers(
            "forest",
            4_215.16,
            {"arable": 2_257.40, "grassland": 737.02},
            (150.65, 304.67, 387.94, 120.23),
            (80.00, 90.00, 70.00, 13.66),
        ),
        # grassland: 10,655.54 ha in 1986, 6,946.97 transferred out; shares 53.9 % and 19.8 %;
        # 1,648.13 occupied in all; remainder 178.92
        *transfers(
            "grassland",
            3_708.57,
            {"arable": 3_744.42, "forest": 1_375.50},
            (257.71, 521.17, 663.59, 205.66),
            (50.00, 60.00, 60.00, 8.92),
        ),
        # other land in 1986 (527.87 ha); what reaches arable, forest, grassland and open pit is
        # fixed by their 2018 totals (155.00, 61.24, 65.83, 29.45 ha), its origin is assumed
        ("rural", "arable", 155.00, assumed),
        ("rural", "forest", 61.24, assumed),
        ("rural", "grassland", 65.83, assumed),
        ("rural", "open_pit", 29.45, assumed),
        ("rural", "rural", 38.48, assumed),
        ("urban", "urban", 90.00, assumed),
        ("transport", "transport", 50.00, assumed),
        ("water", "water", 37.87, assumed),
    ]
    table = pd.DataFrame(cells, columns=["from_class", "to_class", "area_ha", "basis"])
    table.insert(0, "end_year", 2018)
    table.insert(0, "start_year", 1986)
    table.insert(5, "reconstructed", True)
    return table


def results() -> dict[str, pd.DataFrame]:
    """The method applied to the reconstruction and to the stated occupied areas."""
    transitions = transitions_1986_2018()[[*landuse.PERIOD_COLUMNS, *landuse.TRANSITION_COLUMNS]]
    return {
        "transfer_matrix": landuse.transfer_matrix(transitions),
        "class_flows": landuse.class_flows(transitions),
        "transfer_shares": landuse.transfer_shares(transitions),
        "zone_areas": landuse.zone_areas(transitions),
        "uncovered_transitions": landuse.uncovered_transitions(transitions),
        "mining_occupation": landuse.mining_occupation(transitions),
        "carbon_loss": landuse.carbon_loss(mining_occupation_1986_2018()),
    }


def _mining_classes() -> list[str]:
    classes = landuse.load_classes()
    return list(classes.loc[classes["group"] == landuse.MINING_GROUP, "id"])


# --- the example workbook (ecoaccount.kinds.landuse) ----------------------------------------------


def reference_rows() -> list[list]:
    """The stated figures as rows of the template's Reference table.

    Columns: quantity, class (or zone), to class, year, start year, end year, value, status, source.
    Areas in ha, shares as fractions. The unclassified zone shares are the remainder to 100 % of the
    stated four (``reconstructed``).
    """
    s32, s31, s33 = (cite(f"003 Sect. 3.{i}") for i in (2, 1, 3))  # shown as a citation in the workbook
    rows: list[list] = []
    for r in class_areas().itertuples():
        if r.area_ha == r.area_ha:
            rows.append(["class_area", r._1, None, int(r.year), None, None, float(r.area_ha), "stated", s31])
    for r in class_areas().itertuples():
        if r.share_pct == r.share_pct:
            rows.append(
                [
                    "class_share",
                    r._1,
                    None,
                    int(r.year),
                    None,
                    None,
                    round(r.share_pct / 100, 6),
                    "stated",
                    s31,
                ]
            )
    out = transferred_out_1986_2018()
    for cls, ha in dict(zip(out["from_class"], out["transferred_out_ha"], strict=False)).items():
        rows.append(["transferred_out", cls, None, None, 1986, 2018, float(ha), "stated", s32])
    for r in out.itertuples():
        if r.to_class != "mining":
            rows.append(
                [
                    "transfer_share",
                    r.from_class,
                    r.to_class,
                    None,
                    1986,
                    2018,
                    round(r.share_of_transferred_out_pct / 100, 6),
                    "stated",
                    s32,
                ]
            )
    for r in mining_occupation_1986_2018().itertuples():
        rows.append(
            [
                "occupied",
                r._1,
                None,
                None,
                1986,
                2018,
                float(r.occupied_ha),
                "stated",
                cite("003 Abstract, Sect. 3.2"),
            ]
        )
    for r in out[out["to_class"] == "mining"].itertuples():
        rows.append(
            [
                "occupied_share",
                r.from_class,
                None,
                None,
                1986,
                2018,
                round(r.share_of_transferred_out_pct / 100, 6),
                "stated",
                cite("003 Sect. 5") if r.from_class == "forest" else s32,
            ]
        )
    for r in zone_shares().itertuples():
        rows.append(
            [
                "zone_share",
                r.zone,
                None,
                None,
                int(r.start_year),
                int(r.end_year),
                round(r.share_pct / 100, 6),
                "stated" if r.stated else "reconstructed",
                s33 if r.stated else "remainder to 100 % of the four stated shares",
            ]
        )
    return rows


def transition_rows() -> list[list]:
    """The reconstructed 1986-2018 transitions as rows of the Transitions table, each marked
    reconstructed."""
    t = transitions_1986_2018()
    return [
        [
            int(r.start_year),
            int(r.end_year),
            r.from_class,
            r.to_class,
            float(r.area_ha),
            f"reconstructed: {r.basis}",
        ]
        for r in t.itertuples()
    ]


def template_kwargs(lang: str = "en") -> dict:
    """Keyword arguments of ``api.make_template("landuse", ...)`` for the example workbook (class
    ids as in the packaged tables, so the example is in English)."""
    notes = [
        (
            "Source",
            f"Paper {PAPER} (Yang, Bai, Fu & Cao 2022): Sect. 3.1-3.3, Table 1; figures in the Reference sheet.",
        )
    ]
    notes.append(
        (
            "Reconstructed",
            "Every row of Transitions is reconstructed (the paper prints "
            "no cell of "
            "Table 3); its Note says how each area was obtained. Study area "
            f"{STUDY_AREA_HA:,.0f} ha (reconstructed).",
        )
    )
    notes += [(f"Paper note {i + 1}", text) for i, text in enumerate(NOTES)]
    if lang == "zh":
        notes = [
            ("来源", "003 第3.1—3.3节、表1；所述数值见“参考值”表。"),
            (
                "重构",
                "“转移表”的每一行都是重构的（论文未印出表3的任何单元格）；其备注说明每个面积的来历。"
                f"研究区面积 {STUDY_AREA_HA:,.0f} 公顷（重构）。",
            ),
            *((f"论文说明 {i + 1}", text) for i, text in enumerate(NOTES_ZH)),
        ]
    return {
        "data": {"transitions": transition_rows(), "reference": reference_rows()},
        "notes": notes,
    }
