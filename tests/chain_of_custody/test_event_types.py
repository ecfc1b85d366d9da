"""The custody vocabulary writes only PREMIS codes that the event type choices know."""

import ast
from pathlib import Path

from chain_of_custody import events
from chain_of_custody.models import EventType


def test_linking_is_recorded_as_premis_metadata_modification():
    assert events.METADATA_MODIFICATION == EventType.METADATA_MODIFICATION == "mem"
    assert EventType("mem").label == "metadata modification"


def test_every_event_type_the_vocabulary_writes_is_a_choice():
    """Each ``event_type=`` in events.py is an EventType member or a module
    constant whose value is one."""
    tree = ast.parse(Path(events.__file__).read_text())
    written = [
        kw.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for kw in node.keywords
        if kw.arg == "event_type"
    ]
    assert written
    for value in written:
        if isinstance(value, ast.Attribute):
            assert value.attr in EventType.__members__, ast.unparse(value)
        elif isinstance(value, ast.Name) and value.id == "event_type":
            continue  # a helper passing its parameter on: its callers are checked
        else:
            assert isinstance(value, ast.Name), ast.unparse(value)
            assert getattr(events, value.id) in EventType.values, value.id
