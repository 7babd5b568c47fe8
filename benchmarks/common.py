"""Shared helpers of the benchmarks: timing, peak memory and the plain-number floor."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xlsxwriter
from python_calamine import CalamineWorkbook


def best_of(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Fastest wall time of ``repeat`` runs, and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def peak_rss(code: str) -> float:
    """Peak resident memory, MiB, of a fresh Python process running ``code`` (whole process)."""
    import resource
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", code], check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def plain_floor(result: Path, out: Path, in_memory: bool = False) -> tuple[float, int]:
    """Time XlsxWriter writing every cell of ``result`` as plain values (no formulas).

    The grids are read first (not timed); returns (seconds, number of cells written).
    """
    book = CalamineWorkbook.from_path(str(result))
    grids = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}
    t = time.perf_counter()
    n = write_plain(grids, out, in_memory)
    return time.perf_counter() - t, n


def write_plain(grids: dict[str, list[list[Any]]], out: Path | str, in_memory: bool = False) -> int:
    """XlsxWriter writing every non-empty cell of ``grids`` (sheet -> rows) as a plain number or
    text: the floor a formula workbook is measured against. Returns the number of cells written.

    ``in_memory``: assemble the file's parts in memory, as the result writer does for a small
    input (``writer.workbook_options``); pass what the result writer chose, so both write alike."""
    wb = xlsxwriter.Workbook(
        str(out),
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False, "in_memory": in_memory},
    )
    n = 0
    for name, grid in grids.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(grid):
            for c, v in enumerate(row):
                if v == "" or v is None:
                    continue
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, str(v))
                n += 1
    wb.close()
    return n


def count_formulas(path: Path) -> int:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return sum(zf.read(i).count(b"<f>") for i in zf.namelist() if i.startswith("xl/worksheets/sheet"))


def measure_write(parsed: Any, kind: Any, src: Path, out: Path, floor_out: Path) -> dict[str, float]:
    """Time the result workbook write (best of 2), the plain-number floor on the same cells, the
    peak RSS of a whole ``fill`` in a fresh process, and count the formulas written."""
    from ecoaccount import api  # noqa: F401  (imported by the child process too)
    from ecoaccount.workbook.writer import ResultBook, workbook_options

    def write() -> None:
        with ResultBook(out, parsed) as book:
            book.copy_inputs()
            kind.write(book, parsed)
            book.audit()

    t_write, _ = best_of(write, 2)
    t_floor, cells = plain_floor(out, floor_out, workbook_options(parsed)["in_memory"])
    mem = peak_rss(f"from ecoaccount import api; api.fill({str(src)!r}, {str(out)!r})")
    return {"write": t_write, "floor": t_floor, "cells": cells, "mem": mem, "formulas": count_formulas(out)}
