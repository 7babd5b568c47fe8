"""The worksheet functions in a real spreadsheet: the Calc add-in installed into a private
LibreOffice profile with ``unopkg add``, a Calc document whose cells call the functions,
recalculated headlessly, every value compared with the engine (the same call in this process).

unopkg refuses to run as root without ``--shared`` (which would change the LibreOffice
installation for everyone); as root, the test therefore runs unopkg as the unprivileged user
``nobody`` on a profile folder that user owns. LibreOffice itself then opens the document with
that profile. Nothing is skipped: CI installs LibreOffice, its Python-UNO bridge and the SDK
(tools/test.sh).
"""

from __future__ import annotations

import math
import os
import pwd
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_rowcol_to_cell

from ecoaccount.udf import calc
from ecoaccount.udf.adapters import evaluate
from ecoaccount.workbook import recalc

SENTINEL = -12345.0
RECALC_ITEMS = """<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
"""

# (function, arguments as the cells hold them: a number/text = one cell, a list = a row of cells,
# a list of lists = a block). Bad arguments included: they must come back as the same message.
CASES = [
    ("ECO_EA", [[2.1, 2.4, 1.9], [6100.0, 5200.0, 7000.0], [120.0, 80.0, 60.5]]),
    ("ECO_EA", [[2.1, None, 1.9], [6100.0, 5200.0, 7000.0], [120.0, 80.0, 60.5]]),
    ("ECO_EA", [[2.1, "n/a", 1.9], [6100.0, 5200.0, 7000.0], [120.0, 80.0, 60.5]]),
    ("ECO_EA", [[2.1, 2.4], [6100.0, 5200.0, 7000.0], [120.0, 80.0, 60.5]]),
    ("ECO_VC", [[0.29, 0.66, 0.34, 2.17, 6.5, 1.93, 4.74, 2.65, 0.2, 2.41, 1.06], 752.6864646168966]),
    ("ECO_ESV", [[310124.3, 691540.84, 49541.47], [6398.0, 17860.0, 9111.2]]),
    ("ECO_ESV", [[[1.0, 2.0], [3.0, 4.0]], [1.0, 2.0]]),
    ("ECO_ESV", [[-10.0, 5.0], [1.0, 2.0]]),
    (
        "ECO_NONMARKET",
        [[36610.0, 45166.9, 27680.2, 133666.6, 360441.6, 112459.3, 370352.3, 168157.5, 13696.2, 135937.8, 60681.2]],
    ),
    ("ECO_ECPS", [1383072.7397830442, 637499.0, 1081946.27]),
    ("ECO_T", [2.169529269509512]),
    ("ECO_T", ["abc"]),
    ("ECO_COMPENSATION", [1383072.7397830442, 2.169529269509512, 0.15]),
    ("ECO_COMPENSATION", [1383072.7397830442, 2.169529269509512]),
    ("ECO_GEP_AGRI", [[2.958333333333333, 1.5], [2400.0, 3000.0]]),
    ("ECO_GEP_WATER", [34.07, 1100.0, 0.0, 710.5325222580962, 6.1, "quantity"]),
    ("ECO_GEP_SOIL", [34.07, 5823.42, 0.0336, 11.23, 0.001, 1.0, 0.24, 1.3, 12.6, 1.2, 0.6, 1.0, 1.0, 2549.0, 2549.0]),
    ("ECO_GEP_AIR", [34.07, 0.036, 0.0226, 0.1076, 1200.0, 630.0, 150.0, "so2"]),
    ("ECO_GEP_CARBON", [34.07, 1.17, 0.76, 0.0, 44 / 12, 260.0, "quantity"]),
    ("ECO_GEP_OXYGEN", [110.0, 32 / 44, 1000.0]),
    ("ECO_GEP_CLIMATE", [34.07, 81100.0, 120.0, 3.0, 0.5]),
    ("ECO_GEP_LANDSCAPE", [34.07, 0.82, 2400.0, 4.56]),
    ("ECO_GEP_LANDSCAPE", [-34.07, 0.82, 2400.0, 4.56]),
    ("ECO_RUSLE", [34.07, 5823.42, 0.0336, 11.23, 0.001, 1.0]),
    ("ECO_NPP_SCALED", [200.0, 50.0, 1.0, 0.8]),
    ("ECO_VCS", [100.0]),
    ("ECO_BASELINE", [[2010.0, 2011.0, 2012.0, 2013.0], [358.6, 394.46, 430.32, 466.18], 2016.0]),
    (
        "ECO_VCSD",
        [
            [2010.0, 2011.0, 2012.0, 2013.0, 2014.0],
            [100.0, 110.0, 120.0, 130.0, None],
            [0.0, 0.0, 0.0, 0.0, 2.0],
            [0.0, 0.0, 0.0, 0.0, 0.0],
        ],
    ),
    ("ECO_CONVERT", [3.0, "亿元", "万元"]),
    ("ECO_CONVERT", [1.0, "km2", "mu"]),
]
MATRIX = (
    "ECO_TRANSFER_MATRIX",
    [["forest", "forest", "arable", "grassland"], ["forest", "arable", "arable", "forest"], [5.0, 2.0, 3.0, 1.5]],
)


