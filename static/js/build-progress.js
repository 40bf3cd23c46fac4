// A PDF being built in the background (the decision report, a panel pack): while the build waits
// or runs, fetch the status panel again every few seconds and put its contents in place. The
// panel is a polite live region, so screen readers hear the news. Without JavaScript the panel's
// "Check again" link reloads the page.
const region = document.querySelector("[data-build-status]");

function check() {
  fetch(region.dataset.refreshUrl, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
    .then((html) => {
      const fresh = new DOMParser().parseFromString(html, "text/html").getElementById(region.id);
      if (!fresh) return;
      region.innerHTML = fresh.innerHTML;
      region.dataset.building = fresh.dataset.building;
      if (fresh.dataset.building === "true") window.setTimeout(check, 3000);
    })
    .catch(() => window.setTimeout(check, 10000));
}

if (region && region.dataset.building === "true") window.setTimeout(check, 3000);
