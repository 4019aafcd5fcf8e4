from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-postadresse"), max_length=254)
    language = forms.ChoiceField(
        label=_("Språk i e-posten"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        help_text=_("Den nye brukeren får samme språk; det kan endres senere."),
        required=False,
    )

    def clean_language(self):
        return self.cleaned_data["language"] or settings.LANGUAGE_CODE


class AcceptInvitationForm(forms.Form):
    """Choose a username and password; the e-mail is the one the invitation went to."""

    first_name = forms.CharField(label=_("Fornavn"), max_length=150)
    last_name = forms.CharField(label=_("Etternavn"), max_length=150)
    username = forms.CharField(
        label=_("Brukernavn"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Bokstaver, tall og @ . + - _. Du kan bruke e-postadressen din."),
    )
    password1 = forms.CharField(
        label=_("Passord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Gjenta passordet"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Brukernavnet er opptatt."))
        return username

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Passordene er ikke like."))
        elif password1:
            user = User(
                username=cleaned.get("username", ""),
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
