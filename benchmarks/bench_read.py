"""Benchmark of reading: ``check`` of the land-use input against python-calamine's raw read.

Builds the land-use input of ``bench_landuse.py`` (N parcels at each of two dates, default 1e6),
then measures, each in its own process so that peak memory (the process's VmHWM, Linux) belongs to one task:

- the floor: python-calamine reading every sheet of the workbook into Python lists
  (``to_python``), nothing else;
- read + check: ``ecoaccount.api.check`` (safe opening, extent scan, typed columns, every rule of
  the land-use template);
- the whole command ``ecoaccount check FILE``: imports, the language from the marker sheet, then
  read + check;

and prints wall and CPU seconds, the ratio of the two, and each process's peak resident memory.
With ``--repeat K`` the three measurements run K times in turn (floor, check, command, floor, ...),
so that the load of a shared machine weighs on each alike; the least wall and the least CPU time
of each are shown (and the largest peak memory), with every run and the load average
(``os.getloadavg``) before and after.

Usage: python benchmarks/bench_read.py [--parcels N] [--keep DIR] [--repeat K]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = """
import json, sys, time
from python_calamine import CalamineWorkbook
t0, c0 = time.perf_counter(), time.process_time()
book = CalamineWorkbook.from_path(sys.argv[1])
cells = 0
for name in book.sheet_names:
    grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    cells += sum(len(row) for row in grid)
    del grid
book.close()
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
rss = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) * 1024
print(json.dumps({"wall": wall, "cpu": cpu, "rss": rss, "cells": cells}))
"""

CHECK = """
import json, sys, time
from ecoaccount import api, units
c0 = time.process_time()
units.registry()  # start-up: the pint registry, measured apart (issue of its own)
pint = time.process_time() - c0
t0, c0 = time.perf_counter(), time.process_time()
problems = api.check(sys.argv[1])
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
rss = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) * 1024
print(json.dumps({"wall": wall, "cpu": cpu, "rss": rss, "problems": len(problems), "pint": pint}))
"""


CLI = """
import contextlib, io, json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from ecoaccount.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["check", sys.argv[1]])
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
rss = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) * 1024
print(json.dumps({"wall": wall, "cpu": cpu, "rss": rss, "code": code}))
"""


def run(code: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def build(path: Path, parcels: int) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    import bench_landuse

    before, after, _ = bench_landuse.parcels(parcels, shuffle=False)
    bench_landuse.input_workbook(path, before, after)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--parcels", type=int, default=1_000_000)
    p.add_argument("--keep", help="folder to keep (and reuse) the input workbook in")
    p.add_argument("--repeat", type=int, default=1, help="runs of each measurement, in turn; the least time is shown")
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-read-") as tmp:
        folder = Path(a.keep) if a.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        src = folder / f"parcels_{a.parcels}.xlsx"
        if not src.exists():
            t0 = time.perf_counter()
            build(src, a.parcels)
            print(f"input workbook built in {time.perf_counter() - t0:.1f} s")
        print(f"{a.parcels:,} parcels × 2 dates: {src.stat().st_size / 2**20:.1f} MiB")
        load_before = os.getloadavg()
        runs: dict[str, list[dict]] = {"floor": [], "check": [], "cli": []}
        for _ in range(a.repeat):
            for name, code in (("floor", FLOOR), ("check", CHECK), ("cli", CLI)):
                runs[name].append(run(code, src))
        load_after = os.getloadavg()
    mib = 2**20
    for name, found in runs.items():
        for r in found:
            print(f"  {name}: {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU, peak RSS {r['rss'] / mib:.0f} MiB")
    # least time of the runs (the load of other work only adds to it); largest peak memory
    floor, check, cli = (
        {
            "wall": min(r["wall"] for r in runs[n]),
            "cpu": min(r["cpu"] for r in runs[n]),
            "rss": max(r["rss"] for r in runs[n]),
        }
        for n in runs
    )
    print(
        f"floor (python-calamine to_python, every sheet, {runs['floor'][0]['cells']:,} cells): "
        f"{floor['wall']:.1f} s wall, {floor['cpu']:.1f} s CPU, peak RSS {floor['rss'] / mib:.0f} MiB"
    )
    print(
        f"read + check (api.check, {runs['check'][0]['problems']} problem(s); the pint registry built before, "
        f"{runs['check'][0]['pint']:.1f} s CPU): {check['wall']:.1f} s wall, "
        f"{check['cpu']:.1f} s CPU, peak RSS {check['rss'] / mib:.0f} MiB"
    )
    print(
        f"ecoaccount check FILE (imports, language from the marker sheet, read + check; "
        f"exit {runs['cli'][0]['code']}): {cli['wall']:.1f} s wall, {cli['cpu']:.1f} s CPU, "
        f"peak RSS {cli['rss'] / mib:.0f} MiB"
    )
    print(
        f"ratio read + check / floor (least of {a.repeat} run(s) each): {check['wall'] / floor['wall']:.2f}× wall, "
        f"{check['cpu'] / floor['cpu']:.2f}× CPU (target ≤ 2×); peak memory target < 1024 MiB"
    )
    print(
        "load average (1, 5, 15 min) before: "
        + ", ".join(f"{x:.1f}" for x in load_before)
        + "; after: "
        + ", ".join(f"{x:.1f}" for x in load_after)
        + f"; {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
