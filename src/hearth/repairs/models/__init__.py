"""Repairs and contractors: contractors, contracts and schedules of rates; repair orders and their
lifecycle (lines, variations, appointments, notes, completion, post-inspection); Awaab's Law hazard cases.
One module per part; every model is named here, as `hearth.repairs.models.<Model>`."""

from hearth.repairs.models.contractors import ZERO as ZERO
from hearth.repairs.models.contractors import Contract as Contract
from hearth.repairs.models.contractors import Contractor as Contractor
from hearth.repairs.models.contractors import ContractorContact as ContractorContact
from hearth.repairs.models.contractors import ContractorUser as ContractorUser
from hearth.repairs.models.contractors import OfficerLimit as OfficerLimit
from hearth.repairs.models.contractors import RateLine as RateLine
from hearth.repairs.models.contractors import RepairSettings as RepairSettings
from hearth.repairs.models.hazards import HazardCase as HazardCase
from hearth.repairs.models.hazards import IncidentReport as IncidentReport
from hearth.repairs.models.orders import Appointment as Appointment
from hearth.repairs.models.orders import Completion as Completion
from hearth.repairs.models.orders import JobNote as JobNote
from hearth.repairs.models.orders import OrderLine as OrderLine
from hearth.repairs.models.orders import PostInspection as PostInspection
from hearth.repairs.models.orders import RepairOrder as RepairOrder
from hearth.repairs.models.orders import TargetChange as TargetChange
from hearth.repairs.models.orders import Variation as Variation
