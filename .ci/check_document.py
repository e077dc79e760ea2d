"""CI: the README's run command printed one schema-valid Document with events (stdin: its output)."""

import json
import sys
from pathlib import Path

import jsonschema

schema = json.loads((Path(__file__).resolve().parents[1] / "schema" / "document.schema.json").read_text())
try:
    document = json.load(sys.stdin)
except json.JSONDecodeError as err:
    sys.exit(f"check_document: the run command did not print one JSON document: {err}")
errors = [
    f"{list(e.path)}: {e.message}" for e in jsonschema.Draft202012Validator(schema).iter_errors(document)
]
if errors:
    sys.exit("check_document: the Document breaks the schema:\n" + "\n".join(errors[:20]))
if not document["events"]:
    sys.exit("check_document: the seed Document has no events")
print(f"check_document: schema-valid Document {document['id']} with {len(document['events'])} events")
