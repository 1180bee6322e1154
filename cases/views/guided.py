"""A citizen's guided online request: step by step, kept as a draft between visits, then submitted.

The steps come from the registration form (cases.forms.RegisterForm, itself derived from the
registration serializers and the service's details serializer): the property and the office, the
applicant, the service's own fields, the documents, the review. Each step is checked with
``register_case``'s own rules (``check_registration``) before it is kept."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Role
from cases import selectors
from cases.documents import document_response
from cases.formfields import full_label
from cases.forms import APPLICANT, PROPERTY, RegisterForm, districts_for, file_services
from cases.models import DocumentKind
from cases.plugins import registry
from cases.services.drafts import (
    add_draft_document,
    discard_draft,
    remove_draft_document,
    save_draft_step,
    submit_draft,
)
from cases.services.registration import check_registration
from cases.views.common import roles_required, show_errors
from cases.views.register import citizen_offices
from core.errors import DomainError


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    parts: tuple = ()  # the parts of the registration this step collects (cases.services.registration.PARTS)


PROPERTY_STEP = Step("property", gettext_lazy("Property and office"), ("service", "office", "property"))
APPLICANT_STEP = Step("applicant", gettext_lazy("Applicant"), ("applicant",))
DETAILS_STEP = Step("details", gettext_lazy("Service details"), ("details",))
DOCUMENTS_STEP = Step("documents", gettext_lazy("Documents"))
REVIEW_STEP = Step("review", gettext_lazy("Review and submit"))


class Guide:
    """One citizen's request of one service: its steps, its draft and its form."""

    def __init__(self, request, service_code):
        self.user = request.user
        self.service = file_services().filter(code=service_code).first()
        if self.service is None:
            raise Http404
        self.draft = selectors.draft_for(self.user, service_code)
        self.offices, self.office_cards = citizen_offices(service_code)
        self.form = self.bind({**self.known_applicant(), **self.saved})
        has_details = bool(self.form.detail_layout)
        self.steps = [PROPERTY_STEP, APPLICANT_STEP, *([DETAILS_STEP] if has_details else []), DOCUMENTS_STEP]
        self.steps.append(REVIEW_STEP)

    def known_applicant(self):
        """What the account already says about the citizen, offered until they type otherwise."""
        user = self.user
        known = {"national_id": user.national_id, "first_name": user.first_name, "last_name": user.last_name}
        return {name: value for name, value in {**known, "mobile": user.mobile}.items() if value}

    @property
    def saved(self):
        return dict(self.draft.data) if self.draft else {}

    @property
    def reached(self):
        return min(self.draft.step if self.draft else 0, len(self.steps) - 1)

    def bind(self, data):
        return RegisterForm(
            data,
            service_code=self.service.code,
            offices=self.offices,
            districts=districts_for(None),
        )

    def names(self, step):
        """The form's field names a step collects."""
        if step is PROPERTY_STEP:
            return ["city", *PROPERTY, "office"]
        if step is APPLICANT_STEP:
            return list(APPLICANT)
        if step is DETAILS_STEP:
            return [name for name in self.form.fields if name not in ("city", *PROPERTY, *APPLICANT, "office")]
        return []

    def index(self, name):
        for index, step in enumerate(self.steps):
            if step.name == name:
                return index
        raise Http404

    def check(self, form, parts):
        """Put the form's own and register_case's mistakes in ``parts`` on ``form``; True when there are none."""
        form.is_valid()
        try:
            check_registration(actor=self.user, raw={"service": self.service.code, **form.payload()}, parts=parts)
        except DomainError as exc:
            show_errors(form, exc)
        return not self.step_errors(form, parts)

    def step_errors(self, form, parts):
        names = [name for step in self.steps if set(step.parts) & set(parts) for name in self.names(step)]
        groups = form.layout_groups.values() if "details" in parts else ()
        return [(form[name], error) for name in names if name in form.errors for error in form.errors[name]] + [
            (None, error) for group in groups for error in group.errors
        ]

    def cities(self):
        """The cities whose fee applies: the chosen office's, else the chosen city's, else those of the offices
        offered."""
        chosen, city = str(self.saved.get("office", "")), str(self.saved.get("city", ""))
        offices = [card["office"] for card in self.office_cards]
        mine = [office for office in offices if str(office.pk) == chosen]
        mine = mine or [office for office in offices if str(office.district.municipality_id) == city]
        cities = {}
        for office in mine or offices:
            cities.setdefault(office.district.municipality_id, office.district.municipality)
        return list(cities.values())


