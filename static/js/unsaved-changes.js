// "You have not saved this": the browser asks before leaving a page whose form marked
// `data-warn-unsaved` holds something typed or chosen since the page arrived, unless the form
// is being sent. An enhancement: without JavaScript nothing is asked, and nothing else changes.
function snapshot(form) {
  const data = new FormData(form);
  data.delete("csrfmiddlewaretoken");
  return JSON.stringify([...data.entries()]);
}

for (const form of document.querySelectorAll("form[data-warn-unsaved]")) {
  const asArrived = snapshot(form);
  let sending = false;
  form.addEventListener("submit", () => {
    sending = true;
  });
  window.addEventListener("beforeunload", (event) => {
    if (sending || snapshot(form) === asArrived) return;
    event.preventDefault();
    event.returnValue = ""; // Chromium still asks for this; the browser shows its own words.
  });
}
