/* The chart pages' time window in the browser (dashboards/window.py): the
   address follows the window without the page being drawn again, and the
   slider's tooltip reads its days (counted from 1970-01-01) as dates. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  loadwatch: {
    keepWindow: function (query) {
      if (query) {
        const url = new URL(window.location.href);
        ["window", "from", "to"].forEach((key) => url.searchParams.delete(key));
        Object.entries(query).forEach(([key, value]) => url.searchParams.set(key, value));
        if (url.href !== window.location.href) {
          window.history.replaceState(window.history.state, "", url.href);
        }
      }
      return window.dash_clientside.no_update;
    },
  },
});

window.dccFunctions = window.dccFunctions || {};
window.dccFunctions.loadwatchWeek = function (days) {
  const day = new Date(days * 86400000);
  return day.toLocaleDateString("en-GB",
    {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"});
};
