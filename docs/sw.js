/* Kerja Aman service worker: pages a reader opened (or saved) stay readable with no signal.
 *
 * - Addresses that name one exact content (a hash in the file name, or "?v=<hash>", added by
 *   overrides/hooks/phone.py) are served cache-first: they can never change.
 * - Everything else (pages, search index, offline lists) is network-first: the newest copy when
 *   online, the kept copy when not.
 * - A page always loads its styles and scripts by exact-content addresses, so a kept page of an old
 *   build can only ever be shown with the assets of that same build, never with newer ones.
 * - BUILD is stamped by the build (a hash of the whole site): each new build is a new worker with a
 *   new cache. On install it fetches fresh copies of the pages the reader had kept (a page that cannot
 *   be fetched is dropped, never mixed); on activate it deletes the old caches.
 */
const BUILD = "dev";
const ASSETS = [];
const CACHE = "ka-" + BUILD;
const EXACT = /\.[0-9a-f]{8,}\.(?:min\.)?[a-z]+$|[?&]v=[0-9a-f]+$/;
const SCOPE = self.registration.scope;

function exact(url) {
  return EXACT.test(url.pathname + url.search);
}

function local(url) {
  return url.origin === self.location.origin && url.href.startsWith(SCOPE) && !url.pathname.endsWith("/sw.js");
}

async function store(cache, url) {
  const response = await fetch(url);
  if (!response.ok || response.redirected) throw new Error(`${url}: ${response.status}`);
  await cache.put(url, response);
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const kept = new Set();
    for (const key of await caches.keys()) {
      if (!key.startsWith("ka-") || key === CACHE) continue;
      for (const request of await (await caches.open(key)).keys()) {
        if (!exact(new URL(request.url))) kept.add(request.url);
      }
    }
    if (kept.size) {
      await Promise.all(ASSETS.map((asset) => store(cache, new URL(asset, SCOPE).href).catch(() => {})));
      await Promise.all([...kept].map((url) => store(cache, url).catch(() => {})));
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("ka-") && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && !response.redirected) await cache.put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // The offline zip (about 1 MB, for computers) goes straight to the download: never kept on a phone.
  if (request.method !== "GET" || !local(url) || url.pathname.endsWith(".zip")) return;
  event.respondWith(exact(url) ? cacheFirst(request) : networkFirst(request));
});

// {type: "keep", urls: [...]} from offline.js: keep these addresses (this page and what it loaded, or a
// whole language). Progress goes back through the message port: {done, failed, total}.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  const port = event.ports[0];
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    let done = 0;
    let failed = 0;
    for (const address of data.urls) {
      const url = new URL(address, SCOPE);
      url.hash = "";
      try {
        if (!local(url)) throw new Error("not ours");
        if (!(exact(url) && await cache.match(url.href))) await store(cache, url.href);
      } catch (error) {
        failed += 1;
      }
      done += 1;
      if (port) port.postMessage({ done, failed, total: data.urls.length });
    }
  })());
});
