#!/usr/bin/env bash
# Install what the tests need and run the whole suite:
# - through apt (Debian/Ubuntu), where missing: LibreOffice Calc (recalculation tests), its Python-UNO
#   bridge and SDK (the Calc add-in test: python3-uno, libreoffice-dev's unoidl-write) and Chromium
#   (the HTML report test);
# - a virtual environment in .venv (also where the system Python refuses `pip install`) with the
#   package and its test extras.
# A run in which no test ran fails (pytest exit code 5).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
if command -v dpkg >/dev/null 2>&1; then
    dpkg -s python3-uno >/dev/null 2>&1 || missing+=(python3-uno)
    dpkg -s libreoffice-dev >/dev/null 2>&1 || missing+=(libreoffice-dev)
fi
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1 || missing+=(chromium)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || missing+=(python3-venv)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing through apt: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "no tests ran: failing" >&2
    exit 1
fi
exit "$status"
