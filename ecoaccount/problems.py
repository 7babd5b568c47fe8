"""Validation problems: where, what was found, what was expected.

Pure methods report problems against a table row and column (``RowProblem``); the workbook
layer maps them to a cell such as ``LandUse!C7`` (``Problem``) using the addresses it read.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at a cell (``Sheet!C7``), a sheet (``Sheet``) or the file (``""``)."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass(frozen=True, order=True)
class RowProblem:
    """A problem found by a pure method's ``validate``.

    ``table`` is the input table id, ``row`` the 0-based position of the row in the DataFrame
    handed to ``validate`` (``None`` for the whole table), ``column`` the field id (``None`` for
    the whole row).
    """

    table: str
    row: int | None
    column: str | None
    message: str
