"""Training groups (vocational cohorts and entrepreneurship groups), the women who join them, their sessions
and attendance."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert

from db.models import Attendance, Enrolment, Participant, TrainingGroup, TrainingSession
from seed.context import PROJECT_END, PROJECT_START, Demo, consecutive_weekdays, spread_weekdays

CITY_PREFIX = {"Casablanca": "CAS", "Rabat": "RAB"}
ATTENDANCE_THRESHOLD = 0.80


@dataclass(frozen=True)
class GroupSpec:
    """A training group as planned, and who joins it: women new to the project and women drawn from the
    completers of earlier groups."""

    code: str
    trade: str | None
    module: str | None
    city: str
    start: date
    end: date
    sessions: int
    capacity: int
    new_women: int
    drawn: int = 0
    drawn_from: tuple[str, ...] = ()
    dropouts: int = 0
    schedule: tuple[date, ...] = ()  # the session days, when not spread evenly over the weekdays

    @property
    def kind(self) -> str:
        return "vocational" if self.module is None else "entrepreneurship"

    @property
    def name(self) -> str:
        subject = self.trade if self.module is None else MODULE_NAMES[self.module]
        return f"{subject} — {self.city} {self.start.year}"


MODULE_NAMES = {
    "TRIE": "TRIE (Trouver votre idée d'entreprise)",
    "CREE": "CREE (Créer votre entreprise)",
    "GERME": "GERME (Gérer mieux votre entreprise)",
}

COHORTS = (
    GroupSpec("VT-CAS-01", "Sewing and embroidery", None, "Casablanca",
              date(2014, 9, 15), date(2014, 12, 19), 16, 20, 16, dropouts=1),
    GroupSpec("VT-RAB-01", "Caregiving (children and older people)", None, "Rabat",
              date(2014, 10, 13), date(2015, 1, 23), 15, 18, 15),
    GroupSpec("VT-CAS-02", "Hotel and catering", None, "Casablanca",
              date(2015, 1, 12), date(2015, 4, 10), 18, 20, 15, dropouts=1),
    GroupSpec("VT-RAB-02", "Pastry", None, "Rabat",
              date(2015, 5, 4), date(2015, 7, 17), 14, 18, 14, dropouts=2),
    GroupSpec("VT-CAS-03", "Hairdressing and beauty", None, "Casablanca",
              date(2015, 10, 5), date(2015, 12, 18), 15, 20, 16, dropouts=1),
    GroupSpec("VT-RAB-03", "Building electricity", None, "Rabat",
              date(2016, 1, 11), date(2016, 4, 1), 16, 16, 15),
    GroupSpec("VT-CAS-04", "Retail and sales", None, "Casablanca",
              date(2016, 3, 7), date(2016, 5, 27), 14, 18, 15, dropouts=1),
    GroupSpec("VT-RAB-04", "IT network maintenance (CISCO-CCNA)", None, "Rabat",
              date(2016, 9, 5), date(2016, 11, 25), 20, 15, 14, dropouts=1),
)

ENTREPRENEURSHIP_GROUPS = (
    GroupSpec("TRIE-CAS-2015", None, "TRIE", "Casablanca", date(2015, 2, 9), date(2015, 2, 11), 3, 20,
              13, drawn=5, drawn_from=("VT-CAS-01",), dropouts=1),
    GroupSpec("CREE-CAS-2015", None, "CREE", "Casablanca", date(2015, 3, 16), date(2015, 3, 20), 5, 16,
              0, drawn=14, drawn_from=("TRIE-CAS-2015",)),
    GroupSpec("CREE-RAB-2015", None, "CREE", "Rabat", date(2015, 9, 14), date(2015, 9, 18), 5, 15,
              2, drawn=10, drawn_from=("VT-RAB-01", "VT-RAB-02")),
    GroupSpec("CREE-RAB-2016", None, "CREE", "Rabat", date(2016, 7, 11), date(2016, 7, 15), 5, 12,
              0, drawn=8, drawn_from=("VT-RAB-01", "VT-RAB-02", "VT-RAB-03")),
)

# Offered to the owners of enterprises already running (see seed.enterprise).
GERME_GROUP = GroupSpec("GERME-CAS-2016", None, "GERME", "Casablanca", date(2016, 2, 1), date(2016, 2, 9),
                        7, 12, 0, drawn=9, drawn_from=("CREE-CAS-2015",))

TOPICS = {
    "Sewing and embroidery": ["Workshop safety and machine handling", "Taking measurements", "Pattern cutting",
                              "Straight and curved seams", "Moroccan embroidery", "Finishing and ironing",
                              "Costing a garment"],
    "Caregiving (children and older people)": ["Role of a caregiver", "Child development and safety",
                                               "Caring for older people", "First aid", "Nutrition and meals",
                                               "Working with families"],
    "Hotel and catering": ["Food hygiene (HACCP basics)", "Kitchen organisation", "Moroccan cuisine basics",
                           "Table service", "Room cleaning standards", "Guest reception",
                           "Workplace French and Darija"],
    "Pastry": ["Hygiene and kitchen safety", "Doughs and bases", "Moroccan pastries", "Creams and fillings",
               "Cakes to order", "Pricing and selling"],
    "Hairdressing and beauty": ["Salon hygiene", "Hair care and washing", "Cutting basics", "Braiding",
                                "Manicure and pedicure", "Make-up", "Serving clients"],
    "Building electricity": ["Electrical safety", "Reading a wiring plan", "Domestic circuits",
                             "Lighting installation", "Fault finding", "Standards and certification"],
    "Retail and sales": ["The retail sector in Morocco", "Shelving and stock", "Cash register",
                         "Selling techniques", "Customer service", "Workplace Darija"],
    "IT network maintenance (CISCO-CCNA)": ["Computer hardware", "Networking fundamentals", "IP addressing",
                                            "Switching", "Routing basics", "Network troubleshooting",
                                            "CCNA exam preparation"],
    "TRIE": ["Entrepreneurial skills", "Generating business ideas", "Choosing the best idea"],
    "CREE": ["Business idea and market", "Marketing plan", "Staffing and organisation", "Costing and pricing",
             "Financial plan and start-up capital"],
    "GERME": ["Marketing", "Buying and stock control", "Costing", "Record keeping", "Planning your business",
              "Staff and productivity", "Review and action plan"],
}

DROPOUT_REASONS = (
    "Found a job during the training", "No childcare for her youngest child", "Moved to another city",
    "Health problems", "Left Morocco", "Training hours clashed with informal work",
)
NATIONALITIES = {"SN": 22, "CI": 18, "CM": 16, "NG": 10, "GN": 10, "ML": 8, "CD": 8, "CG": 6, "SY": 6,
                 "BF": 2, "BJ": 2, "GA": 1, "TG": 1}
CHILDREN = {0: 10, 1: 30, 2: 30, 3: 20, 4: 10}
FIRST_NAMES = ("Aminata", "Fatou", "Awa", "Mariama", "Aïssatou", "Kadiatou", "Hawa", "Adjoa", "Akissi",
               "Nadège", "Christelle", "Mireille", "Blessing", "Grace", "Ngozi", "Esther", "Ruth", "Divine",
               "Joëlle", "Chantal", "Rania", "Nour", "Salma", "Bintou", "Safiatou", "Pélagie", "Solange",
               "Patience")
LAST_NAMES = ("Koné", "Diallo", "Traoré", "Ndiaye", "Nguema", "Okafor", "Mensah", "Kouadio", "Fofana",
              "Camara", "Sissoko", "Bamba", "Tchoumi", "Ekanga", "Mbala", "Nkounkou", "Loemba", "Ilunga",
              "Haddad", "Sow", "Baldé", "Yao", "Adeyemi", "Mabiala")


@dataclass
class Member:
    """One woman's place in one group: an enrolment before it is written."""

    woman: Participant
    spec: GroupSpec
    enrolled_on: date
    attendance_rate: float  # her chance of attending a session
    dropped: tuple[date, str] | None = None
    presence: list[bool] = field(default_factory=list)  # one per session of the group
    enrolment: Enrolment | None = None


