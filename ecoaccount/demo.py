"""``ecoaccount demo``: fill every bundled example workbook and print a short summary table."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ecoaccount import api
from ecoaccount.errors import InvalidWorkbookError
from ecoaccount.examples import EXAMPLES, build_examples


def run_demo(output: Path, workbooks: Path | None = None) -> int:
    """Fill the examples of ``workbooks`` (default ./workbooks, else built-in) into ``output``."""
    if workbooks is None:
        here = Path("workbooks")
        workbooks = here if here.is_dir() and any(here.glob("*.xlsx")) else None
    with tempfile.TemporaryDirectory(prefix="ecoaccount-demo-") as tmp:
        if workbooks is None:
            files = build_examples(Path(tmp))
            print("using the built-in example workbooks")
        else:
            files = sorted(
                p
                for p in workbooks.iterdir()
                if p.suffix.lower() in (".xlsx", ".xlsm", ".xlsb", ".ods") and not p.name.startswith(("~$", "."))
            )
            print(f"using the example workbooks in {workbooks}/")
        output.mkdir(parents=True, exist_ok=True)
        rows = []
        status = 0
        for f in files:
            out = output / f"{f.stem}_result.xlsx"
            try:
                s = api.fill(f, out)
                rows.append((f.name, s["kind"], "ok", _headline(s), out.name))
            except InvalidWorkbookError as exc:
                status = 2
                rows.append((f.name, "?", f"{len(exc.problems)} problem(s)", str(exc.problems[0]), ""))
    widths = [
        max(len(str(r[i])) for r in rows + [("example", "kind", "status", "headline", "result")]) for i in range(5)
    ]
    header = ("example", "kind", "status", "headline", "result")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for r in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)))
    print(f"results in {output.resolve()}/")
    return status


def _headline(s: dict) -> str:
    if s["kind"] == "esv":
        y = s["years"][-1]
        return (
            f"{s['regions']} regions, {len(s['years'])} years; ESV {y}: {s['total_esv'][y]:,.0f} "
            f"{s['unit']}; top priority {y}: {s['top_priority'][y]}"
        )
    return str(s.get("headline", ""))


__all__ = ["run_demo", "EXAMPLES"]
