"""A chat model as a second reader of the links the frames propose: it sees the earlier and
the later statement and says whether the later one means the earlier is no longer true.

Only pairs the offline rule proposed are asked (the model never adds a link), and an answer
that is not a clear yes keeps the earlier statement valid: a wrong supersession hides a true
fact, a missed one leaves two facts side by side.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

_SYSTEM = (
    "You check a memory of conversations. Given an earlier and a later statement about the "
    "same person, answer 'yes' if the later statement means the earlier one is no longer "
    "true (the person moved, changed jobs, changed their mind, stopped something), and 'no' "
    "if both can be true (a repeat, an addition, a plan, a wish, something about someone "
    "else). Answer with one word: yes or no."
)


@dataclass(frozen=True)
class LinkTexts:
    """A proposed link as the judge reads it: the texts of the earlier statement and the later
    one (a ``supersession.Link`` names them by id), and what they are about."""

    earlier_text: str
    later_text: str
    attribute: str

    def prompt(self) -> str:
        return (
            f"About: {self.attribute}\nEarlier: {self.earlier_text}\nLater: {self.later_text}\n"
            "Is the earlier statement no longer true?"
        )


class SupersessionJudge:
    """Asks ``model`` about each candidate; ``name`` is recorded on the links it agrees to."""

    def __init__(self, model: BaseChatModel, name: str) -> None:
        self.model = model
        self.name = name

    def agrees(self, candidates: Sequence[LinkTexts]) -> list[bool]:
        answers = self.model.batch(
            [[SystemMessage(_SYSTEM), HumanMessage(c.prompt())] for c in candidates]
        )
        return [_yes(str(answer.text)) for answer in answers]


def _yes(answer: str) -> bool:
    words = answer.strip().lower().split()
    return bool(words) and words[0].strip(".,!:;\"'") == "yes"
