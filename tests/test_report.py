"""The HTML report: declared headline figures and charts, zh page, numbers, print, rendered in Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ecoaccount import cli
from ecoaccount.kinds import KINDS
from ecoaccount.report import bar_chart
from ecoaccount.report.numbers import Column, decimals, fmt_number

ROOT = Path(__file__).resolve().parents[1]
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium() -> str:
    """The headless browser; CI installs Debian's chromium (tools/test.sh)."""
    found = next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)
    assert found, "headless Chromium is needed: apt-get install -y chromium (tools/test.sh installs it)"
    return found


def run_chromium(tmp: Path, *args: str) -> str:
    profile = tmp / "chromium-profile"  # a private profile: never share the user's
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--user-data-dir={profile}"]
    done = subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=300, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """Reports of the bundled ESV example in en and zh, and of the GEP example (en)."""
    tmp = tmp_path_factory.mktemp("report")
    out = {}
    for key, example in (
        ("en", "esv_crdc_15_cities.xlsx"),
        ("zh", "esv_crdc_15_cities_zh.xlsx"),
        ("gep", "gep_jinsha_county.xlsx"),
    ):
        res = tmp / f"{key}.xlsx"
        assert cli.main(["fill", str(ROOT / "workbooks" / example), "-o", str(res)]) == 0
        out[key] = tmp / f"{key}.html"
        assert cli.main(["report", str(res), "-o", str(out[key])]) == 0
    return out


def declared(kind: str, flag: str) -> list[str]:
    spec = KINDS[kind].OUTPUTS
    return [f"{t.id}.{c.id}" for s in spec.sheets for t in s.tables for c in t.columns if getattr(c, flag)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chromium_renders_charts_and_tables(pages, lang, tmp_path):
    dom = run_chromium(tmp_path, "--dump-dom", pages[lang].as_uri())
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}"' in dom
    # one chart per year for every declared chart column, as inline SVG with bars
    for output in declared("esv", "chart"):
        assert dom.count(f'data-output="{output}"') == 3, output
    assert dom.count("<svg") == 3 * len(declared("esv", "chart"))
    assert dom.count("<rect") > 100
    # every declared headline is a card; result tables and the checks are tables with rows
    assert dom.count('class="card headline"') == len(KINDS["esv"].OUTPUTS.figures)
    assert dom.count('<table class="result"') >= len(KINDS["esv"].OUTPUTS.sheets)
    assert re.search(r'<table class="checks">.*?<td class="ok">OK</td>', dom, re.S)
    # the page's order: headline figures, charts, tables, audit last
    ids = [dom.index(f'id="{i}"') for i in ("headlines", "charts", "tables", "audit")]
    assert ids == sorted(ids)
    shot = tmp_path / "page.png"
    run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", pages[lang].as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_zh_page_speaks_chinese(pages):
    page = pages["zh"].read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page
    assert re.search(r'font-family:"Noto Sans CJK SC"', page)  # CJK fonts first
    words = ("主要结果", "图表", "结果表", "审计信息", "校验", "生态系统服务总价值", "生态补偿额 R", "万元", "鹤岗")
    for word in words:
        assert word in page, word
    headings = re.findall(r"<(?:h1|h2|h3|figcaption|th)[^>]*>(.*?)</", page, re.S)
    english = [h for h in headings if re.search(r"\b(Headline|Charts|Result|Audit|Checks|Total|Provenance)\b", h)]
    assert not english
    for label in ("tool", "template kind", "input file"):  # the Audit sheet's labels, named in Chinese
        assert f">{label}<" not in page


def test_en_page_has_headline_figures_with_units(pages):
    page = pages["en"].read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    cards = re.findall(r'<div class="card headline">(.*?)</div>\s*</div>', page, re.S)
    assert len(cards) == len(KINDS["esv"].OUTPUTS.figures)  # the declared headline figures, in order
    assert "Regions" in cards[0] and cards[0].endswith('"value">15')
    assert (
        "Total ESV, last year" in cards[5] and "1e4 yuan/a" in cards[5] and cards[5].endswith('"value">23,001,833.56')
    )
    assert "Fuxin" in cards[-1]
    assert page.index('id="headlines"') < page.index("<svg")


def test_titles_do_not_repeat_themselves(pages):
    for key in ("en", "zh", "gep"):
        page = pages[key].read_text(encoding="utf-8")
        for caption in re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S):
            parts = re.split(r"\s+—\s+|[:：,，]\s*", re.sub(r"[（(].*?[)）]", "", caption).strip())
            assert len(parts) == len(set(parts)), caption


def test_per_class_charts_leave_out_the_total_bar(pages):
    page = pages["gep"].read_text(encoding="utf-8")
    assert page.count("<svg") >= 2  # a kind without declared outputs keeps its charts
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):
        labels = re.findall(r'text-anchor="end"[^>]*>([^<]*)<', svg)
        assert labels and not {"Total", "合计", "总计"} & set(labels)


