"""Component ids, shared by the pages and the browser tests."""

ATHLETE = "athlete-select"
OVERVIEW_WEEK = "overview-week"
OVERVIEW_FLAGS = "overview-flags"
OVERVIEW_RED_FLAGS = "overview-red-flags"
LOAD_METHOD = "load-acwr-method"
LOAD_WEEKLY = "load-weekly-distance"
LOAD_DAILY = "load-daily"
LOAD_PMC = "load-pmc"
LOAD_MONOTONY = "load-monotony"
GUIDANCE_PAGE = "guidance-page"
DIARY_DATE = "diary-date"
DIARY_SIDE = "diary-side"
DIARY_LOCATION = "diary-location"
DIARY_PAIN = "diary-pain"
DIARY_ONSET = "diary-onset"
DIARY_CHARACTER = "diary-character"
DIARY_WHEN = "diary-when"
DIARY_SIGNS = "diary-signs"
DIARY_TRIGGER = "diary-trigger"
DIARY_WEEKS = "diary-weeks"
DIARY_NOTES = "diary-notes"
DIARY_SAVE = "diary-save"
DIARY_RESULT = "diary-result"
DIARY_LIST = "diary-list"
DIARY_TIMELINE = "diary-timeline"
SETTINGS_UNITS = "settings-units"  # = setting("units")
SETTINGS_SAVED = "settings-saved"
UPLOAD = "upload-files"
UPLOAD_RESULT = "upload-result"
INTENSITY_ZONES = "intensity-zones"
INTENSITY_HILLS = "intensity-hills"
INTENSITY_SURFACE = "intensity-surface"
INTENSITY_FLAGS = "intensity-flags"
ACTIVITIES_TABLE = "activities-table"
ACTIVITIES_DELETE_PENDING = "activities-delete-pending"
ACTIVITIES_DELETE_DIALOG = "activities-delete-dialog"
ACTIVITIES_DELETE_WHAT = "activities-delete-what"
ACTIVITIES_DELETE_CANCEL = "activities-delete-cancel"
ACTIVITIES_DELETE_CONFIRM = "activities-delete-confirm"
ACTIVITIES_DELETED = "activities-deleted"
ACTIVITY_TRACE = "activity-trace"
ACTIVITY_ROUTE = "activity-route"
ACTIVITY_SURFACE = "activity-surface"
ACTIVITY_RPE = "activity-rpe"
ACTIVITY_NAME = "activity-name"
ACTIVITY_SAVE = "activity-save"
ACTIVITY_SAVED = "activity-saved"
ACTIVITY_RPE_MESSAGE = "activity-rpe-message"
ACTIVITY_NAME_MESSAGE = "activity-name-message"
ACTIVITY_STATS = "activity-stats"
ACTIVITY_LOAD = "activity-load"
ACTIVITY_SPLITS = "activity-splits"
ACTIVITY_ZONES = "activity-zones"
ACTIVITY_ZONES_NOTE = "activity-zones-note"
OVERVIEW_ACWR = "overview-acwr"
SUMMARY_WEEK = "summary-week"
SUMMARY_BODY = "summary-body"
INTENSITY_TIME = "intensity-time"
LOGOUT = "logout"
DIARY_COMMENT_ENTRY = "diary-comment-entry"
DIARY_COMMENT_TEXT = "diary-comment-text"
DIARY_COMMENT_SAVE = "diary-comment-save"
DIARY_COMMENT_RESULT = "diary-comment-result"
EXPORT_LINK = "export-link"
ACTIVITY_DELETE = "activity-delete"
ACTIVITY_DELETE_CONFIRM = "activity-delete-confirm"
ACTIVITY_DELETED = "activity-deleted"
ACTIVITY_ID = "activity-id"
ACTIVITY_SUMMARY = "activity-summary"
DIARY_WORSENING = "diary-worsening"
ACTIVITY_QUALITY = "activity-quality"
ACTIVITY_CONFIRM = "activity-confirm"
ACTIVITY_CONFIRM_UNDO = "activity-confirm-undo"
ACTIVITY_CONFIRMED = "activity-confirmed"
ACTIVITY_CORRECT_SPORT = "activity-correct-sport"
ACTIVITY_CORRECT_DISTANCE = "activity-correct-distance"
ACTIVITY_CORRECT = "activity-correct"
ACTIVITY_CORRECTED = "activity-corrected"
OVERVIEW_QUALITY = "overview-quality"
DIARY_FORM_TITLE = "diary-form-title"
DIARY_DATE_MESSAGE = "diary-date-message"
DIARY_LOCATION_MESSAGE = "diary-location-message"
DIARY_PAIN_MESSAGE = "diary-pain-message"
DIARY_SAVE_MESSAGE = "diary-save-message"
DIARY_CANCEL = "diary-cancel"
DIARY_FILL = "diary-fill"
DIARY_EDITING = "diary-editing"
DIARY_CHANGED = "diary-changed"
DIARY_LIST_MESSAGE = "diary-list-message"
DIARY_DELETE_CONFIRM = "diary-delete-confirm"
DIARY_DELETE_ID = "diary-delete-id"
DIARY_COMMENTS = "diary-comments"
# Each listed entry's buttons: pattern-matching ids {"type": DIARY_EDIT, "index": entry id}.
DIARY_EDIT = "diary-edit"
DIARY_DELETE = "diary-delete"
OVERVIEW_AHEAD = "overview-ahead"
OVERVIEW_ACK = "overview-ack"  # the type of each red flag's acknowledge button
OVERVIEW_ACK_RESULT = "overview-ack-result"
OVERVIEW_HISTORY = "overview-history"
# The Overview's cards: the status (form and its zones), the gap since the last run,
# the week against the weeks before, the 12-week chart, and the caution and high
# flags' Dismiss buttons (pattern-matching ids {"type": OVERVIEW_DISMISS, "flag": key}).
OVERVIEW_STATUS = "overview-status"
OVERVIEW_ZONES = "overview-zones"
OVERVIEW_GAP = "overview-gap"
OVERVIEW_CHART = "overview-chart"
OVERVIEW_DISMISS = "overview-dismiss"
OVERVIEW_DISMISS_RESULT = "overview-dismiss-result"
FLAGS_OPEN = "flags-open"
FLAGS_ALL = "flags-all"
FLAGS_ACK = "flags-ack"
FLAGS_ACK_RESULT = "flags-ack-result"


