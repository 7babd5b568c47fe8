"""Compare two sets of result workbooks cell by cell, value by value (cached values).

Usage: ``python tools/compare_results.py OLD_DIR NEW_DIR [--rel 1e-9]``

Each ``*_result.xlsx`` of OLD_DIR is compared with the file of the same name in NEW_DIR (make both
with ``ecoaccount demo -o DIR`` before and after a change). Values are read with python-calamine
(the cached values that viewers show). Numbers agree within ``--rel`` (relative); text exactly.

- A sheet is paired by name, or by the other language's name of a declared result sheet
  (``Summary`` ↔ ``价值汇总``), reported as renamed.
- On a declared sheet whose first table has key columns, data rows are paired by their keys
  (region, year, ...), so that a reordering is reported as such and not as changed values.
- Additions are listed apart: new sheets, new columns (empty in every old row), and cells that were
  empty before. Everything else that differs is printed as ``Sheet!A1: old → new``.

The Audit rows that change on every run (time written, tool version, input hash) are skipped.
Exit status: 0 when nothing but additions differ, 1 otherwise.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ecoaccount.kinds import KINDS
from ecoaccount.outputs import AUDIT_LABELS, AUDIT_VOLATILE, shared_names
from ecoaccount.workbook.sheets import HEADER_ROW

Grid = list[list[Any]]
#: Audit rows that differ on every run (first cell of the row), in either language.
VOLATILE = {text for label_id in AUDIT_VOLATILE for text in AUDIT_LABELS[label_id]}


def read(path: Path) -> dict[str, Grid]:
    book = CalamineWorkbook.from_path(str(path))
    return {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}


def declared() -> dict[str, tuple[str, str, int]]:
    """Every declared result sheet name → (en name, zh name, key columns of its first table)."""
    out = {}
    for mod in KINDS.values():
        spec = getattr(mod, "OUTPUTS", None)
        for s in spec.sheets if spec else ():
            first = s.tables[0]
            keys = first.keys if first.col0 == 0 else 0
            out[s.en] = out[s.zh] = (s.en, s.zh, keys)
    return out


def cell(grid: Grid, r: int, c: int) -> Any:
    return grid[r][c] if r < len(grid) and c < len(grid[r]) else ""


def same(a: Any, b: Any, rel: float) -> bool:
    if a in ("", None) and b in ("", None):
        return True
    num = (int, float)
    if isinstance(a, num) and isinstance(b, num) and not isinstance(a, bool) and not isinstance(b, bool):
        return a == b or math.isclose(a, b, rel_tol=rel, abs_tol=0.0)
    return a == b


def row_pairs(old: Grid, new: Grid, keys: int) -> tuple[list[tuple[int, int]], list[str]]:
    """(old row, new row) pairs: by key columns below the header when ``keys``, else by position."""
    n = max(len(old), len(new))
    if not keys:
        return [(r, r) for r in range(n)], []
    first = HEADER_ROW + 1
    top = [(r, r) for r in range(min(first, n))]

    def index(grid: Grid) -> dict[tuple, int]:
        out = {}
        for r in range(first, len(grid)):
            k = tuple(cell(grid, r, c) for c in range(keys))
            if all(v in ("", None) for v in k):
                break
            out.setdefault(k, r)
        return out

    io, inew = index(old), index(new)
    pairs = top + [(r, inew[k]) for k, r in io.items() if k in inew]
    notes = []
    moved = sum(1 for k, r in io.items() if k in inew and inew[k] != r)
    if moved:
        notes.append(f"{moved} rows in a new order (paired by their {keys} key columns)")
    notes += [f"row with keys {k} removed" for k in io if k not in inew]
    notes += [f"row with keys {k} added" for k in inew if k not in io]
    last_old = max(io.values(), default=first - 1)
    last_new = max(inew.values(), default=first - 1)
    # rows below the keyed block (e.g. a second table) stay positional
    pairs += [(last_old + 1 + i, last_new + 1 + i) for i in range(max(len(old) - last_old, len(new) - last_new))]
    return pairs, notes


def compare_sheet(name: str, old: Grid, new: Grid, keys: int, rel: float) -> tuple[list[str], list[str]]:
    """(differences, additions) of one sheet."""
    pairs, notes = row_pairs(old, new, keys)
    width = max([len(r) for r in old + new] + [0])
    diffs, added_cells = [], defaultdict(list)
    old_cols_used = {c for r in old[HEADER_ROW:] for c, v in enumerate(r) if v not in ("", None)}
    for ro, rn in pairs:
        if name in shared_names("audit") and cell(old, ro, 0) in VOLATILE:
            continue
        for c in range(width):
            a, b = cell(old, ro, c), cell(new, rn, c)
            if same(a, b, rel):
                continue
            where = f"{name}!{xl_rowcol_to_cell(rn, c)}"
            if a in ("", None):
                added_cells[c].append(where if ro == rn else f"{where} (old row {ro + 1})")
            else:
                diffs.append(f"{where}: {a!r} → {b!r}" + ("" if ro == rn else f" (old row {ro + 1})"))
    additions = [f"{name}: {n}" for n in notes if "added" in n]
    diffs = [f"{name}: {n}" for n in notes if "added" not in n] + diffs
    for c, cells in sorted(added_cells.items()):
        head = cell(new, HEADER_ROW, c)
        kind = "new column" if c not in old_cols_used else "cells filled that were empty"
        additions.append(f"{name}!{xl_col_to_name(c)} ({kind} {head!r}): {len(cells)} cells, {cells[0]} … {cells[-1]}")
    return diffs, additions


def compare_book(old_path: Path, new_path: Path, rel: float) -> tuple[list[str], list[str]]:
    old, new = read(old_path), read(new_path)
    decl = declared()
    diffs, additions = [], []
    paired = set()
    for name, grid in old.items():
        target = name if name in new else None
        if target is None and name in decl:
            en, zh, _ = decl[name]
            target = next((n for n in (en, zh) if n in new), None)
            if target is not None:
                additions.append(f"sheet {name!r} renamed {target!r}")
        if target is None:  # a sheet renamed in place (same position in the sheet order)
            pos = list(old).index(name)
            candidate = list(new)[pos] if pos < len(new) else None
            if candidate is not None and candidate not in old:
                target = candidate
                additions.append(f"sheet {name!r} renamed {target!r} (same position)")
        if target is None:
            diffs.append(f"sheet {name!r} missing in the new workbook")
            continue
        paired.add(target)
        keys = decl.get(target, ("", "", 0))[2]
        d, a = compare_sheet(target, grid, new[target], keys, rel)
        diffs += d
        additions += a
    additions += [f"new sheet {n!r}" for n in new if n not in paired]
    return diffs, additions


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--rel", type=float, default=1e-9, help="relative tolerance for numbers (default 1e-9)")
    args = ap.parse_args(argv)
    status = 0
    totals = []
    for old in sorted(args.old.glob("*_result.xlsx")):
        new = args.new / old.name
        print(f"== {old.name}")
        if not new.exists():
            print("   missing in NEW_DIR")
            status = 1
            continue
        diffs, additions = compare_book(old, new, args.rel)
        for d in diffs:
            print(f"   differs  {d}")
        for a in additions:
            print(f"   added    {a}")
        totals.append((old.name, len(diffs), len(additions)))
        status |= bool(diffs)
    print("\nsummary")
    for name, nd, na in totals:
        print(f"   {name:40s} {nd:6d} differences  {na:4d} additions")
    return status


if __name__ == "__main__":
    sys.exit(main())
