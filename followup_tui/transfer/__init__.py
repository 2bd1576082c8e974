"""Moving data in and out: LinkedIn and CSV imports, the JSON dump, CSV/vCard/iCalendar exports.

Every import writes in short batches (base.write_batches) and returns a Summary; running it
again after an interruption finishes it; `dry_run=True` computes the same Summary and writes
nothing. A file that can't be imported at all raises TransferError, and
then nothing was written either. Exports return text. The heavy libraries (icalendar,
vobject) load only when their export runs.
"""

from __future__ import annotations

from followup_tui.transfer.applications_csv import import_applications, template
from followup_tui.transfer.backup import default_backup_path, make_backup
from followup_tui.transfer.base import Summary, TransferError
from followup_tui.transfer.dump import dump_json, load_json
from followup_tui.transfer.exports import export_csv, export_ics, export_vcard, guard_cell
from followup_tui.transfer.linkedin import import_linkedin
from followup_tui.transfer.target import TargetExists, check_target, write_file

__all__ = [
    "Summary",
    "TargetExists",
    "TransferError",
    "check_target",
    "default_backup_path",
    "dump_json",
    "export_csv",
    "export_ics",
    "export_vcard",
    "guard_cell",
    "import_applications",
    "import_linkedin",
    "load_json",
    "make_backup",
    "template",
    "write_file",
]
