"""What each workflow action takes as input: a serializer derived from the workflow table.

An action's input is its note, the inputs the table names (cases' own, below), and the
fields the plugins declare for it (the inspector of ``assign_inspector``, the visit report of
``submit_visit_report``, the plan review of ``complete_plan_review``). Anything else a client
sends — ``at``, ``actor``, ``case`` or any other key — is refused with a 400 naming it, and is
never stored.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.models import CorrectionItem, DocumentKind
from cases.plugins import registry
from cases.workflow import ACTIONS
from core.fields import StrictSerializer, TextField, WholeNumberField

RESULTS = [("approved", _("Approved")), ("denied", _("Denied"))]


# What a correction item may name: a kind of document to replace, or a part of the file to correct.
CORRECTION_FIELDS = [
    ("applicant.national_id", _("Applicant's national ID")),
    ("applicant.first_name", _("Applicant's first name")),
    ("applicant.last_name", _("Applicant's last name")),
    ("applicant.mobile", _("Applicant's mobile")),
    ("property.renewal_code", _("Renewal code")),
    ("property.address", _("Property address")),
    ("property.postal_code", _("Postal code")),
    ("details", _("Service details")),
]
CORRECTION_TARGETS = [*DocumentKind.choices, *CORRECTION_FIELDS]


class CorrectionInput(StrictSerializer):
    """One correction item of a returned file."""

    kind = serializers.ChoiceField(label=_("kind"), choices=CorrectionItem.Kind.choices)
    target = serializers.ChoiceField(
        label=_("what"),
        choices=CORRECTION_TARGETS,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The document kind to replace, or the field to correct; empty for a request."),
    )
    note = TextField(label=_("Note"), max_length=500)

    class Meta:
        ref_name = "CorrectionItemInput"

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:  # a document to replace is one of those the file's service takes
            from cases.documents import document_kinds

            kinds = [(kind, DocumentKind(kind).label) for kind in document_kinds(case.service_id)]
            self.fields["target"].choices = [*kinds, *CORRECTION_FIELDS]

    def validate(self, data):
        kind, target = data["kind"], data.get("target", "")
        if kind == CorrectionItem.Kind.DOCUMENT and target not in DocumentKind.values:
            raise serializers.ValidationError({"target": [_("Name the kind of document to replace.")]})
        if kind == CorrectionItem.Kind.FIELD and target not in dict(CORRECTION_FIELDS):
            raise serializers.ValidationError({"target": [_("Name the field to correct.")]})
        return data


# Cases' own action inputs, by the name the workflow table uses.
INPUTS = {
    "result": lambda: serializers.ChoiceField(label=_("Result"), choices=RESULTS, style={"widget": "radio"}),
    "text": lambda: TextField(label=_("Text of the response"), max_length=4000, style={"widget": "textarea"}),
    "days": lambda: WholeNumberField(label=_("Working days to add"), min_value=1, max_value=60),
    "items": lambda case=None: serializers.ListField(
        child=CorrectionInput(case=case),
        label=_("Correction items"),
        required=False,
        max_length=20,
        help_text=_("What must change, item by item: a document to replace, a field to correct or a request."),
    ),
}


def _note(spec):
    return TextField(
        label=_("Note"),
        max_length=2000,
        required=spec.note_required,
        allow_blank=not spec.note_required,
        default="" if not spec.note_required else serializers.empty,
        style={"widget": "textarea"},
        error_messages={
            "required": _("Write a note for this action."),
            "blank": _("Write a note for this action."),
        },
    )


def input_fields(spec, case):
    """The fields of ``spec``'s input on ``case`` (None: for the schema, whatever the file)."""
    fields = {"note": _note(spec)}
    for name in spec.inputs:
        fields[name] = INPUTS[name](case) if name == "items" else INPUTS[name]()
    fields.update(registry().action_fields(spec.name, case))
    return fields


def _class_name(action):
    return "".join(part.capitalize() for part in action.split("_")) + "Input"


def input_serializer(action, case=None):
    """A serializer class for ``action``'s input on ``case``."""
    spec = ACTIONS[action]
    attrs = {"__doc__": f"The input of the action {action}.", **input_fields(spec, case)}
    return type(_class_name(action), (StrictSerializer,), attrs)


def schema_serializers():
    """One input serializer per action a person may take (for the OpenAPI document)."""
    return {
        name: type(
            _class_name(name),
            (input_serializer(name),),
            {"action": serializers.ChoiceField(choices=[name], help_text=str(spec.label))},
        )
        for name, spec in ACTIONS.items()
        if not spec.system_only
    }


def history_data(serializer, leave_out=()):
    """The validated input as JSON-ready values for the history (model choices become ids), less the
    note (a column of its own) and the inputs named in ``leave_out`` (kept in a plugin's own record)."""
    data = {}
    for name, value in serializer.validated_data.items():
        if name == "note" or name in leave_out:
            continue
        field = serializer.fields[name]
        data[name] = field.to_representation(value) if value is not None else None
    return data
