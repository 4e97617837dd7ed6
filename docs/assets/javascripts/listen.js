/* Kerja Aman: reads the page aloud with the phone's own voice (speechSynthesis). Loaded by listen-start.js
 * on the first tap of "Dengarkan halaman ini / Listen to this page"; not part of the page's first view.
 *
 * - What is read: the page's article in reading order (headings, paragraphs, list items, contact names,
 *   numbers, notes). Not read: permalink signs, the quick-exit link, the source lists, the buttons and boxes
 *   under the text, icons and images, and whatever is not shown on screen (hidden, print-only copies).
 * - Phone numbers are read digit by digit in their groups: "0800-1000" is "0 8 0 0, 1 0 0 0".
 * - One utterance per sentence (Chrome on Android stops long ones). The sentence's element is highlighted
 *   (class ka-listen-now) and scrolled into view.
 * - Pause stops the sentence and Resume says it again from its start: speechSynthesis.pause() does not work
 *   on Android. Reading stops when the reader leaves the page. "Slower" (0.8x) is kept in localStorage.
 */
(function () {
  "use strict";
  var api = window.kaListen;
  var speech = window.speechSynthesis;
  var box = document.querySelector("[data-ka-listen]");
  var article = box && box.closest("article");
  if (!api || !speech || !article) return;
  // The words of the controls this script adds, per language, the site's default language first: the build
  // writes them in from overrides/strings/<language>.yml ('listen:'), see overrides/hooks/listen.py. The first
  // button's words come with the page (overrides/partials/ka/listen.html).
  var WORDS = {};
  var words = WORDS[document.documentElement.lang.split("-")[0]] || WORDS[Object.keys(WORDS)[0]];
  var play = box.querySelector("[data-ka-listen-play]");
  var label = play.querySelector(".ka-listen__label");
  var listenWords = label.textContent;
  var stopButton = document.createElement("button");
  stopButton.type = "button";
  stopButton.className = "ka-listen__button";
  stopButton.setAttribute("data-ka-listen-stop", "");
  stopButton.textContent = words.stop;
  stopButton.hidden = true;
  var slowLabel = document.createElement("label");
  slowLabel.className = "ka-listen__slow";
  var slow = document.createElement("input");
  slow.type = "checkbox";
  slow.setAttribute("data-ka-listen-slow", "");
  slowLabel.appendChild(slow);
  slowLabel.appendChild(document.createTextNode(" " + words.slow));
  box.appendChild(stopButton);
  box.appendChild(slowLabel);
  var KEY = "ka-listen-slow";
  var SKIP = ".headerlink, .md-skip, .ka-listen, .ka-exit, .ka-print-header, .ka-sources, .ka-contact__sources, " +
    ".ka-actions, .ka-reviewed, [aria-hidden=true], script, style, template, noscript, svg, img, picture, " +
    "video, audio, iframe, input, select, textarea, button";
  var NUMBER = ".ka-tel__number";
  // A number in running text: it starts with "+" or "0" and has 6 digits or more ("0800-1000").
  var IN_TEXT = /(?:\+|\b0)\d[\d\s-]{4,}\d/g;
  var sentences = [];
  var at = 0;
  var current = null;
  var state = "idle";  // idle, playing, paused
  var failures = 0;

  function shown(el) {
    var style = window.getComputedStyle(el);
    return style.display !== "none" && style.visibility !== "hidden";
  }

  function skipped(el) {
    if (el.matches(SKIP) || !shown(el)) return true;
    // A contact's "Sumber / Sources" term, whose description is its source list.
    var next = el.nextElementSibling;
    return el.tagName === "DT" && Boolean(next && next.matches(".ka-contact__sources"));
  }

  function spell(number) {
    var groups = number.match(/\+|\d+/g) || [];
    var words = [];
    var plus = false;
    groups.forEach(function (group) {
      if (group === "+") { plus = true; return; }
      // Long groups in fours, as people say them: 081234567890 is "0 8 1 2, 3 4 5 6, 7 8 9 0".
      group.match(/\d{1,4}/g).forEach(function (part) {
        words.push((plus ? "plus " : "") + part.split("").join(" "));
        plus = false;
      });
    });
    return words.join(", ");
  }

  function spellInText(text) {
    return text.replace(IN_TEXT, function (found) {
      return found.replace(/\D/g, "").length >= 6 ? spell(found) + "," : found;
    });
  }

  // Part of the sentence around it: inline elements, and text for screen readers only (".ka-vh", placed
  // out of the flow), as in 'Tidak (tanda bahaya)'.
  function inline(el) {
    var style = window.getComputedStyle(el);
    return /^inline|^contents$/.test(style.display) || style.position === "absolute";
  }

  // The text of `el` as units {el, text} in reading order: every element laid out as a block (paragraph, list
  // item, heading, cell, label …) is a unit of its own, highlighted as a whole. Returns the unit that goes on
  // after `el`'s content.
  function collect(el, unit, units) {
    for (var node = el.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) {
        unit.text += spellInText(node.data);
      } else if (node.nodeType === 1 && !skipped(node)) {
        if (node.matches(NUMBER) || (node.matches("a[href^='tel:']") && /^[\d\s+()-]+$/.test(node.textContent))) {
          unit.text += " " + spell(node.textContent) + ". ";
        } else if (inline(node)) {
          unit = collect(node, unit, units);
        } else {
          units.push(unit);
          units.push(collect(node, { el: node, text: "" }, units));
          unit = { el: unit.el, text: "" };
        }
      }
    }
    return unit;
  }

  function split(units) {
    var out = [];
    units.forEach(function (unit) {
      var lang = (unit.el.closest("[lang]") || document.documentElement).lang;
      unit.text.replace(/\s+/g, " ")
        // A new sentence after . ! ? … when a capital letter, a quote or a bracket follows; not after a
        // short abbreviation ("Jl. Sudirman", "No. 5").
        .replace(/(\S*?)([.!?…]["”’)]*) (?=["“‘(]?[A-ZÀ-Þ])/g, function (all, word, end) {
          return end === "." && /^[A-Z][a-z]{0,2}$/.test(word) ? all : word + end + "\n";
        })
        .split("\n").forEach(function (text) {
          text = text.replace(/^[\s,]+|[\s,]+$/g, "");
          if (/[0-9A-Za-zÀ-ÿ]/.test(text)) out.push({ el: unit.el, text: text, lang: lang });
        });
    });
    return out;
  }

  function mark(el) {
    var old = article.querySelectorAll(".ka-listen-now");
    for (var i = 0; i < old.length; i++) if (old[i] !== el) old[i].classList.remove("ka-listen-now");
    if (!el || el === article) return;
    el.classList.add("ka-listen-now");
    var rect = el.getBoundingClientRect();
    // The buttons stay in view at the top while reading (listen.css): the sentence must not hide under them.
    if (rect.top < box.getBoundingClientRect().bottom || rect.bottom > window.innerHeight) {
      var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      el.scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
    }
  }

  function show(next) {
    state = next;
    label.textContent = state === "playing" ? words.pause : state === "paused" ? words.resume : listenWords;
    stopButton.hidden = state === "idle";
    box.classList.toggle("ka-listen--on", state !== "idle");
  }

  function speak() {
    if (at >= sentences.length) return stop();
    var sentence = sentences[at];
    var utterance = new SpeechSynthesisUtterance(sentence.text);
    var voice = api.voice(sentence.lang) || api.voice(document.documentElement.lang);
    utterance.lang = voice ? voice.lang : sentence.lang;
    if (voice) utterance.voice = voice;
    utterance.rate = slow.checked ? 0.8 : 1;
    utterance.onend = function () {
      if (current !== utterance) return;
      failures = 0;
      at += 1;
      speak();
    };
    utterance.onerror = function (event) {
      // "interrupted"/"canceled": we stopped it ourselves. Another error skips the sentence; three in a row
      // (the voice does not work) stop the reading.
      if (current !== utterance || /interrupted|canceled/.test(event.error || "")) return;
      failures += 1;
      at += 1;
      if (failures >= 3) stop();
      else speak();
    };
    current = utterance;
    mark(sentence.el);
    speech.speak(utterance);
  }

  function halt() {
    current = null;
    speech.cancel();
  }

  function stop() {
    halt();
    at = 0;
    mark(null);
    show("idle");
  }

  api.toggle = function () {
    if (state === "playing") {
      halt();
      show("paused");
      return;
    }
    if (state === "idle") {
      var units = [];
      units.push(collect(article, { el: article, text: "" }, units));
      sentences = split(units);
      at = 0;
    }
    halt();
    show("playing");
    speak();
  };

  try { slow.checked = window.localStorage.getItem(KEY) === "1"; } catch (error) { /* no storage: normal speed */ }
  slow.addEventListener("change", function () {
    try { window.localStorage.setItem(KEY, slow.checked ? "1" : "0"); } catch (error) { /* not kept */ }
    if (state === "playing") { halt(); speak(); }  // the sentence again, at the new speed
  });
  stopButton.addEventListener("click", stop);
  window.addEventListener("pagehide", stop);
})();
