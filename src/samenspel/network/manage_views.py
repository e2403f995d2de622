"""Management pages for network administrators (not the Django admin): the network's data,
agreements, process reviews, checklist, legal bases, glossary, catalogue and imports. Every
change goes through `actions`, is validated, logged and shown in the history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest, render_page
from samenspel.core.paging import paginate
from samenspel.network import actions, importing
from samenspel.network.access import NetworkAction, get_network_for_user
from samenspel.network.forms import (
    AgreementForm,
    ChecklistAnswerForm,
    GlossaryTermForm,
    ImportForm,
    InterventionFormSet,
    LegalBasisForm,
    NetworkForm,
    OrganisationForm,
    ProcessReviewForm,
    ProfessionalWorkForm,
    ServiceForm,
    TeamForm,
)
from samenspel.network.models import (
    Agreement,
    ChecklistAnswer,
    ChecklistQuestion,
    Expertise,
    GlossaryTerm,
    ImportJob,
    ImportKind,
    Intervention,
    LegalBasis,
    Network,
    NetworkChange,
    NetworkMembership,
    Professional,
    Service,
    Team,
)
from samenspel.network.values import (
    AgreementValues,
    InterventionValues,
    ReviewValues,
    ServiceValues,
)
from samenspel.network.views import NETWORK_ROLES

if TYPE_CHECKING:
    from django.forms import BaseInlineFormSet

HISTORY_SIZE = 20


def _manage(request: AuthenticatedHttpRequest, slug: str) -> Network:
    return get_network_for_user(request.user, slug, action=NetworkAction.MANAGE)


def _history(obj: Model | None) -> list[NetworkChange]:
    return list(NetworkChange.history_of(obj)[:HISTORY_SIZE]) if obj and obj.pk else []


def _form_page(
    request: AuthenticatedHttpRequest,
    network: Network,
    form: object,
    *,
    title: str,
    obj: Model | None = None,
    formset: object = None,
    back: str = "",
) -> HttpResponse:
    context = {
        "network": network,
        "form": form,
        "formset": formset,
        "title": title,
        "history": _history(obj),
        "back": back,
    }
    return render(request, "network/manage/form.html", context)


def _in_network[M: Model](model: type[M], network: Network, pk: int | None) -> M | None:
    """The network's own object with this id (None for a new one); 404 for anything else,
    so an administrator of one network cannot reach another network's rows by id."""
    if pk is None:
        return None
    found = model._default_manager.filter(network=network, pk=pk).first()
    if found is None:
        raise Http404
    return found


def _apply(form: object, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)  # type: ignore[attr-defined]


