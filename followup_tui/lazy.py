"""Modules loaded on first use, so the dashboard draws its first screen before they load.

`lazy("followup_tui.store")` returns the module at once and runs its code on the first
attribute read (importlib's LazyLoader). `load()` runs every such module not run yet, at a
chosen moment, on the main thread: LazyLoader is not safe for two threads loading the same
module at once before Python 3.12, so the app loads what its workers use before it starts
one. Modules only the main thread uses (screens and forms behind a key) can wait for their
first use instead: `lazy(name, on_first_use=True)`, and load() leaves them.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

#: Modules handed out by lazy() and not known to be loaded yet.
_waiting: list[ModuleType] = []


def lazy(name: str, *, on_first_use: bool = False) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    package, _, child = name.rpartition(".")
    if package:  # as an import would: `followup_tui.store` is then an attribute too
        setattr(sys.modules[package], child, module)
    if not on_first_use:
        _waiting.append(module)
    return module


def load() -> None:
    """Finish loading every module lazy() handed out but those left to their first use."""
    while _waiting:
        getattr(_waiting.pop(), "__doc__", None)
