"""The worksheet functions as xlwings user-defined functions, generated from ``registry``.

Classic xlwings UDFs run in Excel on Windows (xlwings add-in, "Import Functions"); on any other
system the decorators do nothing and the functions are plain Python. Every argument is declared
``ndim=2`` with xlwings' default converter, so that a 2-D block, an empty cell (``None``) or a text
reaches :func:`ecoaccount.udf.adapters.evaluate` unchanged and gets a readable answer there, instead
of failing inside xlwings' own converters first. xlwings is imported only in this module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import xlwings as xw

from ecoaccount.udf import adapters
from ecoaccount.udf.registry import FUNCTIONS, Function

__all__ = [f.name for f in FUNCTIONS]


def arg_doc(arg: Any) -> str:
    unit = f" ({arg.unit})" if arg.unit else ""
    return f"{arg.en}{unit} / {arg.zh}"


def _make(fn: Function) -> Callable[..., Any]:
    params = ", ".join(a.name + ("=None" if a.optional else "") for a in fn.args)
    names = ", ".join(a.name for a in fn.args)
    source = f"def {fn.name}({params}):\n    return _evaluate({fn.name!r}, ({names},))\n"
    namespace: dict[str, Any] = {"_evaluate": adapters.evaluate}
    exec(source, namespace)  # a real signature: xlwings reads the argument names for Excel
    f = namespace[fn.name]
    f.__doc__ = fn.help("en")
    f.__module__ = __name__
    for arg in reversed(fn.args):
        f = xw.arg(arg.name, ndim=2, doc=arg_doc(arg))(f)
    return xw.func(category="ecoaccount")(f)


for _fn in FUNCTIONS:
    globals()[_fn.name] = _make(_fn)
del _fn
