/* Kerja Aman: the "Print this page" button. Without JavaScript the page shows a link to the printing
   instructions instead; with it, the button opens the browser's print dialog. */
(function () {
  "use strict";
  if (typeof window.print !== "function") return;
  var buttons = document.querySelectorAll("[data-ka-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { window.print(); });
  }
  var links = document.querySelectorAll("[data-ka-print-howto]");
  for (var j = 0; j < links.length && buttons.length; j++) links[j].hidden = true;
})();
