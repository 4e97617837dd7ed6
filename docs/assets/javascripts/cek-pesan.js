/* Kerja Aman, message check (/tppo/cek-pesan/ only; overrides/hooks/offer_check.py adds it to that page).
   The reader pastes a recruiter's message; this lists the warning signs whose patterns it contains.
   The rules are in the page (each sign of the list carries its patterns, from docs/_data/offer-signs.*.yml),
   and every word shown comes from the page, so it is in the page's language.
   Private: nothing is sent (no request at all), nothing is stored, the address does not change.
   Never a verdict of "safe": with no sign found, the page says so and that the company must still be checked.
   Contract for tests: results in [data-offer-results]; one [data-sign="<heading id on /tppo/>"] per sign found. */
(function () {
  "use strict";

  // The box is in the page and the list of signs is hidden (without JavaScript, offer-nojs.css swaps them):
  // nothing on the page moves until the reader taps the button.
  var box = document.querySelector("[data-offer-check]");
  var list = document.querySelector("[data-offer-signs]");
  if (!box || !list) { return; }
  var form = box.querySelector("[data-offer-form]");
  var field = form.querySelector("textarea");
  var results = box.querySelector("[data-offer-results]");
  // The help box (numbers from contacts.yml) and the checklist link: every result ends with them.
  var end = document.querySelector("[data-offer-end]");

  function regexes(json) {
    return JSON.parse(json || "[]").map(function (source) { return new RegExp(source, "gi"); });
  }

  var rules = Array.prototype.map.call(list.querySelectorAll("li[data-rule]"), function (item) {
    var link = item.querySelector("a");
    return {
      sign: item.getAttribute("data-rule"),
      patterns: regexes(item.getAttribute("data-patterns")),
      unless: regexes(item.getAttribute("data-unless")),
      href: link.getAttribute("href"),
      title: link.textContent,
      why: item.querySelector("span").textContent
    };
  });

  // Every [start, end) where one of the regexes matches the text.
  function spans(text, patterns) {
    var found = [];
    patterns.forEach(function (pattern) {
      var match;
      pattern.lastIndex = 0;
      while ((match = pattern.exec(text)) !== null) {
        if (match[0].length === 0) { pattern.lastIndex += 1; continue; }
        found.push([match.index, match.index + match[0].length]);
      }
    });
    return found;
  }

  function overlaps(span, others) {
    return others.some(function (other) { return span[0] < other[1] && other[0] < span[1]; });
  }

  // The hits of each rule, without those inside lawful wording ("unless").
  function check(text) {
    var found = [];
    rules.forEach(function (rule) {
      var lawful = spans(text, rule.unless);
      var hits = spans(text, rule.patterns).filter(function (span) { return !overlaps(span, lawful); });
      if (hits.length) { found.push({ rule: rule, hits: hits }); }
    });
    return found;
  }

  function element(name, text, className) {
    var node = document.createElement(name);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function words(text, hits) {
    var seen = [];
    hits.forEach(function (span) {
      var word = text.slice(span[0], span[1]).replace(/\s+/g, " ").trim();
      if (word && seen.indexOf(word) < 0) { seen.push(word); }
    });
    return seen.map(function (word) { return "\u201c" + word + "\u201d"; }).join(", ");
  }

  // The message as plain text, with every hit in <mark> (overlapping hits joined).
  function marked(text, found) {
    var all = [];
    found.forEach(function (sign) { all = all.concat(sign.hits); });
    all.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    all.forEach(function (span) {
      var last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) { last[1] = Math.max(last[1], span[1]); } else { merged.push(span.slice()); }
    });
    var message = element("div", "", "ka-offer__message");
    var at = 0;
    merged.forEach(function (span) {
      message.appendChild(document.createTextNode(text.slice(at, span[0])));
      message.appendChild(element("mark", text.slice(span[0], span[1])));
      at = span[1];
    });
    message.appendChild(document.createTextNode(text.slice(at)));
    return message;
  }

  function say(key, n) {
    return results.getAttribute("data-" + key).replace("{n}", String(n));
  }

  function show(text) {
    results.textContent = "";
    results.hidden = false;
    if (!text.trim()) {
      results.appendChild(element("p", say("empty"), "ka-offer__summary"));
    } else {
      var found = check(text);
      results.setAttribute("data-found-count", String(found.length));
      results.appendChild(element("p", found.length ? say("found", found.length) : say("none"), "ka-offer__summary"));
      if (found.length) {
        var signs = element("ul", "", "ka-offer__found");
        found.forEach(function (sign) {
          var item = element("li", "", "ka-offer__sign");
          item.setAttribute("data-sign", sign.rule.sign);
          var title = element("a", sign.rule.title, "ka-offer__title");
          title.href = sign.rule.href;
          item.appendChild(title);
          item.appendChild(element("p", say("words") + " " + words(text, sign.hits), "ka-offer__words"));
          item.appendChild(element("p", sign.rule.why, "ka-offer__why"));
          signs.appendChild(item);
        });
        results.appendChild(signs);
        results.appendChild(element("p", say("marked"), "ka-offer__marked"));
        results.appendChild(marked(text, found));
      }
    }
    if (end) { results.appendChild(end); }
    results.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(field.value);
  });
})();
