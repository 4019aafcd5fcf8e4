from django.contrib import admin

from documents.models import Document
from hms_cert.admin_mixins import ReadOnlyAdmin


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """Uploads are reviewed on the advisor's review page, not here."""

    list_display = ("company", "category", "criterion", "original_name", "status", "uploaded_at")
    list_filter = ("status", "category")
    search_fields = ("company__name", "original_name", "sha256")
    exclude = ("file",)
