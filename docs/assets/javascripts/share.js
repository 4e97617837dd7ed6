// Copy the forwardable message: shows the "Copy message" button, which is hidden when JavaScript is off.
(function () {
  "use strict";

  function copyText(element) {
    var text = element.innerText.trim();
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Older Android browsers and http pages: select the text and use the legacy copy command.
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var copied = document.execCommand && document.execCommand("copy");
    return copied ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  document.querySelectorAll("button[data-ka-copy]").forEach(function (button) {
    var message = document.getElementById(button.getAttribute("data-ka-copy"));
    var status = button.parentNode.querySelector(".ka-share__status");
    if (!message) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(message).then(function () {
        status.textContent = button.getAttribute("data-ka-copied");
      }, function () {
        status.textContent = button.getAttribute("data-ka-failed");
      });
    });
  });
})();
