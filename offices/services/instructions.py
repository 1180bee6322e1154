"""Writes on executive instructions (دستورالعمل) and their acknowledgement."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OFFICE_ROLES
from core.errors import Forbidden
from core.validators import normalize_text
from offices.models import Acknowledgement, Instruction


@transaction.atomic
def publish_instruction(*, actor, title, text, audience, attachment=None):
    """Publish an instruction to the office staff of the given roles, in the actor's city (a platform
    administrator's addresses every city)."""
    if not actor.is_supervisor:
        raise Forbidden("not-supervisor", _("Only the supervision unit publishes instructions."))
    errors = {}
    title, text = normalize_text(title), normalize_text(text)
    if not title:
        errors["title"] = [_("Enter the title.")]
    if not text:
        errors["text"] = [_("Enter the text.")]
    audience = sorted(set(audience or ()))
    if not audience:
        errors["audience"] = [_("Choose at least one role.")]
    elif not set(audience) <= {str(role) for role in OFFICE_ROLES}:
        errors["audience"] = [_("Instructions go to office roles only.")]
    if errors:
        raise ValidationError(errors)
    instruction = Instruction(
        title=title,
        text=text,
        audience=audience,
        published_on=timezone.localdate(),
        published_by=actor,
        municipality_id=actor.municipality_id,
    )
    if attachment:
        instruction.attachment = attachment
    instruction.save()
    return instruction


@transaction.atomic
def acknowledge_instruction(*, instruction, user):
    """The addressed person confirms they read it; a second click changes nothing. Returns (ack, created)."""
    from offices.selectors import is_addressed

    if not is_addressed(instruction, user):
        raise Forbidden("instruction-not-addressed", _("This instruction is not addressed to you."))
    return Acknowledgement.objects.get_or_create(instruction=instruction, user=user)
