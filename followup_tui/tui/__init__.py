"""The Textual dashboard; the only part of the package that imports Textual."""
