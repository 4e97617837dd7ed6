/* Kerja Aman: offline reading. Progressive enhancement only: every page works without it.
 * Registers the service worker (site root, both languages), keeps the page the reader is on, and
 * drives the "Simpan untuk offline / Save for offline" button (overrides/partials/ka/actions-offline.html).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || location.protocol === "file:" || !("serviceWorker" in navigator) || !("caches" in window)) {
    return;
  }
  var root = new URL("../../", script.src);
  var controlled = Boolean(navigator.serviceWorker.controller);

  function keep(registration, urls, onProgress) {
    var channel = new MessageChannel();
    channel.port1.onmessage = function (event) {
      if (onProgress) onProgress(event.data);
    };
    registration.active.postMessage({ type: "keep", urls: urls }, [channel.port2]);
  }

  function loadedHere() {
    var urls = [location.href.split("#")[0]];
    performance.getEntriesByType("resource").forEach(function (entry) {
      if (entry.name.indexOf(root.href) === 0) urls.push(entry.name);
    });
    return urls;
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  function kilobytes(bytes) {
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function setUpButton(box, registered) {
    var button = box.querySelector("button");
    var status = box.querySelector("[role=status]");
    var manifest = null;
    button.addEventListener("click", function () {
      if (!manifest) {
        button.disabled = true;
        fetch(new URL(box.getAttribute("data-ka-offline"), location.href).href).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        }).then(function (data) {
          manifest = data;
          var size = kilobytes(data.gzip);
          status.textContent = fill(box.getAttribute("data-size"), { n: data.pages, size: size });
          button.textContent = fill(box.getAttribute("data-confirm"), { size: size });
          button.disabled = false;
        }).catch(function () {
          status.textContent = box.getAttribute("data-failed");
          button.disabled = false;
        });
        return;
      }
      button.disabled = true;
      var urls = manifest.files.map(function (file) { return new URL(file.url, root).href; });
      registered.then(function (registration) {
        keep(registration, urls, onProgress);
      }, function () {
        status.textContent = box.getAttribute("data-failed");
        button.disabled = false;
      });
      function onProgress(progress) {
        if (progress.done < progress.total) {
          status.textContent = fill(box.getAttribute("data-progress"), { n: progress.done, total: progress.total });
        } else if (progress.failed) {
          status.textContent = box.getAttribute("data-failed");
          button.disabled = false;
        } else {
          status.textContent = fill(box.getAttribute("data-done"), { n: manifest.pages });
          box.setAttribute("data-saved", "");
        }
      }
    });
  }

  var registered = new Promise(function (resolve, reject) {
    function start() {
      navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href })
        .then(function () { return navigator.serviceWorker.ready; })
        .then(function (registration) {
          // The first page of a visit loaded before the worker existed: keep it (mostly from the HTTP cache).
          if (!controlled) keep(registration, loadedHere());
          resolve(registration);
        })
        .catch(reject); // no offline reading; the page works as it is
    }
    // When the browser is idle: the worker never competes with the page for the CPU, and the network is
    // free too (this script comes after the page's stylesheets). Not in a "load" listener: the first
    // layout of a long page runs in that same task, which then counts as ours (Lighthouse's blocking time).
    if (window.requestIdleCallback) window.requestIdleCallback(start, { timeout: 2000 });
    else window.setTimeout(start, 1000);
  });
  registered.catch(function () {});

  // The box takes its place as soon as this script runs, but is only seen once the worker is ready: a
  // late change of layout makes the page look slower to load (Lighthouse's speed index counts it), a change
  // of visibility does not. Where no worker can start, the box goes away again.
  var box = document.querySelector("[data-ka-offline]");
  if (box) {
    box.style.visibility = "hidden";
    box.hidden = false;
    setUpButton(box, registered);
    registered.then(function () { box.style.visibility = ""; }, function () { box.hidden = true; });
  }
})();
