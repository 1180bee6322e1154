"""Office scorecards: what each office did in a Jalali month, quarter or year, and a score.

Everything comes from the records themselves: files and their history (steps rebuilt by
``steps.steps_of``), complaints, violations and decisions, training attendance and the
acknowledgement of instructions. ``scorecards`` reads them for any number of offices and
periods in a fixed number of queries (one per table, plus one per step duration asked).

The score is 100 × Σ weight × component / Σ weight, each component between 0 and 1:

==============  ==========================================================================
on_time         steps on time / steps counted (1 when no step was counted)
returns         1 − returns for correction / files registered (at least 0)
complaints      1 − 10 × complaints / files registered (ten complaints per hundred files: 0)
violations      1 / (1 + decisions upheld against the office in the period)
training        required courses passed / required courses of its technical officers and
                inspectors (1 when none is required)
instructions    instructions acknowledged / instructions addressed to its staff (1 when none)
==============  ==========================================================================

With no file registered, ``returns`` and ``complaints`` are 1 if there were none, else 0.
"""

import datetime
import itertools
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Role
from accounts.tenancy import in_city
from cases import calendar
from cases.models import Case, State, Transition
from offices.models import Acknowledgement, Attendance, Instruction, Membership, Office
from offices.selectors import TRAINED_ROLES, reaches, required_courses
from supervision.models import UPHELD, Complaint, Decision, Policy, Violation
from supervision.selectors.steps import OFFICE_STEPS, steps_of
from supervision.selectors.violations import managed_offices

COMPLAINT_SCALE = 10
COMPONENTS = ("on_time", "returns", "complaints", "violations", "training", "instructions")


@dataclass
class StepFigures:
    counted: int = 0
    on_time: int = 0
    late: int = 0
    days: list = field(default_factory=list)

    @property
    def median_working_days(self):
        return statistics.median(self.days) if self.days else None

    @property
    def on_time_rate(self):
        return self.on_time / self.counted if self.counted else None


@dataclass
class Scorecard:
    office: Office
    period: object
    registered: int = 0
    answered: int = 0
    steps: dict = field(default_factory=lambda: {state: StepFigures() for state in OFFICE_STEPS})
    late_by_person: Counter = field(default_factory=Counter)
    late_at_desk: int = 0
    returns: int = 0
    complaints: int = 0
    violations: int = 0
    decisions: Counter = field(default_factory=Counter)
    training_required: int = 0
    training_passed: int = 0
    instructions_addressed: int = 0
    instructions_acknowledged: int = 0
    components: dict = field(default_factory=dict)
    score: float = 0.0
    people: dict = field(default_factory=dict)  # user id -> name, for late_by_person

    @property
    def steps_counted(self):
        return sum(f.counted for f in self.steps.values())

    @property
    def steps_on_time(self):
        return sum(f.on_time for f in self.steps.values())

    @property
    def on_time_rate(self):
        counted = self.steps_counted
        return self.steps_on_time / counted if counted else None

    @property
    def upheld(self):
        return sum(n for decision, n in self.decisions.items() if decision in UPHELD)

    def step_rows(self):
        return [(state, State(state).label, figures) for state, figures in self.steps.items()]

    def decision_rows(self):
        return [(Decision(code).label, n) for code, n in sorted(self.decisions.items())]

    def person_rows(self):
        return sorted(
            ((self.people.get(uid, str(uid)), n) for uid, n in self.late_by_person.items()), key=lambda r: -r[1]
        )

    def compute(self, weights):
        def rate(bad, scale=1):
            if self.registered:
                return max(0.0, 1 - scale * bad / self.registered)
            return 0.0 if bad else 1.0

        rate_on_time = self.on_time_rate
        self.components = {
            "on_time": 1.0 if rate_on_time is None else rate_on_time,
            "returns": rate(self.returns),
            "complaints": rate(self.complaints, COMPLAINT_SCALE),
            "violations": 1 / (1 + self.upheld),
            "training": self.training_passed / self.training_required if self.training_required else 1.0,
            "instructions": (
                self.instructions_acknowledged / self.instructions_addressed if self.instructions_addressed else 1.0
            ),
        }
        total = sum(weights.get(name, 0) for name in COMPONENTS)
        weighted = sum(weights.get(name, 0) * self.components[name] for name in COMPONENTS)
        self.score = round(100 * weighted / total, 1) if total else 0.0
        return self

    def as_dict(self):
        return {
            "office": {"id": self.office.pk, "code": self.office.code, "name": self.office.name},
            "period": {
                "kind": self.period.kind,
                "year": self.period.year,
                "number": self.period.number or None,
                "start": self.period.start,
                "end": self.period.end - datetime.timedelta(days=1),
            },
            "registered": self.registered,
            "answered": self.answered,
            "steps": {
                state: {
                    "counted": f.counted,
                    "on_time": f.on_time,
                    "late": f.late,
                    "on_time_rate": _round(f.on_time_rate),
                    "median_working_days": f.median_working_days,
                }
                for state, f in self.steps.items()
            },
            "on_time_rate": _round(self.on_time_rate),
            "late_charged": {
                "office_desk": self.late_at_desk,
                "people": [
                    {"user": uid, "name": self.people.get(uid, ""), "late": n}
                    for uid, n in sorted(self.late_by_person.items())
                ],
            },
            "returns": self.returns,
            "complaints": self.complaints,
            "violations": self.violations,
            "decisions": dict(sorted(self.decisions.items())),
            "training": {
                "required": self.training_required,
                "passed": self.training_passed,
                "rate": _round(self.training_passed / self.training_required if self.training_required else None),
            },
            "instructions": {
                "addressed": self.instructions_addressed,
                "acknowledged": self.instructions_acknowledged,
                "rate": _round(
                    self.instructions_acknowledged / self.instructions_addressed
                    if self.instructions_addressed
                    else None
                ),
            },
            "components": {name: _round(value) for name, value in self.components.items()},
            "score": self.score,
        }


