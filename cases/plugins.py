"""How other apps take part in a file's life: one ordered registry of plugin classes.

``cases`` imports no service app. Each app that takes part in files (a service family such
as inquiries or permits, or a component such as inspections, billing or letters) is ONE class
here, named in ``settings.PISHKHAN_PLUGINS`` in the order its methods run. Every method below
is an extension point with a documented contract; callers ask the registry
(``plugins.registry()``), never a module-level list.

Methods that may refuse (``guard``, ``before_action``, ``save_details``) run inside the
action's or the registration's transaction, so a refusal from any plugin rolls everything back.
"""

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils.module_loading import import_string
from rest_framework import serializers

from core.jalali import format_jalali
from core.validators import to_persian_digits


@dataclass(frozen=True)
class Flow:
    """A service's path and paperwork."""

    visit: bool = True
    plan_review: bool = True
    instant: bool = False  # may be answered at registration when the record is clean
    required_documents: tuple = ()
    # Working days per step (state -> days); StepDuration rows in the admin override these.
    durations: dict = dataclasses.field(default_factory=dict)
    # The workflow step before which the service fee must be paid (an action name), or "".
    fee_before: str = ""


@dataclass(frozen=True)
class Issued:
    """A paper a file produced (its response letter, permit or certificate), as lists show it."""

    label: str
    number: str
    verification_code: str
    # Where the file's applicant and staff download it; empty while its PDF is still being made.
    download_url: str = ""


@dataclass(frozen=True)
class Due:
    """A payment a file waits for (an unpaid fee slip), with the page where it is paid."""

    label: str
    amount_rials: int
    pay_url: str


class Plugin:
    """An app's part in files. Every method has a harmless default; override what you need."""

    #: A short name for logs and the admin.
    name = ""

    # --- actions ---------------------------------------------------------------------------------------------

    def action_fields(self, action, case):
        """Serializer fields this plugin adds to ``action``'s input on ``case`` (``{name: Field}``).

        Everything a client may send with an action is declared here or in the workflow table;
        any other key is refused with a 400 that names it."""
        return {}

    def guard(self, case, action):
        """A Persian reason why ``action`` must wait on ``case`` (an unpaid fee), or None."""
        return None

    def before_action(self, case, actor, action, data, at):
        """Effects of ``action`` before its history row is written, under the file's row lock.

        ``data`` is the validated input; ``at`` when it happens (now, or the backdated time of an
        import). May change ``case``'s fields (saved with the transition) and raise DomainError to
        refuse. Returns a dict of extra values for the history row, or None."""
        return None

    def after_action(self, case, actor, action, data, at):
        """Effects after the history row is written, in the same transaction (issue a letter)."""

    def kept_inputs(self, action, case):
        """Names of ``action``'s inputs this plugin keeps in a record of its own (the visit report's
        fields in the report, the answer's text in the letter). The history row leaves them out and
        keeps what ``before_action`` returns (the record's id) instead: a file's history does not hold
        a second copy of every report and letter."""
        return set()

    def events(self):
        """Events this plugin records with ``record_event`` (``{name: Persian label}``)."""
        return {}

    # --- registration ----------------------------------------------------------------------------------------

    def after_register(self, case, actor):
        """Runs once a file is registered, in the registration's transaction (issue a fee slip)."""

    def clearance(self, case):
        """A Persian reason the property is not clear for an instant answer, or None."""
        return None

    def registration_terms(self, service_code, municipality):
        """What an applicant is shown before registering ``service_code`` in ``municipality`` (an id, or
        None when the city is not known yet): ``[(Persian label, Persian value)]`` rows, such as the fee and
        when it is due."""
        return []

    # --- reading ---------------------------------------------------------------------------------------------

    def detail_extra(self, case):
        """Extra keys of the file's API representation (``fee_slips``, ``letter``, ``permit``)."""
        return {}

    def page_panels(self, case, user):
        """Panels on the file's page: a list of ``(template_name, context)``."""
        return []

    def panel_actions(self):
        """Action names whose input a panel of this plugin collects with its own, richer form."""
        return set()

    def issued(self, cases):
        """What the files produced, for lists (a citizen's cards, the tracking page): ``{case id: [Issued]}``.

        Called with a page of files at once: a fixed number of queries, whatever their count."""
        return {}

    def dues(self, cases):
        """Payments the files wait for, for lists: ``{case id: [Due]}``, a fixed number of queries."""
        return {}

    def site_visit(self, case):
        """What the file's latest site visit found (the plugin that keeps visit reports answers), or None:
        ``{"findings", "land_area", "built_area", "floors", "usage", "inspector", "at"}``."""
        return None

    def notification_context(self, event, context):
        """Extra context for an outgoing message of ``event`` (a letter's verification code)."""
        return {}


