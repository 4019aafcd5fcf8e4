"""Who may invite client users: built on the company predicates of ``companies.permissions``."""

import rules

from companies.permissions import can_work_on_company

# The company's advisor or an issuer invites client users to that company.
rules.add_perm("accounts.invite_client", can_work_on_company)
