"""Blocks of an entry's free description (the StreamField body) and of a study's outcomes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from .evidence import EffectDirection, EffectKind

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "methods/blocks/image.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(required=False, label=_("Link text"))

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "methods/blocks/document.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "methods/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", icon="title", label=_("Heading"))
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    image = ImageBlock()
    document = DocumentBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(icon="media", label=_("Embed"))


def _domain_choices():
    from .models import outcome_domain_choices

    return outcome_domain_choices()


def _measure_choices():
    from .models import measure_choices

    return measure_choices()


class OutcomeBlock(blocks.StructBlock):
    """One outcome a study measured: with what, when, which way the effect went and how large."""

    domain = blocks.ChoiceBlock(choices=_domain_choices, label=_("Outcome domain"))
    measure = blocks.ChoiceBlock(choices=_measure_choices, required=False, label=_("Measure"))
    timepoint_months = blocks.IntegerBlock(
        required=False,
        min_value=0,
        label=_("Measured (months after the end)"),
        help_text=_("0 at the end of the intervention; 12 a year later."),
    )
    direction = blocks.ChoiceBlock(
        choices=EffectDirection.choices,
        required=False,
        label=_("Effect"),
        help_text=_("Compared with the comparison group; empty when the source does not say."),
    )
    effect_size = blocks.FloatBlock(required=False, label=_("Effect size"))
    effect_kind = blocks.ChoiceBlock(
        choices=EffectKind.choices, required=False, label=_("Kind of effect size")
    )
    ci_low = blocks.FloatBlock(required=False, label=_("95 % CI, lower"))
    ci_high = blocks.FloatBlock(required=False, label=_("95 % CI, upper"))

    class Meta:
        icon = "table"
        label = _("Outcome")

    def clean(self, value):
        value = super().clean(value)
        errors = outcome_problems(value)
        if errors:
            raise StructBlockValidationError(
                block_errors={name: ValidationError(message) for name, message in errors.items()}
            )
        return value


def outcome_problems(value) -> dict[str, str]:
    """{field: message} for an outcome's effect size, kind and interval that do not fit together.

    Takes a mapping so that the editor (a block's value) and the importer (JSON) apply the same
    rules.
    """
    size, kind = value.get("effect_size"), value.get("effect_kind")
    low, high = value.get("ci_low"), value.get("ci_high")
    problems = {}
    if size is not None and not kind:
        problems["effect_kind"] = str(_("An effect size needs its kind (e.g. Cohen's d)."))
    if kind and size is None:
        problems["effect_size"] = str(_("A kind of effect size is given without the effect size."))
    if (low is None) != (high is None):
        problems["ci_high" if high is None else "ci_low"] = str(
            _("Give both ends of the confidence interval, or neither.")
        )
    elif low is not None and size is None:
        problems["effect_size"] = str(_("A confidence interval needs the effect size."))
    elif low is not None and not low <= size <= high:
        problems["ci_low"] = str(
            _("The interval %(low)s to %(high)s does not contain the effect size %(size)s.")
            % {"low": low, "high": high, "size": size}
        )
    return problems
