"""Declared outputs: every kind that declares ``OUTPUTS`` is checked by the same loop.

Each output column has en and zh labels and a unit (or the dimensionless marker); every unit
renders in both languages; every formula template renders for the bundled example; every engine
column exists in the engine's tables for that example. The generic writer's pieces (units,
placeholders) are checked on small hand-made cases.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from ecoaccount import api
from ecoaccount.examples import EXAMPLES, build_examples
from ecoaccount.kinds import KINDS
from ecoaccount.outputs import (
    AGGREGATES,
    AUDIT_LABELS,
    DIMENSIONLESS,
    FORMATS,
    SYMBOLS,
    UNIT_TOKEN,
    Figure,
    OutputSpec,
    ResultColumn,
    ResultSheet,
    ResultTable,
    UnitChoice,
    figure_header,
    figure_values,
    format_figure,
    header,
    render_unit,
    scaled,
    shared_sheet,
    unit_scale,
)
from ecoaccount.workbook.sheets import Layout, Placed, TemplateError
from ecoaccount.workbook.writer import FORBIDDEN

DECLARED = {kind: mod for kind, mod in KINDS.items() if hasattr(mod, "OUTPUTS")}
WAN = {"money": UnitChoice("1e4 yuan", "万元", 1e4)}


@pytest.fixture(scope="module")
def examples(tmp_path_factory) -> dict[str, list[Path]]:
    """The bundled example workbooks of every declared kind, en and zh."""
    files = build_examples(tmp_path_factory.mktemp("examples"))
    by_kind: dict[str, list[Path]] = {}
    for example, path in zip(EXAMPLES, files, strict=True):
        by_kind.setdefault(example.kind, []).append(path)
    return by_kind


def columns(spec: OutputSpec):
    for s in spec.sheets:
        for t in s.tables:
            for i, c in enumerate(t.columns):
                yield s, t, i, c


def test_at_least_one_kind_declares_its_outputs():
    assert "esv" in DECLARED


@pytest.mark.parametrize("kind", sorted(DECLARED))
class TestOutputSpec:
    def test_every_column_has_labels_unit_and_format(self, kind):
        spec: OutputSpec = DECLARED[kind].OUTPUTS
        assert spec.kind == kind
        for _s, t, i, c in columns(spec):
            where = f"{kind}:{t.id}.{c.id}"
            assert c.en.strip() and c.zh.strip(), where
            assert c.fmt in FORMATS, where
            if i >= t.keys and c.fmt != "text":  # keys (region, year, ...) and text need no unit
                assert c.unit != "", f"{where}: declare a unit, or {DIMENSIONLESS!r} for a pure number"
            if isinstance(c.unit, str):
                unknown = [
                    tok
                    for tok in UNIT_TOKEN.findall(c.unit)
                    if tok[0].isalpha() and tok not in SYMBOLS and tok not in spec.units
                ]
                assert not unknown, f"{where}: unknown unit symbols {unknown}"
            if c.headline:
                assert all(c.headline), where

    def test_sheets_and_tables_are_named_in_both_languages(self, kind):
        spec: OutputSpec = DECLARED[kind].OUTPUTS
        inputs = {t.id for t in DECLARED[kind].SPEC.tables}
        for lang in ("en", "zh"):
            names = [s.name(lang) for s in spec.sheets]
            assert len(set(names)) == len(names) and all(0 < len(n) <= 31 for n in names)
        ids = [t.id for s in spec.sheets for t in s.tables]
        assert len(set(ids)) == len(ids)
        assert not set(ids) & inputs, "result table ids must differ from input table ids"
        for s in spec.sheets:
            assert s.title_en and s.title_zh and s.tables
            for t in s.tables:
                assert t.rows_en and t.rows_zh
                assert len({c.id for c in t.columns}) == len(t.columns)

    def test_every_template_renders_and_every_engine_column_exists(self, kind, examples):
        mod = DECLARED[kind]
        spec: OutputSpec = mod.OUTPUTS
        for path in examples[kind]:
            parsed = api.load(path)
            frames = mod.result_frames(parsed)
            layout = Layout(spec, frames, parsed.tables, parsed.lang, mod.unit_choices(parsed))
            for _s, t, _i, c in columns(spec):
                frame = frames[t.frame]
                assert c.engine in frame.columns, f"{kind}:{t.id}.{c.id}: engine column {c.engine!r}"
                formulas = layout.render(t.id, c.formula)
                assert len(formulas) == len(frame) > 0
                for f in (formulas[0], formulas[-1]):
                    assert "{" not in f and "}" not in f and not FORBIDDEN.search(f), f"{t.id}.{c.id}: {f}"
                    assert f.count("(") == f.count(")"), f
            for s in spec.sheets:
                for t in s.tables:
                    for c in t.columns:
                        assert header(c, parsed.lang, layout.choices)


class TestUnits:
    def test_money_per_area_in_both_languages(self):
        assert render_unit("money/ha", "zh", WAN) == "万元/公顷"
        assert render_unit("money/ha", "en", WAN) == "1e4 yuan/ha"
        assert render_unit("yuan/(ha·a)", "zh", WAN) == "元/(公顷·年)"
        assert render_unit("t/a", "en", WAN) == "t/a"
        assert render_unit(DIMENSIONLESS, "zh", WAN) == ""

    def test_scale_from_canonical_to_chosen_unit(self):
        # 25,000 yuan/a shown in 10⁴ yuan/a is 2.5; 3 yuan/ha·... per 10⁴ yuan in the denominator
        assert 25_000 * unit_scale("money/a", WAN) == pytest.approx(2.5)
        assert unit_scale("yuan/money", WAN) == pytest.approx(1e4)
        assert unit_scale("yuan/(ha·a)", WAN) == 1.0

    def test_header_carries_unit_in_the_books_language(self):
        c = ResultColumn("total", "Total", "合计", "money/a", "=1")
        assert header(c, "en", WAN) == "Total (1e4 yuan/a)"
        assert header(c, "zh", WAN) == "合计（万元/年）"
        assert header(ResultColumn("t", "t", "t", DIMENSIONLESS, "=1"), "zh", WAN) == "t"


class TestTemplates:
    """Placeholders on a two-table toy layout (rows start on sheet row 5)."""

    @staticmethod
    def layout() -> Layout:
        a = ResultTable(
            "a",
            "fa",
            "rows",
            "行",
            (
                ResultColumn("x", "x", "x", "1", "=1"),
                ResultColumn("y", "y", "y", "1", "=1"),
                ResultColumn("z", "z", "z", "1", "=1"),
            ),
        )
        b = ResultTable("b", "fb", "rows", "行", (ResultColumn("s", "s", "s", "1", "=1"),), col0=5)
        spec = OutputSpec("toy", (ResultSheet("a", "Toy", "玩具", "Toy", "玩具", (a, b)),))
        frames = {
            "fa": pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": 0.0, "z": 0.0, "b_row": [1, 0, 1]}),
            "fb": pd.DataFrame({"s": [3.0, 3.0], "lo": [0, 1], "hi": [1, 2]}),
        }
        return Layout(spec, frames, {}, "zh", WAN)

    def test_same_row_cells_and_spans(self):
        lay = self.layout()
        assert lay.render("a", "={x}*{y}") == ["A5*B5", "A6*B6", "A7*B7"]
        assert lay.render("a", "=SUM({x:z})") == ["SUM(A5:C5)", "SUM(A6:C6)", "SUM(A7:C7)"]
        assert lay.render("a", "=SUMIFS({x:z},{x:z@2},1)")[0] == "SUMIFS(A5:C5,$A$2:$C$2,1)"

    def test_other_tables_by_engine_positions(self):
        lay = self.layout()
        # the same sheet: no sheet name in the reference
        assert lay.render("a", "={b.s[b_row]}") == ["F6", "F5", "F6"]
        assert lay.render("b", "=SUM({a.x[lo:hi]})") == ["SUM($A$5:$A$6)", "SUM($A$6:$A$7)"]
        assert lay.render("b", "=SUM({a.x})") == ["SUM($A$5:$A$7)"] * 2

    def test_other_sheets_are_named_and_quoted(self):
        lay = self.layout()
        other = Placed(lay["b"].table, "汇总", 3, 2)
        lay.placed["b"] = other
        assert lay.render("a", "={b.s[b_row]}") == ["'汇总'!F6", "'汇总'!F5", "'汇总'!F6"]

    def test_unknown_names_are_refused(self):
        lay = self.layout()
        with pytest.raises(TemplateError, match="unknown table"):
            lay.render("a", "={nowhere.x}")
        with pytest.raises(TemplateError, match="engine column"):
            lay.render("a", "={b.s[missing]}")


def test_zh_result_names_every_declared_sheet_in_chinese(tmp_path, examples):
    out = tmp_path / "结果.xlsx"
    zh = next(p for p in examples["esv"] if api.workbook_language(p) == "zh")
    api.fill(zh, out)
    from python_calamine import CalamineWorkbook

    names = CalamineWorkbook.from_path(str(out)).sheet_names
    for s in DECLARED["esv"].OUTPUTS.sheets:
        assert s.zh in names and s.en not in names or s.en == s.zh
    assert not any(re.search(r"[A-Za-z]{4,}", n) for n in names if n in {s.zh for s in DECLARED["esv"].OUTPUTS.sheets})


class TestCompareResults:
    """tools/compare_results.py: differences by Sheet!cell, additions apart, rows paired by keys."""

    @staticmethod
    def tool():
        import importlib.util

        path = Path(__file__).resolve().parents[1] / "tools" / "compare_results.py"
        spec = importlib.util.spec_from_file_location("compare_results", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod

    @staticmethod
    def book(path: Path, rows: list[list], extra: bool = False) -> Path:
        import xlsxwriter

        wb = xlsxwriter.Workbook(path)
        ws = wb.add_worksheet("Compensation")
        ws.write_row(3, 0, ["Region", "Year", "R"])
        for i, r in enumerate(rows):
            ws.write_row(4 + i, 0, r + (["new"] if extra else []))
        if extra:
            wb.add_worksheet("More")
        wb.close()
        return path

    def test_reordered_rows_changed_value_and_additions(self, tmp_path):
        tool = self.tool()
        old = self.book(tmp_path / "old.xlsx", [["A", 2000, 1.0], ["B", 2000, 2.0], ["A", 2010, 3.0]])
        new = self.book(tmp_path / "new.xlsx", [["A", 2000, 1.0], ["A", 2010, 3.5], ["B", 2000, 2.0]], extra=True)
        diffs, additions = tool.compare_book(old, new, 1e-9)
        assert "Compensation!C6: 3.0 → 3.5 (old row 7)" in diffs
        assert any("new order" in d for d in diffs)
        assert "new sheet 'More'" in additions
        assert any(a.startswith("Compensation!D (new column") for a in additions)

    def test_identical_books_have_no_differences(self, tmp_path):
        tool = self.tool()
        a = self.book(tmp_path / "a.xlsx", [["A", 2000, 1.0]])
        b = self.book(tmp_path / "b.xlsx", [["A", 2000, 1.0 + 1e-12]])
        assert tool.compare_book(a, b, 1e-9) == ([], [])

    @pytest.mark.parametrize("lang", ["en", "zh"])
    def test_two_fills_differ_only_in_rows_skipped_in_either_language(self, tmp_path, monkeypatch, lang):
        """The time written and the tool version change from run to run, under either language's label."""
        from ecoaccount.workbook import writer

        tool = self.tool()
        src = (
            Path(__file__).resolve().parents[1] / "workbooks" / f"gep_jinsha_county{'_zh' if lang == 'zh' else ''}.xlsx"
        )
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        old = tmp_path / "old.xlsx"
        api.fill(src, old)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
        monkeypatch.setattr(writer, "__version__", "9.9.9")
        new = tmp_path / "new.xlsx"
        api.fill(src, new)
        audit = shared_sheet("audit", lang)
        written = dict(row[:2] for row in CalamineWorkbook.from_path(str(new)).get_sheet_by_name(audit).to_python())
        assert written[AUDIT_LABELS["tool"][lang == "zh"]] == "ecoaccount 9.9.9"
        assert tool.compare_book(old, new, 1e-9) == ([], [])