def _put(ws, r: int, c: int, v) -> None:
    if v is None:
        return
    if isinstance(v, str):
        ws.write_string(r, c, v)
    else:
        ws.write_number(r, c, v)


def _layout(ws, r: int, args) -> tuple[list[str], int]:
    """Each argument on its own row from column D; returns the references and the rows used."""
    refs, row = [], r
    for a in args:
        if isinstance(a, list) and a and isinstance(a[0], list):  # a block
            for i, line in enumerate(a):
                for j, v in enumerate(line):
                    _put(ws, row + i, 3 + j, v)
            refs.append(f"{xl_rowcol_to_cell(row, 3)}:{xl_rowcol_to_cell(row + len(a) - 1, 2 + len(a[0]))}")
            row += len(a)
        elif isinstance(a, list):
            for j, v in enumerate(a):
                _put(ws, row, 3 + j, v)
            refs.append(f"{xl_rowcol_to_cell(row, 3)}:{xl_rowcol_to_cell(row, 2 + len(a))}")
            row += 1
        else:
            _put(ws, row, 3, a)
            refs.append(xl_rowcol_to_cell(row, 3))
            row += 1
    return refs, row - r


def engine_args(args):
    """The arguments as LibreOffice hands them to the add-in: one cell a value, a range tuples with ''."""
    out = []
    for a in args:
        if isinstance(a, list) and a and isinstance(a[0], list):
            out.append(tuple(tuple("" if v is None else v for v in line) for line in a))
        elif isinstance(a, list):
            out.append((tuple("" if v is None else v for v in a),))
        else:
            out.append(a)
    return out


def write_document(path: Path) -> tuple[list[tuple[int, object]], tuple[int, int, list]]:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet("Calc")
    ws.write_row(0, 0, ["function", "result", "", "arguments"])
    expected, r = [], 1
    for name, args in CASES:
        refs, used = _layout(ws, r, args)
        ws.write_string(r, 0, name)
        ws.write_formula(r, 1, f"={calc.CALC_PREFIX}{name}({','.join(refs)})", None, SENTINEL)
        expected.append((r, evaluate(name, engine_args(args), "en")))
        r += used + 1
    name, args = MATRIX
    for j, column in enumerate(args):
        for i, v in enumerate(column):
            _put(ws, r + i, 3 + j, v)
    refs = [f"{xl_rowcol_to_cell(r, 3 + j)}:{xl_rowcol_to_cell(r + len(args[0]) - 1, 3 + j)}" for j in range(3)]
    cols = [tuple((v,) for v in column) for column in args]
    matrix = evaluate(name, cols, "en")
    top = r + len(args[0]) + 1
    ws.write_string(top, 0, name)
    ws.write_array_formula(
        top,
        1,
        top + len(matrix) - 1,
        len(matrix[0]),
        f"{{={calc.CALC_PREFIX}{name}({','.join(refs)})}}",
        None,
        SENTINEL,
    )
    wb.close()
    return expected, (top, 1, matrix)


def _run_as_nobody() -> list[str]:
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env", "HOME=/tmp"]


