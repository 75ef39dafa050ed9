// Page figures in headless Chromium: node tests/browser/bench.mjs
// Prints the release wasm (both parts) and JS sizes (raw and gzipped), the time from navigation to the first
// interactive frame, and frame times (median and 95th percentile) while animating a rollout of
// 1,000 and 10,000 pods; for 100,000 pods, the time to settle after setting the count and
// after applying v2, frame times while playing, and scrubbing back.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { DIST, serveDist, launch, openApp, typeInto } from "./harness.mjs";

// The module is in two parts (scripts/split/): what the page needs to start, and the rest.
const ROLE = { "_bg.wasm": " (the first part: what the page starts with)", "_split.wasm": " (the rest: fetched after the first frame)" };
let wasmTotal = [0, 0];
for (const f of fs.readdirSync(DIST).filter((f) => /\.(wasm|js|css)$/.test(f))) {
  const body = fs.readFileSync(path.join(DIST, f));
  const gz = zlib.gzipSync(body, { level: 9 }).length;
  const role = Object.entries(ROLE).find(([end]) => f.endsWith(end))?.[1] ?? "";
  if (f.endsWith(".wasm")) wasmTotal = [wasmTotal[0] + body.length, wasmTotal[1] + gz];
  console.log(`size ${f.replace(/-[0-9a-f]{16}/, "")}${role}: ${body.length.toLocaleString("en")} bytes raw, ${gz.toLocaleString("en")} gzipped`);
}
console.log(`size of the wasm, both parts: ${wasmTotal[0].toLocaleString("en")} bytes raw, ${wasmTotal[1].toLocaleString("en")} gzipped`);

const server = await serveDist();
const browser = await launch();

