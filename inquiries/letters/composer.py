"""Issuing the response from the file's page: pick a template of the file's service (its text
comes filled in with the file's data), adjust it, and issue. The workflow action is the same
``issue_response`` the API takes; its ``template`` input records where the text started."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.permissions import allowed_actions
from cases.plugins import registry
from cases.selectors import case_for
from cases.services import apply_action
from core.errors import DomainError
from inquiries.letters.drafting import drafts_for
from inquiries.letters.services import MAX_TEXT
from inquiries.models import Letter

ACTION = "issue_response"
PANEL_TEMPLATE = "letters/_issue.html"


class IssueForm(forms.Form):
    result = forms.ChoiceField(
        label=gettext_lazy("Result"),
        choices=Letter.Result.choices,
        widget=forms.RadioSelect({"class": "form-check-input"}),
    )
    template = forms.TypedChoiceField(label=gettext_lazy("Start from a template"), required=False, coerce=int)
    text = forms.CharField(
        label=gettext_lazy("Text of the response"),
        max_length=MAX_TEXT,
        widget=forms.Textarea({"class": "form-control", "rows": 8}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"class": "form-control", "rows": 2}),
    )

    def __init__(self, *args, drafts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.drafts = list(drafts)
        self.fields["template"].choices = [("", _("None: write the text"))] + [
            (d["id"], d["title"]) for d in self.drafts
        ]

    def action_data(self):
        """``apply_action``'s inputs: the template only when one was chosen."""
        data = {"result": self.cleaned_data["result"], "text": self.cleaned_data["text"]}
        if self.cleaned_data.get("template"):
            data["template"] = self.cleaned_data["template"]
        return data


def may_issue(case, user):
    return ACTION in allowed_actions(case, user)


def panel_context(case, user, form=None, **extra):
    drafts = drafts_for(case)
    return {
        "case": case,
        "form": form or IssueForm(drafts=drafts),
        # What still keeps the response from being issued (an unpaid fee), said before anyone writes it.
        "blocked": registry().guard(case, ACTION),
        "drafts": drafts,
        "drafts_json": json.dumps(drafts, ensure_ascii=False, default=str),
        **extra,
    }


def issue_panel(case, user):
    """The file page's composer, for the district's municipal staff while the file waits for them."""
    if not user.is_authenticated or not may_issue(case, user):
        return None
    return PANEL_TEMPLATE, panel_context(case, user)


@login_required
@require_POST
def issue(request, pk):
    case = case_for(request.user, pk)
    if case is None:
        raise Http404
    form = IssueForm(request.POST, drafts=drafts_for(case))
    status, alert = 400, _("Check the marked fields.")
    if form.is_valid():
        try:
            apply_action(case, ACTION, request.user, note=form.cleaned_data["note"], **form.action_data())
        except DomainError as exc:
            status, alert = exc.http_status, exc.message
            for name, errors in exc.fields.items():
                field = name.rsplit(".", 1)[-1]
                for error in errors:
                    form.add_error(field if field in form.fields else None, str(error))
        else:
            messages.success(request, _("The response was issued."))
            target = reverse("cases:detail", args=[case.pk])
            if request.htmx:
                response = HttpResponse()
                response["HX-Redirect"] = target
                return response
            return redirect(target)
    context = panel_context(case, request.user, form=form, alert=alert)
    if request.htmx:
        return render(request, PANEL_TEMPLATE, context, status=status)
    return render(request, "letters/issue_page.html", context, status=status)
