"""Moving data in and out: LinkedIn and CSV imports, and the JSON dump.

Every import runs in one transaction and returns a Summary; `dry_run=True` computes the same
Summary and writes nothing. A file that can't be imported at all raises TransferError, and
then nothing was written either.
"""

from __future__ import annotations

from followup_tui.transfer.applications_csv import import_applications, template
from followup_tui.transfer.base import Summary, TransferError
from followup_tui.transfer.dump import dump_json, load_json
from followup_tui.transfer.linkedin import import_linkedin

__all__ = [
    "Summary",
    "TransferError",
    "dump_json",
    "import_applications",
    "import_linkedin",
    "load_json",
    "template",
]
