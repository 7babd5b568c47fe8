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
    """Lazily created XlsxWriter formats for one workbook."""

    def __init__(self, workbook: Any) -> None:
        self._wb = workbook
        self._cache: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._cache:
            props = globals()[name.upper()]
            self._cache[name] = self._wb.add_format(dict(props))
        return self._cache[name]
