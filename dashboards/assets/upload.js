/* Upload page: send the chosen or dropped files to POST /upload/files (dashboards/uploads.py)
 * with XMLHttpRequest, "Sending: 45 MB of 200 MB" as they go, then hand the job to the page's
 * progress poll by setting the UPLOAD_JOBS store (dash_clientside.set_props, Dash >= 2.16).
 * The zone (.upload-zone, ids.UPLOAD) carries the route, the limits and the ids it needs as data-*. */
(function () {
  "use strict";
  var ZONE = ".upload-zone[data-route]";
  var sending = false;

  function megabytes(bytes) {
    var mb = bytes / 1048576;
    return (mb < 10 ? mb.toFixed(1) : Math.round(mb)) + " MB";
  }

  function say(id, text) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(id, {children: text});
    }
  }

  function csrfToken() {
    // A team server's Flask-WTF token, as dash-renderer sends it (none in local mode).
    var match = document.cookie.match(/(?:^|;\s*)_csrf_token=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function refusal(xhr) {
    try {
      var body = JSON.parse(xhr.responseText);
      if (body && body.error) { return body.error; }
    } catch (ignored) { /* not JSON: a proxy's page */ }
    if (xhr.status === 413) { return "Not imported: the upload is too large."; }
    if (xhr.status === 401) { return "Not imported: log in again, then send the files."; }
    return "Not imported: the server answered " + xhr.status + ".";
  }

  function send(zone, files) {
    var d = zone.dataset;
    if (sending || !files || files.length === 0) { return; }
    var total = 0;
    for (var i = 0; i < files.length; i++) { total += files[i].size; }
    if (files.length > Number(d.maxFiles)) {
      say(d.progress, "Not imported: more than " + d.maxFiles +
          " files at a time; send fewer, or a zip of them.");
      return;
    }
    if (total > Number(d.maxBytes)) {
      say(d.progress, "Not imported: the upload is over " +
          Math.round(Number(d.maxBytes) / 1048576) + " MB; send fewer files at a time.");
      return;
    }
    var form = new FormData();
    for (var j = 0; j < files.length; j++) { form.append(d.field, files[j], files[j].name); }
    var xhr = new XMLHttpRequest();
    // The address's query string chooses the athlete in local mode, as for every callback.
    xhr.open("POST", d.route + window.location.search);
    var token = csrfToken();
    if (token) { xhr.setRequestHeader("X-CSRFToken", token); }
    xhr.setRequestHeader("Accept", "application/json");
    var shown = -1;
    xhr.upload.onprogress = function (event) {
      var sent = Math.min(event.loaded, total);
      var tenth = Math.floor(sent / 104857.6);  // redraw at most every 0.1 MB
      if (tenth !== shown) {
        shown = tenth;
        say(d.sending, "Sending: " + megabytes(sent) + " of " + megabytes(total));
      }
    };
    xhr.upload.onload = function () {
      say(d.sending, "Sent " + megabytes(total) + "; loadwatch is storing the files…");
    };
    xhr.onload = function () {
      sending = false;
      say(d.sending, "");
      if (xhr.status !== 200) { say(d.progress, refusal(xhr)); return; }
      var answer = JSON.parse(xhr.responseText);
      say(d.progress, "Importing… file 0 of " + answer.files + " read");
      // The shape the page's callbacks read: the upload, its jobs, files imported again.
      window.dash_clientside.set_props(d.jobs, {
        data: {upload: answer.job, jobs: [answer.job], retries: {}}});
    };
    xhr.onerror = xhr.onabort = function () {
      sending = false;
      say(d.sending, "");
      say(d.progress, "Not sent: the connection to loadwatch failed; try again.");
    };
    sending = true;
    say(d.progress, "");
    say(d.sending, "Sending: 0.0 MB of " + megabytes(total));
    xhr.send(form);
  }

  function input(zone) {
    var chooser = zone.querySelector("input[type=file]");
    if (!chooser) {
      chooser = document.createElement("input");
      chooser.type = "file";
      chooser.multiple = true;
      chooser.hidden = true;
      chooser.addEventListener("change", function () {
        send(zone, Array.prototype.slice.call(chooser.files));
        chooser.value = "";  // the same files again are a new choice
      });
      zone.appendChild(chooser);
    }
    return chooser;
  }

  function zoneOf(target) {
    return target && target.closest ? target.closest(ZONE) : null;
  }

  // The page is drawn by Dash after this script runs: add the input when the zone appears.
  new MutationObserver(function () {
    var zone = document.querySelector(ZONE);
    if (zone) { input(zone); }
  }).observe(document.documentElement, {childList: true, subtree: true});

  document.addEventListener("click", function (event) {
    var zone = zoneOf(event.target);
    if (!zone || event.target.type === "file") { return; }
    event.preventDefault();
    input(zone).click();
  });
  document.addEventListener("keydown", function (event) {
    var zone = zoneOf(event.target);
    if (zone && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      input(zone).click();
    }
  });
  ["dragenter", "dragover"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var zone = zoneOf(event.target);
      if (zone) { event.preventDefault(); zone.classList.add("upload-zone-over"); }
    });
  });
  document.addEventListener("dragleave", function (event) {
    var zone = zoneOf(event.target);
    if (zone && !zone.contains(event.relatedTarget)) { zone.classList.remove("upload-zone-over"); }
  });
  document.addEventListener("drop", function (event) {
    var zone = zoneOf(event.target);
    if (!zone) { return; }
    event.preventDefault();
    zone.classList.remove("upload-zone-over");
    send(zone, Array.prototype.slice.call(event.dataTransfer.files));
  });
})();
