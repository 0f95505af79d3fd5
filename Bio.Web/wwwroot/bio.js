// Bio's few lines of browser code: the theme switch, the upload with progress, weekly reports shown whole, and charts opening at
// their latest days. They listen on the document, so they keep working across Blazor's enhanced navigation.
(() => {
  const themes = ["auto", "light", "dark"];
  document.addEventListener("click", e => {
    const toggle = e.target.closest(".theme-toggle");
    if (!toggle) return;
    const now = document.documentElement.dataset.theme || "auto";
    const next = themes[(themes.indexOf(now) + 1) % themes.length];
    document.documentElement.dataset.theme = next;
    localStorage.setItem("bio-theme", next);
    toggle.textContent = "Theme: " + next;
  });

  function upload(form, file) {
    const bar = form.querySelector(".progress");
    const meter = bar.querySelector("progress");
    const text = bar.querySelector(".progress-text");
    const error = form.querySelector(".upload-error");
    error.hidden = true;
    bar.hidden = false;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("RequestVerificationToken", form.dataset.token);
    xhr.upload.onprogress = e => {
      if (!e.lengthComputable) return;
      const pct = Math.round(e.loaded / e.total * 100);
      meter.value = pct;
      text.textContent = pct < 100 ? `Uploading ${file.name}: ${pct} %` : `Reading ${file.name}…`;
    };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      // A report, or a rejected file's problem that names its import (kept in bronze, with the reason).
      if (body && body.importId) {
        location.href = "/imports?report=" + encodeURIComponent(body.importId);
        return;
      }
      bar.hidden = true;
      error.textContent = (body && (body.detail || body.title)) || `The upload failed (${xhr.status}).`;
      error.hidden = false;
    };
    xhr.onerror = () => {
      bar.hidden = true;
      error.textContent = "The upload did not get through. Check your connection and try again: nothing was half-imported.";
      error.hidden = false;
    };
    const data = new FormData();
    data.append("file", file);
    text.textContent = `Uploading ${file.name}…`;
    xhr.send(data);
  }

  document.addEventListener("change", e => {
    if (e.target.matches("#upload input[type=file]") && e.target.files.length) upload(e.target.form, e.target.files[0]);
  });
  for (const type of ["dragenter", "dragover"]) {
    document.addEventListener(type, e => {
      const zone = e.target.closest && e.target.closest(".dropzone");
      if (!zone) return;
      e.preventDefault();
      zone.classList.add("over");
    });
  }
  document.addEventListener("dragleave", e => {
    const zone = e.target.closest && e.target.closest(".dropzone");
    if (zone) zone.classList.remove("over");
  });
  // A chart wider than a phone scrolls in its own box: it opens at its right end, the latest days.
  function latestInView() {
    for (const figure of document.querySelectorAll("figure.chart")) {
      if (figure.scrollWidth > figure.clientWidth && !figure.dataset.scrolled) {
        figure.scrollLeft = figure.scrollWidth;
        figure.dataset.scrolled = "1";
      }
    }
  }
  // A weekly report is shown whole, as tall as its content: one scroll, the page's, never one inside another.
  function fitReport(frame) {
    const doc = frame.contentDocument;
    if (!doc || !doc.documentElement) return;
    const fit = () => { frame.style.height = doc.documentElement.scrollHeight + 2 + "px"; };
    fit();
    if (!frame.dataset.fitted) {
      frame.dataset.fitted = "1";
      new ResizeObserver(fit).observe(doc.documentElement);
    }
  }
  document.addEventListener("load", e => {
    if (e.target.matches && e.target.matches("iframe.report-frame")) fitReport(e.target);
  }, true);
  function fitReports() {
    for (const frame of document.querySelectorAll("iframe.report-frame")) {
      if (frame.contentDocument && frame.contentDocument.readyState === "complete") fitReport(frame);
    }
  }
  new MutationObserver(() => { latestInView(); fitReports(); }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", latestInView);

  document.addEventListener("drop", e => {
    const zone = e.target.closest && e.target.closest(".dropzone");
    if (!zone) return;
    e.preventDefault();
    zone.classList.remove("over");
    if (e.dataTransfer.files.length) upload(zone, e.dataTransfer.files[0]);
  });
})();
