"""The UDF-ready workbook that ``ecoaccount xl`` writes: xlwings' standalone layout for Excel.

The file is macro-enabled (.xlsm) and carries:

- the xlwings VBA module of the installed xlwings (taken from its own ``quickstart_standalone.xlsm``,
  so that VBA and Python sides have the same version, and no add-in is strictly needed);
- an ``xlwings.conf`` sheet whose ``UDF Modules`` names ``ecoaccount.udf``;
- a ``Functions`` sheet: every function with its syntax, units and help (en and zh), and a live
  example call beside each, with the engine's value cached so the file reads correctly at once.

Excel (Windows) then needs "Trust access to the VBA project object model" and one "Import
Functions" (xlwings ribbon, or the macro ``ImportPythonUDFs``); see :data:`STEPS`.
"""

from __future__ import annotations

import io
import zipfile
from importlib.resources import files
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ecoaccount.udf.adapters import evaluate
from ecoaccount.udf.registry import FUNCTIONS, Function

CONF_SHEET = "xlwings.conf"
CONF = [
    ("Interpreter_Win", "python"),
    ("Interpreter_Mac", ""),
    ("PYTHONPATH", ""),
    ("Conda Path", ""),
    ("Conda Env", ""),
    ("UDF Modules", "ecoaccount.udf"),
    ("Debug UDFs", False),
    ("Use UDF Server", False),
    ("Show Console", False),
]

STEPS = {
    "en": [
        "Excel on Windows (classic xlwings UDFs; macOS Excel does not run them):",
        '  1. pip install "ecoaccount[udf]"   (installs xlwings)',
        "  2. xlwings addin install           (optional: the ribbon; the workbook also works standalone)",
        "  3. Excel > File > Options > Trust Center > Trust Center Settings > Macro Settings:",
        '     tick "Trust access to the VBA project object model"',
        "  4. open {path}, enable macros, then xlwings ribbon > Import Functions",
        "     (or Alt+F8 > ImportPythonUDFs); the ECO_ functions now compute in every cell",
        "  5. in your own workbooks: same xlwings.conf sheet (or the add-in's UDF Modules = ecoaccount.udf)",
        "Microsoft 365 (Windows, macOS, web): xlwings Lite, see docs/udf.md.",
        "LibreOffice Calc (any system): ecoaccount calc-addin -o ecoaccount.oxt --install",
    ],
    "zh": [
        "Windows 版 Excel（经典 xlwings 自定义函数；macOS 版 Excel 不支持）：",
        '  1. pip install "ecoaccount[udf]"   （安装 xlwings）',
        "  2. xlwings addin install           （可选：功能区；本工作簿也可独立使用）",
        "  3. Excel > 文件 > 选项 > 信任中心 > 信任中心设置 > 宏设置：",
        "     勾选“信任对 VBA 工程对象模型的访问”",
        "  4. 打开 {path}，启用宏，然后 xlwings 功能区 > Import Functions",
        "     （或 Alt+F8 > ImportPythonUDFs）；此后 ECO_ 函数即可在单元格中计算",
        "  5. 在自己的工作簿中：同样的 xlwings.conf 工作表（或在加载项中设置 UDF Modules = ecoaccount.udf）",
        "Microsoft 365（Windows、macOS、网页版）：xlwings Lite，见 docs/udf.md。",
        "LibreOffice Calc（任何系统）：ecoaccount calc-addin -o ecoaccount.oxt --install",
    ],
}

# One example call per function: arguments as the cells hold them (a list = a row of cells).
EXAMPLES: dict[str, list[Any]] = {
    "ECO_EA": [[2.1, 2.4, 1.9], [6100, 5200, 7000], [120, 80, 60.5]],
    "ECO_VC": [[0.29, 0.66, 0.34, 2.17, 6.5, 1.93, 4.74, 2.65, 0.2, 2.41, 1.06], 752.69],
    "ECO_ESV": [[310124.3, 691540.84, 49541.47], [3018.27, 17274.15, 8603.21]],
    "ECO_NONMARKET": [[36610, 45167, 27680, 133667, 360442, 112459, 370352, 168158, 13696, 135938, 60681]],
    "ECO_ECPS": [13830727397.8, 6374990000, 1081946.27],
    "ECO_T": [2.1695],
    "ECO_COMPENSATION": [13830727397.8, 2.1695, 0.15],
    "ECO_GEP_AGRI": [[176.96], [2400], "value"],
    "ECO_GEP_WATER": [34.07, 1126.71, 0, 710.53, 2.4, "quantity"],
    "ECO_GEP_SOIL": [
        34.07,
        5823.42,
        0.0336,
        11.23,
        0.001,
        1,
        0.24,
        0.93,
        18.24,
        1.53,
        0.72,
        2.17,
        5.56,
        1500,
        900,
        "value",
    ],
    "ECO_GEP_AIR": [34.07, 0.036, 0.0226, 0.1076, 1200, 630, 150, "value"],
    "ECO_GEP_CARBON": [34.07, 1.17, 0.76, 0, 44 / 12, 386, "quantity"],
    "ECO_GEP_OXYGEN": [267.3, 32 / 44, 1000, "value"],
    "ECO_GEP_CLIMATE": [34.07, 81100, 90, 3, 0.45, "value"],
    "ECO_GEP_LANDSCAPE": [34.07, 0.82, 2400, 4.56, "value"],
    "ECO_RUSLE": [34.07, 5823.42, 0.0336, 11.23, 0.001, 1],
    "ECO_NPP_SCALED": [200, 50, 1, 0.8],
    "ECO_VCS": [100, 2.2, 1.63],
    "ECO_BASELINE": [[2010, 2011, 2012, 2013], [358.6, 394.46, 430.32, 466.18], 2016],
    "ECO_VCSD": [[2010, 2011, 2012, 2013, 2014], [100, 110, 120, 130, 0], [0, 0, 0, 0, 2], [0, 0, 0, 0, 0]],
    "ECO_TRANSFER_MATRIX": [["forest", "forest", "arable"], ["forest", "arable", "arable"], [5, 2, 3]],
    "ECO_CONVERT": [3, "亿元", "万元"],
}


