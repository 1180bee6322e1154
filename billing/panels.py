"""What billing shows on the file's page."""

from billing import selectors


def case_panels(case, user):
    """The fee slips panel on the file's page, when the file has slips."""
    slips = selectors.service_fee_slips(case)
    if not slips:
        return []
    return [("billing/_case_panel.html", {"fee_slips": slips, "panel_user": user})]
