"""The worksheet functions as a LibreOffice Calc add-in extension (.oxt), built from ``registry``.

The extension holds a Python-UNO component registered as ``com.sun.star.sheet.AddIn`` (one method
per function, every argument of type ``any``), its IDL compiled to a type library
(``XEcoAccount.rdb``, written by the SDK's ``unoidl-write``; a copy built from the same IDL ships
with the package, so building the .oxt needs no SDK), ``CalcAddIns.xcu`` with the English and
Chinese names and help of every function and argument, and ``description.xml``.

LibreOffice runs Python components in its own Python (on Debian the system ``python3``), which
may lack numpy and pandas. The component therefore puts the folders recorded at build time on
``sys.path`` (the folder holding ``ecoaccount`` and the building interpreter's site-packages) when
LibreOffice's Python has the same version; otherwise it relies on LibreOffice's own Python and
says in the cell what it could not import.

In Calc the functions are called by their names (``=ECO_EA(A1:C1;A2:C2;A3:C3)``); in a saved
.xlsx they are stored under their full programmatic name (``ORG.ECOACCOUNT.CALC.ECOACCOUNT.ECO_EA``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from importlib.resources import files
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import ecoaccount
from ecoaccount.udf.registry import FUNCTIONS, Function

MODULE = "org.ecoaccount.calc"
INTERFACE = "XEcoAccount"
IMPLEMENTATION = "org.ecoaccount.calc.EcoAccount"
#: How a function is spelled in an .xlsx for Calc (Calc shows it as ``ECO_...``).
CALC_PREFIX = IMPLEMENTATION.upper() + "."
EXTENSION_ID = "org.ecoaccount.calc"
RDB = "XEcoAccount.rdb"


def uno_name(name: str) -> str:
    """An argument name as UNO IDL accepts it (no ``_`` before a lower-case letter): sown_areas -> sownAreas."""
    head, *rest = name.split("_")
    return head + "".join(r[:1].upper() + r[1:] for r in rest)


def idl() -> str:
    """The UNO IDL of the add-in interface: one method per function, ``any`` in and out."""
    lines = [
        "#include <com/sun/star/uno/XInterface.idl>",
        "module org { module ecoaccount { module calc {",
        f"    interface {INTERFACE} : com::sun::star::uno::XInterface {{",
    ]
    for fn in FUNCTIONS:
        ret = "sequence< sequence< any > >" if fn.returns == "array" else "any"
        params = ", ".join(f"[in] any {uno_name(a.name)}" for a in fn.args)
        lines.append(f"        {ret} {fn.name}({params});")
    lines += ["    };", "}; }; };", ""]
    return "\n".join(lines)


def _prop(name: str, en: str, zh: str) -> str:
    return (
        f'<prop oor:name="{name}"><value xml:lang="en-US">{escape(en)}</value>'
        f'<value xml:lang="zh-CN">{escape(zh)}</value></prop>'
    )


def _arg_text(a, lang: str) -> str:
    text = a.label(lang)
    unit = a.unit_text(lang)
    unit = (f"（{unit}）" if lang == "zh" else f" ({unit})") if unit else ""
    optional = (" [可选]" if lang == "zh" else " [optional]") if a.optional else ""
    return text + unit + optional


def _function_xcu(fn: Function) -> str:
    params = "".join(
        f'<node oor:name="{uno_name(a.name)}" oor:op="replace">{_prop("DisplayName", a.name, a.name)}'
        f"{_prop('Description', _arg_text(a, 'en'), _arg_text(a, 'zh'))}</node>"
        for a in fn.args
    )
    return (
        f'<node oor:name="{fn.name}" oor:op="replace">{_prop("DisplayName", fn.name, fn.name)}'
        f'{_prop("Description", fn.help("en"), fn.help("zh"))}<prop oor:name="Category"><value>Add-In</value></prop>'
        f'<node oor:name="Parameters">{params}</node></node>'
    )


def calc_addins_xcu() -> str:
    body = "".join(_function_xcu(fn) for fn in FUNCTIONS)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:component-data xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" oor:name="CalcAddIns" oor:package="org.openoffice.Office">'
        f'<node oor:name="AddInInfo"><node oor:name="{IMPLEMENTATION}" oor:op="replace">'
        f'<node oor:name="AddInFunctions">{body}</node></node></node></oor:component-data>\n'
    )


MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="http://openoffice.org/2001/manifest">
 <manifest:file-entry manifest:media-type="application/vnd.sun.star.uno-typelibrary;type=RDB"
  manifest:full-path="{RDB}"/>
 <manifest:file-entry manifest:media-type="application/vnd.sun.star.configuration-data"
  manifest:full-path="CalcAddIns.xcu"/>
 <manifest:file-entry manifest:media-type="application/vnd.sun.star.uno-component;type=Python"
  manifest:full-path="ecoaccount_calc.py"/>
</manifest:manifest>
"""


