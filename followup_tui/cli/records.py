"""`followup add ...` records a company, an application, a contact, an interview, a
message, an event or a resource; `followup stage` moves an application along."""

from __future__ import annotations

import re
from collections.abc import Sequence

import click
from pendulum import Date, DateTime

from followup_tui.cli.recording import recorded
from followup_tui.cli.shared import ROW_ID, Env, choice, fail, pass_env
from followup_tui.dates import parse_day, parse_moment
from followup_tui.models import ContactKind, LinkedInState, Stage

#: Dates counted in business days ("+2bd") depend on the work_days setting.
_BUSINESS = re.compile(r"\d\s*b", re.IGNORECASE)


def _day(env: Env, text: str) -> Date:
    """A date option read as the dashboard's forms read it, relative to --today."""
    day = parse_day(text, env.today)  # bad text is refused before the database is opened
    if _BUSINESS.search(text):
        day = parse_day(text, env.today, env.store().settings().work_weekdays)
    return day


def _moment(env: Env, text: str) -> DateTime:
    """A date and time option ("fri 14:30"), read as the forms read it."""
    moment = parse_moment(text, env.today)
    if _BUSINESS.search(text):
        moment = parse_moment(text, env.today, work_days=env.store().settings().work_weekdays)
    return moment


@click.group()
@pass_env
def add(env: Env) -> None:
    """Add a company, application, contact, interview, message, event or resource."""
    env.creates = True


@add.command("company")
@click.option("--name", required=True)
@click.option("--website", metavar="URL")
@click.option("--social", metavar="URL", multiple=True, help="Repeat for several links.")
@pass_env
@recorded
def add_company(env: Env, name: str, website: str | None, social: Sequence[str]) -> None:
    """Add a company; prints its id."""
    click.echo(env.store().add_company(name, website=website, social=social))


@add.command("application")
@click.option("--company", required=True, help="Company name (created if new).")
@click.option("--role", required=True)
@click.option("--stage", type=choice(Stage), default="applied", show_default=True)
@click.option("--applied", "applied_text", metavar="DATE", help="Default: today.")
@click.option(
    "--response-by", "response_text", metavar="DATE", help="When they said they'd answer."
)
@click.option("--url", metavar="URL")
@click.option(
    "--why-fit", metavar="TEXT", help="Why you fit the role: the follow-ups and check-ins say it."
)
@pass_env
@recorded
def add_application(
    env: Env,
    company: str,
    role: str,
    stage: str,
    applied_text: str | None,
    response_text: str | None,
    url: str | None,
    why_fit: str | None,
) -> None:
    """Add an application; prints its id."""
    applied = _day(env, applied_text) if applied_text else None
    response = _day(env, response_text) if response_text else None
    new_id = env.store().add_application(
        company,
        role,
        Stage(stage.lower()),
        applied_on=applied,
        response_by=response,
        url=url,
        why_fit=why_fit,
    )
    click.echo(new_id)


@add.command("contact")
@click.option("--name", required=True)
@click.option("--company", help="Company name (created if new).")
@click.option("--title")
@click.option("--kind", type=choice(ContactKind), default="other", show_default=True)
@click.option("--email")
@click.option("--phone")
@click.option("--linkedin", metavar="URL")
@click.option(
    "--linkedin-state", type=choice(LinkedInState), default="not connected", show_default=True
)
@click.option("--application", "applications", type=ROW_ID, multiple=True, metavar="ID")
@pass_env
@recorded
def add_contact(
    env: Env,
    name: str,
    company: str | None,
    title: str | None,
    kind: str,
    email: str | None,
    phone: str | None,
    linkedin: str | None,
    linkedin_state: str,
    applications: Sequence[int],
) -> None:
    """Add a contact (hiring manager, recruiter, ...); prints their id."""
    new_id = env.store().add_contact(
        name,
        company=company,
        title=title,
        kind=ContactKind(kind.lower()),
        email=email,
        phone=phone,
        linkedin_url=linkedin,
        linkedin_state=LinkedInState(linkedin_state.lower()),
        application_ids=applications,
    )
    click.echo(new_id)


