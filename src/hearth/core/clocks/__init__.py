"""Clocks: named deadline rules, the deadlines a case owes, and the services that run `Clock` records.

Three layers, all on top of `hearth.core.calendar`, one module each; this package re-exports
their public names, so callers write `clocks.start_clock`:

1. **Periods and rules** (pure; `periods`, `rules`). A `ClockRule` has a key, a label and a
   `Period` (working days, elapsed hours, calendar days, weeks, days beginning with). The shipped
   defaults are in `DEFAULT_CLOCKS`; a landlord's policy replaces periods with
   `ClockRegistry.with_periods()` (periods are plain data: see `period_from_data()`).
2. **Case kinds** (pure; `kinds`). A `CaseKind` names the deadlines a case owes and where each
   one starts from (an input such as `received`, or an earlier deadline). `deadlines_for()`
   computes them.
3. **Services and selectors** (ORM; `services`, `selectors`) on `hearth.core.models.Clock`:
   start, stop, pause, resume and cancel a clock, or end it when its case closes (breached if
   already overdue, else cancelled), each writing an audit event in the same transaction.

Whole-day rules (statutory deadlines) fall due at the end of their last day in local time;
instant rules (repair targets, emergency hazards) fall due at an exact time.
"""

from hearth.core import audit as audit
from hearth.core.clocks.kinds import (
    CASE_KINDS as CASE_KINDS,
)
from hearth.core.clocks.kinds import (
    CaseKind as CaseKind,
)
from hearth.core.clocks.kinds import (
    Deadline as Deadline,
)
from hearth.core.clocks.kinds import (
    Input as Input,
)
from hearth.core.clocks.kinds import (
    awaab_emergency_deadlines as awaab_emergency_deadlines,
)
from hearth.core.clocks.kinds import (
    awaab_significant_deadlines as awaab_significant_deadlines,
)
from hearth.core.clocks.kinds import (
    case_kind as case_kind,
)
from hearth.core.clocks.kinds import (
    complaint_deadlines as complaint_deadlines,
)
from hearth.core.clocks.kinds import (
    deadlines_for as deadlines_for,
)
from hearth.core.clocks.kinds import (
    members_enquiry_deadlines as members_enquiry_deadlines,
)
from hearth.core.clocks.periods import (
    PERIOD_TYPES as PERIOD_TYPES,
)
from hearth.core.clocks.periods import (
    CalendarDays as CalendarDays,
)
from hearth.core.clocks.periods import (
    DaysBeginningWith as DaysBeginningWith,
)
from hearth.core.clocks.periods import (
    ElapsedHours as ElapsedHours,
)
from hearth.core.clocks.periods import (
    Period as Period,
)
from hearth.core.clocks.periods import (
    Start as Start,
)
from hearth.core.clocks.periods import (
    Weeks as Weeks,
)
from hearth.core.clocks.periods import (
    WorkingDays as WorkingDays,
)
from hearth.core.clocks.periods import (
    period_from_data as period_from_data,
)
from hearth.core.clocks.periods import (
    period_to_data as period_to_data,
)
from hearth.core.clocks.rules import (
    DEFAULT_CLOCKS as DEFAULT_CLOCKS,
)
from hearth.core.clocks.rules import (
    REPAIR_PRIORITIES as REPAIR_PRIORITIES,
)
from hearth.core.clocks.rules import (
    ClockRegistry as ClockRegistry,
)
from hearth.core.clocks.rules import (
    ClockRule as ClockRule,
)
from hearth.core.clocks.rules import (
    UnknownClockKind as UnknownClockKind,
)
from hearth.core.clocks.rules import (
    repair_clock_key as repair_clock_key,
)
from hearth.core.clocks.rules import (
    repair_due as repair_due,
)
from hearth.core.clocks.selectors import (
    breached_clocks as breached_clocks,
)
from hearth.core.clocks.selectors import (
    clocks_due as clocks_due,
)
from hearth.core.clocks.selectors import (
    overdue_clocks as overdue_clocks,
)
from hearth.core.clocks.services import (
    cancel_clock as cancel_clock,
)
from hearth.core.clocks.services import (
    end_clock as end_clock,
)
from hearth.core.clocks.services import (
    pause_clock as pause_clock,
)
from hearth.core.clocks.services import (
    resume_clock as resume_clock,
)
from hearth.core.clocks.services import (
    start_clock as start_clock,
)
from hearth.core.clocks.services import (
    stop_clock as stop_clock,
)
