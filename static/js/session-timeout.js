// The timeout warning (the GOV.UK/DWP pattern): a signed-in session ends after a while with nothing
// done (commissioning/idle.py). Shortly before, a modal dialog says so, with "Stay signed in" and
// "Sign out now". Focus moves into it and back to where it was; the countdown is heard once a
// minute, not every second. At the end, and on "Sign out now", the page's work is saved first:
// scripts register a saver in `window.ctSaveBeforeSignOut` (autosave.js does), and a form marked
// `data-save-before-timeout="name=value"` is sent with that button pressed (the score sheet's
// "Save as draft"). Tabs of the same browser share the clock, so a tab left open does not end a
// session that another tab is using. Without JavaScript the server still ends the session.

const dialog = document.getElementById("session-timeout");
window.ctSaveBeforeSignOut = window.ctSaveBeforeSignOut || [];
const SHARED_KEY = "ct-session-last-seen";
const SAVE_AT_MOST_MS = 8000;

function words(seconds) {
  if (seconds > 60) return `${Math.ceil(seconds / 60)} minutes`;
  if (seconds === 60) return "1 minute";
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

function spokenWords(seconds) {
  // What a screen reader hears: whole minutes, then "less than a minute".
  return seconds >= 60 ? words(Math.ceil(seconds / 60) * 60) : "less than a minute";
}

function sharedLastSeen() {
  try {
    return Number(window.localStorage.getItem(SHARED_KEY)) || 0;
  } catch {
    return 0;
  }
}

function shareLastSeen(at) {
  try {
    window.localStorage.setItem(SHARED_KEY, String(at));
  } catch {
    // Private browsing may refuse storage: this tab keeps its own clock.
  }
}

// Typed into a form that neither autosave nor the warning can send (a comment, a message): the
// warning says so, so the person can stay and save it themselves.
function unsavedElsewhere() {
  return [...document.querySelectorAll("main form:not([data-autosave]):not([data-save-before-timeout])")].some((form) =>
    [...form.elements].some(
      (field) => (field.matches("textarea, input[type=text], input:not([type])") && field.value !== field.defaultValue),
    ),
  );
}

// What each such form held when the page arrived: one left as it was is not sent (a score sheet
// never opened for scoring does not become an empty draft).
const asArrived = new Map(
  [...document.querySelectorAll("form[data-save-before-timeout]")].map((form) => [form, snapshot(form)]),
);

function snapshot(form) {
  const data = new FormData(form);
  data.delete("csrfmiddlewaretoken");
  return JSON.stringify([...data.entries()]);
}

async function saveEverything() {
  const savers = [...window.ctSaveBeforeSignOut];
  for (const [form, arrived] of asArrived) {
    if (snapshot(form) === arrived) continue;
    savers.push(() => {
      const data = new FormData(form);
      const [name, value] = form.dataset.saveBeforeTimeout.split("=");
      data.set(name, value);
      return fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
      });
    });
  }
  const limit = new Promise((resolve) => window.setTimeout(resolve, SAVE_AT_MOST_MS));
  await Promise.race([Promise.allSettled(savers.map((save) => save())), limit]);
}

function start() {
  const warnAfter = Number(dialog.dataset.warnAfter) * 1000;
  const endAfter = Number(dialog.dataset.endAfter) * 1000;
  const heading = dialog.querySelector("h2");
  const countdown = dialog.querySelector("[data-countdown]");
  const spoken = dialog.querySelector("[data-countdown-spoken]");
  const announce = dialog.querySelector("[data-announce]");
  const signOut = dialog.querySelector("form[data-sign-out]");
  const token = signOut.querySelector("[name=csrfmiddlewaretoken]").value;
  let lastSeen = Date.now();
  let timer = null;
  let ticker = null;
  let returnFocusTo = null;
  let lastSpoken = "";
  let ending = false;

  function schedule(at) {
    lastSeen = Math.max(at, sharedLastSeen());
    window.clearTimeout(timer);
    timer = window.setTimeout(warn, Math.max(0, lastSeen + warnAfter - Date.now()));
  }

  function seen(at = Date.now()) {
    shareLastSeen(at);
    schedule(at);
  }

  function secondsLeft() {
    return Math.max(0, Math.ceil((lastSeen + endAfter - Date.now()) / 1000));
  }

  function warn() {
    // Another tab of this browser may have been used since: then it is not time yet.
    if (sharedLastSeen() > lastSeen) return schedule(sharedLastSeen());
    if (!dialog.open) {
      dialog.querySelector("[data-not-saved]").hidden = !unsavedElsewhere();
      returnFocusTo = document.activeElement;
      dialog.showModal();
      heading.focus();
      lastSpoken = "";
    }
    tick();
    window.clearInterval(ticker);
    ticker = window.setInterval(tick, 1000);
  }

  function tick() {
    if (sharedLastSeen() > lastSeen) return close(sharedLastSeen());
    const left = secondsLeft();
    countdown.textContent = words(left);
    spoken.textContent = spokenWords(left);
    const sentence = `We will sign you out in ${spokenWords(left)}.`;
    if (sentence !== lastSpoken) {
      announce.textContent = sentence;
      lastSpoken = sentence;
    }
    if (left <= 0) end(true);
  }

  function close(at) {
    window.clearInterval(ticker);
    if (dialog.open) dialog.close();
    if (returnFocusTo && document.contains(returnFocusTo)) returnFocusTo.focus();
    returnFocusTo = null;
    announce.textContent = "";
    schedule(at);
  }

  async function stay() {
    let response;
    try {
      response = await fetch(dialog.dataset.extendUrl, {
        method: "POST",
        headers: { "X-CSRFToken": token, "X-Requested-With": "XMLHttpRequest", Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch {
      announce.textContent = "We could not reach the website. Check your connection and press Stay signed in again.";
      return;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.ok && answer.seconds_left) {
      shareLastSeen(Date.now());
      close(Date.now());
    } else {
      // Already signed out (by the server, or from another tab): go and sign in again.
      window.location.assign(answer.sign_in || dialog.querySelector("[data-timed-out-next]").value);
    }
  }

  async function end(timedOut) {
    if (ending) return;
    ending = true;
    window.clearInterval(ticker);
    window.clearTimeout(timer);
    announce.textContent = "Saving your work, then signing you out.";
    await saveEverything();
    if (timedOut) signOut.querySelector("[data-timed-out-next]").disabled = false;
    signOut.submit();
  }

  dialog.querySelector("[data-stay]").addEventListener("click", stay);
  // Escape closes the warning as "Stay signed in" does.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });
  signOut.addEventListener("submit", (event) => {
    event.preventDefault();
    end(false);
  });
  // A request made by this page without reloading it (autosave) moves the server's clock on too.
  document.addEventListener("ct:server-seen", () => {
    if (!dialog.open && !ending) seen();
  });
  window.addEventListener("storage", (event) => {
    if (event.key !== SHARED_KEY || ending) return;
    if (dialog.open) close(Number(event.newValue));
    else schedule(Number(event.newValue));
  });
  seen();
}

if (dialog && typeof dialog.showModal === "function") start();
