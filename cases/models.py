"""The file (پرونده) every service shares, its history, documents and calendar."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.codes import CodeField
from core.digests import HexDigestField
from core.validators import validate_mobile, validate_national_id, validate_renewal_code
from offices.models import District, Municipality, Office, Service, city_field, per_city_unique


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    AWAITING_VISIT = "awaiting_visit", _("Awaiting site visit")
    PLAN_REVIEW = "plan_review", _("Detailed-plan review")
    MUNICIPAL_REVIEW = "municipal_review", _("Municipal review")
    COMMISSION_REVIEW = "commission_review", _("Article 100 commission")
    RESPONDED = "responded", _("Responded")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED_STATES = (State.RESPONDED, State.REJECTED, State.CANCELLED)
OPEN_STATES = tuple(s for s in State if s not in CLOSED_STATES)


class Channel(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    ONLINE = "online", _("Online")


class Property(models.Model):
    """A parcel known by its renewal code; several services and billing refer to it."""

    class Use(models.TextChoices):
        RESIDENTIAL = "residential", _("Residential")
        COMMERCIAL = "commercial", _("Commercial")
        OFFICE = "office", _("Administrative")
        INDUSTRIAL = "industrial", _("Industrial")
        EDUCATIONAL = "educational", _("Educational")
        MIXED = "mixed", _("Mixed")
        VACANT = "vacant", _("Vacant land")

    # The municipality's parcel code: unique within the city (the constraint below), not across cities.
    renewal_code = models.CharField(_("renewal code"), max_length=40, validators=[validate_renewal_code])
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="properties", verbose_name=_("district")
    )
    # The district's city, kept on the parcel so the renewal code's uniqueness is the database's to enforce.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="properties",
        verbose_name=_("municipality"),
        editable=False,
        db_index=False,  # the unique (municipality, renewal code) starts with it
    )
    address = models.CharField(_("address"), max_length=300)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    land_area = models.DecimalField(_("land area (m²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    built_area = models.DecimalField(_("built area (m²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    use = models.CharField(_("use"), max_length=16, choices=Use.choices, default=Use.RESIDENTIAL)
    has_violation = models.BooleanField(
        _("recorded violation"), default=False, help_text=_("A building violation on record (commission 100).")
    )
    violation_note = models.CharField(_("violation note"), max_length=300, blank=True)
    # The municipality holds a record of this parcel (from its registry or an earlier answer);
    # a parcel first seen at a registration has nothing to answer instantly from.
    on_record = models.BooleanField(_("on the municipality's record"), default=False)

    class Meta:
        verbose_name = _("property")
        verbose_name_plural = _("properties")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "renewal_code"], name="property_renewal_code_unique")
        ]

    def __str__(self):
        return self.renewal_code

    def save(self, *args, **kwargs):
        # The city follows the district (a loaded district costs nothing; else one look-up, once).
        district = self._state.fields_cache.get("district")
        if district is not None and district.pk == self.district_id:
            self.municipality_id = district.municipality_id
        elif self.municipality_id is None and self.district_id is not None:
            self.municipality_id = (
                District.objects.filter(pk=self.district_id).values_list("municipality_id", flat=True).first()
            )
        super().save(*args, **kwargs)


# States whose step clock is stopped: the file waits for its applicant.
PAUSED_STATES = (State.DRAFT, State.RETURNED)


def overdue_q(today=None):
    """THE definition of overdue: an open file, not waiting for its applicant, past its step's deadline.
    (``Case.is_overdue`` applies the same rule to one loaded file.)"""
    return Q(deadline__lt=today or timezone.localdate()) & ~Q(state__in=CLOSED_STATES + PAUSED_STATES)


_STATE_VALUES = frozenset(State.values)


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(state__in=CLOSED_STATES)

    def overdue(self, today=None):
        return self.filter(overdue_q(today))


class Case(models.Model):
    # A 32-bit key: two thousand million files is centuries of the whole country's files, and every history
    # row, document, visit, slip and letter keyed by its file is the smaller for it.
    id = models.AutoField(primary_key=True)
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        to_field="code",
        db_column="service_code",
        related_name="cases",
        verbose_name=_("service"),
        db_index=False,  # case_service below: equality only, no pattern-matching copy
    )
    # Unique (case_tracking_code_unique): one index serves equality and the prefix search.
    tracking_code = models.CharField(_("tracking code"), max_length=16)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.COUNTER)
    # No index of their own: the (office|district, state, deadline) indexes below start with them.
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="cases", verbose_name=_("office"), db_index=False
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="cases", verbose_name=_("district"), db_index=False
    )
    # The applicant, as registered (normalized): a file outlives any account.
    applicant_national_id = models.CharField(
        _("applicant's national ID"), max_length=10, validators=[validate_national_id]
    )
    applicant_first_name = models.CharField(_("first name"), max_length=80)
    applicant_last_name = models.CharField(_("last name"), max_length=80)
    applicant_mobile = models.CharField(_("mobile"), max_length=11, validators=[validate_mobile])
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="own_cases"
    )
    parcel = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="cases", verbose_name=_("property"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    # Who holds the file now: a person, or (holder empty) everyone of holder_role at the office/district.
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="held_cases",
        verbose_name=_("holder"),
        db_index=False,  # the (holder, state) index below starts with it
    )
    holder_role = models.CharField(_("holder role"), max_length=32, choices=Role.choices, blank=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspected_cases",
        verbose_name=_("inspector"),
    )
    step_started_at = models.DateTimeField(_("step started at"), default=timezone.now)
    deadline = models.DateField(_("step deadline"), null=True, blank=True)
    # While the applicant holds the file the clock stops; these are the working days it had left.
    paused_days_left = models.SmallIntegerField(null=True, blank=True)
    # The step a returned file goes back to when the applicant resubmits it.
    resume_state = models.CharField(max_length=20, blank=True)
    # Counts transitions; guards every write so two people acting at once cannot both win.
    version = models.PositiveIntegerField(default=0)
    result = models.CharField(_("result"), max_length=10, blank=True)
    # Written, never searched by: no index (deleting a user, which barely happens, scans once).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The keyed hash of the newest history row (cases.history): a shortened or rewritten history shows.
    history_head = HexDigestField(blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["office", "state", "deadline"]),
            models.Index(fields=["district", "state", "deadline"]),
            models.Index(fields=["holder", "state"]),
            models.Index(fields=["state", "deadline"]),
            models.Index(fields=["service"], name="case_service"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=State.values), name="case_state_known"),
            models.UniqueConstraint(
                fields=["tracking_code"], name="case_tracking_code_unique", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self):
        return self.tracking_code

    def get_state_display(self):
        """The state's label. (Django's own builds a dictionary of every choice on each call: a list of files
        spent more on it than on its rows' dates.)"""
        return str(State(self.state).label) if self.state in _STATE_VALUES else self.state

    @property
    def applicant_name(self):
        return f"{self.applicant_first_name} {self.applicant_last_name}".strip()

    @property
    def contact_mobile(self):
        """Where the file's SMS go. A file sent online: the mobile its citizen signs in with (proven by the code
        sent to it), not one typed in the form, which may be anyone's. At a counter: the applicant's, as taken
        down by the office."""
        if self.channel == Channel.ONLINE and self.applicant_user_id is not None:
            user = self.applicant_user
            if user is not None and user.mobile:
                return user.mobile
        return self.applicant_mobile

    @property
    def is_open(self):
        return self.state not in CLOSED_STATES

    @property
    def is_overdue(self):
        """``overdue_q`` for this one file."""
        return (
            self.state not in CLOSED_STATES + PAUSED_STATES
            and self.deadline is not None
            and self.deadline < timezone.localdate()
        )


