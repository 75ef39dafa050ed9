// Argo Rollouts on the page: a Rollout manifest loads with its steps in the settings, the step
// strip and the plugin's views follow the playhead, the plugin's commands act at the playhead,
// and a bad step is refused with Argo's words while the scenario stays as it was.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { withBrowser, openApp, pane, typeInto, ROOT } from "./harness.mjs";

const env = withBrowser({ before, after });

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "web:v1"}]}
  strategy:
    canary:
      steps:
      - setWeight: 25
      - pause: {}
`;

test("a lesson's Rollout shows its phase, its steps with the current one, and both weights", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url + "#lesson=canary-pod-ratio&step=3");
  const strip = page.locator("#rollout-steps");
  assert.match(await strip.innerText(), /Paused/);
  assert.match(await strip.innerText(), /SetWeight 10 · ActualWeight 25/);
  assert.equal(await strip.locator(".step.current").innerText(), "1pause");
  assert.match(await strip.innerText(), /Traffic: the Service spreads requests over every ready pod/);
  const get = await pane(page, "argo rollouts get");
  assert.match(get, /Status: +॥ Paused/);
  assert.match(get, /ActualWeight: +25/);
  assert.match(get, /hello:v2 \(canary\)/);
  assert.match(await pane(page, "get rollout"), /rolling-update-test +3 +4 +1 +4/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a pasted Rollout loads with its steps as a list; editing a step re-runs it; promote acts at the playhead", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await page.fill("#manifest-input", ROLLOUT);
  await page.click("#load-manifest");
  assert.equal(await page.locator("#strategy").inputValue(), "argo-canary");
  assert.match(await page.locator("#settings-title").innerText(), /Rollout/);
  assert.equal(await page.locator("#argo-step-0-value").inputValue(), "25");
  assert.equal(await page.locator("#argo-step-1-kind").inputValue(), "pause");
  // setWeight 25 of 4: one canary beside three stable pods once the image changes.
  await page.fill("#new-image", "web:v2");
  await page.click("#apply-image");
  await page.locator("#scrubber").fill("10000");
  await page.waitForFunction(() => /Paused/.test(document.querySelector("#rollout-steps")?.innerText ?? ""));
  // Half the pods: 2 canaries.
  await typeInto(page, "#argo-step-0-value", "50");
  await page.waitForFunction(() => /SetWeight 50/.test(document.querySelector("#rollout-steps")?.innerText ?? ""));
  assert.match(await pane(page, "get rs"), /web-\w+ +2 +2 +2/);
  await page.click("#promote");
  assert.match(await pane(page, "your commands"), /10s] \$ kubectl argo rollouts promote web\n\[ +10s] rollout 'web' promoted/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a step Argo would refuse is shown with its words, and the scenario stays as it was", async () => {
  const { page, context } = await openApp(env.browser, env.server.url);
  await page.fill("#manifest-input", ROLLOUT);
  await page.click("#load-manifest");
  const before = await pane(page, "get rollout");
  await typeInto(page, "#argo-step-0-value", "120");
  await page.waitForSelector(".step-row.invalid");
  assert.match(await page.locator(".step-row.invalid").innerText(), /SetWeight needs to be between 0 and 100/);
  assert.equal(await pane(page, "get rollout"), before);
  await context.close();
});

test("the story's update three ways: a table of what each cost, and each can be shown", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url + "#lesson=the-story&step=1");
  await page.click("#lesson-leave");
  await page.locator("#compare-strategies").click();
  const table = page.locator(".compare-table");
  assert.match(await table.innerText(), /Deployment \(RollingUpdate\)/);
  // hello:v2 is good here: the canary's analysis succeeds and it completes.
  assert.match(await table.innerText(), /Argo canary with analysis\s+0\s+0\s+\d+\s+[\d.]+ s\s+completed/);
  // Side by side on one playhead: the current Deployment (A) and the canary (B).
  await page.click("#beside-strategy-1");
  assert.match(await page.locator(".compare-stages").innerText(), /B: Argo canary with analysis/);
  await page.locator("#scrubber").fill("10000");
  assert.match(await page.locator("#counts-b").innerText(), /\d+ old · \d+ new/);
  await page.click("#stop-compare");
  await page.click("#show-strategy-2");
  assert.equal(await page.locator("#strategy").inputValue(), "argo-blue-green");
  assert.match(await page.locator("#notice").innerText(), /Argo blue-green/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the canary sweep: a bad version's errors, when the analysis stops it, and the fixed rollout's time", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url + "#lesson=the-story&step=1");
  await page.click("#lesson-leave");
  // The story's hello:v2 has no bug: nothing to sweep against, and the page says what to set.
  await page.click("#sweep-canary");
  assert.match(await page.locator("#strategy-compare .error").innerText(), /errorRate/);
  await page.setInputFiles("#load-scenario", path.join(ROOT, "scenarios/bad-version.yaml"));
  await page.waitForFunction(() => /Loaded/.test(document.querySelector("#notice")?.textContent ?? ""));
  await page.click("#sweep-canary");
  const grid = page.locator("#canary-sweep");
  assert.equal(await grid.locator("tbody tr").count(), 5);
  // setWeight 5%, no pause: 6 errors, aborted 42 s after the update, the fixed one done in 26 s
  // (engine/tests/argo_rollouts.rs works the times out).
  assert.match(await grid.locator("tbody tr").first().innerText(), /5%\s+\d+ · 42 s · 26 s/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the analysis' outcome is the user's: a run set to succeed lets the canary go on", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url + "#lesson=abort&step=3");
  assert.match(await page.locator("#rollout-steps").innerText(), /Degraded/);
  await page.click("#lesson-leave");
  assert.equal(await page.locator("#argo-analysis-0-phase").inputValue(), "Failed");
  await page.selectOption("#argo-analysis-0-phase", "Successful");
  await page.locator("#scrubber").fill("48000");
  await page.waitForFunction(() => !/Degraded/.test(document.querySelector("#rollout-steps")?.innerText ?? ""));
  assert.match(await page.locator("#rollout-steps").innerText(), /SetWeight 60/);
  assert.deepEqual(errors, []);
  await context.close();
});
