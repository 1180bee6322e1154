"""The public directory of authorized offices, with its map and the list of changes."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from offices import selectors
from offices.forms import DirectoryFilterForm
from offices.views.common import paginate


def directory(request):
    """Queries: districts and services for the filters, the count, the page, its services,
    the map markers, the latest changes — the same whatever the page size."""
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    offices = selectors.directory_offices(**filters)
    return render(
        request,
        "offices/directory.html",
        {
            "form": form,
            "page": paginate(request, offices),
            "markers": selectors.map_markers(offices),
            "changes": selectors.public_changes()[:5],
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


def changes(request):
    form = DirectoryFilterForm(request.GET or None)
    district = form.filters().get("district") if request.GET else None
    return render(
        request,
        "offices/changes.html",
        {"form": form, "page": paginate(request, selectors.public_changes(district=district))},
    )


@cache_control(public=True, max_age=300)
def district_outlines(request):
    """The districts' outlines (GeoJSON) the map draws when no tile server is configured."""
    return JsonResponse(
        selectors.district_outlines(), content_type="application/geo+json", json_dumps_params={"ensure_ascii": False}
    )
