import articles.models
from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("articles", "ArchiveRevision").objects.create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_article_extracted_at"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArchiveRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token",
                    models.CharField(default=articles.models.new_revision_token, max_length=32),
                ),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("pk", 1)), name="one_revision_row")
                ],
            },
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
