"""Officer pages for repairs: take a call, raise and manage orders, approvals, overdue chasing,
post-inspections, contractors and schedules of rates, performance, Awaab's Law hazard cases.
Thin: forms parse, services decide, selectors read. One module per part of the work; urls.py
names the pages from here."""

from hearth.repairs.views.approvals import approvals as approvals
from hearth.repairs.views.approvals import extension_decide as extension_decide
from hearth.repairs.views.approvals import order_extension as order_extension
from hearth.repairs.views.approvals import order_target as order_target
from hearth.repairs.views.approvals import overdue as overdue
from hearth.repairs.views.approvals import variation_decide as variation_decide
from hearth.repairs.views.contractors import contractor_contact as contractor_contact
from hearth.repairs.views.contractors import contractor_detail as contractor_detail
from hearth.repairs.views.contractors import contractor_list as contractor_list
from hearth.repairs.views.contractors import contractor_new as contractor_new
from hearth.repairs.views.contractors import contractor_user as contractor_user
from hearth.repairs.views.contracts import contract_detail as contract_detail
from hearth.repairs.views.contracts import contract_import as contract_import
from hearth.repairs.views.contracts import contract_new as contract_new
from hearth.repairs.views.contracts import contract_uplift as contract_uplift
from hearth.repairs.views.hazards import hazard_detail as hazard_detail
from hearth.repairs.views.hazards import hazard_history as hazard_history
from hearth.repairs.views.hazards import hazard_list as hazard_list
from hearth.repairs.views.hazards import hazard_new as hazard_new
from hearth.repairs.views.hazards import hazard_step as hazard_step
from hearth.repairs.views.incidents import incident_list as incident_list
from hearth.repairs.views.incidents import incident_new as incident_new
from hearth.repairs.views.inspections import inspection_record as inspection_record
from hearth.repairs.views.inspections import inspection_sample as inspection_sample
from hearth.repairs.views.inspections import inspections as inspections
from hearth.repairs.views.inspections import order_inspect as order_inspect
from hearth.repairs.views.order_actions import order_appoint as order_appoint
from hearth.repairs.views.order_actions import order_approve as order_approve
from hearth.repairs.views.order_actions import order_cancel as order_cancel
from hearth.repairs.views.order_actions import order_chase as order_chase
from hearth.repairs.views.order_actions import order_complete as order_complete
from hearth.repairs.views.order_actions import order_note as order_note
from hearth.repairs.views.order_actions import order_recharge as order_recharge
from hearth.repairs.views.order_actions import order_start as order_start
from hearth.repairs.views.order_actions import order_vary as order_vary
from hearth.repairs.views.orders import index as index
from hearth.repairs.views.orders import order_detail as order_detail
from hearth.repairs.views.orders import order_files as order_files
from hearth.repairs.views.orders import order_history as order_history
from hearth.repairs.views.orders import order_pdf as order_pdf
from hearth.repairs.views.performance import performance as performance
from hearth.repairs.views.policy import officer_limits as officer_limits
from hearth.repairs.views.policy import repair_settings as repair_settings
from hearth.repairs.views.raising import order_new as order_new
from hearth.repairs.views.raising import take_call as take_call
