"""The template and output references (Markdown), generated from the same declarations as the books.

``python -m ecoaccount.reference`` rewrites the section of README.md between the template markers
(inputs: ``TemplateSpec``) and the section of docs/outputs.md between the output markers (every
kind that declares ``OUTPUTS``: headline figures, result sheets, columns, units, formula templates
and flags).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ecoaccount.citations import SOURCES, cite
from ecoaccount.kinds import KINDS
from ecoaccount.outputs import Figure, OutputSpec, ResultColumn, ResultTable, UnitChoice, render_unit
from ecoaccount.spec import Field, TemplateSpec
from ecoaccount.units import UNIT_SPELLINGS, codes, spellings

START = "<!-- template-reference:start -->"
END = "<!-- template-reference:end -->"
OUT_START = "<!-- output-reference:start -->"
OUT_END = "<!-- output-reference:end -->"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _choices(spec: TemplateSpec, f: Field) -> str:
    assert f.choices
    if len(f.choices) == 1 and f.choices[0].endswith("_unit"):
        return "unit: " + ", ".join(f"{c} / {UNIT_SPELLINGS[c][1]}" for c in codes(f.choices[0][: -len("_unit")]))
    if len(f.choices) == 1 and f.choices[0] in spec.lists:
        return f"dropdown `list_{f.choices[0]}`"
    zh = f.choice_zh or ()
    return ", ".join(f"{c} / {z}" for c, z in zip(f.choices, zh, strict=True)) if zh else ", ".join(f.choices)


def _units() -> list[str]:
    out = [
        "**Units.** Every unit is chosen on the parameters sheet; each spelling below is accepted in "
        "both languages (case ignored), and the reader turns it into the code. An en template's dropdown "
        "offers the codes first, a zh template's the Chinese names first. A header whose unit depends on "
        "such a choice is written with the unit chosen when the template is made (`Area (ha)`, "
        "`面积（公顷）`); row 3 of the sheet shows the current choice by formula, and `check` reports a "
        "header that names another unit than the one chosen.\n",
        "| quantity | code | zh | accepted spellings |",
        "|---|---|---|---|",
    ]
    for quantity in ("area", "money", "mass"):
        for c in codes(quantity):
            out.append(f"| {quantity} | `{c}` | {UNIT_SPELLINGS[c][1]} | {_cell(', '.join(spellings(c)))} |")
    out += ["", "**Sources cited** in templates and results (short form → reference):\n"]
    out += [f"- {s.short_en} / {s.short_zh}: {s.reference}" for s in SOURCES.values()]
    out.append("")
    return out


def template_reference() -> str:
    out: list[str] = _units()
    for kind in sorted(KINDS):
        spec: TemplateSpec = KINDS[kind].SPEC
        out.append(f"### `{kind}` — {spec.title_en}\n")
        out.append(
            f"{spec.title_zh}. Template version {spec.version}; parameters are defined names "
            f"`{spec.name_prefix}_<id>` in result workbooks.\n"
        )
        for t in spec.tables:
            out.append(
                f"**Sheet `{t.sheet_en}` / `{t.sheet_zh}`**, Excel Table `{t.table_name}`, headers in row "
                f"{t.header_row}: {cite(t.about_en)}" + (f" Key: {', '.join(t.key)}." if t.key else "") + "\n"
            )
            out.append("| header (en) | header (zh) | type | unit | required | bounds / choices |")
            out.append("|---|---|---|---|---|---|")
            fields = list(t.fields) + ([t.extra_columns] if t.extra_columns else [])
            for f in fields:
                extra = f is t.extra_columns
                bounds = (
                    _choices(spec, f)
                    if f.choices
                    else (
                        f"[{'' if f.min is None else f'{f.min:g}'} … {'' if f.max is None else f'{f.max:g}'}]"
                        if (f.min is not None or f.max is not None)
                        else ""
                    )
                )
                en = f"*one column per {f.en.lower()} …*" if extra else f.en
                unit = f.unit_text("en") + (", fixed" if f.fixed else "")
                out.append(
                    f"| {_cell(en)} | {_cell(f.zh)} | {f.kind} | {_cell(unit)} | "
                    f"{'yes' if f.required else 'no'} | {_cell(bounds)} |"
                )
            out.append("")
        out.append(
            f"**Sheet `{spec.params_sheet_en}` / `{spec.params_sheet_zh}`** (id | label | value | unit | source):\n"
        )
        out.append("| id | parameter | default | unit | source |")
        out.append("|---|---|---|---|---|")
        for p in spec.params:
            default = "" if p.default is None or p.default == "" else p.default
            if p.default_for("zh") != p.default:
                default = f"{default} (zh: {p.default_for('zh')})"
            out.append(
                f"| `{p.id}` | {_cell(p.en)} | {_cell(default if default != '' else '*must be supplied*')} | "
                f"{_cell(p.unit_text('en'))} | {_cell(cite(p.source))} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _unit(unit: str | tuple[str, str], variables: dict[str, UnitChoice]) -> str:
    """A unit expression in en and zh, its variables named as they are (``money/a`` · ``money/年``)."""
    if unit == "":
        return ""
    if unit == "1":
        return "1 (a pure number)"
    en, zh = render_unit(unit, "en", variables), render_unit(unit, "zh", variables)
    return en if en == zh else f"{en} · {zh}"


def _flags(c: ResultColumn) -> str:
    out = []
    if c.headline:
        out.append(f"headline: {c.headline[0]} / {c.headline[1]}")
    if c.chart:
        out.append(f"chart: {c.chart}")
    if c.udf:
        out.append(f"function: `{c.udf}`")
    return "; ".join(out)


def _output_table(t: ResultTable, variables: dict[str, UnitChoice]) -> list[str]:
    keys = ", ".join(f"`{c.id}`" for c in t.columns[: t.keys])
    out = [
        f"Table `{t.id}` (engine frame `{t.frame}`): {t.rows_en} / {t.rows_zh}."
        + (f" Keys: {keys}." if keys else "")
        + "\n",
        "| id | label (en) | label (zh) | unit | format | formula template | engine column | flags |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c in t.columns:
        out.append(
            f"| `{c.id}` | {_cell(c.en)} | {_cell(c.zh)} | {_cell(_unit(c.unit, variables))} | {c.fmt} | "
            f"`{_cell(c.formula)}` | `{c.engine}` | {_cell(_flags(c))} |"
        )
    out.append("")
    return out


AGG_TEXT = {
    "sum": "sum of {col}",
    "count": "number of rows of `{table}`",
    "distinct": "number of distinct values of {col}",
    "min": "smallest {col}",
    "max": "largest {col}",
    "first": "first value of {col}",
    "last": "last value of {col}",
    "gaps": "whole numbers missing between the smallest and largest {col}",
    "top": "{col} in the row of the largest `{by}`",
}


def _figure_source(f: Figure) -> str:
    """How a figure is read, in words: ``sum of `summary.total` where `year` is its last value``."""
    if f.agg == "difference" and f.of:
        return f"`{f.of[0]}` − `{f.of[1]}`"
    text = AGG_TEXT[f.agg].format(col=f"`{f.table}.{f.column}`", table=f.table, by=f.by)
    if f.at:
        key, which = f.at
        text += (
            f", rows where `{key}` is its {which} value"
            if which in ("first", "last")
            else f", rows where `{key}` = `{which}`"
        )
    if f.fallback:
        text += f" (no rows: `{f.fallback[0]}.{f.fallback[1]}`)"
    return text


def _figures(outputs: OutputSpec, variables: dict[str, UnitChoice]) -> list[str]:
    if not outputs.figures:
        return []
    out = [
        "**Headline figures**, one value per result, in this order: the columns of the kind's sheet in the batch "
        "summary (money in 10⁴ yuan, area in ha, mass in t there), the cards of the report, what `demo` and "
        "`fill` print. First and last: the smallest and largest of numbers (years), the first and last in row "
        "order of names (scenarios).\n",
        "| id | label (en) | label (zh) | unit | format | value |",
        "|---|---|---|---|---|---|",
    ]
    for f in outputs.figures:
        out.append(
            f"| `{f.id}` | {_cell(f.en)} | {_cell(f.zh)} | {_cell(_unit(f.unit, variables))} | {f.fmt} | "
            f"{_cell(_figure_source(f))} |"
        )
    out.append("")
    return out


def output_reference(kinds: dict[str, object] | None = None) -> str:
    """Every declared output of every kind that declares ``OUTPUTS`` (sorted by kind)."""
    kinds = KINDS if kinds is None else kinds
    out: list[str] = []
    for kind in sorted(kinds):
        outputs: OutputSpec | None = getattr(kinds[kind], "OUTPUTS", None)
        if outputs is None:
            continue
        spec: TemplateSpec = kinds[kind].SPEC  # type: ignore[attr-defined]
        out.append(f"### `{kind}` — {spec.title_en}\n")
        out.append(f"{spec.title_zh}\n")
        variables = {v: UnitChoice(v, v, 1.0) for v in outputs.units}
        if outputs.units:
            bound = ", ".join(
                f"`{v}` is the unit chosen in parameter `{spec.name_prefix}_{p}`" for v, p in outputs.units.items()
            )
            out.append(f"Unit variables: {bound}; every other symbol is fixed.\n")
        out += _figures(outputs, variables)
        flagged = [(s, t, c) for s in outputs.sheets for t in s.tables for c in t.columns if _flags(c)]
        if flagged:
            out += ["| output | sheet | label | flags |", "|---|---|---|---|"]
            out += [f"| `{t.id}.{c.id}` | `{s.en}` | {_cell(c.en)} | {_cell(_flags(c))} |" for s, t, c in flagged]
            out.append("")
        for sheet in outputs.sheets:
            unit = _unit(sheet.unit, variables)
            out.append(
                f"#### Sheet `{sheet.en}` / `{sheet.zh}`\n\n{_cell(sheet.title_en)} / {_cell(sheet.title_zh)}"
                + (f" ({unit})" if unit else "")
                + "."
                + (f" {_cell(sheet.note_en)}" if sheet.note_en else "")
                + "\n"
            )
            for t in sheet.tables:
                out += _output_table(t, variables)
    return "\n".join(out).rstrip() + "\n"


def update_section(path: Path, start: str, end: str, body: str) -> bool:
    """Replace the text between the markers ``start`` and ``end`` of ``path``; True when it changed."""
    text = path.read_text(encoding="utf-8")
    a, b = text.index(start) + len(start), text.index(end)
    new = text[:a] + "\n" + body + text[b:]
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


def update_readme(path: Path) -> bool:
    return update_section(path, START, END, template_reference())


def update_outputs(path: Path) -> bool:
    return update_section(path, OUT_START, OUT_END, output_reference())


if __name__ == "__main__":
    readme = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    outputs_md = Path(sys.argv[2] if len(sys.argv) > 2 else readme.parent / "docs" / "outputs.md")
    print("README.md updated" if update_readme(readme) else "README.md already up to date")
    print(f"{outputs_md} updated" if update_outputs(outputs_md) else f"{outputs_md} already up to date")
