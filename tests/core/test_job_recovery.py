"""Jobs survive their worker: a job left running by a worker that stopped (its heartbeat stale, its
task row still running) is found, its task row marked failed, and the job queued again where its
kind is restartable or marked failed with the step it stopped after; an order e-mail is sent once."""

from __future__ import annotations

import datetime as dt
import io
import time
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from factories import RentAccountFactory, RepairOrderFactory
from hearth.core import audit, jobs
from hearth.core.models import Job
from hearth.rents import selectors as rent_selectors
from hearth.rents import services as rents
from hearth.rents.models import DebitRun
from hearth.rents.tasks import debit_run_task
from hearth.repairs.tasks import send_order_email
from hearth.web.tasks import rebuild_search_index_task

pytestmark = pytest.mark.django_db(transaction=True)  # the worker needs autocommit, as in production

LONG_AGO = dt.timedelta(hours=2)  # well past HEARTH_JOB_STALE_SECONDS


def _worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def _rebuild(actor: User, *, restartable: bool = False) -> Job:
    """A search index rebuild, queued; `restartable` as its start declares it, or not."""
    return jobs.start(
        name="Rebuild the search index",
        kind="search.rebuild",
        params={},
        actor=actor,
        task=rebuild_search_index_task,
        restartable=restartable,
    )


def _started(job: Job) -> DBTaskResult:
    """The job's task row, once its on-commit enqueue has run."""
    job.refresh_from_db()
    return DBTaskResult.objects.get(pk=job.task_id)


def _worker_died(job: Job, *, done: int = 0, total: int = 1) -> DBTaskResult:
    """As a worker killed in the middle of `job` leaves it: the job running with its last heartbeat
    long ago, after `done` steps, and its task row running."""
    row = _started(job)
    then = timezone.now() - LONG_AGO
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=TaskResultStatus.RUNNING, started_at=then, worker_ids=["killed"]
    )
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, started_at=then, heartbeat_at=then, done=done, total=total
    )
    return row


def _assert_stopped(row: DBTaskResult) -> None:
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED and row.finished_at is not None
    assert row.exception_class_path == "hearth.core.jobs.WorkerStopped"


def test_a_restartable_job_whose_worker_stopped_is_queued_again_and_finishes(senior: User) -> None:
    job = _rebuild(senior, restartable=True)
    row = _worker_died(job, done=3, total=7)
    assert jobs.recover() == [f"Job {job.pk} (Rebuild the search index): its worker stopped; queued again."]
    _assert_stopped(row)
    job.refresh_from_db()
    assert (job.state, job.restarts) == (Job.State.QUEUED, 1)
    assert "queued again" in job.message and job.task_id != str(row.pk)
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.READY
    _worker()
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.done == job.total
    assert not DBTaskResult.objects.running().exists()


def test_a_job_that_may_not_run_twice_is_failed_saying_after_which_step(
    senior: User, senior_client: Client
) -> None:
    job = _rebuild(senior)
    row = _worker_died(job, done=2, total=5)
    jobs.recover()
    _assert_stopped(row)
    job.refresh_from_db()
    sentence = (
        "The worker running this job stopped; nothing was done after step 2 of 5. "
        "Start the job again to finish it."
    )
    assert (job.state, job.message, job.finished_at is not None) == (Job.State.FAILED, sentence, True)
    page = senior_client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Failed: 2 of 5 (40%)" in page and sentence in page
    assert "Failed" in senior_client.get("/jobs/").content.decode()
    assert jobs.recover() == []  # nothing more to do
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path__endswith="index_task")


def test_a_job_that_stops_its_worker_every_time_is_failed_in_the_end(senior: User) -> None:
    job = _rebuild(senior, restartable=True)
    _worker_died(job)
    Job.objects.filter(pk=job.pk).update(restarts=jobs.MAX_RESTARTS)
    jobs.recover()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.message.startswith(
        f"The worker running this job stopped {jobs.MAX_RESTARTS + 1} times; none of its"
    )


def test_a_job_whose_worker_is_alive_is_left_alone(senior: User) -> None:
    job = _rebuild(senior)
    row = _worker_died(job)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())  # a long step, its heartbeat fresh
    assert jobs.recover() == []
    row.refresh_from_db()
    job.refresh_from_db()
    assert (row.status, job.state) == (TaskResultStatus.RUNNING, Job.State.RUNNING)


def test_an_interrupted_debit_run_carries_on_after_the_weeks_it_had_posted(senior: User) -> None:
    account = RentAccountFactory(actor=senior)
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    weeks = [monday - dt.timedelta(weeks=1), monday]
    job = jobs.start(
        name="Weekly debit run",
        kind="rents.debit_run",
        params={"weeks": [w.isoformat() for w in weeks]},
        actor=senior,
        task=debit_run_task,
        restartable=True,
    )
    first = rents.post_week(weeks[0])  # the stopped worker posted the first week, then stopped
    _worker_died(job, done=1, total=2)
    jobs.recover()
    _worker()
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and (job.done, job.total) == (2, 2)
    assert "Posted 2 weeks" in job.message
    assert rent_selectors.balance(account) == Decimal("191.00")  # 95.50 a week, each week once
    assert not audit.history_for(first)  # the first week was not posted (or recorded) again
    assert [e.action for e in audit.history_for(DebitRun.objects.get(week=monday))] == ["posted"]


