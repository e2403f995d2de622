"""Rounds (metingen): a period in which chosen professionals answer an instrument.

Answers are confidential per person: nothing but the respondent's own page reads a single
answer; results pages read only aggregates (`collaboration.results`). The organisation is
copied onto each answer when it is given, so a later move to another organisation does not
rewrite an old round's figures, and so the aggregate query needs no join.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.collaboration.models.instruments import Instrument, InstrumentItem
from samenspel.core.fields import LimitedTextField


class RoundQuerySet(models.QuerySet["Round"]):
    def published(self, today: datetime.date) -> RoundQuerySet:
        """Rounds whose results may be shown: closed, or past their deadline. Figures of a
        round still open could be watched change as each person answers."""
        return self.filter(Q(closed_at__isnull=False) | Q(deadline__lt=today))

    def open_on(self, today: datetime.date) -> RoundQuerySet:
        return self.filter(closed_at__isnull=True, deadline__gte=today)


class Round(models.Model):
    network = models.ForeignKey("network.Network", on_delete=models.CASCADE, related_name="rounds")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"), default=timezone.localdate)
    deadline = models.DateField(_("deadline"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # When the round's figures were frozen into `RoundFigure` (at closing, or on the first
    # read after the deadline): from then on the results page never reads an answer again.
    figures_at = models.DateTimeField(_("figures frozen at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering: ClassVar = ["-opens_on", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")),
                name="collaboration_round_deadline_after_opening",
            ),
            # One running round per instrument per network: two rounds open side by side with
            # almost the same people would let their figures be subtracted from each other.
            models.UniqueConstraint(
                fields=["network", "instrument"],
                condition=Q(closed_at__isnull=True),
                name="collaboration_round_one_open_per_instrument",
            ),
        ]
        indexes: ClassVar = [
            # The results page: the published rounds of one network, newest first.
            models.Index(
                fields=["network", "instrument", "-opens_on"], name="collab_round_net_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today: datetime.date) -> bool:
        return self.closed_at is None and self.deadline >= today


class Invitation(models.Model):
    """One professional invited to one round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    professional = models.ForeignKey(
        "network.Professional", on_delete=models.CASCADE, related_name="round_invitations"
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["round", "professional"], name="collaboration_invitation_unique"
            ),
        ]
        indexes: ClassVar = [
            # "Rounds waiting for me" on the home page.
            models.Index(fields=["professional", "round"], name="collab_invitation_prof_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.professional_id}"


class Response(models.Model):
    """One person's answers to one round. One per invitation (a database constraint); a
    second submit edits it, guarded by `version` against a silent overwrite."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes: ClassVar = [
            models.Index(fields=["round", "organisation"], name="collab_response_round_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # Copied from the response: the aggregate reads one table, grouped by these.
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(InstrumentItem, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(_("score"), null=True, blank=True)
    text = LimitedTextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["response", "item"], name="collaboration_answer_unique"
            ),
        ]
        indexes: ClassVar = [
            # The results page groups one network's rounds by round, organisation and item.
            models.Index(fields=["round", "organisation", "item"], name="collab_answer_agg_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id} · {self.item_id}"


class RoundFigure(models.Model):
    """A published round's figures, frozen once its answers can no longer change: per
    organisation its invited and responding people (`item` empty) and, per item, the number of
    scores, their sum and their sum of squares. The results page reads these few rows instead
    of every answer, and a person who later leaves (their answers go with them) does not
    change a figure that was shown before: comparing the page before and after cannot
    single them out."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="figures")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    organisation_name = models.CharField(max_length=200)
    item = models.ForeignKey(
        InstrumentItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invited = models.PositiveIntegerField(default=0)
    responded = models.PositiveIntegerField(default=0)
    n = models.PositiveIntegerField(default=0)
    total = models.IntegerField(default=0)
    squares = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("round figure")
        verbose_name_plural = _("round figures")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["round", "organisation", "item"], name="collaboration_figure_unique"
            ),
            models.UniqueConstraint(
                fields=["round", "organisation"],
                condition=Q(item__isnull=True),
                name="collaboration_figure_people_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.organisation_id} · {self.item_id}"
