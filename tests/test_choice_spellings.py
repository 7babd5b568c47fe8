"""Every declared choice is accepted in either language, in a book of either language.

The choices are generated from the declarations (``Field.choices`` of every kind's SPEC, unit
parameters and unit spellings, lists with an en and a zh spelling): the zh label typed into an en
book, and the en label into a zh book, where the code goes, must give the same results as the code.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from ecoaccount import api
from ecoaccount.errors import InvalidWorkbookError
from ecoaccount.kinds import KINDS
from ecoaccount.spec import Field, TemplateSpec, normalise_header
from ecoaccount.units import UNIT_SPELLINGS, codes, spellings, unit_code
from ecoaccount.workbook.reader import is_list_ref
from ecoaccount.workbook.template import META_SHEET

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = {
    "esv": "esv_crdc_15_cities.xlsx",
    "gep": "gep_jinsha_county.xlsx",
    "landuse": "landuse_pingshuo.xlsx",
    "vcs": "vcs_synthetic_mines.xlsx",
}
#: Lists whose entries are names the book itself defines in one of its tables (classes of the
#: Classes table): a name of another language is another class, not another spelling.
OWN_NAMES = {"landuse_class"}
#: Columns that define the names of a list which other columns refer to: a GEP coefficient set is
#: named in the Coefficients table, and LandTypes refers to it by the same name.
DEFINED_IN = {"gep_coefficient_set": (("coefficient_sets", "coefficient_set"),)}


def _unit_quantity(choice: str) -> str:
    return {"area_unit": "area", "money_unit": "money", "mass_unit": "mass"}[choice]


def _labels(code: str, spelled: tuple[str, ...], lang: str) -> str:
    """The label of ``code`` a user of the other language would type: the zh label in an en book,
    the en label (else the code) in a zh book."""
    others = [s for s in spelled if s.casefold() != code.casefold()]
    zh = [s for s in others if not s.isascii()]
    en = [s for s in others if s.isascii()]
    if lang == "en":
        return zh[0] if zh else code
    return en[0] if en else code


def declared_choices(spec: TemplateSpec, lang: str) -> Iterator[tuple[str, str, str, str]]:
    """(table id or "", field or parameter id, code, the other language's label) of every choice."""
    for t in spec.tables:
        for f in t.fields:
            if f.kind != "choice" or not f.choices:
                continue
            if len(f.choices) == 1 and f.choices[0].endswith("_unit"):
                q = _unit_quantity(f.choices[0])
                for c in codes(q):
                    yield t.id, f.id, c, _unit_label(c, lang)
            elif len(f.choices) == 1 and is_list_ref(f.choices[0]):
                listed = spec.lists.get(f.choices[0])
                if f.choices[0] in OWN_NAMES or not isinstance(listed, dict):
                    continue
                en, zh = listed["en"], listed["zh"][: len(listed["en"])]
                for e, z in zip(en, zh, strict=True):
                    yield t.id, f.id, e, z if lang == "en" else e
            else:
                for c, spelled in f.choice_spellings().items():
                    yield t.id, f.id, c, _labels(c, spelled, lang)
    for p in spec.params:
        if p.kind == "choice" and p.choices and p.choices[0].endswith("_unit"):
            for c in codes(_unit_quantity(p.choices[0])):
                yield "", p.id, c, _unit_label(c, lang)


def _unit_label(code: str, lang: str) -> str:
    en, zh, _ = UNIT_SPELLINGS[code]
    return zh if lang == "en" else en


def _book(kind: str, lang: str, tmp: Path) -> Path:
    """The bundled example of ``kind`` marked as a book of language ``lang``."""
    wb = openpyxl.load_workbook(ROOT / "workbooks" / EXAMPLES[kind])
    ws = wb[META_SHEET]
    for row in ws.iter_rows(min_row=1, max_row=8):
        if row[0].value == "lang":
            row[1].value = lang
    path = tmp / f"{kind}_{lang}.xlsx"
    wb.save(path)
    return path


def _cell(wb: Any, spec: TemplateSpec, table: str, fid: str) -> Any:
    """The cell of the first data row of ``table.fid`` (or of parameter ``fid``), None when the
    example has no such row."""
    if not table:
        ws = _sheet(wb, spec.params_sheet_en, spec.params_sheet_zh)
        for row in ws.iter_rows(min_row=spec.params_header_row + 1):
            if row[0].value == fid:
                return row[2]
        return None
    t = spec.table(table)
    ws = _sheet(wb, t.sheet_en, t.sheet_zh)
    f: Field = t.field(fid)
    for cell in ws[t.header_row]:
        if cell.value is not None and normalise_header(cell.value) in f.header_aliases():
            below = ws.cell(t.header_row + 1, cell.column)
            return below if below.value is not None else None
    return None


def _sheet(wb: Any, *names: str) -> Any:
    return next(wb[n] for n in wb.sheetnames if n in names)


def outcome(path: Path, strict: bool) -> tuple:
    """What the tool makes of a book: the engine's result figures, and (``strict``) the tables and
    parameters the kinds see after their checks; or the problems (where, which message).

    A name of a book's own list (a GEP land type) stays as typed: only the figures must agree."""
    try:
        parsed = api.load(path)
    except InvalidWorkbookError as exc:
        return ("refused", sorted((p.location, p.message.id) for p in exc.problems))
    frames = KINDS[parsed.spec.kind].result_frames(parsed)
    figures = {
        name: [round(float(v), 9) for v in df.select_dtypes("number").to_numpy().ravel() if v == v]
        for name, df in frames.items()
    }
    if not strict:
        return ("read", figures)
    tables = {tid: t.df.astype(object).where(t.df.notna(), None).to_dict("list") for tid, t in parsed.tables.items()}
    return ("read", figures, tables, parsed.params)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_choice_in_the_other_language(kind: str, lang: str, tmp_path: Path) -> None:
    spec = KINDS[kind].SPEC
    wb = openpyxl.load_workbook(_book(kind, lang, tmp_path))
    tried, differ = 0, []
    for table, fid, code, label in declared_choices(spec, lang):
        cells = _cells(wb, spec, table, fid, code)
        if not cells:
            continue
        strict = not (table and is_list_ref(_choices(spec, table, fid)[0]))
        typed, found = [c.value for c in cells], []
        for value in (code, label):
            for c in cells:
                c.value = value
            wb.save(tmp_path / "typed.xlsx")
            found.append(outcome(tmp_path / "typed.xlsx", strict))
        for c, v in zip(cells, typed, strict=True):
            c.value = v
        tried += 1
        if found[0] != found[1]:
            differ.append((table, fid, code, label, found[1][:1], found[1][1] if found[1][0] == "refused" else ""))
    assert tried >= 4, f"{kind}: the example has too few choice cells"
    assert not differ, differ


def _typed(src: Path, spec: TemplateSpec, table: str, fid: str, value: str, out: Path) -> Path | None:
    """A copy of ``src`` with ``value`` typed into the first data row of ``table.fid``."""
    wb = openpyxl.load_workbook(src)
    cell = _cell(wb, spec, table, fid)
    if cell is None:
        return None
    cell.value = value
    wb.save(out)
    return out


def _choices(spec: TemplateSpec, table: str, fid: str) -> tuple[str, ...]:
    return spec.table(table).field(fid).choices or ("",)


def _cells(wb: Any, spec: TemplateSpec, table: str, fid: str, code: str) -> list[Any]:
    """Where ``code`` is typed: the first data row of ``table.fid`` (or the parameter's cell); for a
    name of a list (a GEP land type), every cell of every column of that list that names it, so
    that one name is not typed in two languages in one book."""
    first = _cell(wb, spec, table, fid)
    if first is None or not table or not is_list_ref(_choices(spec, table, fid)[0]):
        return [] if first is None else [first]
    listed = _choices(spec, table, fid)[0]
    out = []
    for t in spec.tables:
        for f in t.fields:
            if f.choices != (listed,) and (t.id, f.id) not in DEFINED_IN.get(listed, ()):
                continue
            ws = _sheet(wb, t.sheet_en, t.sheet_zh)
            col = next((c.column for c in ws[t.header_row] if normalise_header(c.value) in f.header_aliases()), None)
            if col is None:
                continue
            for r in range(t.header_row + 1, ws.max_row + 1):
                v = ws.cell(r, col).value
                if isinstance(v, str) and v.strip().casefold() == code.casefold():
                    out.append(ws.cell(r, col))
    return out or [first]


def test_every_declared_choice_is_covered() -> None:
    """Each kind's example holds a row for each of its choice fields, so the test above tries them
    all (a table left empty in the example would leave its choices untried)."""
    missing = []
    for kind, mod in KINDS.items():
        wb = openpyxl.load_workbook(ROOT / "workbooks" / EXAMPLES[kind])
        fields = {(t, f) for t, f, _c, _l in declared_choices(mod.SPEC, "en")}
        missing += [(kind, t, f) for t, f in sorted(fields) if _cell(wb, mod.SPEC, t, f) is None]
    assert not missing, missing


def test_every_unit_spelling_is_read_as_its_code() -> None:
    for q in ("area", "money", "mass"):
        for c in codes(q):
            for s in (*spellings(c), *UNIT_SPELLINGS[c][:2]):
                assert unit_code(q, s) == c, (q, s)
                assert unit_code(q, f"  {s.upper()} ") == c, (q, s)


def test_field_choices_in_every_spelling() -> None:
    """Each declared spelling (code, zh label, en label) maps onto the code, whatever its case."""
    for mod in KINDS.values():
        for t in mod.SPEC.tables:
            for f in t.fields:
                for c, spelled in f.choice_spellings().items():
                    for s in spelled:
                        assert f.choice_map()[s.casefold()] == c


def test_reference_zone_in_any_spelling(tmp_path: Path) -> None:
    """A land-use Reference row names a zone by code, zh label (as zh result books show it) or en
    label: all three give the same comparison."""
    from ecoaccount.kinds import landuse
    from ecoaccount.methods.landuse import ZONE_LABELS

    results = {}
    for typed in ("low_carbon_optimisation", "低碳优化区", ZONE_LABELS["low_carbon_optimisation"][0], "forest park"):
        wb = openpyxl.load_workbook(ROOT / "workbooks" / EXAMPLES["landuse"])
        ws = wb["Reference"]
        row = ws.max_row + 1
        for col, v in enumerate(("zone_share", typed, None, None, 1986, 2018, 0.1, "stated"), start=1):
            ws.cell(row, col, v)
        path = tmp_path / "ref.xlsx"
        wb.save(path)
        if typed == "forest park":  # not a zone: the zones in the book's language
            with pytest.raises(InvalidWorkbookError) as exc:
                api.load(path)
            zh, en = (" ".join(p.message.render(lg) for p in exc.value.problems) for lg in ("zh", "en"))
            assert "低碳优化区" in zh and "未分区" in zh and "low_carbon_optimisation" not in zh
            assert "low_carbon_optimisation" in en and "低碳优化区" not in en
            continue
        parsed = api.load(path)
        d = parsed.tables["reference"].df
        results[typed] = d[d["quantity"] == "zone_share"]["class"].tolist()
        assert results[typed][-1] == "low_carbon_optimisation"
        assert landuse.zone_text(results[typed][-1], "zh") == "低碳优化区"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_wrong_choice_lists_the_choices_in_the_book_language(lang: str, tmp_path: Path) -> None:
    """A value that is none of the choices is refused with the choices in the book's language."""
    src = _book("landuse", lang, tmp_path)
    spec = KINDS["landuse"].SPEC
    path = _typed(src, spec, "rules", "zone", "forest park", tmp_path / "bad.xlsx")
    assert path is not None
    with pytest.raises(InvalidWorkbookError) as exc:
        api.fill(path, tmp_path / "never.xlsx")
    text = " ".join(p.message.render(lang) for p in exc.value.problems)
    zones = spec.table("rules").field("zone").choice_values(lang)
    assert "forest park" in text
    assert all(z in text for z in zones), text
    if lang == "zh":
        assert "low_carbon_optimisation" not in text
    else:
        assert "低碳优化区" not in text
    assert not (tmp_path / "never.xlsx").exists()


def test_result_book_agrees_with_labels(tmp_path: Path, libreoffice_agrees) -> None:
    """Land-use choices typed as labels of the other language (zones, quantities, groups, statuses,
    the area unit): the results are those of the codes, and LibreOffice agrees with every formula."""
    spec = KINDS["landuse"].SPEC
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.load_workbook(ROOT / "workbooks" / EXAMPLES["landuse"])
    ws = wb["Reference"]
    row = ws.max_row + 1
    for col, v in enumerate(("zone_share", "enhancement", None, None, 1986, 2018, 0.1, "stated"), start=1):
        ws.cell(row, col, v)
    wb.save(plain)
    labelled = tmp_path / "labelled.xlsx"
    wb = openpyxl.load_workbook(plain)
    changed = 0
    for t in spec.tables:
        ws = _sheet(wb, t.sheet_en, t.sheet_zh)
        heads = {normalise_header(c.value): c.column for c in ws[t.header_row] if c.value is not None}
        for f in t.fields:
            col = next((heads[h] for h in f.header_aliases() if h in heads), None)
            spelled = f.choice_spellings()
            if col is None or not spelled:
                continue
            for r in range(t.header_row + 1, ws.max_row + 1):
                v = ws.cell(r, col).value
                if v in spelled:
                    ws.cell(r, col).value = spelled[v][-1] if changed % 2 else _labels(v, spelled[v], "en")
                    changed += 1
        if t.id == "reference":
            for r in range(t.header_row + 1, ws.max_row + 1):
                if ws.cell(r, 1).value == "zone_share":
                    ws.cell(r, 2).value = "碳汇增强区"
    wb.save(labelled)
    assert changed > 10
    out_plain, out_labelled = tmp_path / "plain_out.xlsx", tmp_path / "labelled_out.xlsx"
    api.fill(plain, out_plain)
    api.fill(labelled, out_labelled, sentinel=True)
    mod = KINDS["landuse"]
    a, b = mod.result_frames(api.load(plain)), mod.result_frames(api.load(labelled))
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_dtype=False)
    computed = _computed_column(out_labelled)
    assert computed == _computed_column(out_plain) and any(v is not None for v in computed)
    libreoffice_agrees(out_labelled)


