import json
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "data" / "seed" / "moscow-drones.txt"
_SCHEMA = json.loads((ROOT / "schema" / "document.schema.json").read_text(encoding="utf-8"))
_VALIDATOR = jsonschema.Draft202012Validator(_SCHEMA)


def assert_valid_document(data: dict) -> None:
    """Every Document a test produces must keep the output contract, offsets included."""
    errors = [f"{list(e.path)}: {e.message}" for e in _VALIDATOR.iter_errors(data)]
    assert not errors, errors
    text = data["text"]
    for ent in data["entities"]:
        assert text[ent["start"] : ent["end"]] == ent["text"], ent


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/data/seed is not beside the checkout")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def nlp():
    from wirecoder.language import load_pipeline

    return load_pipeline()
