"""wirecoder: sourced, structured records of what happened and who says so."""

__version__ = "0.1.0"
