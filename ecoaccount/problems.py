"""Validation problems: where, what was found, what was expected.

Pure methods report problems against a table row and column (``RowProblem``); the workbook
layer maps them to a cell such as ``LandUse!C7`` (``Problem``) using the addresses it read.
Both carry a :class:`~ecoaccount.messages.Message` (message id and parameters), rendered in the
user's language only when shown: ``problem.render("zh")``; ``str(problem)`` is English.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ecoaccount.messages import Message, Msg, render

_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


@dataclass(frozen=True)
class Problem:
    """One problem at a cell (``Sheet!C7``), a sheet (``Sheet``) or the file (``""``).

    Problems sort in reading order: file first, then by sheet, row and column (``D5`` before
    ``D10``), then by message.
    """

    location: str
    message: Message

    def __post_init__(self) -> None:
        if isinstance(self.message, Msg):  # a message without parameters
            object.__setattr__(self, "message", self.message.format())

    def render(self, lang: str = "en") -> str:
        text = render(self.message, lang)
        return f"{self.location}: {text}" if self.location else text

    def __str__(self) -> str:
        return self.render("en")

    def sort_key(self) -> tuple:
        return self._key

    @functools.cached_property
    def _key(self) -> tuple:  # computed once per problem, not once per comparison
        text = _English(self.message)  # rendered only when two problems share a cell
        sheet, _, cell = self.location.rpartition("!")
        if not sheet:
            return (self.location != "", self.location, 0, 0, "", text)
        m = _CELL.fullmatch(cell)
        if m is None:
            return (True, sheet, 0, 0, cell, text)
        letters, digits = m.groups()
        col = 0
        for ch in letters:
            col = col * 26 + ord(ch) - 64
        return (True, sheet, int(digits), col, "", text)

    def __lt__(self, other: Problem) -> bool:
        return self.sort_key() < other.sort_key()


class _English:
    """A message that compares by its English text, rendered only when a comparison needs it."""

    __slots__ = ("message", "_text")

    def __init__(self, message: Message | str) -> None:
        self.message = message
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = render(self.message)
        return self._text

    def __lt__(self, other: _English) -> bool:
        return self.text < other.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _English) and self.text == other.text

    __hash__ = None  # type: ignore[assignment]


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
    message: Message

    def __post_init__(self) -> None:
        if isinstance(self.message, Msg):  # a message without parameters
            object.__setattr__(self, "message", self.message.format())

    def render(self, lang: str = "en") -> str:
        return render(self.message, lang)
