"""The weekly summary: a typed :class:`Summary` and its renderers.

Pure: the load engine's frames, the diary and the risk flags in
(:func:`build_summary`), a plain-language summary out (``RENDERERS``: text,
Markdown, HTML, JSON). Numbers follow the athlete's units; days are the
athlete's local days.
"""

from loadwatch.summary.render import (
    RENDERERS,
    lines,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from loadwatch.summary.week import (
    AcwrReading,
    ClinicianNote,
    DiaryNote,
    Suggestion,
    Summary,
    build_summary,
    suggestion,
)

__all__ = ["RENDERERS", "AcwrReading", "ClinicianNote", "DiaryNote", "Suggestion", "Summary",
           "build_summary", "lines", "render_html", "render_json", "render_markdown",
           "render_text", "suggestion"]
