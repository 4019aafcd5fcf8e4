"""Who may see the dashboard and take the exports (django-rules, like companies.permissions)."""

import rules

from companies.permissions import is_advisor, is_issuer

rules.add_perm("dashboard.view_dashboard", is_issuer)
rules.add_perm("dashboard.export_register", is_issuer | is_advisor)
