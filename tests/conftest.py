"""Shared fixtures: temporary folders with Chinese names, and the LibreOffice agreement check."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from ecoaccount.messages import Message
from ecoaccount.outputs import shared_names
from ecoaccount.problems import Problem, RowProblem
from ecoaccount.workbook import recalc


@pytest.fixture
def zh_tmp(tmp_path: Path) -> Path:
    """A temporary folder whose path holds Chinese characters."""
    p = tmp_path / "生态核算 测试"
    p.mkdir()
    return p


def _need_soffice() -> None:
    if recalc.soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI; .ci/run installs it")
        pytest.skip("LibreOffice is not installed here")


@pytest.fixture
def libreoffice_agrees(tmp_path: Path):
    """Recalculate result workbooks in LibreOffice and assert every formula cell agrees.

    Each workbook must have been written with ``sentinel=True``: its Audit (审计) sentinel carries a
    deliberately wrong cached value (-1) that a real recalculation corrects to 3.
    """

    def check(*paths: Path, rel: float = 1e-9) -> int:
        _need_soffice()
        outs = recalc.recalculate(paths, tmp_path / "recalculated")
        total = 0
        for original, recalculated in zip(paths, outs, strict=True):
            n, bad = recalc.compare(original, recalculated, rel)
            sentinel = [m for m in bad if m.sheet in shared_names("audit") and m.cached == -1]
            assert sentinel and sentinel[0].recalculated == 3, "LibreOffice did not recalculate"
            real = [m for m in bad if m not in sentinel]
            assert not real, f"{original.name}: {len(real)} of {n} cells differ, e.g. {real[:5]}"
            assert n > 10
            total += n
        return total

    return check


class RefusalChecks:
    """Mixin for bad-input test classes: the problems of a workbook, and the proof that ``fill``
    refused it without leaving any file behind."""

    @staticmethod
    def problems(path: Path) -> list[str]:
        from ecoaccount import api

        return [str(p) for p in api.check(path)]

    @staticmethod
    def assert_nothing_written(src: Path, tmp: Path) -> None:
        from ecoaccount import api
        from ecoaccount.errors import InvalidWorkbookError

        out = tmp / "never.xlsx"
        with pytest.raises(InvalidWorkbookError):
            api.fill(src, out)
        assert not out.exists()
        assert not [p for p in tmp.iterdir() if p.name.startswith(".ecoaccount-")]


def english(x):
    """Problems (or messages) with each message rendered in English, to compare with the exact text."""
    if isinstance(x, (list, tuple)):
        return [english(v) for v in x]
    if isinstance(x, (RowProblem, Problem)):
        return dataclasses.replace(x, message=x.message.render("en"))
    if isinstance(x, Message):
        return x.render("en")
    return x


def result_sheet(path: Path, sheet_id: str) -> str:
    """The name that shared result sheet ``sheet_id`` (settings, checks, audit) has in the result
    workbook at ``path``: English in an en book, Chinese in a zh book."""
    from python_calamine import CalamineWorkbook

    names = CalamineWorkbook.from_path(str(path)).sheet_names
    return next(n for n in shared_names(sheet_id) if n in names)
