"""Small conversations written for hippograph's tests (not from any benchmark)."""

from datetime import datetime

from graph.model import Conversation, Session, Turn


def _turns(
    session: str, lines: list[tuple[str, str]], caption_at: dict[int, str] | None = None
) -> tuple[Turn, ...]:
    captions = caption_at or {}
    return tuple(
        Turn(id=f"{session}:{i}", speaker=speaker, text=text, image_caption=captions.get(i))
        for i, (speaker, text) in enumerate(lines, start=1)
    )


GARDEN_CLUB = Conversation(
    id="garden-club",
    participants=("Priya", "Tomás"),
    sessions=(
        Session(
            id="S1",
            started_at=datetime(2024, 3, 11, 18, 5),  # a Monday
            turns=_turns(
                "S1",
                [
                    ("Priya", "Hey Tomás! How was your weekend?"),
                    ("Tomás", "Great! I planted tomatoes in the community garden yesterday."),
                    ("Priya", "Nice! How long have you been gardening?"),
                    ("Tomás", "Three years already!"),
                    (
                        "Priya",
                        "I joined the Riverside Garden Club last month and my sister came with me.",
                    ),
                    ("Tomás", "Thanks, Priya! 😊"),
                    ("Priya", "Look at what we grew!"),
                    ("Tomás", "Bye!"),
                ],
                caption_at={7: "a photo of a basket of purple carrots"},
            ),
        ),
        Session(
            id="S2",
            started_at=datetime(2024, 4, 2, 9, 30),  # a Tuesday
            turns=_turns(
                "S2",
                [
                    ("Tomás", "Hi Pri! The garden club meets next Saturday."),
                    (
                        "Priya",
                        "I'll bring the seed catalog. We ordered heirloom beans two weeks ago.",
                    ),
                    (
                        "Tomás",
                        "Ticket GC-2024-017 is for the seed swap, and GC-2024-018 is for the talk.",
                    ),
                    ("Priya", "¡Qué bueno! Nos vemos el sábado."),
                ],
            ),
        ),
    ),
)
