"""What ``check`` says about a damaged workbook is in the workbook's language, for every kind.

Each kind's example is written as a Chinese and as an English template with bad input in several
places (text in number cells, a year typed as ``2015年``, an empty required cell, a value outside
the choices, an unknown unit, a text parameter). A Chinese book's messages contain no English
words apart from what the user typed, codes and unit symbols; an English book's contain no Chinese
apart from what the user typed.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from ecoaccount import api, cli
from ecoaccount.examples import EXAMPLES
from ecoaccount.kinds import KINDS
from ecoaccount.units import unit_rows

WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
CJK = re.compile(r"[\u3400-\u9fff]")
# Symbols of the papers' equations and file types that messages name as codes.
CODES = {"Ea", "GDP", "NPP", "NPP_b", "NPP_bg", "S", "S_veg", "C_restore", "VCS", "SUMIFS", "id", "ha"}
KIND_EXAMPLES = {ex.kind: ex for ex in reversed(EXAMPLES)}  # one example per kind


def damage(kind: str, kw: dict[str, Any]) -> dict[str, Any]:
    """The example's template arguments with one bad cell per column (on different rows)."""
    spec = KINDS[kind].SPEC
    kw = copy.deepcopy(kw)
    data = kw.setdefault("data", {})
    for t in spec.tables:
        rows = data.get(t.id)
        if not rows:
            continue
        for j, f in enumerate(t.fields):
            row = rows[j % len(rows)]
            if j >= len(row):
                continue
            if f.kind == "integer":
                row[j] = "2015年"
            elif f.kind == "number":
                row[j] = "很多"
            elif f.kind == "choice" and len(f.choices or ()) > 1:
                row[j] = "xyz"
            elif f.kind == "text" and f.required:
                row[j] = None
    params = kw.setdefault("params", {})
    params[next(p.id for p in spec.params if p.kind == "number" and p.id != "area_unit")] = "贵"
    params[next(p.id for p in spec.params if p.id.endswith("unit"))] = "acre"
    return kw


def words(x: Any) -> set[str]:
    if isinstance(x, str):
        return set(WORD.findall(x))
    if isinstance(x, dict):
        return set().union(*(words(k) | words(v) for k, v in x.items())) if x else set()
    if isinstance(x, (list, tuple)):
        return set().union(*(words(v) for v in x)) if x else set()
    return set()


def typed_text(x: Any) -> list[str]:
    """Every text the user typed (table cells and parameter values), longest first."""
    out: list[str] = []
    if isinstance(x, str):
        out.append(x)
    elif isinstance(x, dict):
        for v in x.values():
            out += typed_text(v)
    elif isinstance(x, (list, tuple)):
        for v in x:
            out += typed_text(v)
    return sorted(set(out), key=len, reverse=True)


def damaged_book(kind: str, lang: str, folder) -> tuple[Any, dict[str, Any]]:
    kw = damage(kind, KIND_EXAMPLES[kind].build(lang))
    path = api.make_template(kind, folder / f"{kind}_{lang}.xlsx", lang, **kw)
    return path, kw


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_chinese_book_gets_chinese_messages(kind, zh_tmp):
    path, kw = damaged_book(kind, "zh", zh_tmp)
    spec = KINDS[kind].SPEC
    data, _ = KINDS[kind].template_data("zh")
    typed = words(kw) | words(data) | words(list(spec.lists.values()))
    typed |= {p.id for p in spec.params} | words([r[1] for r in unit_rows()])
    typed |= words([f.unit for t in spec.tables for f in t.fields] + [p.unit for p in spec.params])
    problems = api.check(path)
    assert len(problems) >= 8
    for p in problems:
        text = p.render("zh").split(": ", 1)[1]
        english = set(WORD.findall(text)) - typed - CODES
        assert not english, f"{p.location}: {text}"
        assert "nan" not in WORD.findall(text) and "None" not in text and "[" not in text, text


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_english_book_gets_english_messages(kind, tmp_path):
    path, kw = damaged_book(kind, "en", tmp_path)
    typed = typed_text(kw) + typed_text(KINDS[kind].template_data("en")[0])
    problems = api.check(path)
    assert len(problems) >= 8
    for p in problems:
        text = re.sub(r"'[^']*'", "", p.render("en").split(": ", 1)[1])
        for t in typed:
            text = text.replace(t, "")
        assert not CJK.search(text), f"{p.location}: {p.render('en')}"
        assert "nan" not in WORD.findall(text) and "None" not in text and "[" not in text, text


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_same_problems_in_both_languages(kind, zh_tmp):
    path, _ = damaged_book(kind, "zh", zh_tmp)
    problems = api.check(path)
    en = [p.render("en") for p in problems]
    zh = [p.render("zh") for p in problems]
    assert len(set(en)) == len(set(zh)) == len(problems)
    assert [e.split(": ")[0] for e in en] == [z.split(": ")[0] for z in zh]  # same cells


