"""Files of my office, my district (or the city, for the supervision unit): every file this person
may see, in any state — unlike the cartable, which holds only what waits for them. Searchable,
filterable, paginated, exported to Excel; and the header's search box that jumps to a file."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.vary import vary_on_headers

from accounts.models import MUNICIPAL_ROLES, OFFICE_ROLES, Role
from cases import selectors
from cases.filters import CaseFilter
from cases.forms import CartableFilterForm, file_services
from cases.models import State
from cases.tracking import is_well_formed, normalize_tracking_code
from cases.views.cartable import ORDERINGS, offer_states
from cases.views.common import paginate, roles_required
from core import excel
from core.jalali import format_jalali
from core.queries import capped_count
from core.validators import is_digits, normalize_text

STAFF = tuple(OFFICE_ROLES | MUNICIPAL_ROLES)
# More than this many rows is not a list anyone reads: the export asks for a narrower filter.
MAX_EXPORT_ROWS = 20000
WIDE_ROLES = (Role.INSPECTOR, Role.FOLLOWUP_OFFICER, Role.MUNICIPAL_STAFF, Role.SUPERVISOR, Role.ADMIN)


def _form(request):
    form = CartableFilterForm(request.GET, services=file_services())
    offer_states(form, list(State))
    # Newest first unless the person asks for the deadline order.
    form.fields["sort"].choices = [("created", _("Newest first")), ("deadline", _("Deadline"))]
    return form


def filtered_files(user, form):
    """This person's files (``selectors.visible_cases``) through the API's own filters."""
    sort = form.ordering() if form.data.get("sort") else "created"
    cases = CaseFilter(form.filter_data(), queryset=selectors.visible_cases(user)).qs
    return cases.order_by(*ORDERINGS[sort])


@roles_required(*STAFF)
@vary_on_headers("HX-Request")
def files(request):
    """Queries, whatever the page size: session, user, the services of the filter, the page's
    COUNT and the page itself (plus the navigation's cartable count on a full page)."""
    form = _form(request)
    page = paginate(request, selectors.page_rows(filtered_files(request.user, form)))
    context = {
        "form": form,
        "page": page,
        "show_office": request.user.role in WIDE_ROLES,
        "export_query": request.GET.urlencode(),
    }
    partial = bool(request.htmx) and not request.htmx.boosted
    return render(request, "cases/_files_results.html" if partial else "cases/files.html", context)


def _yes_no(value):
    return _("Yes") if value else _("No")


def _rows(cases):
    for case in cases.iterator(chunk_size=1000):
        yield [
            case.tracking_code,
            case.service.title,
            case.get_state_display(),
            case.applicant_name,
            case.applicant_national_id,
            case.parcel.renewal_code,
            case.parcel.address,
            case.district.name,
            case.office.name,
            case.office.code,
            format_jalali(case.created_at, "%Y/%m/%d %H:%M", persian=False),
            format_jalali(case.deadline, persian=False),
            _yes_no(case.is_overdue),
            format_jalali(case.closed_at, "%Y/%m/%d %H:%M", persian=False),
        ]


EXPORT_HEADERS = (
    (gettext_lazy("Tracking code"), 16),
    (gettext_lazy("Service"), 30),
    (gettext_lazy("State"), 18),
    (gettext_lazy("Applicant"), 24),
    (gettext_lazy("National ID"), 13),
    (gettext_lazy("Renewal code"), 24),
    (gettext_lazy("Address"), 40),
    (gettext_lazy("District"), 12),
    (gettext_lazy("Counter office"), 30),
    (gettext_lazy("office code"), 12),
    (gettext_lazy("Registered"), 18),
    (gettext_lazy("Deadline"), 12),
    (gettext_lazy("Overdue"), 8),
    (gettext_lazy("Closed"), 18),
)


@roles_required(*STAFF)
def export(request):
    """The same list as the page, with the same filters, as an Excel workbook."""
    form = _form(request)
    cases = filtered_files(request.user, form)
    if capped_count(cases, MAX_EXPORT_ROWS) > MAX_EXPORT_ROWS:
        context = {
            "form": form,
            "page": paginate(request, selectors.page_rows(cases)),
            "show_office": request.user.role in WIDE_ROLES,
            "export_query": request.GET.urlencode(),
            "alert": _("More than %(max)s files match: narrow the filter to at most %(max)s to export them.")
            % {"max": MAX_EXPORT_ROWS},
        }
        return render(request, "cases/files.html", context, status=400)
    data = excel.workbook(
        _("Files"),
        [label for label, _width in EXPORT_HEADERS],
        _rows(cases),
        widths=[width for _label, width in EXPORT_HEADERS],
    )
    response = HttpResponse(data, content_type=excel.CONTENT_TYPE)
    name = f"pishkhan-files-{format_jalali(timezone.localdate(), '%Y-%m-%d', persian=False)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@roles_required(*STAFF)
def find(request):
    """The header's search box: a tracking code jumps to its file when this person may see it;
    any other text searches the files list."""
    text = normalize_text(request.GET.get("q", ""))[:100]
    if not text:
        return redirect("cases:list")
    code = normalize_tracking_code(text)
    if len(code) != 12 or not is_digits(text.replace(" ", "")):
        return redirect(reverse("cases:list") + "?" + urlencode({"q": text}))
    pk = None
    if is_well_formed(code):
        pk = selectors.visible_cases(request.user).filter(tracking_code=code).values_list("pk", flat=True).first()
    if pk is not None:
        return redirect("cases:detail", pk=pk)
    return render(request, "cases/find.html", {"q": text, "well_formed": is_well_formed(code)}, status=404)
