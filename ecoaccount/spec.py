"""Declarations of template inputs: tables, fields and parameters, each declared once.

Templates, the reader, validation, Excel data validation, CLI help and the template reference in
the docs are all built from these declarations (cf. invest's ``MODEL_SPEC``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["text", "number", "integer", "choice"]
Lang = Literal["en", "zh"]
LANGS: tuple[str, ...] = ("en", "zh")


@dataclass(frozen=True)
class Field:
    """One column of an input table.

    ``choices`` is a tuple of allowed values (each value may be given with an en/zh pair in
    ``choice_labels``) or the id of a list that the template fills from another table.
    """

    id: str
    en: str
    zh: str
    kind: Kind = "number"
    unit: str = ""
    required: bool = True
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] | None = None
    about: str = ""
    width: float = 14
    # zh spellings of ``choices`` (same order): a zh template offers them, the reader maps either
    # spelling onto the choice.
    choice_zh: tuple[str, ...] | None = None
    about_zh: str = ""
    unit_zh: str = ""
    # True for a per-area unit that stays as declared whatever area unit is chosen (kg/ha): the
    # header says so, ``Yield (kg/ha, fixed)``.
    fixed: bool = False
    # en labels of ``choices`` (same order; "" for none), also accepted: ``Provisioning`` for ``provisioning``.
    choice_en: tuple[str, ...] | None = None

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def unit_text(self, lang: str, units: Mapping[str, str] | None = None) -> str:
        """The unit in ``lang``; ``{area_unit}`` becomes the name of that parameter's unit."""
        return unit_text(self.unit_zh if lang == "zh" and self.unit_zh else self.unit, lang, units)

    def header(self, lang: str, units: Mapping[str, str] | None = None) -> str:
        """The header text written in the template: label plus unit, ``面积（亩）`` / ``Area (mu)``."""
        text = self.label(lang)
        unit = self.unit_text(lang, units)
        if not unit:
            return text
        if self.fixed:
            unit += "，固定" if lang == "zh" else ", fixed"
        return f"{text}（{unit}）" if lang == "zh" else f"{text} ({unit})"

    def header_aliases(self) -> set[str]:
        """Every header text the reader accepts for this field (normalised).

        A unit that depends on a parameter may be given in any spelling (``面积（亩）``), or left out.
        """
        names = {self.id, self.en, self.zh, self.header("en"), self.header("zh")}
        if self.unit:  # the zh label with the en unit, as earlier templates wrote it
            names |= {f"{self.zh} ({unit_text(self.unit, 'en')})", f"{self.en} ({unit_text(self.unit, 'en')})"}
        return {normalise_header(n) for n in names}

    def about_text(self, lang: str) -> str:
        """The column note in ``lang``; a zh book without ``about_zh`` looks it up in sources_zh.csv."""
        if lang != "zh" or not self.about:
            return self.about
        from ecoaccount.citations import source_zh

        return self.about_zh or source_zh(self.about)

    def choice_values(self, lang: str) -> tuple[str, ...]:
        """The choices as a template of language ``lang`` offers them."""
        if lang == "zh" and self.choice_zh:
            return self.choice_zh
        return self.choices or ()

    def choice_spellings(self) -> dict[str, tuple[str, ...]]:
        """Each choice → every spelling the reader accepts for it: the code, its zh and its en label."""
        zh, en = self.choice_zh or (), self.choice_en or ()
        out = {}
        for i, c in enumerate(self.choices or ()):
            names: dict[str, str] = {}
            for s in (c, zh[i] if i < len(zh) else "", en[i] if i < len(en) else ""):
                if s:
                    names.setdefault(s.casefold(), s)
            out[c] = tuple(names.values())
        return out

    def choice_map(self) -> dict[str, str]:
        """Every accepted spelling (case-folded) → the choice it stands for."""
        return choice_map(self.choice_spellings())


def choice_map(spellings: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """``{code: spellings}`` as a lookup: each spelling, case-folded and trimmed → its code (the first
    code that claims a spelling keeps it)."""
    out: dict[str, str] = {}
    for code in spellings:
        out.setdefault(code.strip().casefold(), code)
    for code, names in spellings.items():
        for name in names:
            out.setdefault(name.strip().casefold(), code)
    return out


@dataclass(frozen=True)
class TableSpec:
    """An input block: an Excel Table on its own sheet, headers in ``header_row`` (1-based).

    ``extra_columns`` allows further columns after the declared ones (e.g. one column per land
    class); their headers are returned to the kind for its own checks.
    """

    id: str
    table_name: str
    sheet_en: str
    sheet_zh: str
    fields: tuple[Field, ...]
    about_en: str
    about_zh: str
    key: tuple[str, ...] = ()
    header_row: int = 4
    blank_rows: int = 30
    extra_columns: Field | None = None
    min_rows: int = 1

    def sheet(self, lang: str) -> str:
        return self.sheet_zh if lang == "zh" else self.sheet_en

    def about(self, lang: str) -> str:
        return self.about_zh if lang == "zh" else self.about_en

    def field(self, field_id: str) -> Field:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)


