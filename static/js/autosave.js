// Autosave for a draft application: an enhancement, never a requirement.
//
// Every form marked `data-autosave` is sent in the background, to its own address, every
// 30 seconds when something has changed and whenever a field is left. The server answers
// a request with `X-Requested-With: XMLHttpRequest` in JSON:
//   200 {"saved_at": "14:32", "version": 7}   saved: the page says so and keeps the new version
//   409 {"conflict": "/…/compare/3/"}          a colleague saved first: ours is kept aside
//   422 {"errors": {"question_5": "…"}}        not saved: the reasons, in plain words
// Without JavaScript the Save buttons do exactly the same, with a page each time.

const INTERVAL_MS = 30000;

function snapshot(form) {
  const data = new FormData(form);
  data.delete("version");
  data.delete("csrfmiddlewaretoken");
  return JSON.stringify([...data.entries()]);
}

function autosave(form) {
  const status = document.getElementById(form.dataset.autosaveStatus);
  const version = form.elements.namedItem("version");
  // Not `form.action`: a button named "action" would shadow it.
  const address = form.getAttribute("action") || window.location.href;
  let saved = snapshot(form);
  let refused = null; // what the server last refused: not sent again until it changes
  let queue = Promise.resolve();
  let inFlight = 0;
  let stopped = false;
  let submitting = false;

  function say(text, link) {
    status.textContent = text;
    if (link) {
      const anchor = document.createElement("a");
      anchor.className = "govuk-link";
      anchor.href = link.href;
      anchor.textContent = link.text;
      status.append(" ", anchor);
    }
  }

  async function saveNow(keepalive) {
    const current = snapshot(form);
    if (stopped || current === saved || current === refused) return;
    let response;
    let answer = {};
    try {
      response = await fetch(address, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" },
        credentials: "same-origin",
        keepalive,
      });
      // Any answer but "signed out" means the server saw the person: the timeout warning's
      // clock starts again.
      if (response.status !== 401) document.dispatchEvent(new CustomEvent("ct:server-seen"));
      answer = await response.json();
    } catch {
      if (!response) {
        say("Not saved: we could not reach the website. We will try again, or use the Save button.");
        return;
      }
    }
    if (response.ok && answer.version) {
      version.value = answer.version;
      saved = current;
      say(`Saved at ${answer.saved_at}`);
    } else if (answer.conflict) {
      // Stop here: every further save would be set aside too.
      stopped = true;
      say("Not saved: a colleague saved this application after you opened it. Your version is kept.", {
        href: answer.conflict,
        text: "Compare your version with the saved one",
      });
    } else if (answer.signed_out) {
      // Signed out after an hour with nothing sent (commissioning/idle.py): nothing more can be saved.
      stopped = true;
      say("Not saved: you were signed out. Copy what you typed, then sign in again and paste it back.", {
        href: answer.sign_in,
        text: "Sign in again",
      });
    } else if (answer.errors) {
      refused = current;
      say(`Not saved yet: ${Object.values(answer.errors).join(" ")}`);
    } else {
      stopped = true;
      say("Not saved automatically. Use the Save button to save your work and see why.");
    }
  }

  // One save at a time, in order, so each is based on the version the last one returned.
  function save(keepalive = false) {
    if (stopped || submitting) return queue;
    inFlight += 1;
    queue = queue
      .then(() => saveNow(keepalive))
      .catch(() => say("Not saved automatically. Use the Save button to save your work."))
      .finally(() => { inFlight -= 1; });
    return queue;
  }

  // Before the timeout warning signs the person out (static/js/session-timeout.js).
  window.ctSaveBeforeSignOut = window.ctSaveBeforeSignOut || [];
  window.ctSaveBeforeSignOut.push(() => save());

  form.addEventListener("focusout", (event) => {
    if (event.target.matches("textarea, input:not([type=hidden])")) save();
  });
  window.setInterval(() => save(), INTERVAL_MS);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") save(true);
  });

  // A Save button pressed while a save is on its way: wait for it, so the form carries
  // the version that save returned and is not set aside as a conflict with itself.
  form.addEventListener("submit", (event) => {
    if (submitting) return;
    submitting = true;
    if (inFlight === 0) return;
    event.preventDefault();
    const button = event.submitter;
    queue.finally(() => form.requestSubmit(button));
  });
  // Back to this page from the next one (the browser's back-forward cache): saving again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) submitting = false;
  });
}

for (const form of document.querySelectorAll("form[data-autosave]")) {
  autosave(form);
}
