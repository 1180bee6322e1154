"""Reads about training: which courses a role requires and who has not passed them."""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q

from accounts.models import Role
from accounts.tenancy import city_or_national, in_city
from offices.models import Attendance, Course, Membership

# The roles the supervision unit checks (the seed's rule: technical officers and inspectors).
TRAINED_ROLES = (Role.TECHNICAL_OFFICER, Role.INSPECTOR)


def _naming(roles):
    # ``required_for`` is a JSON list of role codes; a quoted text match works on SQLite and PostgreSQL alike.
    return reduce(or_, [Q(required_for__icontains=f'"{role}"') for role in roles])


def required_courses(roles=TRAINED_ROLES, municipality=None):
    """{role: [courses that role requires]} in a city: the national courses and the city's own (one query)."""
    roles = [str(role) for role in roles]
    by_role = {role: [] for role in roles}
    city = getattr(municipality, "pk", municipality)
    for course in Course.objects.filter(city_or_national(city), _naming(roles)).order_by("starts_on", "id"):
        for role in roles:
            if role in (course.required_for or []):
                by_role[role].append(course)
    return by_role


def has_required_training(user, role):
    """Whether ``user`` attended and passed every course required for ``role`` (in the user's city)."""
    required = required_courses([role], user.municipality_id)[str(role)]
    if not required:
        return True
    passed = Attendance.objects.filter(
        user=user, attended=True, passed=True, course_id__in=[c.pk for c in required]
    ).count()
    return passed == len(required)


@dataclass
class TrainingGap:
    user: object
    role: str
    missing: list
    offices: list = field(default_factory=list)

    @property
    def role_label(self):
        return Role(self.role).label


def untrained_staff(district=None, office=None, on=None, viewer=None):
    """Current technical officers and inspectors missing a required course, one entry per person and role.

    Three queries whatever the staff count: the posts, the courses (one per city), the passes.
    """
    posts = (
        Membership.objects.current(on)
        .filter(role__in=[str(r) for r in TRAINED_ROLES], office__isnull=False)
        .select_related("user", "office__district")
        .order_by("office__district__number", "user__last_name", "user__first_name", "office__code")
    )
    if viewer is not None:
        posts = posts.filter(in_city(viewer, "district__municipality"))
    if district is not None:
        posts = posts.filter(office__district=district)
    if office is not None:
        posts = posts.filter(office=office)
    posts = list(posts)
    # What each post requires is its city's (and the national) courses.
    cities = {p.office.district.municipality_id for p in posts}
    required = {city: required_courses(TRAINED_ROLES, city) for city in cities}
    course_ids = {c.pk for by_role in required.values() for courses in by_role.values() for c in courses}
    if not course_ids:
        return []
    passed = set(
        Attendance.objects.filter(
            attended=True, passed=True, course_id__in=course_ids, user_id__in={p.user_id for p in posts}
        ).values_list("user_id", "course_id")
    )
    gaps = {}
    for post in posts:
        courses = required[post.office.district.municipality_id][post.role]
        missing = [c for c in courses if (post.user_id, c.pk) not in passed]
        if not missing:
            continue
        gap = gaps.setdefault((post.user_id, post.role), TrainingGap(user=post.user, role=post.role, missing=missing))
        gap.offices.append(post.office)
    return list(gaps.values())


@dataclass
class TrainingRecord:
    """The courses one person attended and passed (every course they sat, not only the required ones)."""

    attended: list = field(default_factory=list)
    passed: list = field(default_factory=list)


def with_training(posts):
    """``posts`` (office posts) each with ``training``: a TrainingRecord of the person's courses (one query)."""
    posts = list(posts)
    records = {post.user_id: TrainingRecord() for post in posts}
    for attendance in (
        Attendance.objects.filter(user_id__in=records, attended=True)
        .select_related("course")
        .order_by("course__starts_on", "course_id")
    ):
        record = records[attendance.user_id]
        record.attended.append(attendance.course)
        if attendance.passed:
            record.passed.append(attendance.course)
    for post in posts:
        post.training = records[post.user_id]
    return posts
