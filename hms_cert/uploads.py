"""Uploads refused as soon as they pass the limit, before the rest is read.

Django's own handlers read a whole request body to memory or disk and only then does a form
compare the file's size with ``UPLOAD_MAX_BYTES``: an anonymous 100 MB POST to the public PDF
check was written to a temporary file in full before it was refused. This handler, first in
``FILE_UPLOAD_HANDLERS``, stops the stream instead:

- up front, when the request's ``Content-Length`` is larger than one file at the limit plus
  the form fields that may accompany it (nothing of the body is read);
- while reading, as soon as one file passes ``UPLOAD_MAX_BYTES`` (the part already spooled
  is deleted; the rest of the body is never read).

Either way the request is marked ``upload_too_large`` and ``CleanInputMiddleware`` answers
with the 413 page. The reverse proxy should refuse such bodies even earlier
(docs/production.md: nginx ``client_max_body_size``).
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


def request_body_limit() -> int:
    """The largest body accepted: one file at the limit plus the ordinary form fields."""
    return settings.UPLOAD_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class LimitedUploadHandler(FileUploadHandler):
    """Counts every file's bytes and aborts the upload once one is over the limit."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > request_body_limit():
            self._refuse()
        return None  # the other handlers parse the body

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.UPLOAD_MAX_BYTES:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) holds the file

    def _refuse(self):
        if self.request is not None:
            self.request.upload_too_large = True
        raise StopUpload(connection_reset=True)
