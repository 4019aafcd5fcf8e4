"""The API's docs page (Swagger UI) loads in Chromium under our strict CSP, from our files."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_docs_load_with_no_csp_violation(browser, site):
    context = browser.new_context(base_url=site)
    page = context.new_page()
    problems, outside = [], []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda r: not r.url.startswith(site) and outside.append(r.url))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto("/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".swagger-ui .info .title").filter(has_text="HMS-sertifikat API").wait_for()
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 10
    assert "/api/v1/lookup/" in page.locator(".swagger-ui").inner_text()
    assert problems == []
    assert outside == []
    context.close()
