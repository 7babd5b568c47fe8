#!/usr/bin/env bash
# Install what the tests need (the package with its test extras, and LibreOffice Calc where it is
# missing) and run the whole suite. A run in which no test ran fails (pytest exit code 5).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null 2>&1 && ! command -v libreoffice >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libreoffice-calc-nogui >/dev/null
fi
# The worksheet-function test installs the Calc add-in: LibreOffice's Python-UNO bridge (python3-uno)
# and the SDK's unoidl-write (libreoffice-dev), on Debian/Ubuntu.
if command -v dpkg >/dev/null 2>&1 && ! dpkg -s python3-uno libreoffice-dev >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-uno libreoffice-dev >/dev/null
fi
python3 -m pip install -q --disable-pip-version-check -e ".[test]"
set +e
python3 -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "no tests ran: failing" >&2
    exit 1
fi
exit "$status"
