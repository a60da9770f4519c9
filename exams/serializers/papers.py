"""API shapes of papers: blueprints, forms (with the key only in the board's preview), decisions, verification."""

from rest_framework import serializers

from exams.models import Difficulty, PaperForm


class BlueprintCellInput(serializers.Serializer):
    topic = serializers.IntegerField()
    difficulty = serializers.ChoiceField(choices=Difficulty.choices)
    count = serializers.IntegerField(min_value=0, max_value=500)
    points = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, default=1)


class BlueprintInput(serializers.Serializer):
    cells = BlueprintCellInput(many=True, help_text="Every cell the part takes; a count of 0 leaves a cell out.")


class BlueprintCellOutput(serializers.Serializer):
    topic = serializers.IntegerField()
    topic_name = serializers.CharField()
    difficulty = serializers.IntegerField()
    count = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    available = serializers.IntegerField(help_text="Approved items this cell draws from.")


class BlueprintOutput(serializers.Serializer):
    part = serializers.IntegerField()
    questions = serializers.IntegerField()
    total = serializers.IntegerField()
    bank_min_multiple = serializers.IntegerField()
    cells = BlueprintCellOutput(many=True, help_text="Every topic × difficulty cell of the bank (count 0: not taken).")


class PaperFormOutput(serializers.ModelSerializer):
    part = serializers.IntegerField(source="part_id")
    status = serializers.CharField(help_text="generated, approved or rejected")
    questions = serializers.SerializerMethodField()

    class Meta:
        model = PaperForm
        fields = ["id", "part", "number", "status", "seed", "digest", "questions", "created_at", "decided_at"]

    def get_questions(self, form) -> int:
        return len(form.items)


class PaperOptionOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    position = serializers.IntegerField()
    text = serializers.CharField()
    fraction = serializers.DecimalField(max_digits=7, decimal_places=5)
    feedback = serializers.CharField()
    match_text = serializers.CharField()
    value = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)
    tolerance = serializers.DecimalField(max_digits=20, decimal_places=6, allow_null=True)


class PaperItemOutput(serializers.Serializer):
    number = serializers.IntegerField()
    version = serializers.IntegerField(source="version.pk")
    item = serializers.IntegerField(source="version.item_id")
    kind = serializers.CharField(source="version.kind")
    stem = serializers.CharField(source="version.stem")
    points = serializers.CharField()
    options = PaperOptionOutput(many=True)


class PaperFormDetailOutput(serializers.Serializer):
    form = PaperFormOutput()
    items = PaperItemOutput(many=True, help_text="The paper with its key (every preview is in the audit trail).")


class PaperFormDecideInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class PaperFormDecideOutput(serializers.Serializer):
    form = PaperFormOutput()
    withdrawn = serializers.IntegerField(help_text="Candidates' papers withdrawn because they held this paper.")


class DifficultySpreadOutput(serializers.Serializer):
    min = serializers.FloatField()
    max = serializers.FloatField()
    spread = serializers.FloatField()
    forms = serializers.IntegerField()


class PartPapersOutput(serializers.Serializer):
    part = serializers.IntegerField(source="part.pk")
    name = serializers.CharField(source="part.name")
    questions = serializers.IntegerField(source="part.questions")
    blueprint_total = serializers.IntegerField()
    forms = serializers.IntegerField()
    approved = serializers.IntegerField()
    rejected = serializers.IntegerField()
    undecided = serializers.IntegerField()
    papers = serializers.IntegerField(help_text="Candidates' papers ready.")
    candidates = serializers.IntegerField(help_text="Seated candidates who sit this part.")
    pool_items = serializers.IntegerField()
    exposure_min = serializers.IntegerField(help_text="Fewest uses of an item of the pools among live papers.")
    exposure_max = serializers.IntegerField(help_text="Most uses of an item of the pools among live papers.")
    cell_imbalance = serializers.IntegerField(help_text="Within one blueprint cell, most minus fewest uses of an item.")
    difficulty = DifficultySpreadOutput(allow_null=True, help_text="null: no item statistics yet.")
    job = serializers.CharField(allow_null=True, help_text="A generation or draw job still running.")


class VerifyDifferenceOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("form", "form"), ("paper", "paper")])
    id = serializers.IntegerField()
    label = serializers.CharField()
    reason = serializers.CharField()


class VerifyOutput(serializers.Serializer):
    exam = serializers.IntegerField()
    forms = serializers.IntegerField()
    papers = serializers.IntegerField()
    ok = serializers.BooleanField()
    differences = VerifyDifferenceOutput(many=True)
