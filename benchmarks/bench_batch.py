"""Batch benchmark: N realistic submissions through ``ecoaccount batch``, against a floor.

Run: ``python benchmarks/bench_batch.py [--sizes 100,300,1000] [--jobs N] [--files-per-worker N] [--per-file ROUNDS]``.

The submissions mix every kind and both languages, in several sizes (the bundled examples, plus
ESV with 30-60 counties, GEP with 500-1,000 parcels, VCS with 50-150 patches × 22 years), about 10 %
invalid (an empty template, a number typed as text) and about 2 % hostile (a zip bomb, an
encrypted workbook, a truncated zip, a text file named .xlsx). For each N it measures:

- ``ecoaccount batch`` (``run_batch``, ``--jobs`` worker processes at once, each taking up to
  ``--files-per-worker`` submissions in turn): wall time, files per second, the peak resident memory
  of each worker process (the largest one is reported) and of the coordinating process;
- the floor, in the same run: one process per core, each reading a submission with python-calamine
  and writing the cells of its result workbook with XlsxWriter as plain numbers and text (no
  formulas, no formats). The cells are prepared before the clock starts and handed over pickled.

Targets: batch within 2x the floor; time linear in N; memory flat in N.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import os
import pickle
import random
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import write_plain  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from ecoaccount import api  # noqa: E402
from ecoaccount.batch import FILES_PER_WORKER  # noqa: E402
from ecoaccount.examples import EXAMPLES, vcs_synthetic  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def variants(folder: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """(good, invalid, hostile) distinct submissions to copy from."""
    import bench_esv
    import bench_gep
    import bench_vcs

    folder.mkdir(parents=True, exist_ok=True)
    good = []
    for ex in EXAMPLES:
        good.append(api.make_template(ex.kind, folder / ex.filename, ex.lang, **ex.build(ex.lang)))
    good.append(api.make_template("vcs", folder / "vcs_zh.xlsx", "zh", **vcs_synthetic.template_kwargs("zh")))
    for n in (30, 60):
        bench_esv.build_input(folder / f"esv_{n}.xlsx", n)
        good.append(folder / f"esv_{n}.xlsx")
    for n in (500, 1000):
        bench_gep.build_input(folder / f"gep_{n}.xlsx", n)
        good.append(folder / f"gep_{n}.xlsx")
    for n in (50, 150):
        annual = bench_vcs.synthetic(n, 22, 10)
        good.append(
            api.make_template("vcs", folder / f"vcs_{n}.xlsx", "en", data={"annual": bench_vcs.template_rows(annual)})
        )
    invalid = [api.make_template("esv", folder / "empty_template.xlsx", "zh")]
    kw = vcs_synthetic.template_kwargs("en")
    annual = [list(r) for r in kw["data"]["annual"]]
    annual[3][3] = "n/a"
    invalid.append(
        api.make_template("vcs", folder / "bad_number.xlsx", "en", **{**kw, "data": {**kw["data"], "annual": annual}})
    )
    return good, invalid, hostile(folder, good[0])


def hostile(folder: Path, good: Path) -> list[Path]:
    bomb = folder / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 2**20))  # 300 MiB that packs to 0.3 MiB
    enc = folder / "encrypted.xlsx"
    try:
        import msoffcrypto.format.ooxml

        with good.open("rb") as src, enc.open("wb") as dst:
            msoffcrypto.format.ooxml.OOXMLFile(src).encrypt("secret", dst)
    except ImportError:
        enc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    cut = folder / "truncated.xlsx"
    cut.write_bytes(good.read_bytes()[:20000])
    text = folder / "minutes.xlsx"
    text.write_text("not a workbook\n" * 100, encoding="utf-8")
    return [bomb, enc, cut, text]


def submissions(n: int, pools: tuple[list[Path], list[Path], list[Path]], folder: Path) -> list[Path]:
    """``n`` files: about 88 % good, 10 % invalid, 2 % hostile, in sub-folders per district."""
    good, invalid, bad = pools
    rng = random.Random(n)
    out = []
    for i in range(n):
        r = rng.random()
        src = rng.choice(bad) if r < 0.02 else rng.choice(invalid) if r < 0.12 else rng.choice(good)
        dst = folder / f"district_{i % 7}" / f"{i:05d}_{src.name}"
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dst)
        out.append(dst)
    return out


def _floor_one(args: tuple[str, str | None, str]) -> int:
    """Read a submission with calamine; write its result's cells as plain values with XlsxWriter."""
    path, cells, out = args
    try:
        book = CalamineWorkbook.from_path(path)
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception:  # noqa: BLE001 - hostile files fail to read, as in the batch
        return 0
    if cells is None:
        return 0
    with open(cells, "rb") as fh:
        grids = pickle.load(fh)
    # Assembled in memory, as the result writer assembles every submission of this benchmark
    # (each has far fewer cells than writer.IN_MEMORY_CELLS).
    return write_plain(grids, out, in_memory=True)


