"""Look at a submitted file before any spreadsheet parser does: what it is, how large it unpacks,
and how far its sheets really extend.

python-calamine builds a dense grid from A1 to the last used cell of a sheet, so one value in
``XFD1048576`` asks for 17 billion cells and ends the process. The zip container must therefore
be checked (declared sizes, compression ratio) and every sheet's real extent found cheaply, by a
streaming scan with bounded memory, before calamine reads anything (see docs/security.md).

The same scan collects the error cells of .xlsx sheets (``t="e"``): calamine returns them as
empty text, which would be reported as "empty" instead of "#DIV/0!".
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree as SafeET
from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

from ecoaccount import messages as M
from ecoaccount.errors import InvalidWorkbookError
from ecoaccount.problems import Problem

SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods")

# Limits, set from the largest legitimate input we support: the land-use template with
# 1,000,000 parcels at each of two dates (benchmarks/bench_landuse.py): 6.0 M cells, two sheet
# XML parts of 143 MiB each, 285 MiB unpacked, the most compressed part 7.6× (docs/security.md).
MAX_UNPACKED = 640 * 2**20  # bytes, all parts together (2.2× the largest legitimate input)
MAX_PART = 320 * 2**20  # bytes, one part
MAX_RATIO = 50  # unpacked / packed size of a part larger than RATIO_FROM
RATIO_FROM = 2**20  # small parts (styles, strings of a few names) may compress better
MAX_CELLS = 16_000_000  # cells of the dense grids (from A1 to the last value) of all sheets
MAX_XML_PART = 16 * 2**20  # workbook.xml, relationships: read whole, so kept small

CHUNK = 8 * 2**20
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ERROR_TEXT = re.compile(r"#(?:DIV/0!|N/A|NAME\?|NULL!|NUM!|REF!|VALUE!|GETTING_DATA|SPILL!|CALC!)|Err:\d{3}")


@dataclass
class Extent:
    """How far one sheet extends: last row and column holding a value (1-based; 0 when empty)."""

    rows: int = 0
    cols: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row0, col0) -> "#DIV/0!"

    @property
    def cells(self) -> int:
        return self.rows * self.cols


@dataclass
class Inspection:
    """What the scan found: each sheet's extent, by sheet name (or part name when unknown)."""

    sheets: dict[str, Extent] = field(default_factory=dict)


def refuse(path: Path, message: M.Message | M.Msg, location: str = "") -> InvalidWorkbookError:
    return InvalidWorkbookError(str(path), [Problem(location, message)])


def inspect(path: Path, only: Iterable[str] | None = None) -> Inspection:
    """Refuse what no parser should open; return the sheets' extents. Raises ``InvalidWorkbookError``.

    ``only`` limits the scan of an .xlsx to the named sheets (the marker sheet, to learn the
    language): the caller must then read no other sheet.
    """
    if path.is_dir():
        raise refuse(path, M.FILE_IS_FOLDER.format(path=path.name))
    if not path.exists():
        raise refuse(path, M.FILE_NOT_FOUND.format(path=path.name))
    if not path.is_file():
        raise refuse(path, M.FILE_NOT_REGULAR.format(path=path.name))
    suffix = path.suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        # An OLE container: an encrypted .xlsx (the package inside "EncryptedPackage") or a .xls.
        if _ole_encrypted(path):
            raise refuse(path, M.FILE_ENCRYPTED)
        raise refuse(path, M.FILE_OLD_XLS)
    if suffix == ".xls":
        raise refuse(path, M.FILE_OLD_XLS)
    if suffix not in SUFFIXES:
        raise refuse(path, M.FILE_WRONG_TYPE.format(suffix=suffix or "(none)"))
    if not zipfile.is_zipfile(path):
        raise refuse(path, M.FILE_DAMAGED.format(detail=M.DAMAGED_NOT_ZIP))
    try:
        with zipfile.ZipFile(path) as zf:
            _check_sizes(path, zf)
            if suffix == ".ods":
                found = _scan_ods(path, zf)
            elif suffix == ".xlsb":
                found = _scan_xlsb(path, zf)
            else:
                found = _scan_xlsx(path, zf, None if only is None else set(only))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError) as exc:
        raise refuse(path, M.FILE_DAMAGED.format(detail=str(exc) or type(exc).__name__)) from None
    total = sum(e.cells for e in found.sheets.values())
    if total > MAX_CELLS:
        name, ext = max(found.sheets.items(), key=lambda kv: kv[1].cells)
        last = xl_rowcol_to_cell(max(ext.rows - 1, 0), max(ext.cols - 1, 0))
        raise refuse(
            path, M.SHEET_TOO_LARGE.format(sheet=name, cell=last, cells=f"{ext.cells:,}", limit=f"{MAX_CELLS:,}")
        )
    return found


