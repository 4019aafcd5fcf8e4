from tests.factories import UserFactory


def test_display_name_is_the_full_name_else_the_username(db):
    assert UserFactory(username="rita", first_name="Rita", last_name="Rådgiver").display_name == (
        "Rita Rådgiver"
    )
    assert UserFactory(username="ulf", first_name="", last_name="").display_name == "ulf"
