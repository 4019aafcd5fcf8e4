"""Who may use the client portal, built on the company predicates."""

import rules

from companies.permissions import is_member


@rules.predicate
def is_member_of_item_company(user, item) -> bool:
    return item is not None and is_member(user, item.company)


rules.add_perm("portal.view_dashboard", is_member)
rules.add_perm("portal.update_action_item", is_member_of_item_company)
