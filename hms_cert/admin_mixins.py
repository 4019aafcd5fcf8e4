"""Admin pages that only show, and admin pages of versioned templates."""

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters, admin_urlname
from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from hms_cert.versioned import Revision, template_revise


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Visible to staff in the admin, changed only through the application's services
    (which validate, check permissions and write the audit record)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionedTemplateAdmin(admin.ModelAdmin):
    """The admin of a versioned template or of one of its parts (``hms_cert.versioned``).

    A change to a template in use (to the template, to a part, or in an inline: added,
    changed or deleted) is not made to it: the template is first revised, once per request
    (``template_revise``), and the change is made to the new version, which the page then
    shows. A template nothing has used yet is changed in place. A part stays in the
    template it was made in (its parent cannot be changed), and a template's key, version
    and current flag are the revisions' to set.
    """

    # From this admin's object to its template: "" for the template itself, else the
    # relations to follow, e.g. "template" or "section__template".
    template_path = ""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.template_path:
            fields += ["key", "version", "is_current"] if obj else ["version", "is_current"]
        elif obj is not None:
            fields.append(self.template_path.split("__")[0])
        return list(dict.fromkeys(fields))

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return  # nothing of its own to save; its inlines' changes are save_related's
        if change or self.template_path:
            revision = self._revision(request, obj)
            if revision is not None:
                _move(obj, revision, form.changed_data)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change and any(formset.has_changed() for formset in formsets):
            revision = self._revision(request, form.instance)
            if revision is not None:
                _move(form.instance, revision)
                for formset in formsets:
                    for inline in formset.initial_forms:
                        _move(inline.instance, revision, inline.changed_data)
        super().save_related(request, form, formsets, change)

    def response_change(self, request, obj):
        """After a revision, "save and continue" goes on with the new version's page."""
        response = super().response_change(request, obj)
        if "_continue" in request.POST and any(
            getattr(request, "_template_revisions", {}).values()
        ):
            url = reverse(
                admin_urlname(self.opts, "change"),
                args=[quote(obj.pk)],
                current_app=self.admin_site.name,
            )
            preserved = {
                "preserved_filters": self.get_preserved_filters(request),
                "opts": self.opts,
            }
            response["Location"] = add_preserved_filters(preserved, url)
        return response

    def delete_model(self, request, obj):
        if self.template_path:
            revision = self._revision(request, obj)
            if revision is not None:
                obj = revision.copy_of(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if not self.template_path:
            return super().delete_queryset(request, queryset)
        for obj in queryset:
            self.delete_model(request, obj)

    def _template_of(self, obj):
        for name in filter(None, self.template_path.split("__")):
            obj = getattr(obj, name)
        return obj

    def _revision(self, request, obj) -> Revision | None:
        """The new version this request makes of ``obj``'s template; None if not in use.

        Made once per request, however many rows of the template the request changes; the
        new version answers for itself too, so that rows already moved to it stay there.
        """
        template = self._template_of(obj)
        if not hasattr(request, "_template_revisions"):
            request._template_revisions = {}
        revisions = request._template_revisions
        key = (type(template), template.pk)
        if key not in revisions:
            revision = None
            if template.in_use():
                revision = template_revise(template=template, actor=request.user)
                revisions[(type(template), revision.template.pk)] = revision
                messages.info(
                    request,
                    _(
                        "%(template)s er i bruk, så endringen er lagret i en ny versjon "
                        "(versjon %(version)s)."
                    )
                    % {"template": template, "version": revision.template.version},
                )
            revisions[key] = revision
        return revisions[key]


def _move(obj, revision: Revision, changed=()) -> None:
    """Make ``obj`` stand for its copy in ``revision``, keeping its ``changed`` fields.

    A row that was copied takes its copy's primary key and values, but for the fields the
    form changed; a reference to a copied row (a new part's parent) is made to its copy.
    """
    copy = revision.copy_of(obj) if obj.pk is not None else None
    for field in obj._meta.concrete_fields:
        if copy is not None and field.name not in changed:
            setattr(obj, field.attname, getattr(copy, field.attname))
        elif field.is_relation:
            target = revision.counterpart(field.related_model, getattr(obj, field.attname))
            if target is not None:
                setattr(obj, field.attname, target.pk)
