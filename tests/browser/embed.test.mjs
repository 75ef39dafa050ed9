// Embed mode: `#embed&...` shows only the stage, its time controls, the charts and a lesson,
// sized to its frame; the Embed button copies the <iframe>; lesson links stay embedded.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, openApp } from "./harness.mjs";

const env = withBrowser({ before, after });

test("the Embed button gives an iframe of the scenario, which shows the stage and the charts only", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await page.click("#copy-embed");
  const notice = await page.locator(".notice").first().innerText();
  const src = notice.match(/<iframe src="([^"]+)"/)?.[1];
  assert.ok(src, notice);
  assert.match(src, /#embed&s=/);
  await context.close();

  const embedded = await openApp(env.browser, src, { viewport: { width: 800, height: 720 } });
  const p = embedded.page;
  assert.ok(await p.locator("#pane-stage canvas").first().isVisible());
  assert.ok(await p.locator("#pane-chart").isVisible());
  assert.ok(await p.locator("#scrubber").isVisible());
  assert.equal(await p.locator(".masthead").count(), 0, "no masthead");
  for (const hidden of ["#pane-settings", "#pane-kubectl", "#run-sweep"]) {
    assert.equal(await p.locator(hidden).isVisible(), false, `${hidden} is left out`);
  }
  assert.match(await p.locator(".embed-bar a").getAttribute("href"), /#s=/);
  // The page is no wider than its frame.
  assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  assert.deepEqual([...errors, ...embedded.errors], []);
  await embedded.context.close();
});

test("a lesson embedded steps on and stays embedded", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url + "#embed&lesson=statefulset-partition&step=1", { viewport: { width: 800, height: 900 } });
  assert.match(await page.locator("#lesson-title").innerText(), /top down/);
  await page.click("#lesson-next");
  assert.match(page.url(), /#embed&lesson=statefulset-partition&step=2/);
  assert.equal(await page.locator("#pane-settings").isVisible(), false);
  assert.deepEqual(errors, []);
  await context.close();
});
