"""Django form fields derived from DRF serializer fields, so a page's form and the API share ONE
definition of a service's or an action's input. The derived fields only collect what people
type; the serializer (called by the service) decides, and its field-by-field errors are put back
on the form (cases.views.common.show_errors)."""

from django import forms
from rest_framework import serializers

from core.fields import JalaliDateField
from core.forms import EMPTY_CHOICE, EMPTY_LABEL, NumberInput
from core.validators import is_digits

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
    return NumberInput(attrs, inputmode=inputmode)


def form_field(field):
    """A form field collecting ``field``'s value (None for inputs a page cannot collect as one box)."""
    label = field.label
    help_text = field.help_text or ""
    common = {"label": label, "required": False, "help_text": help_text}
    widget_style = (field.style or {}).get("widget")
    if isinstance(field, serializers.ManyRelatedField | serializers.ListField | serializers.BaseSerializer):
        return None
    if isinstance(field, serializers.RelatedField):
        return forms.ModelChoiceField(
            queryset=field.get_queryset(), widget=forms.Select(SELECT), empty_label=EMPTY_LABEL, **common
        )
    if isinstance(field, serializers.BooleanField):
        return forms.BooleanField(widget=forms.CheckboxInput({"class": "form-check-input"}), **common)
    if isinstance(field, serializers.ChoiceField):
        choices = list(field.choices.items())
        if widget_style == "radio":
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect({"class": "form-check-input"}), **common)
        default = getattr(field.default, "value", field.default)  # a model's choice, or a plain value
        if default is not serializers.empty and default in field.choices:
            # The value the file takes when none is chosen is shown chosen, first, with no empty option: an
            # empty box would save a value nobody saw (and leave it out of the review).
            choices.sort(key=lambda choice: choice[0] != default)
            return forms.ChoiceField(choices=choices, widget=forms.Select(SELECT), **{**common, "initial": default})
        blank = [] if field.required else [EMPTY_CHOICE]
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


# --- nested inputs: a serializer inside a serializer, or a table of rows ----------------------------------------

PREPARED_ROWS = 10  # empty rows prepared below those already filled ("add a row" shows them)
SHOWN_ROWS = 2  # rows a new table shows


class Box:
    """One box of the form (a leaf field)."""

    kind = "box"

    def __init__(self, name):
        self.name = name

    def collect(self, data):
        value = data.get(self.name)
        return None if value in (None, "") else form_value(value)


class Part:
    """A serializer inside the details (e.g. a set of people by their role): its own set of boxes, named
    ``outer-inner``."""

    kind = "part"

    def __init__(self, name, label, help_text, required, items):
        self.name, self.label, self.help_text, self.required, self.items = name, label, help_text, required, items
        self.errors = []

    def collect(self, data):
        values = {item.name.rsplit("-", 1)[-1]: item.collect(data) for item in self.items}
        values = {key: value for key, value in values.items() if value not in (None, {}, [])}
        return values or None


class Rows:
    """A list of serializers (people, a table of areas): one row of boxes per item, ``name-<i>-<field>``.
    Rows left empty are dropped; the page shows the filled rows and a few empty ones (static/js/form_rows.js
    reveals more up to the list's maximum)."""

    kind = "rows"

    def __init__(self, name, label, help_text, required, columns, rows, shown):
        self.name, self.label, self.help_text, self.required = name, label, help_text, required
        self.columns, self.rows, self.shown = columns, rows, shown
        self.errors = []

    def collect(self, data):
        collected = []
        for row in self.rows:
            values = {item.name.rsplit("-", 1)[-1]: item.collect(data) for item in row}
            values = {key: value for key, value in values.items() if value not in (None, {}, [])}
            if values:
                collected.append(values)
        return collected or None


def _rows_in(data, prefix):
    """How many rows the submitted ``data`` fills under ``prefix`` (the highest index with a value, plus one)."""
    if not data:
        return 0
    highest = -1
    for key, value in data.items():
        if key.startswith(prefix) and str(value).strip():
            index = key[len(prefix) :].split("-", 1)[0]
            if is_digits(index) and int(index) < 1000:
                highest = max(highest, int(index))
    return highest + 1


def add_layout(form, serializer_fields, *, prefix="", label_prefix=""):
    """Add boxes for every field of ``serializer_fields``, nested serializers and lists of them included;
    returns the layout (Box, Part and Rows items) the page draws and ``collect_layout`` reads back."""
    layout = []
    for name, field in serializer_fields.items():
        if field.read_only:
            continue
        full = f"{prefix}{name}"
        if isinstance(field, serializers.ListField) and isinstance(field.child, serializers.Serializer):
            limit = field.max_length or 50
            filled = _rows_in(form.data, form.add_prefix(f"{full}-"))
            count = min(limit, max(filled, 1) + PREPARED_ROWS)
            rows = []
            for index in range(count):
                row = []
                for sub, child in field.child.fields.items():
                    made = form_field(child)
                    if made is None or child.read_only:
                        continue
                    if isinstance(made, forms.ChoiceField) and made.choices and made.choices[0][0] != "":
                        made.choices = [EMPTY_CHOICE, *made.choices]  # an untouched row stays empty
                    made.required_mark = child.required
                    made.widget.attrs["aria-label"] = f"{field.label} {index + 1}: {child.label}"
                    form.fields[f"{full}-{index}-{sub}"] = made
                    row.append(Box(f"{full}-{index}-{sub}"))
                rows.append(row)
            columns = [
                {"label": c.label, "help_text": c.help_text or ""}
                for c in field.child.fields.values()
                if not c.read_only and form_field(c) is not None
            ]
            shown = min(count, max(filled, SHOWN_ROWS, field.min_length or 0))
            item = Rows(full, field.label, field.help_text or "", field.required, columns, rows, shown)
            form.layout_groups[full] = item
            layout.append(item)
        elif isinstance(field, serializers.Serializer):
            inner_label = f"{label_prefix}{field.label}: " if field.label else label_prefix
            items = add_layout(form, field.fields, prefix=f"{full}-", label_prefix=inner_label)
            item = Part(full, field.label, field.help_text or "", field.required, items)
            form.layout_groups[full] = item
            layout.append(item)
        else:
            made = form_field(field)
            if made is None:
                continue
            made.required_mark = field.required
            if label_prefix and made.label:  # named with its part and the parts around it, not by its own label alone
                made.widget.attrs.setdefault("aria-label", f"{label_prefix}{made.label}")
            form.fields[full] = made
            layout.append(Box(full))
    return layout


def full_label(bound):
    """A box's name in full, as a screen reader says it: a row's box with its table and row ("floor-area table
    2: use"), a part's with its part; other boxes their label. For the list of mistakes and the review."""
    return bound.field.widget.attrs.get("aria-label") or bound.label


def collect_layout(layout, data):
    """The nested value the serializer reads, from a form's cleaned data; empty parts are left out."""
    values = {}
    for item in layout:
        value = item.collect(data)
        if value not in (None, "", [], {}):
            values[item.name.rsplit("-", 1)[-1]] = value
    return values


def form_value(value):
    """A form's cleaned value as the serializer reads it."""
    if hasattr(value, "pk"):
        return value.pk
    return value
