"""The public complaint form and the complaint's state: a file's tracking code and the applicant's
national ID, no sign-in."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.models import Role
from cases.selectors import visible_cases
from cases.views.common import show_errors
from core.errors import DomainError
from core.throttle import too_many
from supervision.forms import ComplaintForm, ComplaintStatusForm
from supervision.services import complaint_by_code, file_complaint

# Enough for a person; too few to probe codes or flood an office with complaints.
COMPLAINTS_PER_HOUR = 10
LOOKUPS_PER_MINUTE = 30


def _known(request):
    """What a signed-in citizen need not type: the file they came from (``?file=`` with its tracking code, if it
    is theirs) and its applicant's national ID, else the national ID of their account."""
    user = request.user
    if not user.is_authenticated or user.role != Role.CITIZEN:
        return {}
    initial = {"national_id": user.national_id} if user.national_id else {}
    code = request.GET.get("file", "")
    case = visible_cases(user).filter(tracking_code=code).first() if code.isdigit() else None
    if case is not None:
        initial.update(tracking_code=case.tracking_code, national_id=case.applicant_national_id)
    return initial


@never_cache
def complaint(request):
    form = ComplaintForm(request.POST or None, initial=_known(request) if request.method != "POST" else None)
    made, message, status = None, "", 200
    if request.method == "POST":
        if too_many(request, "complaint", COMPLAINTS_PER_HOUR, 3600):
            message, status = _("Too many attempts from your connection. Please wait and try again."), 429
        elif form.is_valid():
            try:
                made = file_complaint(**form.cleaned_data)
            except DomainError as exc:
                # A mistake in a box is shown at that box; anything else (no such file, one under review) on top.
                message = "" if show_errors(form, exc) else exc.message
                status = exc.http_status
        else:
            status = 400
    return render(
        request, "supervision/complaint.html", {"form": form, "made": made, "message": message}, status=status
    )


@never_cache
def complaint_status(request):
    form = ComplaintStatusForm(request.POST or None)
    found, message, status = None, "", 200
    if request.method == "POST":
        if too_many(request, "complaint-lookup", LOOKUPS_PER_MINUTE, 60):
            message, status = _("Too many attempts from your connection. Please wait a minute and try again."), 429
        elif form.is_valid():
            found = complaint_by_code(form.cleaned_data["tracking_code"], form.cleaned_data["national_id"])
            if found is None:
                message = _(
                    "No complaint matches this tracking code and national ID. Enter the complaint's own tracking "
                    "code, given when it was made, not the file's."
                )
                status = 404
        else:
            status = 400
    return render(
        request, "supervision/complaint_status.html", {"form": form, "found": found, "message": message}, status=status
    )
