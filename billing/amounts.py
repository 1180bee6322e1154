"""What one slip's amount may be: above zero, in whole thousands of rials (the payment ID carries the amount in
thousands), and at most ``bill_ids.MAX_SLIP_AMOUNT``. A fine typed by a person is one such amount."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from billing.bill_ids import AMOUNT_UNIT, MAX_SLIP_AMOUNT


def slip_amount_problem(amount):
    """Why ``amount`` (an int, rials) cannot be one slip's, in Persian; None when it can."""
    if amount <= 0 or amount % AMOUNT_UNIT:
        return _("Enter a whole number of thousands of rials (e.g. 250000).")
    if amount > MAX_SLIP_AMOUNT:
        return _("At most %(most)s rials: that is what one slip can carry.") % {"most": f"{MAX_SLIP_AMOUNT:,}"}
    return None


class SlipAmountField(serializers.IntegerField):
    """An amount of rials that one slip can carry (``slip_amount_problem``), refused as typed, never rounded."""

    def to_internal_value(self, data):
        amount = super().to_internal_value(data)
        problem = slip_amount_problem(amount)
        if problem:
            raise serializers.ValidationError(problem)
        return amount
