"""ecoaccount: ecosystem accounting for mining and restoration areas, in Excel, with a Python engine."""

from __future__ import annotations

__version__ = "0.1.0"
