"""The built-in drafts' parts: a few hand-written alternatives per part, each with what it asserts.

A draft is a subject and paragraphs of slots; each slot is chosen from its alternatives
(drafts/render.py). An alternative lists the facts it asserts (drafts/facts.py `holds`)
and is only chosen when the action holds every one; among those that may be chosen, the
lowest rank wins (the most specific sentence: "the interview on Tuesday" before "my
application"), and the action's key picks among equals. An empty text leaves the slot out.
"""

from __future__ import annotations

from typing import NamedTuple


class Alt(NamedTuple):
    text: str
    asserts: frozenset[str] = frozenset()
    rank: int = 0


def one(text: str, asserts: str = "", rank: int = 0) -> Alt:
    return Alt(text, frozenset(asserts.split()), rank)


Slot = tuple[Alt, ...]


class Wording(NamedTuple):
    subject: Slot
    #: Paragraphs of slots; a paragraph's chosen sentences are joined with a space.
    paragraphs: tuple[tuple[Slot, ...], ...]


def slot(*texts: str) -> Slot:
    return tuple(one(text) for text in texts)


#: Every fact an alternative may assert, with what it means (tests check the list).
FACTS: dict[str, str] = {
    "interview": "the action is about an interview on a known day",
    "interviewed": "the person interviewed you",
    "met": "you met: an interview, an event where you met, a call or meeting",
    "spoke": "a call, coffee chat or meeting with them is logged",
    "at_event": "you met them at the action's event",
    "first_met_at_event": "the event is where you first met",
    "knew_before_event": "you knew them before the event",
    "wrote": "they have written to you",
    "replied": "they have answered a message of yours",
    "they_opened": "they opened the current exchange (or wrote unprompted)",
    "answers_us": "their message answers yours",
    "in_touch": "a touch with them is logged",
    "quiet": "three weeks or more without a touch",
    "applied": "the application's day is known",
    "promised_passed": "the employer's date for an answer has passed",
    "promised_ahead": "the employer's date for an answer is still ahead",
    "open_questions": "questions or concerns were noted at the interview",
    "role": "the role is known",
    "company": "the company is known",
    "active": "the application is active",
    "closed": "the application is closed",
    "second": "the second (or later) follow-up of a wait",
    "connected": "connected on LinkedIn",
    "referrer": "they referred you",
}

GREET = slot("Hi $first_name,", "Dear $first_name,")
SIGN = slot("Best,\n$signature", "Kind regards,\n$signature", "All the best,\n$signature")
