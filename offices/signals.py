"""What the offices app tells others without knowing them."""

from django.dispatch import Signal

# Sent (with ``office``) when the supervision unit sets an office's status by hand: from then on the status is
# theirs, and no earlier decision that had set it may lift it.
office_status_set_by_hand = Signal()
