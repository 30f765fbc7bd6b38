"""A search entry names its record by kind and id; the page it links to is worked out when shown.

Going back adds the column empty: run "Rebuild the search index" (the Jobs page) afterwards.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0003_search_fulltext")]
    operations = [
        # a default first, so that the column can be added back to a full table when migrating back
        migrations.AlterField(
            model_name="searchentry",
            name="url",
            field=models.CharField(max_length=200, blank=True, default=""),
        ),
        migrations.RemoveField(model_name="searchentry", name="url"),
    ]
