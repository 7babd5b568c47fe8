"""What people type, made canonical: unit spellings in headers, choices in either language.

The reader accepts a unit or a choice in either language (``亩`` / ``mu``, ``是`` / ``yes``) and
hands the kinds the canonical value. Result formulas that depend on such a cell use
``canonical_formula``, so that the formula and the engine see the same value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pandas as pd

from ecoaccount import messages as M
from ecoaccount.problems import Problem
from ecoaccount.spec import Field, choice_map, normalise_header, unit_params
from ecoaccount.units import codes, unit_code

if TYPE_CHECKING:
    from ecoaccount.workbook.reader import Parsed

_BRACKET = re.compile(r"^(.*?)\s*[(（]([^()（）]*)[)）]\s*$")


def header_unit(text: object) -> tuple[str, str] | None:
    """``('面积', '亩')`` for a header ``面积（亩）`` whose bracket holds a known unit, else None."""
    m = _BRACKET.match(str(text if text is not None else "").strip())
    if m is None:
        return None
    label, unit = m.group(1), m.group(2).strip()
    if any(unit_code(q, unit) for q in ("area", "money", "mass")):
        return label, unit
    return None


def header_keys(text: object) -> list[str]:
    """The keys a header is matched by: the whole text, then the text without a unit in brackets."""
    keys = [normalise_header(text)]
    found = header_unit(text)
    if found is not None:
        keys.append(normalise_header(found[0]))
    return keys


def check_header_units(parsed: Parsed) -> None:
    """A header that names a unit (``面积（公顷）``) must name the unit chosen on the parameters sheet."""
    for t in parsed.tables.values():
        for f in t.spec.fields:
            pids = unit_params(f.unit)
            if len(pids) != 1 or f.id not in t.cols or pids[0] not in parsed.param_cells:
                continue
            pid = pids[0]
            chosen = parsed.params.get(pid)
            found = header_unit(parsed.raw.value(t.sheet, t.header_row, t.cols[f.id]))
            if chosen is None or found is None:
                continue
            quantity = next(q for q in ("area", "money", "mass") if chosen in codes(q))
            if unit_code(quantity, found[1]) != chosen:
                parsed.problems.append(
                    Problem(
                        t.header_cell(f.id),
                        M.HEADER_UNIT.format(
                            header=str(parsed.raw.value(t.sheet, t.header_row, t.cols[f.id])),
                            unit=found[1],
                            chosen=parsed.raw.value(*parsed.param_cells[pid]),
                            where=parsed.param_location(pid),
                        ),
                    )
                )


def spelled(f: Field, code: str, lang: str) -> str:
    """Choice ``code`` of field ``f`` as a book of language ``lang`` spells it (``yes`` → ``是`` in zh)."""
    if lang == "zh" and f.choice_zh and code in (f.choices or ()):
        return f.choice_zh[list(f.choices or ()).index(code)]
    return code


def _either(ref: str, names: tuple[str, ...]) -> str:
    """``OR(X="yes",X="是")``: the cell holds one of ``names`` (Excel compares text ignoring case)."""
    return "OR(" + ",".join(f'{ref}="{n}"' for n in names) + ")"


def canonical_formula(ref: str, f: Field, lang: str = "en") -> str:
    """A formula giving the choice of the cell ``ref`` in the book's spelling, however it was typed.

    ``=IF(OR(X="yes",X="是"),"yes",IF(OR(X="no",X="否"),"no",X))`` in an en book (the engine's
    canonical value); a zh book gives ``"是"``/``"否"``, so that its rows read Chinese and the
    criteria that match them are written in the same language (``spelled``). Every spelling the
    reader accepts (``Field.choice_spellings``: code, zh and en label) is tested. Excel compares
    text ignoring case, as the reader does.
    """
    out = ref
    for c, names in reversed(list(f.choice_spellings().items())):
        out = f'IF({_either(ref, names)},"{spelled(f, c, lang)}",{out})'
    return "=" + out


def canonical_template(table: str, fid: str, f: Field, index: str) -> str:
    """``canonical_formula`` as a formula template on row ``[index]`` of input table ``table``: its
    results are ``{=table.fid:code}`` placeholders, which the layout spells in the book's language."""
    ref = f"{{{table}.{fid}[{index}]}}"
    out = ref
    for c, names in reversed(list(f.choice_spellings().items())):
        out = f"IF({_either(ref, names)},{{={table}.{fid}:{c}}},{out})"
    return "=" + out


def to_codes(values: pd.Series, spellings: Mapping[str, tuple[str, ...]], where: pd.Series | None = None) -> pd.Series:
    """``values`` with each accepted spelling of a choice (``{code: spellings}``) replaced by its
    code, only on the rows ``where`` is true (all rows by default); other values stay as typed.

    For a column whose choices depend on another column (the Reference table's class or zone)."""
    lookup = choice_map(spellings)
    mask = pd.Series(True, index=values.index) if where is None else where.fillna(False).astype(bool)

    def code(v: object) -> object:
        return lookup.get(v.strip().casefold(), v) if isinstance(v, str) else v

    return values.where(~mask, values.map(code))


def as_named(name: str, present: Iterable[object], spellings: Iterable[tuple[str, ...]]) -> str:
    """``name`` as ``present`` spells it (case ignored); a name with declared spellings in both
    languages (``before`` / ``修复前``) also finds its other spelling; else ``name`` as typed."""
    found = {str(v).casefold(): str(v) for v in reversed(list(present))}
    others = next((s for s in spellings if name.casefold() in {x.casefold() for x in s}), ())
    for n in (name, *others):
        if n.casefold() in found:
            return found[n.casefold()]
    return name


def shown_formula(ref: str, spellings: Mapping[str, tuple[str, ...]], shown: Mapping[str, str]) -> str:
    """A formula showing the cell ``ref`` as ``shown[code]`` when it holds any spelling of ``code``
    (``{code: spellings}``, as ``to_codes`` reads them); any other value as typed."""
    out = ref
    for code, names in reversed(list(spellings.items())):
        out = f'IF({_either(ref, names)},"{shown[code]}",{out})'
    return out
