"""Question banks: subjects, banks with a topic tree, and items whose content lives in versions.

An item is the stable identity of a question (its topic and difficulty); its text, options and key live in an
`ItemVersion`. A version that a paper used is frozen: editing it makes a new version, and papers keep theirs.
Versions go draft → reviewed → approved by members of the bank's board; `Item.approved_version` is the one
papers draw. Items are confidential: every view, export and preview goes through the audit trail.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Difficulty(models.IntegerChoices):
    """The four cognitive levels Vietnamese test writers use (nhận biết, thông hiểu, vận dụng, vận dụng cao)."""

    RECALL = 1, _("Recall")
    UNDERSTAND = 2, _("Understanding")
    APPLY = 3, _("Application")
    APPLY_HIGH = 4, _("Advanced application")


class Subject(models.Model):
    """What a bank examines: general knowledge, a foreign language, IT (a module of Circular 03/2014) or a
    professional subject of a job."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("General knowledge")
        LANGUAGE = "language", _("Foreign language")
        IT = "it", _("Information technology")
        PROFESSIONAL = "professional", _("Professional subject")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    it_module = models.CharField(
        _("IT module"), max_length=10, blank=True, help_text=_("Code of a Circular 03/2014 module (IU01–IU15).")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self):
        return self.name


class QuestionBank(models.Model):
    """A bank of items on one subject, kept by its board (grants scoped to the bank)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    subject = models.ForeignKey(Subject, verbose_name=_("subject"), on_delete=models.PROTECT, related_name="banks")
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")

    def __str__(self):
        return f"{self.code} — {self.name}"


class Topic(models.Model):
    """A node of a bank's topic tree (categories of imported files become topics)."""

    bank = models.ForeignKey(QuestionBank, verbose_name=_("bank"), on_delete=models.CASCADE, related_name="topics")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent topic"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["bank", "order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "name"], condition=models.Q(parent__isnull=True), name="exams_topic_unique_root"
            ),
            models.UniqueConstraint(fields=["bank", "parent", "name"], name="exams_topic_unique_child"),
        ]

    def __str__(self):
        return self.name


class Item(models.Model):
    """The stable identity of a question: where it sits in the bank and how hard it is."""

    bank = models.ForeignKey(QuestionBank, verbose_name=_("bank"), on_delete=models.CASCADE, related_name="items")
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="items")
    code = models.CharField(_("code"), max_length=100, blank=True, help_text=_("The item's name in its source file."))
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.UNDERSTAND
    )
    approved_version = models.ForeignKey(
        "exams.ItemVersion",
        verbose_name=_("approved version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    retired = models.BooleanField(_("retired"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["bank", "topic", "id"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        indexes = [models.Index(fields=["bank", "topic", "difficulty"], name="exams_item_cell_idx")]

    def __str__(self):
        return self.code or f"#{self.pk}"


class ItemVersion(models.Model):
    """The content of an item at one version: stem, options, key, feedback."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        TRUE_FALSE = "true_false", _("True/false")
        MULTIPLE = "multiple", _("Multiple answers")
        FILL_IN = "fill_in", _("Short fill-in")
        NUMERICAL = "numerical", _("Numerical")
        MATCHING = "matching", _("Matching")
        ESSAY = "essay", _("Essay")

    class Format(models.TextChoices):
        PLAIN = "plain", _("Plain text")
        HTML = "html", _("HTML")
        MARKDOWN = "markdown", _("Markdown")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEWED = "reviewed", _("Reviewed")
        APPROVED = "approved", _("Approved")
        RETIRED = "retired", _("Retired")

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    stem = models.TextField(_("question"))
    stem_format = models.CharField(_("text format"), max_length=10, choices=Format.choices, default=Format.PLAIN)
    points = models.DecimalField(_("default points"), max_digits=6, decimal_places=2, default=1)
    general_feedback = models.TextField(_("general feedback"), blank=True)
    shuffle_options = models.BooleanField(_("options may be shuffled"), default=True)
    case_sensitive = models.BooleanField(_("fill-in answers are case-sensitive"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True)
    used = models.BooleanField(_("used by a paper"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["item", "-number"]
        verbose_name = _("item version")
        verbose_name_plural = _("item versions")
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="exams_itemversion_unique_number")]

    def __str__(self):
        return f"{self.item} v{self.number}"


class ItemOption(models.Model):
    """An option, accepted answer or matching pair of a version. `fraction` is the share of the item's points it
    earns (1 = right, 0 = wrong, negative = penalised, as in Moodle); fill-in answers are options with text,
    numerical answers carry a value and a tolerance, matching pairs carry the right-hand text."""

    version = models.ForeignKey(
        ItemVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))
    fraction = models.DecimalField(_("share of the points"), max_digits=7, decimal_places=5, default=0)
    feedback = models.TextField(_("feedback"), blank=True)
    match_text = models.TextField(_("matches"), blank=True)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)
    tolerance = models.DecimalField(_("tolerance"), max_digits=20, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="exams_itemoption_unique_position"),
            models.CheckConstraint(
                condition=models.Q(fraction__gte=-1) & models.Q(fraction__lte=1), name="exams_itemoption_fraction_range"
            ),
        ]

    def __str__(self):
        return self.text[:60]


class ItemAsset(models.Model):
    """An image used in stems or options, stored once per bank and served by the project to those who may see it."""

    bank = models.ForeignKey(QuestionBank, verbose_name=_("bank"), on_delete=models.CASCADE, related_name="assets")
    name = models.CharField(_("name"), max_length=255)
    file = models.FileField(_("file"), upload_to="exams/assets/%Y/", max_length=200)
    sha256 = models.CharField(_("checksum"), max_length=64)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["bank", "name"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [models.UniqueConstraint(fields=["bank", "sha256"], name="exams_itemasset_unique_content")]

    def __str__(self):
        return self.name