@dataclass(frozen=True)
class Param:
    """A scalar parameter: a row of the parameters table, a defined name in the result."""

    id: str
    en: str
    zh: str
    default: float | str | None
    unit: str
    source: str
    kind: Kind = "number"
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] | None = None
    required: bool = True
    # What a zh template shows instead (None / "" = the same as en).
    default_zh: float | str | None = None
    source_zh: str = ""

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def default_for(self, lang: str) -> float | str | None:
        return self.default_zh if lang == "zh" and self.default_zh is not None else self.default

    def source_for(self, lang: str) -> str:
        """The source in ``lang``; a zh book without ``source_zh`` looks it up in sources_zh.csv."""
        if lang != "zh":
            return self.source
        from ecoaccount.citations import source_zh

        return self.source_zh or source_zh(self.source)

    def unit_text(self, lang: str, units: Mapping[str, str] | None = None) -> str:
        return unit_text(self.unit, lang, units)


def unit_choice(id_: str, en: str, zh: str, default: str, unit_list: str) -> Param:
    """A parameter that picks one unit of a declared list (``area_unit``, ``money_unit``...): the user's choice."""
    return Param(id_, en, zh, default, "code", "user's choice", "choice", choices=(unit_list,))


PARAM_FIELDS = (
    Field("id", "Parameter id", "参数代码", "text", width=24),
    Field("label", "Parameter", "参数", "text", width=44),
    Field("value", "Value", "取值", "text", width=14),
    Field("unit", "Unit", "单位", "text", width=16),
    Field("source", "Source", "来源", "text", width=60),
)


@dataclass(frozen=True)
class TemplateSpec:
    """A whole template: its kind, instructions, input tables and parameters."""

    kind: str
    version: str
    title_en: str
    title_zh: str
    instructions_en: tuple[str, ...]
    instructions_zh: tuple[str, ...]
    tables: tuple[TableSpec, ...]
    params: tuple[Param, ...]
    name_prefix: str
    params_sheet_en: str = "Parameters"
    params_sheet_zh: str = "参数"
    params_header_row: int = 4
    # Reference lists written to a Lists sheet for dropdowns: list id -> values (or, for a list
    # that depends on the template language, list id -> {lang: values}).
    lists: dict[str, tuple[str, ...] | dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def params_sheet(self, lang: str) -> str:
        return self.params_sheet_zh if lang == "zh" else self.params_sheet_en

    def param(self, param_id: str) -> Param:
        for p in self.params:
            if p.id == param_id:
                return p
        raise KeyError(param_id)

    def name_of(self, param_id: str) -> str:
        """The defined name that refers to a parameter's value cell, e.g. ``ESV_k``."""
        return f"{self.name_prefix}_{param_id}"

    def table(self, table_id: str) -> TableSpec:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)


def normalise_header(text: object) -> str:
    """Headers are matched ignoring case, stray spaces and full-width brackets."""
    s = str(text if text is not None else "").strip().casefold()
    s = s.replace("（", "(").replace("）", ")").replace("\u3000", " ")
    return " ".join(s.split()).replace(" (", "(")


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: How a unit placeholder reads when no unit is chosen (messages, and headers of earlier templates).
UNIT_WORDS = {
    "area_unit": ("area unit", "面积单位"),
    "gdp_unit": ("GDP money unit", "GDP 货币单位"),
    "out_unit": ("result money unit", "结果货币单位"),
    "mass_unit": ("mass unit", "质量单位"),
}


def unit_text(unit: str, lang: str, units: Mapping[str, str] | None = None) -> str:
    """A declared unit with each ``{param_id}`` replaced by the name of the unit chosen there.

    ``units`` maps a unit parameter to its code (default: the parameter's declared default, which
    the caller passes); without it the placeholder shows as the parameter id.
    """
    from ecoaccount.units import UNIT_SPELLINGS, unit_name

    def name(m: re.Match[str]) -> str:
        code = (units or {}).get(m.group(1))
        if code in UNIT_SPELLINGS:
            return unit_name(code, lang)
        words = UNIT_WORDS.get(m.group(1), (m.group(1).replace("_", " "),) * 2)
        return words[1] if lang == "zh" else words[0]

    return _PLACEHOLDER.sub(name, unit)


def unit_params(unit: str) -> list[str]:
    """The unit parameters a declared unit depends on (``"kg/{area_unit}"`` → ``["area_unit"]``)."""
    return _PLACEHOLDER.findall(unit)
