"""From spreadsheet arguments to the pure methods and back, the same for every spreadsheet.

Excel through xlwings hands every argument over as a 2-D list (declared ``ndim=2``) with ``None``
for an empty cell; LibreOffice Calc hands over numbers, texts and tuples of tuples with ``''`` for
an empty cell of a range. :func:`evaluate` turns either into checked floats, arrays and texts as
the function's declaration (``registry``) says, collects every problem of every argument, and
returns the method's result or one short message: never a traceback, never an empty cell taken as 0.
"""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np

from ecoaccount import messages as M
from ecoaccount.errors import EcoAccountError
from ecoaccount.udf.calls import Undefined
from ecoaccount.udf.registry import BY_NAME, Arg, Function

Problem = M.Message
#: What a cell shows before every message, so that it stands out and ``ISERROR``-style checks find it.
PREFIX = "#ECO! "


def language() -> str:
    """The language of the messages: ``ECOACCOUNT_LANG`` (en or zh), English by default."""
    lang = os.environ.get("ECOACCOUNT_LANG", "en").strip().lower()
    return "zh" if lang.startswith("zh") else "en"


def grid(raw: Any) -> list[list[Any]]:
    """Any argument as a 2-D list: a scalar is 1×1, a flat list one row."""
    if isinstance(raw, np.ndarray):
        raw = raw.tolist()
    if isinstance(raw, (list, tuple)):
        if raw and all(isinstance(r, (list, tuple)) for r in raw):
            return [list(r) for r in raw]
        return [list(raw)]
    return [[raw]]


def is_empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and math.isnan(v))


