"""Worker processes that isolate submissions from the run and from one another.

``isolated(task)`` hands one submission to a worker process, waits for its outcome under the time
limit, and turns a crash, a hang or memory exhaustion into a ``failed`` outcome for that file alone:
nothing a submission does can end the run. Both the local route (threads of a ``concurrent.futures``
executor) and the Dask route (the client's executor) submit ``isolated``.

A worker is forked from a fork server that has already imported and warmed the engine
(``batch.preload``). It converts one submission at a time, each under its own memory limit (its
address space at the start of the file plus the limit) and the time limit. A worker that answered
takes the next file, up to ``files_per_worker`` files; one that crashed, hung or was stopped is
killed, and one that ran out of memory or whose memory grew by more than ``GROWTH_MIB`` is retired,
so the next file always starts in a process with its whole budget. ``files_per_worker = 1`` gives
every submission a fresh process.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing as mp
import os
import signal
import threading
import time
from multiprocessing import connection
from multiprocessing import process as mp_process
from typing import Any

# Nothing of the engine is imported here: the command line starts the fork server (``prepare``)
# before it imports the engine itself, and both imports run at once.

try:
    import resource
except ImportError:  # pragma: no cover - Windows: no memory limit
    resource = None  # type: ignore[assignment]

STOP = threading.Event()  # set by the coordinator on Ctrl-C: running workers are stopped
GROWTH_MIB = 256  # a worker whose address space grew by more than this since it started is retired
IDLE_SECONDS = 30  # the coordinator ends a worker left idle this long ...
ORPHAN_SECONDS = 600  # ... and a worker ends itself after this long without work


# -- inside the worker process -----------------------------------------------------------------
def _address_space() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _serve(conn: Any) -> None:
    """The worker's loop: one task in, one outcome out, until its last task, the pipe closes or
    nothing comes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the coordinator's to handle
    started, spent = _address_space(), 0.0
    while conn.poll(ORPHAN_SECONDS):
        try:
            task, last = conn.recv()
        except EOFError:
            break
        outcome = _one(task)
        if not last:
            _release()
        grown = _address_space() - started > GROWTH_MIB * 2**20
        outcome["retire"] = grown or (outcome.get("reason") or [""])[0] == "FAIL_MEMORY"
        if resource is not None:  # CPU since the last answer (the first file: since the fork), peak memory
            usage = resource.getrusage(resource.RUSAGE_SELF)
            outcome["cpu_s"] = usage.ru_utime + usage.ru_stime - spent
            outcome["peak_rss_kib"] = usage.ru_maxrss
            spent += outcome["cpu_s"]
        conn.send(outcome)
        if last:
            break
    conn.close()


def _release() -> None:
    """Hand the memory of the last file back: collect its garbage, return free heap pages to the system."""
    gc.collect()
    try:  # glibc's malloc_trim; other C libraries keep their free pages
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass


def _one(task: dict[str, Any]) -> dict[str, Any]:
    """``convert(task)`` under the task's memory and time limits."""
    from ecoaccount.batch.worker import convert  # imported by the fork server already

    settings = task["settings"]
    # The fork server keeps the environment it started with; take the coordinator's current one.
    for key, value in (settings.get("env") or {}).items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    if resource is None:  # pragma: no cover - Windows
        return convert(task)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if settings.get("memory_mib"):
        limit = _address_space() + int(settings["memory_mib"]) * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    if hasattr(signal, "alarm"):
        signal.alarm(int(settings["timeout"]) + 60)  # ends an orphan even if its coordinator is gone
    try:
        outcome = convert(task)
    finally:
        if hasattr(signal, "alarm"):
            signal.alarm(0)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    return outcome


# -- in the coordinator (or a Dask worker) -----------------------------------------------------
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


def prepare() -> None:
    """Start the fork server now: it imports and warms the engine while the coordinator plans the run."""
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class _Worker:
    """One worker process and the coordinator's end of its pipe."""

    def __init__(self) -> None:
        ctx = _context()
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_serve, args=(child,), daemon=True)
        config = mp_process.current_process()._config
        was_daemon = config.pop("daemon", None)  # a Dask worker is daemonic; our worker never outlives it
        try:
            self.proc.start()
        finally:
            if was_daemon is not None:
                config["daemon"] = was_daemon
        child.close()
        self.served = 0
        self.idle_since = time.monotonic()

    def end(self, kill: bool = False) -> None:
        """Close the pipe (the worker then exits by itself), or kill it; reap it either way."""
        self.conn.close()
        if not kill:
            self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()


class _Idle:
    """Workers waiting for their next file, shared by the threads of one process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.workers: list[_Worker] = []

    def take(self) -> _Worker:
        """A worker that has been idle for less than ``IDLE_SECONDS``, else a new one."""
        with self.lock:
            now = time.monotonic()
            stale = [w for w in self.workers if now - w.idle_since > IDLE_SECONDS or not w.proc.is_alive()]
            self.workers = [w for w in self.workers if w not in stale]
            found = self.workers.pop() if self.workers else None
        for w in stale:
            w.end()
        return found or _Worker()

    def give(self, w: _Worker) -> None:
        w.idle_since = time.monotonic()
        with self.lock:
            self.workers.append(w)

    def close(self) -> None:
        """End every idle worker (at the end of a run; on Dask, run on each worker)."""
        with self.lock:
            workers, self.workers = self.workers, []
        for w in workers:
            w.end()


IDLE = _Idle()


def close_idle() -> int:
    """End this process's idle workers (at the end of a run; on Dask, run on every worker): how many."""
    with IDLE.lock:
        count = len(IDLE.workers)
    IDLE.close()
    return count


def _outcome(task: dict[str, Any], status: str, **kw: Any) -> dict[str, Any]:
    from ecoaccount.batch import worker

    return worker._outcome(task, status, **kw)


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


def _wait(w: _Worker, task: dict[str, Any]) -> dict[str, Any] | None:
    """The worker's answer; None when it ended without one. A stop or the time limit raises."""
    deadline = time.monotonic() + float(task["settings"]["timeout"])
    while True:
        left = deadline - time.monotonic()
        ready = connection.wait([w.conn, w.proc.sentinel], timeout=max(0.0, min(0.5, left)))
        if w.conn in ready or w.conn.poll():
            try:
                return w.conn.recv()
            except EOFError:
                return None
        if w.proc.sentinel in ready:
            return None
        if STOP.is_set():
            raise _Stopped(_outcome(task, "skipped", reason=["SKIP_NOT_REACHED", {}]))
        if left <= 0:
            raise _Stopped(_outcome(task, "failed", reason=["FAIL_TIMEOUT", {"seconds": task["settings"]["timeout"]}]))


class _Stopped(Exception):
    def __init__(self, outcome: dict[str, Any]) -> None:
        super().__init__(outcome["status"])
        self.outcome = outcome


def isolated(task: dict[str, Any]) -> dict[str, Any]:
    """``convert(task)`` in a worker process; ``failed`` on a crash, a hang or lack of memory."""
    w = IDLE.take()
    last = w.served + 1 >= int(task["settings"].get("files_per_worker") or 1)
    try:
        w.conn.send((task, last))
        outcome = _wait(w, task)
    except _Stopped as stopped:
        w.end(kill=True)
        return stopped.outcome
    except (OSError, EOFError):  # the pipe broke as the task was sent: the worker is gone
        outcome = None
    if outcome is None:
        w.end()
        return _crash(task, w.proc.exitcode)
    w.served += 1
    if outcome.pop("retire") or last:
        w.end()
    else:
        IDLE.give(w)
    return outcome