@dataclass
class Roster:
    """Everything the training builders wrote, for the builders that follow."""

    prefix: str = ""
    specs: dict[str, GroupSpec] = field(default_factory=dict)
    groups: dict[str, TrainingGroup] = field(default_factory=dict)
    members: dict[str, list[Member]] = field(default_factory=dict)
    women: list[Participant] = field(default_factory=list)

    def completers(self, code: str) -> list[Participant]:
        return [m.woman for m in self.members[code] if m.dropped is None]

    def memberships(self, woman: Participant) -> list[Member]:
        return [m for members in self.members.values() for m in members if m.woman is woman]


def add_training(demo: Demo, specs: Sequence[GroupSpec] = COHORTS + ENTREPRENEURSHIP_GROUPS,
                 *, prefix: str = "") -> Roster:
    """Write the groups of `specs` with their women, enrolments, sessions and attendance."""
    roster = Roster(prefix=prefix)
    add_groups(demo, roster, specs)
    return roster


def add_groups(demo: Demo, roster: Roster, specs: Sequence[GroupSpec],
               chosen: Mapping[str, Sequence[Participant]] | None = None) -> None:
    """Add groups to a roster; `chosen` names the drawn members of a group instead of drawing them."""
    new_women: list[Participant] = []
    for spec in sorted(specs, key=lambda s: s.start):
        roster.specs[spec.code] = spec
        drawn = list(chosen[spec.code]) if chosen and spec.code in chosen else _draw(demo, roster, spec)
        fresh = [_new_woman(demo, spec.city) for _ in range(spec.new_women)]
        new_women += fresh
        roster.members[spec.code] = _join(demo, roster, spec, drawn + fresh)
    _register(demo, roster, new_women)
    roster.groups.update({s.code: _group(demo, s, roster.prefix) for s in specs})
    demo.session.add_all([*new_women, *(roster.groups[s.code] for s in specs)])
    demo.session.flush()
    sessions = {s.code: _sessions(demo, roster.groups[s.code], s) for s in specs}
    for spec in specs:
        for member in roster.members[spec.code]:
            member.presence = _presence(demo, sessions[spec.code], member)
            member.enrolment = _enrolment(demo, roster.groups[spec.code], member)
        demo.session.add_all(sessions[spec.code])
        demo.session.add_all(m.enrolment for m in roster.members[spec.code])
    demo.session.flush()
    # Plain rows, not ORM objects: a million marks at benchmark scale load in seconds.
    marks = [{"session_id": session.id, "enrolment_id": member.enrolment.id, "present": present}
             for spec in specs for member in roster.members[spec.code]
             for session, present in zip(sessions[spec.code], member.presence, strict=True)]
    if marks:
        demo.session.execute(insert(Attendance), marks)


