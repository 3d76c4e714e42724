// "Save as…" on the Pathway explorer: posts the scenario and the moved levers (kept by
// pathways.js on #explorer's data-levers) as JSON with the session's CSRF token, and shows the
// share link of the version saved. A static file: the CSP forbids inline script.
"use strict";
(function () {
  function save(event) {
    event.preventDefault();
    var form = event.target;
    var root = document.getElementById("explorer");
    var out = document.getElementById("save-result");
    var button = document.getElementById("save-submit");
    var note = form.elements.note.value.trim();
    var body = {
      name: form.elements.name.value,
      region: form.elements.region.value,
      scenario: root.dataset.scenario,
      levers: JSON.parse(root.dataset.levers || "{}"),
      note: note || null,
    };
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRF-Token": form.elements.csrf_token.value,
      },
      body: JSON.stringify(body),
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) { throw new Error(data.detail || String(response.status)); }
          return data;
        });
      })
      .then(function (version) {
        var link = document.createElement("a");
        link.id = "share-link";
        link.href = version.share_link;
        link.textContent = new URL(version.share_link, window.location.href).href;
        out.replaceChildren(out.dataset.savedText.replace("{version}", String(version.version)) + " ", link);
        out.setAttribute("data-ready", "true");
      })
      .catch(function (error) {
        out.textContent = form.dataset.errorText + " " + error.message;
        out.setAttribute("data-error", "true");
      })
      .finally(function () { button.disabled = false; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("save-form");
    if (form) { form.addEventListener("submit", save); }
  });
})();
