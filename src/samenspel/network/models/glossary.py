"""The shared language of a network (gemeenschappelijke taal): terms defined once, in plain
language, so that a youth-care worker, a debt counsellor and a teacher mean the same thing
(source 003, NJi: "the same definitions of target groups")."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField
from samenspel.network.models.core import Country, Network, Sector


class GlossaryTerm(models.Model):
    """A term of the network's glossary (begrip), with a B1 definition and examples."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="glossary"
    )
    term = models.CharField(_("term"), max_length=120)
    definition = LimitedTextField(
        _("definition"), help_text=_("In plain language (B1): short sentences, everyday words.")
    )
    examples = LimitedTextField(_("examples"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering: ClassVar = ["term"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["network", "term"], name="network_glossary_term_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.term


class GlossarySynonym(models.Model):
    """Another word for a term: as one sector says it, or the Flemish or Dutch variant."""

    term = models.ForeignKey(GlossaryTerm, on_delete=models.CASCADE, related_name="synonyms")
    text = models.CharField(_("synonym"), max_length=120)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.SET_NULL, null=True, blank=True
    )
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering: ClassVar = ["text"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["term", "text", "country"], name="network_glossary_synonym_unique"
            ),
            models.CheckConstraint(
                condition=Q(country__in=["", *Country.values]),
                name="network_glossary_synonym_country",
            ),
        ]

    def __str__(self) -> str:
        return self.text
