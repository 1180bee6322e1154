"""Site visits: who visits which file and when, and the visit reports (versioned) with their photos."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Document, Property


class Slot(models.TextChoices):
    """The two-hour windows an inspector books (office hours)."""

    S08 = "08-10", _("08:00–10:00")
    S10 = "10-12", _("10:00–12:00")
    S12 = "12-14", _("12:00–14:00")
    S14 = "14-16", _("14:00–16:00")


class VisitState(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    SCHEDULED = "scheduled", _("Scheduled")
    REPORTED = "reported", _("Reported")
    REASSIGNED = "reassigned", _("Reassigned")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_VISIT_STATES = (VisitState.ASSIGNED, VisitState.SCHEDULED)


class Visit(models.Model):
    """One inspector's errand to one file. A reassignment closes the row and opens a new one."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="visits", verbose_name=_("file"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("inspector"),
        db_index=False,  # the (inspector, …) indexes below start with it
    )
    state = models.CharField(_("state"), max_length=12, choices=VisitState.choices, default=VisitState.ASSIGNED)
    # Written, never searched by: no index (deleting a user, which barely happens, scans once).
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    # The file's step deadline (kept in step with extensions): reporting after it is a late visit.
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # Assigned without the training the role requires: allowed, but the supervisor sees it.
    untrained = models.BooleanField(_("assigned without required training"), default=False)
    proposed = models.BooleanField(_("the proposed inspector"), default=False)
    scheduled_on = models.DateField(_("visit date"), null=True, blank=True)
    slot = models.CharField(_("time slot"), max_length=5, choices=Slot.choices, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    days_to_visit = models.PositiveSmallIntegerField(_("days to visit"), null=True, blank=True)
    # Fixed when the report comes in, so a later deadline extension does not rewrite the record.
    reported_late = models.BooleanField(_("reported late"), default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        ordering = ["-assigned_at", "-id"]
        indexes = [
            models.Index(fields=["inspector", "state"]),
            models.Index(fields=["inspector", "scheduled_on"]),
            models.Index(fields=["state", "deadline"]),
        ]
        constraints = [
            # A file has at most one visit under way; the history keeps the closed ones.
            models.UniqueConstraint(
                fields=["case"], condition=Q(state__in=["assigned", "scheduled"]), name="one_open_visit_per_case"
            ),
            # An inspector cannot be in two places in the same slot.
            models.UniqueConstraint(
                fields=["inspector", "scheduled_on", "slot"],
                condition=Q(state="scheduled"),
                name="one_visit_per_inspector_slot",
            ),
        ]

    def __str__(self):
        return f"{self.case} · {self.inspector}"

    @property
    def is_open(self):
        return self.state in OPEN_VISIT_STATES

    @property
    def is_late(self):
        if self.deadline is None:
            return False
        if self.state == VisitState.REPORTED:
            return self.reported_late
        return self.is_open and self.deadline < timezone.localdate()


class BuildingState(models.TextChoices):
    VACANT = "vacant", _("Vacant land")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    FINISHED = "finished", _("Finished")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class VisitReport(models.Model):
    """What the inspector found. Submitted versions never change; a correction is the next version."""

    # No index of its own: visit_report_version_unique (case, version) serves it.
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="visit_reports", verbose_name=_("file"), db_index=False
    )
    # No index: a report is found by its file (visit_report_version_unique, one_draft_report_per_case); a visit's
    # reports are asked for only when a reassignment discards a draft, by file too.
    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="reports", verbose_name=_("visit"), db_index=False
    )
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    # Written, never searched by: no index (deleting a user, which barely happens, scans once).
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    visited_on = models.DateField(_("visit date"), null=True, blank=True)
    visited_at_time = models.TimeField(_("visit time"), null=True, blank=True)
    present = models.CharField(_("present at the visit"), max_length=300, blank=True)
    land_area = models.DecimalField(_("land area (m²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    built_area = models.DecimalField(_("built area (m²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    floors = models.PositiveSmallIntegerField(_("floors"), null=True, blank=True)
    usage = models.CharField(_("usage"), max_length=16, choices=Property.Use.choices, blank=True)
    building_state = models.CharField(
        _("state of the building"), max_length=20, choices=BuildingState.choices, blank=True
    )
    deed_differences = models.TextField(_("differences from the deed or permit"), blank=True)
    street_widening = models.BooleanField(_("street widening observed"), default=False)
    street_widening_note = models.CharField(_("street widening details"), max_length=300, blank=True)
    # [{"type": "...", "area": "12.5"}]: what was built beyond the deed or permit.
    violations = models.JSONField(_("violations observed"), default=list, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    correction_reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    pdf = models.OneToOneField(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="visit_report", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("visit report")
        verbose_name_plural = _("visit reports")
        ordering = ["case_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="visit_report_version_unique"),
            # One draft at a time per file: two open drafts would race to become the next version.
            models.UniqueConstraint(fields=["case"], condition=Q(status="draft"), name="one_draft_report_per_case"),
        ]

    def __str__(self):
        return f"{self.case} · v{self.version}"

    @property
    def is_submitted(self):
        return self.status == ReportStatus.SUBMITTED

    @property
    def violations_area(self):
        total = 0
        for row in self.violations or []:
            try:
                total += float(row.get("area") or 0)
            except (TypeError, ValueError):
                continue
        return total


def photo_path(instance, filename):
    return f"inspections/{instance.case_id}/{filename}"


class VisitPhoto(models.Model):
    """A photo of the site: the original as uploaded, and a smaller copy for screens and the PDF."""

    report = models.ForeignKey(VisitReport, on_delete=models.CASCADE, related_name="photos")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    original = models.FileField(upload_to=photo_path, max_length=255)
    display = models.FileField(upload_to=photo_path, max_length=255)
    thumbnail = models.FileField(upload_to=photo_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name
