"""A tenancy process records its legal effect on the tenancy (the one succession used, the
introductory trial extended, possession to be sought), so that no process reads it back from the
wording of the audit log. Existing records are filled in from what they hold, and from the audit
log once, here, for what was only written there (survivorship)."""

from django.db import migrations, models

# audit action -> (process kind, effect) for legal state written only to the audit log before
FROM_HISTORY = {
    "succession": ("succession", "succession"),
    "survivorship": ("joint_sole", "succession"),
    "introductory trial extended": ("review", "trial_extended"),
    "introductory review: seek possession": ("review", "possession_sought"),
}


def effect_of(kind, details):
    if kind == "review":
        return {"extend": "trial_extended", "end": "possession_sought"}.get(details.get("review_outcome"), "")
    if kind == "succession" and not details.get("discretionary"):
        return "succession"
    if kind == "assignment" and details.get("route") == "would_succeed":
        return "succession"
    return ""


def fill_in(apps, schema_editor):
    TenancyProcess = apps.get_model("tenancy_processes", "TenancyProcess")
    AuditEvent = apps.get_model("core", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    done = TenancyProcess.objects.filter(state="done")
    for process in done.filter(kind__in=["review", "succession", "assignment"]).iterator():
        effect = effect_of(process.kind, process.details or {})
        if effect:
            TenancyProcess.objects.filter(pk=process.pk).update(effect=effect)
    tenancy_type = ContentType.objects.filter(app_label="tenancies", model="tenancy").first()
    if tenancy_type is None:
        return
    events = AuditEvent.objects.filter(content_type=tenancy_type, action__in=list(FROM_HISTORY)).order_by(
        "at", "id"
    )
    for event in events.iterator():
        kind, effect = FROM_HISTORY[event.action]
        tenancy_id = int(event.object_id)
        if done.filter(tenancy_id=tenancy_id, effect=effect).exists():
            continue
        joint = (
            done.filter(tenancy_id=tenancy_id, kind="joint_sole", effect="")
            .order_by("-created_at", "-id")
            .first()
            if kind == "joint_sole"
            else None
        )
        if joint is not None:
            TenancyProcess.objects.filter(pk=joint.pk).update(effect=effect)
        else:
            TenancyProcess.objects.create(
                kind=kind,
                tenancy_id=tenancy_id,
                state="done",
                effect=effect,
                created_by_id=event.actor_id,
                details={"outcome": event.summary, "heading": event.summary, "from_history": True},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_search_fulltext"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("tenancy_processes", "0001_move_tenancy_process"),
    ]

    operations = [
        migrations.AddField(
            model_name="tenancyprocess",
            name="effect",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "None"),
                    ("succession", "The one succession the law allows was used"),
                    ("trial_extended", "Introductory trial extended to 18 months"),
                    ("possession_sought", "Possession to be sought"),
                ],
                default="",
                max_length=20,
                verbose_name="legal effect",
            ),
        ),
        migrations.AddIndex(
            model_name="tenancyprocess",
            index=models.Index(fields=["tenancy", "effect"], name="tenancy_process_effect"),
        ),
        migrations.RunPython(fill_in, migrations.RunPython.noop),
    ]