class ServiceFamily(Plugin):
    """A family of services (inquiries; permits): their paths, their data and its one definition."""

    #: service code -> Flow, in the order the catalogue lists them.
    flows = {}
    #: The reverse one-to-one accessor of the family's record on a file.
    record_name = ""

    def details_serializer(self, service_code):
        """The DRF serializer class of the service's details: the ONLY definition of its fields,
        Persian labels, help texts and validation. The counter and online forms, the API and the
        OpenAPI schema are derived from it. Every service of the family must have one (checked
        when the registry loads)."""
        return None

    def example(self, service_code):
        """A ``details`` body that registers in the demo city (the OpenAPI example)."""
        return {}

    def example_renewal_code(self, service_code):
        """The parcel the example registers for, when its details tie it to one (a permit names its property);
        None: any parcel of the demo city."""
        return None

    def required_documents(self, service_code):
        return self.flows[service_code].required_documents

    def save_details(self, case, validated):
        """Store the validated details beside the newly registered file."""

    def record(self, case):
        """The family's own record of the file (an Inquiry), or None."""
        if not self.record_name:
            return None
        try:
            return getattr(case, self.record_name)
        except ObjectDoesNotExist:
            return None

    def _shown_fields(self, case):
        record = self.record(case)
        if record is None:
            return
        for name, field in self.details_serializer(case.service_id)().fields.items():
            if field.write_only or isinstance(field, serializers.BaseSerializer | serializers.ListField):
                continue
            value = getattr(record, field.source if field.source not in (None, "*") else name, None)
            if value not in (None, ""):
                yield name, field, value

    def details_of(self, case):
        """The file's details as the API shows them (JSON-ready; dates also as ``<name>_jalali``)."""
        data = {}
        for name, field, value in self._shown_fields(case):
            data[name] = field.to_representation(value)
            if isinstance(field, serializers.DateField):
                data[f"{name}_jalali"] = format_jalali(value, persian=False)
        return data

    def detail_rows(self, case):
        """(Persian label, display value) rows of the file's details for its page."""
        rows = []
        for _name, field, value in self._shown_fields(case):
            if isinstance(field, serializers.ChoiceField):
                value = field.choices.get(value, value)
            elif isinstance(field, serializers.DateField):
                value = format_jalali(value)
            elif isinstance(value, Decimal):
                value = to_persian_digits(f"{value.normalize():f}").replace(".", "٫")
            elif isinstance(value, bool):
                value = "✓" if value else "✗"
            else:
                value = to_persian_digits(value) if isinstance(value, int) else value
            rows.append((field.label, value))
        return rows

    def related(self):
        """``select_related`` names that load this family's record with a file."""
        return (self.record_name,) if self.record_name else ()


class Registry:
    """The plugins of ``settings.PISHKHAN_PLUGINS``, in order, and the questions asked of them all."""

    def __init__(self, paths):
        self.plugins = [import_string(path)() for path in paths]
        self.families = [p for p in self.plugins if isinstance(p, ServiceFamily)]
        self._family_of = {}
        for family in self.families:
            for code in family.flows:
                if code in self._family_of:
                    raise ValueError(f"Service {code} is declared by two families")
                self._family_of[code] = family
                if family.details_serializer(code) is None:
                    raise ValueError(f"Service {code} declares no details serializer")

    # services

    def service_codes(self):
        return tuple(self._family_of)

    def family(self, service_code):
        return self._family_of.get(service_code)

    def flow(self, service_code):
        family = self.family(service_code)
        return family.flows[service_code] if family else Flow()

    def related(self):
        return tuple(name for family in self.families for name in family.related())

    def details_serializer(self, service_code):
        family = self.family(service_code)
        return family.details_serializer(service_code) if family else None

    # actions

    def action_fields(self, action, case):
        fields = {}
        for plugin in self.plugins:
            fields.update(plugin.action_fields(action, case))
        return fields

    def guard(self, case, action):
        for plugin in self.plugins:
            reason = plugin.guard(case, action)
            if reason:
                return reason
        return None

    def before_action(self, case, actor, action, data, at):
        extra = {}
        for plugin in self.plugins:
            extra.update(plugin.before_action(case, actor, action, data, at) or {})
        return extra

    def after_action(self, case, actor, action, data, at):
        for plugin in self.plugins:
            plugin.after_action(case, actor, action, data, at)

    def kept_inputs(self, action, case):
        return set().union(*(plugin.kept_inputs(action, case) for plugin in self.plugins))

    def events(self):
        events = {}
        for plugin in self.plugins:
            events.update(plugin.events())
        return events

    # registration and reading

    def after_register(self, case, actor):
        for plugin in self.plugins:
            plugin.after_register(case, actor)

    def registration_terms(self, service_code, municipality):
        return [row for plugin in self.plugins for row in plugin.registration_terms(service_code, municipality)]

    def clearance(self, case):
        return [reason for plugin in self.plugins if (reason := plugin.clearance(case))]

    def detail_extra(self, case):
        data = {}
        for plugin in self.plugins:
            data.update(plugin.detail_extra(case))
        return data

    def page_panels(self, case, user):
        return [panel for plugin in self.plugins for panel in plugin.page_panels(case, user)]

    def panel_actions(self):
        return set().union(*(plugin.panel_actions() for plugin in self.plugins))

    def issued(self, cases):
        return self._per_case("issued", cases)

    def dues(self, cases):
        return self._per_case("dues", cases)

    def _per_case(self, method, cases):
        merged = {}
        if not cases:
            return merged
        for plugin in self.plugins:
            for case_id, items in getattr(plugin, method)(cases).items():
                merged.setdefault(case_id, []).extend(items)
        return merged

    def site_visit(self, case):
        for plugin in self.plugins:
            found = plugin.site_visit(case)
            if found is not None:
                return found
        return None

    def notification_context(self, event, context):
        extra = {}
        for plugin in self.plugins:
            extra.update(plugin.notification_context(event, context))
        return extra


@cache
def registry():
    return Registry(tuple(settings.PISHKHAN_PLUGINS))