def _round(value):
    return None if value is None else round(value, 4)


def _gregorian(day):
    if day is None:
        return None
    return day.togregorian() if hasattr(day, "togregorian") else day


def _local_date(at):
    return timezone.localtime(at).date()


def scorecards(periods, *, offices=None, today=None, policy=None):
    """{period.key: {office id: Scorecard}} for ``offices`` (a queryset; default all) over ``periods``."""
    periods = list(periods)
    today = today or timezone.localdate()
    offices = (offices if offices is not None else Office.objects.all()).select_related("district")
    office_list = list(offices.order_by("district__number", "code"))
    # Each office is judged by its own city's calendar and step durations (a ranking is one city's).
    city_of = {o.pk: o.district.municipality_id for o in office_list}
    cities = set(city_of.values())
    policy = policy or Policy.current(next(iter(cities)) if len(cities) == 1 else None)
    office_ids = offices.values("pk")
    cards = {p.key: {o.pk: Scorecard(o, p) for o in office_list} for p in periods}
    if not office_list or not periods:
        return cards
    start = min(p.start for p in periods)
    end = max(p.end for p in periods)
    tz = timezone.get_current_timezone()
    start_at = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    end_at = datetime.datetime.combine(end, datetime.time.min, tzinfo=tz)

    def period_of(day):
        return [p for p in periods if p.contains(day)]

    # 1. files registered and answered, per office and period (one query)
    counts = {}
    for i, p in enumerate(periods):
        s, e = p.bounds()
        counts[f"r{i}"] = Count("pk", filter=Q(created_at__gte=s, created_at__lt=e))
        counts[f"a{i}"] = Count("pk", filter=Q(state=State.RESPONDED, closed_at__gte=s, closed_at__lt=e))
    rows = (
        Case.objects.filter(office__in=office_ids)
        .filter(Q(created_at__gte=start_at, created_at__lt=end_at) | Q(closed_at__gte=start_at, closed_at__lt=end_at))
        .values("office_id")
        .annotate(**counts)
        .order_by()
    )
    for row in rows:
        for i, p in enumerate(periods):
            card = cards[p.key][row["office_id"]]
            card.registered, card.answered = row[f"r{i}"], row[f"a{i}"]

    # 2. the history of every file that had a step in the span (one query), rebuilt into steps
    holidays = {city: calendar.holiday_set(city) for city in cities}
    durations = {}

    def step_days_in(city):
        def step_days(service_id, state):
            if (city, service_id, state) not in durations:
                durations[city, service_id, state] = calendar.step_days(service_id, state, city)
            return durations[city, service_id, state]

        return step_days

    touched = Case.objects.filter(office__in=office_ids, created_at__lt=end_at).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=start_at)
    )
    history = (
        Transition.objects.filter(case__in=touched.values("pk"))
        .order_by("case_id", "seq")
        .values_list("case_id", "case__office_id", "case__service_id", "action", "from_state", "to_state", "data", "at")
    )
    people = set()
    for (case_id, office_id, service_id), rows in itertools.groupby(
        history.iterator(chunk_size=5000), key=lambda r: r[:3]
    ):
        transitions = [r[3:] for r in rows]
        for action, _from, _to, _data, at in transitions:
            if action == "return_to_applicant":
                for p in period_of(_local_date(at)):
                    cards[p.key][office_id].returns += 1
        city = city_of[office_id]
        for step in steps_of(
            case_id,
            office_id,
            service_id,
            transitions,
            step_days=step_days_in(city),
            holidays=holidays[city],
            local_date=_local_date,
        ):
            day = step.counts_on(today)
            if day is None:
                continue
            late = step.is_late(today)
            for p in period_of(day):
                card = cards[p.key][office_id]
                figures = card.steps[step.state]
                figures.counted += 1
                if late:
                    figures.late += 1
                    user_id = step.charged_user()
                    if user_id is None:
                        card.late_at_desk += 1
                    else:
                        card.late_by_person[user_id] += 1
                        people.add(user_id)
                else:
                    figures.on_time += 1
                if step.ended is not None:
                    figures.days.append(step.working_days)
    if people:
        names = {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=people)}
        for by_office in cards.values():
            for card in by_office.values():
                card.people = names

    # 3. complaints (one query) and violations with their decisions (one query)
    counts = {}
    for i, p in enumerate(periods):
        s, e = p.bounds()
        counts[f"c{i}"] = Count("pk", filter=Q(created_at__gte=s, created_at__lt=e))
    for row in (
        Complaint.objects.filter(case__office__in=office_ids, created_at__gte=start_at, created_at__lt=end_at)
        .values("case__office_id")
        .annotate(**counts)
        .order_by()
    ):
        for i, p in enumerate(periods):
            cards[p.key][row["case__office_id"]].complaints = row[f"c{i}"]
    counts = {}
    for i, p in enumerate(periods):
        s, e = p.bounds()
        counts[f"o{i}"] = Count("pk", filter=Q(created_at__gte=s, created_at__lt=e))
        counts[f"d{i}"] = Count("pk", filter=Q(decided_at__gte=s, decided_at__lt=e))
    for row in (
        Violation.objects.filter(office__in=office_ids)
        .filter(Q(created_at__gte=start_at, created_at__lt=end_at) | Q(decided_at__gte=start_at, decided_at__lt=end_at))
        .values("office_id", "decision")
        .annotate(**counts)
        .order_by()
    ):
        for i, p in enumerate(periods):
            card = cards[p.key][row["office_id"]]
            card.violations += row[f"o{i}"]
            if row["decision"] and row[f"d{i}"]:
                card.decisions[row["decision"]] += row[f"d{i}"]

    # 4. training and instructions, as they stood at each period's end (four queries)
    _staff_figures(cards, periods, office_ids, start, end, today, city_of)

    weights = policy.weights()
    for by_office in cards.values():
        for card in by_office.values():
            card.compute(weights)
    return cards


