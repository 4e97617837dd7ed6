/* Kerja Aman: Material's JavaScript (about 35 KB gzipped) only when a reader asks for search.
 *
 * Every page is complete without it: the drawer, the navigation and the language link are plain HTML
 * and CSS. Its only job we need is search, so it is loaded when the reader taps or focuses the search
 * box, or presses Material's search keys ("/", "s", "f"). The page stays light (first view and Lighthouse).
 * Material starts on DOMContentLoaded, which has passed by then: the listener it registers while
 * loading is called once it has loaded.
 * A tap on search (or "/", "s", "f") focuses the box at once, as Material does: letters typed before it
 * has loaded land there, and Material searches them when its search worker is ready.
 * Before it starts, the <link rel="alternate" hreflang> elements leave the live page (search engines read
 * them in the HTML): for each of them Material fetches "<href>/sitemap.xml" (a page address, so always
 * missing: two failed requests per page) to rewrite clicks on its own language menu, which we replace
 * with a plain link that needs no rewriting.
 */
(function () {
  "use strict";
  var holder = document.getElementById("ka-material");
  if (!holder) return;
  var root = document.documentElement;
  root.classList.add("ka-js");  // phone.css shows the search button and box again
  var input = document.querySelector(".md-search__input");
  var toggle = document.getElementById("__search");
  var loading = false;

  function load() {
    if (loading) return;
    loading = true;
    var listeners = [];
    var add = document.addEventListener;
    document.addEventListener = function (type, listener) {
      if (type === "DOMContentLoaded") listeners.push(listener);
      else add.apply(this, arguments);
    };
    var script = document.createElement("script");
    script.src = holder.getAttribute("data-src");
    script.onload = script.onerror = function () {
      document.addEventListener = add;
      var event = new Event("DOMContentLoaded");
      listeners.forEach(function (listener) {
        if (typeof listener === "function") listener.call(document, event);
        else listener.handleEvent(event);
      });
      if (input && toggle && toggle.checked) input.focus();
    };
    Array.prototype.forEach.call(document.querySelectorAll("link[rel=alternate][hreflang]"), function (link) {
      link.parentNode.removeChild(link);
    });
    document.body.appendChild(script);
  }

  ["pointerdown", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var target = event.target;
      if (target instanceof Element && target.closest("label[for='__search'], .md-search")) load();
    }, true);
  });
  // Material's own handler, until it has loaded.
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (input && target instanceof Element && target.closest(".md-header label[for='__search']")) input.focus();
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") load();
  });
  document.addEventListener("keydown", function (event) {
    var field = event.target instanceof Element && event.target.closest("input, textarea, select, [contenteditable]");
    if (!field && !event.ctrlKey && !event.metaKey && !event.altKey && /^[/sf]$/.test(event.key)) {
      if (toggle) toggle.checked = true;
      if (input) input.focus();
      event.preventDefault();
      load();
    }
  });
})();
