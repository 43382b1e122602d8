from django.db import migrations

from motcua.audit import triggers


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(triggers.install, triggers.remove)]
