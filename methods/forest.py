"""Forest plots: each study's effect and 95 % confidence interval for one outcome, on one axis,
drawn on the server as SVG (no script), with the same numbers for a table beside it."""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .evidence import EffectKind

WIDTH = 560
LABEL_WIDTH = 220
PLOT_LEFT = LABEL_WIDTH + 10
PLOT_RIGHT = WIDTH - 70
ROW_HEIGHT = 26
TOP = 10
AXIS_HEIGHT = 34
# Ratios have no effect at 1; differences at 0.
NULL_VALUE = {EffectKind.ODDS_RATIO: 1.0, EffectKind.RISK_RATIO: 1.0}


@dataclass
class Row:
    label: str
    size: float
    low: float | None
    high: float | None


@dataclass
class ForestPlot:
    domain: str
    kind: str
    kind_label: str
    rows: list[Row] = field(default_factory=list)

    @property
    def svg_html(self) -> SafeString:
        return self.svg(f"{self.domain}: {self.kind_label}")

    @property
    def null_value(self) -> float:
        return NULL_VALUE.get(self.kind, 0.0)

    def svg(self, title: str) -> SafeString:
        values = [self.null_value]
        for row in self.rows:
            values += [v for v in (row.size, row.low, row.high) if v is not None]
        low, high = min(values), max(values)
        if high == low:
            high, low = high + 1, low - 1
        pad = (high - low) * 0.08
        low, high = low - pad, high + pad

        def x(value: float) -> float:
            return round(PLOT_LEFT + (value - low) / (high - low) * (PLOT_RIGHT - PLOT_LEFT), 1)

        height = TOP + ROW_HEIGHT * len(self.rows) + AXIS_HEIGHT
        axis_y = TOP + ROW_HEIGHT * len(self.rows)
        parts = [
            format_html(
                '<line class="forest__null" x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#4d4d4d" '
                'stroke-dasharray="3 3"/>',
                x(self.null_value),
                TOP,
                axis_y,
            ),
            format_html(
                '<line x1="{0}" y1="{2}" x2="{1}" y2="{2}" stroke="#1b1b1b"/>',
                PLOT_LEFT,
                PLOT_RIGHT,
                axis_y,
            ),
        ]
        for tick in sorted({round(v, 6) for v in (low + pad, self.null_value, high - pad)}):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
                    x(tick),
                    axis_y + 16,
                    f"{tick:.2g}",
                )
            )
        for index, row in enumerate(self.rows):
            y = TOP + ROW_HEIGHT * index + ROW_HEIGHT / 2
            parts.append(
                format_html(
                    '<text x="0" y="{}" font-size="12" dominant-baseline="middle">{}</text>',
                    y,
                    row.label if len(row.label) <= 34 else row.label[:33] + "…",
                )
            )
            if row.low is not None and row.high is not None:
                parts.append(
                    format_html(
                        '<line x1="{0}" y1="{2}" x2="{1}" y2="{2}" stroke="#00527a" '
                        'stroke-width="2"/>',
                        x(row.low),
                        x(row.high),
                        y,
                    )
                )
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="8" height="8" fill="#00527a"/>',
                    x(row.size) - 4,
                    y - 4,
                )
            )
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11" dominant-baseline="middle">{}</text>',
                    PLOT_RIGHT + 8,
                    y,
                    f"{row.size:g}",
                )
            )
        return format_html(
            '<svg class="forest" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
            'width="{}" height="{}" role="img" aria-label="{}">{}</svg>',
            WIDTH,
            height,
            WIDTH,
            height,
            title,
            mark_safe(format_html_join("", "{}", ((part,) for part in parts))),  # noqa: S308 - parts are escaped above
        )


def forest_plots(presented_studies: list[dict]) -> list[ForestPlot]:
    """One plot per outcome domain and kind of effect size that has effect sizes, from studies as
    methods.studies.present_studies() gives them."""
    plots: dict[tuple[str, str], ForestPlot] = {}
    for item in presented_studies:
        study = item["study"]
        for outcome in item["outcomes"]:
            values = outcome["outcome"]
            if values.get("effect_size") is None or not values.get("effect_kind"):
                continue
            kind = values["effect_kind"]
            plot = plots.setdefault(
                (outcome["domain_code"], kind),
                ForestPlot(outcome["domain"], kind, str(EffectKind(kind).label)),
            )
            measure = f", {outcome['measure'].abbreviation}" if outcome["measure"] else ""
            when = f", {outcome['timepoint']}" if outcome["timepoint"] else ""
            plot.rows.append(
                Row(
                    f"{study.authors or ''} {study.year}{measure}{when}".strip(),
                    values["effect_size"],
                    values.get("ci_low"),
                    values.get("ci_high"),
                )
            )
    return list(plots.values())
