"""Who may see a company's audit trail, built on the company predicates."""

import rules

from companies.permissions import can_work_on_company

# The audit trail is for our staff; clients see the outcome of reviews on their pages.
rules.add_perm("staff.view_history", can_work_on_company)
