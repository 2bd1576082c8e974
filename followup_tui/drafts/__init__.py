"""Drafts: what each action's message says, built only from what really happened.

- facts.py: the facts an action holds, and the values a template fills in;
- alts.py, meeting_words.py, keeping_words.py, wording.py: the built-in wording, a few
  alternatives per part, each declaring the facts it asserts;
- render.py: the parts chosen (crc32 of the action key), the gaps tracked as `needs`; an
  edited draft's text read back (`parse_text`) and what it still needs (`after_edit`);
- templates.py: the user's templates: placeholders, starting points, validation.
"""

from __future__ import annotations

from followup_tui.drafts.facts import holds, values
from followup_tui.drafts.render import (
    GAPS,
    LINKEDIN_LIMIT,
    MARKERS,
    NEEDS,
    after_edit,
    needs,
    parse_text,
    render,
)
from followup_tui.drafts.templates import (
    BODY_LIMIT,
    BUILT_IN,
    PLACEHOLDERS,
    SUBJECT_LIMIT,
    lint,
    validate_template,
)

__all__ = [
    "BODY_LIMIT",
    "BUILT_IN",
    "GAPS",
    "LINKEDIN_LIMIT",
    "MARKERS",
    "NEEDS",
    "PLACEHOLDERS",
    "SUBJECT_LIMIT",
    "after_edit",
    "holds",
    "lint",
    "needs",
    "parse_text",
    "render",
    "validate_template",
    "values",
]
