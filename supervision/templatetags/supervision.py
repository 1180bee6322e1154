"""Template tags other apps' pages use to show supervision figures without importing supervision."""

from django import template

from offices.models import Office
from supervision.models import Policy
from supervision.selectors import periods
from supervision.selectors.scorecards import scorecards

register = template.Library()


@register.inclusion_tag("supervision/_renewal_panel.html")
def renewal_scorecard(office):
    """Last Jalali year's scorecard of ``office`` and this year's so far, warned under the unit's threshold
    (the contract renewal form shows it)."""
    this_year = periods.current("year")
    last_year = this_year.previous()
    cards = scorecards([last_year, this_year], offices=Office.objects.filter(pk=office.pk))
    threshold = Policy.current(office.district.municipality_id).renewal_warning_score
    last = cards[last_year.key][office.pk]
    return {
        "office": office,
        "last": last,
        "current": cards[this_year.key][office.pk],
        "threshold": threshold,
        "warn": last.score < threshold,
    }
