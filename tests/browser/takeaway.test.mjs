// Pictures to take away: the stage with the charts as a PNG, the charts as a standalone SVG,
// and a chosen time range recorded as a WebM video with its progress shown.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { withBrowser, openApp, typeInto } from "./harness.mjs";

const env = withBrowser({ before, after });

/** Clicks `selector` and returns the download it starts: its suggested name and its bytes. */
async function download(page, selector, timeout = 30000) {
  const [dl] = await Promise.all([page.waitForEvent("download", { timeout }), page.click(selector)]);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(await dl.path()) };
}

/** How many of the picture's pixels are within a few levels of each colour ("#rrggbb"). */
function countColors(page, png, colors) {
  return page.evaluate(
    async ({ data, colors }) => {
      const img = new Image();
      img.src = "data:image/png;base64," + data;
      await img.decode();
      const c = document.createElement("canvas");
      [c.width, c.height] = [img.width, img.height];
      const ctx = c.getContext("2d");
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      const rgb = colors.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
      const counts = rgb.map(() => 0);
      for (let i = 0; i < px.length; i += 4) {
        rgb.forEach(([r, g, b], k) => {
          if (Math.abs(px[i] - r) + Math.abs(px[i + 1] - g) + Math.abs(px[i + 2] - b) < 12) counts[k]++;
        });
      }
      return counts;
    },
    { data: png.toString("base64"), colors },
  );
}

test("the PNG holds the stage and both charts, in the versions' colours", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await page.locator("#scrubber").fill("8000");
  const { name, bytes } = await download(page, "#download-png");
  assert.equal(name, "rollout-lab-8s.png");
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "a PNG signature");
  const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  const sizes = await page.evaluate(() => ({
    ratio: devicePixelRatio,
    stage: document.querySelector("#stage").getBoundingClientRect(),
    charts: [...document.querySelectorAll("#pane-chart figure.chart svg")].map((s) => s.getBoundingClientRect().height),
  }));
  assert.ok(width >= sizes.stage.width * sizes.ratio, `${width} px wide`);
  const least = (sizes.stage.height + sizes.charts.reduce((a, b) => a + b)) * sizes.ratio;
  assert.ok(height >= least, `${height} px high, at least ${least}: the stage and both plots`);
  // At 8 s both versions have pods on the stage and lines on the charts.
  const [old, fresh] = await countColors(page, bytes, ["#0072b2", "#b35c00"]);
  assert.ok(old > 200 && fresh > 200, `old ${old} and new ${fresh} pixels`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the SVG is a standalone drawing of both charts, axes and legends written out", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  const { name, bytes } = await download(page, "#download-svg");
  assert.equal(name, "rollout-lab-0s.svg");
  const svg = bytes.toString("utf8");
  const read = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    if (doc.querySelector("parsererror")) return { error: doc.querySelector("parsererror").textContent };
    return {
      texts: [...doc.querySelectorAll("text")].map((t) => t.textContent),
      strokes: [...doc.querySelectorAll("path")].map((p) => p.getAttribute("stroke")),
      classes: [...doc.querySelectorAll("[class]")].length,
    };
  }, svg);
  assert.equal(read.error, undefined);
  for (const t of ["0 s", "30 s", "0%", "100%", "new version", "old version", "failed requests"]) {
    assert.ok(read.texts.includes(t), `the text "${t}" is written out`);
  }
  // Colours travel as attributes, the stylesheet does not: the versions' orange and blue.
  assert.ok(read.strokes.includes("rgb(179, 92, 0)") && read.strokes.includes("rgb(0, 114, 178)"), read.strokes.join(" "));
  assert.deepEqual(errors, []);
  await context.close();
});

test("a chosen range is recorded as a WebM video with its progress; a wrong range is refused", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await typeInto(page, "#record-from", "20");
  await typeInto(page, "#record-to", "5");
  await page.click("#record");
  assert.match(await page.locator("#notice").innerText(), /Record to must be later than Record from/);
  assert.equal(await page.locator("#record-progress").count(), 0);

  await typeInto(page, "#record-from", "4");
  await typeInto(page, "#record-to", "7");
  await page.selectOption("#speed", "2");
  const [dl] = await Promise.all([
    page.waitForEvent("download", { timeout: 30000 }),
    (async () => {
      await page.click("#record");
      await page.waitForSelector("#record-progress");
      assert.match(await page.locator(".record-status").innerText(), /^Recording 4 s to 7 s: \d+%$/);
    })(),
  ]);
  assert.equal(dl.suggestedFilename(), "rollout-lab-4s-7s.webm");
  const bytes = fs.readFileSync(await dl.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3], "a WebM (EBML) header");
  assert.ok(bytes.length > 2000, `${bytes.length} bytes`);
  assert.match(await page.locator("#notice").innerText(), /Recorded 4 s to 7 s: saved as rollout-lab-4s-7s.webm/);
  // Playback stopped at the end of the range.
  const clock = Number((await page.locator("#clock").innerText()).match(/([\d.]+) s/)[1]);
  assert.ok(clock >= 7 && clock < 7.6, `stopped at ${clock} s`);
  assert.equal(await page.locator("#record-progress").count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
