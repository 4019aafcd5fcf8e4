"""``{{ links.action_item_update|with_pk:item.pk }}``: see ``portal.links``."""

from django import template

from portal import links

register = template.Library()
register.filter("with_pk", links.with_pk)
