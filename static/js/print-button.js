// "Print your answers" and "Print this sheet": a button that opens the browser's print dialog.
// Without JavaScript the button stays hidden (the browser's own Print still works, with the same
// print styles), so nobody is offered a button that does nothing.
for (const button of document.querySelectorAll("button[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