@role_required(*NETWORK_ROLES)
def manage_home(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = _manage(request, slug)
    changes = NetworkChange.objects.filter(network=network).select_related("changed_by")
    context = {
        "network": network,
        "page_obj": paginate(request, changes),
        "organisations": network.organisations.order_by("name")[:100],
        "imports": network.imports.select_related("created_by").defer("rows")[:10],
    }
    return render(request, "network/manage/home.html", context)


@role_required(*NETWORK_ROLES)
def network_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = _manage(request, slug)
    form = NetworkForm(request.POST or None, instance=network, initial={"version": network.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_network(
                Network.objects.get(pk=network.pk),
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                name=form.cleaned_data["name"],
                region=form.cleaned_data["region"],
                description=form.cleaned_data["description"],
                request=request,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The network's details are saved."))
            return redirect("network:detail", slug=network.slug)
    return _form_page(request, network, form, title=_("Edit the network"), obj=network)


@role_required(*NETWORK_ROLES)
def team_edit(request: AuthenticatedHttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    network = _manage(request, slug)
    instance = _in_network(Team, network, pk)
    form = TeamForm(
        request.POST or None,
        instance=instance,
        network=network,
        initial={"version": instance.version if instance else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_team(
                form.save(commit=False),
                network=network,
                actor=request.user,
                members=form.cleaned_data["members"],
                areas=form.cleaned_data["areas"],
                expected_version=form.cleaned_data.get("version"),
                request=request,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The team is saved."))
            return redirect("network:detail", slug=network.slug)
    title = _("Change the team") if instance else _("New team")
    return _form_page(request, network, form, title=title, obj=instance)


@role_required(*NETWORK_ROLES)
def professional_edit(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _manage(request, slug)
    professional = (
        Professional.objects.filter(pk=pk, assignments__network=network)
        .select_related("user")
        .first()
    )
    if professional is None:
        raise Http404
    expertise = list(Expertise.objects.all())
    assignment = professional.assignments.get(network=network)
    current = {row.expertise_id: row.level for row in professional.expertise_levels.all()}
    initial = {
        "hours_per_week": assignment.hours_per_week,
        "valid_until": assignment.valid_until,
        "version": professional.version,
    } | {f"expertise_{item.code}": current.get(item.pk, "") for item in expertise}
    form = ProfessionalWorkForm(request.POST or None, expertise=expertise, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_professional_work(
                professional,
                network=network,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                hours_per_week=form.cleaned_data["hours_per_week"],
                valid_until=form.cleaned_data["valid_until"],
                levels=form.levels(),
                request=request,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("network:professional", slug=network.slug, pk=professional.pk)
    title = _("Work of %(name)s") % {"name": professional.user}
    return _form_page(request, network, form, title=title, obj=professional)


@role_required(*NETWORK_ROLES)
def organisation_edit(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _manage(request, slug)
    membership = (
        NetworkMembership.objects.filter(network=network, organisation_id=pk)
        .select_related("organisation")
        .order_by("-valid_from")
        .first()
    )
    if membership is None:
        raise Http404
    organisation = membership.organisation
    initial = {
        "version": organisation.version,
        "membership_role": membership.role,
        "member_until": membership.valid_until,
    }
    form = OrganisationForm(request.POST or None, instance=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        membership.role = form.cleaned_data["membership_role"]
        membership.valid_until = form.cleaned_data["member_until"]
        try:
            actions.update_organisation(
                form.instance,
                network=network,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                membership=membership,
                request=request,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The organisation's details are saved."))
            return redirect("network:organisation_detail", slug=network.slug, pk=organisation.pk)
    title = _("Details of %(organisation)s") % {"organisation": organisation.name}
    return _form_page(request, network, form, title=title, obj=organisation)


@role_required(*NETWORK_ROLES)
def agreement_edit(
    request: AuthenticatedHttpRequest, slug: str, pk: int | None = None
) -> HttpResponse:
    """A new agreement, or a new version of an existing one (the old version stays)."""
    network = _manage(request, slug)
    agreement = _in_network(Agreement, network, pk)
    initial: dict[str, Any] = {"expected_number": 0}
    if agreement is not None:
        current = agreement.versions.filter(number=agreement.latest_number).first()
        if current is not None:
            initial = AgreementForm.initial_from(current)
    form = AgreementForm(request.POST or None, network=network, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.save_agreement_version(
                network,
                agreement,
                actor=request.user,
                values=AgreementValues(**form.cleaned_data),
                request=request,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(
                request, _("Version %(number)s is saved.") % {"number": version.number}
            )
            return redirect("network:agreement_detail", slug=network.slug, pk=version.agreement_id)
    title = _("Change the agreement") if agreement else _("New agreement")
    return _form_page(request, network, form, title=title, obj=agreement)


@role_required(*NETWORK_ROLES)
def review_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = _manage(request, slug)
    form = ProcessReviewForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_process_review(
                network,
                actor=request.user,
                values=ReviewValues(**form.cleaned_data),
                request=request,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The process review is recorded."))
            return redirect("network:review_list", slug=network.slug)
    return _form_page(request, network, form, title=_("Record a process review"))


@role_required(*NETWORK_ROLES)
def checklist_edit(request: AuthenticatedHttpRequest, slug: str, question: str) -> HttpResponse:
    network = _manage(request, slug)
    if question not in ChecklistQuestion.values:
        raise Http404
    history = ChecklistAnswer.objects.filter(network=network, question=question).select_related(
        "answered_by"
    )[:HISTORY_SIZE]
    latest = history[0] if history else None
    form = ChecklistAnswerForm(
        request.POST or None,
        initial={"question": question, "answer": latest.answer if latest else ""},
    )
    if request.method == "POST" and form.is_valid():
        actions.answer_checklist_question(
            network,
            actor=request.user,
            question=form.cleaned_data["question"],
            answer=form.cleaned_data["answer"],
            request=request,
        )
        messages.success(request, _("The answer is saved."))
        return redirect("network:detail", slug=network.slug)
    context = {
        "network": network,
        "form": form,
        "title": ChecklistQuestion(question).label,
        "answers": history,
    }
    return render(request, "network/manage/checklist.html", context)


@role_required(*NETWORK_ROLES)
def legal_basis_edit(
    request: AuthenticatedHttpRequest, slug: str, pk: int | None = None
) -> HttpResponse:
    network = _manage(request, slug)
    instance = _in_network(LegalBasis, network, pk)
    form = LegalBasisForm(
        request.POST or None,
        instance=instance,
        network=network,
        initial={"version": instance.version if instance else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_legal_basis(
                form.instance,
                actor=request.user,
                expected_version=form.cleaned_data.get("version"),
                request=request,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The legal basis is saved."))
            return redirect("network:detail", slug=network.slug)
    return _form_page(request, network, form, title=_("Legal basis"), obj=instance)


@role_required(*NETWORK_ROLES)
def glossary_edit(
    request: AuthenticatedHttpRequest, slug: str, pk: int | None = None
) -> HttpResponse:
    network = _manage(request, slug)
    instance = _in_network(GlossaryTerm, network, pk)
    form = GlossaryTermForm(
        request.POST or None,
        instance=instance,
        network=network,
        initial={"version": instance.version if instance else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            term = actions.save_glossary_term(
                form.instance,
                actor=request.user,
                synonyms=form.cleaned_data["synonyms"],
                expected_version=form.cleaned_data.get("version"),
                request=request,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The term is saved."))
            return redirect("network:glossary_term", slug=network.slug, pk=term.pk)
    title = _("Change the term") if instance else _("New term")
    return _form_page(request, network, form, title=title, obj=instance)


def _service_values(
    data: dict[str, Any], formset: BaseInlineFormSet[Intervention, Service, Any]
) -> ServiceValues:
    """What the service form and its interventions say, as the action takes it: the rows
    that changed, as Django's formset would save them."""
    interventions = []
    for row in formset.forms:
        existing = row.instance if row.instance.pk else None
        if row.cleaned_data.get("DELETE"):
            if existing is not None:
                interventions.append(InterventionValues("", intervention=existing, remove=True))
        elif row.has_changed():
            interventions.append(
                InterventionValues(
                    row.cleaned_data["name"],
                    row.cleaned_data["effectiveness"],
                    intervention=existing,
                )
            )
    fields = ("name", "description", "waiting_weeks", "tariff", "tariff_unit")
    return ServiceValues(
        **{name: data[name] for name in fields},
        target_groups=list(data["target_groups"]),
        expertise=list(data["expertise"]),
        interventions=interventions,
    )


@role_required(*NETWORK_ROLES)
def service_edit(
    request: AuthenticatedHttpRequest, slug: str, organisation: int, pk: int | None = None
) -> HttpResponse:
    network = _manage(request, slug)
    owner = network.organisations.filter(pk=organisation).first()
    if owner is None:
        raise Http404
    instance = Service(organisation=owner)
    if pk is not None:
        found = Service.objects.filter(organisation=owner, pk=pk).first()
        if found is None:
            raise Http404
        instance = found
    form = ServiceForm(
        request.POST or None,
        instance=instance,
        network=network,
        initial={"version": instance.version if instance.pk else None},
    )
    formset = InterventionFormSet(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            actions.save_service(
                instance,
                network=network,
                actor=request.user,
                values=_service_values(form.cleaned_data, formset),
                expected_version=form.cleaned_data.get("version"),
                request=request,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The service is saved."))
            return redirect("network:organisation_detail", slug=network.slug, pk=owner.pk)
    title = _("Service of %(organisation)s") % {"organisation": owner.name}
    return _form_page(
        request, network, form, title=title, obj=instance if instance.pk else None, formset=formset
    )


@role_required(*NETWORK_ROLES)
def import_upload(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = _manage(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = importing.read_rows(upload, upload.name)
        except importing.UnreadableFileError as error:
            form.add_error("file", str(error))
        else:
            job = actions.start_import(
                network,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                rows=rows,
                request=request,
            )
            return redirect("network:import_detail", slug=network.slug, pk=job.pk)
    return render(request, "network/manage/import_form.html", {"network": network, "form": form})


@role_required(*NETWORK_ROLES)
def import_example(request: AuthenticatedHttpRequest, slug: str, kind: str) -> HttpResponse:
    """An example file to start from: the columns and one correct row."""
    network = _manage(request, slug)
    if kind not in ImportKind.values:
        raise Http404
    response = HttpResponse(importing.example_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{network.slug}-{kind}.csv"'
    return response


@role_required(*NETWORK_ROLES)
def import_detail(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The dry run's problems, or the progress while checking or importing (htmx polls the
    #import-status partial until the job is finished)."""
    network = _manage(request, slug)
    job = ImportJob.objects.filter(network=network, pk=pk).first()
    if job is None:
        raise Http404
    problems = paginate(request, job.problems, per_page=100)
    context = {"network": network, "job": job, "page_obj": problems}
    return render_page(
        request, "network/manage/import_detail.html", context, partial="import-status"
    )


@require_POST
@role_required(*NETWORK_ROLES)
def import_confirm(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _manage(request, slug)
    job = ImportJob.objects.filter(network=network, pk=pk).first()
    if job is None:
        raise Http404
    try:
        actions.confirm_import(job, actor=request.user, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("network:import_detail", slug=network.slug, pk=job.pk)
