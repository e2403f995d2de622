"""The hub's search index: one row per lesson or update, written by the actions that write
them, so one indexed table answers a search over 100,000 items (bench/knowledge_search.py).
Glossary terms and methods are few per network and are searched where they live."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone


class EntryKind(models.TextChoices):
    LESSON = "lesson", "lesson"
    UPDATE = "update", "update"


class SearchEntry(models.Model):
    kind = models.CharField(max_length=8, choices=EntryKind.choices)
    object_id = models.PositiveBigIntegerField()
    learning_network = models.ForeignKey(
        "knowledge.LearningNetwork", on_delete=models.CASCADE, related_name="+"
    )
    is_public = models.BooleanField(default=False)
    title = models.CharField(max_length=200)
    # Title and plain text together. On PostgreSQL the action stores its Dutch tsvector in
    # `search_vector` (GIN index, migration 0003), and the titles have a trigram GIN index for
    # typos; SQLite (the demo) matches word prefixes in `document` and leaves the vector empty.
    document = models.TextField()
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="knowledge_search_unique"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["learning_network"], name="knowledge_search_net_idx"),
            # Newest first: a frequent word's first page is read along this index.
            models.Index(fields=["-created_at", "-id"], name="knowledge_search_new_idx"),
        ]

    def __str__(self) -> str:
        return self.title
