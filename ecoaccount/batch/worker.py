"""The per-submission work of a batch, and the short-lived process that isolates it.

``convert(task)`` turns one submission into an outcome (a small JSON-safe dict). ``isolated(task)``
runs ``convert`` in a process of its own, under a time limit and a memory limit, and turns a crash,
a hang or memory exhaustion into a ``failed`` outcome: nothing a submission does can end the run.
Both the local route (threads of a ``concurrent.futures`` executor) and the Dask route (the client's
executor) submit ``isolated``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from multiprocessing import connection
from multiprocessing import process as mp_process
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

try:
    import resource
except ImportError:  # pragma: no cover - Windows: no memory limit
    resource = None  # type: ignore[assignment]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
STOP = threading.Event()  # set by the coordinator on Ctrl-C: running workers are stopped
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


# -- isolation ---------------------------------------------------------------------------------
_CONTEXT: Any = None


def _context() -> Any:
    global _CONTEXT
    if _CONTEXT is None:
        methods = mp.get_all_start_methods()
        _CONTEXT = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            # "__main__" first: the server imports the main module once, so no worker re-imports it.
            _CONTEXT.set_forkserver_preload(["__main__", "ecoaccount.batch.preload"])
    return _CONTEXT


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _child(task: dict[str, Any], conn: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the coordinator's to handle
    settings = task["settings"]
    # The fork server keeps the environment it started with; take the coordinator's current one.
    for key, value in (settings.get("env") or {}).items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    if resource is not None:
        if settings.get("memory_mib"):
            limit = _address_space() + int(settings["memory_mib"]) * 2**20
            resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
        if hasattr(signal, "alarm"):
            signal.alarm(int(settings["timeout"]) + 60)  # ends an orphan even if its parent is gone
    outcome = convert(task)
    if resource is not None:
        usage = resource.getrusage(resource.RUSAGE_SELF)  # this process's own, from its fork on
        outcome["peak_rss_kib"] = usage.ru_maxrss
        outcome["cpu_s"] = usage.ru_utime + usage.ru_stime
    conn.send(outcome)
    conn.close()


def _crash(task: dict[str, Any], exitcode: int | None) -> dict[str, Any]:
    """The outcome of a worker that ended without an answer: its exit code or signal, in plain words."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        rid = "FAIL_KILLED" if exitcode == -signal.SIGKILL else "FAIL_SIGNAL"
        return _outcome(task, "failed", reason=[rid, {"signal": name}])
    return _outcome(task, "failed", reason=["FAIL_EXIT", {"code": exitcode}])


def isolated(task: dict[str, Any]) -> dict[str, Any]:
    """``convert(task)`` in a process of its own; ``failed`` on a crash, a hang or lack of memory."""
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(task, send), daemon=True)
    config = mp_process.current_process()._config
    was_daemon = config.pop("daemon", None)  # a Dask worker is daemonic; our child never outlives it
    try:
        proc.start()
    finally:
        if was_daemon is not None:
            config["daemon"] = was_daemon
    send.close()
    deadline = time.monotonic() + float(task["settings"]["timeout"])
    outcome = None
    try:
        while outcome is None:
            left = deadline - time.monotonic()
            ready = connection.wait([receive, proc.sentinel], timeout=max(0.0, min(0.5, left)))
            if receive in ready or receive.poll():
                try:
                    outcome = receive.recv()
                except EOFError:
                    outcome = None
                    proc.join(5)
                    break
            elif proc.sentinel in ready:
                proc.join()
                break
            elif STOP.is_set():
                return _outcome(task, "skipped", reason=["SKIP_NOT_REACHED", {}])
            elif left <= 0:
                return _outcome(task, "failed", reason=["FAIL_TIMEOUT", {"seconds": task["settings"]["timeout"]}])
    finally:
        proc.join(2 if outcome is not None else 0)
        if proc.is_alive():
            proc.kill()
        proc.join()
        receive.close()
    return outcome if outcome is not None else _crash(task, proc.exitcode)
