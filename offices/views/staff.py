"""Office staff's own pages: "My office" (the manager manages its staff there) and ending a post."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.tenancy import city_of, in_city
from offices import selectors, services
from offices.forms import STAFF_ROLES, EndMembershipForm, StaffForm
from offices.models import Membership
from offices.views.common import run_service, stream_file


def _my_offices(user):
    """Each office the user works at, with whether it may register files and, for its manager, the staff."""
    rows = []
    for post in selectors.staff_posts(user):
        office = post.office
        manages = post.role == Role.OFFICE_MANAGER
        gaps = selectors.untrained_staff(office=office, viewer=user) if manages else []
        rows.append(
            {
                "post": post,
                "office": office,
                "check": services.may_register(office),
                "manages": manages,
                "staff": selectors.with_training(selectors.office_staff(office)) if manages else None,
                "terms": selectors.office_terms(office) if manages else None,
                "former_staff": selectors.office_staff(office, current=False)[:20] if manages else None,
                "gaps": gaps,
                "untrained_ids": {gap.user.pk for gap in gaps},
            }
        )
    return rows


@login_required
def my_office(request):
    form = None
    offices = _my_offices(request.user)
    managed = [row["office"] for row in offices if row["manages"]]
    if managed:
        form = StaffForm(request.POST or None, request.FILES or None, roles=STAFF_ROLES, city=city_of(request.user))
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        office = managed[0]
        if form.is_valid():
            data = form.cleaned_data
            if run_service(
                form,
                services.add_staff,
                office=office,
                user=data["user"],
                role=data["role"],
                actor=request.user,
                starts_on=data["starts_on"],
                employment_starts_on=data["employment_starts_on"],
                employment_ends_on=data["employment_ends_on"],
                employment_file=data["employment_file"],
                roles={r for r, _label in STAFF_ROLES},
            ):
                messages.success(request, _("The post was added."))
                return redirect("offices:my_office")
    return render(
        request,
        "offices/my_office.html",
        {"offices": offices, "form": form, "end_form": EndMembershipForm(), "today": selectors.today()},
        status=400 if form is not None and form.errors else 200,
    )


def _city_posts(user):
    """Posts of the user's city: another city's are not there (404), nor are those of an office whose staff the
    user does not manage (``_managed_post``)."""
    return Membership.objects.filter(in_city(user, "district__municipality"))


def _managed_post(request, pk, *related):
    """A post of an office whose staff the user manages; any other post is not there (404), as another
    office's objects are everywhere."""
    membership = get_object_or_404(_city_posts(request.user).select_related(*related), pk=pk)
    if membership.office is None or not selectors.can_manage_staff(request.user, membership.office):
        raise Http404
    return membership


@login_required
@require_POST
def end_membership(request, pk):
    membership = _managed_post(request, pk, "office", "user")
    form = EndMembershipForm(request.POST)
    if form.is_valid() and run_service(
        form, services.end_membership, membership=membership, actor=request.user, ends_on=form.cleaned_data["ends_on"]
    ):
        messages.success(
            request,
            _("%(name)s's post was ended.") % {"name": membership.user.get_full_name() or membership.user.username},
        )
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    if request.user.is_supervisor:
        return redirect("offices:manage_detail", pk=membership.office_id)
    return redirect("offices:my_office")


@login_required
def employment_file(request, pk):
    membership = _managed_post(request, pk, "office")
    return stream_file(membership.employment_file)