{
  // Recorded in the page, by a frame loop that starts before the page's own scripts: the first
  // frame whose stage is drawn (its canvas sized, the Play button there), and the first frame
  // with every panel (the panels below the fold render after the first frame).
  const firsts = [];
  for (let run = 0; run < 5; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    await context.addInitScript(() => {
      window.__frames = {};
      const loop = () => {
        const now = performance.now();
        const stage = document.getElementById("stage");
        if (!window.__frames.stage && stage && stage.width > 0 && document.getElementById("play")) window.__frames.stage = now;
        if (!window.__frames.all && document.getElementById("pane-kubectl")) window.__frames.all = now;
        if (!window.__frames.all) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.__frames.all);
    firsts.push(await page.evaluate(() => window.__frames));
    await context.close();
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `navigation to first interactive frame (the stage drawn, Play there), median of ${firsts.length}: ${median(firsts.map((f) => f.stage)).toFixed(0)} ms; to the first frame with every panel: ${median(firsts.map((f) => f.all)).toFixed(0)} ms`,
  );
}

/** Intervals between animation frames, sorted, over `ms` milliseconds of the page's time. */
function frameTimes(page, ms) {
  return page
    .evaluate(
      (ms) =>
        new Promise((resolve) => {
          const times = [];
          let last = null;
          const start = performance.now();
          function frame(ts) {
            if (last !== null) times.push(ts - last);
            last = ts;
            if (ts - start < ms) requestAnimationFrame(frame);
            else resolve(times);
          }
          requestAnimationFrame(frame);
        }),
      ms,
    )
    .then((times) => times.sort((a, b) => a - b));
}

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

for (const [replicas, traffic] of [[1000, false], [10000, false], [1000, true]]) {
  const { page, context } = await openApp(browser, server.url);
  // The page starts with traffic on: the runs without it turn it off.
  if (traffic !== (await page.locator("#traffic-on").isChecked())) await page.click("#traffic-on");
  if (traffic) {
    await page.fill("#traffic-rate", "200");
    await page.dispatchEvent("#traffic-rate", "change");
  }
  await typeInto(page, "#replicas", String(replicas));
  await typeInto(page, "#new-image", "hello:v2");
  await page.click("#apply-image");
  await page.selectOption("#speed", "1");
  await page.waitForTimeout(500);
  await page.click("#play");
  const clockBefore = await page.locator("#clock").innerText();
  await page.evaluate(() => {
    window.__longTasks = 0;
    try {
      new PerformanceObserver((list) => (window.__longTasks += list.getEntries().length)).observe({ type: "longtask" });
    } catch {}
  });
  const frames = await frameTimes(page, 4000);
  const clockAfter = await page.locator("#clock").innerText();
  const longTasks = await page.evaluate(() => window.__longTasks);
  console.log(
    `frame times while animating ${replicas.toLocaleString("en")} replicas${traffic ? " with 200 requests/s drawn" : ""} (${frames.length} frames in 4 s, playback from ${clockBefore} to ${clockAfter}): median ${pct(frames, 50).toFixed(1)} ms, p95 ${pct(frames, 95).toFixed(1)} ms, max ${frames[frames.length - 1].toFixed(1)} ms, ${longTasks} tasks over 50 ms`,
  );
  await context.close();
}

/** Milliseconds from `act` until the page paints its next frame (the work it caused done). */
async function untilNextFrame(page, act) {
  const t0 = Date.now();
  await act();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  return Date.now() - t0;
}

{
  const { page, context } = await openApp(browser, server.url);
  const settle = await untilNextFrame(page, async () => {
    await page.fill("#replicas", "100000");
  });
  await page.waitForFunction(() => /100000/.test(document.querySelector("#pane-kubectl")?.textContent ?? ""), null, { timeout: 60000 });
  await page.fill("#new-image", "hello:v2");
  const apply = await untilNextFrame(page, () => page.click("#apply-image"));
  await page.selectOption("#speed", "1");
  await page.click("#play");
  const frames = await frameTimes(page, 4000);
  await page.click("#play");
  // Scrubbing: to the end, then back to earlier moments, each timed inside the page from the
  // scrubber's input event to the next painted frame (no round trip to the test counted).
  const until = Number(await page.locator("#scrubber").getAttribute("max"));
  const backs = await page.evaluate(async (until) => {
    const el = document.querySelector("#scrubber");
    const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const scrub = async (t) => {
      const t0 = performance.now();
      el.value = String(t);
      el.dispatchEvent(new Event("input", { bubbles: true }));
      await painted();
      return performance.now() - t0;
    };
    const out = [];
    for (const frac of [0.9, 0.2, 0.6, 0.05, 0.4, 0.1]) {
      await scrub(until);
      out.push(await scrub(Math.round(until * frac)));
    }
    return out;
  }, until);
  const worstBack = Math.max(...backs).toFixed(0);
  console.log(
    `page with 100,000 pods: ${settle} ms from setting the count to the next frame, ${apply} ms from applying v2; playing: ${frames.length} frames in 4 s, median ${pct(frames, 50).toFixed(1)} ms, p95 ${pct(frames, 95).toFixed(1)} ms, max ${frames[frames.length - 1].toFixed(1)} ms; scrubbing back from the end (input event to the next painted frame): ${worstBack} ms at worst of ${backs.length}, median ${backs.sort((a, b) => a - b)[Math.floor(backs.length / 2)].toFixed(0)} ms`,
  );
  await context.close();
}

{
  // The tuning sweep: every pair from 0 to 100 at 100 replicas, with frames measured meanwhile.
  const { page, context } = await openApp(browser, server.url);
  await typeInto(page, "#replicas", "100");
  await page.fill("#sweep-bound", "100");
  await page.dispatchEvent("#sweep-bound", "change");
  await page.click("#run-sweep");
  const frames = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const times = [];
        let last = null;
        function frame(ts) {
          if (last !== null) times.push(ts - last);
          last = ts;
          if (!/settings in/.test(document.querySelector("#sweep-status").textContent)) requestAnimationFrame(frame);
          else resolve(times);
        }
        requestAnimationFrame(frame);
      }),
  );
  frames.sort((a, b) => a - b);
  console.log(
    `tuning sweep 101 x 101 at 100 replicas in the page: ${await page.locator("#sweep-status").innerText()}; frames meanwhile: ${frames.length}, median ${pct(frames, 50).toFixed(1)} ms, p95 ${pct(frames, 95).toFixed(1)} ms, max ${frames[frames.length - 1].toFixed(1)} ms`,
  );
  await context.close();
}

