# The method index page moved to the catalogue app (the public site); its table and rows stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("methods", "0002_editorial_rating_history"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("methodindexpage", "catalogue_methodindexpage"),
            ],
            state_operations=[migrations.DeleteModel("MethodIndexPage")],
        ),
    ]
