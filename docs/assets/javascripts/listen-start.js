/* Kerja Aman: the "Dengarkan halaman ini / Listen to this page" button (overrides/partials/ka/listen.html).
 * It shows only where the browser can speak the page's language: speechSynthesis and a voice for it (Chrome
 * gives its voices late, with "voiceschanged"). The reader itself, listen.js, loads on the first tap.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-ka-listen]");
  var speech = window.speechSynthesis;
  if (!box || !speech || !window.SpeechSynthesisUtterance) return;
  var api = window.kaListen = {
    // The best voice for a language ("id", "en-GB"): one on the phone itself first (it works offline).
    // Android may still call Indonesian by its old code "in".
    voice: function (lang) {
      var want = String(lang).toLowerCase().split(/[-_]/)[0];
      var voices = speech.getVoices() || [];
      var best = null;
      for (var i = 0; i < voices.length; i++) {
        var code = String(voices[i].lang).toLowerCase().split(/[-_]/)[0];
        if ((code === want || (want === "id" && code === "in")) && (!best || (voices[i].localService && !best.localService))) {
          best = voices[i];
        }
      }
      return best;
    }
  };
  var lang = document.documentElement.lang || "id";

  function reveal() {
    if (box.hidden && api.voice(lang)) box.hidden = false;
  }
  reveal();
  if (speech.addEventListener) speech.addEventListener("voiceschanged", reveal);
  else speech.onvoiceschanged = reveal;

  box.querySelector("[data-ka-listen-play]").addEventListener("click", function () {
    if (api.toggle) return api.toggle();
    if (api.loading) return;
    api.loading = true;
    // Safari speaks only when the first utterance starts inside the tap itself: an empty one, now.
    speech.speak(new window.SpeechSynthesisUtterance(""));
    var script = document.createElement("script");
    script.src = box.getAttribute("data-src");
    script.onload = function () { if (api.toggle) api.toggle(); };
    script.onerror = function () { api.loading = false; };
    document.body.appendChild(script);
  });
})();