def description_xml() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<description xmlns="http://openoffice.org/extensions/description/2006"
 xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:d="http://openoffice.org/extensions/description/2006">
 <identifier value={quoteattr(EXTENSION_ID)}/>
 <version value={quoteattr(ecoaccount.__version__)}/>
 <display-name><name lang="en">ecoaccount worksheet functions</name>
  <name lang="zh">ecoaccount 工作表函数</name></display-name>
 <dependencies><d:OpenOffice.org-minimal-version value="3.4" d:name="OpenOffice.org 3.4"/></dependencies>
</description>
"""


COMPONENT = '''"""ecoaccount worksheet functions for LibreOffice Calc (written by ecoaccount.udf.calc; do not edit)."""

import sys

_PATHS = __PATHS__
_PYTHON = __PYTHON__
if tuple(sys.version_info[:2]) == tuple(_PYTHON):
    for _p in reversed(_PATHS):
        if _p not in sys.path:
            sys.path.insert(0, _p)
elif _PATHS and _PATHS[0] not in sys.path:
    sys.path.append(_PATHS[0])  # ecoaccount itself; numpy, pandas, pint from LibreOffice's Python

import unohelper  # noqa: E402
from com.sun.star.lang import Locale, XLocalizable  # noqa: E402
from org.ecoaccount.calc import XEcoAccount  # noqa: E402


def _cell(value):
    return "" if value is None else value


class EcoAccountAddIn(unohelper.Base, XEcoAccount, XLocalizable):
    def __init__(self, ctx):
        self.ctx = ctx
        self.locale = Locale("en", "US", "")

    def setLocale(self, locale):
        self.locale = locale

    def getLocale(self):
        return self.locale

    def _call(self, name, args, array):
        # Chinese when LibreOffice runs in Chinese, else ECOACCOUNT_LANG (en by default).
        lang = "zh" if self.locale.Language == "zh" else None
        try:
            from ecoaccount.udf.adapters import evaluate
        except Exception as exc:  # noqa: BLE001  (shown in the cell, never a traceback)
            out = "#ECO! ecoaccount: " + type(exc).__name__ + ": " + str(exc)
        else:
            try:
                out = evaluate(name, args, lang)
            except Exception as exc:  # noqa: BLE001
                out = "#ECO! " + type(exc).__name__ + ": " + str(exc)
        if array:
            if isinstance(out, str):
                return ((out,),)
            return tuple(tuple(_cell(v) for v in row) for row in out)
        return out

__METHODS__

g_ImplementationHelper = unohelper.ImplementationHelper()
g_ImplementationHelper.addImplementation(EcoAccountAddIn, "__IMPLEMENTATION__", ("com.sun.star.sheet.AddIn",))
'''


def component_source(paths: list[str], python: tuple[int, int]) -> str:
    methods = []
    for fn in FUNCTIONS:
        names = [a.name for a in fn.args]
        arglist = ", ".join(["self", *names])
        tup = "(" + "".join(f"{n}, " for n in names) + ")"
        methods.append(
            f"    def {fn.name}({arglist}):\n        return self._call({fn.name!r}, {tup}, {fn.returns == 'array'})\n"
        )
    return (
        COMPONENT.replace("__PATHS__", json.dumps(paths, ensure_ascii=False))
        .replace("__PYTHON__", repr(tuple(python)))
        .replace("__METHODS__", "\n".join(methods))
        .replace("__IMPLEMENTATION__", IMPLEMENTATION)
    )


def build_paths() -> list[str]:
    """The folder holding ``ecoaccount``, then the site-packages of this interpreter."""
    root = str(Path(ecoaccount.__file__).resolve().parent.parent)
    out = [root]
    for key in ("purelib", "platlib"):
        p = sysconfig.get_paths()[key]
        if p not in out:
            out.append(p)
    return out


def unoidl_write() -> str | None:
    """The SDK's ``unoidl-write`` (package libreoffice-dev on Debian), if installed."""
    found = shutil.which("unoidl-write")
    if found:
        return found
    for candidate in ("/usr/lib/libreoffice/sdk/bin/unoidl-write", "/opt/libreoffice/sdk/bin/unoidl-write"):
        if Path(candidate).exists():
            return candidate
    return None


