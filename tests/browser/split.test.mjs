// The page's WebAssembly in two parts (scripts/split/): the first view runs from the first part
// alone, the rest loads after the first frame, and code of the rest called before it has loaded
// is loaded there and then. Lessons and the Chinese words are fetched when needed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { withBrowser, openApp, ROOT } from "./harness.mjs";

const env = withBrowser({ before, after });

/** The functions behind placeholders the page called before the rest of its code was there. */
function early(indices) {
  const file = path.join(ROOT, "target", "split", "placeholders.txt");
  const map = new Map(
    fs.existsSync(file)
      ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => l.split(/:(.*)/s).slice(0, 2))
      : [],
  );
  return indices.map((i) => map.get(String(i)) ?? `placeholder ${i}`);
}

const split = (page) =>
  page.evaluate(() => ({ linked: !!globalThis.__rolloutSplit?.instance, syncLoads: globalThis.__rolloutSplit?.syncLoads, early: globalThis.__rolloutSplit?.early }));

for (const view of [
  { name: "desktop, English", options: {} },
  { name: "desktop, Chinese, dark", options: { locale: "zh-CN", colorScheme: "dark" } },
  { name: "phone", options: { viewport: { width: 390, height: 844 } } },
]) {
  test(`the first view (${view.name}) runs from the first part of the module alone`, async () => {
    const context = await env.browser.newContext({ locale: "en-US", ...view.options });
    // The rest of the code never arrives: the first view must not need it.
    await context.route(/_split\.wasm$/, (route) => route.abort());
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(env.server.url);
    // The page is drawn, or it called for the rest of its code (which does not come).
    await page.waitForFunction(() => document.querySelector("#lesson-picker") || globalThis.__rolloutSplit?.early.length, null, { timeout: 30000 });
    // Every panel is drawn by now, and the stage has had frames.
    await page.waitForTimeout(1500);
    const s = await split(page);
    assert.deepEqual(
      early(s.early),
      [],
      "the first view called these functions of the rest of the module: run scripts/first-view, which lists the functions the first view runs (scripts/split/first-view.txt)",
    );
    await page.waitForSelector("#pane-stage canvas");
    assert.equal(s.linked, false);
    assert.deepEqual(errors, []);
    if (view.options.locale === "zh-CN") assert.match(await page.locator("h1").innerText(), /Rollout Lab/);
    if (view.options.locale === "zh-CN") assert.match(await page.locator("#play").innerText(), /播放/);
    await context.close();
  });
}

test("the rest of the module loads after the first frame, and everything works with it", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await page.waitForFunction(() => globalThis.__rolloutSplit?.instance, null, { timeout: 30000 });
  assert.equal((await split(page)).syncLoads, 0);
  // Code only the rest has: a pasted manifest goes through the YAML reader.
  await page.fill("#manifest-input", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: pasted}\nspec:\n  replicas: 4\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: x}}\n    spec: {containers: [{name: x, image: 'x:1'}]}\n");
  await page.click("#load-manifest");
  await page.click("#tab-get-deploy");
  await page.waitForFunction(() => /pasted/.test(document.querySelector("#pane").innerText));
  assert.deepEqual(errors, []);
  await context.close();
});

test("code of the rest called before it has arrived is loaded there and then", async () => {
  const context = await env.browser.newContext({ locale: "en-US" });
  let blocked = true;
  await context.route(/_split\.wasm$/, (route) => (blocked ? route.abort() : route.continue()));
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(env.server.url);
  await page.waitForSelector("#pane-stage canvas", { timeout: 30000 });
  await page.waitForTimeout(500);
  assert.equal((await split(page)).linked, false);
  blocked = false;
  // Opening a lesson parses its YAML: code of the rest, loaded when first called.
  await page.selectOption("#lesson-picker", "2");
  await page.waitForSelector("#lesson-title", { timeout: 30000 });
  const s = await split(page);
  assert.equal(s.linked, true);
  assert.ok(s.syncLoads >= 1, `loaded when called: ${JSON.stringify(s)}`);
  assert.match(await page.locator("#lesson-title").innerText(), /rounding/i);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a page opened on a lesson loads the rest of the module before it starts, not when first called", async () => {
  const { page, context, errors } = await openApp(env.browser, `${env.server.url}#lesson=percent-rounding&step=1`);
  await page.waitForSelector("#lesson-title");
  assert.match(await page.locator("#lesson-title").innerText(), /rounding/i);
  const s = await split(page);
  assert.equal(s.linked, true);
  assert.equal(s.syncLoads, 0, `loaded synchronously for: ${early(s.early)}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the YAML of the current workload is written when its panel is opened", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  assert.equal(await page.locator("#manifest-export").innerText(), "");
  await page.click("details:has(#manifest-export) summary");
  await page.waitForFunction(() => /kind: Deployment/.test(document.querySelector("#manifest-export").innerText));
  const yaml = await page.locator("#manifest-export").innerText();
  assert.match(yaml, /name: rolling-update-test/);
  assert.match(yaml, /image: hello:v1/);
  assert.deepEqual(errors, []);
  await context.close();
});
