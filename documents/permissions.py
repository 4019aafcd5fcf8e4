"""Who may upload, see and review documents, built on the company predicates.

The objects are a company (upload, list) or a document (view, review). The selectors in
``documents.selectors`` encode the same rules for querysets.
"""

import rules

from companies.permissions import can_work_on_company, is_advisor, is_issuer, is_member


@rules.predicate
def works_on_document_company(user, document) -> bool:
    return document is not None and can_work_on_company(user, document.company)


@rules.predicate
def uploaded_it(user, document) -> bool:
    return document is not None and document.uploaded_by_id == user.pk


def _member_company_ids(user) -> frozenset[int]:
    """The companies a client user belongs to, read once per user object (so once a request).

    A list of uploads asks this for every row; ``is_member`` would ask the database each time.
    """
    if "_member_company_ids" not in user.__dict__:
        user.__dict__["_member_company_ids"] = frozenset(
            user.memberships.values_list("company_id", flat=True)
        )
    return user.__dict__["_member_company_ids"]


@rules.predicate
def is_member_of_document_company(user, document) -> bool:
    return (
        document is not None
        and user.is_authenticated
        and user.is_client
        and document.company_id in _member_company_ids(user)
    )


rules.add_perm("documents.upload", is_member | can_work_on_company)
rules.add_perm("documents.review_document", works_on_document_company)
rules.add_perm("documents.view_review_queue", is_advisor | is_issuer)
# A client takes back their own upload (only while it waits for review: the service says so).
rules.add_perm("documents.withdraw_document", uploaded_it & is_member_of_document_company)
