"""The supervision unit's letter templates: list, write, change (each change kept in the template's
history, django-simple-history), take out of use."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.tenancy import city_of, in_city, sees_every_city
from cases.forms import file_services
from cases.views.common import paginate, roles_required
from inquiries.letters.drafting import PLACEHOLDERS, unknown_placeholders
from inquiries.letters.services import MAX_TEXT
from inquiries.models import LetterTemplate
from offices.models import Municipality, Service

EDITORS = (Role.SUPERVISOR, Role.ADMIN)
SELECT = {"class": "form-select"}


def _services():
    return file_services()


class TemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ("municipality", "service", "result", "title", "text", "is_active")
        widgets = {
            "municipality": forms.Select(SELECT),
            "service": forms.Select(SELECT),
            "result": forms.RadioSelect({"class": "form-check-input"}),
            "title": forms.TextInput({"class": "form-control", "maxlength": 120}),
            "text": forms.Textarea({"class": "form-control", "rows": 12, "data-placeholder-target": ""}),
            "is_active": forms.CheckboxInput({"class": "form-check-input"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = _services()
        self.fields["service"].empty_label = None
        if sees_every_city(user):
            self.fields["municipality"].empty_label = None
        else:
            # A city's supervisor writes their own city's templates: the city is not theirs to choose.
            del self.fields["municipality"]
        self.fields["text"].max_length = MAX_TEXT
        self.fields["text"].widget.attrs["maxlength"] = MAX_TEXT

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        unknown = unknown_placeholders(text)
        if unknown:
            raise forms.ValidationError(
                _("These are not placeholders: %(names)s. Use the ones listed beside the text.")
                % {"names": "، ".join("{" + name + "}" for name in unknown)}
            )
        return text


class FilterForm(forms.Form):
    service = forms.ModelChoiceField(
        label=gettext_lazy("Service"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=gettext_lazy("All"),
        to_field_name="code",
        widget=forms.Select(SELECT),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = _services()


def _templates(user):
    """The templates this person may read and change: their city's (every city's for the platform)."""
    return LetterTemplate.objects.filter(in_city(user))


@roles_required(*EDITORS)
def template_list(request):
    """Queries: session, user, the services of the filter, the page's COUNT and the page."""
    form = FilterForm(request.GET or None)
    templates = (
        _templates(request.user)
        .select_related("service", "municipality")
        .order_by("municipality_id", "service__order", "result", "title")
    )
    if form.is_valid() and form.cleaned_data.get("service"):
        templates = templates.filter(service=form.cleaned_data["service"])
    return render(request, "letters/templates.html", {"form": form, "page": paginate(request, templates)})


def _history(template):
    """Each saved version, newest first, with who saved it and which fields changed."""
    records = list(template.history.select_related("history_user").order_by("-history_date", "-history_id"))
    rows = []
    for record, previous in zip(records, records[1:] + [None], strict=True):
        changed = []
        if previous is not None:
            delta = record.diff_against(previous)
            changed = [str(LetterTemplate._meta.get_field(change.field).verbose_name) for change in delta.changes]
        rows.append({"record": record, "changed": changed})
    return rows


def _editor(request, template):
    form = TemplateForm(request.POST or None, instance=template, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("The template “%(title)s” was saved.") % {"title": saved.title})
        return redirect("inquiries:template_edit", pk=saved.pk)
    context = {
        "form": form,
        "template_obj": template,
        "placeholders": list(PLACEHOLDERS.items()),
        "history": _history(template) if template.pk else [],
    }
    return render(request, "letters/template_form.html", context, status=400 if form.errors else 200)


@roles_required(*EDITORS)
def template_create(request):
    city = city_of(request.user)
    if city is None and not sees_every_city(request.user):
        raise Http404
    municipality = Municipality.objects.get(pk=city) if city else Municipality.objects.order_by("pk").first()
    return _editor(request, LetterTemplate(municipality=municipality, result="approved"))


@roles_required(*EDITORS)
def template_edit(request, pk):
    return _editor(request, get_object_or_404(_templates(request.user), pk=pk))
