// wslens service worker: keeps the viewer working offline after the first visit.
// It caches only this site's own files; there is nothing else to fetch.
// The cache is named after the build (scripts/stamp-build.mjs writes the id), so a new
// deployment installs a new cache and the old one is deleted when it activates.
const CACHE = "wslens-dev";

// The worker that reads large files keeps fixed names (Trunk cannot hash a worker's files,
// because the page names them at run time), so they are fetched network first, like pages.
const WORKER_FILES = ["wslens-worker_loader.js", "wslens-worker.js", "wslens-worker_bg.wasm"];

// The page's assets carry content hashes in their names (Trunk), so the list is read from
// index.html at install time instead of being written here.
async function precache() {
  const cache = await caches.open(CACHE);
  const response = await fetch("./", { cache: "no-cache" });
  const html = await response.clone().text();
  await cache.put("./", response);
  const assets = new Set(["manifest.webmanifest", "icon.svg", ...WORKER_FILES]);
  for (const match of html.matchAll(/(?:href|src)="([^"#:]+)"/g)) assets.add(match[1]);
  await cache.addAll([...assets].map((a) => new URL(a, self.registration.scope).href));
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// Pages and the worker's files: network first, so a new build shows up at once; the cache
// answers offline. Assets (hashed names): cache first.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put("./", copy));
          return response;
        })
        .catch(() => caches.match("./")),
    );
    return;
  }
  if (WORKER_FILES.some((name) => new URL(request.url).pathname.endsWith(`/${name}`))) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          if (response.ok) caches.open(CACHE).then((cache) => cache.put(request, copy));
          return response;
        })
        .catch(() => caches.match(request)),
    );
    return;
  }
  event.respondWith(
    caches.match(request).then((hit) => hit || fetch(request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    })),
  );
});
