"""Forms of the hub. Rich text is Markdown in a plain text area (rendered safely on output)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import User
from samenspel.core.forms import SafeForm, SafeModelChoiceField, SafeModelForm
from samenspel.knowledge.models import (
    DigestFrequency,
    LearningNetwork,
    Lesson,
    MemberKind,
    ProgressUpdate,
    Theme,
)
from samenspel.network.models import AgreementVersion, Intervention, Network

MARKDOWN_HELP = _("You can use Markdown: **bold**, *italic*, lists with - and links.")


class SearchForm(SafeForm):
    q = forms.CharField(label=_("Search lessons, updates, words and methods"), max_length=100)


class LearningNetworkForm(SafeModelForm):
    class Meta:
        model = LearningNetwork
        fields = ("name", "theme", "purpose", "networks", "is_public")
        widgets = {"networks": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["theme"]).queryset = Theme.objects.all()
        cast(forms.ModelChoiceField, self.fields["networks"]).queryset = Network.objects.visible_to(
            user
        )
        self.fields["purpose"].help_text = MARKDOWN_HELP


class MemberForm(SafeForm):
    email = forms.EmailField(label=_("E-mail address of the person"))
    kind = forms.ChoiceField(label=_("Taking part as"), choices=MemberKind.choices)

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Nobody with this e-mail address uses Samenspel."))
        return user


class MeetingForm(SafeForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=480, initial=90
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea, required=False, help_text=MARKDOWN_HELP
    )


class UpdateForm(SafeModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ("kind", "title", "body", "is_public")


class LessonForm(SafeModelForm):
    class Meta:
        model = Lesson
        fields = (
            "title",
            "context",
            "what_happened",
            "what_we_learned",
            "what_we_change",
            "agreement_version",
            "intervention",
            "is_public",
        )

    def __init__(self, *args: Any, learning_network: LearningNetwork, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        networks = learning_network.networks.all()
        cast(
            forms.ModelChoiceField, self.fields["agreement_version"]
        ).queryset = AgreementVersion.objects.filter(agreement__network__in=networks).order_by(
            "title", "-number"
        )
        cast(
            forms.ModelChoiceField, self.fields["intervention"]
        ).queryset = Intervention.objects.filter(
            service__organisation__networks__in=networks
        ).distinct()
        for name in ("context", "what_happened", "what_we_learned", "what_we_change"):
            self.fields[name].help_text = MARKDOWN_HELP


class AttachmentForm(SafeForm):
    file = forms.FileField(label=_("File (PDF, PNG or JPEG, at most 5 MB)"))


class PreferenceForm(SafeForm):
    digest = forms.ChoiceField(label=_("Digest mail"), choices=DigestFrequency.choices)


class TermProposalForm(SafeForm):
    network = SafeModelChoiceField(label=_("Glossary of"), queryset=Network.objects.none())
    term = forms.CharField(label=_("Word"), max_length=120)
    definition = forms.CharField(
        label=_("Explanation in plain language"),
        widget=forms.Textarea,
        help_text=_("Short sentences, everyday words (B1)."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["network"]).queryset = Network.objects.visible_to(
            user
        )


class ReviewForm(SafeForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Add to the glossary")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note to the proposer"), max_length=500, required=False)


class HandOverForm(SafeForm):
    successor = forms.EmailField(label=_("E-mail address of the colleague who takes over"))

    def clean_successor(self) -> User:
        email = self.cleaned_data["successor"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Nobody with this e-mail address uses Samenspel."))
        return user
