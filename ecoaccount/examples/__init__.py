"""The bundled example workbooks, built by code from the example modules.

``workbooks/`` holds the files that ``build_examples`` writes; a test proves they match.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecoaccount import api


@dataclass(frozen=True)
class Example:
    filename: str
    kind: str
    lang: str
    build: Callable[[str], dict[str, Any]]  # lang -> make_template keyword arguments
    about: str


def _crdc(lang: str) -> dict[str, Any]:
    from ecoaccount.examples import esv_crdc as e

    return {
        "data": {"landuse": e.landuse_rows(lang), "grain": e.grain_rows(lang), "gdp": e.gdp_rows(lang)},
        "notes": e.NOTES_ZH if lang == "zh" else e.NOTES,
    }


def _vcs_synthetic(lang: str) -> dict[str, Any]:
    from ecoaccount.examples import vcs_synthetic as e

    return e.template_kwargs(lang)


def _pingshuo(lang: str) -> dict[str, Any]:
    from ecoaccount.examples import landuse_pingshuo as e

    return e.template_kwargs(lang)


def _gep_jinsha(lang: str) -> dict[str, Any]:
    from ecoaccount.examples import gep_jinsha as e

    return e.template_kwargs(lang)


EXAMPLES: list[Example] = [
    Example(
        "esv_crdc_15_cities.xlsx",
        "esv",
        "en",
        _crdc,
        "15 coal resource-depleted cities, 2000/2010/2020 (paper 000; illustrative per-city inputs)",
    ),
    Example("esv_crdc_15_cities_zh.xlsx", "esv", "zh", _crdc, "同上，中文模板"),
    Example(
        "vcs_synthetic_mines.xlsx",
        "vcs",
        "en",
        _vcs_synthetic,
        "SYNTHETIC multi-mine VCS case (paper 002 eqs. 1-5): every branch, worked by hand",
    ),
    Example(
        "landuse_pingshuo.xlsx",
        "landuse",
        "en",
        _pingshuo,
        "Pingshuo open-pit mine 1986-2018 (paper 003): stated figures; transfer table reconstructed",
    ),
    Example(
        "gep_jinsha_county.xlsx",
        "gep",
        "en",
        _gep_jinsha,
        "Jinsha County mine restoration, before/after (paper 001): every stated parameter; notes on differences",
    ),
    Example("gep_jinsha_county_zh.xlsx", "gep", "zh", _gep_jinsha, "同上，中文模板"),
]


def build_examples(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for ex in EXAMPLES:
        path = folder / ex.filename
        api.make_template(ex.kind, path, ex.lang, **ex.build(ex.lang))
        out.append(path)
    return out


def build_templates(folder: Path) -> list[Path]:
    """Every kind's empty template in both languages: ``<kind>_<lang>.xlsx``."""
    from ecoaccount.kinds import KINDS

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for kind in sorted(KINDS):
        for lang in ("en", "zh"):
            out.append(api.make_template(kind, folder / f"{kind}_{lang}.xlsx", lang))
    return out
