"""Who may record and change surveys, findings, risk assessments, safety rounds and action
items: the company's responsible advisor and the issuers (``companies.permissions``).

The services ask ``actor.has_perm("surveys.record", company)``; client users change an
action item's status only through ``portal.services`` (``portal.update_action_item``).
"""

import rules

from companies.permissions import can_work_on_company

rules.add_perm("surveys.record", can_work_on_company)
