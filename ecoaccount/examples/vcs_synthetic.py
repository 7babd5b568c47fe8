"""Synthetic multi-mine example for the VCS dynamics method (``ecoaccount.methods.vcs``).

SYNTHETIC DATA: these numbers are invented to exercise every branch of the method; they are not
from paper 002 (which publishes no per-mine data) nor from any real mine.

Observed years 2010-2021 with 2015 missing (like the paper's 2012). NPP is of the vegetated area of
each patch, g C m-2 a-1, and 0 where a patch carries no vegetation (as Eq. (1) gives for a
non-vegetated pixel). Pre-destruction NPP lies on simple lines so the baselines can be worked by
hand (tests/test_vcs.py):

* mine A, patch A1 (2 ha): destroyed 2014, never restored. Pre-destruction NPP 100, 110, 120, 130
  (2010-2013), baseline NPP 100 + 10 (t - 2010).
* mine B, patch B1 (3 ha): destroyed 2013, restored 2017 *above* the baseline. Pre-destruction NPP
  90, 110, 100 (2010-2012), least-squares baseline NPP 100 + 5 (t - 2011); restored NPP 150.
* mine C, patches C1 and C2 (2 ha each, one NPP pixel): destroyed in 2015, the missing year, so
  the destruction is put in 2016; C1 restored 2019 *below* the baseline (NPP 60, 70, 80), C2 never
  restored. Pre-destruction NPP 110 ... 130 (2010-2014), baseline NPP 110 + 5 (t - 2010).
* mine D: patch D1 (1 ha) destroyed 2011, one pre-destruction year only, so no baseline (excluded);
  patch D2 (5 ha) never destroyed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ecoaccount.methods.vcs import areas_from_event_years

YEARS = tuple(y for y in range(2010, 2022) if y != 2015)  # 2015 is the missing year


def events() -> pd.DataFrame:
    """One row per patch: mine, patch, area_ha, destruction_year, restoration_year (synthetic)."""
    nan = np.nan
    return pd.DataFrame(
        [
            ("A", "A1", 2.0, 2014, nan),
            ("B", "B1", 3.0, 2013, 2017),
            ("C", "C1", 2.0, 2015, 2019),
            ("C", "C2", 2.0, 2015, nan),
            ("D", "D1", 1.0, 2011, nan),
            ("D", "D2", 5.0, nan, nan),
        ],
        columns=["mine", "patch", "area_ha", "destruction_year", "restoration_year"],
    )


# NPP of the vegetated area, g C m-2 a-1, for YEARS (2010-2014, 2016-2021); synthetic.
_NPP = {
    #        2010 2011 2012 2013 2014 | 2016 2017 2018 2019 2020 2021
    "A1": [100, 110, 120, 130, 0, 0, 0, 0, 0, 0, 0],
    "B1": [90, 110, 100, 0, 0, 0, 150, 150, 150, 150, 150],
    "C1": [110, 115, 120, 125, 130, 0, 0, 0, 60, 70, 80],
    "C2": [110, 115, 120, 125, 130, 0, 0, 0, 0, 0, 0],
    "D1": [100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "D2": [100, 105, 110, 115, 120, 130, 135, 140, 145, 150, 155],
}


def npp() -> pd.DataFrame:
    """mine, patch, year, npp (g C m-2 a-1) for every patch and observed year (synthetic)."""
    ev = events()
    rows = [
        (mine, patch, year, float(value))
        for mine, patch in zip(ev["mine"], ev["patch"], strict=True)
        for year, value in zip(YEARS, _NPP[patch], strict=True)
    ]
    return pd.DataFrame(rows, columns=["mine", "patch", "year", "npp"])


def annual() -> pd.DataFrame:
    """The ``annual`` input of ``vcs.calculate``: NPP plus per-year destroyed/restored areas."""
    areas = areas_from_event_years(events(), YEARS)
    return areas.merge(npp(), on=["mine", "patch", "year"], how="left", validate="one_to_one")


# --- the example workbook (``vcs_synthetic_mines.xlsx``) ------------------------------------------
# Mines A and B give their areas per year in the Annual table; mines C and D give one row per patch
# in the Events table (C's destruction in 2015, the missing year, is counted in 2016 by the
# workbook's formulas as by ``areas_from_event_years``). Both routes give the same ``annual()``.
YEARLY_AREA_MINES = ("A", "B")

NOTES: list[tuple[str, str]] = [
    (
        "Data",
        "SYNTHETIC: invented numbers that exercise every branch of the VCS method (paper "
        "002, Eqs. 1-5); not data of the paper nor of any real mine. Worked by hand in "
        "tests/test_vcs.py and tests/test_vcs_workbook.py.",
    ),
    (
        "Years",
        "2010-2021 without 2015 (like the paper's missing 2012): nothing is interpolated, "
        "the previous observed year of 2016 is 2014, and 2015 adds no potential change "
        "to VCSD.",
    ),
    (
        "Mine A (patch A1, 2 ha)",
        "Destroyed 2014, never restored. Baseline NPP 100 + 10(t - 2010) fitted on 2010-2013. VCSD = 89.65 t CO2.",
    ),
    (
        "Mine B (patch B1, 3 ha)",
        "Destroyed 2013, restored 2017 above the baseline (NPP 150 vs "
        "100 + 5(t - 2011)). C_restore = +5.379 t, VCSD = 32.274 t CO2, "
        "R_V = 1, R_VCS = 1.5.",
    ),
    (
        "Mine C (patches C1, C2, 2 ha each)",
        "Destroyed in 2015, the missing year, so counted in "
        "2016 (Events table). C1 restored 2019 below the "
        "baseline (NPP 60-80 vs 155-165), C2 never restored. "
        "VCSD = 116.1864 t CO2.",
    ),
    (
        "Mine D (patches D1 1 ha, D2 5 ha)",
        "D1 destroyed 2011 after one undisturbed year: no "
        "baseline line, so it is excluded from every sum "
        "(shown as excluded). D2 is never destroyed.",
    ),
    ("Totals", "VCSD = 238.1104 t CO2; direct decrease 38.7288 t, direct increase 20.4402 t; R_V = 5/9."),
    (
        "Area input",
        "Mines A and B give areas per year in Annual; mines C and D give destruction "
        "and restoration years per patch in Events. Both routes are checked against "
        "the same hand-worked numbers.",
    ),
]
#: :data:`NOTES` in Chinese, for a zh book of the example.
NOTES_ZH: list[tuple[str, str]] = [
    (
        "数据",
        "合成数据：为覆盖 VCS 方法（002 式1—5）每个分支而编造的数字，既非论文数据，也非任何真实矿山的数据。"
        "测试中逐项手算核对。",
    ),
    (
        "年份",
        "2010—2021 年，缺 2015 年（如论文缺 2012 年）：不做插值，2016 年的上一观测年为 2014 年，"
        "2015 年不给 VCSD 增加潜在变化。",
    ),
    (
        "矿区 A（图斑 A1，2 公顷）",
        "2014 年破坏，未修复。以 2010—2013 年拟合基线 NPP = 100 + 10(t − 2010)。VCSD = 89.65 吨 CO2。",
    ),
    (
        "矿区 B（图斑 B1，3 公顷）",
        "2013 年破坏，2017 年修复后高于基线（NPP 150，基线 100 + 5(t − 2011)）。C_restore = +5.379 吨，"
        "VCSD = 32.274 吨 CO2，R_V = 1，R_VCS = 1.5。",
    ),
    (
        "矿区 C（图斑 C1、C2，各 2 公顷）",
        "破坏于缺测的 2015 年，因此计入 2016 年（“破坏与修复年份”表）。C1 于 2019 年修复但低于基线"
        "（NPP 60—80，基线 155—165），C2 未修复。VCSD = 116.1864 吨 CO2。",
    ),
    (
        "矿区 D（图斑 D1 1 公顷，D2 5 公顷）",
        "D1 在未扰动一年后于 2011 年破坏：无法拟合基线，因此不计入任何合计（显示为“排除”）。D2 从未破坏。",
    ),
    ("合计", "VCSD = 238.1104 吨 CO2；直接减少 38.7288 吨，直接增加 20.4402 吨；R_V = 5/9。"),
    (
        "面积填写方式",
        "矿区 A、B 在“逐年数据”表中逐年填写面积；矿区 C、D 在“破坏与修复年份”表中按图斑填写破坏与修复年份。"
        "两种方式都与同一组手算数字核对。",
    ),
]


def annual_rows(lang: str = "en") -> list[list]:
    """Rows of the template's Annual table: mine, patch, year, NPP, four empty mixed-pixel cells,
    destroyed and restored area (ha; only for the mines of ``YEARLY_AREA_MINES``, empty = 0)."""
    df = annual()
    rows = []
    for r in df.itertuples(index=False):
        yearly = r.mine in YEARLY_AREA_MINES
        d = float(r.destroyed_ha) if yearly and r.destroyed_ha > 0 else None
        s = float(r.restored_ha) if yearly and r.restored_ha > 0 else None
        rows.append([r.mine, r.patch, int(r.year), float(r.npp), None, None, None, None, d, s])
    return rows


def event_rows(lang: str = "en") -> list[list]:
    """Rows of the template's Events table: mine, patch, area (ha), destruction and restoration year
    for the destroyed patches of the mines not in ``YEARLY_AREA_MINES``."""
    rows = []
    for r in events().itertuples(index=False):
        if r.mine in YEARLY_AREA_MINES or np.isnan(r.destruction_year):
            continue
        ry = None if np.isnan(r.restoration_year) else int(r.restoration_year)
        rows.append([r.mine, r.patch, float(r.area_ha), int(r.destruction_year), ry])
    return rows


def template_kwargs(lang: str = "en") -> dict:
    """Keyword arguments of ``api.make_template("vcs", ...)`` for the example workbook."""
    return {
        "data": {"annual": annual_rows(lang), "events": event_rows(lang)},
        "params": {"area_unit": "ha", "mass_unit": "t"},
        "notes": NOTES_ZH if lang == "zh" else NOTES,
    }
