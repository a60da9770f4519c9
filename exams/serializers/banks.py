"""API shapes of the question banks (inputs validated here, rules in exams.services.banks)."""

from decimal import Decimal

from rest_framework import serializers

from exams.models import Difficulty, Item, ItemAsset, ItemVersion, QuestionBank, Subject, Topic
from exams.services.banks.content import ItemDraft, OptionDraft, true_false_options

Kind = ItemVersion.Kind


class SubjectOutput(serializers.ModelSerializer):
    class Meta:
        model = Subject
        fields = ["id", "code", "name", "kind", "it_module", "description"]


class SubjectInput(serializers.Serializer):
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=Subject.Kind.choices)
    it_module = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")


class BankOutput(serializers.ModelSerializer):
    subject = SubjectOutput()
    item_count = serializers.IntegerField(read_only=True, default=None)
    approved_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = QuestionBank
        fields = ["id", "code", "name", "subject", "description", "created_at", "item_count", "approved_count"]


class BankInput(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=255)
    subject = serializers.SlugRelatedField(slug_field="code", queryset=Subject.objects.all())
    description = serializers.CharField(required=False, allow_blank=True, default="")


class BankUpdateInput(BankInput):
    code = None


class TopicOutput(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "name", "parent", "order"]


class TopicTreeOutput(serializers.Serializer):
    id = serializers.IntegerField(source="topic.pk")
    name = serializers.CharField(source="topic.name")
    parent = serializers.IntegerField(source="topic.parent_id", allow_null=True)
    path = serializers.CharField()
    depth = serializers.IntegerField()
    items = serializers.IntegerField()
    total = serializers.IntegerField()
    by_difficulty = serializers.DictField(child=serializers.IntegerField())
    by_status = serializers.DictField(child=serializers.IntegerField())


class TopicInput(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    parent = serializers.IntegerField(required=False, allow_null=True, default=None)


class TopicUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=255, required=False)
    parent = serializers.IntegerField(required=False, allow_null=True)


class OptionInput(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=20_000)
    fraction = serializers.DecimalField(max_digits=7, decimal_places=5, min_value=-1, max_value=1, default=Decimal(0))
    feedback = serializers.CharField(required=False, allow_blank=True, default="")
    match_text = serializers.CharField(required=False, allow_blank=True, default="")
    value = serializers.DecimalField(max_digits=20, decimal_places=6, required=False, allow_null=True, default=None)
    tolerance = serializers.DecimalField(max_digits=20, decimal_places=6, required=False, allow_null=True, default=None)


class ItemInput(serializers.Serializer):
    """An item's content. True/false: give `true_false` (the right answer) and no options."""

    topic = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    difficulty = serializers.ChoiceField(choices=Difficulty.choices, default=Difficulty.UNDERSTAND)
    code = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    stem = serializers.CharField(max_length=20_000)
    stem_format = serializers.ChoiceField(choices=ItemVersion.Format.choices, default=ItemVersion.Format.PLAIN)
    options = OptionInput(many=True, required=False, default=list)
    true_false = serializers.BooleanField(required=False, default=True)
    general_feedback = serializers.CharField(required=False, allow_blank=True, default="")
    points = serializers.DecimalField(max_digits=6, decimal_places=2, default=Decimal(1))
    shuffle_options = serializers.BooleanField(default=True)
    case_sensitive = serializers.BooleanField(default=False)

    def draft(self) -> ItemDraft:
        data = self.validated_data
        options = [OptionDraft(**o) for o in data["options"]]
        if data["kind"] == Kind.TRUE_FALSE:
            feedback = [o.feedback for o in options] + ["", ""]
            options = true_false_options(
                answer=data["true_false"], true_feedback=feedback[0], false_feedback=feedback[1]
            )
        return ItemDraft(
            kind=data["kind"],
            stem=data["stem"],
            stem_format=data["stem_format"],
            options=options,
            general_feedback=data["general_feedback"],
            points=data["points"],
            shuffle_options=data["shuffle_options"],
            case_sensitive=data["case_sensitive"],
            code=data["code"],
            difficulty=int(data["difficulty"]),
        )


class ItemFilterInput(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True)
    topic = serializers.IntegerField(required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    difficulty = serializers.ChoiceField(choices=Difficulty.choices, required=False)
    status = serializers.ChoiceField(choices=ItemVersion.Status.choices, required=False)
    retired = serializers.BooleanField(required=False, default=False)


class ItemSummaryOutput(serializers.ModelSerializer):
    topic = serializers.CharField(source="topic.name")
    latest_version = serializers.IntegerField(source="latest_id")
    status = serializers.CharField(source="latest_status")
    kind = serializers.CharField(source="latest_kind")
    stem = serializers.CharField(source="latest_stem")

    class Meta:
        model = Item
        fields = [
            "id",
            "code",
            "topic",
            "difficulty",
            "kind",
            "status",
            "stem",
            "latest_version",
            "approved_version",
            "retired",
        ]


class OptionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    text = serializers.CharField()
    fraction = serializers.DecimalField(max_digits=7, decimal_places=5)
    feedback = serializers.CharField()
    match_text = serializers.CharField()
    value = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    tolerance = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)


class VersionOutput(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", default="")
    reviewed_by = serializers.CharField(source="reviewed_by.username", default="")
    approved_by = serializers.CharField(source="approved_by.username", default="")
    options = OptionOutput(many=True, source="options.all")

    class Meta:
        model = ItemVersion
        fields = [
            "id",
            "number",
            "kind",
            "status",
            "used",
            "stem",
            "stem_format",
            "points",
            "general_feedback",
            "shuffle_options",
            "case_sensitive",
            "content_hash",
            "created_at",
            "created_by",
            "reviewed_at",
            "reviewed_by",
            "approved_at",
            "approved_by",
            "options",
        ]


class ItemDetailOutput(serializers.ModelSerializer):
    topic = TopicOutput()
    versions = VersionOutput(many=True, source="versions_newest_first")

    class Meta:
        model = Item
        fields = ["id", "code", "bank", "topic", "difficulty", "approved_version", "retired", "created_at", "versions"]


class CandidateOptionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    letter = serializers.CharField()
    html = serializers.CharField()


class CandidateViewOutput(serializers.Serializer):
    """What a candidate sees of an item: no key, no shares, no feedback."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    stem = serializers.CharField()
    options = CandidateOptionOutput(many=True)
    prompts = serializers.ListField(child=serializers.DictField(), required=False)
    choices = CandidateOptionOutput(many=True, required=False)


class DecisionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.CharField()


class ReturnInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ImportInput(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


class ImportOutput(serializers.Serializer):
    bank = serializers.CharField()
    format = serializers.CharField()
    file = serializers.CharField()
    created = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    topics_created = serializers.IntegerField()
    dry_run = serializers.BooleanField()
    errors = serializers.ListField(child=serializers.DictField())
    skipped = serializers.ListField(child=serializers.DictField())
    preview = serializers.ListField(child=serializers.DictField())


class ExportInput(serializers.Serializer):
    format = serializers.ChoiceField(choices=["gift", "aiken", "moodlexml", "xlsx"])
    approved_only = serializers.BooleanField(default=False)


class AssetOutput(serializers.ModelSerializer):
    class Meta:
        model = ItemAsset
        fields = ["id", "name", "content_type", "size", "sha256", "created_at"]


class AssetInput(serializers.Serializer):
    file = serializers.FileField()