def _computed_column(path: Path) -> list[Any]:
    """The Computed column of the Comparison sheet, as cached."""
    ws = openpyxl.load_workbook(path)["Comparison"]
    return [ws.cell(r, 9).value for r in range(1, ws.max_row + 1)]


@pytest.mark.parametrize("example", ["gep_jinsha_county.xlsx", "gep_jinsha_county_zh.xlsx"])
def test_scenario_defaults_in_the_other_language(example: str, tmp_path: Path, libreoffice_agrees) -> None:
    """The declared scenario names (before / 修复前, after / 修复后) name the same scenarios in either
    language: parameters typed in one language find LandUse rows named in the other."""
    spec = KINDS["gep"].SPEC
    src = ROOT / "workbooks" / example
    expected = outcome(src, strict=False)
    assert expected[0] == "read"
    wb = openpyxl.load_workbook(src)
    for pid in ("baseline_scenario", "target_scenario"):
        cell, p = _cell(wb, spec, "", pid), spec.param(pid)
        cell.value = {p.default: p.default_zh, p.default_zh: p.default}[cell.value]
    wb.save(tmp_path / "other.xlsx")
    assert outcome(tmp_path / "other.xlsx", strict=False) == expected
    api.fill(tmp_path / "other.xlsx", tmp_path / "out.xlsx", sentinel=True)
    libreoffice_agrees(tmp_path / "out.xlsx")
