"""Background work for repairs: ids in, call a service."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from hearth.core import jobs
from hearth.core.models import Job
from hearth.repairs import documents, services
from hearth.repairs.models import RepairOrder
from hearth.repairs.services.orders import ORDER_EMAIL_JOB


@task()
def email_order_task(job_id: int) -> None:
    """Email the issued order to its contractor with the PDF attached, once (`_email_order`)."""
    jobs.run(job_id, ORDER_EMAIL_JOB, _email_order, failed="The order could not be e-mailed: {exc}")


def _email_order(job: Job) -> None:
    """The job is the e-mail's outbox row and the sending its one step: a job queued again after its
    worker stopped sends the e-mail only if that step was not counted. A worker stopping in the
    instant between the mail relay taking the e-mail and the step being counted sends it again, with
    the same Message-ID, which mail programs show once."""
    if jobs.begin(job.pk, total=1, carry_on=True):
        jobs.finish(job.pk, "The e-mail was sent before its worker stopped; it was not sent again.")
        return
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].rstrip(">")
    sent = documents.email_order(job.params["order_id"], message_id=f"<repair-order-email-{job.pk}@{domain}>")
    jobs.progress(job.pk, 1)
    jobs.finish(
        job.pk,
        "Sent to the contractor."
        if sent
        else "The contractor has no order e-mail address; nothing was sent.",
    )


@jobs.rerun_when_stopped  # it only queues the e-mail's job
@task()
def send_order_email(order_id: int) -> None:
    """For orders issued before their e-mail was a job, still in the queue: the e-mail as a job now."""
    order = RepairOrder.objects.select_related("contractor").get(pk=order_id)
    services.queue_order_email(order=order, actor=None)