def _ole_encrypted(path: Path) -> bool:
    """An OLE file holding an "EncryptedPackage" stream (its directory names are UTF-16)."""
    marker = "EncryptedPackage".encode("utf-16-le")
    with path.open("rb") as fh:
        tail = b""
        while chunk := fh.read(CHUNK):
            if marker in tail + chunk:
                return True
            tail = chunk[-len(marker) :]
    return False


def _check_sizes(path: Path, zf: zipfile.ZipFile) -> None:
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.file_size > MAX_PART:
            raise refuse(
                path,
                M.ARCHIVE_TOO_LARGE.format(
                    size=f"{info.file_size / 2**20:,.0f}", limit=f"{MAX_PART // 2**20}", what=info.filename
                ),
            )
        packed = max(info.compress_size, 1)
        if info.file_size > RATIO_FROM and info.file_size / packed > MAX_RATIO:
            raise refuse(
                path,
                M.ARCHIVE_RATIO.format(part=info.filename, ratio=f"{info.file_size / packed:,.0f}", limit=MAX_RATIO),
            )
    if total > MAX_UNPACKED:
        raise refuse(
            path,
            M.ARCHIVE_TOO_LARGE.format(
                size=f"{total / 2**20:,.0f}", limit=f"{MAX_UNPACKED // 2**20}", what="all parts together"
            ),
        )


def _read_limited(zf: zipfile.ZipFile, name: str) -> bytes:
    """A small XML part, read whole: the declared size is checked, the actual read bounded too."""
    with zf.open(name) as fh:
        data = fh.read(MAX_XML_PART + 1)
    if len(data) > MAX_XML_PART:
        raise zipfile.BadZipFile(f"part {name} is larger than {MAX_XML_PART // 2**20} MiB")
    return data


def _chunks(zf: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """A part's bytes in chunks, reading at most its declared size (plus one byte to notice a lie)."""
    limit = zf.getinfo(name).file_size + 1
    with zf.open(name) as fh:
        read = 0
        while read < limit and (chunk := fh.read(min(CHUNK, limit - read))):
            read += len(chunk)
            yield chunk


# --- .xlsx / .xlsm --------------------------------------------------------------------------------

_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """part name -> sheet name, from workbook.xml and its relationships (empty when unreadable;
    calamine then reports the damage)."""
    names = set(zf.namelist())
    book = "xl/workbook.xml"
    if "_rels/.rels" in names:
        for rel in SafeET.fromstring(_read_limited(zf, "_rels/.rels")):
            if rel.get("Type", "").endswith("/officeDocument"):
                book = rel.get("Target", book).lstrip("/")
    base = PurePosixPath(book).parent
    rels_name = str(base / "_rels" / (PurePosixPath(book).name + ".rels"))
    if book not in names or rels_name not in names:
        return {}
    targets = {}
    for rel in SafeET.fromstring(_read_limited(zf, rels_name)):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else str(base / target)
        targets[rel.get("Id")] = part
    out = {}
    for el in SafeET.fromstring(_read_limited(zf, book)).iter():
        if el.tag.endswith("}sheet") and el.get(_NS_REL) in targets:
            out[targets[el.get(_NS_REL)]] = el.get("name", "")
    return out


# An error cell (t="e") and its cached value (#DIV/0!); attributes in any order, elements maybe
# prefixed.
_ERROR_CELL = re.compile(
    rb'<(?:\w+:)?c\b(?=[^>]*\st="e")[^>]*?\sr="([A-Z]{1,3}[0-9]{1,7})"[^>]*(?<!/)>\s*(?:<(?:\w+:)?f\b.*?</(?:\w+:)?f>\s*'
    rb"|<(?:\w+:)?f\b[^>]*/>\s*)?<(?:\w+:)?v>([^<]{0,32})<",
    re.S,
)
_TOKEN = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*?)(/?)>")
# A cell's or row's reference, in either quotes, as calamine reads it (letters in either case,
# leading zeros, any length): ``A1``, ``a01``, ``AAAA7``; anything else makes calamine refuse the part.
_ATTR_R = re.compile(rb"""\sr\s*=\s*(["'])([A-Za-z]{0,12})([0-9]{0,12})\1""")


