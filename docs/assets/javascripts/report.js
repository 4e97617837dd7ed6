/* Kerja Aman: the report page (/lapor/). Its channel links work without JavaScript; this only adds the page
   or the contact the reader came from (?halaman=… or ?kontak=…), so the report says what it is about. */
(function () {
  "use strict";
  var links = document.querySelectorAll("a[data-ka-report]");
  if (!links.length || typeof URLSearchParams !== "function") return;
  var query = new URLSearchParams(window.location.search);
  var page = (query.get("halaman") || "").slice(0, 300);
  var contact = (query.get("kontak") || "").replace(/[^a-z0-9-]/g, "").slice(0, 60);
  if (page && !/^https?:\/\//.test(page)) page = "";
  if (!page && !contact) return;
  var about = contact ? "kontak " + contact + (page ? ", " + page : "") : page;
  for (var i = 0; i < links.length; i++) {
    var link = links[i], kind = link.getAttribute("data-ka-report");
    try {
      var url = new URL(link.href);
      if (kind === "github") {
        if (page) url.searchParams.set("halaman", page);
        if (contact) url.searchParams.set("kontak", contact);
      } else {
        var key = kind === "email" ? "body" : "text";
        url.searchParams.set(key, (url.searchParams.get(key) || "") + ": " + about);
      }
      link.href = url.toString();
    } catch (error) { /* leave the plain link */ }
  }
  var shown = document.querySelector("[data-ka-report-about]");
  if (shown) {
    shown.querySelector("span").textContent = about;
    shown.hidden = false;
  }
})();
