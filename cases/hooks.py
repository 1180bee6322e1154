"""Extension points the service apps plug into (in their AppConfig.ready).

``cases`` knows nothing of inspections, letters or fee slips; those apps register
here, and ``apply_action`` / ``register_case`` call them inside the same
transaction, so a refusal from any of them rolls the whole action back.
"""

from collections import defaultdict

# action name -> [fn(case, actor, data) -> dict | None]; ``data`` carries the action's input plus
# ``at``, when it happens (now, or the backdated time of an import); may change the case's fields
# (they are saved with the transition) and raise DomainError to refuse.
_action_handlers = defaultdict(list)
# action name -> [fn(case, actor, data)]; run after the transition row is written.
_after_action = defaultdict(list)
# service code -> fn(details: dict) -> cleaned details (raise ValidationError to refuse)
_details_cleaners = {}
# service code -> fn(case, cleaned_details)
_details_savers = {}
# fn(case, actor) run after a file is registered (instant answers, fee slips)
_after_register = []
# fn(case) -> dict of extra keys for the file's API representation
_detail_extras = []
# fn(case, action_name) -> str | None: a Persian reason the action must wait (e.g. an unpaid fee)
_action_guards = []


def on_action(name):
    def register(fn):
        _action_handlers[name].append(fn)
        return fn

    return register


def after_action(name):
    def register(fn):
        _after_action[name].append(fn)
        return fn

    return register


def details(service_code, *, clean, save):
    _details_cleaners[service_code] = clean
    _details_savers[service_code] = save


def after_register(fn):
    _after_register.append(fn)
    return fn


def detail_extra(fn):
    _detail_extras.append(fn)
    return fn


def action_guard(fn):
    _action_guards.append(fn)
    return fn


# fn(case) -> a Persian reason the property is not clear for an instant answer, or None
# (billing registers "unpaid renewal duty" here).
_clearance_checks = []
# fn(case, user) -> (template_name, context) | None: panels shown on the file's page
# (inspections: the visit report; billing: fee slips; inquiries: the letter).
_page_panels = []


def clearance_check(fn):
    _clearance_checks.append(fn)
    return fn


def page_panel(fn):
    _page_panels.append(fn)
    return fn


def page_panels_for(case, user):
    panels = []
    for fn in _page_panels:
        panel = fn(case, user)
        if panel:
            panels.append(panel)
    return panels


# Action names whose input a service app's page panel collects with its own, richer form
# (inspections: the visit report); the file page's action card leaves them out.
_panel_actions = set()


def action_in_panel(name):
    _panel_actions.add(name)
    return name
