"""Turning raw conversation sessions into hippograph's memory model (EDUs, entities, embeddings)."""
