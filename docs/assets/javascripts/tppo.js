/* Kerja Aman, trafficking pages. Only an enhancement: both pages work fully without it.
   - Quick exit: leave for the neutral site and take this page out of the tab's Back history.
   - Offer checklist: count the warning signs and show the advice that fits.
   Every word shown comes from the page (data-* attributes), so it is in the page's language.
   Nothing is stored (no cookies, no storage) and nothing is sent: there is no request at all. */
(function () {
  "use strict";

  var hasExit = !!document.querySelector("a[data-ka-exit]");

  document.addEventListener("click", function (event) {
    if (!hasExit || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link) { return; }
    if (link.hasAttribute("data-ka-exit")) {
      event.preventDefault();
      window.location.replace(link.href);
      return;
    }
    // A jump inside this page would add an entry to Back that still shows this page, even after the
    // quick exit: move without adding one.
    var hash = link.getAttribute("href");
    var target = hash.charAt(0) === "#" && hash.length > 1 ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
    if (target) {
      event.preventDefault();
      window.history.replaceState(window.history.state, "", hash);
      target.scrollIntoView();
    }
  });

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? String(values[key]) : whole;
    });
  }

  function paragraph(text) {
    var p = document.createElement("p");
    p.textContent = text;
    return p;
  }

  function update(form) {
    var result = form.querySelector(".ka-cek__result");
    var items = form.querySelectorAll(".ka-cek__item");
    var danger = [];
    var open = 0;
    items.forEach(function (item) {
      var checked = item.querySelector("input[type=radio]:checked");
      var state = !checked ? "open" : (checked.value === item.getAttribute("data-danger") ? "danger" : "ok");
      item.setAttribute("data-state", state);
      item.querySelector(".ka-cek__flag").hidden = state !== "danger";
      if (state === "open") { open += 1; }
      if (state === "danger") { danger.push(item); }
    });
    var total = items.length;
    result.textContent = "";
    result.hidden = open === total;
    if (result.hidden) { return; }
    var title = paragraph(result.getAttribute("data-title"));
    title.className = "ka-cek__result-title";
    result.appendChild(title);
    result.appendChild(paragraph(fill(result.getAttribute("data-count"), { n: danger.length, total: total })));
    if (open > 0) {
      result.appendChild(paragraph(fill(result.getAttribute("data-open"), { n: open, total: total })));
    }
    if (danger.length > 0) {
      result.appendChild(paragraph(result.getAttribute("data-some")));
      result.appendChild(paragraph(result.getAttribute("data-list")));
      var list = document.createElement("ul");
      danger.forEach(function (item) {
        var link = document.createElement("a");
        link.href = "#" + item.id;
        link.textContent = item.querySelector(".ka-cek__q").textContent;
        var entry = document.createElement("li");
        entry.appendChild(link);
        list.appendChild(entry);
      });
      result.appendChild(list);
    } else if (open === 0) {
      result.appendChild(paragraph(result.getAttribute("data-none")));
    }
    result.setAttribute("data-danger-count", String(danger.length));
  }

  document.querySelectorAll("form[data-ka-cek]").forEach(function (form) {
    form.classList.add("ka-cek--js");
    form.addEventListener("change", function () { update(form); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    // The reset button clears the radios after this event; count once they are cleared.
    form.addEventListener("reset", function () { window.setTimeout(function () { update(form); }, 0); });
    update(form);
  });
})();
