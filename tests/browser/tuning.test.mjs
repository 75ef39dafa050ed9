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
  // The edits reach the scenario (saved as the user's own) before the next one is made.
  const saved = (re) => page.waitForFunction((src) => new RegExp(src).test(localStorage.getItem("rollout-lab/scenario") ?? ""), re.source);
  await saved(/"replicas":10/);
  await setNumber(page, "#sweep-capacity", "10");
  await saved(/"capacity":10/);
  await setNumber(page, "#sweep-min-available", "9");
  await setNumber(page, "#sweep-bound", "4");
  await page.click("#run-sweep");
  await page.waitForFunction(() => /settings in/.test(document.querySelector("#sweep-status").textContent), null, { timeout: 60000 });
  assert.match(await page.locator("#sweep-status").innerText(), /^25 settings in [\d.]+ s on \d workers?$/);
  // Every pod's times are fixed here: one run stands for every seed, and the size says so.
  assert.match(await page.locator("#sweep-size").innerText(), /^25 settings × 1 run = 24 simulations; about .* \(every pod's times are fixed: one run stands for every seed\)$/);

  const best = await page.locator("#sweep-best").innerText();
  const m = best.match(/Recommended: maxSurge (\d+), maxUnavailable (\d+): finishes in [\d.]+ s, never below (\d+) of 10 available, at most (\d+) pods/);
  assert.ok(m, best);
  const [s, u] = [Number(m[1]), Number(m[2])];
  // With room for only 10 pods, no surge pod fits: only maxUnavailable makes progress, and
  // keeping 9 available allows 1.
  assert.equal(u, 1, best);
  assert.ok(Number(m[3]) >= 9 && Number(m[4]) <= 10, best);
  assert.match(best, /Of the others: \d+ never finish in some runs; \d+ drop below 9 available; 1 rejected by Kubernetes/);
  assert.match(await page.locator("#recommended-snippet").innerText(), new RegExp(`maxSurge: ${s}\\s+maxUnavailable: ${u}`));
  assert.ok((await page.locator("#sweep-front li").count()) >= 1);

  const axis = 22;
  // Clicks the centre of a heatmap cell, scrolled into view first.
  const clickCell = async (x, y) => {
    await page.locator("#heatmap").scrollIntoViewIfNeeded();
    const box = await page.locator("#heatmap").boundingBox();
    const cell = (box.width - axis) / 5;
    await page.mouse.click(box.x + axis + (x + 0.5) * cell, box.y + axis + (y + 0.5) * cell);
  };
  await clickCell(s, u);
  assert.equal(await page.locator("#max-surge").inputValue(), String(s));
  assert.equal(await page.locator("#max-unavailable").inputValue(), String(u));
  assert.match(await page.locator("#sweep-detail").innerText(), /Meets the objective/);
  assert.match(await page.locator("#strategy-snippet").innerText(), new RegExp(`maxSurge: ${s}\\s+maxUnavailable: ${u}`));

  // Compare the loaded setting with one that surges past the capacity: B never finishes.
  await page.click("#pick-b");
  await clickCell(4, 0);
  assert.equal(await page.locator("#max-surge").inputValue(), String(s), "picking B does not load it");
  assert.match(
    await page.locator("#compare-verdict").innerText(),
    new RegExp(`B \\(maxSurge 4, maxUnavailable 0\\) against A \\(the current setting, ${s} and ${u}\\): never finishes`),
  );

  // The chart draws B's lines (dashed) over A's.
  assert.equal(await page.locator("#pane-chart path.series.compare").count(), 2);
  // B follows the playhead. Before the apply at 5 s both run the same 10 pods; a second after
  // it, B (surge 4, none unavailable) has made 4 new pods and kept all 10 old, while A has not.
  const countsAt = async (ms) => {
    await page.locator("#scrubber").fill(String(ms));
    await page.locator("#scrubber").dispatchEvent("input");
    return {
      a: await page.locator("#counts-a").innerText(),
      b: await page.locator("#counts-b").innerText(),
    };
  };
  const start = await countsAt(0);
  assert.equal(start.b, start.a);
  const later = await countsAt(6000);
  assert.equal(later.b, "10 old · 4 new · 10 available");
  assert.notEqual(later.a, later.b);
  const back = await countsAt(0);
  assert.equal(back.b, start.b, "scrubbing back brings B back too");

  // Loading it shows why it never finishes.
  await clickCell(4, 0);
  assert.match(await page.locator("#sweep-detail").innerText(), /stuck: 1 of 1 runs never finish within an hour: with room for 10 pods, surge pods stay Pending and maxUnavailable 0 frees no room/);
  // Side by side, locked to one playhead.
  assert.ok(await page.locator("#stage").isVisible());
  assert.ok(await page.locator("#stage-b").isVisible());
  assert.match(await page.locator(".compare-stages").innerText(), /A: the current setting[\s\S]*B: maxSurge 4, maxUnavailable 0/);
  await page.click("#stop-compare");
  assert.equal(await page.locator("#stage-b").count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a cancelled sweep says so and calls its recommendation partial", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await page.fill("#replicas", "100");
  await setNumber(page, "#sweep-bound", "100");
  await page.click("#run-sweep");
  // Cancel once some settings have run, long before the 10,201 are done.
  await page.waitForFunction(() => {
    const m = document.querySelector("#sweep-status").textContent.match(/^(\d+) of 10201 settings/);
    return m && Number(m[1]) > 0;
  });
  await page.click("#cancel-sweep");
  const status = await page.locator("#sweep-status").innerText();
  const m = status.match(/^cancelled after (\d+) of 10201 settings$/);
  assert.ok(m, status);
  const done = Number(m[1]);
  assert.ok(done > 0 && done < 10201, status);
  const summary = await page.locator("#sweep-best").innerText();
  assert.ok(summary.startsWith(`Cancelled after ${done} of 10201 settings.`), summary);
  // Whatever it recommends, it says the grid was partial.
  if (/Recommended/.test(summary)) assert.match(summary, /among the settings run \(a partial sweep\)/);
  // Only 0/0 is refused by Kubernetes; the settings not run are not counted as refused.
  const rejected = summary.match(/(\d+) rejected by Kubernetes/);
  assert.ok(!rejected || Number(rejected[1]) <= 1, summary);
  assert.ok(await page.locator("#run-sweep").isEnabled());
  assert.deepEqual(errors, []);
  await context.close();
});

test("Run sweep right after an edit sweeps the edited scenario (the click and the edit in one task)", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await typeInto(page, "#replicas", "10");
  await page.waitForFunction(() => /"replicas":10/.test(localStorage.getItem("rollout-lab/scenario") ?? ""));
  await setNumber(page, "#sweep-bound", "4");
  // The capacity set and Run clicked before the page has rendered the edit: the sweep must
  // still be of the edited scenario (it once ran the old one, and the edit then cancelled it).
  await page.fill("#sweep-capacity", "10");
  await page.evaluate(() => {
    document.querySelector("#sweep-capacity").dispatchEvent(new Event("change", { bubbles: true }));
    document.querySelector("#run-sweep").click();
  });
  await page.waitForFunction(() => /settings in|cancelled/.test(document.querySelector("#sweep-status").textContent), null, { timeout: 60000 });
  assert.match(await page.locator("#sweep-status").innerText(), /^25 settings in /);
  const best = await page.locator("#sweep-best").innerText();
  const m = best.match(/at most (\d+) pods/);
  assert.ok(m && Number(m[1]) <= 10, best);
  assert.deepEqual(errors, []);
  await context.close();
});
