# The content version now lives in the methods app (copied there by methods 0004).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("methods", "0004_content_version"),
    ]

    operations = [migrations.DeleteModel("ContentVersion")]