def xlwings_vba() -> bytes:
    """``vbaProject.bin`` of the installed xlwings' standalone quickstart workbook."""
    quickstart = files("xlwings").joinpath("quickstart_standalone.xlsm").read_bytes()
    with zipfile.ZipFile(io.BytesIO(quickstart)) as z:
        return z.read("xl/vbaProject.bin")


def syntax(fn: Function) -> str:
    return f"={fn.name}(" + ", ".join(f"[{a.name}]" if a.optional else a.name for a in fn.args) + ")"


def _arguments(fn: Function, lang: str) -> str:
    parts = []
    for a in fn.args:
        unit = f" [{a.unit_text(lang)}]" if a.unit_text(lang) else ""
        parts.append(f"{a.name}{unit}: {a.label(lang)}")
    return "; ".join(parts)


def _example(ws: Any, r: int, fn: Function, fmt: dict[str, Any]) -> int:
    """Write the example arguments from column G on (columns for ranges) and the call in column F."""
    args = EXAMPLES[fn.name]
    refs, height, col = [], 1, 6
    values = []
    for a, v in zip(fn.args, args, strict=False):
        if isinstance(v, list):
            vertical = fn.returns == "array"
            for i, x in enumerate(v):
                rr, cc = (r + i, col) if vertical else (r, col + i)
                (ws.write_string if isinstance(x, str) else ws.write_number)(rr, cc, x, fmt["input"])
            end = (r + len(v) - 1, col) if vertical else (r, col + len(v) - 1)
            refs.append(f"{xl_rowcol_to_cell(r, col)}:{xl_rowcol_to_cell(*end)}")
            values.append([[x] for x in v] if vertical else [v])
            height = max(height, len(v) if vertical else 1)
            col += 1 if vertical else len(v)
        else:
            (ws.write_string if isinstance(v, str) else ws.write_number)(r, col, v, fmt["input"])
            refs.append(xl_rowcol_to_cell(r, col))
            values.append(v)
            col += 1
        del a
    result = evaluate(fn.name, values, "en")
    formula = f"={fn.name}({','.join(refs)})"
    if fn.returns == "array":
        top = r + height + 1
        ws.write_string(r, 5, "↓", fmt["note"])
        # A legacy array formula over the result's size (Excel 365 also spills it); the first cell's value
        # is cached, the others fill in at the first calculation.
        ws.write_array_formula(
            top, 6, top + len(result) - 1, 6 + len(result[0]) - 1, "{" + formula + "}", fmt["result"], result[0][0]
        )
        return height + len(result) + 2
    ws.write_formula(r, 5, formula, fmt["result"], result)
    return height


def write_udf_workbook(path: str | Path, lang: str = "en") -> Path:
    """Write the UDF-ready .xlsm (see the module docstring)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    wb = xlsxwriter.Workbook(str(part), {"strings_to_formulas": False, "strings_to_numbers": False})
    wb.add_vba_project(io.BytesIO(xlwings_vba()), is_stream=True)
    wb.set_vba_name("ThisWorkbook")
    fmt = {
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "header": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}),
        "note": wb.add_format({"italic": True, "font_color": "#595959"}),
        "input": wb.add_format({"bg_color": "#FFF2CC", "border": 1}),
        "result": wb.add_format({"bg_color": "#E2EFDA", "border": 1, "num_format": "#,##0.####"}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
    }
    ws = wb.add_worksheet("Functions")
    ws.set_vba_name("Sheet1")
    zh = lang == "zh"
    ws.write_string(0, 0, "ecoaccount 工作表函数" if zh else "ecoaccount worksheet functions", fmt["title"])
    for i, line in enumerate(STEPS[lang][:7]):
        ws.write_string(1 + i, 0, line.format(path=path.name), fmt["note"])
    head = (
        ["函数", "语法", "说明", "参数（单位）", "来源", "示例结果", "示例参数 →"]
        if zh
        else [
            "Function",
            "Syntax",
            "What it computes",
            "Arguments (units)",
            "Source",
            "Example result",
            "Example arguments →",
        ]
    )
    r = 9
    for c, h in enumerate(head):
        ws.write_string(r, c, h, fmt["header"])
    ws.set_column(0, 0, 20)
    ws.set_column(1, 1, 36)
    ws.set_column(2, 3, 48)
    ws.set_column(4, 4, 12)
    ws.set_column(5, 5, 22)
    ws.set_column(6, 30, 10)
    r += 1
    for fn in FUNCTIONS:
        ws.write_string(r, 0, fn.name, fmt["wrap"])
        ws.write_string(r, 1, syntax(fn), fmt["wrap"])
        ws.write_string(r, 2, fn.help(lang), fmt["wrap"])
        ws.write_string(r, 3, _arguments(fn, lang), fmt["wrap"])
        ws.write_string(r, 4, fn.source_text(lang), fmt["wrap"])
        r += _example(ws, r, fn, fmt) + 1
    conf = wb.add_worksheet(CONF_SHEET)
    conf.set_vba_name("Sheet2")
    for i, (key, value) in enumerate(CONF):
        conf.write_string(i, 0, key)
        (conf.write_boolean if isinstance(value, bool) else conf.write_string)(i, 1, value)
    conf.set_column(0, 1, 22)
    wb.close()
    part.replace(path)
    return path
