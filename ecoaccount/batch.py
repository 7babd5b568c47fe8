"""``ecoaccount batch``: every submission in a folder becomes a result workbook.

No submission is lost (each gets a row in the summary, computed, invalid or failed) and none is
modified (they are only read). Writes ``summary.xlsx`` and ``errors.csv`` (UTF-8 with BOM, so
Excel opens the Chinese text correctly) into the output folder.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter

from ecoaccount import api
from ecoaccount import messages as M
from ecoaccount.errors import EcoAccountError, InvalidWorkbookError
from ecoaccount.workbook.reader import SUFFIXES


@dataclass(frozen=True)
class BatchResult:
    total: int
    ok: int
    invalid: int
    summary_path: Path
    errors_path: Path


def submissions(directory: Path, recursive: bool = False) -> list[Path]:
    pattern = "**/*" if recursive else "*"
    return sorted(
        p
        for p in directory.glob(pattern)
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", "."))
    )


def run_batch(directory: Path, outdir: Path, recursive: bool = False) -> BatchResult:
    if not directory.is_dir():
        raise EcoAccountError(M.NOT_A_FOLDER.format(path=str(directory)))
    files = submissions(directory, recursive)
    outdir.mkdir(parents=True, exist_ok=True)
    stems = [f.relative_to(directory).with_suffix("").as_posix().replace("/", "__") for f in files]
    rows: list[dict[str, Any]] = []
    errors: list[tuple[str, str, str, str]] = []
    for f, stem in zip(files, stems, strict=True):
        name = f"{stem}_result.xlsx" if stems.count(stem) == 1 else f"{stem}_{f.suffix[1:]}_result.xlsx"
        rel = f.relative_to(directory).as_posix()
        row: dict[str, Any] = {"submission": rel}
        try:
            s = api.fill(f, outdir / name)
            row.update(kind=s["kind"], status="computed", problems=0, result=name, **_headline(s))
        except InvalidWorkbookError as exc:
            row.update(status="invalid", problems=len(exc.problems), result="")
            errors += [(rel, p.location, M.render(p.message, "en"), M.render(p.message, "zh")) for p in exc.problems]
        except (EcoAccountError, OSError, ValueError, KeyError, TypeError) as exc:
            # An unexpected failure is recorded like a problem; the batch goes on.
            row.update(status="failed", problems=1, result="")
            failed = M.PROCESSING_FAILED.format(error=type(exc).__name__, detail=exc)
            errors.append((rel, "", failed.render("en"), failed.render("zh")))
        rows.append(row)
    errors_path = outdir / "errors.csv"
    with errors_path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["submission", "location", "problem", "问题"])
        w.writerows(errors)
    summary_path = outdir / "summary.xlsx"
    _write_summary(summary_path, rows)
    ok = sum(r["status"] == "computed" for r in rows)
    return BatchResult(len(rows), ok, len(rows) - ok, summary_path, errors_path)


def _headline(s: dict[str, Any]) -> dict[str, Any]:
    """Scalar figures of a fill summary (nested dicts flattened as key_subkey)."""
    out: dict[str, Any] = {}
    for k, v in s.items():
        if k in ("kind", "input", "output"):
            continue
        if isinstance(v, dict):
            for kk, vv in v.items():
                if isinstance(vv, (int, float, str)):
                    out[f"{k}_{kk}"] = vv
        elif isinstance(v, (int, float, str)):
            out[k] = v
    return out


def _write_summary(path: Path, rows: list[dict[str, Any]]) -> None:
    columns: list[str] = []
    for r in rows:
        for k in r:
            if k not in columns:
                columns.append(k)
    wb = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    ws = wb.add_worksheet("Summary")
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    for c, name in enumerate(columns):
        ws.write_string(0, c, name, head)
        ws.set_column(c, c, max(12, min(40, len(name) + 2)))
    for r, row in enumerate(rows, start=1):
        for c, name in enumerate(columns):
            v = row.get(name)
            if isinstance(v, bool) or v is None:
                continue
            if isinstance(v, (int, float)):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, str(v))
    ws.autofilter(0, 0, max(len(rows), 1), max(len(columns) - 1, 0))
    ws.freeze_panes(1, 1)
    wb.close()