def _staff_figures(cards, periods, office_ids, start, end, today, city_of):
    posts = list(
        Membership.objects.filter(office__in=office_ids, starts_on__lt=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .values_list("office_id", "user_id", "role", "starts_on", "ends_on")
    )
    posts = [(o, u, r, _gregorian(s), _gregorian(e)) for o, u, r, s, e in posts]
    # Each office's staff owe their city's courses and instructions, and the national ones.
    courses_of = {city: required_courses(TRAINED_ROLES, city) for city in set(city_of.values())}
    course_ids = {c.pk for courses in courses_of.values() for role_courses in courses.values() for c in role_courses}
    passed = set(
        Attendance.objects.filter(
            attended=True, passed=True, course_id__in=course_ids, user_id__in={p[1] for p in posts}
        ).values_list("user_id", "course_id")
    )
    instructions = [
        (pk, audience, _gregorian(published), city)
        for pk, audience, published, city in Instruction.objects.filter(published_on__lt=end).values_list(
            "pk", "audience", "published_on", "municipality_id"
        )
    ]
    acknowledged = {}
    for instruction_id, user_id, at in Acknowledgement.objects.filter(
        instruction__published_on__lt=end, user_id__in={p[1] for p in posts}
    ).values_list("instruction_id", "user_id", "at"):
        acknowledged[instruction_id, user_id] = _local_date(at)
    for p in periods:
        day = min(p.end - datetime.timedelta(days=1), today)
        staff = defaultdict(set)  # office -> {(user, role)}
        for office_id, user_id, role, starts_on, ends_on in posts:
            if starts_on <= day and (ends_on is None or ends_on >= day):
                staff[office_id].add((user_id, role))
        for office_id, people in staff.items():
            card = cards[p.key][office_id]
            courses = courses_of[city_of[office_id]]
            trained = set()
            for user_id, role in people:
                for course in courses.get(str(role), ()):
                    if (user_id, course.pk, role) in trained or _gregorian(course.starts_on) > day:
                        continue
                    trained.add((user_id, course.pk, role))
                    card.training_required += 1
                    card.training_passed += (user_id, course.pk) in passed
            addressed = {
                (pk, user_id)
                for pk, audience, published, city in instructions
                if published <= day
                for user_id, role in people
                if reaches(city, audience, city_of[office_id], role)
            }
            card.instructions_addressed += len(addressed)
            card.instructions_acknowledged += sum(
                1 for key in addressed if key in acknowledged and acknowledged[key] <= day
            )


def office_for_scorecard(user, pk):
    """The office if this user may read its scorecard (the unit: any of its city; a manager: their own),
    else None."""
    offices = Office.objects.select_related("district")
    if user.role in (Role.SUPERVISOR, Role.ADMIN):
        return offices.filter(in_city(user, "district__municipality"), pk=pk).first()
    if user.role == Role.OFFICE_MANAGER:
        return offices.filter(pk=pk, pk__in=managed_offices(user)).first()
    return None


def ranking(period, *, offices=None, today=None):
    """The offices' scorecards for ``period``, best first, each with the previous period's score (trend)."""
    previous = period.previous()
    cards = scorecards([previous, period], offices=offices, today=today)
    rows = []
    for office_id, card in cards[period.key].items():
        before = cards[previous.key][office_id]
        card.previous_score = before.score
        card.trend = round(card.score - before.score, 1)
        rows.append(card)
    # An office that registered no file in the period has nothing to be scored on (its ratios are 1 by default):
    # it is listed after the ranked ones, unranked, rather than at the top.
    rows.sort(key=lambda c: (not c.registered, -c.score, c.office.code))
    ranked = [card for card in rows if card.registered]
    for rank, card in enumerate(ranked, start=1):
        card.rank = rank
    for card in rows[len(ranked) :]:
        card.rank = None
    return rows


def office_scorecard(office, period, *, today=None):
    """One office's scorecard for ``period`` with, for a year or quarter, its months (the trend)."""
    months = period.parts("month") if period.kind != "month" else []
    cards = scorecards([period, *months], offices=Office.objects.filter(pk=office.pk), today=today)
    card = cards[period.key][office.pk]
    card.months = [cards[m.key][office.pk] for m in months]
    return card
