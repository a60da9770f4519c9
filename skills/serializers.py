"""API shapes of the IT-skill standard."""

from rest_framework import serializers

from skills.models import ITModule, ITSkillItem


class OnDateInput(serializers.Serializer):
    on = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])


class SkillItemOutput(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ITSkillItem
        fields = ["id", "code", "parent", "name_vi", "verification", "excluded_for_foreign_certificates"]


class ModuleOutput(serializers.ModelSerializer):
    standard = serializers.SlugRelatedField(slug_field="code", read_only=True)
    items = SkillItemOutput(many=True, read_only=True)

    class Meta:
        model = ITModule
        fields = ["id", "standard", "code", "number", "level", "name_vi", "name_en", "annex", "items"]
