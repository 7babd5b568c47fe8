"""Typed errors. Library code raises these; only ``ecoaccount.cli.main`` turns them into exit codes.

Errors that carry messages render them in either language: ``render(lang)``; ``str(error)`` is
English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ecoaccount import messages as M
from ecoaccount.problems import Problem


class EcoAccountError(Exception):
    """Base class of every error ecoaccount raises on purpose.

    Raised with a :class:`~ecoaccount.messages.Message` (``EcoAccountError(M.NOT_A_FOLDER.format(...))``)
    it renders in either language.
    """

    def render(self, lang: str = "en") -> str:
        if len(self.args) == 1 and isinstance(self.args[0], M.Message):
            return self.args[0].render(lang)
        return str(self)


@dataclass
class InvalidWorkbookError(EcoAccountError):
    """The workbook failed validation; ``problems`` lists every problem found, sorted."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    lang: str = "en"  # the workbook's language, in which the CLI shows the messages

    def __post_init__(self) -> None:
        self.problems = sorted(self.problems)

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str = "en") -> str:
        """Every problem, one per line, in English or Chinese."""
        head = M.PROBLEM_COUNT.format(path=self.path, count=len(self.problems)).render(lang)
        return "\n".join([head] + [f"  {p.render(lang)}" for p in self.problems])


class ParameterError(ValueError, EcoAccountError):
    """A parameter value is missing or outside its bounds (raised by pure methods)."""

    def __init__(self, parameter: str, message: M.Message) -> None:
        super().__init__(parameter, message)
        self.parameter = parameter
        self.message = message

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str = "en") -> str:
        return M.PARAMETER_PROBLEM.format(param=self.parameter, problem=self.message).render(lang)


class InputError(ValueError, EcoAccountError):
    """Input tables handed to a pure method are not usable; carries the row problems."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    def render(self, lang: str = "en") -> str:
        return "; ".join(p.render(lang) for p in self.problems)
