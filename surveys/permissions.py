"""Who may record and change surveys, findings, risk assessments, safety rounds and action
items: the company's responsible advisor and the issuers (``companies.permissions``).

The services ask ``actor.has_perm("surveys.record", company)``; client users change an
action item's status only through ``portal.services`` (``portal.update_action_item``).

``surveys.record_own_work``: the company's own client users may also *create* records for
it - the scheme lets a company carry out its own surveys (fieldwork's checklist walk ends in
a survey, findings, a risk assessment and an action plan). What a client creates is the
company's own work: a survey of theirs is EXTERNAL and unverified until an advisor accepts
it, and nothing an advisor recorded can be changed or deleted by a client.
"""

import rules

from companies.permissions import can_work_on_company, is_member

rules.add_perm("surveys.record", can_work_on_company)
rules.add_perm("surveys.record_own_work", can_work_on_company | is_member)
