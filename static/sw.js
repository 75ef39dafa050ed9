// Rollout Lab's service worker: the page works offline once loaded.
//
// On install it caches the page (index.html) and every file it names (the hashed JavaScript,
// WebAssembly and stylesheet of this build, the rest of its WebAssembly, the lessons and the
// Chinese words it loads when needed, the sweep worker, the icon and the manifest).
// A page load goes to the network first, so that a new build takes over on the next load, and
// falls back to the cached page when there is no network (so do the lessons and the words,
// whose names stay the same when they change); the build's own files are hashed and
// never change, so they are served from the cache first. Files of builds no longer named by
// the cached page are dropped.
const CACHE = "rollout-lab";
const ALWAYS = ["./", "sweep-worker.js", "register-sw.js", "icon.svg", "manifest.webmanifest"];

/** The same-origin files a page names: `href="/x.css"`, `'/x.js'`, `"/x_bg.wasm"`, `"/lessons/x.yaml"`. */
function named(html) {
  const found = [...html.matchAll(/["'](\/[^"'#?\s]+\.(?:js|wasm|css|svg|png|webmanifest|yaml|txt))["']/g)];
  return [...new Set(found.map((m) => m[1]))];
}

async function cachePage(cache, response) {
  const html = await response.clone().text();
  await cache.put("./", response);
  const files = named(html);
  await Promise.all(files.map((f) => cache.match(f).then((hit) => hit || cache.add(f))));
  // Drop what the page no longer names (an older build's files).
  const keep = new Set([...files, ...ALWAYS].map((f) => new URL(f, self.location).href));
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(ALWAYS.slice(1));
      await cachePage(cache, await fetch("./", { cache: "no-store" }));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            event.waitUntil(caches.open(CACHE).then((cache) => cachePage(cache, copy)));
          }
          return response;
        })
        .catch(() => caches.match("./")),
    );
    return;
  }
  // A lesson or the words keep their name when their text changes: the network first, the
  // copy kept when there is none.
  if (/\.(?:yaml|txt)$/.test(new URL(request.url).pathname)) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
          }
          return response;
        })
        .catch(() => caches.match(request).then((hit) => hit || Response.error())),
    );
    return;
  }
  event.respondWith(
    caches.match(request).then(
      (hit) =>
        hit ||
        fetch(request).then((response) => {
          if (response.ok) {
            const copy = response.clone();
            event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
          }
          return response;
        }),
    ),
  );
});
