"""Reads of invitations and client users, on behalf of a user where one asks."""

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Invitation, User
from accounts.tokens import MAX_TOKEN_LENGTH, hash_token
from companies.models import Company, Membership
from companies.selectors import companies_for_staff


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation a link's token belongs to, whatever its state; None if none does."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return Invitation.objects.select_related("company").filter(token_hash=hash_token(token)).first()


def user_with_email(email: str) -> User | None:
    """The user registered with this e-mail address (case-insensitive), if any."""
    return User.objects.filter(email__iexact=email.strip()).order_by("pk").first()


def invitations_for_company(user, company: Company) -> QuerySet[Invitation]:
    if not user.has_perm("accounts.invite_client", company):
        return Invitation.objects.none()
    return company.invitations.select_related("invited_by", "accepted_by").order_by("-created_at")


def members_of_company(user, company: Company) -> QuerySet[Membership]:
    if not user.has_perm("accounts.invite_client", company):
        return Membership.objects.none()
    return company.memberships.select_related("user").order_by("user__username")


def get_invitation_for(user, pk) -> Invitation:
    """An invitation to a company the user works on as staff, else 404."""
    try:
        return (
            Invitation.objects.filter(company__in=companies_for_staff(user))
            .select_related("company")
            .get(pk=pk)
        )
    except (Invitation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_membership_for(user, pk) -> Membership:
    """A membership of a company the user works on as staff, else 404."""
    try:
        return (
            Membership.objects.filter(company__in=companies_for_staff(user))
            .select_related("company", "user")
            .get(pk=pk)
        )
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
