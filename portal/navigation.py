"""What each role sees in the navigation bar.

Each entry names a URL and the roles that may open it; an entry whose URL is
not (yet) wired is left out, so apps add their pages without touching this file
beyond one line.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from cases.selectors import recent_cartable_counts

OFFICE = (Role.TECHNICAL_OFFICER, Role.INSPECTOR, Role.FOLLOWUP_OFFICER, Role.OFFICE_MANAGER)
MUNICIPAL = (Role.MUNICIPAL_STAFF, Role.SUPERVISOR, Role.ADMIN)
SUPERVISION = (Role.SUPERVISOR, Role.ADMIN)

ITEMS = [
    ("dashboard", _("Dashboard"), None),
    ("cases:cartable", _("Cartable"), OFFICE + MUNICIPAL),
    ("cases:list", _("Files"), OFFICE + MUNICIPAL),
    ("cases:register", _("New file"), (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER)),
    ("cases:mine", _("My requests"), (Role.CITIZEN,)),
    ("inspections:day_plan", _("Day plan"), (Role.INSPECTOR,)),
    ("inspections:visits", _("Site visits"), (Role.INSPECTOR, Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER)),
    ("inspections:workload", _("Inspectors' workload"), SUPERVISION),
    ("permits:list", _("Permits"), (Role.TECHNICAL_OFFICER, Role.OFFICE_MANAGER, *MUNICIPAL)),
    ("offices:my_office", _("My office"), OFFICE),
    ("offices:manage_list", _("Offices"), SUPERVISION),
    ("offices:instructions", _("Instructions"), OFFICE + SUPERVISION),
    ("billing:slips", _("Fee slips"), OFFICE + SUPERVISION),
    ("supervision:dashboard", _("Statistics"), MUNICIPAL),
    ("supervision:violations", _("Violations"), (*SUPERVISION, Role.OFFICE_MANAGER)),
    ("supervision:scorecards", _("Scorecards"), (*SUPERVISION, Role.OFFICE_MANAGER)),
    ("supervision:followup", _("Follow-up"), (Role.FOLLOWUP_OFFICER,)),
    ("supervision:reference", _("Reference data"), SUPERVISION),
    ("notifications:messages", _("Messages"), SUPERVISION),
    ("inquiries:templates", _("Letter templates"), SUPERVISION),
    ("admin:index", _("Administration"), (Role.ADMIN,)),
]


def _cartable_count(user):
    return recent_cartable_counts(user)["total"]


# URL name -> fn(user) -> the number shown as a badge beside the entry (at most one aggregate query each).
COUNTS = {"cases:cartable": _cartable_count}


# The supervision unit's tools, gathered in one menu when a person has several of them: a supervisor's
# navigation held some fifteen entries and wrapped onto three rows of a desktop screen.
TOOLS = {
    "offices:manage_list",
    "inspections:workload",
    "offices:instructions",
    "supervision:violations",
    "supervision:scorecards",
    "supervision:reference",
    "notifications:messages",
    "inquiries:templates",
    "admin:index",
}
TOOLS_LABEL = _("Supervision")
MIN_MENU = 3  # fewer tools than this stay in the bar


def items_for(user):
    """The entries this person's navigation shows: links, and at most one menu of links (``{"menu": label,
    "items": [...]}``) where the supervision tools are gathered."""
    if not user.is_authenticated:
        return []
    visible = []
    for name, label, roles in ITEMS:
        if roles is not None and user.role not in roles:
            continue
        try:
            item = {"name": name, "label": label, "url": reverse(name)}
        except NoReverseMatch:
            continue
        if name in COUNTS:
            item["count"] = COUNTS[name](user)
        visible.append(item)
    tools = [item for item in visible if item["name"] in TOOLS]
    if len(tools) < MIN_MENU:
        return visible
    first = visible.index(tools[0])
    rest = [item for item in visible if item["name"] not in TOOLS]
    return [*rest[:first], {"menu": TOOLS_LABEL, "items": tools}, *rest[first:]]


def links_of(items):
    """``items_for``'s entries as one list of links (a menu's links in its place)."""
    return [link for item in items for link in (item["items"] if "menu" in item else [item])]
