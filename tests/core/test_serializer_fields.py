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


def test_plain_serializers_hand_each_serializer_its_own_declared_fields():
    from apps.core.serializers import BaseSerializer
    from apps.leads.api.serializers import LeadCreateSerializer

    class Probe(BaseSerializer):
        name = serializers.CharField(max_length=5)
        tags = serializers.ListField(child=serializers.CharField(max_length=3))

    first, second = Probe(data={"name": "toolong", "tags": ["abcd"]}), Probe(data={"name": "ok", "tags": ["ab"]})
    for name in ("name", "tags"):
        assert first.fields[name] is not second.fields[name] is not Probe._declared_fields[name]
        assert first.fields[name].parent is first and second.fields[name].parent is second
    assert first.fields["tags"].child is not second.fields["tags"].child  # a child is bound to its list
    assert not first.is_valid() and set(first.errors) == {"name", "tags"}
    assert second.is_valid() and second.validated_data == {"name": "ok", "tags": ["ab"]}
    first.fields["name"].required = False
    assert Probe().fields["name"].required is True and Probe._declared_fields["name"].field_name is None

    # An inquiry's serializer, one after another: each answers for its own data.
    bad = LeadCreateSerializer(data={"name": "", "email": "not-an-email"})
    good = LeadCreateSerializer(data={"name": "Айгерим", "email": "a@example.com", "source": "website"})
    assert not bad.is_valid() and {"name", "email"} <= set(bad.errors)
    assert good.is_valid(), good.errors
    assert good.validated_data["email"] == "a@example.com"
