"""The site's URLs, two floors (the least an authenticated request can cost) and two references.

``/bench/bare/`` is a DRF view with the API's authentication (a token) and nothing
else; ``/bench/bare-page/`` is a page behind the session sign-in that renders no
template. Every figure of the benchmark is read against one of them.

The references have no goal; they show what the framework itself costs for the shape of a list
and of a page, so that a figure can be read as framework plus the product's own work:
``/bench/reference-list/`` is the officer's cartable as bare as DRF lists it (the same rows and
columns of one office, ``values()`` rows as they come, the API's paginator and its count, no
scope rule, filters, names of related rows or serializer fields); ``/bench/reference-layout/`` is
the site's layout (``base.html``: navigation with its cartable badge, header, footer) around an
empty page.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from cases.models import CLOSED_STATES, Case
from core.api import Pagination
from offices.models import Membership
from pishkhan.urls import urlpatterns as site


class BareView(APIView):
    def get(self, request):
        return Response({"ok": True, "user": request.user.pk})


@login_required
def bare_page(request):
    return HttpResponse(f'<!doctype html><html lang="fa" dir="rtl"><title>.</title><p>{request.user.pk}</p></html>')


class _AsTheyCome(serializers.BaseSerializer):
    def to_representation(self, row):
        return row


class ReferenceListView(ListAPIView):
    serializer_class = _AsTheyCome
    pagination_class = Pagination
    _offices = {}

    def get_queryset(self):
        user = self.request.user
        if user.pk not in self._offices:
            post = Membership.objects.current().filter(user=user).exclude(office=None).first()
            self._offices[user.pk] = post.office_id if post else None
        return (
            Case.objects.filter(office_id=self._offices[user.pk], holder_role=Role.TECHNICAL_OFFICER)
            .exclude(state__in=CLOSED_STATES)
            .order_by("deadline", "created_at")
            .values(
                "id", "tracking_code", "service_id", "channel", "state", "applicant_first_name",
                "applicant_last_name", "holder_id", "holder_role", "deadline", "created_at", "updated_at",
            )
        )  # fmt: skip


@login_required
def reference_layout(request):
    return render(request, "base.html", {})


urlpatterns = [
    path("bench/bare/", BareView.as_view()),
    path("bench/bare-page/", bare_page),
    path("bench/reference-list/", ReferenceListView.as_view()),
    path("bench/reference-layout/", reference_layout),
    *site,
]
