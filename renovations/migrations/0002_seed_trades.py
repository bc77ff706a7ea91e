from django.db import migrations


def seed_trades(apps, schema_editor):
    from renovations.trades import TRADES

    Trade = apps.get_model("renovations", "Trade")
    for code, name_da, name_en in TRADES:
        Trade.objects.update_or_create(code=code, defaults={"name_da": name_da, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("renovations", "0001_initial")]

    operations = [migrations.RunPython(seed_trades, migrations.RunPython.noop)]
