"""From spreadsheet arguments to the pure methods and back, the same for every spreadsheet.

Excel through xlwings hands every argument over as a 2-D list (declared ``ndim=2``) with ``None``
for an empty cell; LibreOffice Calc hands over numbers, texts and tuples of tuples with ``''`` for
an empty cell of a range. :func:`evaluate` turns either into checked floats, arrays and texts as
the function's declaration (``registry``) says, collects every problem of every argument, and
returns the method's result or one short message: never a traceback, never an empty cell taken as 0.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ecoaccount.errors import EcoAccountError
from ecoaccount.udf import messages
from ecoaccount.udf.calls import Undefined
from ecoaccount.udf.registry import BY_NAME, Arg, Function

Problem = tuple[str, dict[str, Any]]


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
    where = {"arg": arg.name, "pos": pos}
    if is_empty(v):
        if arg.allow_empty:
            return math.nan
        problems.append(("empty" if pos is None else "empty_at", where))
        return math.nan
    if isinstance(v, bool) or not isinstance(v, (int, float, np.number)):
        problems.append(("text" if pos is None else "text_at", {**where, "value": _show(v)}))
        return math.nan
    x = float(v)
    if arg.minimum is not None and (x < arg.minimum or (arg.strict and x <= arg.minimum)):
        if arg.minimum == 0:
            problems.append(("not_positive" if arg.strict else "negative", {**where, "value": _show(x)}))
        else:
            problems.append(("below", {**where, "value": _show(x), "bound": _show(arg.minimum)}))
    elif arg.maximum is not None and x > arg.maximum:
        problems.append(("above", {**where, "value": _show(x), "bound": _show(arg.maximum)}))
    return x


def _line(arg: Arg, g: list[list[Any]], problems: list[Problem]) -> list[Any] | None:
    rows, cols = len(g), len(g[0]) if g else 0
    if rows > 1 and cols > 1:
        problems.append(("one_row", {"arg": arg.name, "rows": rows, "cols": cols}))
        return None
    cells = g[0] if rows == 1 else [r[0] for r in g]
    if arg.size is not None and len(cells) != arg.size:
        problems.append(("count", {"arg": arg.name, "expected": arg.size, "found": len(cells)}))
        return None
    return cells


def parse(arg: Arg, raw: Any, problems: list[Problem]) -> Any:
    """One argument as its declared shape; problems are appended, a placeholder returned."""
    if raw is None and arg.optional:
        return arg.default
    g = grid(raw)
    if arg.shape in ("cell", "text"):
        if len(g) != 1 or len(g[0]) != 1:
            problems.append(("one_cell", {"arg": arg.name, "rows": len(g), "cols": len(g[0]) if g else 0}))
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
                problems.append(("empty_at", {"arg": arg.name, "pos": i}))
        return [_show(v) if isinstance(v, float) else str(v).strip() for v in cells]
    return np.array([_number(arg, v, i, problems) for i, v in enumerate(cells, 1)], dtype=float)


def _text(arg: Arg, v: Any, problems: list[Problem]) -> str | None:
    shown = ", ".join(dict.fromkeys(list(arg.choices.values()))) if arg.choices else ""
    if is_empty(v):
        problems.append(("empty", {"arg": arg.name}))
        return None
    if not isinstance(v, str):
        problems.append(("not_text", {"arg": arg.name, "value": _show(v), "choices": shown}))
        return None
    if arg.choices is None:
        return v.strip()
    folded = {k.lower(): c for k, c in arg.choices.items()}
    if v.strip().lower() not in folded:
        problems.append(("choice", {"arg": arg.name, "value": v, "choices": shown}))
        return None
    return folded[v.strip().lower()]


def _sizes(fn: Function, values: list[Any], problems: list[Problem], lang: str) -> None:
    groups: dict[str, list[tuple[str, int]]] = {}
    for arg, v in zip(fn.args, values, strict=True):
        if arg.group and v is not None:
            groups.setdefault(arg.group, []).append((arg.name, len(v)))
    for members in groups.values():
        if len({n for _, n in members}) > 1:
            sizes = ", ".join(f"{name} {messages.text('cells', lang, n=n)}" for name, n in members)
            problems.append(("sizes", {"sizes": sizes}))


def _merge_empty(problems: list[Problem]) -> list[Problem]:
    """Empty cells of one argument as one problem: ``prices: cells 1, 3 are empty``."""
    out: list[Problem] = []
    for mid, params in problems:
        last = out[-1] if out else None
        if mid == "empty_at" and last and last[0] in ("empty_at", "empties_at") and last[1]["arg"] == params["arg"]:
            out[-1] = ("empties_at", {**last[1], "pos": f"{last[1]['pos']}, {params['pos']}"})
        else:
            out.append((mid, params))
    return out


def render(problems: list[Problem], lang: str, limit: int = 3) -> str:
    problems = _merge_empty(problems)
    parts = [messages.text(mid, lang, **params) for mid, params in problems[:limit]]
    if len(problems) > limit:
        parts.append(messages.text("more", lang, n=len(problems) - limit))
    return messages.PREFIX + "; ".join(parts)


def evaluate(name: str, raw_args: tuple[Any, ...] | list[Any], lang: str | None = None) -> Any:
    """The function ``name`` on spreadsheet arguments: its result, or a ``#ECO!`` message."""
    lang = lang or messages.language()
    fn = BY_NAME[name]
    raw = list(raw_args) + [None] * (len(fn.args) - len(raw_args))
    problems: list[Problem] = []
    values = []
    for arg, r in zip(fn.args, raw, strict=True):
        if r is None and not arg.optional:
            problems.append(("missing", {"arg": arg.name}))
            values.append(None)
        else:
            values.append(parse(arg, r, problems))
    _sizes(fn, values, problems, lang)
    if problems:
        return render(problems, lang)
    if "choice_columns" in fn.extra:
        values[-1] = fn.extra["choice_columns"][values[-1]]
    try:
        out = fn.call(*values)
    except Undefined as exc:
        return render([(exc.msg_id, exc.params)], lang)
    except (EcoAccountError, ValueError) as exc:
        return render([("method", {"text": str(exc)})], lang)
    if isinstance(out, float) and not math.isfinite(out):
        return render([("undefined", {})], lang)
    return out
