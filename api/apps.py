from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")


class DjangoMessagesFirst(AppConfig):
    """Django's own catalogue (django/conf/locale) as an app listed before rest_framework.

    An installed app's translations override Django's, and DRF's bokmål differs from
    Django's for seven messages the site's forms show ("This field is required." would
    read «Dette feltet er påkrevd.» instead of «Feltet er påkrevet.»). Listed before
    rest_framework, Django's wording wins there; the API keeps DRF's for the rest.
    """

    name = "django.conf"
    label = "django_messages_first"
    verbose_name = "Django's messages before DRF's"
