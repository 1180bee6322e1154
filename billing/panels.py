"""What billing shows on the file's page."""

from billing import selectors


def case_panel(case, user):
    """The fee slips panel on the file's page, or None when the file has none."""
    slips = selectors.service_fee_slips(case)
    if not slips:
        return None
    return "billing/_case_panel.html", {"fee_slips": slips, "panel_user": user}
