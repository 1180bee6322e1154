"""N files over ten Jalali years, with every row a real file leaves behind.

Each file gets what the services would have written: the file, its property, its
inquiry, its documents (metadata; the bytes are one small shared PDF), its fee slip
with items and payment, its site visit and visit report, its hash-chained history
(the same digest ``cases.history`` computes, so ``verify_history`` accepts it), its
response letter with events, and the SMS messages sent to the applicant. Files are
generated in time order; the recent ones are open, as in a live system (a few per
cent of all files), older ones are mostly answered.
"""

import datetime
import hashlib
import random
from zoneinfo import ZoneInfo

import jdatetime
from django.conf import settings

from billing import bill_ids
from billing.models import FeeSlip, Payment, SlipItem
from cases.history import ROW_HASH_BYTES, head_for, transition_digest
from cases.models import ACTION_CODES, ROLE_CODES, STATE_CODES, Case, Document, Property, Transition
from cases.tracking import luhn_digit
from inquiries.frozen import pack
from inquiries.letters.numbering import ALPHABET, CODE_LENGTH, format_number
from inquiries.models import Inquiry, Letter
from inspections.models import Visit, VisitReport
from notifications.models import Message
from notifications.retention import retention_cutoff
from portal.demo import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, STREETS

from .copy import Table

UTC = datetime.UTC
TEHRAN = ZoneInfo(settings.TIME_ZONE)
SHARED_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SHARED_PDF_SHA = hashlib.sha256(SHARED_PDF).digest()  # digest columns hold the 32 bytes (core.digests)
SHARED_PATH = "bench/shared.pdf"
LETTER_PDF_SIZE = 38_000  # about what a rendered letter weighs

LAST = [
    p + n + s
    for n in LAST_NAMES
    for p in ("", "میر", "حاج")
    for s in ("", "\u200cپور", "\u200cزاده", "\u200cنیا", " فر", " راد", " نژاد", " مقدم")
]
FIRST = FIRST_NAMES_M + FIRST_NAMES_F
SERVICES = [("notary_inquiry", 50), ("bank_inquiry", 30), ("excavation", 20)]
BANKS = ["بانک ملی", "بانک ملت", "بانک صادرات", "بانک مسکن", "بانک سپه", "بانک تجارت"]
UTILITIES = ["شرکت آب و فاضلاب", "شرکت گاز استان", "شرکت توزیع برق", "شرکت مخابرات"]
FINDINGS = [
    "ملک مسکونی دو طبقه با نمای آجری",
    "ساختمان در حال ساخت، اسکلت بتنی",
    "زمین بایر محصور",
    "واحد تجاری همکف و مسکونی در طبقات",
    "ساختمان قدیمی یک طبقه",
]
REVIEW_NOTE = "مطابق طرح تفصیلی؛ بدون تعریض."
RETURN_NOTE = "تصویر سند مالکیت خوانا نیست؛ دوباره بارگذاری شود."
REJECT_NOTE = "ملک در طرح تعریض معبر قرار دارد."
ANSWERS = {
    "approved": "با نقل و انتقال موافقت می‌شود؛ ملک فاقد خلاف است.",
    "denied": "با نقل و انتقال مخالفت می‌شود.",
}
STATE_LABELS = {
    "submitted": "ثبت‌شده",
    "awaiting_visit": "در انتظار بازدید",
    "plan_review": "بررسی طرح تفصیلی",
    "municipal_review": "بررسی شهرداری",
    "returned": "برگشت برای اصلاح",
    "rejected": "ردشده",
    "cancelled": "لغوشده",
    "responded": "پاسخ داده‌شده",
}
SERVICE_TITLES = {
    "notary_inquiry": "استعلام دفترخانه (نقل و انتقال)",
    "bank_inquiry": "استعلام بانک",
    "excavation": "درخواست حفاری",
}
# (target, weight) for open files, by how recent they are; closed files end answered, rejected or cancelled.
OPEN_RECENT = [
    ("submitted", 30),
    ("awaiting_visit", 15),
    ("assigned", 25),
    ("plan_review", 15),
    ("municipal_review", 15),
]
OPEN_OLD = [("returned", 45), ("submitted", 10), ("assigned", 20), ("plan_review", 10), ("municipal_review", 15)]
CLOSED = [("responded", 86), ("rejected", 8), ("cancelled", 6)]
PATHS = {
    "submitted": ["register"],
    "returned": ["register", "return_to_applicant"],
    "awaiting_visit": ["register", "accept"],
    "assigned": ["register", "accept", "assign_inspector"],
    "plan_review": ["register", "accept", "assign_inspector", "submit_visit_report"],
    "municipal_review": ["register", "accept", "assign_inspector", "submit_visit_report", "complete_plan_review"],
    "responded": [
        "register",
        "accept",
        "assign_inspector",
        "submit_visit_report",
        "complete_plan_review",
        "issue_response",
    ],
    "cancelled": ["register", "cancel"],
}
REJECT_AFTER = [(["register"], 40), (PATHS["plan_review"], 30), (PATHS["municipal_review"], 30)]
# Hours an action waits after the previous one: (least, most).
GAPS = {
    "accept": (1, 40),
    "return_to_applicant": (1, 30),
    "resubmit": (20, 120),
    "assign_inspector": (1, 24),
    "submit_visit_report": (20, 90),
    "complete_plan_review": (2, 48),
    "issue_response": (20, 110),
    "reject": (2, 60),
    "cancel": (2, 100),
}
TO_STATE = {
    "register": "submitted",
    "accept": "awaiting_visit",
    "return_to_applicant": "returned",
    "resubmit": "submitted",
    "assign_inspector": "awaiting_visit",
    "submit_visit_report": "plan_review",
    "complete_plan_review": "municipal_review",
    "issue_response": "responded",
    "reject": "rejected",
    "cancel": "cancelled",
}
EVENTS = {"returned": "returned_for_correction", "responded": "response_issued"}


