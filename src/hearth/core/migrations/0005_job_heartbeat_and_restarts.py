"""A job records the task that runs it, its worker's heartbeat, whether it may be queued again after
its worker stopped, and how often it was (`core.jobs`).

Jobs from before have no task and are not restartable: one left running by a stopped worker is
marked failed when it is found."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0004_searchentry_no_url")]
    operations = [
        migrations.AddField("job", "task_path", models.CharField(blank=True, max_length=200)),
        migrations.AddField("job", "heartbeat_at", models.DateTimeField(blank=True, null=True)),
        migrations.AddField("job", "restartable", models.BooleanField(default=False)),
        migrations.AddField("job", "restarts", models.PositiveSmallIntegerField(default=0)),
    ]
