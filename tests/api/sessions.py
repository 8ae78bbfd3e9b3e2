"""Conversations written for the API tests, as a client sends them (hippograph's JSONL shape)."""

from typing import Any

ORCHARD: list[dict[str, Any]] = [
    {
        "id": "2024-09-07",
        "conversation": "orchard",
        "startedAt": "2024-09-07T10:00:00",
        "turns": [
            {"speaker": "Ana", "text": "We picked the Bramley apples at Hollow Lane orchard."},
            {"speaker": "Rui", "text": "How many crates did you fill this time?"},
            {"speaker": "Ana", "text": "Eleven crates, and Rui's press will turn them into cider."},
            {"speaker": "Rui", "text": "I will bottle the cider in my cellar next month."},
        ],
    },
    {
        "id": "2024-10-19",
        "conversation": "orchard",
        "startedAt": "2024-10-19T18:30:00",
        "turns": [
            {"speaker": "Rui", "text": "The Hollow Lane cider is bottled: forty bottles."},
            {"speaker": "Ana", "text": "Bring a bottle to the harvest fair in Porto on Saturday."},
            {"speaker": "Rui", "text": "My sister Inês will run the cider stall at the fair."},
        ],
    },
]

HARBOUR: list[dict[str, Any]] = [
    {
        "id": "h1",
        "conversation": "harbour",
        "startedAt": "2024-06-01T08:00:00",
        "turns": [
            {"speaker": "Lena", "text": "I bought an old wooden sloop called Marigold."},
            {"speaker": "Sam", "text": "Where is the Marigold moored now?"},
            {"speaker": "Lena", "text": "At the Kessock harbour, next to the ferry pier."},
        ],
    },
    {
        "id": "h2",
        "conversation": "harbour",
        "startedAt": "2024-07-13T08:00:00",
        "turns": [
            {"speaker": "Sam", "text": "I sanded the Marigold's deck over the weekend."},
            {"speaker": "Lena", "text": "Next I will varnish the mast before the August regatta."},
        ],
    },
    {
        "id": "h3",
        "conversation": "harbour",
        "startedAt": "2024-08-24T08:00:00",
        "turns": [
            {"speaker": "Lena", "text": "The Marigold finished third in the Kessock regatta."},
            {"speaker": "Sam", "text": "Third with a varnished mast, well done!"},
        ],
    },
]
