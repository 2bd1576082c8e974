"""Which action keys belong to a record: a delete takes the record's overrides with it.

Action keys (playbook.py) are built from the ids of what they concern: `li-{contact}`,
`ty-{interview}[-{contact}]`, `fu-{application}-{day}-{n}`, `sh-{resource}-{contact}`,
`so-{company}-{touch}`, `ev-{event}[-{contact}]`, `re-{touch}`, `ci-{company}-{touch}`.
"""

from __future__ import annotations

#: For each table, GLOB patterns (with `{id}`) of the keys an action about that row has.
_OWNED: dict[str, tuple[str, ...]] = {
    "contacts": ("li-{id}", "ty-*-{id}", "sh-*-{id}", "ev-*-{id}"),
    "interviews": ("ty-{id}", "ty-{id}-*"),
    "applications": ("fu-{id}-*",),
    "resources": ("sh-{id}-*",),
    "companies": ("so-{id}-*", "ci-{id}-*"),
    "events": ("ev-{id}", "ev-{id}-*"),
    "touches": ("re-{id}", "so-*-{id}", "ci-*-{id}"),
}


def owned_patterns(table: str, row_id: int) -> tuple[str, ...]:
    """GLOB patterns matching exactly the action keys that concern row `row_id` of `table`."""
    return tuple(pattern.format(id=int(row_id)) for pattern in _OWNED.get(table, ()))