# The codes the history stores for states and roles (core.codes): stored data, so a name keeps its code
# forever and a new one takes the next free number. "system" is cases.workflow.SYSTEM, the role of an
# action no person took.
STATE_CODES = {
    "": 0,
    "draft": 1,
    "submitted": 2,
    "returned": 3,
    "awaiting_visit": 4,
    "plan_review": 5,
    "municipal_review": 6,
    "commission_review": 7,
    "responded": 8,
    "rejected": 9,
    "cancelled": 10,
}
ROLE_CODES = {
    "": 0,
    "system": 1,
    "citizen": 2,
    "technical_officer": 3,
    "inspector": 4,
    "followup_officer": 5,
    "office_manager": 6,
    "municipal_staff": 7,
    "supervisor": 8,
    "admin": 9,
}


# The history's vocabulary: every action of the workflow table (cases.workflow.ACTIONS), the registration, and
# every event an app records (cases.services.actions.EVENTS, the plugins' ``events()``), each with the code its
# rows store. A name is given its code here before anything may write it (tests/architecture checks that every
# action and event has one); a code is never reused.
ACTION_CODES = {
    "register": 1,
    "submit": 2,
    "accept": 3,
    "return_to_applicant": 4,
    "resubmit": 5,
    "assign_inspector": 6,
    "submit_visit_report": 7,
    "complete_plan_review": 8,
    "refer_to_commission": 9,
    "record_commission_decision": 10,
    "issue_response": 11,
    "instant_answer": 12,
    "reject": 13,
    "cancel": 14,
    "extend_deadline": 15,
    # events, which keep the file's state
    "correction_answered": 40,
    "correction_reviewed": 41,
    "correct_visit_report": 42,
    "correct_letter": 43,
    "followup_call": 44,
    "followup_sms": 45,
    "followup_reminder": 46,
    "followup_escalation": 47,
}


