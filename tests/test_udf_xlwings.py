"""Every worksheet function through xlwings' own argument and return conversion, as Excel calls it.

On Linux xlwings' decorators do nothing. Its Windows code (``xlwings.udfs``: the ``@xw.func``/
``@xw.arg`` decorators and ``call_udf``; ``xlwings._xlwindows``: the Excel engine's value cleaning)
imports pywin32, which exists only on Windows; with stand-in modules for pywin32 that code imports
and runs here unchanged. The fixture re-imports ``ecoaccount.udf.xl`` with xlwings' real decorators,
and :func:`call_like_excel` repeats what ``call_udf`` does with each argument: a range arrives as the
value Excel's COM gives (a scalar for one cell, a tuple of row tuples for a block, ``None`` for an
empty cell) and goes through ``xlwings.conversion.read`` with the options the decorators recorded;
the result goes through ``xlwings.conversion.write``.
"""

from __future__ import annotations

import ctypes
import importlib
import sys
import types

import pytest

from ecoaccount.udf.registry import FUNCTIONS

PYWIN32 = (
    "pywintypes",
    "win32api",
    "win32con",
    "pythoncom",
    "win32com",
    "win32com.client",
    "win32gui",
    "win32process",
    "win32timezone",
)
MISSING = -2147352572  # what Excel passes for an omitted optional argument (call_udf checks for it)


class _StandIn:
    """Any attribute, any call: enough for pywin32's names at import time (never used for Excel)."""

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        return _StandIn()

    def __getattr__(self, name):
        return _StandIn()


def _module(name: str) -> types.ModuleType:
    m = types.ModuleType(name)
    m.__getattr__ = lambda attr: _StandIn  # type: ignore[method-assign]
    return m


@pytest.fixture(scope="module")
def xlwings_windows():
    """xlwings.udfs and the Excel engine imported with stand-ins for pywin32; undone afterwards."""
    import xlwings

    saved = {n: sys.modules.get(n) for n in (*PYWIN32, "xlwings._xlwindows", "xlwings.udfs")}
    saved_ctypes = {a: getattr(ctypes, a, None) for a in ("windll", "oledll", "PyDLL")}
    saved_xw = {a: getattr(xlwings, a) for a in ("func", "arg", "ret")}
    for n in PYWIN32:
        sys.modules[n] = _module(n)
    ctypes.windll = ctypes.oledll = _StandIn()  # type: ignore[attr-defined]
    ctypes.PyDLL = _StandIn  # type: ignore[misc]
    try:
        from xlwings import _xlwindows, udfs
    finally:
        ctypes.PyDLL = saved_ctypes["PyDLL"]  # type: ignore[misc]
    engine = xlwings.main.Engine(impl=_xlwindows.engine)
    xlwings.engines.add(engine)
    xlwings.func, xlwings.arg, xlwings.ret = udfs.xlfunc, udfs.xlarg, udfs.xlret
    import ecoaccount.udf.xl as xl

    xl = importlib.reload(xl)
    try:
        yield types.SimpleNamespace(xl=xl, udfs=udfs, conversion=xlwings.conversion)
    finally:
        for a, v in saved_xw.items():
            setattr(xlwings, a, v)
        xlwings.engines.engines_by_name.pop("excel", None)
        if engine in xlwings.engines.engines:
            xlwings.engines.engines.remove(engine)
        for n, m in saved.items():
            if m is None:
                sys.modules.pop(n, None)
            else:
                sys.modules[n] = m
        for a in ("windll", "oledll"):
            if saved_ctypes[a] is None and hasattr(ctypes, a):
                delattr(ctypes, a)
        importlib.reload(xl)


def call_like_excel(env, name: str, *args):
    """``xlwings.udfs.call_udf`` without COM: argument conversion, the call, return conversion."""
    func = getattr(env.xl, name)
    info = func.__xlfunc__
    values = list(args)
    for i, arg in enumerate(values):
        arg_info = info["args"][min(i, len(info["args"]) - 1)]
        if isinstance(arg, int) and arg == MISSING:
            values[i] = arg_info.get("optional", None)
        else:
            values[i] = env.conversion.read(None, arg, arg_info["options"])
    ret = func(*values)
    return env.conversion.write(ret, None, info["ret"]["options"])


