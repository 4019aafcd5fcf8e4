"""Who may walk a company's checklist: its client members and the staff working on it."""

import rules

from companies.permissions import can_work_on_company, is_member
from fieldwork.selectors import sent_back_document


@rules.predicate
def may_work_on_inspection_company(user, inspection) -> bool:
    return inspection is not None and (
        is_member(user, inspection.company) or can_work_on_company(user, inspection.company)
    )


@rules.predicate
def is_sent_back(user, inspection) -> bool:
    return inspection is not None and sent_back_document(inspection) is not None


rules.add_perm("fieldwork.start_inspection", is_member | can_work_on_company)
rules.add_perm("fieldwork.work_on_inspection", may_work_on_inspection_company)
# The company's own survey that an advisor sent back: its people (or its advisor) reopen it.
rules.add_perm("fieldwork.reopen_inspection", may_work_on_inspection_company & is_sent_back)
