"""Benchmark of the land-use template: 15 × 15 class transfer over N parcel rows (default 1e6).

Measures, in one run:

- engine: ``summarise_parcels`` and every quantity of the result sheets (matrix, flows, shares,
  zones, uncovered transitions, occupation by mining, carbon lost), on DataFrames;
- the workbook path: reading and checking the input workbook (``api.load``), then writing the
  result workbook (input sheets copied + result sheets; above the formula limit the summarised
  pairs are written as values and every other result cell is a SUMIFS over that long table);
- the floor: XlsxWriter writing the same cells as plain numbers (``write_number``), no formulas;
- peak memory: the engine's with tracemalloc, the whole process's (max RSS) at the end, and that
  of ``ecoaccount check`` and ``ecoaccount fill`` of the input, each alone in a process of its own
  (with its wall and CPU time), which is what a user sees.

Usage: python benchmarks/bench_landuse.py [--parcels N] [--shuffle] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from ecoaccount import api
from ecoaccount.kinds import landuse as kind
from ecoaccount.methods import landuse as method
from ecoaccount.workbook.writer import ResultBook

EXTRA = ("orchard", "wetland", "bare", "garden")  # 11 classes of the paper + 4 = 15


def parcels(n: int, shuffle: bool, seed: int = 2018) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    rng = np.random.default_rng(seed)
    classes = [*method.load_classes()["id"], *EXTRA]
    ids = np.arange(1, n + 1)
    a = rng.integers(0, len(classes), n)
    # 70 % of parcels keep their class, the rest move anywhere: every one of the 225 pairs occurs
    b = np.where(rng.random(n) < 0.7, a, rng.integers(0, len(classes), n))
    area = np.round(rng.uniform(0.01, 5.0, n), 4)
    names = np.asarray(classes, dtype=object)
    before = pd.DataFrame({"parcel_id": ids, "class": names[a], "area_ha": area})
    after = pd.DataFrame({"parcel_id": ids, "class": names[b], "area_ha": area})
    if shuffle:
        after = after.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    return before, after, classes


def engine(before: pd.DataFrame, after: pd.DataFrame, classes: list[str]) -> tuple[float, float, int]:
    """Seconds of the whole calculation (best of 3, and of the summary alone), and its peak bytes
    (a separate run under tracemalloc, which slows Python down)."""
    groups = dict(zip(method.load_classes()["id"], method.load_classes()["group"], strict=True))
    groups.update({c: "sink" for c in EXTRA})
    rules = rules_table()
    loss = method.load_carbon_loss()[["class", "pool", "value"]]

    def run() -> tuple[float, float]:
        t0 = time.perf_counter()
        pairs = method.summarise_parcels(before, after[["parcel_id", "class"]], classes=classes)
        t1 = time.perf_counter()
        pairs.insert(0, "end_year", 2018)
        pairs.insert(0, "start_year", 1986)
        pairs["area"] = pairs["area_ha"]
        res = kind.calculate(kind.Inputs("parcels", 1.0, classes, groups, pairs, rules, loss))
        assert len(pairs) == len(classes) ** 2 and len(res.matrices) == 1
        return time.perf_counter() - t0, t1 - t0

    times = [run() for _ in range(3)]
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return min(t for t, _ in times), min(s for _, s in times), peak


def rules_table() -> pd.DataFrame:
    r = method.load_rules()[["from_class", "to_class", "zone"]]
    extra = pd.DataFrame({"from_class": EXTRA, "to_class": EXTRA, "zone": "invariant"})
    return pd.concat([r, extra], ignore_index=True)


def input_workbook(path: Path, before: pd.DataFrame, after: pd.DataFrame) -> None:
    data, _ = kind.template_data("en")
    data["classes"] += [[c, "sink", c, None] for c in EXTRA]
    data["rules"] += [[c, c, "invariant", "benchmark class"] for c in EXTRA]
    data["before"] = before[["parcel_id", "class", "area_ha"]].values.tolist()
    data["after"] = after[["parcel_id", "class", "area_ha"]].values.tolist()
    api.make_template(
        "landuse",
        path,
        "en",
        data=data,
        params={"parcel_start_year": 1986, "parcel_end_year": 2018},
    )


def floor(book_path: Path, out: Path) -> tuple[float, int]:
    """XlsxWriter writing a number into every cell the result workbook holds, same sheets."""
    from python_calamine import CalamineWorkbook

    wb_in = CalamineWorkbook.from_path(str(book_path))
    shapes = []
    for name in wb_in.sheet_names:
        grid = wb_in.get_sheet_by_name(name).to_python(skip_empty_area=False)
        cells = [(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v != ""]
        shapes.append((name, cells))
    n = sum(len(c) for _, c in shapes)
    t0 = time.perf_counter()
    wb = xlsxwriter.Workbook(str(out))
    for name, cells in shapes:
        ws = wb.add_worksheet(name)
        for r, c in cells:
            ws.write_number(r, c, 1.5)
    wb.close()
    return time.perf_counter() - t0, n


# The child reports its own high-water mark (Linux): the ``ru_maxrss`` that ``wait4`` gives counts
# the memory of this process too, which the child had at the fork before it exec'd.
CHILD = """import sys
from ecoaccount.cli import main
try:
    rc = main(sys.argv[1:])
