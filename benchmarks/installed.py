"""Measure the program as installed: with its modules compiled to bytecode.

pip compiles an installed package's modules; a source tree run with
PYTHONDONTWRITEBYTECODE set never does, and every start would then pay for compiling
them all again.
"""

from __future__ import annotations

import compileall
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "followup_tui"


def compile_package() -> None:
    compileall.compile_dir(PACKAGE, quiet=1)
