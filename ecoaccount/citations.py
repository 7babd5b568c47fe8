"""The sources ecoaccount cites, declared once: id → short citation (en, zh) and full reference.

Code, docstrings and data files refer to the four source papers by their file id (``000`` …
``003``, e.g. ``paper 001 Table 3`` or ``000_89a29e514ac06762 eq. 5``). Users never see those
ids: every text written into a workbook goes through ``cite``, which replaces them with the short
citation (``Xu et al. 2026, Global NEST J., Table 3``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Source:
    id: str
    short_en: str
    short_zh: str
    reference: str

    def short(self, lang: str) -> str:
        return self.short_zh if lang == "zh" else self.short_en


SOURCES: dict[str, Source] = {
    s.id: s
    for s in (
        Source(
            "000",
            "Wang, Fan et al., ESV compensation of coal cities",
            "Wang、Fan 等，煤炭资源枯竭城市生态补偿",
            "Wang J., Fan Y., Wang M., Sun T., Liu J. Ecological compensation in the Chinese coal "
            "resource-depleted cities based on the ecosystem service value (15 cities, 2000/2010/2020).",
        ),
        Source(
            "001",
            "Xu et al. 2026, Global NEST J.",
            "Xu 等 2026，Global NEST J.",
            "Xu X., Wang N., Dong H., Wu H., Huo Y., Wang H. (2026). Gross Ecosystem Product (GEP) "
            "accounting for the ecological restoration of mine sites. Global NEST Journal. "
            "doi:10.30955/gnj.08218",
        ),
        Source(
            "002",
            "Xu et al. 2024, Sci. Rep.",
            "Xu 等 2024，Sci. Rep.",
            "Xu Y., Li J., Zhang C., Raval S., Guo L., Yang F. (2024). Dynamics of carbon sequestration "
            "in vegetation affected by large-scale surface coal mining and subsequent restoration. "
            "Scientific Reports 14. doi:10.1038/s41598-024-64381-1",
        ),
        Source(
            "003",
            "Yang et al. 2022, Int. J. Coal Sci. Technol.",
            "Yang 等 2022，Int. J. Coal Sci. Technol.",
            "Yang B., Bai Z., Fu S., Cao Y. (2022). Division of carbon sink functional areas and path "
            "to carbon neutrality in coal mines. International Journal of Coal Science & Technology.",
        ),
        Source(
            "xie2015",
            "Xie et al. 2015, J. Nat. Resour.",
            "谢高地等 2015，自然资源学报",
            "Xie G.D., Zhang C.X., Zhang L.M., Chen W.H., Li S.M. (2015). Improvement of the method of "
            "valuing ecosystem services based on unit area value equivalent factor. Journal of Natural "
            "Resources 30, 1243–1254 (in Chinese).",
        ),
    )
}

# A paper named by its file id: ``000_89a29e514ac06762(.txt)``, ``paper 001``, ``论文 001``, or a
# bare ``003`` followed by ``eq.``/``Table``/``Sect.``/``表``/``式``.
_FILE_ID = re.compile(
    r"(?:[Pp]aper )?(?:file )?`{0,2}(00[0-3])_[0-9a-f]{16}(?:\.txt)?`{0,2}"
    r"|(?:[Pp]apers? |论文 ?)(00[0-3])(?!\d)"
    r"|\b(00[0-3])(?= ?(?:eqs?\.|Eqs?\.|Tables?|Sect\.|Fig\.|Abstract|表|式))"
)


_LOCATOR = re.compile(r" ?(?:eqs?\.|Eqs?\.|Tables?|Sect\.|Fig\.|Abstract|表|式|第)")


def cite(text: str, lang: str = "en") -> str:
    """``text`` with every paper file id replaced by its short citation in ``lang``."""
    if not text or "00" not in text:
        return text

    def short(m: re.Match[str]) -> str:
        text_ = SOURCES[next(g for g in m.groups() if g)].short(lang)
        # "Xu et al. 2026, Global NEST J., Table 3": a comma before the place in the paper.
        return text_ + ("，" if lang == "zh" else ",") if _LOCATOR.match(m.string, m.end()) else text_

    out = _FILE_ID.sub(short, text)
    return out.replace("， ", "，") if lang == "zh" else out


def has_file_id(text: str) -> bool:
    """True when ``text`` still names a paper by its file id."""
    return bool(_FILE_ID.search(text or ""))


def source_zh(text: str) -> str:
    """The Chinese text of a parameter source (``data/sources_zh.csv``), or ``text`` unchanged."""
    return _sources_zh().get(text, text)


@cache
def _sources_zh() -> dict[str, str]:
    from ecoaccount.data import load_table

    table = load_table("sources_zh.csv")
    return dict(zip(table["source_en"], table["source_zh"], strict=True))
