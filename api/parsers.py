"""JSON bodies cleaned as CleanInputMiddleware cleans forms: no NUL or control characters.

The middleware cleans query strings and form fields before any view; a JSON body is read
only by DRF, here. PostgreSQL refuses a NUL in a text value with an error (which would
end the transaction), so it is removed, with the other control characters, from every
string of the body, keys included.
"""

from rest_framework.parsers import JSONParser

from hms_cert.middleware import clean_text


def _cleaned(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(key): _cleaned(item) for key, item in value.items()}
    return value


class CleanJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _cleaned(super().parse(stream, media_type, parser_context))
