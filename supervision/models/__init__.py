from supervision.models.reference import POLICY_BOUNDS, Policy, YearFigure
from supervision.models.violations import (
    UPHELD,
    Complaint,
    Decision,
    Evidence,
    Source,
    Violation,
    ViolationEvent,
    ViolationState,
    ViolationType,
)

__all__ = [
    "POLICY_BOUNDS",
    "UPHELD",
    "Complaint",
    "Decision",
    "Evidence",
    "Policy",
    "Source",
    "Violation",
    "ViolationEvent",
    "ViolationState",
    "ViolationType",
    "YearFigure",
]
