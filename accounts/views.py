"""Client users of a company (staff), invitation links (anyone holding one), password reset."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from accounts import selectors, services, throttling
from accounts.forms import AcceptInvitationForm, InvitationForm
from accounts.models import Invitation
from companies.selectors import get_company_for

MODEL_BACKEND = "hms_cert.auth_backends.AdminModelBackend"


@login_required
@require_http_methods(["GET", "POST"])
def company_users(request, company_pk):
    """The company's client users and invitations, and the form to invite one more."""
    company = get_company_for(request.user, company_pk)
    if not request.user.has_perm("accounts.invite_client", company):
        raise PermissionDenied
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                company=company,
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except OSError:
            form.add_error(None, _("E-posten kunne ikke sendes. Prøv igjen senere."))
        else:
            messages.success(
                request,
                _("Invitasjonen er sendt til %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:company_users", company_pk=company.pk)
    context = {
        "company": company,
        "form": form,
        "members": selectors.members_of_company(request.user, company),
        "invitations": selectors.invitations_for_company(request.user, company),
        "now": timezone.now(),
        "ttl_days": settings.INVITATION_TTL_DAYS,
    }
    return render(request, "accounts/company_users.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_revoke(request, pk):
    """Confirm, then withdraw an unused invitation."""
    invitation = selectors.get_invitation_for(request.user, pk)
    if request.method == "POST":
        try:
            services.invitation_revoke(invitation=invitation, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Invitasjonen er trukket tilbake."))
        return redirect("accounts:company_users", company_pk=invitation.company_id)
    return render(request, "accounts/invitation_revoke.html", {"invitation": invitation})


@login_required
@require_http_methods(["GET", "POST"])
def membership_remove(request, pk):
    """Confirm, then take a client user's access to the company away."""
    membership = selectors.get_membership_for(request.user, pk)
    if request.method == "POST":
        services.membership_remove(membership=membership, actor=request.user)
        messages.success(
            request,
            _("%(name)s har ikke lenger tilgang til %(company)s.")
            % {
                "name": membership.user.display_name,
                "company": membership.company.name,
            },
        )
        return redirect("accounts:company_users", company_pk=membership.company_id)
    return render(request, "accounts/membership_remove.html", {"membership": membership})


def _refusal(request, invitation: Invitation | None):
    """A clear Norwegian answer for a link that cannot be used; nothing is created."""
    if invitation is None:
        reason, status = "unknown", 404
    elif invitation.accepted_at is not None:
        reason, status = "used", 410
    elif invitation.revoked_at is not None:
        reason, status = "revoked", 410
    else:
        reason, status = "expired", 410
    return render(request, "accounts/invitation_invalid.html", {"reason": reason}, status=status)


def _lost_race(request, invitation: Invitation):
    """The invitation was used while this request waited (a double submit): say it is done."""
    invitation.refresh_from_db()
    if invitation.accepted_at is None:
        return _refusal(request, invitation)
    if request.user.is_authenticated:
        url, link_text = reverse("portal:dashboard"), _("Til Min side")
    else:
        url, link_text = reverse("login"), _("Logg inn")
    context = {
        "message": _("Invitasjonen er allerede godtatt, og tilgangen til %(company)s er gitt.")
        % {"company": invitation.company.name},
        "url": url,
        "link_text": link_text,
    }
    return render(request, "already_done.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = selectors.invitation_by_token(token)
    if invitation is None or not invitation.is_usable(timezone.now()):
        return _refusal(request, invitation)
    existing = selectors.user_with_email(invitation.email)
    if existing is not None:
        return _join_as_existing_user(request, invitation)
    if request.user.is_authenticated:
        return render(request, "accounts/invitation_other_user.html", {"invitation": invitation})
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # No language chosen in this browser yet: the one the e-mail was written in.
        translation.activate(invitation.language)
        request.LANGUAGE_CODE = invitation.language
    form = AcceptInvitationForm(
        request.POST or None, email=invitation.email, initial={"username": invitation.email}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invitation_accept_new_user(
                invitation=invitation,
                username=data["username"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "unusable":
                return _lost_race(request, invitation)
            form.add_error(None, error)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(
                request,
                _("Velkommen! Du har nå tilgang til %(company)s.")
                % {"company": invitation.company.name},
            )
            response = redirect("portal:dashboard")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
            return response
    context = {"invitation": invitation, "form": form}
    return render(request, "accounts/invitation_accept.html", context)


def _join_as_existing_user(request, invitation: Invitation):
    """The e-mail already has a user: they log in as themselves and confirm."""
    if not request.user.is_authenticated:
        return render(request, "accounts/invitation_login.html", {"invitation": invitation})
    if request.method == "POST":
        try:
            services.invitation_accept_existing_user(invitation=invitation, user=request.user)
        except ValidationError as error:
            if getattr(error, "code", None) == "unusable":
                return _lost_race(request, invitation)
            messages.error(request, " ".join(error.messages))
            return render(
                request, "accounts/invitation_other_user.html", {"invitation": invitation}
            )
        messages.success(
            request,
            _("Du har nå tilgang til %(company)s.") % {"company": invitation.company.name},
        )
        return redirect("portal:dashboard_company", company_pk=invitation.company_id)
    return render(request, "accounts/invitation_join.html", {"invitation": invitation})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view, throttled per address and per client (accounts/throttling.py).

    Over a limit the form is shown again with a message and nothing is sent; the same for
    an address with a user and one without, as Django's "sent" page is the same for both.
    """

    def form_valid(self, form):
        allowed = throttling.mail_throttle_hit(
            limit=throttling.PASSWORD_RESET,
            address=form.cleaned_data["email"],
            client=throttling.client_address(self.request),
        )
        if not allowed:
            form.add_error(None, throttling_refusal())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def throttling_refusal() -> str:
    return _(
        "Det er sendt for mange e-poster til denne adressen eller fra denne maskinen den "
        "siste timen. Vent en stund og prøv igjen."
    )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view; a new password also lifts a login lockout of that username."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


def set_language(request):
    """Django's language picker, which also remembers a logged-in user's choice.

    The cookie keeps the choice in this browser; the user's row keeps it for what is sent
    to them (reminder e-mails), wherever they log in.
    """
    response = django_set_language(request)
    language = request.POST.get("language", "")
    chosen = request.method == "POST" and language in dict(settings.LANGUAGES)
    if chosen and request.user.is_authenticated:
        services.user_language_set(user=request.user, language=language)
    return response