def col(*values):
    """A column range as Excel's COM hands it over: a tuple of one-element row tuples."""
    return tuple((v,) for v in values)


def one(result):
    assert len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


# Valid arguments per function, as Excel passes them (one cell = a scalar, a range = tuples).
VALID = {
    "ECO_EA": (((2.0, 3.0),), ((6000.0, 2000.0),), ((100.0, 300.0),)),
    "ECO_VC": (((1.0, 2.0, 3.0),), 10.0),
    "ECO_ESV": (col(10.0, 20.0), col(1.0, 2.0)),
    "ECO_NONMARKET": (tuple((float(i),) for i in range(11)),),
    "ECO_ECPS": (1000.0, 1000.0, 10.0),
    "ECO_T": (1.0,),
    "ECO_COMPENSATION": (1000.0, 1.0, MISSING),
    "ECO_GEP_AGRI": (col(1.0, 2.0), col(10.0, 20.0), MISSING),
    "ECO_GEP_WATER": (1.0, 1000.0, 0.1, 500.0, 2.0, "quantity"),
    "ECO_GEP_SOIL": (1.0, 100.0, 0.1, 1.0, 0.5, 1.0, 0.24, 1.2, 10.0, 1.0, 1.0, 1.0, 1.0, 100.0, 100.0, "quantity"),
    "ECO_GEP_AIR": (10.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, "nox"),
    "ECO_GEP_CARBON": (1.0, 1.0, 0.5, 0.0, 44 / 12, 10.0, "quantity"),
    "ECO_GEP_OXYGEN": (44.0, 32 / 44, 2.0, "quantity"),
    "ECO_GEP_CLIMATE": (1.0, 3600.0, 10.0, 2.0, 1.0, MISSING),
    "ECO_GEP_LANDSCAPE": (7.0, 1.0, 2.0, 3.0, MISSING),
    "ECO_RUSLE": (1.0, 100.0, 0.1, 1.0, 0.5, 1.0),
    "ECO_NPP_SCALED": (200.0, 50.0, 1.0, 0.8),
    "ECO_VCS": (100.0, MISSING, MISSING),
    "ECO_BASELINE": (((2000.0, 2001.0, 2002.0),), ((1.0, 2.0, 3.0),), 2003.0),
    "ECO_VCSD": (
        ((2010.0, 2011.0, 2012.0, 2013.0, 2014.0),),
        ((100.0, 110.0, 120.0, 130.0, None),),
        ((0.0, 0.0, 0.0, 0.0, 2.0),),
        ((0.0, 0.0, 0.0, 0.0, 0.0),),
    ),
    "ECO_TRANSFER_MATRIX": (col("forest", "forest", "arable"), col("forest", "arable", "arable"), col(5.0, 2.0, 3.0)),
    "ECO_CONVERT": (2.0, "万元", "yuan"),
}
EXPECTED = {
    "ECO_EA": 7500 / 7,
    "ECO_VC": 60.0,
    "ECO_ESV": 50.0,
    "ECO_NONMARKET": 54.0,
    "ECO_ECPS": 1.0,
    "ECO_T": 0.5,
    "ECO_COMPENSATION": 75.0,
    "ECO_GEP_AGRI": 50.0,
    "ECO_GEP_WATER": 4000.0,
    "ECO_GEP_SOIL": 5.0,
    "ECO_GEP_AIR": 20.0,
    "ECO_GEP_CARBON": 1.5 * 44 / 12,
    "ECO_GEP_OXYGEN": 32.0,
    "ECO_GEP_CLIMATE": 5.0,
    "ECO_GEP_LANDSCAPE": 7 * 2 * 3 / 7,
    "ECO_RUSLE": 5.0,
    "ECO_NPP_SCALED": 237.5,
    "ECO_VCS": 358.6,
    "ECO_BASELINE": 4.0,
    "ECO_VCSD": 10.0408,
    "ECO_CONVERT": 20000.0,
}


def test_every_function_is_covered():
    assert set(VALID) == {f.name for f in FUNCTIONS}


