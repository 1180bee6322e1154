"""Inspections' part in files: the inspector's assignment, the visit report, the visit's panel."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Role
from cases.plugins import Plugin
from core.fields import AmountField, JalaliDateField, TextField, WholeNumberField
from inspections import panel, selectors
from inspections.forms import ReportForm
from inspections.services import assignment, reports
from offices.models import Membership


def _text(number):
    return None if number is None else str(number)


def inspectors_for(case):
    """Inspectors with a current post in the district of the file's office."""
    users = get_user_model().objects.filter(role=Role.INSPECTOR, is_active=True)
    if case is None:
        return users.none()
    posts = Membership.objects.current().filter(role=Role.INSPECTOR, district_id=case.office.district_id)
    return users.filter(memberships__in=posts).distinct().order_by("last_name", "first_name")


class InspectorField(serializers.PrimaryKeyRelatedField):
    """An inspector of the file's district, by user id."""

    default_error_messages = {"required": _("Choose an inspector.")}

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            raise serializers.ValidationError(
                _("Choose an inspector who serves this office's district."), code="inspector-invalid"
            ) from None


def _report_field(form_field, required):
    """The API's typed twin of a visit-report form field (the form stays the rules' one definition)."""
    common = {"label": form_field.label, "required": required}
    if not required:
        common["allow_null"] = True
    if isinstance(form_field, forms.DecimalField):
        return AmountField(max_digits=form_field.max_digits, decimal_places=form_field.decimal_places, **common)
    if isinstance(form_field, forms.IntegerField):
        return WholeNumberField(min_value=form_field.min_value, max_value=form_field.max_value, **common)
    if isinstance(form_field, forms.BooleanField):
        return serializers.BooleanField(**{k: v for k, v in common.items() if k != "allow_null"}, default=False)
    if isinstance(form_field, forms.ChoiceField):
        return serializers.ChoiceField(choices=form_field.choices, allow_blank=not required, **common)
    if isinstance(form_field, forms.DateField) or "DateField" in type(form_field).__name__:
        return JalaliDateField(past=True, **common)
    if isinstance(form_field, forms.TimeField):
        return serializers.TimeField(**common)
    return TextField(max_length=getattr(form_field, "max_length", None) or 4000, allow_blank=not required, **common)


def report_input_fields():
    form = ReportForm()
    fields = {
        name: _report_field(form.fields[name], name in ReportForm.SUBMISSION_REQUIRED)
        for name in reports.REPORT_FIELDS
        if name != "violations"
    }
    fields["violations"] = serializers.ListField(
        child=serializers.DictField(), required=False, max_length=20, help_text=_('[{"type", "area"}] rows')
    )
    return fields


class Inspections(Plugin):
    name = "inspections"

    def action_fields(self, action, case):
        if action == "assign_inspector":
            return {
                "inspector": InspectorField(label=_("Inspector"), queryset=inspectors_for(case)),
                "reason": TextField(
                    label=_("Reason, when another inspector takes over the visit"),
                    max_length=300,
                    required=False,
                    allow_blank=True,
                ),
            }
        if action == "submit_visit_report":
            return report_input_fields()
        return {}

    def before_action(self, case, actor, action, data, at):
        if action == "assign_inspector":
            case.inspector = data["inspector"]
            return assignment.on_assign(case, actor, data, at)
        if action == "submit_visit_report":
            return reports.on_submit(case, actor, data, at)
        return None

    def after_action(self, case, actor, action, data, at):
        if action == "extend_deadline":
            assignment.after_extension(case)

    def kept_inputs(self, action, case):
        # The report keeps its fields; the history row keeps its version (reports.on_submit).
        return set(reports.REPORT_FIELDS) if action == "submit_visit_report" else set()

    def site_visit(self, case):
        report = selectors.latest_submitted(case)
        if report is None:
            return None
        return {
            "findings": report.findings,
            "land_area": _text(report.land_area),
            "built_area": _text(report.built_area),
            "floors": report.floors,
            "usage": report.usage,
            "inspector": str(report.author),
            "at": report.submitted_at,
        }

    def events(self):
        return {"correct_visit_report": _("Visit report corrected")}

    def page_panels(self, case, user):
        shown = panel.visit_panel(case, user)
        return [shown] if shown else []

    def panel_actions(self):
        # The visit panel links to the phone report form, which submits the report; it also assigns the
        # inspector (the proposal or a choice) and, for the supervision unit, reassigns: one way on the page.
        return {"submit_visit_report", "assign_inspector"}

    def detail_extra(self, case):
        return panel.api_extra(case)
