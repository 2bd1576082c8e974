"""Built-in wording for what follows a meeting: thank-yous, LinkedIn notes, events, shares."""

from __future__ import annotations

from followup_tui.drafts.alts import GREET, SIGN, Wording, one, slot

THANK_YOU = Wording(
    subject=slot(
        "Thank you for your time $interview_when",
        "Thank you for the conversation $interview_when",
        "Thank you: the $role interview",
    ),
    paragraphs=(
        (slot("Hi $first_name,", "Dear $first_name,", "Hello $first_name,"),),
        (
            slot(
                "Thank you for taking the time to talk with me $interview_when about the "
                "$role role.",
                "Thank you for meeting with me $interview_when to discuss the $role role.",
                "I appreciated the time you took $interview_when to talk through the $role role.",
                "Many thanks for the conversation $interview_when about the $role position.",
            ),
            slot(
                "I keep coming back to what you said about $highlights.",
                "Our conversation about $highlights has stayed with me.",
                "I especially enjoyed discussing $highlights.",
                "Talking about $highlights made the work very concrete for me.",
            ),
            slot(
                "It made me even more keen on the work at $company.",
                "I'm very interested in the role and in joining the team at $company.",
                "It confirmed how much I'd like to contribute at $company.",
            ),
        ),
        (
            slot(
                "If anything else would help as you decide, I'd be glad to send it.",
                "Please let me know if I can share anything else.",
                "I'd be happy to answer any further questions.",
            ),
        ),
        (slot("Best,\n$signature", "Kind regards,\n$signature", "Thanks again,\n$signature"),),
    ),
)

#: A LinkedIn note is one short paragraph (at most 200 characters): how you know them.
LINKEDIN = Wording(
    subject=(one(""),),
    paragraphs=(
        (
            (
                one(
                    "Hi $first_name, thank you for the interview $interview_when about the "
                    "$role role. I'd be glad to stay connected here. $my_name",
                    "interviewed interview role",
                ),
                one(
                    "Hi $first_name, thanks again for your time at the $role interview. "
                    "I'd like to stay in touch here. $my_name",
                    "interviewed role",
                ),
                one(
                    "Hi $first_name, it was good to meet you at $event_name. "
                    "I'd be glad to stay in touch here. $my_name",
                    "at_event first_met_at_event",
                    rank=1,
                ),
                one(
                    "Hi $first_name, good to see you at $event_name. "
                    "Let's stay connected here. $my_name",
                    "at_event knew_before_event",
                    rank=1,
                ),
                one(
                    "Hi $first_name, it was good to speak with you. "
                    "I'd be glad to stay connected here. $my_name",
                    "spoke",
                    rank=2,
                ),
                one(
                    "Hi $first_name, thank you for your message about the $role role at "
                    "$company. I'd be glad to connect here. $my_name",
                    "wrote role",
                    rank=3,
                ),
                one(
                    "Hi $first_name, I've applied for the $role role at $company and would "
                    "be glad to connect. $my_name",
                    "applied role active",
                    rank=4,
                ),
                one(
                    "Hi $first_name, I'm following the work at $company and would be glad "
                    "to connect here. $my_name",
                    "company",
                    rank=5,
                ),
                one("Hi $first_name, I'd be glad to connect here. $my_name", rank=9),
            ),
        ),
    ),
)

SHARE_INFO = Wording(
    subject=slot(
        "Thought of you: $resource_title",
        "Something you might find useful: $resource_title",
    ),
    paragraphs=(
        (GREET,),
        (
            (
                one(
                    "I came across “$resource_title” and thought of our conversation about "
                    "the $role role.",
                    "met role",
                ),
                one(
                    "I came across “$resource_title” and thought it might interest your "
                    "team at $company.",
                    "company",
                    rank=1,
                ),
                one("I came across “$resource_title” and thought of you.", rank=9),
            ),
            slot("What caught my eye: $resource_note.", "Why I thought of you: $resource_note."),
        ),
        (slot("$resource_url"),),
        (
            slot(
                "No need to reply; I thought you'd find it interesting.",
                "No reply needed, I just thought it was worth passing on.",
            ),
        ),
        (SIGN,),
    ),
)

EVENT = Wording(
    subject=(
        one("Good to meet you at $event_name", "first_met_at_event"),
        one("Good to see you at $event_name", "knew_before_event"),
        one("Following up from $event_name", rank=9),
    ),
    paragraphs=(
        (GREET,),
        (
            (
                one("It was good to meet you at $event_name.", "first_met_at_event"),
                one("It was a pleasure meeting you at $event_name.", "first_met_at_event"),
                one("It was good to see you again at $event_name.", "knew_before_event"),
                one("It was good to catch up at $event_name.", "knew_before_event"),
                one("I'm following up from $event_name.", rank=9),
            ),
            (
                one(
                    "I enjoyed hearing about $their_work, and would be glad to keep in touch.",
                    "at_event",
                ),
                one("I'd be glad to keep in touch.", rank=9),
            ),
        ),
        (SIGN,),
    ),
)
