"""Instructions: staff read and acknowledge theirs; the supervision unit publishes and follows up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.tenancy import city_or_national
from core.errors import DomainError
from offices import selectors, services
from offices.forms import InstructionForm
from offices.models import Instruction
from offices.views.common import paginate, run_service, stream_file


def _readable(user):
    """Instructions of the user's city and the national ones; another city's are not there (404)."""
    if user.is_supervisor:
        return selectors.unit_instructions(user)
    return Instruction.objects.filter(city_or_national(user.municipality_id))


def _page(request, form=None, status=200):
    user = request.user
    if user.is_supervisor:
        page = paginate(request, selectors.all_instructions(user))
        page.object_list = selectors.with_acknowledgement_counts(page.object_list, viewer=user)
        form = form or InstructionForm()
        managed = []
    else:
        page = paginate(request, selectors.instructions_for(user))
        # A manager answers for the office's staff: the acknowledgements they owe, as the scorecard counts them.
        managed = [
            (post.office, selectors.office_acknowledgements(post.office))
            for post in selectors.staff_posts(user)
            if post.role == Role.OFFICE_MANAGER
        ]
    offices = [
        {
            "office": office,
            "instructions": rows,
            "addressed": sum(i.addressed_count for i in rows),
            "acknowledged": sum(i.acknowledged_count for i in rows),
        }
        for office, rows in managed
    ]
    return render(request, "offices/instructions.html", {"page": page, "form": form, "offices": offices}, status=status)


@login_required
def instructions(request):
    """Queries: session and user, the count, the page, and for supervisors the people addressed and
    the acknowledgements of the page — fixed whatever the page size."""
    if not (request.user.is_supervisor or request.user.is_office_staff):
        raise PermissionDenied
    return _page(request)


@login_required
@require_POST
def publish(request):
    if not request.user.is_supervisor:
        raise PermissionDenied
    form = InstructionForm(request.POST, request.FILES)
    if form.is_valid() and run_service(form, services.publish_instruction, actor=request.user, **form.cleaned_data):
        messages.success(request, _("The instruction was published."))
        return redirect("offices:instructions")
    return _page(request, form=form, status=400)


@login_required
def instruction_detail(request, pk):
    instruction = get_object_or_404(_readable(request.user).select_related("published_by"), pk=pk)
    context = {"instruction": instruction}
    if request.user.is_supervisor:
        context["done"], context["waiting"] = selectors.acknowledgement_status(instruction, viewer=request.user)
    elif selectors.is_addressed(instruction, request.user):
        context["acknowledged"] = instruction.acknowledgements.filter(user=request.user).first()
    else:
        raise PermissionDenied
    return render(request, "offices/instruction_detail.html", context)


@login_required
@require_POST
def acknowledge(request, pk):
    instruction = get_object_or_404(_readable(request.user), pk=pk)
    try:
        _ack, created = services.acknowledge_instruction(instruction=instruction, user=request.user)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    if created:
        messages.success(request, _("Thank you: your acknowledgement was recorded."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "offices:instructions"
    return redirect(target)


@login_required
def attachment(request, pk):
    instruction = get_object_or_404(_readable(request.user), pk=pk)
    if not (request.user.is_supervisor or selectors.is_addressed(instruction, request.user)):
        raise PermissionDenied
    return stream_file(instruction.attachment)
