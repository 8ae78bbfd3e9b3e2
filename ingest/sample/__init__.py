"""The sample conversations that `hippograph up` stores in scope ``sample`` (written for
hippograph, CC0; see README.md beside them), shipped inside the package."""

from pathlib import Path

SAMPLE_CONVERSATIONS = Path(__file__).resolve().parent / "conversations.jsonl"
SAMPLE_SCOPE = "sample"
