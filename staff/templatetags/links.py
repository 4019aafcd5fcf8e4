"""``{{ links.action_item_update|with_pk:item.pk }}``: see ``staff.links``."""

from django import template

from staff import links

register = template.Library()
register.filter("with_pk", links.with_pk)
