"""The inquiries' part of the demo city: the supervision unit's letter templates, and the demo
files' responses written from them (as the municipal staff would)."""

from inquiries.letters.drafting import file_values, fill
from inquiries.models import LetterTemplate
from offices.models import Municipality, Service

TEMPLATES = {
    ("notary_inquiry", "approved"): (
        "نقل و انتقال بلامانع",
        "بازگشت به نامهٔ شمارهٔ {inquiry_number} مورخ {inquiry_date} {addressee}، "
        "دربارهٔ ملک به کد نوسازی {renewal_code} به نشانی {address}، به اطلاع می‌رساند "
        "نقل و انتقال این ملک از نظر شهرسازی بلامانع است.\n"
        "بر پایهٔ بازدید {visit_date}: مساحت عرصه {land_area} و زیربنا {built_area} متر مربع، "
        "{floors} طبقه با کاربری {usage}.",
    ),
    ("notary_inquiry", "denied"): (
        "نقل و انتقال با مانع",
        "بازگشت به نامهٔ شمارهٔ {inquiry_number} مورخ {inquiry_date} {addressee}، "
        "دربارهٔ ملک به کد نوسازی {renewal_code} به نشانی {address}، به اطلاع می‌رساند "
        "نقل و انتقال این ملک تا رفع موارد زیر مقدور نیست:\n{visit_findings}\n{review_note}",
    ),
    ("bank_inquiry", "approved"): (
        "ترهین ملک بلامانع",
        "بازگشت به نامهٔ شمارهٔ {inquiry_number} مورخ {inquiry_date} {addressee}، ملک به کد نوسازی "
        "{renewal_code} به نشانی {address} به نام {applicant_name} از نظر شهرسازی منعی برای ترهین ندارد.\n"
        "زیربنای موجود بر پایهٔ بازدید: {built_area} متر مربع در {floors} طبقه.",
    ),
    ("bank_inquiry", "denied"): (
        "ترهین ملک با مانع",
        "بازگشت به نامهٔ شمارهٔ {inquiry_number} مورخ {inquiry_date} {addressee}، ملک به کد نوسازی "
        "{renewal_code} به نشانی {address} به سبب موارد زیر فعلاً قابل ترهین نیست:\n{visit_findings}",
    ),
    ("excavation", "approved"): (
        "مجوز حفاری",
        "با درخواست حفاری {addressee} به شمارهٔ {inquiry_number} در محدودهٔ {address} موافقت می‌شود. "
        "ترمیم آسفالت و بازگرداندن معبر به حالت اول بر عهدهٔ متقاضی است.",
    ),
    ("excavation", "denied"): (
        "مخالفت با حفاری",
        "با درخواست حفاری {addressee} به شمارهٔ {inquiry_number} در محدودهٔ {address} "
        "به سبب موارد زیر مخالفت می‌شود:\n{review_note}",
    ),
}


def seed_templates(log=print):
    """The demo's letter templates for every municipality (idempotent: found by title)."""
    made = 0
    services = {s.code: s for s in Service.objects.filter(code__in={code for code, _r in TEMPLATES})}
    for city in Municipality.objects.order_by("pk"):
        for (code, result), (title, text) in TEMPLATES.items():
            if code not in services:
                continue
            _template, created = LetterTemplate.objects.get_or_create(
                municipality=city, service=services[code], result=result, title=title, defaults={"text": text}
            )
            made += created
    return made


def response_for(case, result):
    """What the demo's municipal staff issue: the template of the file's service and result,
    filled in with the file's data (``apply_action``'s ``result``, ``text`` and ``template``)."""
    template = (
        LetterTemplate.objects.filter(
            municipality_id=case.district.municipality_id, service_id=case.service_id, result=result, is_active=True
        )
        .order_by("pk")
        .first()
    )
    if template is None:
        text = "از نظر شهرسازی بلامانع است." if result == "approved" else "با درخواست مخالفت می‌شود."
        return {"result": result, "text": text}
    return {"result": result, "text": fill(template.text, file_values(case)), "template": template.pk}