def _scan_xlsx(path: Path, zf: zipfile.ZipFile, only: set[str] | None) -> Inspection:
    try:
        parts = _sheet_parts(zf)
    except SafeET.ParseError:
        parts = {}
    except Exception as exc:  # defusedxml refuses entities and DTDs: a hostile package
        raise refuse(path, M.FILE_DAMAGED.format(detail=type(exc).__name__)) from None
    found = Inspection()
    members = [n for n in zf.namelist() if re.fullmatch(r"(?:.*/)?worksheets/[^/]+\.xml", n)]
    for name in members:
        if only is None or parts.get(name) in only:
            found.sheets[parts.get(name, name)] = _scan_sheet_xml(zf, name)
    return found


def _scan_sheet_xml(zf: zipfile.ZipFile, name: str) -> Extent:
    """Last row and column of a sheet part, from bounded chunks.

    A fast pass bounds the extent from above (every cell counts, styled empty ones too) with
    searches that skip most of the text; only when that bound is over the limit, or the part is
    written unusually (cells without ``r``, prefixed elements), is the part walked cell by cell,
    counting only cells that hold something.
    """
    ext = _scan_part(zf, name, fast=True)
    if ext is None or ext.cells > MAX_CELLS:
        ext = _scan_part(zf, name, fast=False)
    return ext


def _scan_part(zf: zipfile.ZipFile, name: str, fast: bool) -> Extent | None:
    ext = Extent()
    carry = b""
    row = 0  # for cells without a reference (allowed by the standard), counted by position
    for chunk in _chunks(zf, name):
        data = carry + chunk
        # Cut after a whole row where possible, so that no cell (nor an error cell's value) is split.
        cut = data.rfind(b"</row>")
        cut = cut + 6 if cut >= 0 else data.rfind(b">") + 1
        ready, carry = data[:cut], data[cut:]
        if len(carry) > 2 * CHUNK:  # a row longer than two chunks: no legitimate sheet has one
            raise zipfile.BadZipFile(f"part {name} holds a row longer than {2 * CHUNK // 2**20} MiB")
        if fast:
            if not _bound_chunk(ready, ext):
                return None
        else:
            row = _scan_tokens(ready, ext, row)
        _errors(ready, ext)
    if fast:
        if not _bound_chunk(carry, ext):
            return None
    else:
        _scan_tokens(carry, ext, row)
    _errors(carry, ext)
    return ext


_PREFIXED_CELL = re.compile(rb":c[\s>/]")
_LAST_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_CANONICAL_REF = re.compile(rb'<c r="[A-Z]{1,3}[1-9][0-9]{0,6}"')
# A cell written otherwise: its reference not in A1 form (leading zeros, more than three letters or
# seven digits, lower case: calamine reads them all), or not its first attribute, or no reference.
_ODD_REF = rb'(?![A-Z]{1,3}[1-9][0-9]{0,6}")'  # after '<c r="'
_NO_REF_FIRST = rb'(?! r=")[\s>/]'  # after '<c'
_ODD_CELL = re.compile(rb'<c(?: r="' + _ODD_REF + rb"|" + _NO_REF_FIRST + rb")")


def _bound_chunk(data: bytes, ext: Extent) -> bool:
    """Raise ``ext`` to the last row and column referenced in ``data``; False when some cell is
    written in a way this pass does not read (no ``r`` first, a namespace prefix, a reference
    not in A1 form): the precise pass reads those."""
    if _PREFIXED_CELL.search(data):
        return False
    # The last cell's reference is a first guess (rows are written in order); one search then
    # looks for any cell beyond it, in a column to the right or a row further down, or written
    # otherwise.
    at = data.rfind(b'<c r="')
    last = _LAST_REF.match(data, at) if at >= 0 else None
    cols = max(ext.cols, _col_number(last.group(1)) if last else 0)
    rows = max(ext.rows, int(last.group(2)) if last else 0)
    beyond = _beyond(cols, rows).search(data)
    if beyond is None:
        ext.cols, ext.rows = cols, rows
        return True
    if _CANONICAL_REF.match(data, beyond.start()) is None or _ODD_CELL.search(data, beyond.start()):
        return False
    ext.cols = max([cols, *map(_col_number, set(re.findall(rb'<c r="([A-Z]{1,3})[0-9]', data)))])
    for digits in range(7, 0, -1):  # the references with the most digits, then the largest of those
        found = _ROW_DIGITS[digits].findall(data)
        if found:
            ext.rows = max(ext.rows, int(max(found)))  # same number of digits: bytes order is numeric
            break
    return True


