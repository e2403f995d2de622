"""Forms of the network pages: the directory's filters and the administrators' edit forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from samenspel.core.forms import (
    ListedModelChoiceField,
    SafeForm,
    SafeModelChoiceField,
    SafeModelForm,
    SafeModelMultipleChoiceField,
)
from samenspel.network.models import (
    AgreementCategory,
    AgreementStatus,
    AgreementVersion,
    ChecklistQuestion,
    Country,
    Expertise,
    ExpertiseLevel,
    GlossaryTerm,
    ImportKind,
    Intervention,
    Language,
    LegalBasis,
    MembershipRole,
    Network,
    Organisation,
    Professional,
    Sector,
    Service,
    Team,
)
from samenspel.network.photos import MAX_UPLOAD_BYTES, normalise_photo

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class DirectoryFilterForm(SafeForm):
    """Search and filters of "Wie is wie", combined (all must hold)."""

    q = forms.CharField(label=_("Name or keyword"), required=False, max_length=100)
    expertise = ListedModelChoiceField(
        label=_("Expertise"),
        queryset=Expertise.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("All expertise"),
    )
    language = ListedModelChoiceField(
        label=_("Language"),
        queryset=Language.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("All languages"),
    )
    area = forms.ChoiceField(label=_("Area"), required=False)
    organisation = ListedModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All organisations"),
    )
    available = forms.BooleanField(label=_("Available this week"), required=False)

    def __init__(self, *args: Any, network: Network, areas: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = network.organisations.order_by("name")  # type: ignore[attr-defined]
        self.fields["area"].choices = [("", _("All areas")), *areas]  # type: ignore[attr-defined]

    def used_filters(self) -> dict[str, str]:
        return {key: str(value) for key, value in self.cleaned_data.items() if value}


class ProfileForm(SafeModelForm):
    """What a professional tells colleagues about themselves."""

    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_(
            "A JPEG or PNG picture of your face; we make it small and remove its metadata."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_photo(self) -> bytes | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The picture is larger than 5 MB."))
        return normalise_photo(upload)

    class Meta:
        model = Professional
        fields = ("job_title", "introduction", "phone", "contact_email", "languages", "areas")
        widgets = {"languages": forms.CheckboxSelectMultiple}


class ProfessionalWorkForm(SafeForm):
    """What the network administrator keeps for a professional: hours for this network, the
    end of the assignment, and expertise with its level (one choice per expertise area)."""

    hours_per_week = forms.DecimalField(
        label=_("Hours per week for this network"), min_value=0, max_value=60, decimal_places=1
    )
    valid_until = forms.DateField(
        label=_("Works in the network until"),
        required=False,
        help_text=_("Leave empty while the professional works in the network."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, expertise: list[Expertise], **kwargs: Any):
        super().__init__(*args, **kwargs)
        levels = [("", _("None")), *ExpertiseLevel.choices]
        for item in expertise:
            self.fields[f"expertise_{item.code}"] = forms.TypedChoiceField(
                label=item.name, choices=levels, coerce=int, empty_value=None, required=False
            )
        self.expertise = expertise

    def levels(self) -> dict[Expertise, int]:
        return {
            item: self.cleaned_data[f"expertise_{item.code}"]
            for item in self.expertise
            if self.cleaned_data.get(f"expertise_{item.code}")
        }


class TeamForm(SafeModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Team
        fields = ("name", "areas", "members")
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, network: Network, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instance.network = network
        members = Professional.objects.in_network(network).select_related("user")
        self.fields["members"].queryset = members.order_by("user__full_name")  # type: ignore[attr-defined]


class OrganisationForm(SafeModelForm):
    """An organisation's details and its membership of this network (role and period)."""

    membership_role = forms.ChoiceField(
        label=_("Role in the network"), choices=MembershipRole.choices
    )
    member_until = forms.DateField(
        label=_("Member until"),
        required=False,
        help_text=_("Leave empty while the organisation takes part."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Organisation
        fields = ("name", "sector", "region", "website", "email", "phone", "description")


TAXONOMY_FIELDS = {
    "sector": ("code", "name", "position"),
    "expertise": ("code", "name", "description", "position"),
    "language": ("code", "name"),
}


def taxonomy_form(model: type[Sector | Expertise | Language]) -> type[forms.ModelForm]:
    return forms.modelform_factory(
        model, form=SafeModelForm, fields=TAXONOMY_FIELDS[str(model._meta.model_name)]
    )


class NetworkForm(SafeModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Network
        fields = ("name", "region", "description")


class AgreementForm(SafeForm):
    """A new version of an agreement (or its first)."""

    category = forms.ChoiceField(label=_("Category"), choices=AgreementCategory.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))
    parties = SafeModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    owner = SafeModelChoiceField(
        label=_("Owner"), queryset=Organisation.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices)
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    next_review_on = forms.DateField(
        label=_("Next review"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    terms = SafeModelMultipleChoiceField(
        label=_("Glossary terms used"),
        queryset=GlossaryTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Why this change?"),
        max_length=500,
        help_text=_("Kept with the version, so everyone can see why the agreement changed."),
    )
    expected_number = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, network: Network, **kwargs: Any):
        super().__init__(*args, **kwargs)
        organisations = network.organisations.order_by("name")
        self.fields["parties"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["owner"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["terms"].queryset = network.glossary.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date must be on or after the start date."))
        if data.get("status") == AgreementStatus.ACTIVE and not start:
            self.add_error("valid_from", _("An active agreement needs a start date."))
        return data

    @staticmethod
    def initial_from(version: AgreementVersion) -> dict[str, Any]:
        return {
            "category": version.agreement.category,
            "title": version.title,
            "text": version.text,
            "parties": list(version.parties.all()),
            "owner": version.owner,
            "status": version.status,
            "valid_from": version.valid_from,
            "valid_until": version.valid_until,
            "next_review_on": version.next_review_on,
            "terms": list(version.terms.all()),
            "expected_number": version.number,
        }


class ProcessReviewForm(SafeForm):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    participants = forms.CharField(
        label=_("Participants"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Names and organisations of those who took part."),
    )
    case_summary = forms.CharField(
        label=_("The case discussed"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Describe the course of events without names or other personal data."),
    )
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 5}))
    produced_versions = SafeModelMultipleChoiceField(
        label=_("Agreement versions that resulted"),
        queryset=AgreementVersion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any):
        super().__init__(*args, **kwargs)
        versions = AgreementVersion.objects.filter(agreement__network=network)
        self.fields["produced_versions"].queryset = versions.order_by("-created_at")  # type: ignore[attr-defined]


class ChecklistAnswerForm(SafeForm):
    question = forms.ChoiceField(label=_("Question"), choices=ChecklistQuestion.choices)
    answer = forms.CharField(label=_("Our answer"), widget=forms.Textarea(attrs={"rows": 6}))


class LegalBasisForm(SafeModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LegalBasis
        fields = ("organisation", "purpose", "basis", "law_reference", "note")

    def __init__(self, *args: Any, network: Network, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.network = network
        self.instance.network = network
        self.fields["organisation"].queryset = network.organisations.order_by("name")  # type: ignore[attr-defined]


class GlossaryTermForm(SafeModelForm):
    synonyms = forms.CharField(
        label=_("Synonyms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line. Add the country (NL or BE) and/or a sector code after a |, "
            "for example: wijkteam | NL | wijkteam"
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = GlossaryTerm
        fields = ("term", "definition", "examples")

    def __init__(self, *args: Any, network: Network, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instance.network = network
        if self.instance.pk and not self.is_bound:
            self.initial["synonyms"] = "\n".join(
                " | ".join(
                    part for part in (s.text, s.country, s.sector.code if s.sector else "") if part
                )
                for s in self.instance.synonyms.select_related("sector")
            )

    def clean_synonyms(self) -> list[tuple[str, str, Sector | None]]:
        parsed: list[tuple[str, str, Sector | None]] = []
        sectors = {sector.code: sector for sector in Sector.objects.all()}
        for number, line in enumerate(self.cleaned_data["synonyms"].splitlines(), start=1):
            parts = [part.strip() for part in line.split("|")]
            if not parts[0]:
                continue
            country, sector = "", None
            for extra in parts[1:]:
                if extra.upper() in Country.values:
                    country = extra.upper()
                elif extra in sectors:
                    sector = sectors[extra]
                elif extra:
                    raise forms.ValidationError(
                        _("Line %(line)s: '%(value)s' is neither NL, BE nor a known sector code.")
                        % {"line": number, "value": extra}
                    )
            parsed.append((parts[0][:120], country, sector))
        return parsed


class ServiceForm(SafeModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Service
        fields = (
            "name",
            "description",
            "target_groups",
            "expertise",
            "waiting_weeks",
            "tariff",
            "tariff_unit",
        )
        widgets = {
            "target_groups": forms.CheckboxSelectMultiple,
            "expertise": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, network: Network, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].queryset = network.glossary.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("tariff") is not None and not data.get("tariff_unit"):
            self.add_error("tariff_unit", _("Say what the tariff is for: hour, day or trajectory."))
        return data


InterventionFormSet: type[BaseInlineFormSet] = inlineformset_factory(
    Service,
    Intervention,
    form=SafeModelForm,
    fields=("name", "effectiveness"),
    extra=2,
    can_delete=True,
)


class ImportForm(SafeForm):
    kind = forms.ChoiceField(label=_("What do you import?"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV file (comma or semicolon separated, UTF-8) or an Excel file (.xlsx)."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB; split it up."))
        return upload


def organisations_of(network: Network) -> QuerySet[Organisation]:
    return network.organisations.order_by("name")
