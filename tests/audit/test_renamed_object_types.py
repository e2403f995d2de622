"""A model renamed after events about it were sealed (`plans.Agreement` → `plans.PlanAssent`,
issue 13): the stored events keep the old label (their seal covers it) and the security
officer's log still shows the model's name, not a raw code."""

from django.apps import apps
from django.utils import translation

from samenspel.audit.views import _object_words
from samenspel.audit.vocabulary import RENAMED_OBJECT_TYPES


def test_an_old_label_reads_as_the_renamed_model():
    for old, new in RENAMED_OBJECT_TYPES.items():
        model = apps.get_model(new)
        assert old not in {m._meta.label_lower for m in apps.get_models()}
        with translation.override("nl"):
            assert _object_words(old) == str(model._meta.verbose_name)
    with translation.override("nl"):
        assert _object_words("plans.agreement") == "instemming"
