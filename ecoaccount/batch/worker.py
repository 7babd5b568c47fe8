"""The per-submission work of a batch.

``convert(task)`` turns one submission into an outcome (a small JSON-safe dict), never an
exception. It runs in a worker process (``batch.isolation``), never in the coordinator.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from ecoaccount import api
from ecoaccount import messages as M
from ecoaccount.batch.headline import headline_values
from ecoaccount.batch.outputs import readable
from ecoaccount.errors import InvalidWorkbookError
from ecoaccount.kinds import KINDS
from ecoaccount.messages import render
from ecoaccount.workbook import reader

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BATCH_MARKERS = ("batch-summary", "batch-errors")  # the kind written in our own summary/error list


def _outcome(task: dict[str, Any], status: str, **kw: Any) -> dict[str, Any]:
    out = {
        "index": task["index"],
        "rel": task["rel"],
        "sha256": task["sha256"],
        "status": status,
        "kind": None,
        "lang": None,
        "template_version": None,
        "problems": [],  # [location, en, zh]
        "reason": None,  # [id, params]
        "result": "",
        "headline": {},
    }
    out.update(kw)
    return out


def _problem(location: str, message: Any) -> list[str]:
    """[location, English, Chinese]: a catalogue message rendered in both languages."""
    return [location, render(message, "en"), render(message, "zh")]


def convert(task: dict[str, Any]) -> dict[str, Any]:
    """Validate and fill one submission; every outcome, never an exception (except on a crash)."""
    path = Path(task["path"])
    try:
        _fault(task)
        early = _unreadable(task, path)
        if early is not None:
            return early
        raw = reader.open_workbook(path)
        kind, lang = reader.read_kind(raw)
        if kind in BATCH_MARKERS:
            return _outcome(task, "skipped", reason=["SKIP_BATCH_OUTPUT", {}])
        if kind in KINDS and reader.read_marker(raw).result:  # the marker's row, or Audit and Checks sheets
            return _outcome(task, "skipped", kind=kind, lang=lang, reason=["SKIP_RESULT", {}])
        known = kind if kind in KINDS else None
        version = KINDS[kind].SPEC.version if known else None
        work, out = Path(task["settings"]["work"]), Path(task["settings"]["out"])
        try:
            summary = api.fill(path, work / task["result"], raw=raw)
        except InvalidWorkbookError as exc:
            problems = [_problem(p.location, p.message) for p in exc.problems]
            return _outcome(task, "invalid", kind=known, lang=lang, template_version=version, problems=problems)
        readable(work / task["result"])
        os.replace(work / task["result"], out / task["result"])
        return _outcome(
            task,
            "computed",
            kind=kind,
            lang=lang,
            template_version=version,
            result=task["result"],
            headline=headline_values(str(kind), summary),
        )
    except InvalidWorkbookError as exc:
        return _outcome(task, "invalid", problems=[_problem(p.location, p.message) for p in exc.problems])
    except MemoryError:
        return _outcome(task, "failed", reason=["FAIL_MEMORY", {"mib": task["settings"].get("memory_mib")}])
    except Exception as exc:  # noqa: BLE001 - any other failure is this file's, never the run's
        detail = f"{type(exc).__name__}: {exc}"
        return _outcome(task, "failed", reason=["FAIL_ERROR", {"detail": detail[:300]}])


def _unreadable(task: dict[str, Any], path: Path) -> dict[str, Any] | None:
    """An outcome for files that no workbook reader should see: empty, encrypted, old format."""
    if path.stat().st_size == 0:
        return _outcome(task, "invalid", problems=[_problem("", M.FILE_EMPTY.format())])
    with path.open("rb") as fh:
        head = fh.read(8)
    if head != OLE_MAGIC:
        return None
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            encrypted = ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo")
    except Exception:  # noqa: BLE001 - a damaged container is an old-format file as far as we can say
        encrypted = False
    if encrypted:
        return _outcome(task, "invalid", problems=[_problem("", M.FILE_ENCRYPTED.format())])
    problem = M.FILE_OLD_XLS.format(suffix=path.suffix.lower())
    return _outcome(task, "invalid", problems=[_problem("", problem)])


def _fault(task: dict[str, Any]) -> None:
    """Fault injection for the isolation tests (``ECOACCOUNT_BATCH_FAULT=crash:a.xlsx,hang:b.xlsx``)."""
    fault = task["settings"].get("fault")
    if fault == "crash":
        os._exit(70)
    elif fault == "hang":
        time.sleep(10**6)
    elif fault == "memory":  # grows in steps, as a real reader would, until the limit stops it
        [bytearray(64 * 2**20) for _ in range(64)]