def result_cells(pools: tuple[list[Path], list[Path], list[Path]], folder: Path) -> dict[str, str]:
    """Pickled cells of each distinct submission's result workbook (None when it has none)."""
    cells = {}
    for src in [p for pool in pools for p in pool]:
        try:
            res = folder / f"{src.stem}_result.xlsx"
            api.fill(src, res)
        except Exception:  # noqa: BLE001 - invalid and hostile: no result
            continue
        book = CalamineWorkbook.from_path(str(res))
        grids = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}
        cells[src.name] = str(folder / f"{src.stem}.cells.pickle")
        with open(cells[src.name], "wb") as fh:
            pickle.dump(grids, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return cells


def floor(files: list[Path], cells: dict[str, str], out: Path, jobs: int) -> tuple[float, float]:
    """Wall seconds and CPU seconds (of the pool's processes) of the floor over ``files``."""
    out.mkdir()
    tasks = [(str(p), cells.get(p.name.split("_", 1)[1]), str(out / f"{i}.xlsx")) for i, p in enumerate(files)]
    before = _children_cpu()
    t = time.perf_counter()
    with cf.ProcessPoolExecutor(max_workers=jobs) as ex:
        list(ex.map(_floor_one, tasks, chunksize=1))
    return time.perf_counter() - t, _children_cpu() - before


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


BATCH = """
import json, sys
from pathlib import Path
from ecoaccount.batch import run_batch
import resource
r = run_batch(Path(sys.argv[1]), Path(sys.argv[2]), recursive=True, jobs=int(sys.argv[3]),
              files_per_worker=int(sys.argv[4]))
# VmHWM, not ru_maxrss: ru_maxrss would include the benchmark's own memory, inherited before exec.
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
own = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": r.seconds, "counts": r.counts, "peak_rss_kib": r.peak_rss_kib, "coordinator_kib": hwm,
                  "worker_cpu": sum(getattr(r, "worker_cpu_s", [])), "coordinator_cpu": own.ru_utime + own.ru_stime}))
"""


def batch(src: Path, out: Path, jobs: int, files_per_worker: int = FILES_PER_WORKER) -> dict:
    """``run_batch`` in a fresh process (so that its own peak memory is the coordinator's alone)."""
    import json
    import subprocess

    before = _children_cpu()
    done = subprocess.run(
        [sys.executable, "-c", BATCH, str(src), str(out), str(jobs), str(files_per_worker)],
        check=True,
        capture_output=True,
        text=True,
    )
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "tree_cpu": _children_cpu() - before}