def test_decorators_record_one_2d_argument_per_declaration(xlwings_windows):
    for fn in FUNCTIONS:
        info = getattr(xlwings_windows.xl, fn.name).__xlfunc__
        assert [a["name"] for a in info["args"]] == [a.name for a in fn.args]
        assert all(a["options"] == {"ndim": 2} for a in info["args"])
        assert [("optional" in a) for a in info["args"]] == [a.optional for a in fn.args]
        assert info["ret"]["doc"] == fn.help("en") and info["category"] == "ecoaccount"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_valid_arguments_give_the_number(xlwings_windows, name):
    assert one(call_like_excel(xlwings_windows, name, *VALID[name])) == pytest.approx(EXPECTED[name])


def test_transfer_matrix_spills_as_a_2d_array(xlwings_windows):
    out = call_like_excel(xlwings_windows, "ECO_TRANSFER_MATRIX", *VALID["ECO_TRANSFER_MATRIX"])
    assert out[0] == ["from \\ to", "arable", "forest", "total", "transferred_out"]
    assert out[2] == ["forest", 2.0, 5.0, 7.0, 2.0]
    assert out[4][-1] == ""  # the undefined corner is an empty cell, not NaN


def _first_numeric(fn):
    return next(i for i, a in enumerate(fn.args) if a.shape in ("cell", "row") and not a.allow_empty)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.name)
def test_empty_cell_is_named_never_taken_as_zero(xlwings_windows, fn):
    i = _first_numeric(fn)
    args = list(VALID[fn.name])
    args[i] = (
        None
        if fn.args[i].shape == "cell"
        else ((None,) + tuple(args[i][0][1:]),)
        if len(args[i]) == 1
        else ((None,),) + tuple(args[i][1:])
    )
    out = one(call_like_excel(xlwings_windows, fn.name, *args))
    assert isinstance(out, str) and out.startswith(f"#ECO! {fn.args[i].name}:") and "empty" in out


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.name)
def test_text_where_a_number_belongs(xlwings_windows, fn):
    i = _first_numeric(fn)
    args = list(VALID[fn.name])
    args[i] = (
        "n/a"
        if fn.args[i].shape == "cell"
        else col("n/a", *[r[0] for r in args[i][1:]])
        if len(args[i]) > 1
        else (("n/a",) + tuple(args[i][0][1:]),)
    )
    out = one(call_like_excel(xlwings_windows, fn.name, *args))
    assert out.startswith(f"#ECO! {fn.args[i].name}:") and '"n/a"' in out


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.name)
def test_2d_block_where_a_cell_or_row_belongs(xlwings_windows, fn):
    i = _first_numeric(fn)
    args = list(VALID[fn.name])
    args[i] = ((1.0, 2.0), (3.0, 4.0))
    out = one(call_like_excel(xlwings_windows, fn.name, *args))
    assert out.startswith(f"#ECO! {fn.args[i].name}: expected one") and "2×2 block" in out


@pytest.mark.parametrize("fn", [f for f in FUNCTIONS if any(a.group for a in f.args)], ids=lambda f: f.name)
def test_ranges_of_different_sizes(xlwings_windows, fn):
    i = next(k for k, a in enumerate(fn.args) if a.group)
    args = list(VALID[fn.name])
    args[i] = args[i][:-1] if len(args[i]) > 1 else (args[i][0][:-1],)
    out = one(call_like_excel(xlwings_windows, fn.name, *args))
    assert "ranges of different sizes" in out


@pytest.mark.parametrize("fn", [f for f in FUNCTIONS if f.args[0].name == "area"], ids=lambda f: f.name)
def test_negative_area(xlwings_windows, fn):
    args = list(VALID[fn.name])
    args[0] = -5.0
    assert one(call_like_excel(xlwings_windows, fn.name, *args)) == "#ECO! area: -5 is negative; expected 0 or more"


def test_vba_wrapper_names_every_function(xlwings_windows, tmp_path):
    """The VBA module that "Import Functions" writes into the workbook, generated on Linux."""
    path = tmp_path / "udfs.bas"
    with open(path, "w", encoding="utf-8") as fh:
        xlwings_windows.udfs.generate_vba_wrapper(
            "ecoaccount.udf", xlwings_windows.xl, fh, types.SimpleNamespace(Name="ecoaccount_udfs.xlsm")
        )
    vba = path.read_text(encoding="utf-8")
    for fn in FUNCTIONS:
        assert f"Function {fn.name}(" in vba
    assert "Optional k" in vba
