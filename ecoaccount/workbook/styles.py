"""Cell formats shared by templates and result workbooks (XlsxWriter format properties)."""

from __future__ import annotations

from typing import Any

TITLE = {"bold": True, "font_size": 14, "font_color": "#1F4E78"}
NOTE = {"italic": True, "font_color": "#595959", "text_wrap": False}
HEADER = {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
INPUT = {"bg_color": "#FFF2CC", "locked": False, "border": 1, "border_color": "#BFBFBF"}
INPUT_NUMBER = {**INPUT, "num_format": "#,##0.####"}
INPUT_INTEGER = {**INPUT, "num_format": "0"}
INPUT_DATE = {**INPUT, "num_format": "yyyy-mm-dd"}
DATE = {"num_format": "yyyy-mm-dd"}
INPUT_WRAP = {**INPUT, "text_wrap": True, "valign": "top"}
COMPUTED = {"num_format": "#,##0.00"}
COMPUTED_PRECISE = {"num_format": "0.000000"}
PERCENT = {"num_format": "0.00%"}
TEXT = {}
WRAP = {"text_wrap": True, "valign": "top"}
OK_FMT = {"font_color": "#006100", "bg_color": "#C6EFCE"}
MASTER = {"bold": True}
FAIL_FMT = {"font_color": "#9C0006", "bg_color": "#FFC7CE"}


class Formats:
    """XlsxWriter formats for one workbook, each created on first use and then stored.

    A format is stored as an instance attribute, so only the first access of each name reaches
    ``__getattr__``; the writers' millions of later accesses are plain attribute reads.
    """

    def __init__(self, workbook: Any) -> None:
        self._wb = workbook

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        props = globals().get(name.upper())
        if not isinstance(props, dict):
            raise AttributeError(name)
        fmt = self._wb.add_format(dict(props))
        setattr(self, name, fmt)
        return fmt