def per_file(
    pools: tuple[list[Path], list[Path], list[Path]], cells: dict[str, str], folder: Path, rounds: int
) -> None:
    """One file at a time, CPU seconds: ``api.fill`` in this process, and the file in a worker process
    (a fresh one per file, and one worker taking the files in turn), against the floor of the same
    file, interleaved (fill, floor, fresh, reused, ...) so that the machine's load falls on all alike;
    min and median over the rounds of the sums over the good submissions."""
    import gc
    import statistics

    from ecoaccount.batch import isolation
    from ecoaccount.batch.inputs import sha256_of

    good = pools[0]
    grids = {p: pickle.load(open(cells[p.name], "rb")) for p in good}  # noqa: SIM115
    (folder / "work").mkdir(parents=True)
    (folder / "out").mkdir()
    settings = {"out": str(folder / "out"), "work": str(folder / "work"), "timeout": 600, "memory_mib": 4096}
    tasks = {
        p: {
            "index": i,
            "rel": p.name,
            "path": str(p),
            "sha256": sha256_of(str(p)),
            "result": f"{i}.xlsx",
            "settings": settings,
        }
        for i, p in enumerate(good)
    }
    reused = {p: {**t, "settings": {**settings, "files_per_worker": 10**6}} for p, t in tasks.items()}

    def fill(p: Path) -> float:
        (folder / "fill.xlsx").unlink(missing_ok=True)
        t = time.process_time()
        api.fill(p, folder / "fill.xlsx")
        return time.process_time() - t

    def plain(p: Path) -> float:
        t = time.process_time()
        book = CalamineWorkbook.from_path(str(p))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        write_plain(grids[p], folder / "floor.xlsx", in_memory=True)
        return time.process_time() - t

    def in_worker(p: Path, task: dict) -> float:  # the worker's own CPU for the file + the caller's
        (folder / "out" / task["result"]).unlink(missing_ok=True)
        t = time.process_time()
        outcome = isolation.isolated(task)
        assert outcome["status"] == "computed", outcome
        return outcome["cpu_s"] + time.process_time() - t

    modes = {
        "fill": fill,
        "floor": plain,
        "fresh": lambda p: in_worker(p, tasks[p]),  # a process of its own (--files-per-worker 1)
        "reused": lambda p: in_worker(p, reused[p]),  # one worker taking the files in turn
    }
    for p in good:
        for f in modes.values():
            f(p)
    sums: dict[str, list[float]] = {k: [] for k in modes}
    for _ in range(rounds):
        for k, f in modes.items():
            total = 0.0
            for p in good:
                gc.collect()  # each measurement starts without a collection left over from the last
                total += f(p)
            sums[k].append(total)
    for k, v in sums.items():
        print(f"{k:7s} CPU s per round of {len(good)} files: min {min(v):.2f}, median {statistics.median(v):.2f}")
    isolation.IDLE.close()
    for k in ("fill", "fresh", "reused"):
        r = [a / b for a, b in zip(sums[k], sums["floor"], strict=True)]
        print(f"{k} / floor, per round: min {min(r):.2f}, median {statistics.median(r):.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,300,1000", help="comma-separated numbers of submissions")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes at once (default: every core)")
    ap.add_argument(
        "--files-per-worker",
        type=int,
        default=FILES_PER_WORKER,
        help=f"as the batch command's flag (default: {FILES_PER_WORKER}; 1: a fresh process per submission)",
    )
    ap.add_argument("--per-file", type=int, default=0, metavar="ROUNDS", help="only the one-file-at-a-time ratios")
    a = ap.parse_args(argv)
    sizes = [int(s) for s in a.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="ecoaccount-bench-batch-") as tmp:
        tmp = Path(tmp)
        pools = variants(tmp / "variants")
        cells = result_cells(pools, tmp / "cells")
        if a.per_file:
            per_file(pools, cells, tmp / "per_file", a.per_file)
            return 0
        print(
            f"{sum(map(len, pools))} distinct submissions; jobs = {a.jobs}; files per worker = "
            f"{a.files_per_worker}; cores = {os.cpu_count()}"
        )
        head = (
            "| N | batch | files/s | floor | batch / floor | per file | batch CPU / floor CPU "
            "| worker peak RSS | coordinator RSS |"
        )
        print(head + "\n" + "|---" * 9 + "|")
        for n in sizes:
            files = submissions(n, pools, tmp / f"in_{n}")
            t_floor, cpu_floor = floor(files, cells, tmp / f"floor_{n}", a.jobs)
            res = batch(tmp / f"in_{n}", tmp / f"out_{n}", a.jobs, a.files_per_worker)
            t, c = res["seconds"], res["counts"]
            worker = max(res["peak_rss_kib"]) / 1024 if res["peak_rss_kib"] else 0.0
            coord = res["coordinator_kib"] / 1024
            cpu = max(res["tree_cpu"], res["worker_cpu"] + res["coordinator_cpu"])
            print(
                f"| {n:,} | {t:.1f} s | {n / t:.1f} | {t_floor:.1f} s | {t / t_floor:.2f}x | {1000 * t / n:.0f} ms "
                f"| {cpu:.0f} s / {cpu_floor:.0f} s = {cpu / cpu_floor:.2f}x "
                f"| {worker:.0f} MiB | {coord:.0f} MiB |  ({c['computed']} computed, {c['invalid']} invalid, "
                f"{c['failed']} failed, {c['skipped']} skipped)",
                flush=True,
            )
            shutil.rmtree(tmp / f"out_{n}")
            shutil.rmtree(tmp / f"floor_{n}")
            shutil.rmtree(tmp / f"in_{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
