"""What a batch leaves in its output folder: summary.xlsx, errors.xlsx, errors.csv, manifest.json.

Every file is written under a temporary name and renamed, so none is ever half-written. Same
outcomes give the same bytes: the only timestamp is the workbook creation time, which follows
``SOURCE_DATE_EPOCH`` when it is set.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import xlsxwriter

from ecoaccount import __version__
from ecoaccount import messages as M
from ecoaccount.batch.headline import INT, headline_columns
from ecoaccount.batch.inputs import MANIFEST, MANIFEST_FORMAT
from ecoaccount.kinds import KINDS
from ecoaccount.workbook.template import META_SHEET

MAX_ROWS = 1_048_575  # data rows below the header
MAX_LINKS = 65_530  # hyperlinks per worksheet in Excel
_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A CSV cell that a spreadsheet would run as a formula gets a leading quote (OWASP)."""
    return "'" + cell if cell.startswith(_CSV_TRIGGERS) else cell


@contextmanager
def atomic(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed onto it on success, removed on any failure."""
    fd, tmp = tempfile.mkstemp(prefix=".ecoaccount-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    readable(Path(tmp))
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def readable(path: Path) -> None:
    """The permissions of an ordinary new file (temporary files are created private)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def created_time() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _width(value: Any, fmt: str = "") -> int:
    if isinstance(value, float):
        if fmt.endswith("%"):
            text = f"{value:.1%}"
        elif "0.0" in fmt:
            text = f"{value:,.{len(fmt) - fmt.index('.') - 1}f}"
        else:
            text = f"{value:,.0f}"
    else:
        text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


class _Sheet:
    """One table: a bold header row, frozen, with an autofilter and widths that fit the contents."""

    def __init__(self, wb: Any, name: str, headers: Sequence[str], formats: Sequence[str], fixed: int) -> None:
        self.wb, self.ws = wb, wb.add_worksheet(name[:31])
        self.header = wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        # Every cell top-aligned, so that a row with a wrapped reason still reads as one line.
        self.link = wb.add_format({"font_color": "#0563C1", "underline": 1, "valign": "top"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.top = wb.add_format({"valign": "top"})
        self.nums = [wb.add_format({"num_format": f, "valign": "top"}) if f and f != "@" else self.top for f in formats]
        # A text figure (a scenario, a region) stands right of a right-aligned number: keep them apart.
        indented = wb.add_format({"align": "left", "valign": "top", "indent": 1})
        self.texts = [indented if f == "@" else self.top for f in formats]
        self.wrapped: list[tuple[int, int, str]] = []
        self.formats, self.headers = formats, list(headers)
        self.widths = [min(_width(h), 28) + 2 for h in headers]
        for c, h in enumerate(headers):
            self.ws.write_string(0, c, h, self.header)
        self.n_cols, self.rows, self.links = len(headers), 0, 0
        self.fixed = fixed  # columns frozen at the left

    def cell(self, r: int, c: int, v: Any, wrap: bool = False) -> None:
        if v is None or v == "":
            return
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            self.ws.write_number(r, c, v, self.nums[c])
        else:
            self.ws.write_string(r, c, str(v), self.wrap if wrap else self.texts[c])
            if wrap:
                self.wrapped.append((r, c, str(v)))
        self.widths[c] = max(self.widths[c], _width(v, self.formats[c]) + 2 + (self.formats[c] == "@"))

    def url(self, r: int, c: int, target: str, text: str, anchor: str = "") -> None:
        """A link to a file relative to the output folder (at ``anchor``, e.g. ``#'Sheet'!C7``)."""
        if not text:
            return
        if target and "#" not in target and self.links < MAX_LINKS:
            self.links += 1
            self.ws.write_url(r, c, "external:" + target + anchor, self.link, text)
        else:
            self.ws.write_string(r, c, text, self.top)
        self.widths[c] = max(self.widths[c], _width(text) + 2)

    def finish(self, wrap_cols: Sequence[int] = (), wrap_width: int = 70) -> None:
        widths = [min(w, wrap_width) if c in wrap_cols else min(w, 255) for c, w in enumerate(self.widths)]
        for c, w in enumerate(widths):
            self.ws.set_column(c, c, w)
        lines = max(-(-_width(h) // max(w - 1, 1)) for h, w in zip(self.headers, widths, strict=True))
        self.ws.set_row(0, 15 * lines + 3)
        heights: dict[int, int] = {}
        for r, c, text in self.wrapped:  # spreadsheets do not grow rows for wrapped text on their own
            heights[r] = max(heights.get(r, 1), -(-_width(text) // max(int(widths[c] * 1.25), 1)))
        for r, n in heights.items():
            self.ws.set_row(r, 15 * n)
        self.ws.freeze_panes(1, self.fixed)
        # Printed or saved as PDF: landscape A4, as wide as one page, the header on every page.
        self.ws.set_landscape()
        self.ws.set_paper(9)
        self.ws.fit_to_pages(1, 0)
        self.ws.repeat_rows(0)
        self.ws.autofilter(0, 0, max(self.rows, 1), self.n_cols - 1)


def _workbook(path: Path) -> Any:
    wb = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    wb.set_properties({"author": "ecoaccount", "comments": f"ecoaccount {__version__}", "created": created_time()})
    return wb


def _close(wb: Any, marker: str, lang: str) -> None:
    """Add the hidden sheet that marks the file as a batch output (so a later batch skips it), close."""
    meta = wb.add_worksheet(META_SHEET)
    for r, (k, v) in enumerate((("kind", marker), ("lang", lang), ("ecoaccount", __version__))):
        meta.write_string(r, 0, k)
        meta.write_string(r, 1, v)
    meta.hide()
    wb.close()


def reason_text(o: dict[str, Any], lang: str) -> str:
    if o.get("reason"):
        rid, params = o["reason"]
        return M.message(rid, params).render(lang)
    return ""


def kind_label(kind: str | None, lang: str) -> str:
    return M.KIND_NAME[kind].text(lang) if kind in KINDS else ""


def write_summary(path: Path, outcomes: list[dict[str, Any]], lang: str) -> None:
    """``summary.xlsx``: every input on the first sheet, then one sheet per template kind."""
    with atomic(path) as tmp:
        wb = _workbook(tmp)
        head = [
            m.text(lang)
            for m in (M.BATCH_COL_NO, M.BATCH_COL_SUBMISSION, M.BATCH_COL_STATUS, M.BATCH_COL_KIND)
            + (M.BATCH_COL_PROBLEMS, M.BATCH_COL_RESULT, M.BATCH_COL_REASON)
        ]
        s = _Sheet(wb, M.BATCH_SHEET_ALL.text(lang), head, [INT, "", "", "", INT, "", ""], 2)
        for r, o in enumerate(outcomes, start=1):
            s.cell(r, 0, o["index"] + 1)
            s.cell(r, 1, o["rel"])
            s.cell(r, 2, M.STATUS[o["status"]].text(lang))
            s.cell(r, 3, kind_label(o.get("kind"), lang))
            s.cell(r, 4, len(o["problems"]) if o["status"] == "invalid" else None)
            s.url(r, 5, o.get("result", ""), o.get("result", ""))
            s.cell(r, 6, reason_text(o, lang), wrap=True)
        s.rows = len(outcomes)
        s.finish(wrap_cols=(6,))
        for kind in KINDS:
            rows = [o for o in outcomes if o.get("kind") == kind and o["status"] in ("computed", "invalid")]
            if rows:
                _kind_sheet(wb, kind, rows, lang)
        _close(wb, "batch-summary", lang)


def _kind_sheet(wb: Any, kind: str, rows: list[dict[str, Any]], lang: str) -> None:
    cols = headline_columns(kind, lang)
    head = [m.text(lang) for m in (M.BATCH_COL_NO, M.BATCH_COL_SUBMISSION, M.BATCH_COL_STATUS, M.BATCH_COL_PROBLEMS)]
    head.append(M.BATCH_COL_RESULT.text(lang))
    s = _Sheet(
        wb,
        kind_label(kind, lang),
        head + [c.label for c in cols],
        [INT, "", "", INT, ""] + [c.num_format for c in cols],
        2,
    )
    for r, o in enumerate(rows, start=1):
        s.cell(r, 0, o["index"] + 1)
        s.cell(r, 1, o["rel"])
        s.cell(r, 2, M.STATUS[o["status"]].text(lang))
        s.cell(r, 3, len(o["problems"]) if o["status"] == "invalid" else None)
        s.url(r, 4, o.get("result", ""), o.get("result", ""))
        for c, col in enumerate(cols, start=5):
            s.cell(r, c, o.get("headline", {}).get(col.id))
    s.rows = len(rows)
    s.finish()


def problem_rows(outcomes: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], str, str, str]]:
    """(outcome, location, en, zh) for every problem and every failure, in input order."""
    for o in outcomes:
        if o["status"] == "invalid":
            for loc, en, zh in o["problems"]:
                yield o, loc, en, zh
        elif o["status"] == "failed":
            yield o, "", reason_text(o, "en"), reason_text(o, "zh")


def write_errors_csv(path: Path, outcomes: list[dict[str, Any]]) -> None:
    """``errors.csv`` (UTF-8 with BOM for Excel): submission, location, problem, 问题."""
    with atomic(path) as tmp:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["submission", "location", "problem", "问题"])
            for o, loc, en, zh in problem_rows(outcomes):
                w.writerow([neutralise(x) for x in (o["rel"], loc, en, zh)])


def _anchor(location: str) -> str:
    if not location:
        return ""
    sheet, _, cell = location.rpartition("!")
    if not sheet:
        sheet, cell = location, "A1"
    return "#'" + sheet.replace("'", "''") + "'!" + cell


def write_errors_xlsx(path: Path, outcomes: list[dict[str, Any]], src: Path, out: Path, lang: str) -> None:
    """``errors.xlsx``: one row per problem; the submission cell opens the submission at that cell."""
    with atomic(path) as tmp:
        wb = _workbook(tmp)
        head = [m.text(lang) for m in (M.BATCH_COL_NO, M.BATCH_COL_SUBMISSION, M.BATCH_COL_STATUS)]
        head += [M.BATCH_COL_LOCATION.text(lang), M.BATCH_COL_MESSAGE.text(lang)]
        s = _Sheet(wb, M.BATCH_SHEET_PROBLEMS.text(lang), head, [INT, "", "", "", ""], 2)
        prefix = Path(os.path.relpath(src, out)).as_posix()
        r, extra = 0, 0
        for o, loc, en, zh in problem_rows(outcomes):
            if r >= MAX_ROWS - 1:
                extra += 1
                continue
            r += 1
            s.cell(r, 0, o["index"] + 1)
            s.url(r, 1, f"{prefix}/{o['rel']}", o["rel"], _anchor(loc))
            s.cell(r, 2, M.STATUS[o["status"]].text(lang))
            s.cell(r, 3, loc)
            s.cell(r, 4, zh if lang == "zh" else en, wrap=True)
        if extra:
            r += 1
            s.cell(r, 4, M.BATCH_TRUNCATED.format(n=extra).render(lang))
        s.rows = r
        s.finish(wrap_cols=(4,), wrap_width=90)
        _close(wb, "batch-errors", lang)


def write_manifest(out: Path, entries: dict[str, Any]) -> None:
    # "format" first: a later batch recognises an output folder by the first bytes of its manifest.
    data = {
        "format": MANIFEST_FORMAT,
        "tool": __version__,
        "entries": {rel: dict(sorted(e.items())) for rel, e in sorted(entries.items())},
    }
    with atomic(out / MANIFEST) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
