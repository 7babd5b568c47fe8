"""No workbook trips ecoaccount up: damaged copies of every example either compute or are refused
with located problems — never another exception, never a half-written result."""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

import openpyxl
import pytest

from ecoaccount import api
from ecoaccount.errors import InvalidWorkbookError
from ecoaccount.kinds import KINDS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "workbooks").glob("*.xlsx") if not p.stem.endswith("_zh"))
VALUES = [
    "abc",
    -1,
    -1e-9,
    1e308,
    "",
    None,
    True,
    dt.datetime(2020, 1, 1),
    "#DIV/0!",
    " 12 ",
    "1,5",
    "x" * 5000,
    "=1/0",
    0,
    "２０２０",
    "NaN",
    "inf",
]


def _input_sheets(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    kind = wb["_ecoaccount"]["B1"].value
    spec = KINDS[kind].SPEC
    names = {t.sheet_en for t in spec.tables} | {spec.params_sheet_en}
    return [n for n in wb.sheetnames if n in names]


def _mutate(src: Path, dst: Path, rng: random.Random) -> str:
    wb = openpyxl.load_workbook(src)
    sheets = _input_sheets(src)
    what = rng.choice(["cell", "cell", "cell", "cells", "header", "drop_sheet", "blank_rows", "meta"])
    ws = wb[rng.choice(sheets)]
    if what == "cell" or what == "cells":
        for _ in range(1 if what == "cell" else 6):
            r = rng.randint(5, max(5, min(ws.max_row, 60)))
            c = rng.randint(1, max(1, min(ws.max_column, 20)))
            ws.cell(r, c).value = rng.choice(VALUES)
    elif what == "header":
        ws.cell(4, rng.randint(1, max(1, ws.max_column))).value = rng.choice(["", "Something else", 7])
    elif what == "drop_sheet":
        del wb[ws.title]
    elif what == "blank_rows":
        ws.insert_rows(rng.randint(5, max(5, ws.max_row)), amount=3)
    else:
        wb["_ecoaccount"]["B1"] = rng.choice(["unknown", None, "esv", "gep", "vcs", "landuse"])
    wb.save(dst)
    return f"{what} on {ws.title}"


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_damaged_workbooks_compute_or_are_refused_with_locations(example, tmp_path):
    rng = random.Random(example.stem + os.environ.get("ECOACCOUNT_FUZZ_SEED", ""))
    for i in range(int(os.environ.get("ECOACCOUNT_FUZZ", "12"))):
        src = tmp_path / f"damaged_{i}.xlsx"
        what = _mutate(example, src, rng)
        problems = api.check(src)  # never raises
        out = tmp_path / f"out_{i}.xlsx"
        if problems:
            assert all(str(p).strip() for p in problems), what
            with pytest.raises(InvalidWorkbookError):
                api.fill(src, out)
            assert not out.exists(), what
        else:
            api.fill(src, out)
            assert out.exists(), what
        assert not list(tmp_path.glob(".ecoaccount-*")), what
