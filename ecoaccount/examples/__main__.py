"""Rebuild ``templates/`` and ``workbooks/``: ``python -m ecoaccount.examples [ROOT]``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ecoaccount.examples import build_examples, build_templates, udf_functions

# The function books are result workbooks, stamped with their time of writing: a fixed stamp keeps the
# committed examples byte-identical when they are rebuilt (SOURCE_DATE_EPOCH, when set, wins).
os.environ.setdefault("SOURCE_DATE_EPOCH", "1796168622")
root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
for p in (
    build_templates(root / "templates")
    + build_examples(root / "workbooks")
    + udf_functions.build(root / "workbooks" / "functions")
):
    print(p)