class Transition(models.Model):
    """One action on a file. Append-only; each row hashes its content and the previous row's hash
    (``cases.history``: the previous row is the one before it by ``seq``, so it is not stored again).

    Keyed by (file, seq), with no surrogate key, and its action, states and role stored as codes
    (``ACTION_CODES``, ``STATE_CODES``, ``ROLE_CODES``): some seventy-five bytes less on each of the five or
    six rows a file has."""

    pk = models.CompositePrimaryKey("case", "seq")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions", db_index=False)
    seq = models.PositiveIntegerField()
    action = CodeField(_("action"), codes=ACTION_CODES)
    from_state = CodeField(_("from"), codes=STATE_CODES, blank=True, default="")
    to_state = CodeField(_("to"), codes=STATE_CODES)
    # Nothing looks history up by actor: no index (deleting a user scans the history once, and is refused
    # anyway for anyone who ever acted).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, db_index=False)
    actor_role = CodeField(codes=ROLE_CODES, blank=True, default="")
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("at"))
    # The keyed HMAC-SHA256 of the row: its first 16 bytes (32 in rows written before; ``cases.history``).
    hash = models.BinaryField(max_length=32)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["case_id", "seq"]

    def __str__(self):
        return f"{self.case_id}#{self.seq} {self.action}"


