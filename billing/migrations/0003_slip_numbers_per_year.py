"""Slip serials per municipality and Jalali year; bill IDs unique among the slips awaiting payment.

On PostgreSQL, ``billing_slip_serial(name, capacity)`` draws the next serial from the sequence
``name``, creating it on first use (the first slip of a municipality in a new year); it
answers NULL once the sequence reached ``capacity``. Drawing takes no row lock.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


SERIAL_FUNCTION = """
CREATE OR REPLACE FUNCTION billing_slip_serial(name text, capacity bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        RETURN nextval(name::regclass);
    EXCEPTION
        WHEN undefined_table THEN NULL;
        WHEN sequence_generator_limit_exceeded THEN RETURN NULL;
    END;
    BEGIN
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I MINVALUE 1 MAXVALUE %s NO CYCLE', name, capacity);
    EXCEPTION
        WHEN unique_violation OR duplicate_table THEN NULL;  -- made a moment ago by another registration
    END;
    RETURN nextval(name::regclass);
EXCEPTION
    WHEN sequence_generator_limit_exceeded THEN RETURN NULL;
END
$$;
"""


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SERIAL_FUNCTION, params=None)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS billing_slip_serial(text, bigint)")


class Migration(migrations.Migration):

    dependencies = [
        ('billing', '0002_alter_historicalrenewalrate_use_and_more'),
        ('cases', '0002_property_use_label'),
        ('offices', '0003_schedule_expiry_warnings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='slipcounter',
            name='year',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='Jalali year'),
        ),
        migrations.AlterField(
            model_name='feeslip',
            name='bill_id',
            field=models.CharField(db_index=True, max_length=13, verbose_name='bill ID'),
        ),
        migrations.AlterField(
            model_name='slipcounter',
            name='municipality',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='slip_counters', to='offices.municipality'),
        ),
        migrations.AddConstraint(
            model_name='feeslip',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'issued')), fields=('bill_id',), name='slip_live_bill_id_unique'),
        ),
        migrations.AddConstraint(
            model_name='slipcounter',
            constraint=models.UniqueConstraint(fields=('municipality', 'year'), name='slip_counter_year_unique'),
        ),
        migrations.RunPython(create_function, drop_function),
    ]
