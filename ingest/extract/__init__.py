"""Extractors turn one session into EDUs: offline with spaCy, or with a LangChain chat model."""

from hippograph.ingest.extract.extractor import Extraction, Extractor

__all__ = ["Extraction", "Extractor"]
