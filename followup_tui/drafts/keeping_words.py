"""Built-in wording for keeping up: follow-ups, replies, a gracious close, check-ins."""

from __future__ import annotations

from followup_tui.drafts.alts import GREET, SIGN, Slot, Wording, one, slot

FOLLOW_UP = Wording(
    subject=slot(
        "Following up on the $role role",
        "The $role role: following up",
        "Checking in on the $role role",
    ),
    paragraphs=(
        (GREET,),
        (
            (
                one(
                    "You mentioned you hoped to decide by $response_by, so I wanted to "
                    "follow up on the $role role.",
                    "promised_passed role",
                    rank=-1,
                ),
                one(
                    "I wanted to follow up on our conversation $interview_when about the "
                    "$role role.",
                    "interview role",
                ),
                one(
                    "Thank you again for the interview $interview_when; I'm writing to "
                    "follow up on the $role role.",
                    "interview role",
                ),
                one(
                    "I applied for the $role role $applied_when and wanted to follow up on "
                    "my application.",
                    "applied role",
                    rank=1,
                ),
                one("I wanted to follow up on my application for the $role role.", rank=9),
            ),
            slot(
                "A quick reminder of what I'd bring: $why_fit.",
                "In short, here is why I think I fit: $why_fit.",
            ),
            (
                one(
                    "On the question of $open_questions: I've given it more thought and "
                    "would be glad to talk it through.",
                    "open_questions",
                ),
                one(
                    "You raised $open_questions; I'd welcome the chance to address it in "
                    "more detail.",
                    "open_questions",
                ),
                one("", rank=9),
            ),
            slot(
                "Is there any news you can share on next steps or timing?",
                "Could you let me know where things stand and what the next steps are?",
                "I'd be grateful for any update on the timeline.",
            ),
        ),
        (slot("Thank you for your time,\n$signature", "Many thanks,\n$signature"),),
    ),
)

#: The second follow-up of a wait: shorter, something new, its own subject and words.
FOLLOW_UP_AGAIN = Wording(
    subject=slot(
        "One more note on the $role role",
        "Still very interested in the $role role",
    ),
    paragraphs=(
        (slot("Hello $first_name,"),),
        (
            slot(
                "A short note to say I remain very interested in the $role role.",
                "Just a brief note: I'm still keen on the $role role at $company.",
            ),
            slot(
                "If it would help, I'm happy to send references or a work sample.",
                "I'd be glad to make time for a short call if that helps your decision.",
                "If there's anything else you need from me, I can send it quickly.",
            ),
        ),
        (slot("With thanks,\n$signature", "Warm regards,\n$signature"),),
    ),
)

_NEXT_BY_STAGE: Slot = (
    one("I look forward to the next steps.", "active interview"),
    one("I remain very interested in the $role role.", "active role", rank=1),
    one("", rank=9),
)

REPLY = Wording(
    subject=slot("Re: $their_subject"),
    paragraphs=(
        (GREET,),
        (
            (
                one("Thanks for getting back to me.", "answers_us"),
                one("Thank you for your reply.", "answers_us"),
                one("Thank you for reaching out.", "they_opened"),
                one("Thanks for your message.", "they_opened"),
                one("Thank you for your message.", rank=9),
            ),
            slot("$answer"),
            _NEXT_BY_STAGE,
        ),
        (slot("Best,\n$signature", "Thanks,\n$signature"),),
    ),
)

#: After a rejection: thanks for the process, interest in future roles, staying in touch.
CLOSE = Wording(
    subject=(
        one("Re: $their_subject", "wrote they_opened"),
        one("Re: $their_subject", "answers_us"),
        one("Thank you, and staying in touch", rank=9),
    ),
    paragraphs=(
        (GREET,),
        (
            (
                one(
                    "Thank you for letting me know, and for your time throughout the process.",
                    "wrote",
                ),
                one("Thank you for your time throughout the process for the $role role.", rank=9),
            ),
            (
                one(
                    "I enjoyed getting to know the team at $company, and I'd be glad to be "
                    "considered for future roles.",
                    "interviewed",
                ),
                one("I'd be glad to be considered for future roles at $company.", rank=9),
            ),
            slot(
                "I hope we can stay in touch.",
                "I'd like to stay in touch, and I wish you and the team all the best.",
            ),
        ),
        (SIGN,),
    ),
)

CHECK_IN = Wording(
    subject=slot("Checking in on the $role role", "The $role role: checking in"),
    paragraphs=(
        (GREET,),
        (
            (
                one(
                    "You mentioned you hoped to have news by $response_by, so I wanted to "
                    "check in on the $role role.",
                    "promised_passed role",
                    rank=-1,
                ),
                one(
                    "I know you hoped to decide by $response_by; in the meantime I wanted to "
                    "say that I remain very interested in the $role role.",
                    "promised_ahead role",
                    rank=-1,
                ),
                one(
                    "It's been a few weeks since we were last in touch, so I wanted to check "
                    "in on the $role role.",
                    "quiet in_touch role",
                ),
                one(
                    "I wanted to check in on the status of my application for the $role role.",
                    "role",
                    rank=5,
                ),
                one("I wanted to check in on my application.", rank=9),
            ),
            slot(
                "I'm still very interested in the role.",
                "My interest in the role is as strong as ever.",
            ),
            slot("A quick reminder of what I'd bring: $why_fit."),
            slot("Is there any update you can share?", "Could you let me know where things stand?"),
        ),
        (SIGN,),
    ),
)

KEEP_IN_TOUCH = Wording(
    subject=slot("Keeping in touch", "Staying in touch"),
    paragraphs=(
        (GREET,),
        (
            (
                one(
                    "It's been a while since we were last in touch, and I wanted to say hello.",
                    "quiet in_touch",
                ),
                one("I wanted to say hello and keep in touch.", rank=9),
            ),
            slot(
                "I'm still following the team's work at $company and would be glad to hear "
                "how things are going.",
                "I'd be glad to hear how things are going at $company, and to be considered "
                "if a suitable role opens up.",
            ),
        ),
        (SIGN,),
    ),
)