# -- headline figures -----------------------------------------------------------------------------
WORKBOOKS = sorted((Path(__file__).resolve().parents[1] / "workbooks").glob("*.xlsx"))
KEEPS_UNIT = ("sum", "min", "max", "first", "last", "top")


def _kind_of(path: Path) -> str:
    return next(k for k in DECLARED if path.name.startswith(k))


@pytest.mark.parametrize("kind", sorted(DECLARED))
class TestFigures:
    def test_every_figure_has_labels_a_unit_and_a_declared_source(self, kind):
        """A figure's unit is its column's (a sum of money is money), or a pure number for a count."""
        spec: OutputSpec = DECLARED[kind].OUTPUTS
        assert len(spec.figures) >= 5
        tables = {t.id: t for _s, t in spec.tables().values()}
        seen: dict[str, Figure] = {}
        for f in spec.figures:
            where = f"{kind}:{f.id}"
            assert f.id not in seen, where
            assert f.en.strip() and f.zh.strip() and f.en != f.zh, where
            assert re.search(r"[\u4e00-\u9fff]", f.zh) and not re.search(r"[\u4e00-\u9fff]", f.en), where
            assert f.fmt in FORMATS and f.agg in AGGREGATES, where
            for lang in ("en", "zh"):
                assert figure_header(f, lang, {v: WAN.get(v, UnitChoice(v, v, 1.0)) for v in spec.units})
            if f.agg == "difference":
                assert f.of and all(i in seen for i in f.of), where
                assert f.unit == seen[f.of[0]].unit == seen[f.of[1]].unit, where
            else:
                for table, column in ((f.table, f.column), *([f.fallback] if f.fallback else [])):
                    t = tables[table]
                    c = t.column(column)
                    for key in (f.at[0] if f.at else None, f.by or None):
                        if key:
                            t.column(key)
                    if f.agg in KEEPS_UNIT:
                        assert f.unit == c.unit, f"{where}: unit {f.unit!r}, column {table}.{column} has {c.unit!r}"
                    else:
                        assert f.unit == DIMENSIONLESS, f"{where}: a count is a pure number"
            if f.at and f.at[1] not in ("first", "last"):
                assert f.at[1] in seen, f"{where}: at {f.at[1]!r} names no earlier figure"
            seen[f.id] = f

    def test_every_example_has_every_figure_and_the_workbook_agrees(self, kind, tmp_path):
        """Each figure from the engine (in the book's units) equals the same figure read from the cached
        cells of the result workbook, as the report reads it; both have a value for every example."""
        from ecoaccount.report import declared
        from ecoaccount.report.numbers import is_number

        mod = DECLARED[kind]
        paths = [p for p in WORKBOOKS if _kind_of(p) == kind]
        assert paths
        for path in paths:
            out = tmp_path / f"{path.stem}_result.xlsx"
            summary = api.fill(path, out)
            engine = scaled(mod.OUTPUTS, summary["figures"], summary["choices"])
            assert all(v is not None for v in engine.values()), (path.name, engine)
            book = CalamineWorkbook.from_path(str(out))
            sheets = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}
            found = declared.locate(mod.OUTPUTS, sheets, api.workbook_language(path))
            cells = figure_values(mod.OUTPUTS, lambda t, c, loc={x.table.id: x for x in found}: loc[t].values(c))
            for f in mod.OUTPUTS.figures:
                a, b = engine[f.id], cells[f.id]
                if is_number(a):
                    assert b == pytest.approx(a, rel=1e-9), (path.name, f.id)
                else:
                    assert str(a) == str(b), (path.name, f.id)


