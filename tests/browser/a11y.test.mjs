// Accessibility: axe-core (from npm, run inside the page) finds no WCAG 2.1 A or AA violation
// on the main view, the tuning panel with a sweep's results, a lesson and the phone layout, in
// both themes; and the page can be driven with the keyboard alone: play, scrub, apply an image,
// run a sweep.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { withBrowser, openApp, ROOT } from "./harness.mjs";

const env = withBrowser({ before, after });
const AXE = fs.readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

/** axe's WCAG 2.1 A and AA violations on the page as it is, one line each. */
async function violations(page) {
  // Evaluated through the debugging protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

const VIEWS = [
  ["the main view", "", 1280, async () => {}],
  ["a lesson", "#lesson=the-story&step=2", 1280, async () => {}],
  ["the phone layout", "", 390, async () => {}],
  [
    "the tuning panel with a sweep's results, every section open",
    "",
    1280,
    async (page) => {
      await page.click("#run-sweep");
      await page.waitForFunction(() => /settings in/.test(document.querySelector("#sweep-status").textContent), null, { timeout: 60000 });
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
    },
  ],
];

for (const scheme of ["light", "dark"]) {
  for (const [what, hash, width, prepare] of VIEWS) {
    test(`axe: no WCAG 2.1 AA violation on ${what}, ${scheme} theme`, async () => {
      const { page, context, errors } = await openApp(env.browser, env.server.url + hash, {
        viewport: { width, height: 900 },
        colorScheme: scheme,
      });
      await prepare(page);
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

/** Presses Tab until `selector` has the focus (failing after `max` presses): reachable by Tab. */
async function tabTo(page, selector, max = 250) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`${selector} is not reached with Tab`);
}

const clock = async (page) => Number((await page.locator("#clock").innerText()).match(/([\d.]+) s/)[1]);

test("keyboard only: play, scrub, apply an image, run a sweep", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  // Play and pause with Enter on the Play button.
  await tabTo(page, "#play");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => parseFloat(document.querySelector("#clock").textContent.slice(4)) > 1);
  await page.keyboard.press("Enter");
  const paused = await clock(page);
  await page.waitForTimeout(300);
  assert.equal(await clock(page), paused, "paused");

  // Scrub: Home to the start, End to the end, arrows in steps.
  await tabTo(page, "#scrubber");
  await page.keyboard.press("Home");
  assert.equal(await clock(page), 0);
  await page.keyboard.press("End");
  assert.equal(await clock(page), 30);
  await page.keyboard.press("Home");
  await page.keyboard.press("PageUp");
  assert.ok((await clock(page)) > 0, "Page Up moves the playhead on");

  // Apply an image: type it, then Enter on the apply button.
  await page.keyboard.press("Home");
  await tabTo(page, "#new-image");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("hello:v3");
  await tabTo(page, "#apply-image");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /hello:v3/.test(document.querySelector("#stage-table").textContent));

  // Run a sweep with Enter on its button.
  await tabTo(page, "#run-sweep");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /settings in/.test(document.querySelector("#sweep-status").textContent), null, { timeout: 60000 });
  // Every step happened through the keyboard: no click anywhere.
  assert.deepEqual(errors, []);
  await context.close();
});
