"""Tiny benchmark files in the LoCoMo and LongMemEval formats, written for these tests."""

from typing import Any


def locomo_sample(sample_id: str) -> dict[str, Any]:
    """Two sessions between Noor and Elias, and questions whose evidence has every quirk the
    LoCoMo README lists: a list in one string, malformed ids, noise, a missing turn."""
    return {
        "sample_id": sample_id,
        "conversation": {
            "speaker_a": "Noor",
            "speaker_b": "Elias",
            "session_1_date_time": "4:10 pm on 3 June, 2024",
            "session_1": [
                {"speaker": "Noor", "dia_id": "D1:1", "text": "Elias, did you finish the kayak?"},
                {
                    "speaker": "Elias",
                    "dia_id": "D1:2",
                    "text": "Yes! I varnished the cedar kayak last weekend.",
                },
                {
                    "speaker": "Noor",
                    "dia_id": "D1:3",
                    "text": "I adopted a grey cat named Pixel from the shelter.",
                },
                {"speaker": "Elias", "dia_id": "D1:4", "text": "Pixel is a great name."},
            ],
            "session_2_date_time": "9:00 am on 20 June, 2024",
            "session_2": [
                {
                    "speaker": "Elias",
                    "dia_id": "D2:1",
                    "text": "I paddled the kayak across Lake Vättern on Saturday.",
                },
                {
                    "speaker": "Noor",
                    "dia_id": "D2:2",
                    "text": "Pixel knocked my sourdough starter off the shelf.",
                    "blip_caption": "a photo of a cat next to a broken jar",
                },
            ],
            "session_3_date_time": "1:00 pm on 1 July, 2024",
            "session_3": [],
        },
        "qa": [
            {
                "question": "What wood is Elias's kayak made of?",
                "answer": "cedar",
                "evidence": ["D1:2"],
                "category": 4,
            },
            {
                "question": "Where did Elias take the kayak he varnished?",
                "answer": "Lake Vättern",
                "evidence": ["D1:2; D2:1"],
                "category": 1,
            },
            {
                "question": "What is the name of Noor's cat?",
                "answer": "Pixel",
                "evidence": ["D:1:3", "D2:02", "D"],
                "category": 4,
            },
            {
                "question": "When did Elias paddle across the lake?",
                "answer": "15 June 2024",
                "evidence": ["D2:1", "D7:7"],
                "category": 2,
            },
            {
                "question": "What does Noor bake?",
                "answer": "sourdough",
                "evidence": [],
                "category": 3,
            },
            {
                "question": "What colour is Elias's cat?",
                "adversarial_answer": "grey",
                "evidence": ["D1:3"],
                "category": 5,
            },
        ],
    }


def longmemeval_item(question_id: str) -> dict[str, Any]:
    return {
        "question_id": question_id,
        "question_type": "single-session-user",
        "question": "What breed is my dog?",
        "answer": "a beagle",
        "question_date": "2023/05/30 (Tue) 23:40",
        "haystack_session_ids": ["s-a", "s-b"],
        "haystack_dates": ["2023/05/20 (Sat) 10:00", "2023/05/21 (Sun) 11:00"],
        "haystack_sessions": [
            [
                {"role": "user", "content": "Any tips for a rainy hike?"},
                {"role": "assistant", "content": "Pack a light shell and dry socks."},
            ],
            [
                {"role": "user", "content": "My beagle Max hates baths.", "has_answer": True},
                {"role": "assistant", "content": "Try lukewarm water and treats."},
            ],
        ],
    }
