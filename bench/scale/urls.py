"""The site's URLs and two floors: the least an authenticated request can cost.

``/bench/bare/`` is a DRF view with the API's authentication (a token) and nothing
else; ``/bench/bare-page/`` is a page behind the session sign-in that renders no
template. Every figure of the benchmark is read against one of them.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from pishkhan.urls import urlpatterns as site


class BareView(APIView):
    def get(self, request):
        return Response({"ok": True, "user": request.user.pk})


@login_required
def bare_page(request):
    return HttpResponse(f'<!doctype html><html lang="fa" dir="rtl"><title>.</title><p>{request.user.pk}</p></html>')


urlpatterns = [
    path("bench/bare/", BareView.as_view()),
    path("bench/bare-page/", bare_page),
    *site,
]
