"""Imported once by the fork server that starts every batch worker: each worker is forked from a
process that has already imported the engine and loaded the unit registry (about 1 s of start-up
that every submission would otherwise pay again)."""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

from ecoaccount.batch import isolation, worker  # noqa: F401 - imported for the workers


def warm() -> None:
    """Fill a small example once, so that every lazily built table and import is in place."""
    from ecoaccount import api
    from ecoaccount.examples import vcs_synthetic

    try:
        with tempfile.TemporaryDirectory(prefix="ecoaccount-warm-") as tmp:
            src = api.make_template("vcs", Path(tmp) / "warm.xlsx", "en", **vcs_synthetic.template_kwargs("en"))
            api.fill(src, Path(tmp) / "warm_result.xlsx")
    except Exception:  # noqa: BLE001 - warming is an optimisation only
        pass


warm()
# Workers are forked from this process: move everything loaded so far out of the garbage
# collector's view, so that no worker's collection walks (and so copies) the inherited objects.
gc.freeze()