{
  // A Monte Carlo sweep in the page's workers: 21 x 21 settings x 20 seeds at 100 replicas whose
  // new pods take lognormal(5 s, 20 s) to become Ready, with frames measured meanwhile.
  const { page, context } = await openApp(browser, server.url);
  await page.fill("#replicas", "100");
  await page.selectOption("#image-1-ready-kind", "lognormal");
  for (const [sel, v] of [["#image-1-ready-a", "5"], ["#image-1-ready-b", "20"], ["#sweep-bound", "20"], ["#sweep-seeds", "20"]]) {
    await page.fill(sel, v);
    await page.dispatchEvent(sel, "change");
  }
  const size = await page.locator("#sweep-size").innerText();
  await page.click("#run-sweep");
  const frames = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const times = [];
        let last = null;
        function frame(ts) {
          if (last !== null) times.push(ts - last);
          last = ts;
          if (!/settings in|stopped/.test(document.querySelector("#sweep-status").textContent)) requestAnimationFrame(frame);
          else resolve(times);
        }
        requestAnimationFrame(frame);
      }),
  );
  frames.sort((a, b) => a - b);
  console.log(
    `Monte Carlo sweep in the page (${size}): ${await page.locator("#sweep-status").innerText()}; frames meanwhile: ${frames.length}, median ${pct(frames, 50).toFixed(1)} ms, p95 ${pct(frames, 95).toFixed(1)} ms, max ${frames[frames.length - 1].toFixed(1)} ms`,
  );
  await context.close();
}

{
  // A rollout on a cluster that must grow (benches/cluster-scale.yaml): 1,000 pods on 70 to
  // 100 nodes drawn in the nodes band, the autoscaler, 1,000 requests/s; frames while playing.
  const { page, context } = await openApp(browser, server.url);
  await page.setInputFiles("#load-scenario", path.join(DIST, "../benches/cluster-scale.yaml"));
  await page.waitForFunction(() => /Loaded/.test(document.querySelector("#notice")?.textContent ?? ""), null, { timeout: 60000 });
  await page.selectOption("#speed", "4");
  await page.click("#play");
  const frames = await frameTimes(page, 4000);
  const clock = await page.locator("#clock").innerText();
  console.log(
    `frame times while animating 1,000 replicas on 70+ nodes with the autoscaler and 1,000 requests/s (${frames.length} frames in 4 s at 4x, to ${clock}): median ${pct(frames, 50).toFixed(1)} ms, p95 ${pct(frames, 95).toFixed(1)} ms, max ${frames[frames.length - 1].toFixed(1)} ms`,
  );
  await context.close();
}

{
  // The preStop x grace-period sweep in the page (lesson 19: a cloud load balancer), 16 x 20
  // pairs run a preStop row per tick, from the click to the last row on screen.
  const { page, context } = await openApp(browser, `${server.url}#lesson=cloud-lb-drain&step=1`);
  await page.waitForSelector("#run-drain-sweep");
  const ms = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const t0 = performance.now();
        document.querySelector("#run-drain-sweep").click();
        const status = () => document.querySelector("#drain-sweep-status")?.textContent ?? "";
        const check = () => (/pairs run/.test(status()) ? resolve(performance.now() - t0) : requestAnimationFrame(check));
        check();
      }),
  );
  console.log(`preStop x grace sweep in the page: ${await page.locator("#drain-sweep-status").innerText()} in ${ms.toFixed(0)} ms; ${await page.locator("#drain-best").innerText()}`);
  await context.close();
}

if (process.env.BENCH_LIST) {
  // Importing a 1,000-pod `kubectl get deploy,rs,pods -o yaml` List: from the click on "Load
  // manifest" to the notice that it loaded, measured in the page.
  const list = fs.readFileSync(process.env.BENCH_LIST, "utf8");
  const { page, context } = await openApp(browser, server.url);
  // Set as a paste would (one input event); typing 4 MB through fill() takes minutes.
  await page.evaluate((text) => {
    const area = document.querySelector("#manifest-input");
    area.value = text;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }, list);
  const ms = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const notice = () => document.querySelector("#notice")?.textContent ?? "";
        const t0 = performance.now();
        document.querySelector("#load-manifest").click();
        const check = () => (/as the cluster had it/.test(notice()) ? resolve(performance.now() - t0) : requestAnimationFrame(check));
        check();
      }),
  );
  console.log(`importing a 1,000-pod List (${(list.length / 1e6).toFixed(1)} MB of YAML) in the page: ${ms.toFixed(0)} ms to the loaded scenario on screen`);
  await context.close();
}

await browser.close();
await server.close();
