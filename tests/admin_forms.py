"""Posting the admin's change forms as a staff user, and telling reads from writes."""

from django.contrib.auth.models import Permission

from tests.factories import UserFactory

WRITES = ("INSERT", "UPDATE", "DELETE")


def staff_logged_in(client, app_label: str, *model_names: str):
    """A staff user (no superuser) who may view, add, change and delete these models,
    logged in with ``client``."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=model_names
        )
    )
    client.force_login(user)
    return user


def post_change_form(client, url: str, **changes):
    """Save the admin page at ``url`` with ``changes`` (``change_form_data``)."""
    return client.post(url, change_form_data(client, url, **changes))


def change_form_data(client, url: str, **changes) -> dict:
    """What the admin page at ``url`` posts when saved as shown, then ``changes`` over it.

    The fields of the form and of every inline formset (with its management form), read
    from the page's own forms; a key of ``changes`` is a posted name, e.g. ``themes-0-title_nb``.
    """
    response = client.get(url)
    assert response.status_code == 200
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                data[form.add_prefix(name)] = "on"
            elif value not in (None, False):
                data[form.add_prefix(name)] = value
    data.update(changes)
    return data


def writes(queries) -> list[str]:
    """The statements of a ``CaptureQueriesContext`` that write."""
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
