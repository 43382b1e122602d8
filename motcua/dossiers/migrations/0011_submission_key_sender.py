from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The key's owner is whoever sent the new dossier: a citizen online or a counter officer."""

    dependencies = [
        ("dossiers", "0010_submission_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="submissionkey", name="one_submission_per_key"),
        migrations.RenameField(model_name="submissionkey", old_name="citizen", new_name="sender"),
        migrations.AddConstraint(
            model_name="submissionkey",
            constraint=models.UniqueConstraint(
                fields=("sender", "key"), name="one_submission_per_key"
            ),
        ),
    ]