def diary_edit(entry_id: int) -> dict:
    """The id of the Edit button of diary entry ``entry_id``."""
    return {"type": DIARY_EDIT, "index": entry_id}


def diary_delete(entry_id: int) -> dict:
    """The id of the Delete button of diary entry ``entry_id``."""
    return {"type": DIARY_DELETE, "index": entry_id}


def nav(module: str) -> str:
    """The id of the header's link to the page of ``module`` (``nav-load``)."""
    return "nav-" + module.rsplit(".", 1)[-1]


# The Settings page: a field per key of loadwatch.settings.SETTINGS, its message and,
# for the settings estimated from runs, the estimate; the "Use" buttons are
# pattern-matching ids {"type": SETTINGS_USE, "key": setting}.
SETTINGS_USE = "settings-use"
SETTINGS_VERSION = "settings-version"
SETTINGS_REFRESH = "settings-refresh"
# The frame: the banner while heart-rate settings are missing, and the data version
# a settings change leaves (the banner follows it).
HR_BANNER = "hr-banner"
SETTINGS_CHANGED = "settings-changed"


def setting(key: str) -> str:
    """The id of the Settings page's field of setting ``key`` (``settings-units``)."""
    return f"settings-{key}"


def setting_message(key: str) -> str:
    """The id of what is said beside setting ``key``'s field (saved, or why not)."""
    return f"settings-{key}-message"


def setting_estimate(key: str) -> str:
    """The id of the estimate from the runs offered beside setting ``key``'s field."""
    return f"settings-{key}-estimate"


def setting_use(key: object) -> dict:
    """The id of the button that puts the estimate of ``key`` in its field (``ALL``: any)."""
    return {"type": SETTINGS_USE, "key": key}


# Each chart page's time window (dashboards.window): a preset, a slider, a caption, and
# the address's window (a store with a pattern-matching id {"type": WINDOW_QUERY, "page"}).
WINDOW_QUERY = "window-query"


def window(page: str, part: str) -> str:
    """The id of a part (preset, range, caption) of ``page``'s window: ``load-window-range``."""
    return f"{page}-window-{part}"


def window_query(page: str) -> dict:
    """The id of the store that holds ``page``'s window as the address says it."""
    return {"type": WINDOW_QUERY, "page": page}
UPLOAD_JOBS = "upload-jobs"
UPLOAD_POLL = "upload-poll"
UPLOAD_PROGRESS = "upload-progress"
UPLOAD_SENDING = "upload-sending"
UPLOAD_TABLE = "upload-table"
UPLOAD_UNIT = "upload-unit"  # the type of the km / mi buttons beside a file


# The frame's navigation bar: the bar, the phone's menu button and what it opens,
# and the light/dark switch (handled in the browser by assets/theme.js).
NAVBAR = "navbar"
NAV_TOGGLER = "navbar-toggler"
NAV_COLLAPSE = "navbar-collapse"
THEME_TOGGLE = "theme-toggle"
