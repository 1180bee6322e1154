"""What the supervision unit sets: its rules and weights, and the published figures of earlier years."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from offices.models import Municipality, city_field

# What each rule may be set to. Working days stop at 60 (about three months): a longer wait is no rule, and a
# count of days past what a date can hold broke the pages that count back from today. A weight is 0 to 100.
POLICY_BOUNDS = {
    "response_days": (1, 60),
    "appeal_days": (1, 60),
    "overdue_after_days": (0, 60),
    "stuck_after_days": (1, 60),
    "renewal_warning_score": (0, 100),
    **dict.fromkeys(
        (
            "weight_on_time",
            "weight_returns",
            "weight_complaints",
            "weight_violations",
            "weight_training",
            "weight_instructions",
        ),
        (0, 100),
    ),
}


def _bounded(name):
    low, high = POLICY_BOUNDS[name]
    return [MinValueValidator(low), MaxValueValidator(high)]


class Policy(models.Model):
    """A city unit's rules in one row: deadlines, the automatic-violation threshold, scorecard weights.

    A city without a row of its own follows the national row (no municipality), else the defaults."""

    response_days = models.PositiveSmallIntegerField(
        _("working days for the office's response"),
        default=5,
        help_text=_("From the day the violation is opened."),
        validators=_bounded("response_days"),
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("working days to appeal a decision"), default=10, validators=_bounded("appeal_days")
    )
    overdue_after_days = models.PositiveSmallIntegerField(
        _("working days past a step's deadline before a violation is drafted"),
        default=5,
        validators=_bounded("overdue_after_days"),
    )
    stuck_after_days = models.PositiveSmallIntegerField(
        _("working days with the applicant before a returned file counts as stuck"),
        default=10,
        validators=_bounded("stuck_after_days"),
    )
    renewal_warning_score = models.PositiveSmallIntegerField(
        _("score under which a contract renewal is warned"), default=60, validators=_bounded("renewal_warning_score")
    )
    weight_on_time = models.PositiveSmallIntegerField(
        _("weight: steps on time"), default=40, validators=_bounded("weight_on_time")
    )
    weight_returns = models.PositiveSmallIntegerField(
        _("weight: few returns for correction"), default=10, validators=_bounded("weight_returns")
    )
    weight_complaints = models.PositiveSmallIntegerField(
        _("weight: few complaints"), default=15, validators=_bounded("weight_complaints")
    )
    weight_violations = models.PositiveSmallIntegerField(
        _("weight: no violations upheld"), default=15, validators=_bounded("weight_violations")
    )
    weight_training = models.PositiveSmallIntegerField(
        _("weight: training completed"), default=10, validators=_bounded("weight_training")
    )
    weight_instructions = models.PositiveSmallIntegerField(
        _("weight: instructions acknowledged"), default=10, validators=_bounded("weight_instructions")
    )
    municipality = city_field("supervision_policies")
    history = HistoricalRecords()

    WEIGHTS = (
        "weight_on_time",
        "weight_returns",
        "weight_complaints",
        "weight_violations",
        "weight_training",
        "weight_instructions",
    )

    class Meta:
        verbose_name = _("supervision rules")
        verbose_name_plural = _("supervision rules")
        # One row per city, and one national row (a NULL counts as the "national city" 0).
        constraints = [models.UniqueConstraint(Coalesce("municipality", models.Value(0)), name="policy_one_per_city")]

    def __str__(self):
        return str(_("supervision rules"))

    @classmethod
    def current(cls, municipality=None):
        """The rules of the city (a Municipality or its id): its own row, else the national one, else the
        defaults (unsaved)."""
        city = getattr(municipality, "pk", municipality)
        rows = cls.objects.filter(models.Q(municipality__isnull=True) | models.Q(municipality=city))
        rows = sorted(rows, key=lambda p: p.municipality_id is None)
        return rows[0] if rows else cls(municipality_id=None)

    def weights(self):
        """{component: weight}, keyed as the scorecard's components."""
        return {name.removeprefix("weight_"): getattr(self, name) for name in self.WEIGHTS}


class YearFigure(models.Model):
    """A published total for a Jalali year (or part of one), for the years before the files are in Pishkhan."""

    class Series(models.TextChoices):
        FILES = "files", _("Inquiries and requests")
        PERMITS = "permits", _("Building permits")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="year_figures")
    series = models.CharField(_("series"), max_length=10, choices=Series.choices)
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    registered = models.PositiveIntegerField(_("registered"))
    answered = models.PositiveIntegerField(_("answered"), null=True, blank=True)
    period_from = models.DateField(_("from"), null=True, blank=True, help_text=_("Only for part of a year."))
    period_to = models.DateField(_("to"), null=True, blank=True, help_text=_("Only for part of a year."))
    source = models.CharField(_("source"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("published yearly figure")
        verbose_name_plural = _("published yearly figures")
        ordering = ["series", "year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "series", "year"], name="year_figure_unique"),
            models.CheckConstraint(
                condition=models.Q(period_from__isnull=True)
                | models.Q(period_to__isnull=True)
                | models.Q(period_to__gte=models.F("period_from")),
                name="year_figure_period_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_series_display()} {self.year}"
