"""Small conversations written for hippograph's tests (not from any benchmark)."""

from datetime import datetime

from hippograph.graph.model import Conversation, Session, Turn


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


# Two hops: the lighthouse Idris bought (session 1) is only linked to its new colour (session 2)
# through "Kestrel Point"; colour talk about other things sits closer to the question.
LIGHTHOUSE = Conversation(
    id="lighthouse",
    participants=("Noor", "Elias"),
    sessions=(
        Session(
            id="S1",
            started_at=datetime(2023, 3, 4, 10, 0),
            turns=_turns(
                "S1",
                [
                    (
                        "Noor",
                        "My brother Idris finally bought the old lighthouse on Kestrel Point.",
                    ),
                    ("Elias", "No way! What is he going to do with it?"),
                    ("Noor", "He wants to turn it into a bakery with a reading room."),
                    ("Elias", "I painted my kitchen a pale blue colour last weekend."),
                    ("Noor", "My new car is bright red, which colour suits me best."),
                    ("Elias", "The festival posters this year are orange and green."),
                ],
            ),
        ),
        Session(
            id="S2",
            started_at=datetime(2023, 5, 20, 17, 30),
            turns=_turns(
                "S2",
                [
                    ("Elias", "I cycled out to Kestrel Point on Sunday."),
                    ("Elias", "The tower at Kestrel Point has been repainted in yellow stripes."),
                    ("Noor", "My daughter chose a purple colour for her bedroom walls."),
                    ("Elias", "Our team jerseys changed colour from white to navy."),
                    ("Noor", "The new tram line has green and grey carriages."),
                ],
            ),
        ),
    ),
)

# Two topics that never meet: cycling in the Alps, and baking sourdough.
TWO_HOBBIES = Conversation(
    id="two-hobbies",
    participants=("Ana", "Ben"),
    sessions=tuple(
        Session(
            id=f"S{n}",
            started_at=datetime(2023, 1 + n, 3, 19, 0),
            turns=_turns(f"S{n}", lines),
        )
        for n, lines in enumerate(
            [
                [
                    ("Ana", "I rode my bike up the Col du Galibier in the Alps."),
                    ("Ben", "Did your bike handle the descent from the Galibier?"),
                    ("Ana", "The Alps climbs need low gears on the bike."),
                ],
                [
                    ("Ben", "My sourdough starter bubbled over in the oven."),
                    ("Ana", "Feed the sourdough starter twice a day before baking."),
                    ("Ben", "The oven needs to be hot for sourdough loaves."),
                ],
                [
                    ("Ana", "Next summer I take the bike back to the Alps for the Galibier."),
                    ("Ben", "Bring a spare tyre for the bike in the Alps."),
                ],
                [
                    ("Ben", "I baked two sourdough loaves with the new starter."),
                    ("Ana", "Sourdough from a hot oven is the best bread."),
                ],
            ],
            start=1,
        )
    ),
)


def _session(id: str, started_at: datetime, lines: list[tuple[str, str]]) -> Session:
    return Session(id=id, started_at=started_at, turns=_turns(id, lines))


# Ana's home changes twice; around it, a repeat, an addition, a wish and another person's move.
MOVES = Conversation(
    id="moves",
    participants=("Ana", "Ben"),
    sessions=(
        _session("S1", datetime(2024, 1, 10, 19, 0), [
            ("Ana", "I live in Lisbon now, close to the river."),
            ("Ben", "Nice! I work at Siemens these days."),
            ("Ana", "We have one cat, Miso."),
        ]),
        _session("S2", datetime(2024, 3, 5, 19, 0), [
            ("Ana", "We moved to Porto last week, the flat has a balcony."),
            ("Ben", "My sister moved to London in February."),
            ("Ana", "I might move to Berlin one day."),
        ]),
        _session("S3", datetime(2024, 5, 2, 19, 0), [
            ("Ana", "We still live in Porto and we love it."),
            ("Ana", "We adopted a second cat, Tofu."),
        ]),
        _session("S4", datetime(2024, 8, 20, 19, 0), [
            ("Ana", "We relocated to Madrid in August for Rui's restaurant."),
            ("Ben", "Neighbours at last!"),
        ]),
    ),
)  # fmt: skip
