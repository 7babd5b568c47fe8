"""The coordinator of a batch: plan, run every submission through an executor, journal, finalise."""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import shutil
import signal
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from ecoaccount import __version__
from ecoaccount import messages as M
from ecoaccount.batch import FILES_PER_WORKER, TIMEOUT_S, isolation, outputs, worker
from ecoaccount.batch.inputs import Task, discover, read_manifest, sha256_of
from ecoaccount.errors import EcoAccountError
from ecoaccount.kinds import KINDS

JOURNAL = "journal.jsonl"
FAULT_ENV = "ECOACCOUNT_BATCH_FAULT"


@dataclass
class BatchResult:
    total: int
    counts: dict[str, int]
    summary_path: Path
    errors_path: Path
    errors_xlsx: Path
    seconds: float
    interrupted: bool = False
    peak_rss_kib: list[int] = field(default_factory=list)  # per worker process, in input order
    worker_cpu_s: list[float] = field(default_factory=list)  # CPU seconds of each worker process

    @property
    def ok(self) -> int:
        return self.counts["computed"]

    @property
    def invalid(self) -> int:
        return self.counts["invalid"]


def default_memory_mib(jobs: int) -> int:
    """Memory a worker may take: the machine's memory shared by the workers, at least 1 GiB."""
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2**20
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not on Linux/macOS
        return 4096
    return max(1024, int(total * 0.8) // max(jobs, 1))


def _check_folders(src: Path, out: Path, lang: str) -> None:
    if not src.is_dir():
        raise EcoAccountError(M.NOT_A_FOLDER.format(path=str(src)))
    s, o = src.resolve(), out.resolve()
    if o == s or s in o.parents:
        raise EcoAccountError(M.BATCH_OUTPUT_INSIDE_INPUT.format(out=str(out), src=str(src)))


def _faults() -> dict[str, str]:
    """``crash:a.xlsx,hang:b.xlsx`` → {file name: fault}; a hook for the isolation tests."""
    spec = os.environ.get(FAULT_ENV, "")
    pairs = (item.split(":", 1) for item in spec.split(",") if ":" in item)
    return {name: fault for fault, name in pairs}


def _reusable(entry: dict[str, Any] | None, task: Task, out: Path) -> bool:
    """An earlier outcome still holds: same input bytes, tool and template version, result present."""
    if not entry or entry.get("sha256") != task.sha256 or entry.get("tool") != __version__:
        return False
    if entry["status"] == "failed" or (entry.get("reason") or [""])[0] == "SKIP_NOT_REACHED":
        return False
    kind = entry.get("kind")
    if kind is not None and (kind not in KINDS or KINDS[kind].SPEC.version != entry.get("template_version")):
        return False
    if entry["status"] == "computed":
        return entry.get("result") == task.result and (out / task.result).is_file()
    return True


class _Progress:
    """A bar on a terminal; otherwise a plain line at every tenth of the run (and at least every 30 s)."""

    def __init__(self, total: int, stream: IO[str] | None, lang: str) -> None:
        self.total, self.stream, self.lang = total, stream, lang
        self.counts = dict.fromkeys(M.STATUSES, 0)
        self.start = self.last = time.monotonic()
        self.done = 0
        self.bar = None
        if stream is not None and stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=stream, unit="file", dynamic_ncols=True, leave=False)

    def add(self, status: str) -> None:
        self.counts[status] += 1
        self.done += 1
        now = time.monotonic()
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix_str(" ".join(c.render(self.lang) for c in status_counts(self.counts)), False)
        elif self.stream is not None:
            step = max(1, self.total // 10)
            if self.done % step == 0 or self.done == self.total or now - self.last >= 30:
                self.last = now
                print(self.line(), file=self.stream, flush=True)

    def line(self) -> str:
        counts, took = status_counts(self.counts), elapsed(time.monotonic() - self.start)
        return M.BATCH_PROGRESS.format(done=self.done, total=self.total, counts=counts, time=took).render(self.lang)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def elapsed(seconds: float) -> M.Message:
    m, s = divmod(int(round(seconds)), 60)
    return M.DURATION_MINUTES.format(minutes=m, seconds=s) if m else M.DURATION_SECONDS.format(seconds=seconds)


def status_counts(counts: dict[str, int]) -> tuple[M.Message, ...]:
    """``3 computed``, ... / ``已计算 3``, ...: one count per status, each status named by its message."""
    return tuple(M.STATUS_COUNT.format(count=n, status=M.STATUS[s]) for s, n in counts.items())


def _executor(jobs: int, scheduler: str | None) -> tuple[cf.Executor, Any]:
    if scheduler:
        from dask.distributed import Client

        client = Client(scheduler)
        return client.get_executor(pure=False), client
    return cf.ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="batch"), None


