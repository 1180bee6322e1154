"""Reads about instructions: who each one is addressed to and who has acknowledged it."""

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q

from offices.models import Acknowledgement, Instruction, Membership


def _for_roles(roles):
    # ``audience`` is a JSON list of role codes; a quoted text match works on SQLite and PostgreSQL alike.
    return reduce(or_, [Q(audience__icontains=f'"{role}"') for role in roles], Q(pk__in=[]))


def current_roles(user):
    """The roles the user holds through a current office post (none once they have left)."""
    return set(Membership.objects.current().filter(user=user, office__isnull=False).values_list("role", flat=True))


def instructions_for(user):
    """The instructions addressed to this person's current roles, each with ``acknowledged``."""
    roles = current_roles(user)
    mine = Acknowledgement.objects.filter(instruction=OuterRef("pk"), user=user)
    return (
        Instruction.objects.filter(_for_roles(roles))
        .annotate(acknowledged=Exists(mine))
        .select_related("published_by")
        .order_by("-published_on", "-id")
    )


def is_addressed(instruction, user):
    return bool(current_roles(user) & set(instruction.audience or ()))


def all_instructions():
    return Instruction.objects.select_related("published_by").order_by("-published_on", "-id")


def _addressed_people():
    """{role: {user_id, ...}} of everyone with a current office post (one query)."""
    people = {}
    for user_id, role in Membership.objects.current().filter(office__isnull=False).values_list("user_id", "role"):
        people.setdefault(role, set()).add(user_id)
    return people


def with_acknowledgement_counts(instructions):
    """Sets ``addressed_count`` and ``acknowledged_count`` on each instruction (two queries in all)."""
    instructions = list(instructions)
    people = _addressed_people()
    acks = {}
    for instruction_id, user_id in Acknowledgement.objects.filter(instruction__in=instructions).values_list(
        "instruction_id", "user_id"
    ):
        acks.setdefault(instruction_id, set()).add(user_id)
    for instruction in instructions:
        addressed = set().union(*(people.get(role, set()) for role in instruction.audience or ()))
        instruction.addressed_count = len(addressed)
        instruction.acknowledged_count = len(addressed & acks.get(instruction.pk, set()))
    return instructions


def acknowledgement_status(instruction):
    """(acknowledged, not yet) lists of current posts of the people addressed, one row per person."""
    posts = (
        Membership.objects.current()
        .filter(office__isnull=False, role__in=list(instruction.audience or ()))
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
