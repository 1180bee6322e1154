"""The public tracking page: a tracking code and the applicant's national ID, no sign-in."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cases import selectors
from cases.forms import TrackForm
from core.throttle import too_many

# Enough for a person retyping a code; too few to walk through codes or national IDs.
ATTEMPTS_PER_MINUTE = 30


@never_cache
def track(request):
    form = TrackForm(request.POST or None)
    case, message, status = None, "", 200
    if request.method == "POST":
        if too_many(request, "track", ATTEMPTS_PER_MINUTE):
            message, status = _("Too many attempts from your connection. Please wait a minute and try again."), 429
        elif form.is_valid():
            case = selectors.case_by_tracking_code(form.cleaned_data["tracking_code"], form.cleaned_data["national_id"])
            if case is None:
                # One answer whether the code or the national ID is wrong: nothing to probe.
                message, status = _("No file matches this tracking code and national ID."), 404
        else:
            status = 400
    context = {"form": form, "case": case, "message": message}
    if case is not None:
        context.update(selectors.public_progress(case))
        # The national ID typed is not written back into the page (nothing personal on a public answer).
        context["form"] = TrackForm(initial={"tracking_code": case.tracking_code})
    return render(request, "cases/track.html", context, status=status)
