"""Bookkeeping of the scale generator, so an interrupted run resumes where it stopped."""

from typing import ClassVar

from django.db import models
from django.utils import timezone


class GeneratedBatch(models.Model):
    """One batch of synthetic families written by the benchmarks' generator
    (`bench/generator/`), committed together with the data it describes: a batch is either
    wholly there or not at all."""

    number = models.PositiveIntegerField(unique=True)
    families = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    finished_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["number"]

    def __str__(self) -> str:
        return f"batch {self.number} ({self.families} families)"
