# The city of every row is filled (the migration before, in a transaction of its own): now required.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('offices', '0005_reference_rows_per_city'),
    ]

    operations = [
        migrations.AlterField(
            model_name='contract',
            name='municipality',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='contracts', to='offices.municipality', verbose_name='municipality'),
        ),
    ]
