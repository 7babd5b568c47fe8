"""Parameter and factor tables shipped as self-documenting CSV (leading ``#`` lines give the source)."""

from __future__ import annotations

import functools
import io
from importlib.resources import files  # noqa: F401  (re-exported)

import pandas as pd


def read_text(name: str) -> str:
    """The raw text of a packaged data file."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def provenance(name: str) -> str:
    """The leading ``#`` comment block of a packaged CSV, without the ``#`` marks."""
    lines = []
    for line in read_text(name).splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    return "\n".join(lines)


def load_table(name: str) -> pd.DataFrame:
    """A packaged CSV as a DataFrame (``#`` lines skipped): a copy of the one parsed per process."""
    return _parsed(name).copy()


@functools.cache
def _parsed(name: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(read_text(name)), comment="#", skipinitialspace=True)
