"""Sentence embeddings: the local models from Maven Central (catalog, install, ONNX encoder) and
any LangChain provider, behind LangChain's ``Embeddings`` interface."""
