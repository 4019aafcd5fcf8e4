"""A client user's update of an action item: status, a comment and evidence, all or nothing.

Clients may move an item between OPEN, IN_PROGRESS, DONE and NOT_APPLICABLE (with a
written reason); the measure, the responsible person and the due date are the
advisor's, agreed in the action plan, and are not theirs to change.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Category, Criterion
from documents.services import document_upload
from hms_cert.history import save_with_history
from portal.models import ActionItemComment
from surveys.models import ActionItem, Area
from surveys.validators import validate_status_reason

CLIENT_STATUSES = (
    ActionItem.Status.OPEN,
    ActionItem.Status.IN_PROGRESS,
    ActionItem.Status.DONE,
    ActionItem.Status.NOT_APPLICABLE,
)
_EVIDENCE_FIELDS = {"effective_from": "evidence_effective_from"}


def _attach_evidence(*, item: ActionItem, actor, evidence, effective_from: date | None) -> None:
    """Store the evidence as a document of the item, for the advisor's review."""
    try:
        document_upload(
            company=item.company,
            actor=actor,
            file=evidence,
            category=Category.ACTION_EVIDENCE,
            criterion=Criterion.B4 if item.area == Area.PHYSICAL else Criterion.P3,
            effective_from=effective_from or timezone.localdate(),
            action_item=item,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(
                {
                    _EVIDENCE_FIELDS.get(field, "evidence"): messages
                    for field, messages in error.message_dict.items()
                }
            ) from None
        raise ValidationError({"evidence": error.messages}) from None


def action_item_client_update(
    *,
    item: ActionItem,
    actor,
    status: str,
    reason: str = "",
    comment: str = "",
    evidence=None,
    evidence_effective_from: date | None = None,
) -> ActionItem:
    """Set the item's status (NOT_APPLICABLE needs ``reason``), add a comment and evidence."""
    if not actor.has_perm("portal.update_action_item", item):
        raise PermissionDenied
    if status not in CLIENT_STATUSES:
        raise ValidationError({"status": _("Ugyldig status.")})
    reason = reason.strip()
    comment = comment.strip()
    validate_status_reason(status, reason, field="reason")
    with transaction.atomic():
        item = (
            ActionItem.objects.select_for_update(of=("self",))
            .select_related("company")
            .get(pk=item.pk)
        )
        new_reason = reason if status == ActionItem.Status.NOT_APPLICABLE else ""
        if (item.status, item.status_reason) != (status, new_reason):
            item.status = status
            item.status_reason = new_reason
            save_with_history(
                item, actor=actor, update_fields=["status", "status_reason", "updated_at"]
            )
        if comment:
            note = ActionItemComment(item=item, author=actor, text=comment)
            save_with_history(note, actor=actor)
        if evidence is not None:
            _attach_evidence(
                item=item, actor=actor, evidence=evidence, effective_from=evidence_effective_from
            )
    return item