def _needed(guide):
    """What the service needs, shown up front: its documents and the fee with when it is due."""
    kinds = registry().flow(guide.service.code).required_documents
    cities = guide.cities()
    by_city = [(city, registry().registration_terms(guide.service.code, city.pk)) for city in cities]
    if len({tuple(terms) for _city, terms in by_city}) > 1:
        # The offices offered are in cities with fees of their own: each city's, named.
        terms = [(f"{label} ({city.name})", value) for city, rows in by_city for label, value in rows]
    else:
        terms = by_city[0][1] if by_city else registry().registration_terms(guide.service.code, None)
    return {"documents": [DocumentKind(kind).label for kind in kinds], "terms": terms}


def _slots(guide):
    """The documents step's slots: the kinds the service requires, then one for anything else to add."""
    required = registry().flow(guide.service.code).required_documents
    present = {document.kind: document for document in (guide.draft.documents.all() if guide.draft else [])}
    kinds = [*required, *([DocumentKind.OTHER] if DocumentKind.OTHER not in required else [])]
    return [
        {"kind": kind, "label": DocumentKind(kind).label, "required": kind in required, "document": present.get(kind)}
        for kind in kinds
    ]


def _page(request, guide, step, form, *, status=200, alert="", errors=None):
    index = guide.steps.index(step)
    context = {
        "service": guide.service,
        "guide": guide,
        "steps": guide.steps,
        "step": step,
        "index": index,
        "reached": max(guide.reached, index),
        "form": form,
        "fields": [form[name] for name in guide.names(step) if name in form.fields and name != "office"],
        "errors": errors if errors is not None else guide.step_errors(form, step.parts),
        "alert": alert,
        "needed": _needed(guide),
        "office_cards": guide.office_cards,
        "chosen_office": str(form["office"].value() or ""),
        "previous": guide.steps[index - 1] if index else None,
    }
    if step in (DOCUMENTS_STEP, REVIEW_STEP):
        context["slots"] = _slots(guide)
    if step is REVIEW_STEP:
        context["review"] = _review(guide, form)
    return render(request, "cases/guided.html", context, status=status)


def _review(guide, form):
    """The review's sections: (step, [(label, shown value)]) from the form's own fields and choices."""
    sections = []
    for step in guide.steps:
        rows = []
        for name in guide.names(step):
            if name not in form.fields:
                continue
            bound = form[name]
            value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
            raw = bound.value()
            if raw in (None, "") and bound.field.initial not in (None, ""):
                raw = value = bound.field.initial  # what the file takes when nothing was chosen: shown, as saved
            if value in (None, "", False) and not raw:
                continue
            if hasattr(value, "name"):
                shown = value.name
            elif isinstance(bound.field, forms.ChoiceField):
                shown = {str(key): label for key, label in bound.field.choices}.get(str(raw), raw)
            else:
                shown = raw
            if bound.widget_type == "checkbox":
                shown = _("Yes") if value else _("No")
            rows.append((full_label(bound), shown))
        if rows:
            sections.append((step, rows))
    return sections


def _first_wrong(guide, form):
    """The first step whose part has a mistake on ``form`` (after ``check``), or None."""
    for step in guide.steps:
        if step.parts and guide.step_errors(form, step.parts):
            return step
    return None


@roles_required(Role.CITIZEN)
def start(request, service_code):
    """Start the request, or resume it at the step reached (another day, another device)."""
    guide = Guide(request, service_code)
    return redirect("cases:guided", service_code=service_code, step=guide.steps[guide.reached].name)


@roles_required(Role.CITIZEN)
def step_view(request, service_code, step):
    guide = Guide(request, service_code)
    index = guide.index(step)
    current = guide.steps[index]
    if index > guide.reached:
        return redirect("cases:guided", service_code=service_code, step=guide.steps[guide.reached].name)
    if current is REVIEW_STEP:
        return _review_step(request, guide)
    if current is DOCUMENTS_STEP:
        return _documents_step(request, guide, index)
    if request.method != "POST":
        return _page(request, guide, current, guide.form)
    names = guide.names(current)
    posted = {name: request.POST.get(name, "") for name in names}
    form = guide.bind({**guide.known_applicant(), **guide.saved, **posted})
    if not guide.check(form, current.parts):
        return _page(request, guide, current, form, status=400)
    try:
        save_draft_step(
            actor=request.user, service_code=guide.service.code, names=names, values=posted, reached=index + 1
        )
    except DomainError as exc:
        return _page(request, guide, current, form, status=400, alert=exc.message)
    return redirect("cases:guided", service_code=service_code, step=guide.steps[index + 1].name)


