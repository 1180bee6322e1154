"""Letters and inquiries with their columns in the order that packs their rows (PostgreSQL; ``core.db_layout``).
Nothing a row says changes; nothing to do on other databases."""

from django.db import migrations

from core.db_layout import repacked


class Migration(migrations.Migration):
    # After the files' key became 32-bit: the columns keyed by a file are four bytes wide from then on.
    dependencies = [("inquiries", "0009_issue_is_the_letters_own"), ("cases", "0020_file_key_32_bit")]

    operations = [repacked("inquiries_letter", "inquiries_inquiry")]
