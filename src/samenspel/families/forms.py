"""Forms of the family file. They validate and convert; the rules that hold outside a form
(age rules for consent, Meldcode order, stale edits) live in `actions` and come back here as
ValidationError."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.forms import (
    SafeForm,
    SafeModelChoiceField,
    SafeModelForm,
    SafeModelMultipleChoiceField,
)
from samenspel.families.models import (
    Consent,
    DataCategory,
    DestructionKind,
    Family,
    FamilyMember,
    Gender,
    InformalNetworkContact,
    MeldcodeStep,
    MemberRole,
    QuestionKind,
    ReferrerKind,
    RelationKind,
    RequestChannel,
    RetentionBasis,
    SafetyStatus,
    Urgency,
)
from samenspel.network.models import Network, Organisation, Professional
from samenspel.plans.models import InstrumentDomain


def _field(form: forms.BaseForm, name: str) -> Any:
    """A field whose queryset or choices depend on the family (typed loosely on purpose)."""
    return form.fields[name]


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def current_life_domains() -> Any:
    """The domains of the current ZRM version: the plans app's own list, so registrations,
    plans and evaluations speak the same domains."""
    from samenspel.plans.queries import life_domains

    return life_domains()


class FamilySearchForm(SafeForm):
    name = forms.CharField(label=_("Surname"), max_length=100, required=False)
    date_of_birth = forms.DateField(
        label=_("Date of birth of a family member"), required=False, widget=DATE
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f) for f in ("name", "date_of_birth", "postcode")):
            raise forms.ValidationError(_("Fill in a surname, a date of birth or a postcode."))
        return data


class FamilyForm(SafeModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Family
        fields = ("name", "address", "postcode", "city", "district")


class MemberForm(SafeForm):
    given_name = forms.CharField(label=_("First name"), max_length=100)
    family_name = forms.CharField(label=_("Surname"), max_length=100, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    role = forms.ChoiceField(label=_("Role in the family"), choices=MemberRole.choices)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Not recorded")), *Gender.choices], required=False
    )
    bsn = forms.CharField(
        label=_("Citizen service number (BSN)"),
        max_length=15,
        required=False,
        help_text=_("Optional. Stored encrypted and never shown in lists."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_date_of_birth(self) -> datetime.date | None:
        born = self.cleaned_data.get("date_of_birth")
        if born and born > timezone.localdate():
            raise forms.ValidationError(_("A date of birth cannot be in the future."))
        return born


class MemberEditForm(MemberForm):
    bsn = forms.CharField(
        label=_("New citizen service number (BSN)"),
        max_length=15,
        required=False,
        help_text=_("Leave empty to keep the stored number. It is never shown."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    remove_bsn = forms.BooleanField(label=_("Remove the stored BSN"), required=False)
    deceased = forms.BooleanField(label=_("Deceased"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class OptionalMemberForm(MemberForm):
    """A member row in the registration: an empty row is simply skipped."""

    use_required_attribute = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_permitted = True
        # A blank first choice, so that an untouched row submits nothing and is skipped.
        _field(self, "role").choices = [("", "—"), *MemberRole.choices]


MemberFormSet = forms.formset_factory(OptionalMemberForm, extra=4, max_num=12)


class HelpQuestionForm(SafeForm):
    use_required_attribute = False

    text = forms.CharField(
        label=_("Help question in the family's own words"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    kind = forms.ChoiceField(
        label=_("Kind of question"), choices=QuestionKind.choices, widget=forms.RadioSelect
    )
    life_domains = SafeModelMultipleChoiceField(
        label=_("Life domains it touches"),
        queryset=InstrumentDomain.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "life_domains").queryset = current_life_domains()


class HelpQuestionBaseFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("text") for form in self.forms):
            raise forms.ValidationError(_("Write down at least one help question."))


HelpQuestionFormSet = forms.formset_factory(
    HelpQuestionForm, formset=HelpQuestionBaseFormSet, extra=2, max_num=6
)


class RegistrationForm(SafeForm):
    network = SafeModelChoiceField(
        label=_("Network"), queryset=Network.objects.none(), empty_label=None
    )
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=200,
        help_text=_("How the team refers to the family, e.g. Bakker."),
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    city = forms.CharField(label=_("Place"), max_length=100, required=False)
    district = forms.CharField(label=_("District (wijk)"), max_length=100, required=False)
    referrer_kind = forms.ChoiceField(label=_("Referred by"), choices=ReferrerKind.choices)
    referrer_organisation = SafeModelChoiceField(
        label=_("Referring organisation"), queryset=Organisation.objects.none(), required=False
    )
    referrer_name = forms.CharField(label=_("Name of the referrer"), max_length=200, required=False)
    family_wishes = forms.CharField(
        label=_("What does the family itself want?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("In the family's own words."),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial="normal")
    asked_professional = SafeModelChoiceField(
        label=_("Do you ask for a specific professional? (wíe-vraag)"),
        queryset=Professional.objects.none(),
        required=False,
        help_text=_(
            "Optional. The coordinator sees your question in the intake queue; the request "
            "goes to this professional when the team is formed."
        ),
    )
    asked_reason = forms.CharField(
        label=_("Why this professional?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    safety_status = forms.ChoiceField(
        label=_("Are basic care and safety in order?"),
        choices=SafetyStatus.choices,
        widget=forms.RadioSelect,
        help_text=_("Required. Acute unsafety: act at once and follow the Meldcode."),
    )
    safety_notes = forms.CharField(
        label=_("What did you see or hear?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    verwijsindex = forms.BooleanField(
        label=_("A signal was placed in the Verwijsindex"), required=False
    )

    def __init__(self, *args: Any, networks: Any, existing: Family | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from samenspel.network.models import Organisation

        self.existing = existing
        _field(self, "network").queryset = networks
        _field(self, "referrer_organisation").queryset = Organisation.objects.filter(
            networks__in=networks
        ).distinct()
        _field(self, "asked_professional").queryset = (
            Professional.objects.filter(assignments__network__in=networks)
            .select_related("user", "home_organisation")
            .order_by("user__full_name", "pk")
            .distinct()
        )
        _field(self, "asked_professional").label_from_instance = _professional_label
        if existing is not None:
            for name in ("network", "family_name", "address", "postcode", "city", "district"):
                del self.fields[name]
        # Belgium has no Verwijsindex (DOMAIN.md §6): a registration only in Flemish
        # networks does not ask for it.
        countries = (
            {existing.network.country}
            if existing is not None
            else set(networks.values_list("country", flat=True))
        )
        if countries == {"BE"}:
            del self.fields["verwijsindex"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        network = self.existing.network if self.existing is not None else data.get("network")
        if network is not None and network.country == "BE":
            data["verwijsindex"] = False
        if (
            data.get("safety_status") in (SafetyStatus.CONCERNS, SafetyStatus.ACUTE)
            and not (data.get("safety_notes") or "").strip()
        ):
            self.add_error("safety_notes", _("Describe the concerns: what did you see or hear?"))
        if data.get("asked_professional") and not (data.get("asked_reason") or "").strip():
            self.add_error("asked_reason", _("Say why you ask this professional."))
        return data


def _professional_label(professional: Professional) -> str:
    return _("%(name)s (%(organisation)s)") % {
        "name": professional,
        "organisation": professional.home_organisation,
    }


class RelationForm(SafeForm):
    member = SafeModelChoiceField(label=_("Who"), queryset=FamilyMember.objects.none())
    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    other = SafeModelChoiceField(label=_("To whom"), queryset=FamilyMember.objects.none())
    parental_authority = forms.BooleanField(
        label=_("Has parental authority (gezag)"), required=False
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = FamilyMember.objects.filter(family=family)
        _field(self, "member").queryset = members
        _field(self, "other").queryset = members

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("member") and data.get("member") == data.get("other"):
            raise forms.ValidationError(_("Choose two different people."))
        if data.get("parental_authority") and data.get("kind") == RelationKind.PARTNER_OF:
            self.add_error("parental_authority", _("Parental authority is over a child."))
        return data


class InformalContactForm(SafeModelForm):
    class Meta:
        model = InformalNetworkContact
        fields = ("name", "relation", "phone", "note")


class MeldcodeForm(SafeForm):
    step = forms.TypedChoiceField(label=_("Step"), choices=MeldcodeStep.choices, coerce=int)
    done_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    done_by = forms.CharField(label=_("By whom"), max_length=200)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))


class ConsentForm(SafeModelForm):
    about = SafeModelMultipleChoiceField(
        label=_("About whom"),
        queryset=FamilyMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    given_by = SafeModelMultipleChoiceField(
        label=_("Given by"),
        queryset=FamilyMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Under 12: the parents with authority. 12 to 15: the child and the parents. "
            "From 16: the young person alone. In Flanders a child from 12 decides alone."
        ),
    )
    recipient_organisations = SafeModelMultipleChoiceField(
        label=_("Shared with organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    recipient_roles = forms.MultipleChoiceField(
        label=_("Shared with roles on the team"),
        help_text=_("Tick none to share with every role of these organisations."),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    data_categories = forms.MultipleChoiceField(
        label=_("Which information"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Consent
        fields = (
            "about",
            "given_by",
            "purpose",
            "purpose_detail",
            "recipient_organisations",
            "recipient_roles",
            "data_categories",
            "valid_from",
            "valid_until",
            "obtained_how",
        )
        widgets = {"valid_from": DATE, "valid_until": DATE}

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from samenspel.network.models import Organisation
        from samenspel.trajectories.models import CareTeamRole

        # Stored as role codes, comma-separated: the access policy matches them to the
        # reader's place on the team (access/scope.py).
        self.fields["recipient_roles"].choices = CareTeamRole.choices  # type: ignore[attr-defined]
        members = FamilyMember.objects.filter(family=family, deceased=False)
        _field(self, "about").queryset = members
        _field(self, "given_by").queryset = members
        _field(self, "recipient_organisations").queryset = Organisation.objects.filter(
            networks=family.network_id
        )

    def clean_recipient_roles(self) -> str:
        return ",".join(self.cleaned_data.get("recipient_roles") or [])

    def clean_data_categories(self) -> list[str]:
        categories = list(self.cleaned_data.get("data_categories") or [])
        if not categories:
            raise forms.ValidationError(_("Tick which information may be shared."))
        return categories

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date is before the start date."))
        return data


class WithdrawConsentForm(SafeForm):
    withdrawn_by = forms.CharField(label=_("Withdrawn by"), max_length=200)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ConfidentialSectionForm(SafeForm):
    member = SafeModelChoiceField(label=_("About whom"), queryset=FamilyMember.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}))
    allowed_roles = forms.MultipleChoiceField(
        label=_("Visible to these team roles"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    allowed_professionals = SafeModelMultipleChoiceField(
        label=_("Visible to these professionals"),
        queryset=Professional.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from samenspel.network.models import Professional
        from samenspel.trajectories.models import CareTeamRole

        _field(self, "member").queryset = FamilyMember.objects.filter(family=family)
        _field(self, "allowed_roles").choices = CareTeamRole.choices
        _field(self, "allowed_professionals").queryset = (
            Professional.objects.filter(care_team_memberships__trajectory__family=family)
            .select_related("user")
            .distinct()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("allowed_roles") and not data.get("allowed_professionals"):
            raise forms.ValidationError(
                _("Name at least one role or professional who may read it.")
            )
        return data


class DestructionForm(SafeForm):
    DESTROY, REFUSE = "destroy", "refuse"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(DESTROY, _("Destroy the file")), (REFUSE, _("Refuse the request"))],
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(label=_("Why"), choices=DestructionKind.choices)
    grounds = forms.CharField(
        label=_("Grounds for the decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("No names or other personal data: this text is kept after destruction."),
    )
    requested_by = forms.CharField(
        label=_("Who in the family asked"),
        required=False,
        max_length=100,
        help_text=_("Their place in the family, e.g. mother. No name."),
    )
    requested_on = forms.DateField(label=_("When did they ask"), required=False, widget=DATE)
    requested_how = forms.ChoiceField(
        label=_("How did they ask"),
        required=False,
        choices=[("", "—"), *RequestChannel.choices],
    )
    confirm = forms.BooleanField(
        label=_("I understand that destruction cannot be undone"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == self.DESTROY and not data.get("confirm"):
            self.add_error("confirm", _("Confirm that you understand this cannot be undone."))
        if data.get("decision") == self.REFUSE and data.get("kind") != DestructionKind.REQUEST:
            self.add_error("kind", _("Only a request can be refused."))
        return data


class ConfirmDestructionForm(SafeForm):
    """The second person's answer to a proposed destruction."""

    CONFIRM, CANCEL = "confirm", "cancel"
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(CONFIRM, _("Confirm: destroy the file")), (CANCEL, _("Do not destroy"))],
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_("I understand that destruction cannot be undone"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == self.CONFIRM and not data.get("confirm"):
            self.add_error("confirm", _("Confirm that you understand this cannot be undone."))
        return data


class RetentionRuleForm(SafeForm):
    basis = forms.ChoiceField(
        label=_("Keep files"), choices=RetentionBasis.choices, widget=forms.RadioSelect
    )
    years = forms.IntegerField(
        label=_("Years or age"),
        min_value=1,
        max_value=120,
        help_text=_("Dutch youth care: 20 years after the last change. Flanders: until 35."),
    )
