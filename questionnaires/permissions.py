"""Who may do what with questionnaire rounds (django-rules).

Staff who work on the company run the whole round; the company's client users may start
a round, hand out its codes, follow the response rate, close it and see the results
(never the free text, which stays with the advisor).
"""

import rules

from companies.permissions import can_work_on_company, is_member


@rules.predicate
def round_company_staff(user, round_) -> bool:
    return round_ is not None and can_work_on_company(user, round_.company)


@rules.predicate
def round_company_member(user, round_) -> bool:
    return round_ is not None and is_member(user, round_.company)


rules.add_perm("questionnaires.start_round", can_work_on_company | is_member)
rules.add_perm("questionnaires.run_round", round_company_staff | round_company_member)
rules.add_perm("questionnaires.advise_round", round_company_staff)
