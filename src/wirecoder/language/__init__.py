"""Language: the spaCy pipeline (pinned model + gazetteer entity correction) and language detection."""

from wirecoder.language.detect import detect_language
from wirecoder.language.models import DEFAULT_MODEL, ModelNotFoundError, load_pipeline

__all__ = ["DEFAULT_MODEL", "ModelNotFoundError", "detect_language", "load_pipeline"]
