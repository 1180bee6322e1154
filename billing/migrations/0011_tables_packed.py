"""Fee slips, their items and payments with their columns in the order that packs their rows (PostgreSQL;
``core.db_layout``). Nothing a row says changes; nothing to do on other databases."""

from django.db import migrations

from core.db_layout import repacked


class Migration(migrations.Migration):
    # After the files' key became 32-bit: the columns keyed by a file are four bytes wide from then on.
    dependencies = [("billing", "0010_unpaid_slips_index"), ("cases", "0020_file_key_32_bit")]

    operations = [repacked("billing_feeslip", "billing_slipitem", "billing_payment")]
