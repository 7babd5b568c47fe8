"""The registry of template kinds. Each kind module declares ``SPEC`` (a ``TemplateSpec``) and
provides ``template_data(lang)``, ``check(parsed)`` and ``write(book, parsed)``."""

from __future__ import annotations

from types import ModuleType

from ecoaccount.kinds import esv, gep, landuse, vcs

KINDS: dict[str, ModuleType] = {"esv": esv, "vcs": vcs, "landuse": landuse, "gep": gep}


def get(kind: str) -> ModuleType:
    return KINDS[kind]
