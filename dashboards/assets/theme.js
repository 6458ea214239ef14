/* Light and dark, in the browser: Bootstrap 5.3's colour modes (data-bs-theme on
   <html>) and AG Grid's (data-ag-theme-mode). The system's choice
   (prefers-color-scheme) holds until the runner presses the navbar's switch
   (#theme-toggle); that choice is kept in localStorage, for this browser only.

   The page's <head> runs this file before anything is drawn, so a dark page never
   flashes white (dashboards/frame.py's index string; the team server's login page
   links it too); Dash loads it again with the other assets, which does nothing.
   Plotly's charts follow by CSS (loadwatch.css), whatever colours a figure has. */
(function () {
  "use strict";
  if (window.loadwatchTheme) {
    return;
  }
  const KEY = "loadwatch-theme";
  const media = window.matchMedia("(prefers-color-scheme: dark)");

  function stored() {
    try {
      const value = window.localStorage.getItem(KEY);
      return value === "light" || value === "dark" ? value : null;
    } catch (error) {
      return null;  // storage refused (a private window): follow the system
    }
  }

  function wanted() {
    return stored() || (media.matches ? "dark" : "light");
  }

  function apply(theme) {
    const root = document.documentElement;
    root.setAttribute("data-bs-theme", theme);
    root.setAttribute("data-ag-theme-mode", theme);
    const toggle = document.getElementById("theme-toggle");
    if (toggle) {
      const other = theme === "dark" ? "light" : "dark";
      toggle.setAttribute("aria-label", "Switch to the " + other + " theme");
      toggle.setAttribute("title", "Switch to the " + other + " theme");
    }
  }

  function toggle() {
    const next = document.documentElement.getAttribute("data-bs-theme") === "dark"
      ? "light" : "dark";
    try {
      window.localStorage.setItem(KEY, next);
    } catch (error) {
      // not kept: this page still switches
    }
    apply(next);
  }

  apply(wanted());
  media.addEventListener("change", function () {
    if (!stored()) {
      apply(wanted());
    }
  });
  // Another tab switched: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      apply(wanted());
    }
  });
  // The switch is drawn by Dash after this runs: one listener for the document.
  document.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("#theme-toggle")) {
      toggle();
    }
  });
  window.loadwatchTheme = {apply: apply, wanted: wanted, toggle: toggle};
})();

/* The navbar's clientside callbacks (dashboards/frame.py). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  frame: {
    // The phone's menu opens and closes on its button, and closes on going to a page.
    toggleMenu: function (clicks, pathname, open) {
      const context = window.dash_clientside.callback_context;
      const by = context.triggered.map(function (t) { return t.prop_id; }).join(" ");
      if (by.indexOf("navbar-toggler") >= 0) {
        return !open;
      }
      // The page's content changed under a closed menu: the switch shows the theme's name.
      if (window.loadwatchTheme) {
        window.loadwatchTheme.apply(document.documentElement.getAttribute("data-bs-theme"));
      }
      return false;
    },
    // Each link is marked active on its page and below it (/activities/7 marks Activities).
    markActive: function (pathname) {
      const hrefs = Array.prototype.slice.call(arguments, 1);
      return hrefs.map(function (href) {
        const path = (href || "").split("?")[0];
        if (path === "/" || path === "") {
          return pathname === "/" || pathname === "";
        }
        return pathname === path || (pathname || "").indexOf(path + "/") === 0;
      });
    },
  },
});