def _plan(
    tasks: list[Task], out: Path, resume: bool, settings: dict[str, Any]
) -> tuple[dict[int, dict[str, Any]], list[Task]]:
    """Outcomes known before running (skipped by name, reused by --resume) and the tasks to run."""
    previous = read_manifest(out) if resume else {}
    faults = _faults()
    known: dict[int, dict[str, Any]] = {}
    todo: list[Task] = []
    for t in tasks:
        if t.skip is not None:
            known[t.index] = worker._outcome(asdict(t), "skipped", reason=[t.skip[0], t.skip[1]])
            continue
        t.sha256 = sha256_of(t.path)
        entry = previous.get(t.rel)
        if resume and _reusable(entry, t, out):
            known[t.index] = {**entry, "index": t.index}
            continue
        t.settings = {**settings, "fault": faults.get(Path(t.rel).name)}
        todo.append(t)
    return known, todo


def run_batch(
    directory: Path,
    outdir: Path,
    recursive: bool = False,
    jobs: int | None = None,
    timeout: float = TIMEOUT_S,
    memory_mib: int | None = None,
    lang: str = "en",
    resume: bool = False,
    scheduler: str | None = None,
    progress: IO[str] | None = None,
    files_per_worker: int = FILES_PER_WORKER,
) -> BatchResult:
    """Every file under ``directory`` becomes one row of the summary in ``outdir``; see the module."""
    directory, outdir = Path(directory), Path(outdir)
    _check_folders(directory, outdir, lang)
    jobs = jobs or os.cpu_count() or 1
    outdir.mkdir(parents=True, exist_ok=True)
    _remove_stale_work(outdir)
    work = outdir / f".ecoaccount-work-{os.getpid()}"
    started = time.monotonic()
    settings = {
        "out": str(outdir.resolve()),
        "work": str(work.resolve()),
        "timeout": timeout,
        "memory_mib": memory_mib if memory_mib is not None else default_memory_mib(jobs),
        "files_per_worker": files_per_worker,
        "env": {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH")},
    }
    outcomes: dict[int, dict[str, Any]] = {}
    tasks: list[Task] = []
    interrupted = False
    journal = None
    isolation.STOP.clear()
    ctrl_c = _CtrlC()
    try:
        if not scheduler:
            isolation.prepare()
        tasks = discover(directory, recursive)
        known, todo = _plan(tasks, outdir, resume, settings)
        if ctrl_c.pressed:
            todo = []
        if not resume:
            (outdir / JOURNAL).unlink(missing_ok=True)
        work.mkdir(exist_ok=True)
        journal = (outdir / JOURNAL).open("a", encoding="utf-8")
        bar = _Progress(len(tasks), progress, lang)
        for i, o in sorted(known.items()):
            outcomes[i] = o
            bar.add(o["status"])
        try:
            _run(todo, jobs, scheduler, outcomes, journal, bar, ctrl_c)
        finally:
            bar.close()
    except KeyboardInterrupt:  # run from a thread other than the main one: no handler of our own
        interrupted = True
    finally:
        ctrl_c.ignore()  # the summary is written whatever happens now
        try:
            if journal is not None:
                journal.close()
            interrupted = interrupted or ctrl_c.pressed
            result = _finalise(tasks, outcomes, directory, outdir, lang, started, interrupted)
            shutil.rmtree(work, ignore_errors=True)
        finally:
            ctrl_c.restore()
    return result


class _CtrlC:
    """Ctrl-C sets a flag that the run checks between results, instead of raising KeyboardInterrupt
    at an arbitrary point (inside a lock of the executor, say, where it could leave the run stuck)."""

    def __init__(self) -> None:
        self.pressed = False
        self.previous: Any = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._press)

    def _press(self, signum: int, frame: Any) -> None:
        self.pressed = True

    def ignore(self) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, signal.SIG_IGN)

    def restore(self) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def _remove_stale_work(out: Path) -> None:
    """Work folders of runs that were killed outright (their process is gone) hold only debris."""
    for d in out.glob(".ecoaccount-work-*"):
        pid = d.name.rsplit("-", 1)[-1]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(d, ignore_errors=True)
        except OSError:
            continue