def test_year_typed_with_its_unit_gets_its_own_message(zh_tmp):
    path, _ = damaged_book("esv", "zh", zh_tmp)
    shown = [p.render("zh") for p in api.check(path)]
    assert "粮食!B6: 年份 '2015年' 是文本；年份应为纯数字：请填写 2015（结果中的公式按数字比较年份）" in shown
    path, _ = damaged_book("esv", "en", zh_tmp)
    shown = [str(p) for p in api.check(path)]
    assert (
        "Grain!B6: Year '2015年' is text; expected the year as a plain number: type 2015 "
        "(the result's formulas compare years as numbers)"
    ) in shown


def test_number_units_are_the_chosen_unit_in_the_books_language(zh_tmp):
    ex = KIND_EXAMPLES["gep"]
    kw = ex.build("zh")
    kw.setdefault("params", {})["area_unit"] = "mu"
    kw["data"]["land_use"][0][3] = "很多"
    path = api.make_template("gep", zh_tmp / "gep.xlsx", "zh", **kw)
    shown = [p.render("zh") for p in api.check(path)]
    assert "土地利用!D5: 值 '很多' 无法识别为数字；应为以亩计的数字" in shown
    assert "LandUse!D5: Value '很多' could not be interpreted as a number; expected a number in mu" in [
        str(p).replace("土地利用", "LandUse") for p in api.check(path)
    ]


def test_cli_speaks_the_books_language_and_lang_overrides_it(zh_tmp, capsys):
    path, _ = damaged_book("vcs", "zh", zh_tmp)
    assert cli.main(["check", str(path)]) == 2
    out = capsys.readouterr().out
    assert "个问题" in out and "为空；应填写此项" in out and "is empty" not in out
    assert cli.main(["check", str(path), "--lang", "en"]) == 2
    out = capsys.readouterr().out
    assert "problem(s)" in out and "is empty; expected a value" in out and "为空" not in out


def test_batch_error_list_has_each_problem_in_both_languages(zh_tmp):
    import csv

    from ecoaccount.batch import run_batch

    folder = zh_tmp / "提交"
    folder.mkdir()
    damaged_book("esv", "zh", folder)
    result = run_batch(folder, zh_tmp / "结果")
    with result.errors_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(api.check(folder / "esv_zh.xlsx")) >= 8
    by_cell = {r["location"]: r for r in rows}
    row = by_cell["粮食!C7"]
    assert (row["problem"], row["问题"]) == ("Crop is empty; expected a value", "作物 为空；应填写此项")


def test_a_date_in_a_year_cell_and_in_a_number_cell():
    import datetime as dt

    from ecoaccount.spec import Field
    from ecoaccount.workbook import reader

    year = Field("year", "Year", "年份", "integer", min=1900, max=2100)
    gdp = Field("gdp", "GDP", "地区生产总值", "number", "1e4 yuan")
    from ecoaccount.problems import Problem

    problems: list = []

    class Cell:
        def __init__(self, where: str) -> None:
            self.where = where

        def problem(self, i: int, message: object) -> None:
            problems.append(Problem(self.where, message))

    assert reader._cast(dt.datetime(2015, 1, 1), year, Cell("GDP!B5"), 0) is None
    assert reader._cast(dt.datetime(2015, 3, 1, 8, 30), gdp, Cell("GDP!C6"), 0) is None
    assert [p.render("zh") for p in problems] == [
        "GDP!B5: 年份 2015-01-01 是日期；年份应为纯数字：请填写 2015",
        "GDP!C6: 值 2015-03-01 08:30:00 是日期；应为以万元计的数字；"
        "请将单元格格式设为数字（设置单元格格式 > 数字）后重新输入",
    ]
    assert str(problems[0]) == "GDP!B5: Year 2015-01-01 is a date; expected the year as a plain number: type 2015"
