"""Invitations of client users: invite (and e-mail the link), accept, withdraw.

One keyword-only function per change, each in one transaction. The e-mail is sent
inside the transaction on purpose: if it cannot be sent, no invitation is left behind
that nobody received.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import throttling
from accounts.models import Invitation, User
from accounts.tokens import hash_token, new_token
from companies.models import Company, Membership
from hms_cert.history import delete_with_history


def _normalise_email(email: str) -> str:
    return User.objects.normalize_email(email.strip())


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:invitation_accept", args=[token])


def _send_invitation(invitation: Invitation, token: str) -> None:
    context = {
        "invitation": invitation,
        "company": invitation.company,
        "link": invitation_link(token),
        "inviter": invitation.invited_by.display_name,
        "days": settings.INVITATION_TTL_DAYS,
    }
    # In the language the inviter chose for the invitee, whatever the inviter reads.
    with translation.override(invitation.language):
        subject = render_to_string("accounts/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, None, [invitation.email])


def invitation_create(
    *, company: Company, email: str, actor, language: str = settings.LANGUAGE_CODE
) -> Invitation:
    """Invite ``email`` to ``company`` and send the link; earlier open invitations lapse.

    ``language`` is the invitee's: the e-mail is written in it, and a user created from
    the invitation gets it as their own.
    """
    if not actor.has_perm("accounts.invite_client", company):
        raise PermissionDenied
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Ukjent språk.")})
    email = _normalise_email(email)
    existing = User.objects.filter(email__iexact=email)
    if any(not user.is_client for user in existing):
        raise ValidationError(
            {"email": _("Adressen tilhører en av våre ansatte og kan ikke inviteres som kunde.")}
        )
    if Membership.objects.filter(company=company, user__email__iexact=email).exists():
        raise ValidationError({"email": _("Denne brukeren har allerede tilgang til virksomheten.")})
    token = new_token()
    now = timezone.now()
    with transaction.atomic():
        _throttle_invitation(email=email, actor=actor)
        Invitation.objects.filter(
            company=company, email__iexact=email, accepted_at=None, revoked_at=None
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            email=email,
            company=company,
            invited_by=actor,
            token_hash=hash_token(token),
            expires_at=now + timedelta(days=settings.INVITATION_TTL_DAYS),
            language=language,
        )
        _send_invitation(invitation, token)
    return invitation


def _throttle_invitation(*, email: str, actor) -> None:
    """At most a few invitations per address and hour, and a bound per staff member.

    The "client" is the staff member sending (every sender is logged in), not an address.
    """
    allowed = throttling.mail_throttle_hit(
        limit=throttling.INVITATION, address=email, client=f"user:{actor.pk}"
    )
    if not allowed:
        raise ValidationError(
            _(
                "Det er sendt for mange invitasjoner til denne adressen eller av deg den siste "
                "timen. Vent en stund og prøv igjen."
            ),
            code="throttled",
        )


def _lock_usable(invitation: Invitation) -> Invitation:
    """The invitation row, locked, if it can still be used; else ValidationError."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable(timezone.now()):
        raise ValidationError(
            _("Invitasjonen er allerede brukt, trukket tilbake eller utløpt."), code="unusable"
        )
    return invitation


def _mark_accepted(invitation: Invitation, user: User) -> None:
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])


def invitation_accept_new_user(
    *, invitation: Invitation, username: str, password: str, first_name: str, last_name: str
) -> User:
    """Create the client user the invitation was for, with access to its company."""
    with transaction.atomic():
        invitation = _lock_usable(invitation)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("Det finnes allerede en bruker med denne e-postadressen. Logg inn for å godta."),
                code="email_taken",
            )
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": _("Brukernavnet er opptatt.")})
        user = User(
            username=username,
            email=invitation.email,
            first_name=first_name,
            last_name=last_name,
            role=User.Role.CLIENT,
            language=invitation.language,
        )
        password_validation.validate_password(password, user)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        Membership.objects.create(user=user, company=invitation.company)
        _mark_accepted(invitation, user)
    return user


def invitation_accept_existing_user(*, invitation: Invitation, user: User) -> Membership:
    """Give an existing client user, logged in, access to the invitation's company."""
    if not user.is_client:
        raise ValidationError(_("Invitasjoner gjelder bare kundebrukere."), code="not_client")
    with transaction.atomic():
        invitation = _lock_usable(invitation)
        if user.email.strip().lower() != invitation.email.lower():
            raise ValidationError(
                _("Invitasjonen er sendt til en annen e-postadresse enn den brukeren din har."),
                code="wrong_user",
            )
        membership, _created = Membership.objects.get_or_create(
            user=user, company=invitation.company
        )
        _mark_accepted(invitation, user)
    return membership


def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    """Withdraw an invitation that has not been used; its link stops working."""
    if not actor.has_perm("accounts.invite_client", invitation.company):
        raise PermissionDenied
    with transaction.atomic():
        invitation = _lock_usable(invitation)
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def membership_remove(*, membership: Membership, actor) -> None:
    """Take a client user's access to a company away (e.g. someone who left the company).

    The user keeps their login and any other company; the history records who removed
    the access and when.
    """
    if not actor.has_perm("accounts.invite_client", membership.company):
        raise PermissionDenied
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        delete_with_history(membership, actor=actor)


def user_language_set(*, user: User, language: str) -> User:
    """Remember the language ``user`` chose, for what is sent to them (reminder e-mails).

    Only the user themself chooses it (through the language picker), so no permission is
    asked beyond being that user; an unknown code is refused.
    """
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Ukjent språk.")})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
