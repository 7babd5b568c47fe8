"""Unit factors: the constants used at run time are pint's, and no command builds pint's registry."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ecoaccount import units


@pytest.mark.parametrize(("unit", "base"), sorted(units.FACTORS))
def test_every_constant_factor_is_pints(unit, base):
    assert units.FACTORS[(unit, base)] == units.pint_factor(unit, base)


def test_every_selectable_unit_has_a_constant_factor():
    for table, base in ((units.AREA_UNITS, "hectare"), (units.MONEY_UNITS, "yuan"), (units.MASS_UNITS, "metric_ton")):
        for code, _en, _zh, unit in table:
            assert (unit, base) in units.FACTORS, code
            assert units.factor(code, table, base) == units.pint_factor(unit, base)


def test_unit_rows_and_codes():
    rows = units.unit_rows()
    assert ("area", "mu", "mu (亩)", "亩", pytest.approx(1 / 15)) in rows
    assert units.codes("mass") == ("t", "Gg")
    with pytest.raises(KeyError):
        units.factor("acre", units.AREA_UNITS, "hectare")


def test_a_factor_outside_the_table_still_comes_from_pint():
    table = (("m2", "square metre", "平方米", "meter ** 2"),)
    assert units.factor("m2", table, "hectare") == pytest.approx(1e-4)


def test_commands_start_without_pint_or_pandas():
    code = (
        "import sys, ecoaccount.cli as c; c.build_parser();"
        "from ecoaccount import units; units.unit_rows();"
        "print(sorted(m for m in ('pint', 'pandas', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_command_line_knows_every_kind():
    from ecoaccount.cli import KIND_NAMES
    from ecoaccount.kinds import KINDS

    assert KIND_NAMES == tuple(sorted(KINDS))
