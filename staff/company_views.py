"""The advisor's portfolio and the company pages (URLs: ``staff.company_urls``).

Staff pages that show or open a case, so they stand above certificates, not in companies
(docs/layers.md): companies is the lower layer every app builds on.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certificates.selectors import case_of_year, certificates_to_reissue
from certificates.services import case_get_or_open
from companies import services
from companies.forms import CompanyForm
from companies.selectors import get_company_for
from hms_cert.forms import add_service_errors
from hms_cert.page_cache import render_by_content, render_fragment
from staff.forms import PortfolioFilterForm
from staff.portfolio import portfolio_page, portfolio_version


@login_required
@require_GET
def portfolio(request):
    """Every company the user works on, with what each case lacks today.

    The page is kept until something it shows can change (``portfolio_version``).
    """
    if not request.user.has_perm("companies.view_portfolio"):
        raise PermissionDenied
    today = timezone.localdate()
    return render_by_content(
        request,
        "companies/portfolio.html",
        lambda: _portfolio_context(request, today),
        content=portfolio_version(request.user, on=today),
    )


def _portfolio_context(request, today) -> dict:
    show_advisor = request.user.is_issuer
    form = PortfolioFilterForm(request.GET or None, show_advisor=show_advisor)
    page, rows = portfolio_page(
        request.user, on=today, criteria=form.criteria(), page_number=request.GET.get("side")
    )
    query = request.GET.copy()
    query.pop("side", None)
    rows_html = [
        render_fragment(
            "companies/_portfolio_row.html",
            {"row": row, "show_advisor": show_advisor},
            content=row.shown(with_advisor=show_advisor),
        )
        for row in rows
    ]
    context = {"form": form, "page": page, "rows": rows, "rows_html": rows_html, "today": today}
    context["query"] = query.urlencode()
    return context


@login_required
@require_GET
def company_detail(request, pk):
    """A company's page is its case of the current year; without one, a page to open it.

    Reading never writes: the case is opened by the button on that page (POST).
    """
    company = get_company_for(request.user, pk)
    year = timezone.localdate().year
    case = case_of_year(company=company, year=year)
    if case is not None:
        return redirect("cases:detail", pk=case.pk)
    return render(request, "companies/company_no_case.html", {"company": company, "year": year})


@login_required
@require_POST
def case_open(request, pk):
    """Open the company's case of the current year (the same one if it is already open)."""
    company = get_company_for(request.user, pk)
    case = case_get_or_open(company=company, year=timezone.localdate().year, actor=request.user)
    return redirect("cases:detail", pk=case.pk)


def _company_form_page(request, form, *, save, title, company=None):
    if request.method == "POST" and form.is_valid():
        try:
            company = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Virksomheten %(name)s er lagret.") % {"name": company.name}
            )
            _offer_reissue(request, company)
            return redirect("companies:detail", pk=company.pk)
    context = {"form": form, "title": title, "company": company}
    return render(request, "companies/company_form.html", context)


def _offer_reissue(request, company) -> None:
    """After a change of name or address: the valid certificates that still show the old."""
    for certificate in certificates_to_reissue(company):
        link = format_html(
            '<a href="{}">{}</a>',
            reverse(
                "certificates:reissue" if request.user.is_issuer else "certificates:detail",
                args=[certificate.pk],
            ),
            _("Utsted %(number)s på nytt") % {"number": certificate.number}
            if request.user.is_issuer
            else certificate.number,
        )
        messages.warning(
            request,
            format_html(
                "{} {}",
                _(
                    "Sertifikat %(number)s viser fortsatt «%(name)s», slik virksomheten ble "
                    "sertifisert. Det kan utstedes på nytt med dagens navn og adresse "
                    "(samme periode, ikke fakturert på nytt)."
                )
                % {"number": certificate.number, "name": certificate.company_name},
                link,
            ),
        )


@login_required
@require_http_methods(["GET", "POST"])
def company_create(request):
    if not request.user.has_perm("companies.add_company"):
        raise PermissionDenied
    return _company_form_page(
        request,
        CompanyForm(request.POST or None, can_assign_advisor=True),
        save=lambda data: services.company_create(actor=request.user, **data),
        title=_("Ny virksomhet"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def company_update(request, pk):
    company = get_company_for(request.user, pk)
    can_assign = request.user.has_perm("companies.assign_advisor", company)
    return _company_form_page(
        request,
        CompanyForm(request.POST or None, instance=company, can_assign_advisor=can_assign),
        save=lambda data: services.company_update(company=company, actor=request.user, **data),
        title=_("Endre %(name)s") % {"name": company.name},
        company=company,
    )
