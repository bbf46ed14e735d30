"""boost-qa: MASTER multi-agent simulated teaching as a datasets-native builder."""

__version__ = "0.1.0"
