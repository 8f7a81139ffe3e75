"""The student-data registry: no table referring to a person is forgotten."""

from django.apps import apps
from django.contrib.auth import get_user_model

from privacy.registry import RELATIONS, Erase, registry_problems


def _relations_to_users():
    """(model label, field name) of every link to the user model in the project,
    many-to-many links included (through their join tables)."""
    user_model = get_user_model()
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for f in model._meta.get_fields():
            if (
                f.is_relation
                and f.concrete
                and not f.many_to_many
                and f.related_model is user_model
            ):
                found.add((model._meta.label, f.name))
    return found


def test_every_relation_to_a_user_is_in_the_export_and_erasure_plan():
    registered = {(r.model, r.path) for r in RELATIONS}
    missing = sorted(_relations_to_users() - registered)
    assert missing == [], (
        "These links to a user are not in privacy.registry.RELATIONS; add each "
        f"with its export and delete/anonymise plan: {missing}"
    )


def test_every_table_hanging_off_a_persons_records_is_in_the_plan():
    """A table that points at a student's own rows (evidence on an answer, feedback
    on it) holds their data too, even without a direct link to the user."""
    personal = {r.model for r in RELATIONS if r.on_delete == Erase.DELETE}
    registered = {r.model for r in RELATIONS}
    missing = []
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        for f in model._meta.get_fields():
            if (
                f.is_relation
                and f.concrete
                and not f.many_to_many
                and f.related_model is not None
                and f.related_model._meta.label in personal
                and label not in registered
            ):
                missing.append(f"{label}.{f.name} -> {f.related_model._meta.label}")
    assert missing == [], f"add these to privacy.registry.RELATIONS: {missing}"


def test_the_registry_names_only_real_models_and_paths():
    assert registry_problems() == []
