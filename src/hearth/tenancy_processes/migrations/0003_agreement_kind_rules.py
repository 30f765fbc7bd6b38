"""The rules for each kind of agreement become data an administrator can change, starting from the
defaults: four weeks' notice for homes (Protection from Eviction Act 1977 s.5), a week for garage
licences, leases ending by surrender or forfeiture; succession and joint changes only for
residential tenancies."""

from django.db import migrations, models

DEFAULTS = {
    # kind: (notice weeks, ends by, letter, processes)
    "introductory": (4, "notice", "tenancy", ["review", "succession", "joint_sole", "assignment"]),
    "secure": (4, "notice", "tenancy", ["exchange", "succession", "joint_sole", "assignment"]),
    "flexible": (4, "notice", "tenancy", ["exchange", "succession", "joint_sole", "assignment"]),
    "non_secure": (4, "notice", "tenancy", ["joint_sole", "assignment"]),
    "temporary": (4, "notice", "licence", ["joint_sole", "assignment"]),
    "leasehold": (0, "surrender", "lease", []),
    "garage": (1, "notice", "licence", []),
    "commercial": (0, "surrender", "lease", []),
}


def seed(apps, schema_editor):
    AgreementKindRule = apps.get_model("tenancy_processes", "AgreementKindRule")
    for kind, (weeks, ends_by, letter, processes) in DEFAULTS.items():
        AgreementKindRule.objects.get_or_create(
            kind=kind,
            defaults={
                "notice_period": weeks,
                "notice_unit": "weeks",
                "end_on_sunday": False,
                "ends_by": ends_by,
                "processes": processes,
                "rent_side": True,
                "letter": letter,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tenancy_processes", "0002_process_effect"),
    ]

    operations = [
        migrations.CreateModel(
            name="AgreementKindRule",
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
                            ("introductory", "Introductory tenancy"),
                            ("secure", "Secure tenancy"),
                            ("flexible", "Flexible tenancy"),
                            ("non_secure", "Non-secure tenancy"),
                            ("temporary", "Temporary accommodation licence"),
                            ("leasehold", "Leasehold"),
                            ("garage", "Garage licence"),
                            ("commercial", "Commercial lease"),
                        ],
                        max_length=14,
                        unique=True,
                        verbose_name="type of agreement",
                    ),
                ),
                ("notice_period", models.PositiveSmallIntegerField(default=0, verbose_name="notice period")),
                (
                    "notice_unit",
                    models.CharField(
                        choices=[("days", "Days"), ("weeks", "Weeks")],
                        default="weeks",
                        max_length=5,
                        verbose_name="notice in",
                    ),
                ),
                ("end_on_sunday", models.BooleanField(default=False, verbose_name="ends on a Sunday")),
                (
                    "ends_by",
                    models.CharField(
                        choices=[("notice", "Notice to quit"), ("surrender", "Surrender or forfeiture")],
                        default="notice",
                        max_length=10,
                        verbose_name="ends by",
                    ),
                ),
                (
                    "processes",
                    models.JSONField(blank=True, default=list, verbose_name="processes that apply"),
                ),
                ("rent_side", models.BooleanField(default=True, verbose_name="rent account steps")),
                (
                    "letter",
                    models.CharField(
                        choices=[
                            ("tenancy", "Your tenancy has ended"),
                            ("licence", "Your licence has ended"),
                            ("lease", "Your lease has ended"),
                        ],
                        default="tenancy",
                        max_length=10,
                        verbose_name="letter at the end",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={"ordering": ["kind"]},
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