_ROW_DIGITS = {d: re.compile(rb'<c r="[A-Z]{1,3}([1-9][0-9]{%d})"' % (d - 1)) for d in range(1, 8)}


@functools.lru_cache(maxsize=64)
def _beyond(cols: int, rows: int) -> re.Pattern[bytes]:
    """A cell reference in a column after ``cols`` or a row after ``rows`` (1-based; 0: any)."""
    letters = _col_letters(cols).encode() if cols else b""
    row = str(rows).encode() if rows else b""
    col_after = _after(letters, b"A", b"Z", 3, b"[A-Z]", first=b"[A-Z]")
    row_after = _after(row, b"0", b"9", 7, b"[0-9]", first=b"[1-9]")
    pattern = rb'<c(?: r="(?:(?:' + col_after + rb")[0-9]|[A-Z]{1,3}(?:" + row_after + rb')"|' + _ODD_REF + rb")|"
    return re.compile(pattern + _NO_REF_FIRST + rb")")


def _after(value: bytes, low: bytes, high: bytes, most: int, any_: bytes, first: bytes) -> bytes:
    """Alternatives matching every string of the alphabet ``low``-``high`` (at most ``most`` long,
    first character ``first``) that sorts after ``value`` as a number: longer, or as long and
    larger at the first character that differs."""
    k = len(value)
    options = [first + any_ + b"{%d,%d}" % (k, most - 1)] if k < most else []
    if k == 0:
        options = [first + any_ + b"{0,%d}" % (most - 1)]
    for i in range(k):
        if value[i : i + 1] < high:
            nxt = bytes([value[i] + 1])
            options.append(re.escape(value[:i]) + b"[" + nxt + b"-" + high + b"]" + any_ + b"{%d}" % (k - i - 1))
    return b"|".join(options) if options else b"(?!)"


