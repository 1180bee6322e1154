"""Reads about instructions: who each one is addressed to and who has acknowledged it."""

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.tenancy import city_or_national, in_city, sees_every_city
from offices.models import Acknowledgement, Instruction, Membership


def _for_roles(roles):
    # ``audience`` is a JSON list of role codes; a quoted text match works on SQLite and PostgreSQL alike.
    return reduce(or_, [Q(audience__icontains=f'"{role}"') for role in roles], Q(pk__in=[]))


def current_roles(user):
    """The roles the user holds through a current office post (none once they have left)."""
    return set(Membership.objects.current().filter(user=user, office__isnull=False).values_list("role", flat=True))


def instructions_for(user):
    """The instructions addressed to this person's current roles (their city's and the national ones), each
    with ``acknowledged``."""
    roles = current_roles(user)
    mine = Acknowledgement.objects.filter(instruction=OuterRef("pk"), user=user)
    return (
        Instruction.objects.filter(city_or_national(user.municipality_id), _for_roles(roles))
        .annotate(acknowledged=Exists(mine))
        .select_related("published_by")
        .order_by("-published_on", "-id")
    )


def is_addressed(instruction, user):
    if instruction.municipality_id not in (None, user.municipality_id):
        return False
    return bool(current_roles(user) & set(instruction.audience or ()))


def reaches(instruction_city, audience, office_city, role):
    """Whether an instruction of ``instruction_city`` (None: a national one) to the roles ``audience`` is
    addressed to whoever holds a post of ``role`` at an office of ``office_city``. Instructions go to roles and
    each person addressed acknowledges for themselves, so an office owes one acknowledgement per instruction
    and person (what its scorecard counts)."""
    return instruction_city in (None, office_city) and str(role) in (audience or ())


def office_acknowledgements(office, on=None):
    """The instructions addressed to the current staff of ``office``, each with ``addressed_count`` (its staff
    it is addressed to) and ``acknowledged_count`` (those of them who acknowledged it). Three queries."""
    day = on or timezone.localdate()
    city = office.district.municipality_id
    staff = set(Membership.objects.current(day).filter(office=office).values_list("user_id", "role"))
    instructions = list(
        Instruction.objects.filter(city_or_national(city), published_on__lte=day).order_by("-published_on", "-id")
    )
    acks = set(
        Acknowledgement.objects.filter(
            instruction__in=instructions, user_id__in={user_id for user_id, _role in staff}, at__date__lte=day
        ).values_list("instruction_id", "user_id")
    )
    rows = []
    for instruction in instructions:
        addressed = {
            user_id for user_id, role in staff if reaches(instruction.municipality_id, instruction.audience, city, role)
        }
        if addressed:
            instruction.addressed_count = len(addressed)
            instruction.acknowledged_count = sum((instruction.pk, user_id) in acks for user_id in addressed)
            rows.append(instruction)
    return rows


def unit_instructions(user):
    """The instructions a supervision unit reads: its city's and the national ones (a platform
    administrator: all)."""
    if sees_every_city(user):
        return Instruction.objects.all()
    return Instruction.objects.filter(city_or_national(user.municipality_id))


def all_instructions(user):
    return unit_instructions(user).select_related("published_by").order_by("-published_on", "-id")


def _posts_addressed(instruction_city, viewer=None):
    """Current office posts of the people an instruction of ``instruction_city`` reaches (all cities for a
    national one, narrowed to the viewer's city when a city's unit reads it)."""
    posts = Membership.objects.current().filter(office__isnull=False)
    if instruction_city is not None:
        posts = posts.filter(district__municipality_id=instruction_city)
    elif viewer is not None:
        posts = posts.filter(in_city(viewer, "district__municipality"))
    return posts


def _addressed_people(cities, viewer=None):
    """{(city of the instruction, role): {user_id, ...}} of everyone with a current office post that
    instructions of ``cities`` (None: national) reach (one query)."""
    posts = Membership.objects.current().filter(office__isnull=False)
    if None in cities:
        if viewer is not None:
            posts = posts.filter(in_city(viewer, "district__municipality"))
    else:
        posts = posts.filter(district__municipality_id__in=cities)
    people = {}
    for user_id, role, city in posts.values_list("user_id", "role", "district__municipality_id"):
        for reached in {None, city} & set(cities):
            people.setdefault((reached, role), set()).add(user_id)
    return people


def with_acknowledgement_counts(instructions, viewer=None):
    """Sets ``addressed_count`` and ``acknowledged_count`` on each instruction (two queries in all)."""
    instructions = list(instructions)
    people = _addressed_people({i.municipality_id for i in instructions}, viewer)
    acks = {}
    for instruction_id, user_id in Acknowledgement.objects.filter(instruction__in=instructions).values_list(
        "instruction_id", "user_id"
    ):
        acks.setdefault(instruction_id, set()).add(user_id)
    for instruction in instructions:
        reached = (people.get((instruction.municipality_id, role), set()) for role in instruction.audience or ())
        addressed = set().union(*reached)
        instruction.addressed_count = len(addressed)
        instruction.acknowledged_count = len(addressed & acks.get(instruction.pk, set()))
    return instructions


def acknowledgement_status(instruction, viewer=None):
    """(acknowledged, not yet) lists of current posts of the people addressed, one row per person."""
    posts = (
        _posts_addressed(instruction.municipality_id, viewer)
        .filter(role__in=list(instruction.audience or ()))
        .select_related("user", "office")
        .order_by("user__last_name", "user__first_name", "office__code")
    )
    acked = dict(Acknowledgement.objects.filter(instruction=instruction).values_list("user_id", "at"))
    done, waiting, seen = [], [], set()
    for post in posts:
        if post.user_id in seen:
            continue
        seen.add(post.user_id)
        if post.user_id in acked:
            post.acknowledged_at = acked[post.user_id]
            done.append(post)
        else:
            waiting.append(post)
    return done, waiting
