"""Versioned templates (checklists, the questionnaire): one model base, one way to revise.

A template is one version of something staff adjust as data: ``key`` names it across its
versions, ``version`` counts them and the one ``is_current`` is what new work starts
with. A version in use (an inspection walked with it, a round answered with it) is never
changed: ``template_revise`` copies it, with its parts, as the next version, and the
change is made to the copy. The shipped versions are installed by each app's data
migration; reading the current one never writes.

A template model says two things of its own, in two short methods: when it is in use,
and how its parts (sections and items; themes and questions) are copied.
"""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hms_cert.history import save_with_history


def _identity(model: type[models.Model], pk) -> tuple[type[models.Model], object]:
    return model._meta.concrete_model, pk


class Revision:
    """The next version of a template being made: each copied row, found by its original."""

    def __init__(self) -> None:
        self.template: VersionedTemplate | None = None
        self._copies: dict[tuple, models.Model] = {}

    def copy(self, original: models.Model, *, save: bool = True, **changes) -> models.Model:
        """A new row with ``original``'s values and ``changes``; saved unless ``save=False``."""
        values = {
            field.attname: getattr(original, field.attname)
            for field in original._meta.concrete_fields
            if not field.primary_key
        }
        copy = type(original)(**values)
        for name, value in changes.items():
            setattr(copy, name, value)
        if save:
            copy.save()
        self._copies[_identity(type(original), original.pk)] = copy
        return copy

    def copy_of(self, original: models.Model) -> models.Model | None:
        """The copy of ``original`` in the new version, None for a row not copied."""
        return self.counterpart(type(original), original.pk)

    def counterpart(self, model: type[models.Model], pk) -> models.Model | None:
        return self._copies.get(_identity(model, pk))


class VersionedTemplate(models.Model):
    """One version of a template; a subclass adds its content, its parts and two methods."""

    key = models.SlugField(_("nøkkel"), max_length=60)
    version = models.PositiveIntegerField(_("versjon"), default=1)
    is_current = models.BooleanField(_("gjeldende versjon"), default=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"], name="%(app_label)s_%(class)s_key_version"
            ),
        ]

    def in_use(self) -> bool:
        """Whether anything was made with this version, which must then stay as it is."""
        raise NotImplementedError

    def copy_parts(self, revision: Revision) -> None:
        """Copy this version's parts into ``revision.template`` with ``revision.copy``."""
        raise NotImplementedError


def template_revise(*, template: VersionedTemplate, actor) -> Revision:
    """``template`` and its parts copied as the next version, which becomes the current one.

    The copy is of the template as stored (not of unsaved changes to ``template``). In one
    transaction, with every version of the key locked, so two revisions cannot both take
    the next number.
    """
    model = type(template)
    with transaction.atomic():
        versions = list(
            model._default_manager.select_for_update().filter(key=template.key).order_by("version")
        )
        stored = next(v for v in versions if v.pk == template.pk)
        for version in versions:
            if version.is_current:
                version.is_current = False
                save_with_history(version, actor=actor, update_fields=["is_current"])
        revision = Revision()
        revision.template = revision.copy(
            stored, save=False, version=versions[-1].version + 1, is_current=True
        )
        save_with_history(revision.template, actor=actor)
        stored.copy_parts(revision)
    return revision
