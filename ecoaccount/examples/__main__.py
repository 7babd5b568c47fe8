"""Rebuild ``templates/`` and ``workbooks/``: ``python -m ecoaccount.examples [ROOT]``."""

from __future__ import annotations

import sys
from pathlib import Path

from ecoaccount.examples import build_examples, build_templates, udf_functions

root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
for p in (
    build_templates(root / "templates")
    + build_examples(root / "workbooks")
    + udf_functions.build(root / "workbooks" / "functions")
):
    print(p)