def _weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def national_id(rng):
    while True:
        body = f"{rng.randrange(10**9):09d}"
        if len(set(body)) > 1:
            break
    total = sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
    return body + str(total if total < 2 else 11 - total)


def verification_code(n):
    """A code for letter ``n``: a bijection of n onto the alphabet's 10-letter words, so never repeated."""
    base = len(ALPHABET)
    value = (n * 1_000_003 + 7_777_777) % base**CODE_LENGTH
    chars = []
    for _ in range(CODE_LENGTH):
        value, r = divmod(value, base)
        chars.append(ALPHABET[r])
    return "".join(chars)


def _open_share(age_days):
    if age_days < 7:
        return 0.9
    if age_days < 30:
        return 0.6
    if age_days < 90:
        return 0.3
    if age_days < 365:
        return 0.1
    return 0.01


class Generator:
    def __init__(self, *, n, places, tariffs, first_ids, taken_codes, now, years=10, seed=1405):
        self.n = n
        self.places = places
        self.tariffs = tariffs  # (municipality id, service code) -> (tariff id, municipality fee, counter fee)
        self.ids = dict(first_ids)
        self.taken_codes = taken_codes
        self.now = now
        self.message_cutoff = retention_cutoff(now)
        today_j = jdatetime.date.fromgregorian(date=now.astimezone(TEHRAN).date())
        start = jdatetime.date(today_j.year - years + 1, 1, 1).togregorian()
        self.start = datetime.datetime.combine(start, datetime.time(4, 30), tzinfo=UTC)
        self.span = (now - datetime.timedelta(minutes=30) - self.start).total_seconds()
        self.seed = seed
        rng = random.Random(seed)
        self.weights = [rng.choice([1, 2, 2, 3, 3, 4]) for _ in places]
        self.letter_serials = {}  # (district id, year) -> last serial
        self.slip_serials = {}  # (municipality id, year) -> last serial
        self.parcels = {}  # district id -> recent parcel ids
        self.applicants = []
        self.done = 0
        self.tables = {
            "case": Table(
                Case,
                [
                    "id",
                    "service_id",
                    "tracking_code",
                    "channel",
                    "office_id",
                    "district_id",
                    "applicant_national_id",
                    "applicant_first_name",
                    "applicant_last_name",
                    "applicant_mobile",
                    "applicant_user_id",
                    "parcel_id",
                    "state",
                    "holder_id",
                    "holder_role",
                    "inspector_id",
                    "step_started_at",
                    "deadline",
                    "paused_days_left",
                    "resume_state",
                    "version",
                    "result",
                    "created_by_id",
                    "created_at",
                    "updated_at",
                    "submitted_at",
                    "closed_at",
                    "history_head",
                ],
            ),
            "property": Table(
                Property,
                [
                    "id",
                    "renewal_code",
                    "district_id",
                    "municipality_id",
                    "address",
                    "land_area",
                    "built_area",
                    "use",
                    "on_record",
                ],
            ),
            "inquiry": Table(
                Inquiry,
                [
                    "case_id",
                    "organization_name",
                    "notary_number",
                    "notary_city",
                    "bank_name",
                    "bank_branch",
                    "letter_number",
                    "letter_date",
                    "purpose",
                    "utility_company",
                    "location",
                    "cut_length_m",
                    "cut_width_m",
                    "planned_start",
                    "planned_end",
                ],
            ),
            "document": Table(
                Document,
                [
                    "id",
                    "case_id",
                    "kind",
                    "file",
                    "original_name",
                    "content_type",
                    "size",
                    "sha256",
                    "uploaded_by_id",
                    "uploaded_at",
                ],
            ),
            "transition": Table(
                Transition,
                [
                    "case_id",
                    "seq",
                    "action",
                    "from_state",
                    "to_state",
                    "actor_id",
                    "actor_role",
                    "note",
                    "data",
                    "at",
                    "hash",
                ],
            ),
            "slip": Table(
                FeeSlip,
                [
                    "id",
                    "municipality_id",
                    "number",
                    "kind",
                    "status",
                    "case_id",
                    "office_id",
                    "tariff_id",
                    "amount_rials",
                    "counter_fee_rials",
                    "bill_id",
                    "payment_id",
                    "payer_national_id",
                    "payer_name",
                    "payer_mobile",
                    "issued_at",
                    "issued_by_id",
                    "paid_at",
                ],
            ),
            "item": Table(SlipItem, ["id", "slip_id", "kind", "amount_rials", "live"]),
            "payment": Table(
                Payment, ["id", "slip_id", "reference", "amount_rials", "channel", "paid_at", "recorded_at"]
            ),
            "visit": Table(
                Visit,
                [
                    "id",
                    "case_id",
                    "inspector_id",
                    "state",
                    "assigned_by_id",
                    "assigned_at",
                    "deadline",
                    "reported_at",
                    "visited_on",
                    "days_to_visit",
                ],
            ),
            "report": Table(
                VisitReport,
                [
                    "id",
                    "case_id",
                    "visit_id",
                    "version",
                    "status",
                    "author_id",
                    "visited_on",
                    "land_area",
                    "built_area",
                    "floors",
                    "usage",
                    "findings",
                    "created_at",
                    "updated_at",
                    "submitted_at",
                ],
            ),
            "letter": Table(
                Letter,
                [
                    "id",
                    "case_id",
                    "district_id",
                    "year",
                    "serial",
                    "number",
                    "verification_code",
                    "result",
                    "text",
                    "content",
                    "signer_id",
                    "issued_at",
                    "status",
                    "pdf",
                    "sha256",
                    "pdf_size",
                    "rendered_at",
                ],
            ),
            "message": Table(
                Message,
                [
                    "id",
                    "channel",
                    "event",
                    "recipient",
                    "body",
                    "status",
                    "attempts",
                    "dedupe_key",
                    "created_at",
                    "sent_at",
                    "municipality_id",
                ],
            ),
        }

    # --- helpers ----------------------------------------------------------------------------------------------

    def next_id(self, table):
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def tracking_code(self, index, year):
        k = 0
        while True:
            body = f"{year % 100:02d}{((index + k * 7_919) * 387_420_489 + 123_456_789) % 10**9:09d}"
            code = body + luhn_digit(body)
            if code not in self.taken_codes:
                return code
            k += 1

    def _message(self, event, mobile, body, at, municipality_id, dedupe_key=None):
        # Only what the retention keeps (notifications.retention): older sent messages are deleted nightly.
        if self.message_cutoff is not None and at < self.message_cutoff:
            return
        self.tables["message"].add(
            self.next_id("message"), "sms", event, mobile, body, "sent", 1, dedupe_key, at, at, municipality_id
        )

    # --- one chunk of files -----------------------------------------------------------------------------------

    def chunk(self, size):
        """Generate the next ``size`` files; returns the tables holding their rows."""
        rng = random.Random(self.seed * 7_000_003 + self.done)
        for _ in range(min(size, self.n - self.done)):
            self._file(rng, self.done)
            self.done += 1
        return list(self.tables.values())

    def _file(self, rng, index):
        t = self.tables
        place = rng.choices(self.places, weights=self.weights)[0]
        officer_id, officer_name, officer_role = rng.choice(place.officers)
        created = self.start + datetime.timedelta(seconds=(index + rng.random()) / self.n * self.span)
        local = created.astimezone(TEHRAN)
        # Office hours: 08:00 to 15:00 in Tehran, the same day.
        local = local.replace(hour=8 + rng.randrange(7), minute=rng.randrange(60), second=rng.randrange(60))
        created = min(local.astimezone(UTC), self.now - datetime.timedelta(minutes=20))
        created = created.replace(microsecond=rng.randrange(1_000_000))
        age_days = (self.now - created).days
        created_j = jdatetime.date.fromgregorian(date=created.astimezone(TEHRAN).date())

        # How far the file got.
        if rng.random() < _open_share(age_days):
            target = _weighted(rng, OPEN_RECENT if age_days < 7 else OPEN_OLD)
        else:
            target = _weighted(rng, CLOSED)
        if target == "rejected":
            path = [*_weighted(rng, REJECT_AFTER), "reject"]
        else:
            path = list(PATHS[target])
        if target not in ("returned", "cancelled") and rng.random() < 0.08:
            path[1:1] = ["return_to_applicant", "resubmit"]

        service = _weighted(rng, SERVICES)
        case_id = self.next_id("case")
        tracking = self.tracking_code(index, created_j.year)
        if self.applicants and rng.random() < 0.25:
            nid, first, last, mobile = rng.choice(self.applicants)
        else:
            nid = national_id(rng)
            first = rng.choice(FIRST)
            last = rng.choice(LAST[: 8 + rng.randrange(len(LAST) - 8)])  # a long tail of rarer names
            mobile = f"09{rng.choice('1390')}{rng.randrange(10**8):08d}"
            self.applicants.append((nid, first, last, mobile))
            if len(self.applicants) > 5000:
                del self.applicants[:1000]

        # The property: mostly a parcel first seen now; some come back for another service.
        pool = self.parcels.setdefault(place.district_id, [])
        if pool and rng.random() < 0.2:
            parcel_id, renewal, address = rng.choice(pool)
        else:
            parcel_id = self.next_id("property")
            renewal = (
                f"{place.district_number:02d}-{parcel_id // 100_000 % 1000:03d}-{parcel_id % 997 + 1:03d}-"
                f"{900 + place.city_index:03d}-{parcel_id // 1000 % 100:02d}-{parcel_id % 1000:03d}"
            )
            address = f"{place.city}، {rng.choice(STREETS)}، پلاک {rng.randint(1, 300)}"
            t["property"].add(
                parcel_id,
                renewal,
                place.district_id,
                place.municipality_id,
                address,
                rng.randint(80, 600),
                rng.randint(60, 1500),
                "residential",
                rng.random() < 0.5,
            )
            pool.append((parcel_id, renewal, address))
            if len(pool) > 300:
                del pool[:100]

        # Steps and their times; a young file's steps are squeezed into its age.
        times = [created]
        hours = [rng.uniform(*GAPS[a]) for a in path[1:]]
        room = (self.now - created).total_seconds() / 3600 - 0.2
        scale = min(1.0, room / sum(hours)) if hours and sum(hours) > 0 else 1.0
        for h in hours:
            times.append(times[-1] + datetime.timedelta(hours=h * scale, microseconds=rng.randrange(1_000_000)))

        inspector_id, inspector_name = rng.choice(place.inspectors)
        municipal_id, municipal_name = rng.choice(place.municipal)
        visit_id = report_id = None
        land_area, built_area, floors = rng.randint(80, 600), rng.randint(60, 1500), rng.randint(1, 6)
        findings = rng.choice(FINDINGS)
        result = "approved" if rng.random() < 0.7 else "denied"

        # The history, hash-chained as cases.history does it.
        prev_hash = ""
        state = ""
        has_inspector = False
        resume = ""
        for seq, (action, at) in enumerate(zip(path, times, strict=True), start=1):
            to_state = TO_STATE[action]
            if action == "resubmit":
                to_state = resume or "submitted"
            actor, role, note, data = officer_id, officer_role, "", {}
            if action == "return_to_applicant":
                note, resume = RETURN_NOTE, state
            elif action == "assign_inspector":
                visit_id = self.next_id("visit")
                has_inspector = True
                data = {"inspector": inspector_id}
            elif action == "submit_visit_report":
                report_id = self.next_id("report")
                actor, role = inspector_id, "inspector"
                data = {"report_version": 1}
            elif action == "complete_plan_review":
                note = REVIEW_NOTE
            elif action == "issue_response":
                actor, role = municipal_id, "municipal_staff"
                data = {"result": result}
            elif action == "reject":
                note = REJECT_NOTE
                if state == "municipal_review":
                    actor, role = municipal_id, "municipal_staff"
            digest = transition_digest(
                case_id=case_id,
                seq=seq,
                action=action,
                from_state=state,
                to_state=to_state,
                actor_id=actor,
                actor_role=role,
                note=note,
                data=data,
                at=at,
                prev_hash=prev_hash,
            )[: 2 * ROW_HASH_BYTES]
            t["transition"].add(
                case_id, seq, ACTION_CODES[action], STATE_CODES[state], STATE_CODES[to_state], actor, ROLE_CODES[role],
                note, data, at, bytes.fromhex(digest),
            )  # fmt: skip
            if to_state != state and action != "register":
                label = STATE_LABELS.get(to_state, to_state)
                event = EVENTS.get(to_state, "case_state_changed")
                self._message(
                    event, mobile, f"پرونده {tracking} شما اکنون: {label}\nپیگیری: /track/", at, place.municipality_id
                )
            prev_hash, state = digest, to_state
        last_at = times[-1]
        closed = state in ("responded", "rejected", "cancelled")

        # The file as the services leave it.
        holder_id, holder_role, deadline, paused = None, "", None, None
        if state == "submitted" or state == "plan_review":
            holder_role = "technical_officer"
        elif state == "awaiting_visit":
            holder_id, holder_role = (inspector_id, "inspector") if has_inspector else (None, "technical_officer")
        elif state == "municipal_review":
            holder_role = "municipal_staff"
        elif state == "returned":
            holder_role, paused = "citizen", rng.randint(0, 2)
        if holder_role and state != "returned":
            deadline = (last_at.astimezone(TEHRAN) + datetime.timedelta(days=rng.randint(1, 5))).date()
        submitted_at = created
        t["case"].add(
            case_id, service, tracking, "counter", place.office_id, place.district_id, nid, first, last, mobile, None,
            parcel_id, state, holder_id, holder_role, inspector_id if has_inspector else None, last_at, deadline,
            paused, resume if state == "returned" else "", len(path), result if state == "responded" else "",
            officer_id, created, last_at, submitted_at, last_at if closed else None,
            bytes.fromhex(head_for(case_id, len(path), state, prev_hash)),
        )  # fmt: skip

        # What the inquiry letter said.
        letter_date = created.date() - datetime.timedelta(days=rng.randint(1, 10))
        if service == "notary_inquiry":
            org = f"دفتر اسناد رسمی شماره {rng.randint(1, 250)} {place.city}"
            t["inquiry"].add(
                case_id, org, str(rng.randint(1, 250)), place.city, "", "", f"{rng.randint(1000, 9999)}/ن",
                letter_date, "transfer", "", "", None, None, None, None,
            )  # fmt: skip
        elif service == "bank_inquiry":
            bank = rng.choice(BANKS)
            t["inquiry"].add(
                case_id, f"{bank} - شعبه مرکزی", "", "", bank, "شعبه مرکزی", f"{rng.randint(1000, 9999)}/ب",
                letter_date, "mortgage", "", "", None, None, None, None,
            )  # fmt: skip
        else:
            utility = rng.choice(UTILITIES)
            t["inquiry"].add(
                case_id, utility, "", "", "", "", f"ح/{rng.randint(100, 999)}", letter_date, "excavation", utility,
                "ضلع شمالی خیابان، مقابل پلاک 12", rng.randint(5, 300), 1, created.date() + datetime.timedelta(days=10),
                created.date() + datetime.timedelta(days=24),
            )  # fmt: skip

        # Documents checked at the counter.
        for kind in ("inquiry_letter", "plans" if service == "excavation" else "deed"):
            t["document"].add(
                self.next_id("document"), case_id, kind, SHARED_PATH, f"{kind}.pdf", "application/pdf",
                len(SHARED_PDF), SHARED_PDF_SHA, officer_id, created,
            )  # fmt: skip

        # The service-fee slip issued at registration, paid before the file moves on.
        tariff = self.tariffs.get((place.municipality_id, service))
        if tariff is not None:
            tariff_id, municipal_fee, counter_fee = tariff
            amount = municipal_fee + counter_fee
            key = (place.municipality_id, created_j.year)
            serial = self.slip_serials.get(key, 0)
            while True:
                serial += 1
                file_code = bill_ids.slip_file_code(created_j.year, serial, place.company_code)
                bill_id = bill_ids.make_bill_id(file_code, place.company_code)
                payment_id = bill_ids.make_payment_id(bill_id, amount, created_j.year, created_j.month)
                if bill_ids.is_robust(bill_id, payment_id):
                    break
            self.slip_serials[key] = serial
            slip_id = self.next_id("slip")
            paid = len(path) > 1 and state != "cancelled"
            paid_at = created + datetime.timedelta(hours=rng.uniform(0.2, 3)) if paid else None
            t["slip"].add(
                slip_id, place.municipality_id, bill_ids.slip_number(created_j.year, serial), "service_fee",
                "paid" if paid else "issued", case_id, place.office_id, tariff_id, amount, counter_fee, bill_id,
                payment_id, nid, f"{first} {last}", mobile, created, officer_id, paid_at,
            )  # fmt: skip
            t["item"].add(self.next_id("item"), slip_id, "municipal_fee", municipal_fee, True)
            t["item"].add(self.next_id("item"), slip_id, "counter_fee", counter_fee, True)
            self._message(
                "slip_issued",
                mobile,
                f"فیش هزینهٔ خدمت صادر شد: {amount:,} ریال\nشناسه قبض: {bill_id} | شناسه پرداخت: {payment_id}",
                created,
                place.municipality_id,
            )
            if paid:
                t["payment"].add(
                    self.next_id("payment"), slip_id, f"BENCH-{slip_id:09d}", amount, "bank_file", paid_at, paid_at
                )
        self._message(
            "case_registered", mobile, f"پرونده شما ثبت شد.\nکد رهگیری: {tracking}", created, place.municipality_id
        )

        # The site visit and its report.
        if visit_id is not None:
            assigned_at = times[path.index("assign_inspector")]
            visit_deadline = (assigned_at.astimezone(TEHRAN) + datetime.timedelta(days=3)).date()
            if report_id is not None:
                reported_at = times[path.index("submit_visit_report")]
                visited_on = reported_at.astimezone(TEHRAN).date()
                t["visit"].add(
                    visit_id, case_id, inspector_id, "reported", officer_id, assigned_at, visit_deadline, reported_at,
                    visited_on, max(0, (visited_on - assigned_at.astimezone(TEHRAN).date()).days),
                )  # fmt: skip
                t["report"].add(
                    report_id, case_id, visit_id, 1, "submitted", inspector_id, visited_on, land_area, built_area,
                    floors, "residential", findings, reported_at, reported_at, reported_at,
                )  # fmt: skip
            else:
                t["visit"].add(
                    visit_id, case_id, inspector_id, "assigned", officer_id, assigned_at, visit_deadline, None, None,
                    None,
                )  # fmt: skip

        # The response letter, numbered per district and Jalali year, rendered by a worker.
        if state == "responded":
            issued = last_at
            year = jdatetime.date.fromgregorian(date=issued.astimezone(TEHRAN).date()).year
            key = (place.district_id, year)
            serial = self.letter_serials.get(key, 0) + 1
            self.letter_serials[key] = serial
            letter_id = self.next_id("letter")
            code = verification_code(letter_id)
            review_at = times[path.index("complete_plan_review")]
            visit_at = times[path.index("submit_visit_report")]
            content = {
                "header": place.header,
                "organization": f"{place.city} · {place.district_name}",
                "tracking_code": tracking,
                "service": SERVICE_TITLES[service],
                "applicant_name": f"{first} {last}",
                "renewal_code": renewal,
                "address": address,
                "office": place.office_name,
                "addressee": "",
                "inquiry_number": "",
                "inquiry_date": "",
                "visit": {
                    "date": visit_at.isoformat(),
                    "usage": "مسکونی",
                    "floors": floors,
                    "findings": findings,
                    "inspector": inspector_name,
                    "land_area": land_area,
                    "built_area": built_area,
                },
                "plan_review": {"by": officer_name, "date": review_at.isoformat(), "note": REVIEW_NOTE},
                "result_label": "موافقت" if result == "approved" else "مخالفت",
                "signer_name": municipal_name,
                "signer_role": f"کارشناس شهرداری، {place.district_name}",
            }
            rendered = issued + datetime.timedelta(seconds=rng.uniform(2, 40))
            number = format_number(year, place.district_number, serial)
            t["letter"].add(
                letter_id, case_id, place.district_id, year, serial, number, code, result, ANSWERS[result],
                pack(content), municipal_id, issued, "valid",
                f"letters/{year}/{place.district_id}/{serial:06d}-{code}.pdf", SHARED_PDF_SHA, LETTER_PDF_SIZE,
                rendered,
            )  # fmt: skip
