"""Model serializers build their fields once per class (apps/core/serializers.py) and hand each
serializer its own copy: nothing one serializer does to its fields reaches another."""

from rest_framework import serializers

from apps.core.serializers import BaseModelSerializer
from apps.leads.api.serializers import LeadSerializer
from apps.leads.models import Lead


def test_fields_are_built_once_per_class(monkeypatch):
    class Probe(BaseModelSerializer):
        class Meta:
            model = Lead
            fields = ["id", "name", "status"]

    built = []
    original = serializers.ModelSerializer.get_fields

    def counting(self):
        built.append(type(self))
        return original(self)

    monkeypatch.setattr(serializers.ModelSerializer, "get_fields", counting)
    for _ in range(3):
        assert list(Probe().fields) == ["id", "name", "status"]
    assert built == [Probe]


def test_each_serializer_has_its_own_bound_fields():
    first, second = LeadSerializer(), LeadSerializer()
    assert first.fields["name"] is not second.fields["name"]
    assert first.fields["name"].parent is first and second.fields["name"].parent is second
    first.fields["name"].required = True
    first.fields.pop("email")
    assert "email" in LeadSerializer().fields and "email" in second.fields
    assert LeadSerializer().fields["name"].required is False


def test_a_subclass_builds_its_own_fields():
    class Narrow(BaseModelSerializer):
        class Meta:
            model = Lead
            fields = ["id"]

    class Wide(Narrow):
        class Meta(Narrow.Meta):
            fields = ["id", "email"]

    assert list(Narrow().fields) == ["id"]
    assert list(Wide().fields) == ["id", "email"]
    assert list(Narrow().fields) == ["id"]