@pytest.fixture(scope="module")
def calc_profile():
    """A private LibreOffice profile with the add-in installed by ``unopkg add``."""
    for tool in ("soffice", "unopkg"):
        assert recalc.soffice() and calc.unopkg(), f"LibreOffice ({tool}) is required: tools/test.sh installs it"
    assert calc.unoidl_write(), "unoidl-write (libreoffice-dev) is required: tools/test.sh installs it"
    root = Path(tempfile.mkdtemp(prefix="ecoaccount-calc-"))
    root.chmod(0o755)
    oxt = calc.build_oxt(root / "ecoaccount.oxt", compile_types=True)
    profile = root / "profile"
    profile.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        for p in (root, profile, oxt):
            os.chown(p, nobody.pw_uid, nobody.pw_gid)
        prefix = _run_as_nobody()
    done = subprocess.run(prefix + calc.install_command(oxt, profile), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    listed = subprocess.run(
        prefix + [calc.unopkg(), "list", f"-env:UserInstallation={profile.as_uri()}"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert calc.EXTENSION_ID in listed.stdout, listed.stdout + listed.stderr
    reg = profile / "user" / "registrymodifications.xcu"
    text = reg.read_text(encoding="utf-8")
    reg.write_text(text.replace("</oor:items>", RECALC_ITEMS + "</oor:items>"), encoding="utf-8")
    yield root, profile, oxt
    shutil.rmtree(root, ignore_errors=True)


def recalculate(doc: Path, profile: Path, outdir: Path, lang: str = "en") -> Path:
    cmd = [
        recalc.soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--calc",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(outdir),
        str(doc),
    ]
    env = {**os.environ, "ECOACCOUNT_LANG": lang}
    subprocess.run(cmd, check=True, capture_output=True, timeout=600, env=env)
    return outdir / doc.name


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def test_the_shipped_type_library_is_the_one_the_sdk_compiles(calc_profile, tmp_path):
    assert calc.compile_rdb(tmp_path / calc.RDB).read_bytes() == calc.shipped_rdb()


def test_extension_holds_component_types_and_function_help(calc_profile):
    _root, _profile, oxt = calc_profile
    with zipfile.ZipFile(oxt) as z:
        names = set(z.namelist())
        xcu = z.read("CalcAddIns.xcu").decode("utf-8")
    assert {"META-INF/manifest.xml", "description.xml", calc.RDB, "CalcAddIns.xcu", "ecoaccount_calc.py"} <= names
    assert "补偿需求强度" in xcu and "Compensation demand intensity" in xcu


def test_calc_computes_every_function_as_the_engine_does(calc_profile):
    root, profile, _oxt = calc_profile
    doc = root / "udf_in_calc.xlsx"
    expected, (top, left, matrix) = write_document(doc)
    out = recalculate(doc, profile, root / "out")
    grid = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Calc").to_python(skip_empty_area=False)
    got = [(r, grid[r][1]) for r, _ in expected]
    bad = [
        (CASES[i][0], g, e) for i, ((_r, g), (_r2, e)) in enumerate(zip(got, expected, strict=True)) if not same(g, e)
    ]
    assert not bad, bad
    assert all(g != SENTINEL for _r, g in got)  # every cell was really recalculated
    assert sum(isinstance(e, str) and e.startswith("#ECO!") for _r, e in expected) == 7
    block = [row[left : left + len(matrix[0])] for row in grid[top : top + len(matrix)]]
    assert block == [["" if v is None else v for v in line] for line in matrix]


def test_example_workbook_functions_agree_with_fill_formulas_in_calc(calc_profile):
    """The analyst's example (Calc file): every ECO_ cell recalculated by Calc equals fill's formula beside it."""
    from ecoaccount.examples import udf_functions

    root, profile, _oxt = calc_profile
    folder = root / "example"
    folder.mkdir()
    _excel, calc_file = udf_functions.build(folder, sentinel=True)
    out = recalculate(calc_file, profile, root / "out-example")
    book = CalamineWorkbook.from_path(str(out))
    audit = book.get_sheet_by_name("Audit").to_python()
    assert any(r[1] == 3 for r in audit if len(r) > 1 and r[0] == "recalculation sentinel")
    rows = [r for r in book.get_sheet_by_name(udf_functions.SHEET).to_python()[4:] if r[0] != ""]
    assert len(rows) == 45  # 15 cities × 3 years
    n = 0
    for r in rows:
        for c in (2, 5, 8, 11, 14, 17):
            assert isinstance(r[c + 1], float), (r[0], r[1], c, r[c + 1])
            assert math.isclose(r[c + 1], r[c], rel_tol=1e-9), (r[0], r[1], c)
            n += 1
        assert all(isinstance(v, float) for v in r[udf_functions.VC_COL : udf_functions.VC_COL + 6])
    assert n == 6 * 45


def test_single_empty_cell_reaches_the_addin_as_zero_but_a_one_cell_range_is_named(calc_profile):
    """LibreOffice turns an empty single-cell argument into 0 before any add-in sees it; written as a
    one-cell range (A1:A1) the emptiness survives and the function names it (docs/udf.md)."""
    root, profile, _oxt = calc_profile
    doc = root / "empty.xlsx"
    wb = xlsxwriter.Workbook(str(doc))
    ws = wb.add_worksheet("Calc")
    ws.write_formula("B1", f"={calc.CALC_PREFIX}ECO_T(A1)", None, SENTINEL)
    ws.write_formula("B2", f"={calc.CALC_PREFIX}ECO_T(A2:A2)", None, SENTINEL)
    wb.close()
    grid = (
        CalamineWorkbook.from_path(str(recalculate(doc, profile, root / "out-empty")))
        .get_sheet_by_name("Calc")
        .to_python(skip_empty_area=False)
    )
    assert grid[0][1] == 0.0
    assert grid[1][1] == "#ECO! ecps: the cell is empty (enter 0 if zero is meant)"


def test_messages_in_chinese_when_ecoaccount_lang_is_zh(calc_profile):
    root, profile, _oxt = calc_profile
    doc = root / "zh.xlsx"
    wb = xlsxwriter.Workbook(str(doc))
    ws = wb.add_worksheet("Calc")
    ws.write_string("A1", "abc")
    ws.write_row("A2", [1, -2])
    ws.write_formula("B1", f"={calc.CALC_PREFIX}ECO_T(A1)", None, SENTINEL)
    ws.write_formula("C1", f"={calc.CALC_PREFIX}ECO_ESV(A2:B2,A2:B2)", None, SENTINEL)
    wb.close()
    out = recalculate(doc, profile, root / "out-zh", lang="zh")
    grid = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Calc").to_python(skip_empty_area=False)
    assert grid[0][1] == "#ECO! ecps：“abc”是文本，此处应为数字"
    assert grid[0][2] == "#ECO! areas：-2 为负数，应大于或等于 0"
