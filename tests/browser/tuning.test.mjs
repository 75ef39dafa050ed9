// Tuning: a sweep under a capacity limit, its best cell loaded into the main view, a comparison.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, openApp, typeInto } from "./harness.mjs";

const env = withBrowser({ before, after });

async function setNumber(page, sel, value) {
  await page.fill(sel, value);
  await page.dispatchEvent(sel, "change");
}

test("a sweep with a capacity limit: click the highlighted cell and the main view gets that setting", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await typeInto(page, "#replicas", "10");
  await setNumber(page, "#sweep-capacity", "11");
  await setNumber(page, "#sweep-min-available", "9");
  await setNumber(page, "#sweep-bound", "4");
  await page.click("#run-sweep");
  await page.waitForFunction(() => /settings in/.test(document.querySelector("#sweep-status").textContent), null, { timeout: 60000 });
  assert.match(await page.locator("#sweep-status").innerText(), /^25 settings in/);

  const best = await page.locator("#sweep-best").innerText();
  const m = best.match(/maxSurge (\d+) and maxUnavailable (\d+)/);
  assert.ok(m, best);
  const [s, u] = [Number(m[1]), Number(m[2])];
  // With room for only 11 pods, one surge pod fits; keeping 9 available allows maxUnavailable 1.
  assert.ok(s <= 1 && u <= 1, best);
  assert.match(best, /Of the others: \d+ never finish: surge pods find no room; \d+ drop below the availability tolerated; 1 rejected by Kubernetes/);

  const box = await page.locator("#heatmap").boundingBox();
  const axis = 22;
  const cell = (box.width - axis) / 5;
  await page.mouse.click(box.x + axis + (s + 0.5) * cell, box.y + axis + (u + 0.5) * cell);
  assert.equal(await page.locator("#max-surge").inputValue(), String(s));
  assert.equal(await page.locator("#max-unavailable").inputValue(), String(u));
  assert.match(await page.locator("#sweep-detail").innerText(), /Meets the constraints/);
  assert.match(await page.locator("#strategy-snippet").innerText(), new RegExp(`maxSurge: ${s}\\s+maxUnavailable: ${u}`));

  // A cell that surges past the capacity never finishes, and says why.
  await page.mouse.click(box.x + axis + 4.5 * cell, box.y + axis + 0.5 * cell);
  assert.match(await page.locator("#sweep-detail").innerText(), /stuck: it never finishes; with room for only 11 pods/);

  await page.click("#compare");
  assert.match(await page.locator("#compare-verdict").innerText(), /B \(maxSurge 4, maxUnavailable 0\) against A/);
  assert.deepEqual(errors, []);
  await context.close();
});
