"""Supersession: frames read from the parse (frames.py) and a chat model that judges the pairs
they propose (judge.py); graph/supersession.py decides and stores what supersedes what."""
