"""Native Excel charts of result workbooks (``ecoaccount.workbook.charts``).

The charts are read back from the written file (``xl/charts/chart*.xml``): one per declared chart,
titles in the book's language, and every series pointing at the cells of the declared result
column (values) and key column (categories) of its table, never at input or empty cells. The
declarations themselves are checked by one loop over every kind that declares charts.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name

from ecoaccount import api
from ecoaccount.examples import EXAMPLES
from ecoaccount.kinds import KINDS
from ecoaccount.outputs import CHART_TYPES, Chart, OutputSpec, ResultColumn, ResultTable
from ecoaccount.workbook import charts
from ecoaccount.workbook.sheets import Layout, Placed

DECLARED = {kind: mod for kind, mod in KINDS.items() if hasattr(mod, "OUTPUTS")}
NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
REF = re.compile(r"(?:'((?:[^']|'')+)'|([^'!(),]+))!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?")


def _example(kind: str, lang: str, folder: Path) -> Path:
    ex = next(e for e in EXAMPLES if e.kind == kind)
    src = folder / f"{kind}_{lang}_输入.xlsx"
    api.make_template(kind, src, lang, **ex.build(lang))
    return src


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[tuple[str, str], tuple[Path, Path]]:
    """(kind, lang) → (input, result) for ESV and VCS in both languages, sentinel set."""
    folder = tmp_path_factory.mktemp("图表")
    out = {}
    for kind in ("esv", "vcs"):
        for lang in ("en", "zh"):
            src = _example(kind, lang, folder)
            res = folder / f"{kind}_{lang}_结果.xlsx"
            api.fill(src, res, sentinel=True)
            out[(kind, lang)] = (src, res)
    return out


def read_charts(path: Path) -> list[dict]:
    """Every chart of a workbook: its title text and each series' name (a ref, or a text), values and
    categories refs."""
    from xml.etree import ElementTree as ET

    found = []
    with zipfile.ZipFile(path) as z:
        names = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        for n in names:
            root = ET.fromstring(z.read(n))
            title = root.find("c:chart/c:title", NS)
            text = "".join(t.text or "" for t in title.iter(f"{{{NS['a']}}}t")) if title is not None else ""
            series = []
            for ser in root.iter(f"{{{NS['c']}}}ser"):

                def ref(tag: str, ser=ser) -> str | None:
                    f = ser.find(f"c:{tag}//c:f", NS)
                    return f.text if f is not None else None

                values = ref("val") or ref("yVal")
                categories = ref("cat") or ref("xVal")
                literal = ser.find("c:tx/c:v", NS)
                series.append(
                    {
                        "name": ref("tx"),
                        "text": literal.text if literal is not None else None,
                        "values": values,
                        "categories": categories,
                    }
                )
            found.append({"title": text, "series": series})
    return found


def cells(ref: str) -> list[tuple[str, str, int]]:
    """(sheet, column letter, 1-based row) of every cell a chart formula names (ranges, unions)."""
    out = []
    for quoted, plain, c1, r1, c2, r2 in REF.findall(ref):
        sheet = (quoted.replace("''", "'") if quoted else plain).lstrip("=(")
        col_a = xl_cell_to_rowcol(f"{c1}1")[1]
        col_b = xl_cell_to_rowcol(f"{c2 or c1}1")[1]
        for r in range(int(r1), int(r2 or r1) + 1):
            for c in range(col_a, col_b + 1):
                out.append((sheet, xl_col_to_name(c), r))
    return out


def declared_cells(layout: Layout, table_id: str, column_ids: tuple[str, ...]) -> set[tuple[str, str, int]]:
    p = layout[table_id]
    return {(p.sheet_name, p.letter(c), r) for c in column_ids for r in range(p.first + 1, p.last + 2)}


def layout_of(kind: str, src: Path) -> Layout:
    mod = KINDS[kind]
    parsed = api.load(src)
    return Layout(mod.OUTPUTS, mod.result_frames(parsed), parsed.tables, parsed.lang, mod.unit_choices(parsed))


# -- declarations ---------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(DECLARED))
def test_every_declared_chart_names_columns_of_its_table(kind):
    spec: OutputSpec = DECLARED[kind].OUTPUTS
    ids = [ch.id for _, ch in spec.charts()]
    assert len(ids) == len(set(ids)), f"{kind}: chart ids repeat"
    for table, ch in spec.charts():
        own = {c.id for c in table.columns}
        keys = {c.id for c in table.columns[: table.keys]}
        cats = (ch.category,) if isinstance(ch.category, str) else ch.category
        assert ch.type in CHART_TYPES, ch
        assert ch.title_en.strip() and ch.title_zh.strip() and re.search(r"[\u4e00-\u9fff]", ch.title_zh), ch
        assert ch.series and set(ch.series) | set(ch.lines) <= own, ch
        assert set(cats) <= keys, f"{ch.id}: categories are key columns"
        assert ch.split is None or (ch.split in keys and ch.split not in cats), ch
        assert not ch.lines or ch.type == "column", f"{ch.id}: lines overlay a column chart"
        for c in ch.series + ch.lines:
            assert table.column(c).fmt not in ("text", "general"), f"{ch.id}: {c} is not a quantity"


def test_the_issue_s_charts_are_declared_for_esv_and_vcs():
    esv = {ch.id: (t.id, ch) for t, ch in KINDS["esv"].OUTPUTS.charts()}
    assert esv["esv_class_year"][1].type == "stacked" and esv["esv_class_year"][1].split == "class"
    assert esv["esv_groups"][1].series == ("provisioning", "regulating", "supporting", "cultural")
    assert esv["ecps_region"][0] == "compensation" and esv["r_region"][1].series == ("r",)
    vcs = {ch.id: (t.id, ch) for t, ch in KINDS["vcs"].OUTPUTS.charts()}
    assert vcs["vcs_baseline"][1].series == ("vcs", "baseline")
    assert vcs["vcsd_year"][1].lines == ("vcsd_cum",)


# -- the written charts -----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["esv", "vcs"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_charts_point_at_declared_result_cells(books, kind, lang):
    src, res = books[(kind, lang)]
    layout = layout_of(kind, src)
    declared = layout.spec.charts()
    found = read_charts(res)
    assert [c["title"] for c in found] == [ch.title(lang) for _, ch in declared]
    wb = openpyxl.load_workbook(res)
    result_sheets = {s.name(lang) for s in layout.spec.sheets}
    assert (charts.CHART_SHEET[1] if lang == "zh" else charts.CHART_SHEET[0]) in wb.sheetnames
    for (table, ch), chart in zip(declared, found, strict=True):
        values_ok = declared_cells(layout, table.id, ch.series + ch.lines)
        cats = (ch.category,) if isinstance(ch.category, str) else ch.category
        cats_ok = declared_cells(layout, table.id, cats)
        assert chart["series"], ch.id
        for s in chart["series"]:
            vals, cat = cells(s["values"]), cells(s["categories"])
            assert vals and set(vals) <= values_ok, f"{ch.id}: {s['values']}"
            assert cat and set(cat) <= cats_ok, f"{ch.id}: {s['categories']}"
            for sheet, col, row in vals + cat:
                assert sheet in result_sheets
                v = wb[sheet][f"{col}{row}"].value
                assert isinstance(v, str) and v.startswith("="), f"{sheet}!{col}{row} holds no formula: {v!r}"
            if s["name"] is not None:  # a header or key cell (a text name has no formula)
                (sheet, col, row), *_ = cells(s["name"])
                assert sheet in result_sheets and wb[sheet][f"{col}{row}"].value not in (None, "")


def test_split_series_follow_their_key(books):
    """ESV by land class and year: one series per land class, one point per year, named by the class cell."""
    src, res = books[("esv", "en")]
    layout = layout_of("esv", src)
    chart = next(c for c in read_charts(res) if c["title"].startswith("ESV by land class"))
    frame = layout.frames["sensitivity"]
    assert len(chart["series"]) == frame["class"].nunique()
    p = layout["sensitivity"]
    wb = openpyxl.load_workbook(res)
    for s in chart["series"]:
        (sheet, col, row), *_ = cells(s["name"])
        assert (sheet, col) == (p.sheet_name, p.letter("class"))
        assert len(cells(s["values"])) == frame["year"].nunique()
        # every point of the series is a row of that class
        klass = wb[sheet][f"{col}{row}"].value
        for _, _, r in cells(s["values"]):
            assert wb[sheet][f"{col}{r}"].value == klass


def test_zh_chart_axes_and_units_are_chinese(books):
    _, res = books[("esv", "zh")]
    with zipfile.ZipFile(res) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart"))
    assert "万元/年" in xml and "地区" in xml and "年份" in xml
    assert "yuan" not in xml and "Region" not in xml


def test_vcs_baseline_series_leave_out_years_before_destruction(books):
    src, res = books[("vcs", "en")]
    layout = layout_of("vcs", src)
    frame = layout.frames["patch_year"]
    chart = next(c for c in read_charts(res) if c["title"].startswith("VCS per patch"))
    baselines = [s for s in chart["series"] if "Baseline" in (s["text"] or "")]
    assert baselines
    assert sum(len(cells(s["values"])) for s in baselines) == int(frame["baseline"].notna().sum())


def test_too_large_a_chart_is_left_out_with_a_note(books, tmp_path, monkeypatch):
    monkeypatch.setattr(charts, "MAX_CATEGORIES", 3)
    src, _ = books[("esv", "zh")]
    out = tmp_path / "小.xlsx"
    api.fill(src, out)
    found = read_charts(out)
    # only the chart of 3 years (land class by year) stays; the others have 15 or 45 points
    assert [c["title"] for c in found] == ["分地类、年份的生态系统服务价值（全部地区）"]
    ws = openpyxl.load_workbook(out)["图表"]
    notes = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "未绘制" in c.value]
    assert len(notes) == 3 and all("最多 3 个数据点" in n for n in notes), notes


def test_too_many_series_are_left_out_before_they_are_built(books, tmp_path, monkeypatch):
    monkeypatch.setattr(charts, "MAX_SERIES", 2)
    src, _ = books[("vcs", "en")]
    out = tmp_path / "series.xlsx"
    api.fill(src, out)
    titles = [c["title"] for c in read_charts(out)]
    assert not any(t.startswith("VCS per patch") for t in titles) and len(titles) == 3
    ws = openpyxl.load_workbook(out)["Charts"]
    notes = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "left out" in c.value]
    assert len(notes) == 1 and "12 series" in notes[0] and "sheet PatchYear" in notes[0], notes


def test_results_agree_with_libreoffice(books, libreoffice_agrees):
    assert libreoffice_agrees(*(res for _, res in books.values())) > 1000


# -- heat maps -----------------------------------------------------------------------------------
def test_heatmap_columns_get_one_three_colour_scale(tmp_path):
    columns = (
        ResultColumn("from", "From", "转出", "", "={from}", "text"),
        *(ResultColumn(c, c, c, "ha", "=1", heatmap=True) for c in ("a", "b", "c")),
        ResultColumn("total", "Total", "合计", "ha", "=1"),
    )
    table = ResultTable("matrix", "matrix", "one row per class", "每个地类一行", columns, keys=1)
    path = tmp_path / "热图.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Matrix")
    charts.heat_map(ws, Placed(table, "Matrix", 3, 3))
    wb.close()
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<conditionalFormatting sqref="B5:B7 C5:C7 D5:D7">', xml), xml
    assert xml.count("<colorScale>") == 1 and xml.count("<cfvo") == 3


def test_a_split_series_is_a_range_when_contiguous_and_a_union_otherwise():
    table = ResultTable("t", "t", "rows", "行", (ResultColumn("v", "V", "值", "1", "=1"),))
    p = Placed(table, "价值 表", 3, 6)
    assert charts._cells(p, "v", [1, 2, 3]) == "='价值 表'!$A$6:$A$8"
    assert charts._cells(p, "v", [0, 4]) == "=('价值 表'!$A$5,'价值 表'!$A$9)"
    assert cells("('价值 表'!$A$5,'价值 表'!$A$9)") == [("价值 表", "A", 5), ("价值 表", "A", 9)]
    assert Chart("x", "X", "图", ("v",), "k").title("zh") == "图"


def test_the_issue_s_charts_are_declared_for_gep_and_land_use():
    gep = {ch.id: (t.id, ch) for t, ch in KINDS["gep"].OUTPUTS.charts()}
    assert gep["gep_indicators"][0] == "indicator_totals" and gep["gep_indicators"][1].per_row
    assert gep["gep_land"][0] == "land_type_gep" and gep["gep_land"][1].split == "scenario"
    for mode in ("transitions", "parcels"):
        lu = {ch.id: (t.id, ch) for t, ch in KINDS["landuse"].outputs(mode).charts()}
        assert lu["zone_shares"][0] == "zones" and lu["zone_shares"][1].type == "stacked"


@pytest.mark.parametrize(("kind", "lang"), [("gep", "zh"), ("landuse", "en")])
def test_gep_and_land_use_charts_point_at_their_result_cells(tmp_path, kind, lang):
    """GEP read across (one series per scenario, the indicators' header cells as categories); land
    use: one series per zone, labelled by the period's end year; one heat map per Matrix block."""
    src = _example(kind, lang, tmp_path)
    res = tmp_path / f"{kind}_{lang}_结果.xlsx"
    api.fill(src, res)
    layout = layout_of(kind, src)
    found = read_charts(res)
    assert [c["title"] for c in found] == [ch.title(lang) for _, ch in layout.spec.charts()]
    assert (charts.CHART_SHEET[1] if lang == "zh" else charts.CHART_SHEET[0]) in openpyxl.load_workbook(res).sheetnames
    if kind == "gep":
        p, indicators = layout["indicator_totals"], KINDS["gep"].INDICATORS
        chart = found[0]
        assert len(chart["series"]) == p.n == 2  # before, after
        for i, s in enumerate(chart["series"]):
            assert cells(s["name"]) == [(p.sheet_name, p.letter("scenario"), p.first + 1 + i)]
            assert {(c, r) for _, c, r in cells(s["values"])} == {(p.letter(c), p.first + 1 + i) for c in indicators}
            assert {(c, r) for _, c, r in cells(s["categories"])} == {
                (p.letter(c), p.header_row + 1) for c in indicators
            }
        assert len(found[1]["series"]) == 2  # one per scenario
        return
    p = layout["zones"]
    (chart,) = found
    zones = layout.frames[p.table.frame][p.table.column("zone").engine].nunique()
    assert len(chart["series"]) == zones
    for s in chart["series"]:
        assert {c for _, c, _ in cells(s["categories"])} == {p.letter("end_year")}
        assert {c for _, c, _ in cells(s["values"])} == {p.letter("share")}
    with zipfile.ZipFile(res) as z:
        sheets = openpyxl.load_workbook(res).sheetnames
        xml = z.read(f"xl/worksheets/sheet{sheets.index('Matrix') + 1}.xml").decode()
    periods = len(layout.frames["period_totals"])
    assert xml.count("<colorScale>") == periods
