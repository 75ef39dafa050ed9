// The pod chart reads like a chart: time and count axes with ticks and gridlines, labels placed
// without breaking the Content-Security-Policy, and legend keys that hide and show a line.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, openApp } from "./harness.mjs";

const env = withBrowser({ before, after });

test("the chart has time and count axes, and its legend toggles lines", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  const chart = page.locator("#pane-chart figure.chart").first();
  const times = await chart.locator(".tick.x").allInnerTexts();
  assert.equal(times[0], "0 s");
  assert.equal(times.at(-1), "30 s", `the story ends at 30 s: ${times}`);
  const counts = await chart.locator(".tick.y").allInnerTexts();
  assert.deepEqual(counts, ["0", "2", "4"]);
  // Labels sit where their gridlines are: 30 s at the right end of the plot.
  const left = await chart.locator(".tick.x").last().evaluate((e) => e.style.left);
  assert.equal(left, "100%");
  assert.ok((await chart.locator("line.grid").count()) >= counts.length + times.length);
  const key = chart.locator("button.key.old");
  assert.equal(await chart.locator("path.series.old").count(), 1);
  await key.click();
  assert.equal(await key.getAttribute("aria-pressed"), "false");
  assert.equal(await chart.locator("path.series.old").count(), 0);
  await key.click();
  assert.equal(await chart.locator("path.series.old").count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

/** The clock the page shows ("t = 12 s"), in seconds. */
const clock = async (page) => Number((await page.locator("#clock").innerText()).match(/([\d.]+) s/)[1]);
/** Within a pixel's worth of time (the chart is about 1,000 pixels for 30 s). */
const near = (actual, expected) => assert.ok(Math.abs(actual - expected) < 0.1, `${actual} s, not about ${expected} s`);

test("dragging on a chart moves the playhead; hovering reads the values at that instant", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  const svg = page.locator("#pod-chart");
  await svg.scrollIntoViewIfNeeded();
  const box = await svg.boundingBox();
  const at = (frac) => [box.x + box.width * frac, box.y + box.height / 2];
  // Press at a fifth of the story (6 s), drag to two thirds (20 s), let go.
  await page.mouse.move(...at(0.2));
  await page.mouse.down();
  near(await clock(page), 6);
  await page.mouse.move(...at(0.45), { steps: 4 });
  await page.mouse.move(...at(2 / 3), { steps: 4 });
  await page.mouse.up();
  near(await clock(page), 20);
  near(Number(await page.locator("#scrubber").inputValue()) / 1000, 20);
  const dragged = await clock(page);
  // Moving without a button pressed reads, and leaves the playhead where it is.
  await page.mouse.move(...at(0.1));
  const readout = page.locator("#pane-chart .chart .readout").first();
  assert.match(await readout.innerText(), /^3 s: pods \(all\) 3 · available 3 · old version 0 · new version 3/);
  assert.equal(await clock(page), dragged);
  await page.mouse.move(box.x + box.width / 2, box.y - 40);
  assert.equal(await page.locator("#pane-chart .chart .readout").count(), 0, "the readout goes with the pointer");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the traffic chart has percentage and time axes, a readout and a legend that toggles", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  const chart = page.locator("figure.traffic-chart");
  assert.deepEqual(await chart.locator(".tick.y").allInnerTexts(), ["0%", "25%", "50%", "75%", "100%"]);
  const times = await chart.locator(".tick.x").allInnerTexts();
  assert.equal(times.at(-1), "30 s");
  const svg = page.locator("#traffic-chart");
  await svg.scrollIntoViewIfNeeded();
  const box = await svg.boundingBox();
  // Before the apply at 5 s, every answer is version 1's (the series are the answers' texts).
  await page.mouse.move(box.x + box.width * 0.05, box.y + box.height / 2);
  assert.match(await chart.locator(".readout").innerText(), /^1\.5 s: This is version 1\. 100% · failed 0% of 20 requests$/);
  // After the rollout, every answer is version 2's.
  await page.mouse.move(box.x + box.width * 0.95, box.y + box.height / 2);
  assert.match(await chart.locator(".readout").innerText(), /^28\.5 s: This is version 2\. 100% · failed 0% of 20 requests$/);
  const key = chart.locator("button.key.errors");
  await key.click();
  assert.equal(await chart.locator("path.series.errors").count(), 0);
  // A click on the traffic chart seeks too.
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  near(await clock(page), 15);
  assert.deepEqual(errors, []);
  await context.close();
});