class FileCount(models.Model):
    """Files registered and answered in one Jalali month (Asia/Tehran dates), per service, district and office:
    the published figures read these rows instead of counting the files. ``cases.counts`` keeps them in the
    transaction of each registration and answer, and rebuilds them from the files."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    # The district's city, kept on the row so a city's figures are read without a join.
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", db_index=False)
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+", db_index=False)
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+", db_index=False)
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        to_field="code",
        db_column="service_code",
        related_name="+",
        db_index=False,
    )
    registered = models.IntegerField(default=0)
    # Files put in "responded" (by their ``closed_at``), and of those the ones whose result is "approved".
    responded = models.IntegerField(default=0)
    approved = models.IntegerField(default=0)

    class Meta:
        # The one index: a year's rows (the unique key's first columns); a few thousand rows a year at most.
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month", "municipality", "district", "office", "service"], name="file_count_unique"
            )
        ]

    def __str__(self):
        return f"{self.year}/{self.month} {self.office_id} {self.service_id}"


class DocumentKind(models.TextChoices):
    INQUIRY_LETTER = "inquiry_letter", _("Inquiry letter")
    DEED = "deed", _("Title deed")
    ID_CARD = "id_card", _("ID card")
    PLANS = "plans", _("Plans")
    ENGINEERS_UNDERTAKING = "undertakings", _("Engineers' undertakings")
    PERMIT_COPY = "permit_copy", _("Copy of the permit")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other")


def document_path(instance, filename):
    return f"cases/{instance.case.created_at:%Y/%m}/{instance.case_id}/{filename}"


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = HexDigestField()
    # Nothing looks documents up by uploader: no index.
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, db_index=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


def draft_document_path(instance, filename):
    return f"drafts/{instance.draft.user_id}/{filename}"


class Draft(models.Model):
    """A citizen's online request not yet submitted, one per citizen and service: what the guided steps
    collected (the form's values, as typed), the furthest step reached and the documents already uploaded.
    Submitting registers the file through cases.services.register_case and removes the draft."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, to_field="code", related_name="+")
    data = models.JSONField(default=dict, blank=True)
    step = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("draft request")
        verbose_name_plural = _("draft requests")
        constraints = [models.UniqueConstraint(fields=["user", "service"], name="draft_one_per_service")]

    def __str__(self):
        return f"{self.user_id}: {self.service_id}"


class DraftDocument(models.Model):
    """A document uploaded to a draft, checked by content like a file's; it becomes the file's on submit."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=draft_document_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(null=True, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["draft", "kind"], name="draft_document_one_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class CorrectionItem(models.Model):
    """One thing a returned file must change: a document to replace, a field to correct or a free request,
    with the officer's note; the applicant answers it, the officer accepts the answer or asks again."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document to replace")
        FIELD = "field", _("Field to correct")
        REQUEST = "request", _("Request")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        ACCEPTED = "accepted", _("Accepted")
        AGAIN = "again", _("Asked again")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="correction_items")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    target = models.CharField(_("what"), max_length=60, blank=True)
    note = models.CharField(_("officer's note"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer_text = models.CharField(_("answer"), max_length=1000, blank=True)
    answer_document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("new document")
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    decided_note = models.CharField(_("officer's reply"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("correction item")
        verbose_name_plural = _("correction items")
        ordering = ["round", "id"]

    def __str__(self):
        return self.note

    @property
    def target_label(self):
        from cases.actions import CORRECTION_TARGETS

        return dict(CORRECTION_TARGETS).get(self.target, self.target)


class Holiday(models.Model):
    """An official holiday (national: no municipality) or a city's ad-hoc closure: no working day."""

    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=150)
    is_manual = models.BooleanField(_("added by hand"), default=False)
    municipality = city_field(
        "holidays", help_text=_("Empty: an official holiday of the country. A city's own closure names it.")
    )

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]
        constraints = per_city_unique("date", name="holiday_date")

    def __str__(self):
        return self.name


class StepDuration(models.Model):
    """How many working days a service's step may take (overrides the workflow's default)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, to_field="code", verbose_name=_("service"))
    state = models.CharField(_("step"), max_length=20, choices=State.choices)
    working_days = models.PositiveSmallIntegerField(_("working days"))
    # A city's own duration wins over the national one (no municipality), which wins over the workflow's.
    municipality = city_field("step_durations")

    class Meta:
        verbose_name = _("step duration")
        verbose_name_plural = _("step durations")
        constraints = per_city_unique("service", "state", name="step_duration")

    def __str__(self):
        return f"{self.service_id} · {self.state}: {self.working_days}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError(f"{self.model.__name__} rows are never changed.")

    def delete(self):
        raise TypeError(f"{self.model.__name__} rows are never deleted.")


class AppendOnly(models.Model):
    """Rows written once: Pishkhan never updates or deletes them (PostgreSQL refuses it too, see migrations)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError(f"{type(self).__name__} rows are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} rows are never deleted.")


class HistoryCheckpoint(AppendOnly):
    """A file's history head as the daily digest saw it: written once per day the file changed.

    No foreign key: the checkpoint of a file deleted behind the application's back must survive it.
    """

    case_id = models.BigIntegerField(db_index=True)
    seq = models.PositiveIntegerField()
    row_hash = models.CharField(max_length=64)
    day = models.DateField()

    class Meta:
        ordering = ["case_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["case_id", "seq"], name="history_checkpoint_unique")]

    def __str__(self):
        return f"{self.case_id}#{self.seq} @ {self.day}"


class HistoryDigest(AppendOnly):
    """One day's digest of every file's history head, chained to the day before."""

    day = models.DateField(unique=True)
    files = models.PositiveIntegerField()
    checkpoints = models.PositiveIntegerField()
    prev_root = models.CharField(max_length=64, blank=True)
    root = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day"]

    def __str__(self):
        return f"{self.day}: {self.root}"
