"""The demo's raw material: names, roles, titles, notes and how far each stage has come."""

from __future__ import annotations

from followup_tui.models import ContactKind, Stage

K = ContactKind


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


#: Each table's columns, in an order that satisfies the foreign keys when filled. Rows list
#: leading columns positionally and the rest by name; whatever is left out is NULL.
COLUMNS = {
    table: _words(columns)
    for table, columns in {
        "companies": "id name website social created_at notes",
        "applications": "id company_id role stage applied_on created_at url response_by notes "
        "why_fit",
        "stage_history": "id application_id stage at",
        "contacts": "id name company_id kind title email phone linkedin_url created_at "
        "linkedin_state notes",
        "application_contacts": "application_id contact_id",
        "interviews": "id application_id starts_at kind highlights notes open_questions",
        "interview_participants": "interview_id contact_id highlights",
        "events": "id name on_date location url notes",
        "event_contacts": "event_id contact_id",
        "resources": "id title url company_id application_id created_at note",
        "touches": "id at direction contact_id strategy subject company_id channel "
        "application_id interview_id event_id resource_id body note action_key",
    }.items()
}
FIRST = _words(
    "Amara Ben Chloe Dario Elena Farid Grace Hiro Ines Jonas Keiko Luca Maya Nikhil Olga Pablo "
    "Quinn Rosa Samir Tara Umar Vera Wen Yara Zoe Aisha Bruno Camille Emeka Freya Hana Kofi"
)
LAST = _words(
    "Okafor Lindqvist Moreau Tanaka Rossi Haddad Novak Fischer Silva Kowalski Nakamura Mensah "
    "Petrov Costa Byrne Larsen Duarte Keller Walsh Iyer Sato Brennan Varga Osei Romero Dubois"
)
PREFIXES = _words(
    "Alder Beacon Cedar Driftwood Elmstone Fjord Glacier Heron Ironbark Juniper Kite Larch "
    "Meridian Nimbus Obsidian Pinecone Quill Redwood Sable Thistle Umber Vantage Willow Yarrow "
    "Zephyr Aspen Brightwater Copperleaf Dunmore Evergreen Foxglove Greywell Indigo Lantern"
)
SUFFIXES = _words(
    "Analytics Robotics Health Labs Systems Payments Cloud Logistics Energy Bio Software "
    "Media Insurance Security Networks Foods Mobility Data Learning Maps"
)
REGIONS = ("", " Europe", " Americas", " Asia Pacific", " UK", " Nordics", " Canada", " Iberia")
ROLES = _words(
    "Data Engineer|Senior Data Engineer|Staff Backend Engineer|Backend Engineer|"
    "Platform Engineer|Site Reliability Engineer|Machine Learning Engineer|Analytics Engineer",
    "|",
)
TITLES = {
    K.RECRUITER: ("Technical Recruiter", "Talent Partner", "Senior Recruiter"),
    K.HIRING_MANAGER: ("Engineering Manager", "Head of Data", "Director of Engineering"),
    K.INTERVIEWER: ("Staff Engineer", "Senior Software Engineer", "Principal Data Engineer"),
    K.REFERRER: ("Software Engineer", "Product Manager"),
    K.OTHER: ("Developer Advocate", "Engineering Lead", "CTO"),
}
HIGHLIGHTS = _words(
    "their plan to move batch jobs to streaming|how the team runs blameless postmortems|"
    "keeping on-call under two pages a week|splitting billing out of the monolith|"
    "data contracts between product and analytics|the roadmap for self-serve analytics|"
    "reviewing design docs across time zones|cutting warehouse costs by pruning unused models",
    "|",
)
RESOURCES = _words(
    "A field guide to exactly-once stream processing|Cutting p99 latency with request hedging|"
    "Blameless postmortems that actually change things|Slides: observability on a budget|"
    "Benchmarking Parquet and ORC on wide tables|Running Postgres at 50k writes per second",
    "|",
)
#: Why each resource is worth their time, by the resource's place in RESOURCES.
RESOURCE_NOTES = _words(
    "it walks through the same batch-to-streaming move you described|"
    "it measures the tail-latency problem your team mentioned|"
    "it matches how you said your team wants to run postmortems|"
    "it shows a cheap way to get the tracing you said you were missing|"
    "it compares the two formats your warehouse is choosing between|"
    "it covers the write load you expect after the launch",
    "|",
)
#: Why the demo's user fits each role, by the role's place in ROLES.
WHY_FIT = _words(
    "six years building streaming pipelines that analysts trust|"
    "I led the move of a payments platform to event sourcing|"
    "I have run services at scale with a small on-call rotation|"
    "I rebuilt an API layer that now serves 40,000 requests a second|"
    "I built the deploy tooling a 200-engineer org uses every day|"
    "I cut incident time in half with better alerting and runbooks|"
    "I shipped ranking models from notebook to production|"
    "I designed the dbt project a whole analytics team works in",
    "|",
)
#: Questions an interview may leave open, for the follow-up to answer.
OPEN_QUESTIONS = _words(
    "whether I have run Kafka in production (I have, for three years)|"
    "how I would handle the on-call load with a small team|"
    "my notice period (four weeks)|"
    "whether I have mentored junior engineers",
    "|",
)
DOMAINS = ("blog.example.com", "engineering.example.org", "research.example.net")
#: stage: (weight, youngest and oldest in days, how many interviews it may have had)
HISTORY = {
    Stage.REJECTED: (42, 60, 730, (1, 2, 3, 3)),
    Stage.GHOSTED: (26, 60, 730, (0, 1, 1)),
    Stage.WITHDRAWN: (17, 60, 730, (1, 2)),
    Stage.APPLIED: (5, 2, 32, (0,)),
    Stage.SCREENING: (4, 5, 35, (0,)),
    Stage.INTERVIEWING: (4, 10, 40, (1, 2, 3)),
    Stage.OFFER: (2, 30, 60, (3,)),
}
EVENTS = _words(
    "Streaming Systems Meetup|PyData Night|Platform Engineering Day|Data Council|"
    "SRE Breakfast Club|Rust Meetup|DevOpsDays|Postgres User Group",
    "|",
)
CITIES = ("Berlin", "Lisbon", "Toronto", "Austin", "London", "Amsterdam", "Online")
WROTE = {Stage.SCREENING: "Scheduling a call", Stage.OFFER: "Your offer"}
