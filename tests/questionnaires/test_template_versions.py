"""The questionnaire's versions: the current one is only read."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questionnaires.models import QuestionnaireTemplate
from questionnaires.selectors import current_template
from tests.admin_forms import writes

pytestmark = pytest.mark.django_db


def test_reading_the_current_questionnaire_writes_nothing():
    with CaptureQueriesContext(connection) as queries:
        template = current_template()
    assert (template.key, template.version, template.is_current) == ("psykososial", 1, True)
    assert writes(queries) == []


def test_a_missing_questionnaire_is_not_installed_on_read_and_no_round_starts(make_round):
    QuestionnaireTemplate.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        assert current_template() is None
    assert writes(queries) == []
    with pytest.raises(ValidationError, match="gjeldende spørreskjema"):
        make_round()
    assert not QuestionnaireTemplate.objects.exists()
