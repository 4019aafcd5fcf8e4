"""A category and a criterion that do not belong together are refused, in plain bokmål."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents import services
from documents.models import CATEGORY_CRITERIA, DEFAULT_CRITERION, Category, Criterion, Document
from tests.documents import files
from tests.factories import TODAY

pytestmark = pytest.mark.django_db

MESSAGE = (
    "«A1 Psykososial kartlegging» hører ikke til kategorien «Arbeidsavtaler». "
    "Velg «A3 a) Skriftlige arbeidsavtaler», eller la feltet stå tomt."
)


def _post(client, company, **fields):
    data = {
        "category": Category.EMPLOYMENT_CONTRACTS,
        "effective_from": TODAY.isoformat(),
        "file": files.upload("arbeidsavtaler.pdf", files.PDF),
        **fields,
    }
    return client.post(reverse("documents:upload", args=[company.pk]), data)


def test_the_form_refuses_a_criterion_outside_the_category(
    client, client_user, company, media_files
):
    client.force_login(client_user)
    response = _post(client, company, criterion=Criterion.A1)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Document.objects.exists()
    assert media_files() == []


def test_a_criterion_of_the_category_is_accepted(client, client_user, company, media_files):
    client.force_login(client_user)
    response = _post(client, company, category=Category.REPORT, criterion=Criterion.A2)
    assert response.status_code == 302
    assert Document.objects.get().criterion == Criterion.A2


def test_other_documents_may_support_any_criterion(client, client_user, company, media_files):
    client.force_login(client_user)
    assert (
        _post(client, company, category=Category.OTHER, criterion=Criterion.P3).status_code == 302
    )


def test_the_service_refuses_it_too(client_user, company, media_files):
    with pytest.raises(ValidationError) as error:
        services.document_upload(
            company=company,
            actor=client_user,
            file=files.upload("verneombud.pdf", files.PDF),
            category=Category.SAFETY_REP_TRAINING,
            criterion=Criterion.B3,
            effective_from=TODAY,
        )
    assert "hører ikke til kategorien «Opplæring av verneombud»" in str(
        error.value.message_dict["criterion"]
    )
    assert media_files() == []


@pytest.mark.parametrize("category", list(CATEGORY_CRITERIA))
def test_every_default_criterion_belongs_to_its_category(category):
    default = DEFAULT_CRITERION.get(category)
    assert default is None or default in CATEGORY_CRITERIA[category]
