# The city of every row is filled (the migration before, in a transaction of its own): now required.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_reference_rows_per_city'),
        ('offices', '0006_contract_municipality_required'),
    ]

    operations = [
        migrations.AlterField(
            model_name='property',
            name='municipality',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='properties', to='offices.municipality', verbose_name='municipality'),
        ),
    ]