def test_numbers_have_consistent_decimals_and_no_scientific_notation(pages):
    assert decimals([1234.5, 2.25, 7.0]) == 2
    assert decimals([3.0, 40.0]) == 0
    assert decimals([0.0123, 0.5]) == 3
    assert decimals([0.00001234]) == 6
    col = Column([1.5e-16, 0.25, 1234567.891])
    assert [col(v) for v in (1.5e-16, 0.25, 1234567.891)] == ["0.00", "0.25", "1,234,567.89"]
    assert fmt_number(-1e-12, 2) == "0.00"
    assert Column([2000.0, 2010.0])(2010.0) == "2010"  # years: no thousands separator
    assert Column([0.25], "percent")(0.25) == "25.0%"
    for key in ("en", "zh", "gep"):
        text = re.sub(r"<style>.*?</style>", "", pages[key].read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text).replace("1e4 yuan", "")  # the unit's name, not a number
        found = re.search(r"\b\d(?:\.\d+)?e[-+]?\d+\b", text, re.I)
        assert not found, text[found.start() - 80 : found.end() + 20]
    page = pages["en"].read_text(encoding="utf-8")
    chart = re.search(r'data-output="summary.total">.*?</svg>', page, re.S).group(0)
    values = re.findall(r'font-size="11">([\d,.-]+)</text>', chart)
    assert values and {len(v.split(".")[1]) for v in values} == {2}


def test_print_stylesheet_keeps_headings_with_their_content_and_charts_whole(pages, tmp_path):
    page = pages["zh"].read_text(encoding="utf-8")
    css = page[page.index("@media print") :]
    assert re.search(r"h1,h2,h3,figcaption[^{]*\{break-after:avoid", css)
    assert re.search(r"figure,svg,\.card,tr\{break-inside:avoid", css)
    pdf = tmp_path / "page.pdf"
    run_chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", pages["zh"].as_uri())
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_bar_chart_escapes_labels_and_draws_negative_bars_left_of_the_axis():
    svg = bar_chart([("<a&b>", 2.0), ("loss", -1.0)])
    assert "&lt;a&amp;b&gt;" in svg
    x = [float(v) for v in re.findall(r'<rect x="([\d.]+)"', svg)]
    assert x[1] < x[0]


def test_chart_hints_draw_lines_and_heat_maps_from_a_declaration():
    from ecoaccount.outputs import Figure, OutputSpec, ResultColumn, ResultSheet, ResultTable
    from ecoaccount.report import declared

    key = ResultColumn("mine", "Mine", "矿区", "", "={x}", "text")
    year = ResultColumn("year", "Year", "年份", "", "={x}", "integer")
    deficit = ResultColumn("vcsd", "VCSD", "固碳亏缺", "t", "={x}", chart="line")
    frm = ResultColumn("from", "From", "原地类", "", "={x}", "text")
    to = ResultColumn("to", "To", "现地类", "", "={x}", "text")
    area = ResultColumn("area", "Area", "面积", "ha", "={x}", chart="heatmap")
    spec = OutputSpec(
        "demo",
        (
            ResultSheet(
                "a",
                "Years",
                "逐年",
                "Deficit",
                "亏缺",
                (ResultTable("y", "y", "per mine", "每矿", (key, year, deficit), keys=2),),
            ),
            ResultSheet(
                "b",
                "Moves",
                "转移",
                "Moves",
                "转移",
                (ResultTable("m", "m", "per move", "每转移", (frm, to, area), keys=2),),
            ),
        ),
        figures=(
            Figure("deficit", "Deficit, last year", "末年亏缺", "t", "y", "vcsd", at=("year", "last")),
            Figure("mines", "Mines", "矿区数", "1", "y", "mine", "distinct", "integer"),
            Figure("nothing", "Not in this book", "本簿无此表", "1", "z", "x", "count", "integer"),
        ),
    )
    years = [["亏缺"], [], [], ["矿区", "年份", "固碳亏缺（吨）"]]
    years += [[m, float(y), float(i)] for m in ("甲", "乙") for i, y in enumerate(range(2010, 2014))]
    moves = [["转移"], [], [], ["原地类", "现地类", "面积（公顷）"], ["耕地", "林地", 3.0], ["林地", "耕地", 1.5]]
    found = declared.locate(spec, {"逐年": years, "转移": moves}, "zh")
    assert [len(f.rows) for f in found] == [8, 2]
    charts = declared.charts(found, "zh")
    assert [c["id"] for c in charts] == ["y.vcsd", "m.area"]
    line, heat = charts[0]["svg"], charts[1]["svg"]
    assert line.count("<polyline") == 2 and ">2013<" in line and ">甲<" in line  # one line per mine, legend
    assert heat.count("<rect") == 4 and ">3.00<" in heat and ">耕地<" in heat  # 2 × 2 cells
    assert charts[0]["unit"] == "吨" and charts[1]["title"] == "面积"
    cards = declared.headlines(spec, found, "zh")
    assert [(c["label"], c["unit"], c["value"]) for c in cards] == [("末年亏缺", "吨", "6"), ("矿区数", "", "2")]