def _show(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _number(arg: Arg, v: Any, pos: int | None, problems: list[Problem]) -> float:
    if is_empty(v):
        if not arg.allow_empty:
            problems.append(
                M.UDF_EMPTY.format(arg=arg.name) if pos is None else M.UDF_EMPTY_AT.format(arg=arg.name, pos=pos)
            )
        return math.nan
    if isinstance(v, bool) or not isinstance(v, (int, float, np.number)):
        text = M.UDF_TEXT if pos is None else M.UDF_TEXT_AT
        problems.append(text.format(arg=arg.name, pos=pos, value=_show(v)))
        return math.nan
    x = float(v)
    if arg.minimum is not None and (x < arg.minimum or (arg.strict and x <= arg.minimum)):
        if arg.minimum == 0:
            problems.append((M.UDF_NOT_POSITIVE if arg.strict else M.UDF_NEGATIVE).format(arg=arg.name, value=_show(x)))
        else:
            problems.append(M.UDF_BELOW.format(arg=arg.name, value=_show(x), bound=_show(arg.minimum)))
    elif arg.maximum is not None and x > arg.maximum:
        problems.append(M.UDF_ABOVE.format(arg=arg.name, value=_show(x), bound=_show(arg.maximum)))
    return x


def _line(arg: Arg, g: list[list[Any]], problems: list[Problem]) -> list[Any] | None:
    rows, cols = len(g), len(g[0]) if g else 0
    if rows > 1 and cols > 1:
        problems.append(M.UDF_ONE_ROW.format(arg=arg.name, rows=rows, cols=cols))
        return None
    cells = g[0] if rows == 1 else [r[0] for r in g]
    if arg.size is not None and len(cells) != arg.size:
        problems.append(M.UDF_COUNT.format(arg=arg.name, expected=arg.size, found=len(cells)))
        return None
    return cells


def parse(arg: Arg, raw: Any, problems: list[Problem]) -> Any:
    """One argument as its declared shape; problems are appended, a placeholder returned."""
    if raw is None and arg.optional:
        return arg.default
    g = grid(raw)
    if arg.shape in ("cell", "text"):
        if len(g) != 1 or len(g[0]) != 1:
            problems.append(M.UDF_ONE_CELL.format(arg=arg.name, rows=len(g), cols=len(g[0]) if g else 0))
            return None
        v = g[0][0]
        if arg.shape == "cell":
            return _number(arg, v, None, problems)
        return _text(arg, v, problems)
    cells = _line(arg, g, problems)
    if cells is None:
        return None
    if arg.shape == "labels":
        for i, v in enumerate(cells, 1):
            if is_empty(v):
                problems.append(M.UDF_EMPTY_AT.format(arg=arg.name, pos=i))
        return [_show(v) if isinstance(v, float) else str(v).strip() for v in cells]
    return np.array([_number(arg, v, i, problems) for i, v in enumerate(cells, 1)], dtype=float)


def _text(arg: Arg, v: Any, problems: list[Problem]) -> str | None:
    shown = tuple(dict.fromkeys(arg.choices.values())) if arg.choices else ()
    if is_empty(v):
        problems.append(M.UDF_EMPTY.format(arg=arg.name))
        return None
    if not isinstance(v, str):
        problems.append(M.UDF_NOT_TEXT.format(arg=arg.name, value=_show(v), choices=shown))
        return None
    if arg.choices is None:
        return v.strip()
    folded = {k.lower(): c for k, c in arg.choices.items()}
    if v.strip().lower() not in folded:
        problems.append(M.UDF_CHOICE.format(arg=arg.name, value=v, choices=shown))
        return None
    return folded[v.strip().lower()]


def _sizes(fn: Function, values: list[Any], problems: list[Problem]) -> None:
    groups: dict[str, list[tuple[str, int]]] = {}
    for arg, v in zip(fn.args, values, strict=True):
        if arg.group and v is not None:
            groups.setdefault(arg.group, []).append((arg.name, len(v)))
    for members in groups.values():
        if len({n for _, n in members}) > 1:
            sizes = tuple(M.UDF_CELLS.format(arg=name, n=n) for name, n in members)
            problems.append(M.UDF_SIZES.format(sizes=sizes))


def _merge_empty(problems: list[Problem]) -> list[Problem]:
    """Empty cells of one argument as one problem: ``prices: cells 1, 3 are empty``."""
    out: list[Problem] = []
    for p in problems:
        last = out[-1] if out else None
        empty = (M.UDF_EMPTY_AT.id, M.UDF_EMPTIES_AT.id)
        if p.id == M.UDF_EMPTY_AT.id and last and last.id in empty and last.get("arg") == p.get("arg"):
            pos = last.get("pos") if isinstance(last.get("pos"), tuple) else (last.get("pos"),)
            out[-1] = M.UDF_EMPTIES_AT.format(arg=p.get("arg"), pos=(*pos, p.get("pos")))
        else:
            out.append(p)
    return out


def render(problems: list[Problem], lang: str, limit: int = 3) -> str:
    problems = _merge_empty(problems)
    parts = [p.render(lang) for p in problems[:limit]]
    if len(problems) > limit:
        parts.append(M.UDF_MORE.format(n=len(problems) - limit).render(lang))
    return PREFIX + "; ".join(parts)


def evaluate(name: str, raw_args: tuple[Any, ...] | list[Any], lang: str | None = None) -> Any:
    """The function ``name`` on spreadsheet arguments: its result, or a ``#ECO!`` message."""
    lang = lang or language()
    fn = BY_NAME[name]
    raw = list(raw_args) + [None] * (len(fn.args) - len(raw_args))
    problems: list[Problem] = []
    values = []
    for arg, r in zip(fn.args, raw, strict=True):
        if r is None and not arg.optional:
            problems.append(M.UDF_MISSING.format(arg=arg.name))
            values.append(None)
        else:
            values.append(parse(arg, r, problems))
    _sizes(fn, values, problems)
    if problems:
        return render(problems, lang)
    if "choice_columns" in fn.extra:
        values[-1] = fn.extra["choice_columns"][values[-1]]
    try:
        out = fn.call(*values)
    except Undefined as exc:
        return render([exc.message], lang)
    except (EcoAccountError, ValueError) as exc:
        return render([M.UDF_METHOD.format(error=exc)], lang)
    if isinstance(out, float) and not math.isfinite(out):
        return render([M.UDF_UNDEFINED.format()], lang)
    return out
