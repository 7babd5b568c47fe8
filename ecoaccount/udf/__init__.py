"""Worksheet functions (``=ECO_...``) for every method: one registry, two spreadsheets.

- ``registry``: each function declared once (arguments with unit and shape, help in en/zh, the
  pure method it calls, the id of the quantity it returns);
- ``adapters``: argument checks and messages, shared by every spreadsheet;
- ``xl``: the xlwings UDFs (Excel on Windows), imported here so that xlwings' ``UDF_MODULES``
  setting can name ``ecoaccount.udf``;
- ``calc``: builds the LibreOffice Calc add-in extension (.oxt) from the same registry;
- ``workbook``: writes the UDF-ready workbook for ``ecoaccount xl``.
"""

from __future__ import annotations

from ecoaccount.udf.registry import BY_NAME, FUNCTIONS

__all__ = ["BY_NAME", "FUNCTIONS"]

try:
    from ecoaccount.udf.xl import *  # noqa: F403  (the ECO_ functions, for xlwings' Import Functions)
except ImportError:  # xlwings not installed (pip install "ecoaccount[udf]"); the registry still works
    pass
else:
    __all__ += [f.name for f in FUNCTIONS]
