"""The template reference (Markdown), generated from the same declarations as the templates.

``python -m ecoaccount.reference`` rewrites the section of README.md between the markers.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ecoaccount.citations import SOURCES, cite
from ecoaccount.kinds import KINDS
from ecoaccount.spec import Field, TemplateSpec
from ecoaccount.units import UNIT_SPELLINGS, codes, spellings

START = "<!-- template-reference:start -->"
END = "<!-- template-reference:end -->"


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


def update_readme(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    a, b = text.index(START) + len(START), text.index(END)
    new = text[:a] + "\n" + template_reference() + text[b:]
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


if __name__ == "__main__":
    changed = update_readme(Path(sys.argv[1] if len(sys.argv) > 1 else "README.md"))
    print("README.md updated" if changed else "README.md already up to date")
