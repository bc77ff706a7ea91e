from django.db import migrations

from matching.report_sums import report_sums_install


def install(apps, schema_editor):
    """The triggers again, now locking the rows they read (PostgreSQL; the sums are
    unchanged, so no rebuild). As 0007, this installs matching.report_sums as it is."""
    report_sums_install()


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0008_candidate_referred_idx"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
