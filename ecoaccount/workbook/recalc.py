"""Recalculate workbooks in LibreOffice Calc (headless) and compare with the cached values.

LibreOffice keeps cached values on load unless its profile sets ``OOXMLRecalcMode`` to 0
(always recalculate); a private profile with that setting is created for each run.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculate(paths: Iterable[Path], outdir: Path) -> list[Path]:
    """Open each workbook in LibreOffice with forced recalculation and save it as .xlsx in ``outdir``."""
    exe = soffice()
    if exe is None:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    paths = [Path(p) for p in paths]
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ecoaccount-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(REGISTRY, encoding="utf-8")
        # Convert into a staging folder, since the output name equals the input name.
        stage = Path(profile) / "out"
        cmd = [
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--calc",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(stage),
            *map(str, paths),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=900)
        out = []
        for p in paths:
            src = stage / (p.stem + ".xlsx")
            dst = outdir / (p.stem + ".recalc.xlsx")
            shutil.move(src, dst)
            out.append(dst)
    return out


@dataclass(frozen=True)
class Mismatch:
    sheet: str
    cell: str
    cached: object
    recalculated: object


def formula_cells(path: Path) -> dict[str, list[tuple[int, int]]]:
    """(row, col) of every formula cell per sheet (openpyxl, read only)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    out: dict[str, list[tuple[int, int]]] = {}
    for ws in wb.worksheets:
        cells = []
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    cells.append((c.row - 1, c.column - 1))
        out[ws.title] = cells
    wb.close()
    return out


def compare(original: Path, recalculated: Path, rel: float = 1e-9) -> tuple[int, list[Mismatch]]:
    """Compare every formula cell's cached value with LibreOffice's; returns (count, mismatches)."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    cells = formula_cells(original)
    a = CalamineWorkbook.from_path(str(original))
    b = CalamineWorkbook.from_path(str(recalculated))
    n = 0
    bad: list[Mismatch] = []
    for sheet, coords in cells.items():
        if not coords:
            continue
        ga = a.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        gb = b.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        for r, c in coords:
            va = ga[r][c] if r < len(ga) and c < len(ga[r]) else ""
            vb = gb[r][c] if r < len(gb) and c < len(gb[r]) else ""
            n += 1
            if not same(va, vb, rel):
                bad.append(Mismatch(sheet, xl_rowcol_to_cell(r, c), va, vb))
    return n, bad


def same(a: object, b: object, rel: float) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if a == b:
            return True
        return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=1e-12)
    return str(a) == str(b)
