"""Drop the index on (service, registration time), the widest of the file table's (68 bytes a file): a list
of one service's files, newest first, walks the index on ``created_at`` and meets a page of them within a few
hundred files (a rare service within a few thousand); the statistics count by service from the monthly file
counts (0011_file_counts), and a service's files are found through the service's own key index."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0014_drop_created_stats_index'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='cases_case_service_7e7c83_idx',
        ),
    ]
