"""Charts of the item analysis as inline SVG geometry (no script, no CDN): the template draws these shapes."""

WIDTH, HEIGHT, PAD = 480, 220, 30


def histogram_svg(bins: list[dict]) -> dict:
    """Bars of a score histogram scaled into the chart: [{"x", "y", "w", "h", "count", "label"}] and the axes."""
    top = max((b["count"] for b in bins), default=0) or 1
    width = (WIDTH - 2 * PAD) / max(len(bins), 1)
    bars = []
    for i, b in enumerate(bins):
        h = (HEIGHT - 2 * PAD) * b["count"] / top
        bars.append(
            {
                "x": round(PAD + i * width + 1, 1),
                "y": round(HEIGHT - PAD - h, 1),
                "w": round(width - 2, 1),
                "h": round(h, 1),
                "count": b["count"],
                "label": f"{b['low']:.0f}–{b['high']:.0f}",
            }
        )
    return {"width": WIDTH, "height": HEIGHT, "pad": PAD, "bars": bars, "base": HEIGHT - PAD, "top": top}


def scatter_svg(rows) -> dict:
    """Points of facility (x, 0..1) against item–rest correlation (y, −1..1), with the zero line."""
    points = []
    for row in rows:
        if row.p is None or row.r_pbis is None:
            continue
        x = PAD + (WIDTH - 2 * PAD) * row.p
        y = HEIGHT / 2 - (HEIGHT / 2 - PAD) * row.r_pbis
        points.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "code": row.version.item.code,
                "p": row.p,
                "r": row.r_pbis,
                "bad": row.r_pbis < 0,
            }
        )
    return {"width": WIDTH, "height": HEIGHT, "pad": PAD, "points": points, "zero": HEIGHT / 2}


def distractor_rows(rows, flags_of) -> list[dict]:
    """Each item's figures and its option shares overall, in the upper and in the lower group, with its flags."""
    table = []
    for row in rows:
        shares = row.options.get("options", {})
        labels = sorted(
            set(shares) | set(row.options.get("options_upper", {})) | set(row.options.get("options_lower", {}))
        )
        options = [
            {
                "label": label,
                "all": shares.get(label, 0),
                "upper": row.options.get("options_upper", {}).get(label, 0),
                "lower": row.options.get("options_lower", {}).get(label, 0),
            }
            for label in labels
        ]
        table.append({"row": row, "options": options, "flags": flags_of(statistic=row)})
    return table
