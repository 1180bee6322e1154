"""A letter's PDF being made is no longer an event of the file: it is the letter's own ``rendered_at``
(set in the same statement), and no page showed those events. Their rows, one per letter, go."""

from django.db import migrations, models


def forget_rendered(apps, schema_editor):
    apps.get_model("inquiries", "LetterEvent").objects.filter(kind="rendered").delete()


def recall_rendered(apps, schema_editor):
    Letter = apps.get_model("inquiries", "Letter")
    LetterEvent = apps.get_model("inquiries", "LetterEvent")
    LetterEvent.objects.bulk_create(
        LetterEvent(letter_id=pk, case_id=case_id, kind="rendered", at=at)
        for pk, case_id, at in Letter.objects.exclude(rendered_at=None).values_list("pk", "case_id", "rendered_at")
    )


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0006_letter_sha256_bytes")]

    operations = [
        migrations.RunPython(forget_rendered, recall_rendered),
        migrations.AlterField(
            model_name="letterevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("issued", "Issued"),
                    ("corrected", "Issued as a correction"),
                    ("cancelled", "Cancelled by a correction"),
                ],
                max_length=12,
                verbose_name="event",
            ),
        ),
    ]
