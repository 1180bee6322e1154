"""The visit report as a Persian PDF (WeasyPrint), attached to the file as a document."""

import base64
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from cases.models import Document, DocumentKind
from core.pdf import html_to_pdf
from inspections.forms import violation_label
from inspections.models import ReportStatus, VisitReport

FONT_DIR = settings.BASE_DIR / "node_modules" / "vazirmatn" / "fonts" / "ttf"


def _data_uri(field_file):
    # Embedded, so the PDF renders the same whether photos live on disk or in object storage.
    with field_file.open("rb") as handle:
        return "data:image/jpeg;base64," + base64.b64encode(handle.read()).decode()


def render_report_pdf(report):
    """The PDF bytes of one report version."""
    report = (
        VisitReport.objects.select_related(
            "case__office__district", "case__service", "case__parcel", "author", "visit__inspector"
        )
        .prefetch_related("photos")
        .get(pk=report.pk)
    )
    photos = [{"src": _data_uri(p.display), "name": p.original_name} for p in report.photos.all()]
    violations = [{"label": violation_label(v.get("type")), "area": v.get("area")} for v in report.violations or []]
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "inspections/pdf/report.html",
            {
                "report": report,
                "case": report.case,
                "photos": photos,
                "violations": violations,
                "font_regular": (FONT_DIR / "Vazirmatn-Regular.ttf").as_uri(),
                "font_bold": (FONT_DIR / "Vazirmatn-Bold.ttf").as_uri(),
            },
        )
    return html_to_pdf(html, base_url=str(settings.BASE_DIR))


@transaction.atomic
def attach_pdf(report_id):
    """Render a submitted report once and attach it to the file (idempotent). Returns the Document."""
    report = (
        VisitReport.objects.select_for_update(of=("self",)).select_related("case", "pdf").filter(pk=report_id).first()
    )
    if report is None or report.status != ReportStatus.SUBMITTED:
        return None
    if report.pdf is not None:
        return report.pdf
    content = render_report_pdf(report)
    name = f"visit-report-{report.case.tracking_code}-v{report.version}.pdf"
    document = Document(
        case=report.case,
        kind=DocumentKind.OTHER,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=report.author,
    )
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    VisitReport.objects.filter(pk=report.pk, pdf__isnull=True).update(pdf=document)
    return document
