"""Text from outside made safe to show: no terminal control codes, one line when asked.

Free of every other module of the package (and of pendulum), so the dashboard's first
paint can use it before the rest is imported.
"""

from __future__ import annotations

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional marks, embeddings,
# overrides and isolates that can make text read differently from what it is.
_CONTROL = dict.fromkeys(
    [
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        0x7F,
        *range(0x80, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)


#: One line of text is cut after this many characters: no terminal line shows more, and a
#: name a megabyte long must not cost seconds everywhere it is shown.
ONE_LINE_LIMIT = 1000


def printable(text: str, keep_newlines: bool = True) -> str:
    """`text` with terminal control characters removed, safe to print to a terminal.

    With `keep_newlines=False`, one line: whitespace runs become one space, and text longer
    than ONE_LINE_LIMIT is cut with an ellipsis.
    """
    if not keep_newlines and len(text) > ONE_LINE_LIMIT:
        text = text[:ONE_LINE_LIMIT] + "…"
    cleaned = text.translate(_CONTROL)
    return cleaned if keep_newlines else " ".join(cleaned.split())


def clean(text: str | None) -> str:
    """One line of user text without control characters (nothing for None)."""
    return printable(text or "", keep_newlines=False)


#: Each control `printable` drops, and tab and newline, as a visible escape.
_ESCAPES = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" for code in [*_CONTROL, 0x09, 0x0A]
}


def escaped(text: str) -> str:
    """`text` on one line with each control character shown as an escape (`\\x1b`, `\\u202e`).

    For file names in messages: the name stays recognisable, and can't drive the terminal.
    """
    return text.translate(_ESCAPES)
