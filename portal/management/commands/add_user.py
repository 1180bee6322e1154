"""python manage.py add_user USERNAME --role ROLE --password PW [--office CODE] [--district N] [--national-id ID]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import OFFICE_ROLES, Role
from accounts.services import upsert_user
from offices.services import assign_role, find_district, find_office


class Command(BaseCommand):
    help = "Create or update one user with a role (and their office or district)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password", help="Required for a new user.")
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
                district_obj = find_district(district) if district is not None and office_obj is None else None
                user, created = upsert_user(
                    username=username,
                    role=role,
                    password=password,
                    national_id=national_id,
                    mobile=mobile,
                    first_name=first_name,
                    last_name=last_name,
                    check_password=not no_password_check,
                )
                assign_role(user=user, role=role, office=office_obj, district=district_obj)
        except ValidationError as exc:
            lines = []
            for field, messages in getattr(exc, "message_dict", {"": exc.messages}).items():
                lines.extend(f"{field}: {m}" if field else m for m in messages)
            raise CommandError("\n".join(lines)) from exc
        verb = "created" if created else "updated"
        where = (
            f" at office {office_obj.code}"
            if office_obj
            else (f" in district {district_obj.number}" if district_obj else "")
        )
        self.stdout.write(self.style.SUCCESS(f"User {user.username} {verb}: {role}{where}."))
