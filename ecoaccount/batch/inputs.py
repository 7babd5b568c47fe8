"""Which files a batch sees, which it skips and why, and the unique, stable name of each result."""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecoaccount.workbook.reader import SUFFIXES

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "ecoaccount-batch-manifest"
_UNSAFE = re.compile(r'[\x00-\x1f<>:"\\|?*]')
MAX_NAME_BYTES = 200


@dataclass
class Task:
    """One input of a batch: a file to process, or a file (or folder) listed as skipped."""

    index: int
    rel: str  # path relative to the input folder, with '/' (a folder ends with '/')
    path: str  # absolute path
    result: str = ""  # result file name inside the output folder
    sha256: str = ""
    skip: tuple[str, dict[str, Any]] | None = None  # (reason id, params)
    settings: dict[str, Any] = field(default_factory=dict)  # out folder, limits, fault hook


def is_batch_output_folder(folder: Path) -> bool:
    """True when ``folder`` holds the manifest of a batch run."""
    m = folder / MANIFEST
    try:
        if not m.is_file() or m.stat().st_size > 512 * 2**20:
            return False
        with m.open(encoding="utf-8") as fh:
            head = fh.read(200)
        return MANIFEST_FORMAT in head
    except OSError:
        return False


def discover(src: Path, recursive: bool) -> list[Task]:
    """Every file under ``src`` (and every sub-folder, when not recursive), in a fixed order."""
    found: list[tuple[str, Path, tuple[str, dict[str, Any]] | None]] = []
    _walk(src, src, recursive, None, found)
    found.sort(key=lambda t: t[0])
    tasks = [Task(i, rel, str(p), skip=skip) for i, (rel, p, skip) in enumerate(found)]
    _name_results(tasks)
    return tasks


def _walk(src: Path, folder: Path, recursive: bool, inherited: Any, found: list) -> None:
    if inherited is None and folder != src and is_batch_output_folder(folder):
        inherited = ("SKIP_OUTPUT_FOLDER", {"folder": folder.relative_to(src).as_posix() + "/"})
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for e in entries:
        p = Path(e.path)
        rel = p.relative_to(src).as_posix()
        if e.is_dir(follow_symlinks=False):
            if recursive:
                _walk(src, p, recursive, inherited, found)
            else:
                found.append((rel + "/", p, ("SKIP_SUBFOLDER", {})))
        elif e.is_file():
            found.append((rel, p, inherited or skip_reason(e.name)))


def skip_reason(name: str) -> tuple[str, dict[str, Any]] | None:
    """Why a file is not read as a submission, judged by its name (None: read it)."""
    low = name.lower()
    if name.startswith("~$") or (low.startswith(".~lock.") and low.endswith("#")):
        return ("SKIP_LOCK", {})
    suffix = Path(low).suffix
    if suffix == ".xls":
        return ("SKIP_XLS", {})
    if suffix not in SUFFIXES:
        return ("SKIP_FORMAT", {"suffix": suffix}) if suffix else ("SKIP_NO_SUFFIX", {})
    return None


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _name_results(tasks: list[Task]) -> None:
    """``a/b/x.xlsx`` → ``a__b__x_result.xlsx``; names that would collide (also without regard to
    case or Unicode form, as on Windows and macOS) all get a short hash of their path."""
    todo = [t for t in tasks if t.skip is None]
    bases = {}
    for t in todo:
        stem = t.rel.rsplit(".", 1)[0] if "." in t.rel.rsplit("/", 1)[-1] else t.rel
        base = _UNSAFE.sub("_", stem.replace("/", "__")).strip(" .") or "submission"
        if len(base.encode("utf-8")) > MAX_NAME_BYTES:
            base = base.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", "ignore") + "_" + _short_hash(t.rel)
        bases[t.index] = base
    groups: dict[str, int] = {}
    for b in bases.values():
        key = unicodedata.normalize("NFC", b).casefold()
        groups[key] = groups.get(key, 0) + 1
    for t in todo:
        base = bases[t.index]
        if groups[unicodedata.normalize("NFC", base).casefold()] > 1:
            base = f"{base}_{_short_hash(t.rel)}"
        t.result = f"{base}_result.xlsx"


def sha256_of(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(out: Path) -> dict[str, Any]:
    """The entries of an earlier run in ``out`` (its manifest plus any journal left by a crash)."""
    entries: dict[str, Any] = {}
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") == MANIFEST_FORMAT:
            entries.update(data.get("entries", {}))
    except (OSError, ValueError, AttributeError):
        pass
    journal = out / "journal.jsonl"
    if journal.is_file():
        with journal.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    e = json.loads(line)
                    entries[e["rel"]] = e
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut by a crash
    return entries
