"""TenancyProcess now belongs to the tenancy_processes app (its migration 0001 takes it over). The
table rents_tenancyprocess and its rows are kept: only Django's record of the model changes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rents", "0012_arrears_action"),
        ("tenancy_processes", "0001_move_tenancy_process"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="TenancyProcess")],
        ),
    ]
