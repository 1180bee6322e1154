"""A letter's plain issue is no longer also an event row: who signed it and when are the letter's own
``signer`` and ``issued_at`` (set in the same statement, never changed), and ``selectors.events_of`` lists
the issue from there. The "issued" rows of letters that correct none go; corrections and cancellations,
which carry their reasons, stay."""

from django.db import migrations


def forget_issued(apps, schema_editor):
    LetterEvent = apps.get_model("inquiries", "LetterEvent")
    LetterEvent.objects.filter(kind="issued", letter__replaces__isnull=True).delete()


def recall_issued(apps, schema_editor):
    Letter = apps.get_model("inquiries", "Letter")
    LetterEvent = apps.get_model("inquiries", "LetterEvent")
    rows = Letter.objects.filter(replaces__isnull=True).values_list("pk", "case_id", "signer_id", "issued_at")
    LetterEvent.objects.bulk_create(
        (LetterEvent(letter_id=pk, case_id=case_id, kind="issued", actor_id=signer, at=at) for pk, case_id, signer, at in rows),
        batch_size=5000,
    )


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0008_fewer_indexes")]

    operations = [migrations.RunPython(forget_issued, recall_issued)]
