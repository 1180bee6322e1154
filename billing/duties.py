"""The duties' arithmetic, kept pure: tables and years in, itemized lines out.

Money is integer rials throughout. Each line is rounded DOWN to a whole thousand rials, in the
payer's favour, because the payment ID carries the amount in thousands (see bill_ids).
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

THOUSAND = 1000


@dataclass(frozen=True)
class Line:
    kind: str  # a SlipItem.Kind value
    year: int | None
    amount_rials: int
    base_rials: int | None = None
    detail: str = ""  # rate, age band or months late: what the line was computed from


class MissingRate(Exception):
    def __init__(self, year, what):
        super().__init__(f"{what} {year}")
        self.year = year
        self.what = what


def per_mille(rate):
    """1.500 → «1.5‰», 3.000 → «3‰»."""
    return format(Decimal(rate).normalize(), "f") + "‰"


def floor_thousand(value):
    return int(Decimal(value).to_integral_value(rounding=ROUND_DOWN)) // THOUSAND * THOUSAND


def renewal_lines(*, assessments, rates, use, settled_years, current_year):
    """Renewal duty due: every assessed year up to ``current_year`` not settled yet.

    ``assessments``: {year: assessed value in rials}; ``rates``: {(year, use): Decimal per mille}.
    Duty of a year = assessed value × rate ÷ 1000, rounded down to a thousand rials.
    """
    lines = []
    for year in sorted(assessments):
        if year > current_year or year in settled_years:
            continue
        rate = rates.get((year, use))
        if rate is None:
            raise MissingRate(year, "renewal rate")
        value = assessments[year]
        amount = floor_thousand(Decimal(value) * Decimal(rate) / THOUSAND)
        if amount:
            lines.append(Line("renewal_duty", year, amount, base_rials=value, detail=per_mille(rate)))
    return lines


def months_late(duty_year, today_year, today_month):
    """Months started since the duty year ended (a year's duty is due by its last day, 29/30 Esfand)."""
    if today_year <= duty_year:
        return 0
    return (today_year - duty_year - 1) * 12 + today_month


def surcharge_rule_for(rules, year):
    """The rule in force for a duty year: the latest whose from_year is not after it."""
    best = None
    for from_year, percent, cap in rules:
        if from_year <= year and (best is None or from_year > best[0]):
            best = (from_year, Decimal(percent), Decimal(cap))
    return best


def vehicle_lines(*, model_year, first_year, vehicle_class, rates, settled_years, today_year, today_month, rules):
    """Vehicle duty due for every year from ``first_year`` to this one not settled yet, plus surcharges.

    ``rates``: [(year, class, min_age, max_age, amount)]; age = duty year − model year (0 for the
    model year itself). A past year's surcharge = duty × min(percent per month × months late, cap) ÷ 100,
    rounded down to a thousand rials.
    """
    lines = []
    for year in range(max(first_year, model_year), today_year + 1):
        if year in settled_years:
            continue
        age = year - model_year
        band = next(
            (r for r in rates if r[0] == year and r[1] == vehicle_class and r[2] <= age <= r[3]),
            None,
        )
        if band is None:
            raise MissingRate(year, "vehicle duty rate")
        amount = int(band[4])
        lines.append(Line("vehicle_duty", year, amount, detail=f"{band[2]}–{band[3]}"))
        months = months_late(year, today_year, today_month)
        rule = surcharge_rule_for(rules, year)
        if months and rule:
            percent = min(rule[1] * months, rule[2])
            surcharge = floor_thousand(Decimal(amount) * percent / 100)
            if surcharge:
                lines.append(Line("late_surcharge", year, surcharge, base_rials=amount, detail=f"{months}:{percent}"))
    return lines
