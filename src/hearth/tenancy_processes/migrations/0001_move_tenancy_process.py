"""The TenancyProcess model moves here from the rents app. Its table (rents_tenancyprocess) and its
rows stay where they are: only Django's record of which app owns the model changes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def rename_content_type(apps, schema_editor):
    """Keep the model's content type (and anything pointing at it) instead of leaving a stale one."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="tenancy_processes", model="tenancyprocess").exists():
        ContentType.objects.filter(app_label="rents", model="tenancyprocess").update(
            app_label="tenancy_processes"
        )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="rents", model="tenancyprocess").exists():
        ContentType.objects.filter(app_label="tenancy_processes", model="tenancyprocess").update(
            app_label="rents"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("rents", "0012_arrears_action"),
        ("tenancies", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="TenancyProcess",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("sign_up", "Sign-up"),
                                    ("termination", "Termination"),
                                    ("exchange", "Mutual exchange"),
                                    ("review", "Introductory tenancy review"),
                                    ("succession", "Succession"),
                                    ("joint_sole", "Joint to sole or sole to joint"),
                                    ("assignment", "Assignment"),
                                    ("name_change", "Change of name"),
                                ],
                                max_length=12,
                                verbose_name="process",
                            ),
                        ),
                        (
                            "id_checked",
                            models.BooleanField(default=False, verbose_name="proof of identity seen"),
                        ),
                        (
                            "eligibility_checked",
                            models.BooleanField(default=False, verbose_name="eligibility checked"),
                        ),
                        (
                            "notice_received",
                            models.DateField(blank=True, null=True, verbose_name="notice received"),
                        ),
                        ("end_reason", models.CharField(blank=True, max_length=20, verbose_name="reason")),
                        (
                            "forwarding_address",
                            models.CharField(blank=True, max_length=300, verbose_name="forwarding address"),
                        ),
                        (
                            "final_balance",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=10,
                                null=True,
                                verbose_name="final balance",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("done", "Done"),
                                    ("pending", "Waiting for approval"),
                                    ("refused", "Refused"),
                                ],
                                default="done",
                                max_length=10,
                                verbose_name="state",
                            ),
                        ),
                        ("details", models.JSONField(blank=True, default=dict, verbose_name="details")),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "decision_note",
                            models.CharField(blank=True, max_length=300, verbose_name="decision note"),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="approved or refused by",
                            ),
                        ),
                        (
                            "tenancy",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="processes",
                                to="tenancies.tenancy",
                            ),
                        ),
                    ],
                    options={"db_table": "rents_tenancyprocess", "ordering": ["-created_at", "-id"]},
                ),
            ],
        ),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]