def types_rdb() -> Path | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    candidates = [Path("/usr/lib/libreoffice/program/types.rdb")]
    if soffice:
        candidates.insert(0, Path(soffice).resolve().parent / "types.rdb")
    return next((c for c in candidates if c.exists()), None)


def compile_rdb(out: Path) -> Path:
    """Compile :func:`idl` into a type library with ``unoidl-write`` (needs the LibreOffice SDK)."""
    tool, types = unoidl_write(), types_rdb()
    if tool is None or types is None:
        raise FileNotFoundError("unoidl-write (LibreOffice SDK, e.g. apt-get install libreoffice-dev) not found")
    with tempfile.TemporaryDirectory(prefix="ecoaccount-idl-") as tmp:
        src = Path(tmp) / f"{INTERFACE}.idl"
        src.write_text(idl(), encoding="utf-8")
        subprocess.run([tool, str(types), str(src), str(out)], check=True, capture_output=True, timeout=120)
    return out


def shipped_rdb() -> bytes:
    return files("ecoaccount.udf").joinpath(RDB).read_bytes()


def build_oxt(out: str | Path, paths: list[str] | None = None, compile_types: bool = False) -> Path:
    """Write the extension ``out`` (.oxt). ``compile_types`` rebuilds the type library with the SDK."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    paths = build_paths() if paths is None else paths
    with tempfile.TemporaryDirectory(prefix="ecoaccount-oxt-") as tmp:
        rdb = compile_rdb(Path(tmp) / RDB).read_bytes() if compile_types else shipped_rdb()
        part = out.with_name(out.name + ".part")
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("META-INF/manifest.xml", MANIFEST)
            z.writestr("description.xml", description_xml())
            z.writestr(RDB, rdb)
            z.writestr("CalcAddIns.xcu", calc_addins_xcu())
            z.writestr("ecoaccount_calc.py", component_source(paths, sys.version_info[:2]))
        part.replace(out)
    return out


def office_python() -> tuple[int, int] | None:
    """(major, minor) of the Python that LibreOffice runs components in, if it can be found."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    candidates = [str(Path(soffice).resolve().parent / "python")] if soffice else []
    candidates += ["/usr/bin/python3", shutil.which("python3") or ""]
    for exe in candidates:
        if not exe or not Path(exe).exists():
            continue
        try:
            done = subprocess.run(
                [exe, "-c", "import uno, sys; print(*sys.version_info[:2])"], capture_output=True, text=True, timeout=60
            )
        except OSError:
            continue
        if done.returncode == 0:
            major, minor = done.stdout.split()
            return int(major), int(minor)
    return None


def unopkg() -> str | None:
    found = shutil.which("unopkg")
    if found:
        return found
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice and (Path(soffice).resolve().parent / "unopkg").exists():
        return str(Path(soffice).resolve().parent / "unopkg")
    return None


def install_command(oxt: Path, profile: Path | None = None) -> list[str]:
    """``unopkg add --force OXT`` (into ``profile`` when given, else the user's own profile)."""
    tool = unopkg() or "unopkg"
    cmd = [tool, "add", "--force"]
    if profile is not None:
        cmd.append(f"-env:UserInstallation={Path(profile).resolve().as_uri()}")
    return [*cmd, str(Path(oxt).resolve())]
