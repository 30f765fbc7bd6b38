"""hearth recover_jobs: find the jobs whose worker stopped and queue each again or mark it failed
(`core.jobs.recover`), and make sure the workers' regular look for them is queued.

Workers do this themselves every HEARTH_JOB_CHECK_SECONDS; run it by hand after a crash, or before a
worker starts (a process supervisor's pre-start step), to have it done at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hearth.core import jobs


class Command(BaseCommand):
    help = "Queue again, or mark failed, the background jobs whose worker stopped."

    def handle(self, *args: Any, **options: Any) -> None:
        done = jobs.recover()
        jobs.schedule_checks()
        for line in done:
            self.stdout.write(line)
        if not done:
            self.stdout.write("No job was left running by a stopped worker.")
