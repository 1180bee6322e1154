"""Writes on files. ``apply_action``/``replay_action`` change a file's state; ``record_event`` writes an
event that keeps it; ``register_case`` creates a file. Nothing else writes a file's state or history."""

from cases.services.actions import apply_action, record_event, replay_action, take_action
from cases.services.registration import register_case, register_input, replay_registration

__all__ = [
    "apply_action",
    "record_event",
    "register_case",
    "register_input",
    "replay_action",
    "replay_registration",
    "take_action",
]
