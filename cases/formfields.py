"""Django form fields derived from DRF serializer fields, so a page's form and the API share ONE
definition of a service's or an action's input. The derived fields only collect what people
type; the serializer (called by the service) decides, and its field-by-field errors are put back
on the form (cases.views.common.show_errors)."""

from django import forms
from rest_framework import serializers

from core.fields import JalaliDateField

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class JalaliInput(forms.TextInput):
    """A text box base.html's Jalali date picker attaches to."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "class": "form-control",
                "data-jdp": "",
                "dir": "ltr",
                "autocomplete": "off",
                "placeholder": "1403/07/15",
                **(attrs or {}),
            }
        )


def _digits_widget(inputmode="numeric", **attrs):
    return forms.TextInput({**TEXT, "dir": "ltr", "inputmode": inputmode, **attrs})


def form_field(field):
    """A form field collecting ``field``'s value (None for inputs a page cannot collect as one box)."""
    label = field.label
    help_text = field.help_text or ""
    common = {"label": label, "required": False, "help_text": help_text}
    widget_style = (field.style or {}).get("widget")
    if isinstance(field, serializers.ManyRelatedField | serializers.ListField | serializers.BaseSerializer):
        return None
    if isinstance(field, serializers.RelatedField):
        return forms.ModelChoiceField(queryset=field.get_queryset(), widget=forms.Select(SELECT), **common)
    if isinstance(field, serializers.BooleanField):
        return forms.BooleanField(widget=forms.CheckboxInput({"class": "form-check-input"}), **common)
    if isinstance(field, serializers.ChoiceField):
        choices = list(field.choices.items())
        if widget_style == "radio":
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect({"class": "form-check-input"}), **common)
        blank = [] if field.required and field.default is serializers.empty else [("", "")]
        return forms.ChoiceField(choices=blank + choices, widget=forms.Select(SELECT), **common)
    if isinstance(field, JalaliDateField | serializers.DateField):
        return forms.CharField(widget=JalaliInput(), **common)
    if isinstance(field, serializers.DecimalField):
        return forms.CharField(widget=_digits_widget("decimal"), **common)
    if isinstance(field, serializers.IntegerField):
        return forms.CharField(widget=_digits_widget(), **common)
    max_length = getattr(field, "max_length", None)
    if widget_style == "textarea":
        return forms.CharField(widget=forms.Textarea({**TEXT, "rows": 3}), max_length=max_length, **common)
    attrs = {"maxlength": max_length} if max_length else {}
    if type(field).__name__ in ("NationalIdField", "MobileField", "PostalCodeField", "DigitsField", "RenewalCodeField"):
        return forms.CharField(widget=_digits_widget(**attrs), **common)
    return forms.CharField(widget=forms.TextInput({**TEXT, **attrs}), **common)


def add_fields(form, serializer_fields, names=None):
    """Add the derived fields of ``serializer_fields`` to ``form``; returns the names added."""
    added = []
    for name, field in serializer_fields.items():
        if field.read_only or (names is not None and name not in names):
            continue
        made = form_field(field)
        if made is None:
            continue
        made.required_mark = field.required
        form.fields[name] = made
        added.append(name)
    return added


def form_value(value):
    """A form's cleaned value as the serializer reads it."""
    if hasattr(value, "pk"):
        return value.pk
    return value
