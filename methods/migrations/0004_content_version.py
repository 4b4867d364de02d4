# The content version moved here from the partners app: it belongs to the content, and every
# cache of public answers keys on it. Its number carries over, so no cached answer is reused.

from django.db import migrations, models


def copy_version(apps, schema_editor):
    Old = apps.get_model("partners", "ContentVersion")
    New = apps.get_model("methods", "ContentVersion")
    old = Old.objects.order_by("id").first()
    if old is not None:
        New.objects.create(number=old.number, changed_at=old.changed_at)


def copy_version_back(apps, schema_editor):
    Old = apps.get_model("partners", "ContentVersion")
    New = apps.get_model("methods", "ContentVersion")
    new = New.objects.order_by("id").first()
    if new is not None:
        Old.objects.create(number=new.number, changed_at=new.changed_at)


class Migration(migrations.Migration):
    dependencies = [
        ("methods", "0003_method_index_page_to_catalogue"),
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField()),
            ],
            options={"verbose_name": "content version"},
        ),
        migrations.RunPython(copy_version, copy_version_back),
    ]
