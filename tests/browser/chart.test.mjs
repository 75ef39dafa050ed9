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