def _documents_step(request, guide, index):
    if request.method != "POST":
        return _page(request, guide, DOCUMENTS_STEP, guide.form)
    missing = selectors.missing_draft_documents(guide.draft)
    if missing:
        names = "، ".join(str(DocumentKind(kind).label) for kind in missing)
        alert = _("These documents are missing: %(names)s") % {"names": names}
        return _page(request, guide, DOCUMENTS_STEP, guide.form, status=400, alert=alert)
    save_draft_step(actor=request.user, service_code=guide.service.code, names=(), values={}, reached=index + 1)
    return redirect("cases:guided", service_code=guide.service.code, step=REVIEW_STEP.name)


def _review_step(request, guide):
    form = guide.form
    guide.check(form, tuple(part for step in guide.steps for part in step.parts))
    wrong = _first_wrong(guide, form)
    if wrong is not None:
        alert = _("Something in this step needs correcting before the review.")
        return _page(request, guide, wrong, form, status=400 if request.method == "POST" else 200, alert=alert)
    if selectors.missing_draft_documents(guide.draft):
        return redirect("cases:guided", service_code=guide.service.code, step=DOCUMENTS_STEP.name)
    if request.method != "POST":
        return _page(request, guide, REVIEW_STEP, form)
    try:
        case = submit_draft(actor=request.user, service_code=guide.service.code, payload=form.payload())
    except DomainError as exc:
        if show_errors(form, exc) and (wrong := _first_wrong(guide, form)) is not None:
            return _page(request, guide, wrong, form, status=exc.http_status, alert=exc.message)
        return _page(request, guide, REVIEW_STEP, form, status=exc.http_status, alert=exc.message, errors=[])
    if case.state == "draft":
        messages.warning(
            request,
            _("Your request was saved as file %(code)s. Pay the fee to submit it to the office.")
            % {"code": case.tracking_code},
        )
    else:
        messages.success(
            request,
            _("Your request was submitted to %(office)s. Tracking code: %(code)s")
            % {"office": case.office.name, "code": case.tracking_code},
        )
    return redirect("cases:detail", pk=case.pk)


@require_POST
@roles_required(Role.CITIZEN)
def discard(request, service_code):
    guide = Guide(request, service_code)
    if guide.draft is not None:
        discard_draft(actor=request.user, service_code=guide.service.code)
    messages.info(request, _("The draft was discarded."))
    return redirect("cases:register")


def _xhr(request):
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _slot_response(request, guide, kind, *, status, error=""):
    slot = next(slot for slot in _slots(guide) if slot["kind"] == kind)
    html = render(request, "cases/_draft_slot.html", {"slot": slot, "error": error, "service": guide.service}).content
    return HttpResponse(html, status=status)


@require_POST
@roles_required(Role.CITIZEN)
def upload(request, service_code):
    """One document of the documents step, uploaded as it is chosen (the page shows the progress)."""
    guide = Guide(request, service_code)
    if guide.draft is None or guide.reached < guide.steps.index(DOCUMENTS_STEP):
        raise Http404
    kind = request.POST.get("kind", "")
    error, status = "", 201
    asked = {slot["kind"] for slot in _slots(guide)}
    try:
        if kind not in asked:  # only the documents this service asks for (its slots on the page)
            raise DomainError("kind", _("Unknown document kind."))
        add_draft_document(
            actor=request.user, service_code=guide.service.code, kind=kind, upload=request.FILES.get("file")
        )
    except DomainError as exc:
        error, status = exc.message, exc.http_status
    guide = Guide(request, service_code)
    if _xhr(request) and kind in asked:
        return _slot_response(request, guide, kind, status=status, error=error)
    if error:
        messages.error(request, error)
    return redirect(reverse("cases:guided", args=[service_code, DOCUMENTS_STEP.name]) + f"#slot-{kind}")


@roles_required(Role.CITIZEN)
def document(request, pk):
    """A draft's document, for its owner only (the thumbnail of a photo, or the file to check)."""
    found = selectors.draft_document_for(request.user, pk)
    if found is None:
        raise Http404
    return document_response(found)


@require_POST
@roles_required(Role.CITIZEN)
def remove(request, pk):
    found = selectors.draft_document_for(request.user, pk)
    if found is None:
        raise Http404
    kind, service_code = found.kind, found.draft.service_id
    remove_draft_document(actor=request.user, pk=pk)
    if _xhr(request):
        return _slot_response(request, Guide(request, service_code), kind, status=200)
    return redirect(reverse("cases:guided", args=[service_code, DOCUMENTS_STEP.name]) + f"#slot-{kind}")
