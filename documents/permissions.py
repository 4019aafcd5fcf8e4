"""Who may upload, see and review documents, built on the company predicates.

The objects are a company (upload, list) or a document (view, review). The selectors in
``documents.selectors`` encode the same rules for querysets.
"""

import rules

from companies.permissions import can_work_on_company, is_advisor, is_issuer, is_member


@rules.predicate
def works_on_document_company(user, document) -> bool:
    return document is not None and can_work_on_company(user, document.company)


rules.add_perm("documents.upload", is_member | can_work_on_company)
rules.add_perm("documents.review_document", works_on_document_company)
rules.add_perm("documents.view_review_queue", is_advisor | is_issuer)
