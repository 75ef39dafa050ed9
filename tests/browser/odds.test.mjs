// Tuning that holds on a real cluster: pods that vary, sweeps with odds run in workers, and a
// start from a cluster's real state.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { withBrowser, openApp, typeInto, ROOT } from "./harness.mjs";

const env = withBrowser({ before, after });

async function setNumber(page, sel, value) {
  await page.fill(sel, value);
  await page.dispatchEvent(sel, "change");
}

/** Waits until an edit of the scenario has reached the link (the page re-rendered with it). */
async function settled(page, fragment) {
  await page.waitForFunction((f) => decodeURIComponent(location.hash).includes(f), fragment);
}

test("a distribution for Ready times: its curve and percentiles, a bad one explained, the seed", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await page.selectOption("#image-1-ready-kind", "lognormal");
  // Switching keeps the median and puts p99 at five times it.
  assert.equal(await page.locator("#image-1-ready-a").inputValue(), "2");
  assert.equal(await page.locator("#image-1-ready-b").inputValue(), "10");
  assert.equal(await page.locator("#image-1-ready-summary").innerText(), "p50 2 s · p95 6.2 s · p99 10 s");
  // p99 below p50 is refused beside the field, in the engine's words; the last good value stays.
  await setNumber(page, "#image-1-ready-b", "1");
  assert.equal(
    await page.locator("#image-1-ready-error").innerText(),
    'images["hello:v2"].readyAfter: Invalid value: "lognormal(2s,1s)": p99 must not be below p50',
  );
  assert.equal(await page.locator("#image-1-ready-summary").innerText(), "p50 2 s · p95 6.2 s · p99 10 s");
  await setNumber(page, "#image-1-ready-b", "20");
  assert.equal(await page.locator("#image-1-ready-error").count(), 0);
  assert.match(await page.locator("#image-1-ready-summary").innerText(), /p99 20 s$/);
  // Another deploy draws other times.
  assert.match(await page.locator("#seed").innerText(), /seed 1\./);
  await page.click("#another-seed");
  assert.match(await page.locator("#seed").innerText(), /seed 2\./);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a sweep over seeds in workers: percentiles, the recommendation as an objective, a cell's runs", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await page.selectOption("#image-1-ready-kind", "lognormal");
  await typeInto(page, "#replicas", "20");
  // A render still to come for the replicas would put the sweep's fields back as they were
  // between a value typed and its change event: let it land first.
  await settled(page, '"replicas":20');
  await setNumber(page, "#sweep-bound", "4");
  await setNumber(page, "#sweep-seeds", "10");
  assert.match(await page.locator("#sweep-size").innerText(), /^25 settings × 10 runs = 240 simulations; about .* on \d workers?$/);
  await page.click("#run-sweep");
  await page.waitForFunction(() => /settings in/.test(document.querySelector("#sweep-status").textContent), null, { timeout: 60000 });
  assert.match(await page.locator("#sweep-status").innerText(), /^25 settings in [\d.]+ s on \d workers?$/, "run in Web Workers");
  // The colour scale says which p95 is green and which is red, the fastest first.
  const scale = (await page.locator("#heatmap-scale").innerText()).match(/green ([\d.]+) s \(best\) .* red ([\d.]+) s \(worst\)/);
  assert.ok(scale, "the heatmap's colours are explained");
  assert.ok(Number(scale[1]) < Number(scale[2]), `${scale[1]} < ${scale[2]}`);
  const best = await page.locator("#sweep-best").innerText();
  // The floor defaults to what the current setting guarantees: 25% of 20 unavailable, so 15.
  assert.match(best, /^Recommended: maxSurge \d+, maxUnavailable \d+: finishes within [\d.]+ s in 95% of 10 runs, never below (1[5-9]|20) of 20 available, at most \d+ pods\./);
  assert.match(await page.locator("#sweep-front").innerText(), /95% within [\d.]+ s \(median [\d.]+ s\)/);
  // Pointing at a cell shows its runs.
  await page.locator("#heatmap").scrollIntoViewIfNeeded();
  const box = await page.locator("#heatmap").boundingBox();
  const cell = (box.width - 22) / 5;
  await page.mouse.move(box.x + 22 + 1.5 * cell, box.y + 22 + 0.5 * cell);
  const runs = await page.locator("#cell-runs").innerText();
  assert.match(runs, /^maxSurge 1, maxUnavailable 0: 95% within [\d.]+ s \(median [\d.]+ s\), at most \d+ pods, never below 20 of 20 available; below 15 available in 0% of 10 runs/);
  assert.equal(await page.locator("#cell-runs svg.runs-histogram rect").count(), 12);
  // The same settings sorted by another measure.
  await page.selectOption("#sweep-metric", "below");
  await page.click("#use-recommended");
  const m = best.match(/maxSurge (\d+), maxUnavailable (\d+)/);
  assert.equal(await page.locator("#max-surge").inputValue(), m[1]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a pasted kubectl List starts the simulation from the cluster's state", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  const list = fs.readFileSync(path.join(ROOT, "engine/tests/data/cluster-mid-rollout.yaml"), "utf8");
  await page.fill("#manifest-input", list);
  await page.click("#load-manifest");
  assert.match(
    await page.locator("#notice").innerText(),
    /Loaded deployment "rolling-update-test" as the cluster had it: 2 ReplicaSets and 16 pods \(3 not yet Ready\), as of 2024-05-01T12:00:29Z/,
  );
  assert.equal(await page.locator("#replicas").inputValue(), "10");
  await page.click("#tab-get-rs");
  const rs = await page.locator("#pane").innerText();
  assert.match(rs, /rolling-update-test-5d4597bc54/);
  assert.match(rs, /rolling-update-test-6c8674945c/);
  // A List of another kind of trouble: nothing replaced, the reason given.
  await page.fill("#manifest-input", "apiVersion: v1\nkind: List\nitems: []\n");
  await page.click("#load-manifest");
  assert.match(await page.locator("#notice").innerText(), /the List holds no Deployment \(found nothing\).*Your current scenario is unchanged/s);
  assert.equal(await page.locator("#replicas").inputValue(), "10");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the slowest-pod lesson shows its slow pod in the stage's table", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url + "#lesson=slowest-pod&step=2");
  assert.match(await page.locator("#lesson-title").innerText(), /The slowest pod sets the pace/);
  await page.locator("#stage-table").evaluate((t) => t.closest("details").setAttribute("open", ""));
  const slow = await page.locator("#stage-table td.slow").allInnerTexts();
  assert.deepEqual(slow.map(Number).reduce((a, b) => a + b, 0), 1);
  assert.deepEqual(errors, []);
  await context.close();
});
