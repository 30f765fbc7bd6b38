from django.db import migrations, models

# A payment is refused as already posted only when channel, reference, account, date and amount all
# match (the same partial condition as before): a second tenant's cheque with the same number, and a
# Housing Benefit schedule whose line numbers restart, now post. The new index is looser than the old
# one, so existing rows always satisfy it. Suspense items (rows whose account is unknown) follow the
# same rule.


class Migration(migrations.Migration):
    dependencies = [
        ("rents", "0010_ledger_without_row_checks"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="suspenseitem",
            name="rents_one_suspense_per_reference",
        ),
        migrations.AddConstraint(
            model_name="suspenseitem",
            constraint=models.UniqueConstraint(
                fields=("channel", "reference", "account_given", "paid_on", "amount"),
                name="rents_one_suspense_per_key",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="transaction",
            name="rents_one_payment_per_reference",
        ),
        migrations.AddConstraint(
            model_name="transaction",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("kind__in", ["payment", "hb", "uc"]), models.Q(("reference", ""), _negated=True)
                ),
                fields=("channel", "reference", "account", "posted_on", "amount"),
                name="rents_one_payment_per_key",
            ),
        ),
    ]
