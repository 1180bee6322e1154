"""python manage.py add_user USERNAME --role ROLE --password PW [--municipality CODE] [--office CODE] [--district N]
[--national-id ID]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import OFFICE_ROLES, Role, User
from accounts.services import upsert_user
from offices.models import Municipality
from offices.services import assign_role, find_district, find_office

# The municipality a staff account joins when none is named and more than one city exists.
DEFAULT_MUNICIPALITY = "isfahan"


def _municipality(code, *, role, username, office):
    """The user's city: the one ``--municipality`` names; else the office's; else an existing user's own;
    none for an administrator (a platform administrator, above every city); else the only city; else isfahan."""
    if code:
        found = Municipality.objects.filter(code=code.strip()).first()
        if found is None:
            codes = ", ".join(Municipality.objects.order_by("code").values_list("code", flat=True)) or "-"
            raise ValidationError({"municipality": [f"no municipality has the code '{code}' (codes: {codes})"]})
        return found
    if office is not None:
        return office.district.municipality
    existing = User.objects.filter(username=username).select_related("municipality").first()
    if existing is not None and existing.municipality_id:
        return existing.municipality
    if role == Role.ADMIN:
        return None
    cities = list(Municipality.objects.order_by("pk")[:2])
    if len(cities) == 1:
        return cities[0]
    found = Municipality.objects.filter(code=DEFAULT_MUNICIPALITY).first()
    if found is None:
        raise ValidationError({"municipality": [f"the role '{role}' needs --municipality CODE"]})
    return found


class Command(BaseCommand):
    help = "Create or update one user with a role (and their office or district)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password", help="Required for a new user.")
        parser.add_argument(
            "--municipality",
            help="Municipality code: the user's city (default: the only one, else isfahan). "
            "An administrator without one administers every city.",
        )
        parser.add_argument("--office", help="Office code; required for office roles.")
        parser.add_argument("--district", type=int, help="District number; required for municipal staff.")
        parser.add_argument("--national-id", dest="national_id")
        parser.add_argument("--mobile")
        parser.add_argument("--first-name", dest="first_name")
        parser.add_argument("--last-name", dest="last_name")
        parser.add_argument(
            "--no-password-check", action="store_true", help="Accept a weak password (demo and test accounts)."
        )

    def handle(
        self,
        *args,
        username,
        role,
        password,
        municipality,
        office,
        district,
        national_id,
        mobile,
        first_name,
        last_name,
        no_password_check,
        **options,
    ):
        try:
            with transaction.atomic():
                if role in OFFICE_ROLES and not office:
                    raise ValidationError({"office": [f"the role '{role}' needs --office CODE"]})
                if role == Role.MUNICIPAL_STAFF and district is None:
                    raise ValidationError({"district": ["the role 'municipal_staff' needs --district N"]})
                office_obj = find_office(office) if office else None
                city = _municipality(municipality, role=role, username=username, office=office_obj)
                district_obj = None
                if district is not None and office_obj is None:
                    district_obj = find_district(district, municipality=city)
                user, created = upsert_user(
                    username=username,
                    role=role,
                    password=password,
                    national_id=national_id,
                    mobile=mobile,
                    first_name=first_name,
                    last_name=last_name,
                    check_password=not no_password_check,
                    municipality=city,
                )
                assign_role(user=user, role=role, office=office_obj, district=district_obj)
        except ValidationError as exc:
            lines = []
            for field, messages in getattr(exc, "message_dict", {"": exc.messages}).items():
                lines.extend(f"{field}: {m}" if field else m for m in messages)
            raise CommandError("\n".join(lines)) from exc
        verb = "created" if created else "updated"
        city_name = user.municipality.code if user.municipality_id else "every municipality"
        where = (
            f" at office {office_obj.code}"
            if office_obj
            else (f" in district {district_obj.number}" if district_obj else "")
        )
        self.stdout.write(self.style.SUCCESS(f"User {user.username} {verb}: {role}{where} ({city_name})."))
