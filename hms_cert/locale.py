"""Bokmål unless the user chose otherwise.

Django's LocaleMiddleware falls back on the browser's Accept-Language, and many
Norwegians run their browser in English: they would get an English interface they did
not ask for. Here the language comes only from the choice stored by ``set_language``
(its cookie); with none, it is LANGUAGE_CODE (bokmål).

The API (/api/) is the exception: a script has no cookie, and its Accept-Language is what
its author chose, so there it is honoured.
"""

from django.middleware.locale import LocaleMiddleware


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if not request.path_info.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
