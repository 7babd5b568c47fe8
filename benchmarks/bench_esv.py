"""ESV benchmark: 3,000 counties × 3 years × 6 classes (the floor: the same cells as plain numbers).

Run: ``python benchmarks/bench_esv.py [--counties N]``. Prints the engine time, the time to read
and validate the input workbook, the result-workbook write time, peak memory, the plain-number
floor, and the ratios. Targets: engine < 0.5 s; formula workbook within 3× the floor.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import best_of, measure_write  # noqa: E402

from ecoaccount import api  # noqa: E402
from ecoaccount.kinds import esv as kind  # noqa: E402
from ecoaccount.methods import esv as method  # noqa: E402

YEARS = (2000, 2010, 2020)
CROPS = (("rice", 2.7, 6900.0), ("wheat", 2.25, 5700.0), ("maize", 2.1, 6300.0))


def build_input(path: Path, counties: int) -> None:
    rng = np.random.default_rng(1)
    landuse, grain, gdp = [], [], []
    for i in range(counties):
        name = f"County {i:05d}"
        for y in YEARS:
            landuse.append([name, y, *np.round(rng.uniform(0, 50000, 6), 2).tolist()])
            for crop, price, yld in CROPS:
                grain.append(
                    [name, y, crop, price, round(yld * rng.uniform(0.8, 1.2), 1), round(rng.uniform(100, 20000), 1)]
                )
            gdp.append([name, y, round(rng.uniform(1e5, 1e7), 0), None])
    api.make_template("esv", path, "en", data={"landuse": landuse, "grain": grain, "gdp": gdp})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--counties", type=int, default=3000)
    ap.add_argument(
        "--library-write-formula",
        action="store_true",
        help="write formulas with XlsxWriter's own write_formula (for comparison with the fast path)",
    )
    args = ap.parse_args()
    if args.library_write_formula:
        from ecoaccount.workbook.writer import OutSheet, cached

        def slow(self, row, col, text, value, fmt=None):  # XlsxWriter's documented path
            self.ws.write_formula(row, col, text, fmt, cached(value))

        OutSheet.formula = slow
    with tempfile.TemporaryDirectory() as tmp:
        src, out, floor_out = Path(tmp) / "in.xlsx", Path(tmp) / "out.xlsx", Path(tmp) / "floor.xlsx"
        t = time.perf_counter()
        build_input(src, args.counties)
        t_template = time.perf_counter() - t
        t_load, parsed = best_of(lambda: api.load(src), 1)
        x = kind.inputs(parsed)
        t_engine, _ = best_of(
            lambda: method.calculate(x["landuse"], x["grain"], x["gdp"], x["mapping"], x["factors"], x["services"]), 5
        )

        m = measure_write(parsed, kind, src, out, floor_out)
        t_write, t_floor, cells, mem, n_f = m["write"], m["floor"], m["cells"], m["mem"], m["formulas"]
    rows = [
        ("input", f"{args.counties} counties × {len(YEARS)} years × 6 classes; {args.counties * 9} grain rows"),
        ("template with data written", f"{t_template:.2f} s"),
        ("read + validate input", f"{t_load:.2f} s"),
        ("engine (eqs. 1–6, all tables)", f"{t_engine:.3f} s  (target < 0.5 s)"),
        ("result workbook write (formulas + values)", f"{t_write:.2f} s, {n_f:,} formulas, {cells:,} cells"),
        ("floor: same cells as plain values", f"{t_floor:.2f} s"),
        ("ratio write / floor", f"{t_write / t_floor:.2f}×  (target ≤ 3×)"),
        ("peak memory of a whole fill (process RSS)", f"{mem:.0f} MiB"),
    ]
    for k, v in rows:
        print(f"{k:45s} {v}")


if __name__ == "__main__":
    main()