def _draw(demo: Demo, roster: Roster, spec: GroupSpec) -> list[Participant]:
    """Completers of earlier groups who have not yet followed this module."""
    taken = set()
    if spec.module:
        taken = {id(m.woman) for code, members in roster.members.items()
                 if roster.specs[code].module == spec.module for m in members}
    pool = {id(w): w for code in spec.drawn_from for w in roster.completers(code) if id(w) not in taken}
    return demo.rng.sample(list(pool.values()), spec.drawn)


def _new_woman(demo: Demo, city: str) -> Participant:
    rng = demo.rng
    named = rng.random() < 0.85
    return Participant(
        project_id=demo.project.id, sex="F", city=city,
        birth_year=rng.randint(1975, 1998),
        nationality=rng.choices(list(NATIONALITIES), weights=list(NATIONALITIES.values()))[0],
        children_count=rng.choices(list(CHILDREN), weights=list(CHILDREN.values()))[0],
        consent_recorded=True,
        full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if named else None,
        phone=f"+212 6 00 00 0{rng.randint(0, 99):02d} {rng.randint(0, 99):02d}" if named else None,
    )


def _join(demo: Demo, roster: Roster, spec: GroupSpec, women: list[Participant]) -> list[Member]:
    """Enrol `women`, some of whom drop out half-way."""
    rng = demo.rng
    lead = (3, 21) if spec.kind == "vocational" else (2, 10)
    members = []
    for woman in women:
        earlier = [m.spec.end for m in roster.memberships(woman)]
        enrolled_on = spec.start - timedelta(days=rng.randint(*lead))
        if earlier:
            enrolled_on = max(enrolled_on, max(earlier) + timedelta(days=1))
        rate = rng.uniform(0.60, 0.78) if rng.random() < 0.12 else rng.uniform(0.84, 0.98)
        members.append(Member(woman, spec, enrolled_on, rate))
    days = (spec.end - spec.start).days
    for member in rng.sample(members, spec.dropouts):
        member.dropped = (spec.start + timedelta(days=rng.randint(days // 4, days * 3 // 4)),
                          rng.choice(DROPOUT_REASONS))
    return members


def _register(demo: Demo, roster: Roster, women: list[Participant]) -> None:
    """Registration (a few days before the first enrolment) with consent, and codes in order of registration."""
    first_enrolled = {id(w): min(m.enrolled_on for m in roster.memberships(w)) for w in women}
    for woman in women:
        woman.registered_on = max(PROJECT_START,
                                  first_enrolled[id(woman)] - timedelta(days=demo.rng.randint(0, 7)))
        woman.consent_date = woman.registered_on
        later = demo.rng.choice((2014, 2014, 2015))
        woman.year_regularized = 2014 if woman.registered_on.year == 2014 else later
    for city, prefix in CITY_PREFIX.items():
        known = sum(1 for w in roster.women if w.city == city)
        in_city = sorted((w for w in women if w.city == city), key=lambda w: w.registered_on)
        for number, woman in enumerate(in_city, start=known + 1):
            woman.code = f"{roster.prefix}{prefix}-{number:04d}"
    roster.women += women


def _group(demo: Demo, spec: GroupSpec, prefix: str) -> TrainingGroup:
    hours = 6 if spec.kind == "entrepreneurship" else 4
    return TrainingGroup(
        project_id=demo.project.id, kind=spec.kind, code=spec.code + (f"-{prefix[:-1]}" if prefix else ""),
        name=spec.name, trade=spec.trade, module=spec.module, provider_id=demo.partner_in(spec.city).id,
        city=spec.city, planned_start=spec.start, planned_end=spec.end, planned_sessions=spec.sessions,
        planned_hours=hours * spec.sessions, capacity=spec.capacity,
        status="closed" if spec.end < PROJECT_END else "open")


def _sessions(demo: Demo, group: TrainingGroup, spec: GroupSpec) -> list[TrainingSession]:
    """Evenly spread sessions for a cohort; consecutive full days for an entrepreneurship module."""
    if spec.kind == "entrepreneurship":
        days = consecutive_weekdays(spec.start, spec.sessions)
        return [TrainingSession(group_id=group.id, session_date=day, topic=topic, hours=Decimal(6))
                for day, topic in zip(days, TOPICS[spec.module], strict=True)]
    topics = TOPICS[spec.trade]
    sessions, previous = [], None
    days = spec.schedule or spread_weekdays(spec.start, spec.end, spec.sessions)
    for i, day in enumerate(days):
        topic = topics[i * len(topics) // spec.sessions]
        label = f"{topic} (continued)" if topic == previous else topic
        previous = topic
        sessions.append(TrainingSession(group_id=group.id, session_date=day, topic=label,
                                        hours=Decimal(demo.rng.choice((3, 4, 4, 5, 6)))))
    return sessions


def _enrolment(demo: Demo, group: TrainingGroup, member: Member) -> Enrolment:
    enrolment = Enrolment(group_id=group.id, participant_id=member.woman.id, enrolled_on=member.enrolled_on)
    if member.dropped:
        enrolment.status, (enrolment.dropout_on, enrolment.dropout_reason) = "dropped_out", member.dropped
        return enrolment
    score = min(98, max(35, round(demo.rng.gauss(72, 11))))
    enrolment.status, enrolment.completed_on = "completed", member.spec.end
    enrolment.assessment_score = Decimal(score)
    attended = sum(member.presence) / len(member.presence)
    enrolment.certified = attended >= ATTENDANCE_THRESHOLD and score >= 50
    if enrolment.certified:
        delay = 14 if member.spec.kind == "vocational" else 0
        enrolment.certified_on = member.spec.end + timedelta(days=delay)
    return enrolment


def _presence(demo: Demo, sessions: list[TrainingSession], member: Member) -> list[bool]:
    """Whether she attended each session: never after she dropped out."""
    left_on = member.dropped[0] if member.dropped else date.max
    return [s.session_date < left_on and demo.rng.random() < member.attendance_rate for s in sessions]
