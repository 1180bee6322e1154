"""Reads on the office network, with their related rows loaded (no query per row)."""

from offices.selectors.instructions import (
    acknowledgement_status,
    all_instructions,
    current_roles,
    instructions_for,
    is_addressed,
    unit_instructions,
    with_acknowledgement_counts,
)
from offices.selectors.network import (
    active_services,
    city_offices,
    directory_offices,
    districts,
    map_markers,
    office_for_supervisor,
    office_list,
    public_changes,
)
from offices.selectors.staff import (
    can_manage_staff,
    current_memberships,
    is_active_staff,
    office_staff,
    offices_of,
    primary_membership,
    staff_posts,
    today,
)
from offices.selectors.training import (
    TRAINED_ROLES,
    TrainingGap,
    has_required_training,
    required_courses,
    untrained_staff,
)

__all__ = [
    "TRAINED_ROLES",
    "TrainingGap",
    "acknowledgement_status",
    "active_services",
    "all_instructions",
    "can_manage_staff",
    "city_offices",
    "current_memberships",
    "current_roles",
    "directory_offices",
    "districts",
    "has_required_training",
    "instructions_for",
    "is_active_staff",
    "is_addressed",
    "map_markers",
    "office_for_supervisor",
    "office_list",
    "office_staff",
    "offices_of",
    "primary_membership",
    "public_changes",
    "required_courses",
    "staff_posts",
    "today",
    "unit_instructions",
    "untrained_staff",
    "with_acknowledgement_counts",
]
