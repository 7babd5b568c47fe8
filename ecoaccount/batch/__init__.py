"""``ecoaccount batch``: every file in a folder of submissions accounted for, none modified.

Each submission is validated and filled in a short-lived process of its own (``worker``), under a
time and a memory limit, on every core or on a Dask cluster (``run``). The output folder receives
one result workbook per computed submission, ``summary.xlsx`` (every input with its status, then
one sheet per template kind with fixed headline columns, ``headline``), ``errors.xlsx`` and
``errors.csv`` (one row per problem) and ``manifest.json`` (what ``--resume`` reuses)
(``outputs``). Which files are read, skipped and how results are named: ``inputs``.
"""

from __future__ import annotations

from ecoaccount.batch.headline import headline_columns
from ecoaccount.batch.run import BatchResult, main_line, run_batch

__all__ = ["BatchResult", "headline_columns", "main_line", "run_batch"]