finally:
    print(next(x for x in open('/proc/self/status') if x.startswith('VmHWM')).split()[1], file=sys.stderr)
sys.exit(rc)
"""


def command_alone(*args: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of ``ecoaccount ARGS`` in a process of its own."""
    t0 = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    err = child.stderr.read().decode() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ecoaccount {' '.join(args)} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, int(err.split()[-1]) / 1024


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--parcels", type=int, default=1_000_000)
    p.add_argument(
        "--shuffle",
        action="store_true",
        help="list the parcels of the second date in another order",
    )
    p.add_argument("--keep", help="folder to keep the workbooks in (default: a temporary folder)")
    a = p.parse_args(argv)
    before, after, classes = parcels(a.parcels, a.shuffle)
    print(f"{a.parcels:,} parcels, {len(classes)} classes ({'shuffled' if a.shuffle else 'same order'})")
    sec, sec_summary, peak = engine(before, after, classes)
    print(
        f"engine: {sec:.3f} s in all (summarise_parcels {sec_summary:.3f} s, every result from "
        "the pairs "
        f"{sec - sec_summary:.3f} s); peak {peak / 2**20:.0f} MiB above the input tables "
        "(tracemalloc)"
    )

    with tempfile.TemporaryDirectory(prefix="bench-landuse-") as tmp:
        folder = Path(a.keep) if a.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        src, out = folder / "parcels.xlsx", folder / "parcels_result.xlsx"
        t0 = time.perf_counter()
        input_workbook(src, before, after)
        print(f"input workbook built in {time.perf_counter() - t0:.1f} s ({src.stat().st_size / 2**20:.1f} MiB)")
        t0 = time.perf_counter()
        parsed = api.load(src)
        t_load = time.perf_counter() - t0
        t0 = time.perf_counter()
        with ResultBook(out, parsed) as book:
            book.copy_inputs()
            t_copy = time.perf_counter() - t0
            summary = kind.write(book, parsed)
            book.audit()
            t_results = time.perf_counter() - t0 - t_copy
        t_write = time.perf_counter() - t0
        print(f"read + check (api.load): {t_load:.1f} s")
        print(
            f"write result workbook: {t_write:.1f} s (copy inputs {t_copy:.1f} s, result sheets "
            "+ close "
            f"{t_write - t_copy:.1f} s; result sheets before close {t_results:.2f} s); "
            f"{out.stat().st_size / 2**20:.1f} MiB; pairs as formulas: "
            f"{summary['pairs_as_formulas']}"
        )
        t_floor, cells = floor(out, folder / "floor.xlsx")
        print(f"floor (XlsxWriter write_number, same {cells:,} cells): {t_floor:.1f} s")
        print(f"ratio write / floor: {t_write / t_floor:.2f}")
        for command in (("check", str(src)), ("fill", str(src), "-o", str(folder / "parcels_filled.xlsx"))):
            wall, cpu, mib = command_alone(*command)
            print(f"ecoaccount {command[0]} alone: {wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {mib:.0f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS of the process: {rss / 1024 if sys.platform != 'darwin' else rss / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
