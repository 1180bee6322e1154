"""Violations of offices and their staff: the catalogue, the case with its own history, evidence, complaints."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from billing.models import FeeSlip
from cases.models import Case
from offices.models import Office, city_field, per_city_unique


class ViolationType(models.Model):
    """An entry of the catalogue the supervision unit maintains (late answer, unauthorised fee, …)."""

    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    default_fine_rials = models.PositiveBigIntegerField(_("usual fine (rials)"), null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    # The national catalogue has no municipality; a city adds entries of its own (or its own for a code).
    municipality = city_field("violation_types")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("violation type")
        verbose_name_plural = _("violation types")
        ordering = ["title"]
        constraints = per_city_unique("code", name="violation_type_code")

    def __str__(self):
        return self.title


class Source(models.TextChoices):
    COMPLAINT = "complaint", _("Citizen's complaint")
    AUTOMATIC = "automatic", _("Overdue file (automatic)")
    INSPECTION = "inspection", _("Inspection")
    FOLLOWUP = "followup", _("Escalated by follow-up")


class ViolationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Awaiting the office's response")
    RESPONDED = "responded", _("Responded")
    DECIDED = "decided", _("Decided")
    APPEALED = "appealed", _("Under appeal")
    CLOSED = "closed", _("Closed")


class Decision(models.TextChoices):
    DISMISSED = "dismissed", _("Dismissed")
    WARNING = "warning", _("Warning")
    FINE = "fine", _("Fine")
    SUSPENSION = "suspension", _("Suspension")
    TERMINATION = "termination", _("Contract termination")


# Decisions that hold against the office (a dismissal does not).
UPHELD = (Decision.WARNING, Decision.FINE, Decision.SUSPENSION, Decision.TERMINATION)


class Violation(models.Model):
    """A violation case against an office, or one of its staff (``subject_user``)."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="violations", verbose_name=_("office"))
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("staff member"),
    )
    type = models.ForeignKey(ViolationType, on_delete=models.PROTECT, related_name="violations", verbose_name=_("type"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="violations", verbose_name=_("file")
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ViolationState.choices, default=ViolationState.DRAFT, db_index=True
    )
    description = models.TextField(_("description"))
    response_due = models.DateField(_("response due"), null=True, blank=True)
    response = models.TextField(_("office's response"), blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    decision_note = models.TextField(_("grounds of the decision"), blank=True)
    fine_rials = models.PositiveBigIntegerField(_("fine (rials)"), null=True, blank=True)
    fine_slip = models.ForeignKey(
        FeeSlip, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("fine slip")
    )
    # Whether this violation's decision suspended or ended the office (so an appeal can lift it again).
    changed_office_status = models.BooleanField(default=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appeal_due = models.DateField(_("appeal due"), null=True, blank=True)
    appeal_text = models.TextField(_("appeal"), blank=True)
    appealed_at = models.DateTimeField(_("appealed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["office", "state"]), models.Index(fields=["office", "decided_at"])]
        constraints = [
            # An overdue file opens one draft violation, however often the sweep runs.
            models.UniqueConstraint(
                fields=["case"], condition=Q(source="automatic"), name="one_automatic_violation_per_file"
            ),
            models.CheckConstraint(condition=Q(state__in=ViolationState.values), name="violation_state_known"),
        ]

    def __str__(self):
        return f"#{self.pk} · {self.office} · {self.type}"

    @property
    def is_open(self):
        return self.state != ViolationState.CLOSED


class ViolationEvent(models.Model):
    """One step of a violation: who, when, from which state to which, with the note they wrote."""

    violation = models.ForeignKey(Violation, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=12, blank=True)
    to_state = models.CharField(_("to"), max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    actor_role = models.CharField(max_length=32, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("violation history entry")
        verbose_name_plural = _("violation history")
        ordering = ["violation_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["violation", "seq"], name="violation_event_seq_unique")]

    def __str__(self):
        return f"{self.violation_id}#{self.seq} {self.action}"


def evidence_path(instance, filename):
    return f"violations/{instance.violation_id}/{filename}"


class Evidence(models.Model):
    """A document or photo attached during the investigation (checked by content, stored under a safe name)."""

    violation = models.ForeignKey(Violation, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    description = models.CharField(_("description"), max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class Complaint(models.Model):
    """A citizen's complaint about a file, made with its tracking code and the applicant's national ID."""

    tracking_code = models.CharField(_("complaint tracking code"), max_length=16, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("file"))
    text = models.TextField(_("complaint"))
    violation = models.OneToOneField(
        Violation, on_delete=models.PROTECT, related_name="complaint", verbose_name=_("violation")
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-created_at"]

    def __str__(self):
        return self.tracking_code
