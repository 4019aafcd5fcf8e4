"""Model permissions for the admin site only.

The application's permissions are django-rules predicates (``*/permissions.py``), answered
by ``rules.permissions.ObjectPermissionBackend``. Django's ``ModelBackend`` stays for what
it is needed for: checking passwords, and the model permissions the admin site asks staff
users about. For anyone else it would answer every permission rules refuses by loading the
user's and the groups' permissions from the database (two queries on every page that asks),
to find permissions nobody outside the admin is given.
"""

from django.contrib.auth.backends import ModelBackend


class AdminModelBackend(ModelBackend):
    """``ModelBackend`` whose model permissions are read for staff users only."""

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return user_obj.is_staff and super().has_perm(user_obj, perm, obj=obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return user_obj.is_staff and super().has_module_perms(user_obj, app_label)
