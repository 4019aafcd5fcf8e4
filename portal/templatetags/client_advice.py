"""``{{ criterion|client_advice }}``: what a client can do about an unmet criterion."""

from django import template

from portal.advice import CLIENT_ADVICE

register = template.Library()


@register.filter
def client_advice(criterion) -> str:
    return CLIENT_ADVICE.get(criterion.code, "")
