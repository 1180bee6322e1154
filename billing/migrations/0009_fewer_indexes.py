"""Fewer indexes on the tables that grow with the files: a foreign key's own index goes where a wider
index starting with the same column serves every look-up by it, and where nothing ever looks rows up by
it (who registered, signed, wrote or recorded a row: deleting a user, which barely happens, then scans
the table once). About 90 bytes a file in all (cases, inspections, billing, inquiries)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('billing', '0008_slip_and_payment_search_indexes'),
        ('offices', '0007_merge_20261201_0812'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='feeslip',
            name='issued_by',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='feeslip',
            name='municipality',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='slips', to='offices.municipality'),
        ),
        migrations.AlterField(
            model_name='feeslip',
            name='office',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='fee_slips', to='offices.office', verbose_name='office'),
        ),
        migrations.AlterField(
            model_name='payment',
            name='recorded_by',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
    ]
