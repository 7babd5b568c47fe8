"""No function in ``ecoaccount/`` runs past 120 lines: a longer one is split into named steps.

Length is measured with ``ast`` as ``end_lineno - lineno + 1`` (decorators not counted, docstring
counted), for every function and method, nested ones included.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Set
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ecoaccount"
LIMIT = 120

#: ``path:function`` (path relative to the repository) allowed past the limit, each with its reason.
ALLOWED: set[str] = set()


def function_lengths(root: Path, base: Path) -> dict[str, int]:
    """Lines of every function under ``root``, keyed ``path:name`` with ``path`` relative to ``base``."""
    lengths: dict[str, int] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                key = f"{path.relative_to(base).as_posix()}:{node.name}"
                lengths[key] = max(lengths.get(key, 0), node.end_lineno - node.lineno + 1)
    return lengths


def too_long(root: Path, base: Path, allowed: Set[str] = frozenset()) -> list[str]:
    """``path:name (N lines)`` for each function over :data:`LIMIT` lines that is not allowed."""
    return [f"{key} ({n} lines)" for key, n in function_lengths(root, base).items() if n > LIMIT and key not in allowed]


def test_no_function_in_the_package_runs_past_the_limit():
    long = too_long(PACKAGE, ROOT, ALLOWED)
    assert not long, f"functions over {LIMIT} lines (split them into named steps):\n" + "\n".join(long)


def test_every_allowed_function_still_exists_and_is_still_long():
    lengths = function_lengths(PACKAGE, ROOT)
    stale = sorted(key for key in ALLOWED if lengths.get(key, 0) <= LIMIT)
    assert not stale, f"no longer over {LIMIT} lines, remove from ALLOWED: {stale}"


def _function(name: str, lines: int) -> str:
    """Source of a function of exactly ``lines`` lines (``def`` line included)."""
    body = "".join(f"    x{i} = {i}\n" for i in range(lines - 2))
    return f"def {name}():\n{body}    return 0\n"


def test_a_function_one_line_past_the_limit_is_reported(zh_tmp):
    pkg = zh_tmp / "ecoaccount"
    (pkg / "methods").mkdir(parents=True)
    method = textwrap.indent(_function("over", LIMIT + 1), "    ")
    source = _function("at_limit", LIMIT) + "\n\nclass Sheet:\n    @staticmethod\n" + method
    (pkg / "methods" / "m.py").write_text(source, encoding="utf-8")
    assert function_lengths(pkg, zh_tmp)["ecoaccount/methods/m.py:at_limit"] == LIMIT
    assert too_long(pkg, zh_tmp) == [f"ecoaccount/methods/m.py:over ({LIMIT + 1} lines)"]
    assert too_long(pkg, zh_tmp, {"ecoaccount/methods/m.py:over"}) == []
