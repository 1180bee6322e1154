"""Forms of the files pages. They collect and shape input; the rules live in cases.services,
whose field-by-field DomainErrors are put back on these forms (see ``show_errors``)."""

from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.actions import input_serializer
from cases.formfields import JalaliInput, add_fields, add_layout, collect_layout
from cases.inputs import ApplicantInput, PropertyInput
from cases.models import DocumentKind, State
from cases.plugins import registry
from cases.workflow import ACTIONS
from cases.workflow import file_services as workflow_services
from core.forms import EMPTY_CHOICE
from core.jalali import parse_jalali_date
from core.validators import to_ascii_digits
from offices.models import District, Municipality, Service

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class MarksErrors:
    """Fields with an error get Bootstrap's is-invalid, however the error arrived (a service's too)."""

    def drawn(self, item):
        """A layout item (cases.formfields) as a template draws it: bound fields in place of names."""
        if item.kind == "box":
            return self[item.name]
        drawn = SimpleNamespace(**vars(item), kind=item.kind)
        if item.kind == "rows":
            drawn.rows = [[self[box.name] for box in row] for row in item.rows]
        else:
            drawn.items = [self.drawn(inner) for inner in item.items]
        return drawn

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
                # Announced with the box: a screen reader reads the message beside it (templates/cases/_field.html).
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"


def _jalali_or_error(form, name):
    text = form.cleaned_data.get(name)
    if text:
        try:
            parse_jalali_date(text)
        except ValueError:
            raise ValidationError(_("Enter a date like 1403/07/15."), code="invalid") from None
    return text


# --- the cartable's filters ------------------------------------------------------------------------------------


class CartableFilterForm(MarksErrors, forms.Form):
    SORTS = [("deadline", _("Deadline")), ("created", _("Newest first"))]

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            {**TEXT, "type": "search", "placeholder": _("Tracking code, national ID, name or renewal code")}
        ),
    )
    service = forms.ChoiceField(label=_("Service"), required=False, widget=forms.Select(SELECT))
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All"))] + State.choices, widget=forms.Select(SELECT)
    )
    overdue = forms.BooleanField(
        label=_("Overdue only"), required=False, widget=forms.CheckboxInput({"class": "form-check-input"})
    )
    created_from = forms.CharField(label=_("Registered from"), required=False, widget=JalaliInput())
    created_to = forms.CharField(label=_("Registered until"), required=False, widget=JalaliInput())
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS, widget=forms.Select(SELECT))

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("All"))] + [(s.code, s.title) for s in services]

    def clean_created_from(self):
        return _jalali_or_error(self, "created_from")

    def clean_created_to(self):
        return _jalali_or_error(self, "created_to")

    def filter_data(self):
        """What cases.filters.CaseFilter reads. A field with a mistake (shown beside it) filters nothing."""
        self.is_valid()
        data = dict(getattr(self, "cleaned_data", {}))
        data["overdue"] = "true" if data.get("overdue") else ""
        data.pop("sort", None)
        return {k: v for k, v in data.items() if v}

    def ordering(self):
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("sort") or "deadline"


# --- registering a file ----------------------------------------------------------------------------------------

APPLICANT = ("national_id", "first_name", "last_name", "mobile")
PROPERTY = ("renewal_code", "address", "postal_code", "district")


