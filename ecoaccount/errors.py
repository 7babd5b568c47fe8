"""Typed errors. Library code raises these; only ``ecoaccount.cli.main`` turns them into exit codes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ecoaccount.problems import Problem


class EcoAccountError(Exception):
    """Base class of every error ecoaccount raises on purpose."""


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

    def render(self, lang: str) -> str:
        """Every problem, one per line, in English or Chinese."""
        from ecoaccount.messages_zh import translate_problem

        n = len(self.problems)
        head = f"{self.path}：共 {n} 个问题" if lang == "zh" else f"{self.path}: {n} problem(s)"
        return "\n".join([head] + [f"  {translate_problem(p, lang)}" for p in self.problems])


class ParameterError(ValueError, EcoAccountError):
    """A parameter value is missing or outside its bounds (raised by pure methods)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(parameter, message)
        self.parameter = parameter
        self.message = message

    def __str__(self) -> str:
        return f"parameter {self.parameter!r}: {self.message}"


class InputError(ValueError, EcoAccountError):
    """Input tables handed to a pure method are not usable; carries the row problems."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("; ".join(str(p) for p in self.problems))
