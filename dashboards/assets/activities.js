/* The Activities grid (dashboards/pages/activities.py) in the browser: a pace or
   a time typed as a clock ("5:30", "1:02:00") for ag-grid's number filter, the
   name as a link the dashboard follows without reloading, and a Delete button
   whose click the page's confirm step hears (the grid's cellClicked). */
(function () {
  const functions = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
  const components = (window.dashAgGridComponentFunctions =
    window.dashAgGridComponentFunctions || {});

  /* "5:30" -> 330, "1:02:00" -> 3720, "45" -> 45 (seconds); "" -> null. */
  functions.parseClock = function (text) {
    if (text === null || text === undefined || String(text).trim() === "") {
      return null;
    }
    const parts = String(text).trim().split(":").map(Number);
    if (parts.some((part) => Number.isNaN(part))) {
      return null;
    }
    return parts.reduce((total, part) => total * 60 + part, 0);
  };

  /* 330 -> "5:30", 3720 -> "1:02:00": as loadwatch.units.format_clock writes them. */
  functions.clockText = function (seconds) {
    if (seconds === null || seconds === undefined || Number.isNaN(seconds)) {
      return "";
    }
    const whole = Math.round(seconds);
    const hours = Math.floor(whole / 3600);
    const minutes = Math.floor((whole % 3600) / 60);
    const rest = String(whole % 60).padStart(2, "0");
    return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
  };

  components.ActivityLink = function (props) {
    const href = `/activities/${props.data.id}`;
    return React.createElement("a", {
      href: href,
      onClick: function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
          return; // a new tab or window: the browser's own way
        }
        event.preventDefault();
        window.history.pushState({}, "", href);
        window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
      },
    }, props.value);
  };

  components.DeleteButton = function (props) {
    return React.createElement("button", {
      type: "button",
      className: "btn btn-sm btn-outline-danger",
      "aria-label": `Delete ${props.data.name} of ${props.data.date}`,
      // No handler: the click reaches the grid as a click in the Delete column
      // (cellClicked), which opens the page's confirm step.
    }, "Delete");
  };
})();
