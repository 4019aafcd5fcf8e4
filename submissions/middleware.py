"""A form posted twice takes effect once: the second POST is shown the first one's result.

Every POST form carries a hidden ``_submission`` token drawn by the browser when the page
was shown (static/js/hms.js; the button is disabled on submit as well). For a logged-in
user the first POST with a token claims it (a unique row, committed at once); a repeat
with the same token waits for the first to finish and is redirected where the first was,
with a message. A first POST that did not succeed (the form came back with errors, or it
failed) releases its claim, so correcting and sending again works.
"""

import re
import time
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from submissions.models import FormSubmission

FIELD = "_submission"
TOKEN = re.compile(r"[0-9a-f]{32}")
WAIT_SECONDS = 15.0
POLL_SECONDS = 0.1
KEEP = timedelta(days=1)
STILL_RUNNING = gettext_lazy(
    "Skjemaet er allerede sendt og behandles fortsatt. Last siden på nytt."
)


class DuplicateSubmissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        claim = getattr(request, "_submission_claim", None)
        if claim is not None:
            _settle(claim, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        token = _token_of(request)
        if token is None:
            return None
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            claim = _claim(request.user, token)
            if claim is not None:
                request._submission_claim = claim
                return None
            earlier = FormSubmission.objects.filter(user=request.user, token=token).first()
            if earlier is not None and earlier.location:
                messages.info(request, _("Skjemaet var allerede sendt. Her er resultatet."))
                return redirect(earlier.location)
            time.sleep(POLL_SECONDS)
        messages.warning(request, STILL_RUNNING)
        return redirect(request.get_full_path())


def _token_of(request) -> str | None:
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    token = request.POST.get(FIELD, "")
    return token if TOKEN.fullmatch(token) else None


def _claim(user, token: str) -> FormSubmission | None:
    """The new claim on ``token``, or None when another request holds it."""
    try:
        with transaction.atomic():
            claim = FormSubmission.objects.create(user=user, token=token)
    except IntegrityError:
        return None
    FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return claim


def _settle(claim: FormSubmission, response) -> None:
    """Keep where a successful POST led; release the claim of one that did not succeed."""
    if response.status_code in (301, 302, 303) and response.has_header("Location"):
        claim.location = response["Location"]
        claim.save(update_fields=["location"])
    else:
        claim.delete()
