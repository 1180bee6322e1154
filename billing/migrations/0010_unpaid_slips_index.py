"""The (status, issued_at) index of fee slips becomes an index of the unpaid and replaced slips only:
paid slips, nearly all of them, are listed by the plain issued_at index (about 28 bytes a file)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('billing', '0009_fewer_indexes'),
        ('cases', '0018_fewer_indexes'),
        ('offices', '0007_merge_20261201_0812'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='feeslip',
            name='billing_fee_status_f7df89_idx',
        ),
        migrations.AddIndex(
            model_name='feeslip',
            index=models.Index(condition=models.Q(('status', 'paid'), _negated=True), fields=['issued_at'], name='slip_unpaid_issued_at'),
        ),
    ]
