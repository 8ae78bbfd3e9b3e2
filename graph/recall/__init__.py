"""Recall over a scope's memory: presets, the engine and its typed results."""
