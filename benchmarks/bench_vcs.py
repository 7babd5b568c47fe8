"""Benchmark of the VCS kind: 5,000 patches x 22 years (issue target: engine under 1 s).

Measures, on synthetic data (50 mines x 100 patches, 2001-2022):

* engine: ``ecoaccount.methods.vcs.calculate`` on the 110,000-row table (best of 3), and its peak
  Python memory (tracemalloc);
* workbook: template generation, reading + checking (``api.load``), and writing the result
  workbook (input copy + result sheets of formulas with cached values + Audit), with peak memory;
* the floor: XlsxWriter writing the same cells of the same sheets as plain numbers
  (``write_number``, no formulas, no formats), so the cost of formulas can be read as a ratio.

Run: ``python benchmarks/bench_vcs.py [--patches 5000] [--years 22] [--mines 50]``.
Timings depend on the machine; tests never assert them.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from ecoaccount import api
from ecoaccount.kinds import vcs as kind
from ecoaccount.methods import vcs as method
from ecoaccount.workbook.writer import ResultBook


def synthetic(n_patches: int, n_years: int, n_mines: int, seed: int = 1) -> pd.DataFrame:
    """The method's ``annual`` table: NPP on noisy lines, 70 % destroyed, half of those restored."""
    rng = np.random.default_rng(seed)
    years = np.arange(2001, 2001 + n_years)
    mine = np.repeat([f"M{m:03d}" for m in range(n_mines)], -(-n_patches // n_mines))[:n_patches]
    patch = np.array([f"P{p:05d}" for p in range(n_patches)])
    npp = (
        rng.uniform(80, 200, (n_patches, 1))
        + rng.uniform(-2, 4, (n_patches, 1)) * (years - 2001)
        + rng.normal(0, 8, (n_patches, n_years))
    )
    area = rng.uniform(0.09, 4.5, n_patches)
    destroyed = rng.random(n_patches) < 0.7
    d_idx = rng.integers(2, n_years - 2, n_patches)
    r_idx = d_idx + rng.integers(2, 7, n_patches)
    restored = destroyed & (rng.random(n_patches) < 0.5) & (r_idx < n_years)
    col = np.arange(n_years)[None, :]
    d = np.where(destroyed[:, None] & (col == d_idx[:, None]), area[:, None], 0.0)
    r = np.where(restored[:, None] & (col == r_idx[:, None]), area[:, None], 0.0)
    bare = destroyed[:, None] & (col >= d_idx[:, None]) & ~(restored[:, None] & (col >= r_idx[:, None]))
    npp = np.where(bare, 0.0, np.round(np.maximum(npp, 1.0), 2))
    return pd.DataFrame(
        {
            "mine": np.repeat(mine, n_years),
            "patch": np.repeat(patch, n_years),
            "year": np.tile(years, n_patches),
            "npp": npp.ravel(),
            "destroyed_ha": np.round(d, 4).ravel(),
            "restored_ha": np.round(r, 4).ravel(),
        }
    )


def template_rows(annual: pd.DataFrame) -> list[list]:
    d = annual["destroyed_ha"].to_numpy()
    r = annual["restored_ha"].to_numpy()
    return [
        [m, p, int(y), float(n), None, None, None, None, float(a) or None, float(b) or None]
        for m, p, y, n, a, b in zip(annual["mine"], annual["patch"], annual["year"], annual["npp"], d, r, strict=True)
    ]


def timed(fn, repeat: int = 1):
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def peak(fn) -> float:
    """Peak traced Python memory of ``fn()`` in MiB."""
    tracemalloc.start()
    fn()
    _, high = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return high / 2**20


def write_result(src: Path, out: Path) -> dict[str, list[tuple[int, int]]]:
    """What ``api.fill`` does (load, copy inputs, result sheets, Audit); returns the cell layout."""
    parsed = api.load(src)
    layout: dict[str, list[tuple[int, int]]] = {}
    with ResultBook(out, parsed) as book:
        book.copy_inputs()
        kind.write(book, parsed)
        book.audit()
        for ws in book.wb.worksheets():
            layout[ws.name] = [(r, c) for r, row in ws.table.items() for c in row]
    return layout


def write_floor(out: Path, layout: dict[str, list[tuple[int, int]]]) -> None:
    """The same cells of the same sheets as plain numbers: the least any writer can do."""
    wb = xlsxwriter.Workbook(str(out))
    for name, cells in layout.items():
        ws = wb.add_worksheet(name)
        for r, c in cells:
            ws.write_number(r, c, 1.5)
    wb.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--patches", type=int, default=5000)
    ap.add_argument("--years", type=int, default=22)
    ap.add_argument("--mines", type=int, default=50)
    a = ap.parse_args(argv)
    annual = synthetic(a.patches, a.years, a.mines)
    print(f"VCS benchmark: {a.patches} patches x {a.years} years = {len(annual):,} rows, {a.mines} mines")

    t_engine, res = timed(lambda: method.calculate(annual), repeat=3)
    m_engine = peak(lambda: method.calculate(annual))
    print(f"  engine (methods.vcs.calculate, best of 3): {t_engine:8.3f} s   peak {m_engine:7.1f} MiB")
    print(
        f"    total VCSD {res.total['vcsd_t'].iloc[0] / 1000:,.2f} Gg CO2, "
        f"{int(res.total['excluded_patches'].iloc[0])} patches excluded"
    )

    with tempfile.TemporaryDirectory(prefix="bench-vcs-") as tmp:
        src, out = Path(tmp) / "in.xlsx", Path(tmp) / "out.xlsx"
        floor = Path(tmp) / "floor.xlsx"
        rows = template_rows(annual)
        t_tpl, _ = timed(lambda: api.make_template("vcs", src, "en", data={"annual": rows}))
        t_load, _ = timed(lambda: api.load(src))
        t_fill, layout = timed(lambda: write_result(src, out))
        t_write = t_fill - t_load
        t_floor, _ = timed(lambda: write_floor(floor, layout))
        m_load = peak(lambda: api.load(src))
        m_fill = peak(lambda: write_result(src, out))
        m_floor = peak(lambda: write_floor(floor, layout))
        n_cells = sum(len(v) for v in layout.values())
        mib = 2**20
        size, size_floor = out.stat().st_size / mib, floor.stat().st_size / mib
        print(f"  template with data (api.make_template): {t_tpl:8.2f} s   file {src.stat().st_size / mib:6.1f} MiB")
        print(f"  read + check (api.load):                {t_load:8.2f} s   peak {m_load:7.1f} MiB")
        print(
            f"  write result (fill minus load):         {t_write:8.2f} s"
            f"   peak {m_fill:7.1f} MiB (load + write)   file {size:6.1f} MiB"
        )
        print(
            f"  floor, the same {n_cells:,} cells as plain numbers:"
            f" {t_floor:8.2f} s   peak {m_floor:7.1f} MiB   file {size_floor:6.1f} MiB"
        )
        print(
            f"  ratio write / floor: time {t_write / t_floor:5.2f}x,"
            f" memory {m_fill / m_floor:5.2f}x, file {size / size_floor:5.2f}x"
        )
        print("  cells per sheet: " + ", ".join(f"{k} {len(v):,}" for k, v in layout.items() if v))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak resident memory of the whole run: {rss:7.1f} MiB")


if __name__ == "__main__":
    main()
