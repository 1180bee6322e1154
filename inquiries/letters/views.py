"""Letter pages: public verification, and the letter's panel on the file's page (htmx)."""

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.selectors import case_for
from core.errors import DomainError
from inquiries.letters import plugin, selectors, services
from inquiries.letters.numbering import normalize_code
from inquiries.models import Letter


@require_GET
def verify_start(request):
    """Type the code printed on a letter."""
    code = normalize_code(request.GET.get("code", ""))
    if len(code) > 64:  # no code printed on a letter or permit is this long
        return render(request, "letters/verify_start.html", {"code": code[:64], "not_found": True}, status=404)
    if code:
        return redirect("inquiries:verify", code=code)
    return render(request, "letters/verify_start.html")


def _sha256_of(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


@require_http_methods(["GET", "POST"])
def verify(request, code):
    """What the letter says, whether it is in force, and (on upload) whether a copy is the issued PDF."""
    letter = selectors.letter_by_code(code)
    if letter is None:
        return render(request, "letters/verify_start.html", {"code": code, "not_found": True}, status=404)
    context = {"letter": letter, "c": letter.content, "replacement": getattr(letter, "replaced_by", None)}
    if request.method == "POST":
        upload = request.FILES.get("copy")
        if upload is None:
            context["upload_error"] = _("Choose the PDF file you hold.")
        elif upload.size > settings.UPLOAD_MAX_BYTES:
            context["upload_error"] = _("The file is larger than %(mb)d MB.") % {
                "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)
            }
        else:
            context["copy_hash"] = _sha256_of(upload)
            context["copy_matches"] = bool(letter.sha256) and context["copy_hash"] == letter.sha256
    return render(request, "letters/verify.html", context, status=200)


def _panel(request, case, status=200, **extra):
    context = plugin.panel_context(case, request.user)
    context.update(extra)
    return render(request, plugin.PANEL_TEMPLATE, context, status=status)


@login_required
@require_GET
def panel(request, pk):
    """The letter's panel alone: polled while the PDF is being prepared, swapped after a correction."""
    case = case_for(request.user, pk)
    if case is None:
        raise Http404
    return _panel(request, case)


@login_required
@require_POST
def correct(request, pk):
    letter = Letter.objects.filter(pk=pk).first()
    case = case_for(request.user, letter.case_id) if letter else None
    if case is None:
        raise Http404
    try:
        services.correct_letter(
            letter=letter,
            actor=request.user,
            text=request.POST.get("text", ""),
            reason=request.POST.get("reason", ""),
            result=request.POST.get("result") or None,
        )
    except DomainError as exc:
        # htmx swaps 4xx answers too (see static/js/pishkhan.js); the form keeps what was typed.
        return _panel(
            request, case, status=exc.http_status, error=exc.message, field_errors=exc.fields, posted=request.POST
        )
    if request.htmx:
        return _panel(request, case, corrected=True)
    return redirect(reverse("inquiries:panel", args=[case.pk]))
