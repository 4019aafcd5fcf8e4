"""Reads of companies, always on behalf of a user and limited to what that user may see."""

from django.db.models import QuerySet
from django.http import Http404

from companies.models import Company


def companies_visible_to(user) -> QuerySet[Company]:
    """Companies whose case the user may work on (staff) or see (client members)."""
    if not user.is_authenticated:
        return Company.objects.none()
    if user.is_issuer:
        return Company.objects.all()
    if user.is_advisor:
        return Company.objects.filter(advisor=user)
    return Company.objects.filter(memberships__user=user)


def companies_for_staff(user) -> QuerySet[Company]:
    """Companies an advisor or issuer works on; empty for clients."""
    if not (user.is_authenticated and user.is_staff_member):
        return Company.objects.none()
    return companies_visible_to(user)


def get_company_for(user, pk) -> Company:
    """The company with this pk if the user may work on it as staff, else 404.

    404 rather than 403, so that nobody learns which companies exist.
    """
    try:
        return companies_for_staff(user).select_related("advisor").get(pk=pk)
    except (Company.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
