"""Keeping pages fresh has one home (companies.freshness), and nothing escapes it.

The lists these tests hold the code against are built from the code itself: every model
written with history, and every function of every app's services module. A new model or
a new service fails here until it is said where it stands; a registration removed makes a
change go unseen in the cached-equals-fresh tests (tests/staff/test_case_page_cache.py).
"""

import importlib
import inspect

import pytest
from django.apps import apps

from certificates.models import StoredDecision
from companies.freshness import FACT, KEPT_PAGE_RECORDS, NOT_ON_KEPT_PAGES, case_revision
from hms_cert.history import delete_with_history, save_with_history
from surveys.models import Finding, Survey
from tests.factories import FindingFactory, SurveyFactory
from tests.staff.world import World

pytestmark = pytest.mark.django_db

# Services that no World change calls, and why: they change no kept page, or a test of
# their own holds their page against a fresh one.
NOT_IN_THE_WORLD = {
    "accounts.services.invitation_create": "an invitation: on no kept page",
    "accounts.services.invitation_revoke": "an invitation: on no kept page",
    "accounts.services.invitation_accept_existing_user": "a membership: on no kept page",
    "accounts.services.invitation_accept_new_user": "a user and a membership: no kept page",
    "accounts.services.invitation_link": "reads only",
    "accounts.services.membership_remove": "a membership: on no kept page",
    "accounts.services.user_language_set": "the user's own language: pages key on language",
    "api.services.api_key_issue": "an API key: on no kept page",
    "api.services.api_key_used": "an API key's last use: on no kept page",
    "companies.services.company_create": "a new company: its pages did not exist before",
    "companies.services.membership_add": "a membership: on no kept page",
    "companies.services.organisation_number_change_check": "reads only",
    "certificates.services.case_get_or_open": "tests/staff/test_portfolio_cache.py",
    "certificates.services.case_renew": "a CertificationCase: SHOWN, as case_get_or_open",
    "certificates.services.renewals_open_due": "calls case_renew",
    "certificates.services.certificate_issue": "test_portfolio_cache.py, test_public_page_cache",
    "certificates.services.certificate_revoke": "test_portfolio_cache.py, test_public_page_cache",
    "certificates.services.certificate_reissue": "a Certificate: FACT, as certificate_revoke",
    "certificates.services.certificate_document": "reads only",
    "certificates.services.render_certificate_copy": "reads only",
    "certificates.services.store_certificate_pdf": "a file, stored by certificate_issue",
    "certificates.services.verification_url": "reads only",
    "documents.services.document_record_legal_confirmation": "a Confirmation: FACT",
    "fieldwork.services.inspection_start": "test_case_page_cache.py: walks show at once",
    "fieldwork.services.answer_save": "test_case_page_cache.py: walks show at once",
    "fieldwork.services.photo_remove": "test_case_page_cache.py: walks show at once",
    "fieldwork.services.deviation_plan_confirm": "test_case_page_cache.py: walks show at once",
    "fieldwork.services.inspection_finish": "test_case_page_cache.py: walks show at once",
    "fieldwork.services.inspection_reopen": "test_case_page_cache.py: walks show at once",
    "questionnaires.services.answer_submit": "anonymous answers: on no kept page",
    "questionnaires.services.code_check": "reads only",
    "questionnaires.services.links_send": "codes and a count: on no kept page",
    "questionnaires.services.slips_print": "codes and a count: on no kept page",
    "questionnaires.services.respond_link": "reads only",
    "questionnaires.services.rounds_close_due": "calls round_close's own step",
    "questionnaires.services.conversation_create": "a Conversation and a Survey: FACT",
    "questionnaires.services.proposal_confirm": "a Finding and an ActionItem",
    "questionnaires.services.report_create": "a Round and a Survey",
    "questionnaires.services.report_review": "a Survey: FACT",
    "reminders.services.reminders_record": "reminders sent: on no kept page",
    "reminders.services.reminders_send": "reminders sent: on no kept page",
    "reminders.services.reminder_deliver": "reminders sent: on no kept page",
    "surveys.services.own_survey_withdraw": "a Survey: FACT",
}


def every_service() -> set[str]:
    found = set()
    for app in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{app.name}.services")
        except ModuleNotFoundError:
            continue
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                found.add(f"{module.__name__}.{name}")
    return found


def models_written_with_history() -> set[str]:
    return {
        model._meta.label
        for model in apps.get_models()
        if hasattr(model, "history") and not model._meta.label.startswith("auth.")
    }


def test_every_service_is_in_the_world_or_said_why_not():
    services = every_service()
    assert not set(World.SERVICES) & set(NOT_IN_THE_WORLD)
    assert set(World.SERVICES) | set(NOT_IN_THE_WORLD) == services, (
        "A new service: add the change it makes to tests/staff/world.py (World.CHANGES and "
        "World.SERVICES), or say in NOT_IN_THE_WORLD why no kept page shows it: "
        f"{sorted(services - set(World.SERVICES) - set(NOT_IN_THE_WORLD))}; gone: "
        f"{sorted(set(World.SERVICES) | set(NOT_IN_THE_WORLD) - services)}"
    )
    assert set(World.SERVICES.values()) <= set(World.CHANGES)


def test_every_model_written_with_history_is_on_a_kept_page_or_said_why_not():
    written = models_written_with_history()
    assert not set(KEPT_PAGE_RECORDS) & set(NOT_ON_KEPT_PAGES)
    assert set(KEPT_PAGE_RECORDS) | set(NOT_ON_KEPT_PAGES) == written, (
        "A model written with history: add it to companies.freshness.KEPT_PAGE_RECORDS "
        "(with the path to its company) or to NOT_ON_KEPT_PAGES with why: "
        f"{sorted(written - set(KEPT_PAGE_RECORDS) - set(NOT_ON_KEPT_PAGES))}"
    )


def test_a_shown_record_written_with_history_raises_its_company_s_revision(advisor):
    survey = SurveyFactory()
    company = survey.company
    before = case_revision(company)
    finding = FindingFactory.build(survey=survey)
    save_with_history(finding, actor=advisor)
    assert case_revision(company) == before + 1
    delete_with_history(Finding.objects.get(pk=finding.pk), actor=advisor)
    assert case_revision(company) == before + 2


def test_a_fact_written_with_history_also_marks_the_stored_decision_stale(advisor, today):
    survey = SurveyFactory()
    company = survey.company
    StoredDecision.objects.create(
        company=company, year=today.year, assessment_date=today, stale=False, facts={}, decision={}
    )
    assert KEPT_PAGE_RECORDS["surveys.Survey"][1] == FACT
    survey.summary = "Endret"
    save_with_history(survey, actor=advisor)
    assert StoredDecision.objects.get(company=company).stale
    before = case_revision(company)
    delete_with_history(Survey.objects.get(pk=survey.pk), actor=advisor)
    assert case_revision(company) == before + 1
