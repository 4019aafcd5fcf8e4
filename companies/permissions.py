"""Who may see and change which company's data: the one place that decides it.

Predicates from django-rules; views ask ``user.has_perm("companies.<perm>", company)``
and querysets are narrowed by ``companies.selectors.companies_visible_to``, which
encodes the same rules for lists.
"""

import rules


@rules.predicate
def is_issuer(user) -> bool:
    return bool(user.is_authenticated and user.is_issuer)


@rules.predicate
def is_advisor(user) -> bool:
    return bool(user.is_authenticated and user.is_advisor)


@rules.predicate
def is_responsible_advisor(user, company) -> bool:
    return company is not None and user.is_authenticated and company.advisor_id == user.pk


@rules.predicate
def is_member(user, company) -> bool:
    return (
        company is not None
        and user.is_authenticated
        and user.is_client
        and company.memberships.filter(user=user).exists()
    )


can_work_on_company = is_issuer | (is_advisor & is_responsible_advisor)

rules.add_perm("companies.view_case", can_work_on_company)
rules.add_perm("companies.view_portfolio", is_issuer | is_advisor)
rules.add_perm("companies.add_company", is_issuer)
rules.add_perm("companies.change_company", can_work_on_company)
rules.add_perm("companies.assign_advisor", is_issuer)
# Issue, revoke and reissue certificates (certificates.services asks it of every actor).
rules.add_perm("certificates.issue", is_issuer)
rules.add_perm("certificates.export_invoicing", is_issuer)
