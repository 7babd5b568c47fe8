"""A workbook speaks one language: a zh book has no English words, an en book no Chinese.

Every zh template, and every zh result workbook (the bundled zh examples, and each kind's zh template
filled with its example's data through ``ecoaccount fill``), is read cell by cell: sheet names, titles,
notes, headers, units, labels, the Checks and Audit sheets and every computed text. An ASCII word of
three letters or more fails the test unless it is

- a symbol of the papers or a unit symbol (``ALLOWED``: Ea, ECPS, GEP, kWh, …);
- a defined name of the workbook (what its formulas say: ``ESV_k``, ``Checks_all``);
- text the user typed: a word of an input table's data cells, or of the input's file name;
- an author or journal of a citation (``Xu 等 2026，Global NEST J.``), or a command to type (in backticks);
- in a column whose header says it holds codes or English names (参数代码, 服务（英文）, 英文名称);
- a value of the Lists sheet's unit table or dropdown sources, which list every spelling the reader
  accepts, in both languages (its title and headers are checked).

No cell of either language names a paper by its file id (``003``) instead of its citation.
The hidden marker sheet (``_ecoaccount``: kind, version, language for the reader) is not read by people
and is left out. The mirror test: an en book has no CJK character apart from what the user typed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from ecoaccount import api
from ecoaccount.citations import SOURCES, has_file_id
from ecoaccount.examples import EXAMPLES
from ecoaccount.kinds import KINDS
from ecoaccount.workbook.template import LISTS_SHEETS, META_SHEET

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
CJK = re.compile(r"[\u3400-\u9fff\uff08\uff09\u3001\uff0c\uff1b\uff1a\u3002]")
# Symbols of the papers' equations, unit symbols, the product's name, and functions of equations.
ALLOWED = {
    *(
        "S_ij",
        "S_ii",
        "Ea",
        "ESV",
        "ECPS",
        "GEP",
        "VCS",
        "VCSD",
        "NPP",
        "GDP",
        "EER",
        "FCSR",
        "FCS",
        "NOx",
        "SO2",
        "CO2",
    ),
    *("VAL_n", "GDP_n", "NPP_a", "NPP_b", "NPP_bg", "S_veg", "C_destroy", "C_restore", "C_ddper", "C_diper"),
    *("R_V", "R_VCS", "RUSLE", "SLOPE", "INTERCEPT", "SUMIFS", "arctan", "kWh", "ecoaccount", "SHA", "UTC", "xlsx"),
}
CITED = re.compile(r"[A-Z][a-z]+(?:、[A-Z][a-z]+)?(?: 等)? ?\d{4}|[A-Z][a-z]+ 等|`[^`]*`|\b[0-9a-f]{64}\b|doi:\S+")
# Columns whose header says they hold codes or English names: by design not Chinese.
CODE_COLUMN = re.compile(r"代码|英文")


def citation_words() -> set[str]:
    return {w for s in SOURCES.values() for w in WORD.findall(s.short_zh)}


def zh_pingshuo() -> dict:
    """The land-use example with its classes named in Chinese, as a zh template names them (the
    example itself uses the class ids of the packaged table, which an en template names)."""
    from ecoaccount.examples import landuse_pingshuo
    from ecoaccount.methods import landuse

    kw = landuse_pingshuo.template_kwargs("zh")
    zh = dict(zip(landuse.load_classes()["id"], landuse.load_classes()["label_zh"], strict=True))
    data = kw["data"]
    data["transitions"] = [[s, e, zh[a], zh[b], *rest] for s, e, a, b, *rest in data["transitions"]]
    data["reference"] = [
        [q, zh.get(c, c) if q != "zone_share" else c, zh.get(t, t), *rest] for q, c, t, *rest in data["reference"]
    ]
    return kw


def source(kind: str, lang: str, folder: Path) -> Path:
    """The bundled example of ``kind`` in ``lang``, or the kind's template filled with its data."""
    for e in EXAMPLES:
        if e.kind == kind and e.lang == lang:
            return ROOT / "workbooks" / e.filename
    example = next(e for e in EXAMPLES if e.kind == kind)
    kwargs = zh_pingshuo() if (kind, lang) == ("landuse", "zh") else example.build(lang)
    return api.make_template(kind, folder / f"{kind}_{lang}_模板.xlsx", lang, **kwargs)


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[tuple[str, str], tuple[Path, Path, Path]]:
    """(kind, lang) → (empty template, filled input, result)."""
    folder = tmp_path_factory.mktemp("语言")
    out = {}
    for kind in KINDS:
        for lang in ("en", "zh"):
            template = api.make_template(kind, folder / f"{kind}_{lang}_空白.xlsx", lang)
            src = source(kind, lang, folder)
            dst = folder / f"{kind}_{lang}_result.xlsx"
            api.fill(src, dst)
            out[(kind, lang)] = (template, src, dst)
    return out


