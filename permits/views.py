"""Permit pages: a permit with the files that touched it, the permits list of an office or a district,
and the public verification of a permit or certificate."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.jalali import jalali_year
from permits import selectors
from permits.models import Permit
from permits.pdf import shown_data


@login_required
@require_GET
def permit_list(request):
    qs = selectors.search(selectors.visible_permits(request.user), request.GET)
    page = Paginator(qs.order_by("-issued_at", "-id"), 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "statuses": Permit.Status.choices,
        "filters": request.GET,
        "years": [str(year) for year in range(jalali_year(), 1394, -1)],
        "districts": [str(number) for number in selectors.districts_of(request.user)],
    }
    return render(request, "permits/list.html", context)


@login_required
@require_GET
def permit_detail(request, number):
    permit = selectors.permit_for(request.user, number)
    if permit is None:
        raise Http404
    files = list(selectors.files_of(permit, request.user))
    # The PDF is served through the file that issued the permit, for those who may see that file.
    issuing = next((f for f in files if f.pk == permit.case_id), None)
    return render(
        request,
        "permits/detail.html",
        {"permit": permit, "d": shown_data(permit.data), "files": files, "issuing": issuing},
    )


def verify(request, permit, certificate=None):
    """What anyone holding the code may see: the permit's or certificate's standing."""
    return render(
        request,
        "permits/verify.html",
        {"permit": permit, "certificate": certificate, "d": permit.data},
    )