class _DistrictSelect(forms.Select):
    """The district box of a citizen's form: each number says which cities have such a district
    (``data-cities``), so the page lists the chosen city's districts only."""

    def __init__(self, *args, cities_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cities_of = cities_of or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        cities = self.cities_of.get(str(value))
        if cities:
            option["attrs"]["data-cities"] = " ".join(str(pk) for pk in sorted(cities))
        return option


class RegisterForm(MarksErrors, forms.Form):
    """Applicant, property and the service's details, derived from the registration serializers
    (cases.inputs and the service family's details serializer). Every rule is register_case's: the
    fields here only collect text, so one submission shows every mistake at once.

    A citizen also chooses the office, and, when the offices offered are in more than one city, first the
    property's city: the districts and offices listed are then that city's (the office chosen names the
    city to register_case, which knows no ``city``)."""

    city = forms.ModelChoiceField(
        label=_("City of the property"),
        queryset=None,
        required=False,
        empty_label=_("Choose the city"),
        widget=forms.Select(SELECT),
    )
    office = forms.ModelChoiceField(
        label=_("Counter office"),
        queryset=None,
        required=False,
        empty_label=_("Choose an office"),
        widget=forms.Select(SELECT),
    )

    def __init__(self, *args, service_code, offices=None, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        districts = list(districts)
        cities = {}
        if offices is None:
            del self.fields["office"]
        else:
            self.fields["office"].queryset = offices
            self.fields["office"].required_mark = True
            cities = {o.district.municipality_id for o in offices}
        if len(cities) > 1:
            self.fields["city"].queryset = Municipality.objects.filter(pk__in=cities).order_by("name")
            self.fields["city"].required_mark = True
            districts = [d for d in districts if d.municipality_id in cities]
        else:
            del self.fields["city"]
        add_fields(self, ApplicantInput().fields)
        add_fields(self, PropertyInput().fields)
        cities_of = {}
        for d in districts:
            cities_of.setdefault(str(d.number), set()).add(d.municipality_id)
        self.fields["district"] = forms.ChoiceField(
            label=_("District"),
            required=False,
            # By number: a citizen's form lists every city's districts once (the city and office chosen name
            # the city; the page shows the chosen city's numbers only).
            choices=[EMPTY_CHOICE] + list({d.number: (d.number, d.name) for d in districts}.values()),
            widget=_DistrictSelect(SELECT, cities_of=cities_of if "city" in self.fields else None),
        )
        self.fields["district"].required_mark = True
        self.fields["renewal_code"].widget.attrs.update({"placeholder": "01-012-034-001-01-002", "autocomplete": "off"})
        self.fields["mobile"].widget.attrs.update({"placeholder": "09121234567", "inputmode": "tel"})
        details = registry().details_serializer(service_code)
        self.layout_groups = {}
        self.detail_layout = add_layout(self, details().fields) if details else []

    def clean(self):
        data = super().clean()
        if "city" not in self.fields:
            return data
        city, office = data.get("city"), data.get("office")
        # Asked for once the property is sent (a step's first showing, before anything is typed, is no mistake).
        sent = any(name in self.data for name in ("office", "renewal_code"))
        if city is None and sent:
            self.add_error("city", _("Choose the city the property is in."))
        elif office is not None and office.district.municipality_id != city.pk:
            message = _("This office is in another city: choose an office of %(city)s.") % {"city": city}
            self.add_error("office", message)
        return data

    def group(self, names):
        return [self[name] for name in names if name in self.fields]

    def applicant_fields(self):
        return self.group(APPLICANT)

    def property_fields(self):
        return self.group(("city", *PROPERTY))

    def detail_items(self):
        """The details as the page draws them: single boxes (bound fields), parts and tables of rows."""
        return [self.drawn(item) for item in self.detail_layout]

    def payload(self):
        """The keyword arguments of cases.services.register_case (besides actor and service)."""
        data = self.cleaned_data
        office = data.get("office")
        return {
            "office": office.pk if office else None,
            "applicant": {name: data.get(name, "") for name in APPLICANT},
            "property": {name: data.get(name, "") for name in PROPERTY},
            "details": collect_layout(self.detail_layout, data),
        }


# --- actions on a file -----------------------------------------------------------------------------------------

# Taken with one click (a note can still be written in the history by the next step's form).
ONE_CLICK = {"submit", "accept", "resubmit", "cancel"}


class ActionForm(MarksErrors, forms.Form):
    """One workflow action's input, derived from its input serializer (cases.actions), prefixed with
    the action's name so several fit on one page."""

    def __init__(self, *args, spec, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.layout_groups = {}
        layout = add_layout(self, input_serializer(spec.name, case)().fields)
        # The action's own fields first, the note last: it reads as "what, then why".
        self.layout = [item for item in layout if item.name != "note"] + [i for i in layout if i.name == "note"]
        self.names = list(self.fields)
        if spec.name in ONE_CLICK:
            self.fields["note"].widget = forms.HiddenInput()
        self.order_fields([n for n in self.fields if n != "note"] + ["note"])

    def drawn_items(self):
        return [self.drawn(item) for item in self.layout]

    @property
    def one_click(self):
        return self.spec.name in ONE_CLICK

    def payload(self):
        """Keyword arguments for cases.services.apply_action (what was filled in)."""
        values = collect_layout(self.layout, self.cleaned_data)
        values["note"] = self.cleaned_data.get("note") or ""
        return values


def action_form(case, name, data=None):
    return ActionForm(data, spec=ACTIONS[name], case=case, prefix=name)


def action_forms(case, names, bound=None):
    """A form per action name; ``bound`` is the submitted form, put in its action's place."""
    return [bound if bound is not None and bound.spec.name == name else action_form(case, name) for name in names]


# --- documents and tracking -----------------------------------------------------------------------------------


class DocumentForm(MarksErrors, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices, widget=forms.Select(SELECT))
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput({"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png"})
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        from cases.documents import document_kinds

        self.fields["kind"].choices = [(kind, DocumentKind(kind).label) for kind in document_kinds(case.service_id)]


def _digits(label, **attrs):
    return forms.CharField(
        label=label, required=False, widget=forms.TextInput({**TEXT, "dir": "ltr", "inputmode": "numeric", **attrs})
    )


class TrackForm(MarksErrors, forms.Form):
    tracking_code = _digits(_("Tracking code"), maxlength=20, autocomplete="off")
    national_id = _digits(_("Applicant's national ID"), maxlength=10, autocomplete="off")

    def clean(self):
        data = super().clean()
        for name in ("tracking_code", "national_id"):
            data[name] = to_ascii_digits(data.get(name) or "").strip()
            if not data[name]:
                self.add_error(name, _("This field is required."))
        return data


def file_services():
    return Service.objects.filter(code__in=workflow_services(), is_active=True).order_by("order", "code")


def districts_for(office=None):
    qs = District.objects.order_by("number")
    if office is not None:
        qs = qs.filter(municipality_id=office.district.municipality_id)
    return qs
