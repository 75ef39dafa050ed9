// The page works offline once loaded: a service worker caches it on the first visit, a reload
// without network opens it; a web app manifest and icon make it installable; a new build is
// announced on the first load after it takes over.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, openApp } from "./harness.mjs";

const env = withBrowser({ before, after });

test("after one visit the page reloads and plays without network", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  // The service worker takes control of the page once it has cached it.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
  const cached = await page.evaluate(async () => (await (await caches.open("rollout-lab")).keys()).map((r) => new URL(r.url).pathname));
  assert.ok(cached.some((p) => p.endsWith("_bg.wasm")), `the WebAssembly is cached: ${cached}`);
  assert.ok(cached.includes("/sweep-worker.js"));
  // What the page loads later is kept too: the rest of its code, the lessons, the Chinese words.
  await page.waitForFunction(
    async () => {
      const keys = (await (await caches.open("rollout-lab")).keys()).map((r) => new URL(r.url).pathname);
      return ["_split.wasm", "/lessons/03-percent-rounding.yaml", "/lessons/zh-CN/03-percent-rounding.yaml", "/zh-CN.txt"].every((f) => keys.some((k) => k.endsWith(f)));
    },
    null,
    { timeout: 30000 },
  );
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector("#pane-stage canvas", { timeout: 30000 });
  assert.match(await page.locator("h1").innerText(), /Rollout Lab/);
  // The engine runs: apply an image at the playhead and the rollout plays out.
  await page.fill("#new-image", "hello:v2");
  await page.click("#apply-image");
  await page.locator("#scrubber").fill("30000");
  await page.click("#tab-rollout-status");
  assert.match(await page.locator("#pane").innerText(), /successfully rolled out/);
  // A lesson never opened before opens offline, in either language.
  await page.selectOption("#lesson-picker", "2");
  await page.waitForSelector("#lesson-title", { timeout: 30000 });
  assert.match(await page.locator("#lesson-title").innerText(), /rounding/i);
  await page.selectOption("#lang", "zh-CN");
  await page.waitForFunction(() => /取整/.test(document.querySelector("#lesson-title")?.innerText ?? ""), null, { timeout: 30000 });
  await page.selectOption("#lang", "en");
  await context.setOffline(false);
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|net::ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();
});

test("installable: a manifest with an icon; a new build says so on its first load", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector("link[rel=manifest]").href;
    return (await fetch(href)).json();
  });
  assert.equal(manifest.name, "Rollout Lab");
  assert.equal(manifest.display, "standalone");
  assert.ok(manifest.icons.some((i) => i.src === "/icon.svg"));
  const icon = await page.evaluate(async () => (await fetch("/icon.svg")).status);
  assert.equal(icon, 200);
  // An older build ran here before: the first load of this one says so, the next does not.
  await page.evaluate(() => localStorage.setItem("rollout-lab-build", "/rollout-lab-web-0000_bg.wasm"));
  await page.reload();
  assert.match(await page.locator(".notice").first().innerText(), /updated since your last visit/);
  await page.reload();
  assert.equal(await page.locator(".notice", { hasText: "updated since your last visit" }).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
