"""Fewer indexes on the tables that grow with the files: a foreign key's own index goes where a wider
index starting with the same column serves every look-up by it, and where nothing ever looks rows up by
it (who registered, signed, wrote or recorded a row: deleting a user, which barely happens, then scans
the table once). About 90 bytes a file in all (cases, inspections, billing, inquiries)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inquiries', '0007_rendered_is_the_letters_own'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='letter',
            name='signer',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL),
        ),
    ]