class TestFigureValues:
    """The aggregates on small columns: years out of order, a baseline that is not first, gaps."""

    COLUMNS = {
        ("t", "year"): [2020, 2000, 2010, 2000, 2020, 2016],
        ("t", "v"): [5.0, 1.0, 3.0, 2.0, None, 4.0],
        ("t", "name"): ["甲", "乙", "丙", "丁", "戊", "己"],
        ("s", "scenario"): ["after", "before", "later"],
        ("s", "gep"): [30.0, 10.0, 50.0],
        ("c", "baseline"): ["before", "before"],
        ("e", "baseline"): [],
        ("e", "other"): [],
    }

    def values(self, *figures: Figure) -> dict:
        spec = OutputSpec("x", (), figures=figures)
        return figure_values(spec, lambda t, c: self.COLUMNS.get((t, c)) if (t, c) in self.COLUMNS else None)

    def test_first_and_last_years_are_the_smallest_and_largest(self):
        got = self.values(
            Figure("first", "First", "起", "", "t", "year", "min"),
            Figure("v_first", "V first", "首", "1", "t", "v", at=("year", "first")),
            Figure("v_last", "V last", "末", "1", "t", "v", at=("year", "last")),
            Figure("change", "Change", "变化", "1", agg="difference", of=("v_last", "v_first")),
            Figure("gaps", "Gaps", "缺", "1", "t", "year", "gaps"),
            Figure("n", "N", "数", "1", "t", "year", "distinct"),
            Figure("rows", "Rows", "行", "1", "t", "year", "count"),
            Figure("top", "Top", "最高", "", "t", "name", "top", "text", at=("year", "last"), by="v"),
        )
        assert got == {"first": 2000, "v_first": 3.0, "v_last": 5.0, "change": 2.0, "gaps": 17, "n": 4, "rows": 6,
                       "top": "甲"}  # fmt: skip

    def test_rows_of_another_figure_and_a_fallback(self):
        got = self.values(
            Figure("base", "Base", "基准", "", "c", "baseline", "first", "text", fallback=("s", "scenario")),
            Figure("gep_base", "GEP base", "基准", "1", "s", "gep", at=("scenario", "base")),
            Figure("last", "Last", "末", "", "s", "scenario", "last", "text"),
            Figure("empty", "Empty", "空", "", "e", "baseline", "first", "text", fallback=("s", "scenario")),
            Figure("none", "None", "无", "1", "missing", "x"),
            Figure("empty_sum", "Empty", "空", "1", "e", "other"),
        )
        assert got == {"base": "before", "gep_base": 10.0, "last": "later", "empty": "after", "none": None,
                       "empty_sum": None}  # fmt: skip

    def test_scaled_to_the_chosen_units_and_formatted(self):
        spec = OutputSpec(
            "x",
            (),
            units={"money": "out_unit"},
            figures=(
                Figure("esv", "ESV", "生态系统服务价值", "money/a", "t", "v"),
                Figure("year", "Year", "年份", "", "t", "year", "max", "integer"),
            ),
        )
        got = scaled(spec, {"esv": 2.5e8, "year": 2020}, WAN)
        assert got == {"esv": 25_000.0, "year": 2020}
        assert figure_header(spec.figures[0], "zh", WAN) == "生态系统服务价值（万元/年）"
        assert figure_header(spec.figures[0], "en", WAN) == "ESV (1e4 yuan/a)"
        assert [format_figure(v, f) for v, f in ((25_000.0, "number"), (2020, "integer"), (0.4941, "percent"))] == [
            "25,000.00",
            "2020",
            "49.4%",
        ]
        assert format_figure(None, "number") == "–"
