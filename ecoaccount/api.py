"""The operations behind the commands, as plain functions: template, check, fill, batch.

Library code raises typed errors; only ``ecoaccount.cli.main`` turns them into exit codes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ecoaccount import messages as M
from ecoaccount.errors import EcoAccountError, InvalidWorkbookError
from ecoaccount.kinds import KINDS
from ecoaccount.problems import Problem
from ecoaccount.workbook import reader
from ecoaccount.workbook.template import build_workbook
from ecoaccount.workbook.writer import ResultBook


def make_template(
    kind: str,
    path: str | Path,
    lang: str = "en",
    data: Mapping[str, Sequence[Sequence[Any]]] | None = None,
    extra_headers: Mapping[str, Sequence[str]] | None = None,
    params: Mapping[str, Any] | None = None,
    notes: Sequence[tuple[str, str]] = (),
) -> Path:
    """Write the template of ``kind``; ``data`` etc. fill it (used for examples and tests)."""
    if kind not in KINDS:
        raise EcoAccountError(M.UNKNOWN_KIND.format(kind=kind, expected=tuple(KINDS)))
    if lang not in ("en", "zh"):
        raise EcoAccountError(M.UNKNOWN_LANGUAGE.format(lang=lang))
    mod = KINDS[kind]
    d, h = mod.template_data(lang)
    d = {**d, **(data or {})}
    h = {**h, **(extra_headers or {})}
    path = Path(path)
    build_workbook(mod.SPEC, path, lang, d, h, params, notes)
    return path


def load(path: str | Path, raw: reader.RawBook | None = None) -> reader.Parsed:
    """Open, identify and read a workbook; raises ``InvalidWorkbookError`` listing every problem.

    ``raw`` is the workbook already opened by ``reader.open_workbook(path)`` (batch opens it once)."""
    raw = raw if raw is not None else reader.open_workbook(path)
    kind, lang = reader.read_kind(raw)
    if kind not in KINDS:
        raise InvalidWorkbookError(str(path), [Problem("", M.NOT_OUR_TEMPLATE)], lang)
    mod = KINDS[kind]
    parsed = reader.parse(raw, mod.SPEC, lang)
    if not parsed.problems:
        mod.check(parsed)
    else:
        # Structural and cell problems first; kind rules need clean tables, but run them on what
        # is readable so the user still gets every problem at once.
        try:
            mod.check(parsed)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            pass
    if parsed.problems:
        raise InvalidWorkbookError(str(path), sorted(set(parsed.problems)), lang)
    return parsed


def check(path: str | Path) -> list[Problem]:
    """Every problem of the workbook (empty when it is valid); ``p.render(lang)`` shows one."""
    try:
        load(path)
    except InvalidWorkbookError as exc:
        return exc.problems
    return []


def workbook_language(path: str | Path) -> str:
    """The language a template was made in ('en' when unknown or unreadable)."""
    try:
        return reader.read_kind(reader.open_workbook(path))[1]
    except InvalidWorkbookError:
        return "en"


def fill(
    path: str | Path, out: str | Path, sentinel: bool = False, raw: reader.RawBook | None = None
) -> dict[str, Any]:
    """Validate ``path`` and write the result workbook ``out``; nothing is written if invalid."""
    path, out = Path(path), Path(out)
    if out.resolve() == path.resolve():
        raise EcoAccountError(M.OUTPUT_IS_INPUT.format(path=str(out)))
    parsed = load(path, raw)
    mod = KINDS[parsed.spec.kind]
    out.parent.mkdir(parents=True, exist_ok=True)
    with ResultBook(out, parsed, sentinel=sentinel) as book:
        book.copy_inputs()
        summary = mod.write(book, parsed)
        book.audit()
    return {"kind": parsed.spec.kind, "input": str(path), "output": str(out), **summary}
