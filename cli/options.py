"""Option values that several commands parse the same way (eval and bench)."""

import typer

from hippograph.graph.recall.presets import PRESETS, RecallPreset


def parse_numbers(text: str, what: str) -> tuple[int, ...]:
    try:
        values = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise typer.BadParameter(f"{what} must be comma-separated whole numbers") from None
    if not values or values[0] < 1:
        raise typer.BadParameter(f"{what} must be positive")
    return values


def parse_presets(text: str) -> tuple[RecallPreset, ...]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [n for n in names if n not in PRESETS]
    if unknown or not names:
        raise typer.BadParameter(f"unknown modes {unknown}; choose from {', '.join(PRESETS)}")
    return tuple(PRESETS[n] for n in names)