def _col_letters(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _errors(data: bytes, ext: Extent) -> None:
    if b't="e"' in data:
        for ref, value in _ERROR_CELL.findall(data):
            r0, c0 = xl_cell_to_rowcol(ref.decode())
            ext.errors[(r0, c0)] = value.decode("utf-8", "replace")


def _scan_tokens(data: bytes, ext: Extent, row: int) -> int:
    """Slow path for cells without a reference: walk rows and cells, counting positions."""
    col = 0
    for m in _TOKEN.finditer(data):
        kind, attrs, closed = m.groups()
        ref = _ATTR_R.search(attrs)
        if kind == b"row":
            row = int(ref.group(3)) if ref and ref.group(3) else row + 1
            col = 0
            continue
        if ref and ref.group(2):
            col = _col_number(ref.group(2).upper())
            row = int(ref.group(3)) if ref.group(3) else row
        else:
            col += 1
        if not closed:
            ext.rows = max(ext.rows, row)
            ext.cols = max(ext.cols, col)
    return row


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


# --- .ods -------------------------------------------------------------------------------------

_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _scan_ods(path: Path, zf: zipfile.ZipFile) -> Inspection:
    """Expand ``number-rows-repeated`` / ``number-columns-repeated`` arithmetically (never the cells)
    to find the last row and column holding a value of each table."""
    found = Inspection()
    if "content.xml" not in zf.namelist():
        raise refuse(path, M.FILE_DAMAGED.format(detail=M.DAMAGED_NO_CONTENT))
    try:
        _ods_tables(zf, found)
    except SafeET.ParseError as exc:
        raise refuse(path, M.FILE_DAMAGED.format(detail=f"content.xml: {exc}")) from None
    except Exception as exc:  # defusedxml: entities, DTDs
        raise refuse(path, M.FILE_DAMAGED.format(detail=type(exc).__name__)) from None
    return found


class _Stream:
    """A file-like view of a zip part that reads at most its declared size."""

    def __init__(self, zf: zipfile.ZipFile, name: str) -> None:
        self._it = _chunks(zf, name)
        self._buf = b""

    def read(self, n: int = -1) -> bytes:
        while (n < 0 or len(self._buf) < n) and (chunk := next(self._it, None)) is not None:
            self._buf += chunk
        if n < 0:
            out, self._buf = self._buf, b""
        else:
            out, self._buf = self._buf[:n], self._buf[n:]
        return out


def _ods_tables(zf: zipfile.ZipFile, found: Inspection) -> None:
    rep_r, rep_c = _ODS_TABLE + "number-rows-repeated", _ODS_TABLE + "number-columns-repeated"
    name_attr, vtype = _ODS_TABLE + "name", _ODS_OFFICE + "value-type"
    ext: Extent | None = None
    row = col = 0
    row_rep = 1
    row_max_col = 0
    for event, el in SafeET.iterparse(_Stream(zf, "content.xml"), events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == _ODS_TABLE + "table":
                ext = found.sheets.setdefault(el.get(name_attr, f"table {len(found.sheets) + 1}"), Extent())
                row = 0
            elif tag == _ODS_TABLE + "table-row":
                row_rep = _repeat(el.get(rep_r))
                col = row_max_col = 0
            continue
        if ext is None:
            continue
        if tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell"):
            n = _repeat(el.get(rep_c))
            if el.get(vtype) is not None or len(el):
                row_max_col = col + n
            col += n
            el.clear()
        elif tag == _ODS_TABLE + "table-row":
            if row_max_col:
                ext.rows = row + row_rep
                ext.cols = max(ext.cols, row_max_col)
            row += row_rep
            el.clear()
        elif tag == _ODS_TABLE + "table":
            el.clear()
            ext = None


def _repeat(value: str | None) -> int:
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1


# --- .xlsb --------------------------------------------------------------------------------------


def _scan_xlsb(path: Path, zf: zipfile.ZipFile) -> Inspection:
    """BIFF12 records: rows from BrtRowHdr (0), columns from the cell records (2-11) that hold a value."""
    found = Inspection()
    try:
        parts = _xlsb_sheet_parts(zf)
    except Exception:  # noqa: BLE001 - calamine reports a damaged workbook.bin in its own words
        parts = {}
    for name in zf.namelist():
        if not re.fullmatch(r"(?:.*/)?worksheets/[^/]+\.bin", name):
            continue
        ext = found.sheets.setdefault(parts.get(name, name), Extent())
        data = b"".join(_chunks(zf, name))
        i, n, row = 0, len(data), 0
        while i < n:
            rtype, i = _varint(data, i, 2)
            size, i = _varint(data, i, 4)
            if rtype == 0 and size >= 4:
                row = int.from_bytes(data[i : i + 4], "little") + 1
            elif 2 <= rtype <= 11 and size >= 4:
                col = int.from_bytes(data[i : i + 4], "little") + 1
                ext.rows = max(ext.rows, row)
                ext.cols = max(ext.cols, col)
                if rtype in (3, 11) and size >= 9:
                    ext.errors[(row - 1, col - 1)] = _XLSB_ERRORS.get(data[i + 8], "#VALUE!")
            i += size
    return found


_XLSB_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
    0x2B: "#GETTING_DATA",
}


def _xlsb_sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """part name -> sheet name, from BrtBundleSh records (156) of xl/workbook.bin and its rels."""
    rels = {}
    for rel in SafeET.fromstring(_read_limited(zf, "xl/_rels/workbook.bin.rels")):
        target = rel.get("Target", "")
        rels[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    data = _read_limited(zf, "xl/workbook.bin")
    out, i = {}, 0
    while i < len(data):
        rtype, i = _varint(data, i, 2)
        size, i = _varint(data, i, 4)
        if rtype == 156:
            rec = data[i : i + size]
            n = int.from_bytes(rec[8:12], "little")
            rel_id = rec[12 : 12 + 2 * n].decode("utf-16-le") if n != 0xFFFFFFFF else ""
            j = 12 + (2 * n if n != 0xFFFFFFFF else 0)
            m = int.from_bytes(rec[j : j + 4], "little")
            out[rels.get(rel_id, rel_id)] = rec[j + 4 : j + 4 + 2 * m].decode("utf-16-le")
        i += size
    return out


def _varint(data: bytes, i: int, most: int) -> tuple[int, int]:
    """A BIFF12 record type (at most 2 bytes) or size (at most 4): 7 bits a byte, low first."""
    value = shift = 0
    for _ in range(most):
        if i >= len(data):
            break
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            break
    return value, i
