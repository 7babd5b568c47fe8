"""Sheet-level layout of result sheets: header row heights, print set-up and the master check.

Every result sheet shows at its top whether all checks pass: in row 1, right after its title, a
formula on the defined name ``Checks_all`` (the Checks sheet's one overall OK/FAIL cell), coloured by
a conditional format so that it turns red as soon as an edited input makes a check fail. Row 1 holds
nothing but the title in A1 on every result sheet (notes are in A2, column-group labels in row 3,
headers from row 4), so the master check never displaces anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

MASTER_ROW = 0  # the title row
MASTER_NAME = "Checks_all"
DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters of the default font
LINE_HEIGHT = 15.0  # points per line of 11 pt text (Excel's default row height)
CJK_LINE_HEIGHT = 17.0  # CJK fallback fonts are taller than Calibri
TITLE_HEIGHT = 21.0  # row 1 holds a 14 pt title
TITLE_SCALE = 1.45  # a 14 pt bold title is this much wider than 11 pt text, with room for wider fonts
# Printing: one page wide while that keeps the text at a readable scale (about 2/3 or more of its
# size on A4 landscape, ~100 characters at 100 %), two pages wide up to twice that, else actual size.
PAGE_CHARS = 100.0
ONE_PAGE_CHARS = 150.0
TWO_PAGES_CHARS = 300.0
A4 = 9
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_TOKENS = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+")


def text_width(text: str) -> float:
    """Width of ``text`` in characters of the default font; CJK characters count double."""
    return float(len(text) + len(_CJK.findall(text)))


@lru_cache(maxsize=4096)  # the same declared headers come back in every book
def wrapped_lines(text: str, width: float, bold: bool = True) -> int:
    """Lines that ``text`` takes when wrapped at word (or CJK character) boundaries in a column
    ``width`` characters wide."""
    room = max(1.0, width - 1.0) / (1.1 if bold else 1.0)  # cell padding; bold glyphs are wider
    lines = 0
    for para in str(text).split("\n"):
        lines += 1
        used = 0.0
        for token in _TOKENS.findall(para):
            w = text_width(token)
            if token.isspace():
                used += w if used else 0.0
                continue
            if used and used + w > room:
                lines += 1
                used = 0.0
            while w > room:  # a word longer than the column breaks inside itself
                lines += 1
                w -= room
            used += w
    return max(lines, 1)


def row_height(texts: Iterable[tuple[str, float]], bold: bool = True) -> float:
    """Row height (points) that shows every (text, column width) of a row in full."""
    height = LINE_HEIGHT
    for text, width in texts:
        per_line = CJK_LINE_HEIGHT if _CJK.search(text) else LINE_HEIGHT
        height = max(height, per_line * wrapped_lines(text, width, bold) + 2.0)
    return height


def column_width(ws: Any, col: int) -> float:
    """Width of a column in characters (XlsxWriter keeps widths in pixels: 7 per character + 5)."""
    info = ws.col_info.get(col)
    pixels = getattr(info, "width", None) if info is not None else None
    if not pixels:
        return DEFAULT_WIDTH
    return (pixels - 5) / 7 if pixels >= 12 else pixels / 12


def finish_sheet(ws: Any, header_rows: dict[int, dict[int, str]], first_header: int | None, lang: str) -> None:
    """Header row heights from the final column widths, and the print set-up of a result sheet:
    A4 landscape, the first header row repeated on every page, one page wide while that stays
    readable (two pages wide up to twice as wide, else actual size), sheet name and page in the
    footer."""
    for row, cells in header_rows.items():
        ws.set_row(row, row_height((text, column_width(ws, c)) for c, text in cells.items()))
    ws.set_row(0, TITLE_HEIGHT)
    ws.set_landscape()
    ws.set_paper(A4)
    if first_header is not None:
        ws.repeat_rows(first_header)
    ncols = (ws.dim_colmax + 1) if ws.dim_colmax is not None else 1
    total = sum(column_width(ws, c) for c in range(ncols))
    if total <= ONE_PAGE_CHARS:
        ws.fit_to_pages(1, 0)
    elif total <= TWO_PAGES_CHARS:
        ws.fit_to_pages(2, 0)
    ws.set_footer("&L&A&RPage &P / &N" if lang != "zh" else "&L&A&R第 &P 页，共 &N 页")


def master_column(ws: Any, title: str) -> int:
    """The first empty column of row 1 that starts after the end of the title in A1 (``title``, or
    the text found in A1 when a sheet wrote its title itself)."""
    end = text_width(title or _a1_text(ws)) * TITLE_SCALE + 1.0
    col, left = 0, 0.0
    while left < end or col == 0:
        left += column_width(ws, col)
        col += 1
    while ws.table.get(MASTER_ROW, {}).get(col) is not None:
        col += 1
    return col


def _a1_text(ws: Any) -> str:
    cell = ws.table.get(0, {}).get(0)
    index = getattr(cell, "string", None)
    if not isinstance(index, int):
        return ""
    return next((text for text, i in ws.str_table.string_table.items() if i == index), "")


def master_check(ws: Any, fmt: Any, lang: str, ok: bool, col: int) -> None:
    """Write the master check into row 1, column ``col``: a formula on ``Checks_all``, green when OK."""
    texts = ("Checks: OK", "Checks: FAIL") if lang != "zh" else ("校验：全部通过", "校验：未通过")
    ws.write_formula(
        MASTER_ROW, col, f'=IF({MASTER_NAME}="OK","{texts[0]}","{texts[1]}")', fmt.master, texts[0] if ok else texts[1]
    )
    status_colours(ws, MASTER_ROW, col, MASTER_ROW, col, fmt, f'{MASTER_NAME}="OK"')


def status_colours(ws: Any, r1: int, c1: int, r2: int, c2: int, fmt: Any, ok_test: str) -> None:
    """Green where ``ok_test`` (a formula relative to the top-left cell) holds, red elsewhere."""
    ws.conditional_format(r1, c1, r2, c2, {"type": "formula", "criteria": f"={ok_test}", "format": fmt.ok_fmt})
    ws.conditional_format(r1, c1, r2, c2, {"type": "formula", "criteria": f"=NOT({ok_test})", "format": fmt.fail_fmt})


#: The status of a check that does not hold, in each language ("OK" reads the same in both).
FAIL_TEXT = {"en": "FAIL", "zh": "不通过"}


def overall_formula(first_row: int, last_row: int, col_letter: str, lang: str = "en") -> str:
    """OK when every status from ``first_row`` to ``last_row`` (1-based) says OK."""
    rng = f"${col_letter}${first_row}:${col_letter}${last_row}"
    return f'=IF(COUNTIF({rng},"OK")=ROWS({rng}),"OK","{fail_text(lang)}")'


def fail_text(lang: str) -> str:
    """The status of a check that does not hold in a book of language ``lang``."""
    return FAIL_TEXT["zh" if lang == "zh" else "en"]


__all__ = ["MASTER_NAME", "finish_sheet", "master_check", "master_column", "row_height", "text_width"]
