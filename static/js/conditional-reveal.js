// GOV.UK's conditional reveal for radios, without the aria-expanded that GOV.UK Frontend 5 puts
// on each radio (ARIA does not allow it there; axe fails it: govuk-frontend issue 979).
//
// Mark the radios' wrapper with data-ct-reveal and each radio that opens a box with
// data-ct-controls="<the box's id>"; give the box the govuk-radios__conditional class. Without
// JavaScript every box shows and the form still works.
document.querySelectorAll("[data-ct-reveal]").forEach(function (group) {
  var inputs = group.querySelectorAll("input[type=radio]");
  function sync() {
    inputs.forEach(function (input) {
      var box = input.dataset.ctControls && document.getElementById(input.dataset.ctControls);
      if (box) { box.classList.toggle("govuk-radios__conditional--hidden", !input.checked); }
    });
  }
  inputs.forEach(function (input) {
    if (input.dataset.ctControls) { input.setAttribute("aria-controls", input.dataset.ctControls); }
    input.addEventListener("change", sync);
  });
  // Coming back with the browser's Back button restores the choice; show the right box.
  window.addEventListener("pageshow", sync);
  sync();
});
