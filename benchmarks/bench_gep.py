"""GEP benchmark: 10,000 project parcels × 3 scenarios in one workbook (the floor: the same cells
as plain numbers).

Run: ``python benchmarks/bench_gep.py [--parcels N]``. Prints the engine time (validation and every
table of ``ecoaccount.methods.gep.calculate``), the time to read and check the input workbook, the
result-workbook write time, peak memory, the plain-number floor, and the ratios. Targets: engine
< 1 s; formula workbook within 3× the floor.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import best_of, measure_write  # noqa: E402

from ecoaccount import api  # noqa: E402
from ecoaccount.examples import gep_jinsha  # noqa: E402
from ecoaccount.kinds import gep as kind  # noqa: E402
from ecoaccount.methods import gep as method  # noqa: E402

SCENARIOS = ("before", "after", "2030")
# Land types of the Jinsha case, with their share of the parcels in each scenario.
MIX = {
    "before": {"mining land": 0.9, "dry land": 0.02, "forest land": 0.04, "grassland": 0.02, "construction land": 0.02},
    "after": {"mining land": 0.0, "dry land": 0.52, "forest land": 0.45, "grassland": 0.03, "construction land": 0.0},
    "2030": {"mining land": 0.0, "dry land": 0.40, "forest land": 0.55, "grassland": 0.05, "construction land": 0.0},
}


def build_input(path: Path, parcels: int) -> None:
    """Every parcel in every scenario: area fixed per parcel, land type drawn from the mix."""
    rng = np.random.default_rng(1)
    area = np.round(rng.uniform(0.05, 0.5, parcels), 4)
    land = []
    for s in SCENARIOS:
        types = list(MIX[s])
        p = np.array([MIX[s][t] for t in types])
        drawn = rng.choice(len(types), parcels, p=p / p.sum())
        for i in range(parcels):
            land.append([s, f"P{i:05d}", types[drawn[i]], float(area[i])])
    kw = gep_jinsha.template_kwargs("en")
    kw["data"]["land_use"] = land
    kw["params"]["project_area"] = round(float(area.sum()), 4)
    kw["notes"] = ()
    api.make_template("gep", path, "en", **kw)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--parcels", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.xlsx", Path(tmp) / "out.xlsx"
        floor_out = Path(tmp) / "floor.xlsx"
        t = time.perf_counter()
        build_input(src, args.parcels)
        t_template = time.perf_counter() - t
        t_load, parsed = best_of(lambda: api.load(src), 1)
        x = kind.inputs(parsed)
        t_engine, _ = best_of(
            lambda: method.calculate(
                x["land_use"],
                x["mapping"],
                x["glob"],
                x["sets"],
                x["products"],
                scenarios=x["scenarios"],
                area_tolerance_ha=math.inf,
            ),
            5,
        )

        m = measure_write(parsed, kind, src, out, floor_out)
        t_write, t_floor, cells, mem, n_f = m["write"], m["floor"], m["cells"], m["mem"], m["formulas"]
        size, floor_size = out.stat().st_size, floor_out.stat().st_size
    rows = [
        (
            "input",
            f"{args.parcels:,} parcels × {len(SCENARIOS)} scenarios = {args.parcels * len(SCENARIOS):,} land-use rows",
        ),
        ("template with data written", f"{t_template:.2f} s"),
        ("read + validate input", f"{t_load:.2f} s"),
        ("engine (validation + Table 3 formulas + Tables 4-6)", f"{t_engine:.3f} s  (target < 1 s)"),
        (
            "result workbook write (formulas + values)",
            f"{t_write:.2f} s, {n_f:,} formulas, {cells:,} cells, {size / 2**20:.1f} MiB",
        ),
        ("floor: same cells as plain values", f"{t_floor:.2f} s, {floor_size / 2**20:.1f} MiB"),
        ("ratio write / floor", f"{t_write / t_floor:.2f}×  (target ≤ 3×)"),
        ("peak memory of a whole fill (process RSS)", f"{mem:.0f} MiB"),
    ]
    for k, v in rows:
        print(f"{k:52s} {v}")


if __name__ == "__main__":
    main()
