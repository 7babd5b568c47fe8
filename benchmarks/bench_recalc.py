"""Spreadsheet recalculation benchmark: LibreOffice's forced recalculation of result workbooks
against loading the same files without recalculation.

An analyst who edits an input of a result workbook waits for the spreadsheet to recalculate. This
script fills result workbooks of every kind at two sizes (the inputs are built by the other
``bench_*.py`` scripts) and converts each one with LibreOffice (headless, ``--convert-to xlsx``)
twice, each time in a private profile:

* **recalc**: ``OOXMLRecalcMode`` = 0, every formula is recalculated on load (as
  ``ecoaccount.workbook.recalc`` does for the agreement tests);
* **load-only**: ``OOXMLRecalcMode`` = 1, the cached values are kept.

Both runs load and save the same file, so their difference is the recalculation. Times are CPU
seconds of the LibreOffice processes (``getrusage`` of the waited-for children) and wall seconds.
The result workbooks are filled with the Audit sentinel, whose deliberately wrong cached value
proves that the recalculating run recalculated and the load-only run did not.

Targets: recalc within 1.5x of load-only for every kind; from the small to the large size, the
recalculation grows within 1.3x of the size ratio (linear in rows).

Run: ``python benchmarks/bench_recalc.py [--quick] [--kinds vcs,esv,gep,landuse,landuse-shuffled]
[--keep DIR]``. Timings depend on the machine; tests never assert them.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ecoaccount import api  # noqa: E402
from ecoaccount.outputs import shared_names  # noqa: E402
from ecoaccount.workbook.recalc import REGISTRY, soffice  # noqa: E402


def _vcs(path: Path, patches: int) -> None:
    import bench_vcs

    annual = bench_vcs.synthetic(patches, 22, max(1, patches // 100))
    api.make_template("vcs", path, "en", data={"annual": bench_vcs.template_rows(annual)})


def _esv(path: Path, counties: int) -> None:
    import bench_esv

    bench_esv.build_input(path, counties)


def _gep(path: Path, parcels: int) -> None:
    import bench_gep

    bench_gep.build_input(path, parcels)


def _landuse(shuffle: bool) -> Callable[[Path, int], None]:
    def build(path: Path, parcels: int) -> None:
        import bench_landuse

        before, after, _ = bench_landuse.parcels(parcels, shuffle)
        bench_landuse.input_workbook(path, before, after)

    return build


@dataclass(frozen=True)
class Case:
    kind: str
    unit: str
    sizes: tuple[int, int]
    quick: tuple[int, int]
    build: Callable[[Path, int], None]


CASES = {
    "vcs": Case("vcs", "patches x 22 years", (500, 5000), (100, 500), _vcs),
    "esv": Case("esv", "counties x 3 years", (1000, 3000), (200, 600), _esv),
    "gep": Case("gep", "parcels x 3 scenarios", (2500, 10_000), (500, 2000), _gep),
    "landuse": Case("landuse", "parcels, same order", (10_000, 40_000), (2000, 8000), _landuse(False)),
    "landuse-shuffled": Case("landuse", "parcels, other order", (1250, 5000), (500, 2000), _landuse(True)),
}


def profile(folder: Path, mode: int) -> Path:
    """A LibreOffice user profile that recalculates on load always (0) or never (1)."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    xcu = REGISTRY.replace("<value>0</value>", f"<value>{mode}</value>")
    (user / "registrymodifications.xcu").write_text(xcu, encoding="utf-8")
    return folder


def convert(prof: Path, src: Path, outdir: Path) -> tuple[float, float, Path]:
    """Open ``src`` in LibreOffice with profile ``prof`` and save it as xlsx; (cpu s, wall s, out)."""
    exe = soffice()
    if exe is None:
        raise SystemExit("LibreOffice (soffice) is not installed")
    cmd = [
        exe,
        f"-env:UserInstallation={prof.as_uri()}",
        "--headless",
        "--norestore",
        "--calc",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(outdir),
        str(src),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, timeout=7200)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, outdir / (src.stem + ".xlsx")


