// Lessons: a stable link opens a lesson at a step; next and back; leaving and coming back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, openApp } from "./harness.mjs";

const env = withBrowser({ before, after });

test("a lesson link opens the lesson at its step, paused at the moment, the pane highlighted", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url + "#lesson=bad-image&step=2");
  assert.match(await page.locator("#lesson-title").innerText(), /A bad image/);
  assert.match(await page.locator("#lesson-step").innerText(), /Step 2 of 3 · t = 33 s/);
  assert.match(await page.locator("#clock").innerText(), /t = 33 s/);
  assert.match(await page.locator("#lesson-text").innerText(), /ProgressDeadlineExceeded/);
  const outline = await page.locator("#pane-kubectl").evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.equal(outline, "solid", "the kubectl pane is highlighted");
  await page.click("#tab-rollout-status");
  assert.match(await page.locator("#pane").innerText(), /error: deployment "web" exceeded its progress deadline/);

  await page.click("#lesson-next");
  assert.match(await page.locator("#clock").innerText(), /t = 45 s/);
  assert.match(page.url(), /#lesson=bad-image&step=3/);
  await page.click("#lesson-back");
  assert.match(await page.locator("#clock").innerText(), /t = 33 s/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("leave a lesson to play freely, then come back to where it was", async () => {
  const { page, context } = await openApp(env.browser, env.server.url);
  const options = await page.locator("#lesson-picker option").allInnerTexts();
  assert.ok(options.length >= 14, "a picker with every lesson");
  await page.selectOption("#lesson-picker", "0");
  assert.match(await page.locator("#lesson-title").innerText(), /The story/);
  await page.click("#lesson-next");
  await page.click("#lesson-leave");
  await page.fill("#new-image", "hello:v9");
  await page.click("#apply-image");
  assert.ok(await page.locator("#return-to-lesson").isVisible());
  await page.click("#return-to-lesson");
  assert.match(await page.locator("#lesson-step").innerText(), /Step 2 of 5/);
  assert.match(await page.locator("#clock").innerText(), /t = 5 s/);
  await context.close();
});

test("the story's last step shows the original manifest, what a cluster of today says, and its setting beside the default", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url + "#lesson=the-story&step=5");
  assert.match(await page.locator("#lesson-manifest").innerText(), /apiVersion: extensions\/v1beta1/);
  const said = await page.locator("#lesson-manifest-notice").innerText();
  assert.match(said, /resource mapping not found for name: "rolling-update-test"/);
  assert.match(said, /maxSurge: 1/);
  assert.match(await page.locator(".compare-stages").innerText(), /B: maxSurge 1, maxUnavailable 1/);
  assert.deepEqual(errors, []);
  await context.close();
});
