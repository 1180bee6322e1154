"""Pages: a citizen signs in with mobile and national ID, then the code sent by SMS."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import otp
from accounts.otp_serializers import CodeRequestSerializer, CodeVerifySerializer
from core.errors import DomainError

SESSION_KEY = "citizen_sign_in"


def _input(**attrs):
    return forms.TextInput(attrs={"class": "form-control", "dir": "ltr", "autocomplete": "off", **attrs})


class SerializerForm(forms.Form):
    """A form whose rules are the API serializer's: errors land beside the field they concern."""

    serializer_class = None

    def clean(self):
        cleaned = super().clean()
        data = {name: self.data.get(name, "") for name in self.fields}
        serializer = self.serializer_class(data=data)
        if not serializer.is_valid():
            for name, messages in serializer.errors.items():
                target = name if name in self.fields else None
                if target is None or target not in self.errors:
                    self.add_error(target, [str(m) for m in messages])
            return cleaned
        cleaned.update(serializer.validated_data)
        return cleaned


class CodeRequestForm(SerializerForm):
    serializer_class = CodeRequestSerializer
    mobile = forms.CharField(
        label=gettext_lazy("Mobile number"),
        max_length=20,
        widget=_input(inputmode="tel", autocomplete="tel", placeholder="09121234567", autofocus=True),
    )
    national_id = forms.CharField(
        label=gettext_lazy("National ID"), max_length=20, widget=_input(inputmode="numeric", placeholder="0012345678")
    )


class CodeForm(SerializerForm):
    serializer_class = CodeVerifySerializer
    mobile = forms.CharField(widget=forms.HiddenInput, max_length=20)
    code = forms.CharField(
        label=gettext_lazy("The code sent by SMS"),
        max_length=12,
        widget=_input(inputmode="numeric", autocomplete="one-time-code", autofocus=True, maxlength="6"),
    )


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


def _masked(mobile):
    return f"{mobile[:4]}•••{mobile[-4:]}"


@require_http_methods(["GET", "POST"])
def ask_for_code(request):
    """Step 1: mobile and national ID; a code goes out and the page asks for it."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = CodeRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                otp.request_code(
                    mobile=form.cleaned_data["mobile"],
                    national_id=form.cleaned_data["national_id"],
                    ip=otp.client_ip(request),
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.http_status
            else:
                request.session[SESSION_KEY] = {
                    "mobile": form.cleaned_data["mobile"],
                    "national_id": form.cleaned_data["national_id"],
                    "next": _next(request),
                }
                return redirect("citizen_sign_in_code")
        else:
            status = 400
    return render(request, "accounts/citizen_sign_in.html", {"form": form, "next": _next(request)}, status=status)


@require_http_methods(["GET", "POST"])
def enter_code(request):
    """Step 2: the code; the first sign-in creates the citizen's account."""
    pending = request.session.get(SESSION_KEY)
    if not pending:
        return redirect("citizen_sign_in")
    form = CodeForm(request.POST or None, initial={"mobile": pending["mobile"]})
    status = 200
    if request.method == "POST":
        # The mobile is the one the code went to, whatever the page sent back.
        form = CodeForm({"mobile": pending["mobile"], "code": request.POST.get("code", "")})
        if form.is_valid():
            try:
                user = otp.verify_code(mobile=form.cleaned_data["mobile"], code=form.cleaned_data["code"])
            except DomainError as exc:
                form.add_error("code" if "code" in exc.fields else None, exc.message)
                status = exc.http_status
            else:
                target = pending.get("next") or reverse("cases:mine")
                request.session.pop(SESSION_KEY, None)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect(target)
        else:
            status = 400
    context = {
        "form": form,
        "masked_mobile": _masked(pending["mobile"]),
        "minutes": max(1, settings.OTP_TTL_SECONDS // 60),
    }
    return render(request, "accounts/citizen_sign_in_code.html", context, status=status)


@require_http_methods(["POST"])
def send_again(request):
    """A new code to the same mobile (the rate limits apply)."""
    pending = request.session.get(SESSION_KEY)
    if not pending:
        return redirect("citizen_sign_in")
    try:
        otp.request_code(mobile=pending["mobile"], national_id=pending["national_id"], ip=otp.client_ip(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("A new code was sent."))
    return redirect("citizen_sign_in_code")