def sentinel(path: Path) -> object:
    """The Audit sentinel's value in a converted workbook: 3 after a recalculation, -1 without."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    audit = next(n for n in shared_names("audit") if n in book.sheet_names)  # Audit, or 审计 in a zh book
    for row in book.get_sheet_by_name(audit).to_python():
        for i, v in enumerate(row[:-1]):
            if isinstance(v, str) and "sentinel" in v.lower():
                return next((w for w in row[i + 1 :] if w != ""), None)
    return None


@dataclass
class Run:
    size: int
    formulas: int
    load_cpu: float
    load_wall: float
    recalc_cpu: float
    recalc_wall: float


def measure(case: Case, size: int, folder: Path, profiles: dict[str, Path]) -> Run | None:
    """Build, fill and convert one workbook both ways; None (with the reason printed) if
    LibreOffice fails."""
    from common import count_formulas

    src, out = folder / f"{case.kind}_{size}.xlsx", folder / f"{case.kind}_{size}_result.xlsx"
    case.build(src, size)
    api.fill(src, out, sentinel=True)
    n = count_formulas(out)
    runs = {}
    for mode in ("load", "recalc"):
        try:
            cpu, wall, converted = convert(profiles[mode], out, folder / mode)
        except subprocess.CalledProcessError as exc:
            print(f"  {size:>8,} {n:>10,}   LibreOffice failed in the {mode} run (exit {exc.returncode})")
            return None
        s = sentinel(converted)
        if (s == 3) != (mode == "recalc"):
            raise SystemExit(f"{out.name}: the {mode} run left the Audit sentinel at {s!r}")
        converted.unlink()
        runs[mode] = (cpu, wall)
    r = Run(size, n, *runs["load"], *runs["recalc"])
    print(
        f"  {r.size:>8,} {r.formulas:>10,} {r.load_cpu:>11.1f} /{r.load_wall:>7.1f}"
        f" {r.recalc_cpu:>10.1f} /{r.recalc_wall:>7.1f} {r.recalc_cpu / r.load_cpu:>15.2f}x"
    )
    sys.stdout.flush()
    return r


def header(name: str, case: Case) -> None:
    print(f"{name} ({case.unit})")
    print(
        f"  {'size':>8} {'formulas':>10} {'load-only CPU/wall s':>22} {'recalc CPU/wall s':>20} {'recalc/load CPU':>16}"
    )
    sys.stdout.flush()


def summary(small: Run, large: Run) -> None:
    ratio = large.size / small.size
    growth = large.recalc_cpu / small.recalc_cpu
    extra_s, extra_l = small.recalc_cpu - small.load_cpu, large.recalc_cpu - large.load_cpu
    print(
        f"  size x{ratio:.1f}: recalc CPU x{growth:.2f} ({growth / ratio:.2f} of the size ratio),"
        f" load-only CPU x{large.load_cpu / small.load_cpu:.2f},"
        f" recalculation beyond loading {extra_s:.1f} s -> {extra_l:.1f} s"
    )
    worst = max(small.recalc_cpu / small.load_cpu, large.recalc_cpu / large.load_cpu)
    ok = worst <= 1.5 and growth / ratio <= 1.3
    print(f"  targets (recalc <= 1.5x load-only, growth <= 1.3x size ratio): {'met' if ok else 'NOT met'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes (a few minutes in all)")
    ap.add_argument("--kinds", default=",".join(CASES), help=f"comma-separated, of {', '.join(CASES)}")
    ap.add_argument("--keep", help="folder to keep the workbooks in (default: a temporary folder)")
    a = ap.parse_args(argv)
    names = [k.strip() for k in a.kinds.split(",") if k.strip()]
    unknown = [k for k in names if k not in CASES]
    if unknown:
        ap.error(f"unknown kind(s): {', '.join(unknown)}")
    print(f"LibreOffice: {soffice()}; {os.cpu_count()} CPUs; CPU = user + system seconds of soffice")
    with tempfile.TemporaryDirectory(prefix="bench-recalc-") as tmp:
        folder = Path(a.keep) if a.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        profiles = {"recalc": profile(Path(tmp) / "p-recalc", 0), "load": profile(Path(tmp) / "p-load", 1)}
        # First start of a fresh profile initialises it: do that on a tiny workbook, untimed.
        tiny = api.make_template("vcs", folder / "warm-up.xlsx", "en")
        for mode, prof in profiles.items():
            convert(prof, tiny, folder / mode)
        for name in names:
            case = CASES[name]
            sizes = case.quick if a.quick else case.sizes
            header(name, case)
            small, large = (measure(case, n, folder, profiles) for n in sizes)
            if small and large:
                summary(small, large)
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