def typed_words(src: Path, pattern: re.Pattern[str]) -> set[str]:
    """Words (or CJK characters) in the data cells of the input's tables, and in its file name."""
    parsed = api.load(src)
    found = set(pattern.findall(src.name))
    for table in parsed.tables.values():
        for row in parsed.raw.sheets[table.sheet][table.header_row + 1 :]:
            found |= {w for v in row if isinstance(v, str) for w in pattern.findall(v)}
    return found


def cells(path: Path):
    """(where, text) of every text cell and sheet name of the visible sheets, code columns left out."""
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        if name == META_SHEET:
            continue
        yield f"{path.name}: sheet name", name
        rows = wb.get_sheet_by_name(name).to_python()
        skip: set[int] = set()
        if name in LISTS_SHEETS.values():
            # Reference data: every accepted spelling of every unit and choice, in both languages by
            # design (the reader accepts either); its title and headers are in the book's language.
            rows = rows[:3]
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if not isinstance(v, str) or not v:
                    continue
                if CODE_COLUMN.search(v) and len(v) <= 12:
                    skip.add(j)  # a code column's header: its values below are codes
                    continue
                if j in skip and i > 0:
                    continue
                yield f"{path.name}: {name}!R{i + 1}C{j + 1}", v


def english_words(path: Path, allowed: set[str]) -> list[str]:
    out = []
    for where, text in cells(path):
        words = set(WORD.findall(CITED.sub(" ", text))) - allowed
        words = {w for w in words if len(re.sub(r"[^A-Za-z]", "", w)) >= 3}
        if has_file_id(text):  # a paper named by its file id, not by its citation
            words.add(text)
        if words:
            out.append(f"{where}: {sorted(words)} in {text[:100]!r}")
    return out


def defined_names(path: Path) -> set[str]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/workbook.xml").decode()
    return set(re.findall(r'<definedName name="([^"]+)"', xml))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_zh_template_has_no_english_words(books, kind):
    template, _src, _dst = books[(kind, "zh")]
    allowed = ALLOWED | citation_words() | defined_names(template)
    assert english_words(template, allowed) == []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_zh_result_workbook_has_no_english_words(books, kind):
    _template, src, dst = books[(kind, "zh")]
    allowed = ALLOWED | citation_words() | defined_names(dst) | typed_words(src, WORD)
    assert english_words(dst, allowed) == []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_en_book_has_no_chinese_apart_from_what_was_typed(books, kind):
    template, src, dst = books[(kind, "en")]
    typed = typed_words(src, CJK)
    found = []
    for path in (template, dst):
        for where, text in cells(path):
            chars = set(CJK.findall(text)) - typed
            if chars or has_file_id(text):
                found.append(f"{where}: {text[:100]!r}")
    assert found == []


def test_zh_results_agree_with_libreoffice(tmp_path, libreoffice_agrees):
    """The zh spellings in formulas (group and market criteria, zones, class groups) compute in
    LibreOffice what the engine computed, for every kind's zh book."""
    outs = []
    for kind in sorted(KINDS):
        out = tmp_path / f"{kind}_zh_结果.xlsx"
        api.fill(source(kind, "zh", tmp_path), out, sentinel=True)
        outs.append(out)
    assert libreoffice_agrees(*outs) > 1000


def test_a_zh_book_whose_lists_sheet_is_still_named_lists_is_read_and_filled(tmp_path):
    """Older zh books name the Lists sheet ``Lists``: the result carries it under that name, and the
    unit factors and dropdown names refer to it."""
    import openpyxl

    src = api.make_template(
        "vcs", tmp_path / "旧.xlsx", "zh", **next(e for e in EXAMPLES if e.kind == "vcs").build("zh")
    )
    wb = openpyxl.load_workbook(src)
    wb["列表"].title = "Lists"
    for name in list(wb.defined_names):
        wb.defined_names[name].attr_text = wb.defined_names[name].attr_text.replace("'列表'!", "Lists!")
    wb.save(src)
    out = tmp_path / "旧_结果.xlsx"
    api.fill(src, out)
    names = CalamineWorkbook.from_path(str(out)).sheet_names
    assert "Lists" in names and "列表" not in names
    settings = openpyxl.load_workbook(out)["单位换算"]
    assert "Lists!" in settings["C5"].value
