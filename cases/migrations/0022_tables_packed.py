"""The files, their documents and properties with their columns in the order that packs their rows (PostgreSQL;
``core.db_layout``). Nothing a row says changes; nothing to do on other databases."""

from django.db import migrations

from core.db_layout import repacked


class Migration(migrations.Migration):
    dependencies = [("cases", "0021_history_columns_packed")]

    operations = [repacked("cases_case", "cases_document", "cases_property")]
