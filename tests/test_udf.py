"""Worksheet functions (xlwings UDFs) called as plain Python, against the same hand-worked numbers."""

from __future__ import annotations

import math

import pytest

from ecoaccount import udf


def test_ea_eq1():
    # (1/7)·(2·6000·100 + 3·2000·300)/400 = 7500/7
    assert udf.ECO_EA([2, 3], [6000, 2000], [100, 300]) == pytest.approx(7500 / 7)


def test_vc_and_esv_eqs2_3():
    assert udf.ECO_VC([1.0, 2.0, 3.0], 10.0) == 60.0
    assert udf.ECO_ESV([10, 20], [1, 2]) == 50.0


def test_ecps_t_and_compensation_eqs4_to_6():
    # ECPS = (1000/10)/(1000/10) = 1; t = 0.5; R = 1000·0.15·0.5 = 75
    assert udf.ECO_ECPS(1000, 1000, 10) == 1.0
    assert udf.ECO_T(1) == pytest.approx(0.5)
    assert udf.ECO_COMPENSATION(1000, 1) == pytest.approx(75.0)
    assert udf.ECO_COMPENSATION(1000, 1, 0.1) == pytest.approx(50.0)


def test_vcs_and_baseline_eqs2_to_4():
    assert udf.ECO_VCS(100) == pytest.approx(358.6)  # 100·2.2·1.63
    assert udf.ECO_BASELINE([2000, 2001, 2002], [1, 2, 3], 2003) == pytest.approx(4.0)
    # 002 eq. 1: (200·1 − 50·(1 − 0.8)) / 0.8 = 237.5
    assert udf.ECO_NPP_SCALED(200, 50, 1, 0.8) == pytest.approx(237.5)
    assert udf.ECO_NPP_SCALED(200, 50, 1, 0) == 0.0


def test_soil_retention_forest_after_restoration_paper_001():
    # paper_reproducibility.md: forest after restoration retains 74,788 t/a
    v = udf.ECO_SOIL_RETENTION(34.07, 5823.42, 0.0336, 11.23, 0.001, 1)
    assert v == pytest.approx(74788, rel=1e-4)


def test_landscape_value():
    # 34.07·0.82·(1/7)·2400·4.56
    assert udf.ECO_LANDSCAPE(34.07, 0.82, 2400, 4.56) == pytest.approx(34.07 * 0.82 / 7 * 2400 * 4.56)


@pytest.mark.parametrize("call, text", [
    (lambda: udf.ECO_EA([2], [6000], [0]), "#ECO! total sown area must be above 0"),
    (lambda: udf.ECO_EA([2, 3], [6000], [1, 2]), "#ECO! prices, yields and sown areas must have the same length"),
    (lambda: udf.ECO_SOIL_RETENTION(1, 1, 1, 1, 1.5, 1), "#ECO! C and P must lie between 0 and 1"),
    (lambda: udf.ECO_BASELINE([2000], [1], 2001), "#ECO! at least two years are needed for a baseline"),
    (lambda: udf.ECO_ECPS(1, 0, 1), "#ECO! no defined result (a zero denominator)"),
])
def test_errors_are_readable_text_in_the_cell(call, text):
    assert call() == text


def test_every_udf_has_a_one_line_help_text():
    funcs = [getattr(udf, n) for n in dir(udf) if n.startswith("ECO_")]
    assert len(funcs) >= 10
    for f in funcs:
        doc = f.__doc__ or ""
        assert doc and "\n" not in doc.strip() and not math.isnan(len(doc))
