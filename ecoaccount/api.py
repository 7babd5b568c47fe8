"""The operations behind the commands, as plain functions: template, check, fill, batch.

Library code raises typed errors; only ``ecoaccount.cli.main`` turns them into exit codes.
"""

from __future__ import annotations

import gc
import os
import threading
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ecoaccount import messages as M
from ecoaccount.errors import EcoAccountError, InvalidWorkbookError
from ecoaccount.kinds import KINDS
from ecoaccount.problems import Problem
from ecoaccount.workbook import reader
from ecoaccount.workbook.template import META_SHEET, build_workbook
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


def load(path: str | Path, keep_sheets: bool = True, raw: reader.RawBook | None = None) -> reader.Parsed:
    """Open, identify and read a workbook; raises ``InvalidWorkbookError`` listing every problem.

    ``keep_sheets=False`` (``check``) drops each large sheet once its table is cast. ``raw`` is the
    workbook already opened by ``reader.open_workbook(path)`` (batch opens it once).
    """
    raw = raw if raw is not None else reader.open_workbook(path)
    marker = reader.read_marker(raw)
    if marker.result:
        raise InvalidWorkbookError(str(path), [Problem("", M.RESULT_AS_INPUT)], marker.lang)
    if marker.kind not in KINDS:
        raise InvalidWorkbookError(str(path), [Problem("", M.NOT_OUR_TEMPLATE)], marker.lang)
    mod = KINDS[marker.kind]
    if marker.version and reader.newer_version(marker.version, mod.SPEC.version):
        raise InvalidWorkbookError(
            str(path),
            [Problem("", M.NEWER_TEMPLATE.format(found=marker.version, supported=mod.SPEC.version))],
            marker.lang,
        )
    parsed = reader.parse(raw, mod.SPEC, marker.lang, keep_sheets=keep_sheets)
    if not parsed.problems:
        mod.check(parsed)
    else:
        # Structural and cell problems first; kind rules need clean tables, but run them on the
        # rows without a cell problem, so the user still gets every problem at once and no
        # follow-on message about a value that could not be read.
        clean = parsed.without_bad_rows()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                mod.check(clean)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, ArithmeticError):
            pass
        parsed.problems = clean.problems
    if parsed.problems:
        raise InvalidWorkbookError(str(path), _without_repeats(parsed.problems), marker.lang)
    return parsed


_TWIN = "NAME_TWIN"
_OWN_TWINS = {"VCS_ID_CASE", "LANDUSE_CLASS_CASE"}  # a kind's own message about names differing only in case


def _without_repeats(problems: list[Problem]) -> list[Problem]:
    """Each problem once; the reader's case/width-twin message gives way to a kind's own message
    about the same cell (VCS and land-use names have their own)."""
    others = {p.location for p in problems if p.message.id in _OWN_TWINS}
    return sorted({p for p in problems if p.message.id != _TWIN or p.location not in others})


def check(path: str | Path) -> list[Problem]:
    """Every problem of the workbook (empty when it is valid); ``p.render(lang)`` shows one."""
    try:
        load(path, keep_sheets=False)
    except InvalidWorkbookError as exc:
        return exc.problems
    return []


def workbook_language(path: str | Path) -> str:
    """The language a template was made in ('en' when unknown or unreadable).

    Reads only the marker sheet: the file's container is checked, its large sheets are not read.
    """
    try:
        return reader.read_kind(reader.open_workbook(path, only=[META_SHEET]))[1]
    except InvalidWorkbookError:
        return "en"


def output_path(path: str | Path, out: str | Path) -> Path:
    """The result file for ``out``: '.xlsx' added when the name has another ending (or none);
    refuses a folder, a special file, the input itself and a name too long for its folder."""
    path, out = Path(path), Path(out)
    parent = out.parent if str(out.parent) else Path(".")
    try:
        limit = os.pathconf(parent if parent.is_dir() else ".", "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    named = out if out.suffix.lower() == ".xlsx" else out.with_name(out.name + ".xlsx")
    for name in {out.name, named.name}:
        if len(name.encode()) > limit:
            raise InvalidWorkbookError(
                str(out),
                [Problem("", M.OUTPUT_NAME_TOO_LONG.format(name=name, length=len(name.encode()), limit=limit))],
            )
    if out.is_dir():
        raise InvalidWorkbookError(
            str(out), [Problem("", M.OUTPUT_IS_FOLDER.format(path=str(out), suggestion=str(out / "result.xlsx")))]
        )
    for candidate in (out, named):
        if candidate.exists() and not candidate.is_file():
            raise InvalidWorkbookError(str(candidate), [Problem("", M.OUTPUT_NOT_REGULAR.format(path=str(candidate)))])
    out = named
    if (out.exists() and path.exists() and os.path.samefile(out, path)) or out.resolve() == path.resolve():
        raise InvalidWorkbookError(str(out), [Problem("", M.OUTPUT_IS_INPUT.format(path=str(out)))])
    return out


_PAUSE = threading.Lock()
_pause = {"fills": 0, "thresholds": gc.get_threshold()}  # fills under way; thresholds to restore


@contextmanager
def _no_full_collections() -> Iterator[None]:
    """Pause the garbage collector's full (oldest-generation) passes; young passes go on.

    A fill builds hundreds of thousands of long-lived objects (cells, formulas, frames); whenever
    they have grown by a quarter, the collector makes a full pass over every object of the process,
    about a fifth of a fill's time. Young passes still free short-lived cycles; the rest waits until
    the last fill under way (fills in several threads overlap) ends and the thresholds are restored.
    """
    with _PAUSE:
        if _pause["fills"] == 0:
            _pause["thresholds"] = gc.get_threshold()
            gc.set_threshold(*_pause["thresholds"][:2], 1 << 30)
        _pause["fills"] += 1
    try:
        yield
    finally:
        with _PAUSE:
            _pause["fills"] -= 1
            if _pause["fills"] == 0:
                gc.set_threshold(*_pause["thresholds"])


def fill(
    path: str | Path, out: str | Path, sentinel: bool = False, raw: reader.RawBook | None = None
) -> dict[str, Any]:
    """Validate ``path`` and write the result workbook ``out``; nothing is written if invalid.

    ``out`` gets '.xlsx' added when it ends otherwise; the returned ``output`` is the file written.
    """
    with _no_full_collections():
        return _fill(Path(path), out, sentinel, raw)


def _fill(path: Path, out: str | Path, sentinel: bool, raw: reader.RawBook | None) -> dict[str, Any]:
    try:
        output_path(path, out)  # refuse a bad target before the (possibly long) read
    except InvalidWorkbookError as exc:
        exc.lang = workbook_language(path)
        raise
    parsed = load(path, raw=raw)
    try:
        out = output_path(path, out)
    except InvalidWorkbookError as exc:
        exc.lang = parsed.lang
        raise
    mod = KINDS[parsed.spec.kind]
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidWorkbookError(
            str(out), [Problem("", M.OUTPUT_NOT_WRITTEN.format(path=str(out), detail=exc.strerror or str(exc)))]
        ) from None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # 0/0 of empty classes is decided per formula
        with ResultBook(out, parsed, sentinel=sentinel) as book:
            book.copy_inputs()
            summary = mod.write(book, parsed)
            book.audit()
    return {"kind": parsed.spec.kind, "input": str(path), "output": str(out), **summary}
