"""Validation problems: where, what was found, what was expected.

Pure methods report problems against a table row and column (``RowProblem``); the workbook
layer maps them to a cell such as ``LandUse!C7`` (``Problem``) using the addresses it read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


@dataclass(frozen=True)
class Problem:
    """One problem at a cell (``Sheet!C7``), a sheet (``Sheet``) or the file (``""``).

    Problems sort in reading order: file first, then by sheet, row and column (``D5`` before
    ``D10``), then by message.
    """

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    def sort_key(self) -> tuple:
        sheet, _, cell = self.location.rpartition("!")
        if not sheet:
            return (self.location != "", self.location, 0, 0, self.message)
        m = _CELL.fullmatch(cell)
        if m is None:
            return (True, sheet, 0, 0, cell + self.message)
        letters, digits = m.groups()
        col = 0
        for ch in letters:
            col = col * 26 + ord(ch) - 64
        return (True, sheet, int(digits), col, self.message)

    def __lt__(self, other: Problem) -> bool:
        return self.sort_key() < other.sort_key()


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