def test_an_interrupted_order_email_is_sent_once_even_if_recovery_runs_twice(senior: User) -> None:
    order = RepairOrderFactory(actor=senior)
    job = Job.objects.get(kind="repairs.order_email")
    assert job.restartable and job.params == {"order_id": order.pk}
    row = _worker_died(job)
    first = jobs.recover()
    assert jobs.recover() == []  # already queued again: the second look does nothing
    assert first == [f"Job {job.pk} ({job.name}): its worker stopped; queued again."]
    _assert_stopped(row)
    assert (
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path__endswith="email_order_task"
        ).count()
        == 1
    )
    _worker()
    assert [m.to for m in mail.outbox] == [[order.contract.contractor.email]]
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<repair-order-email-{job.pk}@")
    job.refresh_from_db()
    assert (job.state, job.done, job.message) == (Job.State.SUCCEEDED, 1, "Sent to the contractor.")
    jobs.recover()
    _worker()
    assert len(mail.outbox) == 1


def test_an_order_email_sent_before_its_worker_stopped_is_not_sent_again(senior: User) -> None:
    RepairOrderFactory(actor=senior)
    job = Job.objects.get(kind="repairs.order_email")
    _worker_died(job, done=1)  # the e-mail went, and its step was counted, then the worker stopped
    jobs.recover()
    _worker()
    assert mail.outbox == []
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and "was not sent again" in job.message


def test_a_task_row_with_no_job_is_marked_failed_or_queued_again_as_its_task_says(senior: User) -> None:
    order = RepairOrderFactory(actor=senior)
    Job.objects.all().delete()
    mail.outbox.clear()
    then = timezone.now() - LONG_AGO
    legacy = send_order_email.enqueue(order.pk)  # an order e-mail queued before e-mails were jobs
    other = jobs.recover_jobs_task.enqueue()
    DBTaskResult.objects.filter(pk__in=[legacy.id, other.id]).update(
        status=TaskResultStatus.RUNNING, started_at=then
    )
    lines = jobs.recover()
    assert (
        f"Task hearth.repairs.tasks.send_order_email({order.pk}): its worker stopped; queued again." in lines
    )
    assert "Task hearth.core.jobs.recover_jobs_task(): its worker stopped; marked failed." in lines
    for row in DBTaskResult.objects.filter(pk__in=[legacy.id, other.id]):
        _assert_stopped(row)
    _worker()  # the e-mail becomes a job, and that job sends it
    assert len(mail.outbox) == 1
    assert Job.objects.get(kind="repairs.order_email").state == Job.State.SUCCEEDED


def test_the_command_recovers_and_queues_the_workers_regular_look(senior: User) -> None:
    job = _rebuild(senior)
    _worker_died(job)
    DBTaskResult.objects.filter(task_path="hearth.core.jobs.recover_jobs_task").delete()
    call_command("recover_jobs", stdout=(out := io.StringIO()))
    assert out.getvalue().splitlines() == [
        f"Job {job.pk} (Rebuild the search index): its worker stopped; marked failed."
    ]
    look = DBTaskResult.objects.get(task_path="hearth.core.jobs.recover_jobs_task")
    assert look.status == TaskResultStatus.READY and look.run_after > timezone.now()
    call_command("recover_jobs", stdout=(out := io.StringIO()))
    assert out.getvalue().splitlines() == ["No job was left running by a stopped worker."]
    assert DBTaskResult.objects.filter(task_path="hearth.core.jobs.recover_jobs_task").count() == 1


def test_the_workers_regular_look_queues_the_next_one_and_recovers(senior: User) -> None:
    job = _rebuild(senior)
    _worker_died(job)
    looks = DBTaskResult.objects.filter(task_path="hearth.core.jobs.recover_jobs_task")
    assert looks.count() == 1  # queued when the job started
    looks.update(run_after=timezone.now() - dt.timedelta(seconds=1))  # due now
    _worker()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert looks.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    assert looks.filter(status=TaskResultStatus.READY, run_after__gt=timezone.now()).count() == 1


def test_the_heartbeat_is_written_while_a_long_step_runs(senior: User, settings: Any) -> None:
    settings.HEARTH_JOB_HEARTBEAT_SECONDS = 0.05
    job = Job.objects.create(name="Long", kind="test.long", params={})
    beats: list[dt.datetime | None] = []

    def long_step(running: Job) -> None:
        started = Job.objects.get(pk=running.pk).heartbeat_at
        time.sleep(0.5)  # one step, with no progress reported
        beats.extend([started, Job.objects.get(pk=running.pk).heartbeat_at])

    jobs.run(job.pk, "test.long", long_step, failed="{exc}")
    assert beats[0] is not None and beats[1] is not None and beats[1] > beats[0]


def test_a_task_does_nothing_for_a_job_it_does_not_own() -> None:
    job = Job.objects.create(name="Long", kind="test.long", params={}, state=Job.State.RUNNING)
    ran: list[Job] = []
    jobs.run(job.pk, "test.long", ran.append, failed="{exc}")  # another task has it
    jobs.run(job.pk, "other.kind", ran.append, failed="{exc}")
    assert ran == []


def test_each_kind_of_job_declares_whether_it_may_run_again(senior: User, user_with_role: Any) -> None:
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    assert rents.start_debit_run(actor=senior, week=monday).restartable  # each week posts once
    admin = Client()
    admin.force_login(user_with_role("admin", "administrator"))
    admin.post("/jobs/")
    assert Job.objects.get(kind="search.rebuild").restartable  # each chunk replaces its own entries
    RepairOrderFactory(actor=senior)
    assert Job.objects.get(kind="repairs.order_email").restartable  # its one step is the sending
