"""``POST /upload/files``: the Upload page's files, streamed to staging, never whole in memory.

The page's script (``assets/upload.js``) sends the dropped files as
multipart/form-data (field ``files``, one part a file) with
``XMLHttpRequest``, showing how much is sent; werkzeug's form parser spools
each part to a temporary file as it arrives, and each file is then staged a
piece at a time (:func:`loadwatch.service.import_jobs.start_upload_pieces`)
and its import queued. The answer is JSON ``{"job": id, "files": n}``,
which the page hands to the progress poll; a refusal is JSON
``{"error": reason}`` with a 4xx status, never a 500.

The athlete written to is decided as every Dash callback decides it
(:func:`dashboards.context.athlete_for` with the address's query string): on a
team server the session's athlete, whatever the request names. On a team
server the route is behind the login and Flask-WTF's CSRF check (the
``X-CSRFToken`` header), like the callbacks.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO

import flask
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge

from dashboards import context
from loadwatch.errors import UsageError
from loadwatch.service import import_jobs
from loadwatch.service.accounts import AccessDenied

ROUTE = "/upload/files"
FIELD = "files"  # the form field of the files, one part each
MAX_UPLOAD_BYTES = 200 * 2**20  # the largest upload accepted, all files together
MAX_UPLOAD_FILES = 500  # files in one upload (a whole export is one zip)
# The multipart framing around the files: a part's headers name the file (<= 1 KB each).
FRAMING_BYTES = 2**20
READ = 2**20  # bytes of a spooled file read at a time
BUFFER = 8 * 2**20  # bytes of the request's body read at a time


class Request(flask.Request):
    """Flask's request, reading an upload in large pieces and closing every file it spooled.

    Werkzeug's form parser reads the body 64 KB at a time; under gunicorn each
    read costs enough that 200 MB took 2.3 s to parse, where the same reads
    through an 8 MB buffer take a third of that. Werkzeug spools each file of
    a multipart body to a temporary file (on disk past 500 KB) and closes those
    it hands over; a part cut short is dropped with its file still open, until
    the garbage collector finds it: :meth:`close` closes them all.
    """

    def _get_stream_for_parsing(self) -> IO[bytes]:
        stream = super()._get_stream_for_parsing()
        if self.path != ROUTE:
            return stream
        return io.BufferedReader(_Raw(stream), buffer_size=BUFFER)  # type: ignore[arg-type]

    def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                         filename: str | None = None, content_length: int | None = None,
                         ) -> IO[bytes]:
        stream = super()._get_file_stream(total_content_length, content_type, filename,
                                          content_length)
        self.__dict__.setdefault("_spooled", []).append(stream)
        return stream

    def close(self) -> None:
        """Close the request's files, those werkzeug dropped too."""
        try:
            super().close()
        finally:
            for stream in self.__dict__.pop("_spooled", []):
                stream.close()


class _Raw(io.RawIOBase):
    """A request's stream as a raw stream, for a large buffer in front of it."""

    def __init__(self, stream: IO[bytes]):
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        piece = self.stream.read(len(buffer))
        buffer[:len(piece)] = piece
        return len(piece)


def install(server: flask.Flask) -> None:
    """Add the route to ``server``, with its size limits and its JSON refusals."""
    server.request_class = Request
    server.add_url_rule(ROUTE, "upload_files", receive, methods=["POST"])

    # Before any other hook reads the body (Flask-WTF's CSRF check reads the form).
    @server.before_request
    def limit_upload():
        if flask.request.path == ROUTE:
            flask.request.max_content_length = MAX_UPLOAD_BYTES + FRAMING_BYTES
            flask.request.max_form_parts = MAX_UPLOAD_FILES + 10
        return None

    hooks = server.before_request_funcs.setdefault(None, [])
    hooks.insert(0, hooks.pop(hooks.index(limit_upload)))
    server.register_error_handler(RequestEntityTooLarge, too_large)


def too_large(err: RequestEntityTooLarge):
    """413: the upload's size or its number of files is over the limit (JSON on the route)."""
    if flask.request.path != ROUTE:
        return err
    return refusal(413, over_size() if _body_too_large() else over_count())


def over_size() -> str:
    """Why an upload over the size limit is refused."""
    return (f"Not imported: the upload is over {MAX_UPLOAD_BYTES // 2**20} MB; "
            "send fewer files at a time.")


def over_count() -> str:
    """Why an upload of too many files is refused."""
    return (f"Not imported: more than {MAX_UPLOAD_FILES} files at a time; "
            "send fewer, or a zip of them.")


def _body_too_large() -> bool:
    length = flask.request.content_length
    return length is None or length > MAX_UPLOAD_BYTES + FRAMING_BYTES


def refusal(status: int, reason: str) -> tuple[flask.Response, int]:
    """A refusal as the page's script reads it: JSON ``{"error": reason}``."""
    return flask.jsonify(error=reason), status


def receive() -> tuple[flask.Response, int]:
    """Stage the request's files for the athlete this session may write; queue the import."""
    search = "?" + flask.request.query_string.decode("utf-8", "replace")
    try:
        athlete = context.athlete_for("write", search)
    except AccessDenied as err:
        return refusal(403, f"Not imported: {err}.")
    if flask.request.mimetype != "multipart/form-data":
        return refusal(400, "Not imported: send the files as multipart/form-data.")
    try:
        files = [f for f in flask.request.files.getlist(FIELD) if f.filename]
    except RequestEntityTooLarge:
        return refusal(413, over_size() if _body_too_large() else over_count())
    except ValueError as err:  # a malformed body werkzeug could not split into parts
        return refusal(400, f"Not imported: the request's form is malformed ({err}).")
    if not files:
        return refusal(400, "Not imported: no files were sent.")
    if len(files) > MAX_UPLOAD_FILES:
        return refusal(413, over_count())
    if sum(_size(f.stream) for f in files) > MAX_UPLOAD_BYTES:
        return refusal(413, over_size())
    store = context.current().store
    try:
        job = import_jobs.start_upload_pieces(store, athlete=athlete, files=(
            (f.filename or "file", _pieces(f)) for f in files))
    except UsageError as err:
        return refusal(400, f"Not imported: {err}")
    finally:
        for f in files:
            f.close()
    return flask.jsonify(job=job, files=len(files)), 200


def _size(stream: IO[bytes]) -> int:
    """The bytes of a spooled file (it is on disk or in a small buffer already)."""
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def _pieces(upload: FileStorage) -> Iterator[bytes]:
    """A spooled file's bytes, ``READ`` at a time."""
    upload.stream.seek(0)
    while piece := upload.stream.read(READ):
        yield piece
