"""``ecoaccount batch``: every file in a folder of submissions accounted for, none modified.

Each submission is validated and filled (``worker``) in a worker process, never in the
coordinator, under a time and a memory limit; a crash, a hang or memory exhaustion fails that file
alone (``isolation``). The run uses every core or a Dask cluster (``run``). The output folder receives
one result workbook per computed submission, ``summary.xlsx`` (every input with its status, then
one sheet per template kind with fixed headline columns, ``headline``), ``errors.xlsx`` and
``errors.csv`` (one row per problem) and ``manifest.json`` (what ``--resume`` reuses)
(``outputs``). Which files are read, skipped and how results are named: ``inputs``.
"""

from __future__ import annotations

from typing import Any

# Defaults of the run, here so that the command line can show them without importing the engine.
TIMEOUT_S = 300  # seconds one submission may take
FILES_PER_WORKER = 50  # files one worker process takes in turn before a fresh one replaces it

_LAZY = {"headline_columns": "headline", "BatchResult": "run", "main_line": "run", "run_batch": "run"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module(f"ecoaccount.batch.{_LAZY[name]}"), name)


__all__ = ["BatchResult", "headline_columns", "main_line", "run_batch", "TIMEOUT_S", "FILES_PER_WORKER"]