def _run(
    todo: list[Task],
    jobs: int,
    scheduler: str | None,
    outcomes: dict[int, dict[str, Any]],
    journal: IO[str],
    bar: _Progress,
    ctrl_c: _CtrlC,
) -> None:
    """Run ``todo`` through the executor; record each outcome as it arrives; on Ctrl-C stop workers."""
    if not todo:
        return
    executor, client = _executor(jobs, scheduler)
    futures: dict[cf.Future, Task] = {}
    try:
        futures = {executor.submit(isolation.isolated, asdict(t)): t for t in todo}
        pending = set(futures)
        while pending and not ctrl_c.pressed:
            done, pending = cf.wait(pending, timeout=0.5, return_when=cf.FIRST_COMPLETED)
            for fut in sorted(done, key=lambda f: futures[f].index):
                _record(fut, futures[fut], outcomes, journal, bar)
    finally:
        if ctrl_c.pressed or any(not f.done() for f in futures):
            isolation.STOP.set()  # running workers stop within half a second
            for fut in futures:
                fut.cancel()
        _shutdown(executor)
        for fut, t in futures.items():
            if fut.done() and not fut.cancelled() and t.index not in outcomes:
                _record(fut, t, outcomes, journal, bar)
        if client is not None:
            _close_remote(client)
        else:
            isolation.close_idle()


def _close_remote(client: Any) -> None:
    """End the idle worker processes on every Dask worker, then let the cluster go."""
    try:
        client.run(isolation.close_idle)
    except Exception:  # noqa: BLE001 - a cluster that is gone has no workers left to end
        pass
    client.close()


def _shutdown(executor: cf.Executor) -> None:
    if isinstance(executor, cf.ThreadPoolExecutor):
        executor.shutdown(wait=True, cancel_futures=True)
    else:  # a Dask client's executor: its futures were cancelled above
        executor.shutdown(wait=True)


def _record(fut: cf.Future, task: Task, outcomes: dict[int, dict[str, Any]], journal: IO[str], bar: _Progress) -> None:
    try:
        o = fut.result()
    except Exception as exc:  # noqa: BLE001 - e.g. a cluster that lost its worker: this file failed
        o = worker._outcome(asdict(task), "failed", reason=["FAIL_WORKER_LOST", {"detail": type(exc).__name__}])
    if (o.get("reason") or [""])[0] == "SKIP_NOT_REACHED":
        return  # stopped by Ctrl-C: listed as not reached when the run is finalised
    outcomes[task.index] = o
    journal.write(json.dumps({**o, "tool": __version__}, ensure_ascii=False, sort_keys=True) + "\n")
    journal.flush()
    bar.add(o["status"])


def _finalise(
    tasks: list[Task],
    outcomes: dict[int, dict[str, Any]],
    src: Path,
    out: Path,
    lang: str,
    started: float,
    interrupted: bool,
) -> BatchResult:
    """Write summary, error lists and manifest from the outcomes (every task listed exactly once)."""
    rows = []
    for t in tasks:
        o = outcomes.get(t.index) or worker._outcome(asdict(t), "skipped", reason=["SKIP_NOT_REACHED", {}])
        rows.append({**o, "index": t.index, "rel": t.rel})
    peaks = [int(o.pop("peak_rss_kib")) for o in rows if "peak_rss_kib" in o]
    cpu = [float(o.pop("cpu_s")) for o in rows if "cpu_s" in o]
    summary, errors, errors_x = out / "summary.xlsx", out / "errors.csv", out / "errors.xlsx"
    outputs.write_summary(summary, rows, lang)
    outputs.write_errors_csv(errors, rows)
    outputs.write_errors_xlsx(errors_x, rows, src, out, lang)
    entries = {
        o["rel"]: {**o, "tool": __version__}
        for o, t in zip(rows, tasks, strict=True)
        if t.skip is None and (o.get("reason") or [""])[0] != "SKIP_NOT_REACHED"
    }
    if interrupted:
        entries = {**read_manifest(out), **entries}
    outputs.write_manifest(out, entries)
    (out / JOURNAL).unlink(missing_ok=True)
    counts = dict.fromkeys(M.STATUSES, 0)
    for o in rows:
        counts[o["status"]] += 1
    seconds = time.monotonic() - started
    return BatchResult(len(rows), counts, summary, errors, errors_x, seconds, interrupted, peaks, cpu)


def main_line(result: BatchResult, lang: str) -> str:
    """The final count line."""
    counts, took = status_counts(result.counts), elapsed(result.seconds)
    return M.BATCH_FINAL.format(total=result.total, counts=counts, time=took).render(lang)


__all__ = ["BatchResult", "run_batch", "main_line", "default_memory_mib"]
