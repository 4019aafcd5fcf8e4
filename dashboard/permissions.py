"""Who may see the dashboard (django-rules, like companies.permissions)."""

import rules

from companies.permissions import is_issuer

rules.add_perm("dashboard.view_dashboard", is_issuer)
