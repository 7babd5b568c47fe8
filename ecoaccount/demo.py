"""``ecoaccount demo``: fill every bundled example workbook and print its headline figures.

The figures are the ones each kind declares in ``OUTPUTS.figures``, in the book's units and language.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ecoaccount import api
from ecoaccount.errors import InvalidWorkbookError
from ecoaccount.examples import EXAMPLES, build_examples
from ecoaccount.outputs import figure_lines

HEADER = ("example", "kind", "status", "result")


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
        rows: list[tuple[tuple[str, ...], list[tuple[str, str]]]] = []
        status = 0
        for f in files:
            out = output / f"{f.stem}_result.xlsx"
            try:
                s = api.fill(f, out)
                rows.append(((f.name, s["kind"], "ok", out.name), headline_lines(s, api.workbook_language(f))))
            except InvalidWorkbookError as exc:
                status = 2
                rows.append(((f.name, "?", f"{len(exc.problems)} problem(s)", ""), [("", str(exc.problems[0]))]))
    widths = [max(len(r[i]) for r in [HEADER] + [r for r, _ in rows]) for i in range(len(HEADER))]
    print("  ".join(h.ljust(w) for h, w in zip(HEADER, widths, strict=True)).rstrip())
    for row, lines in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        print(indented(lines))
    print(f"results in {output.resolve()}/")
    return status


def headline_lines(summary: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The headline figures of a fill summary (``api.fill``), as (label with unit, value) in ``lang``."""
    from ecoaccount.kinds import KINDS

    spec = getattr(KINDS.get(summary["kind"]), "OUTPUTS", None)
    return figure_lines(spec, summary, lang) if spec is not None else []


def indented(lines: list[tuple[str, str]], indent: int = 4) -> str:
    """Label and value columns, the values right-aligned (labels measured in display width: 汉字 are 2)."""
    if not lines:
        return ""

    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    wl, wv = max(width(a) for a, _ in lines), max(width(b) for _, b in lines)
    return "\n".join(" " * indent + a + " " * (wl - width(a) + 2 + wv - width(b)) + b for a, b in lines)


__all__ = ["run_demo", "EXAMPLES", "headline_lines", "indented"]