@add.command("interview")
@click.option("--application", "application_id", type=ROW_ID, required=True, metavar="ID")
@click.option("--at", "at_text", required=True, metavar='"YYYY-MM-DD HH:MM"')
@click.option("--with", "participants", type=ROW_ID, multiple=True, metavar="CONTACT_ID")
@click.option("--kind", help="phone screen, technical, onsite, ...")
@click.option("--highlights", help="What resonated: the thank-you notes quote it.")
@click.option(
    "--highlight",
    "own",
    type=(ROW_ID, str),
    multiple=True,
    metavar="CONTACT_ID TEXT",
    help="What resonated with one interviewer (one of --with): their thank-you quotes it "
    "instead. Repeat for each.",
)
@click.option(
    "--open-questions",
    metavar="TEXT",
    help="Questions or concerns left open: the follow-up answers them.",
)
@pass_env
@recorded
def add_interview(
    env: Env,
    application_id: int,
    at_text: str,
    participants: Sequence[int],
    kind: str | None,
    highlights: str | None,
    own: Sequence[tuple[int, str]],
    open_questions: str | None,
) -> None:
    """Add an interview; prints its id."""
    at = _moment(env, at_text)
    click.echo(
        env.store().add_interview(
            application_id,
            at,
            participants,
            kind=kind,
            highlights=highlights,
            open_questions=open_questions,
            own_highlights=dict(own),
        )
    )


@add.command("message")
@click.option("--contact", "contact_id", type=ROW_ID, required=True, metavar="ID")
@click.option("--at", "at_text", required=True, metavar="DATE[ HH:MM]")
@click.option("--subject")
@click.option("--channel", default="email", show_default=True)
@pass_env
@recorded
def add_message(env: Env, contact_id: int, at_text: str, subject: str | None, channel: str) -> None:
    """Log an inbound message that needs a reply; prints its id."""
    at = _moment(env, at_text)
    click.echo(env.store().add_message(contact_id, at, subject=subject, channel=channel))


@add.command("event")
@click.option("--name", required=True)
@click.option("--on", "on_text", required=True, metavar="DATE")
@click.option("--location")
@click.option("--met", type=ROW_ID, multiple=True, metavar="CONTACT_ID")
@pass_env
@recorded
def add_event(env: Env, name: str, on_text: str, location: str | None, met: Sequence[int]) -> None:
    """Add an event (a meetup, a conference); prints its id."""
    on = _day(env, on_text)
    click.echo(env.store().add_event(name, on, location=location, met=met))


@add.command("resource")
@click.option("--title", required=True)
@click.option("--url", required=True)
@click.option("--application", "application_id", type=ROW_ID, metavar="ID")
@click.option("--company")
@click.option("--note", metavar="TEXT", help="Why it is relevant to them: the draft quotes it.")
@pass_env
@recorded
def add_resource(
    env: Env,
    title: str,
    url: str,
    application_id: int | None,
    company: str | None,
    note: str | None,
) -> None:
    """Add something worth sharing (an article, a study); prints its id."""
    click.echo(
        env.store().add_resource(title, url, app_id=application_id, company=company, note=note)
    )


@click.command()
@click.argument("application_id", type=ROW_ID)
@click.argument("stage")
@pass_env
@recorded
def stage(env: Env, application_id: int, stage: str) -> None:
    """Move an application to another stage."""
    try:
        new = Stage(stage.strip().lower())
    except ValueError:
        fail(f"unknown stage {stage!r}: use one of {', '.join(s.value for s in Stage)}")
    store = env.store()
    previous = store.set_stage(application_id, new)
    click.echo(f"Application {application_id}: {previous.value} -> {new.value}")
