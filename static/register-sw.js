// Registers the service worker that keeps the page working offline (static/sw.js).
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch((e) => console.warn("no offline copy:", e));
}
