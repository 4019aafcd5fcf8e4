"""The language picker, outside the accounts namespace: ``{% url 'set_language' %}``."""

from django.urls import path

from accounts import views

urlpatterns = [path("i18n/setlang/", views.set_language, name="set_language")]
