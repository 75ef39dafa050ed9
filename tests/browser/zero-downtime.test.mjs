// Zero-downtime deploys on the page: the front end's preset with its delays and where they come
// from, failures by cause, the smallest preStop sleep and grace period with the arithmetic and
// the YAML, applied in one click, and the warning when preStop does not fit in the grace period.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, openApp, typeInto } from "./harness.mjs";

const env = withBrowser({ before, after });

async function outcome(page) {
  return page.locator("#traffic-outcome").innerText();
}

/** Sets a traffic field as a user does: typed, then committed (its change event). */
async function setNumber(page, selector, value) {
  await page.fill(selector, value);
  await page.dispatchEvent(selector, "change");
}

test("behind a cloud load balancer, the recommendation covers its deregistration and ends the failures", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  if (!(await page.locator("#traffic-on").isChecked())) await page.click("#traffic-on");
  await page.selectOption("#traffic-front-end", "cloudLoadBalancer");
  assert.match(await page.locator("#traffic-front-end-source").innerText(), /deregisters the target/);
  assert.equal(await page.locator("#traffic-deregistration").inputValue(), "10");
  assert.equal(await page.locator("#traffic-health-interval").inputValue(), "15");
  // Without its readiness gate the rollout outruns the balancer's registration of new pods.
  await typeInto(page, "#new-image", "hello:v2");
  await page.click("#apply-image");
  await page.waitForFunction(() => /no ready endpoint/.test(document.querySelector("#traffic-outcome")?.textContent ?? ""));
  assert.match(await outcome(page), /readiness gate \(or minReadySeconds of 26 s\)/);
  await page.click("#traffic-readiness-gate");
  await page.waitForFunction(() => /requests failed/.test(document.querySelector("#traffic-outcome")?.textContent ?? ""));
  assert.match(await outcome(page), /\d+ sent to a pod that had stopped/);
  // Under the stage, the failures so far by cause, at the playhead.
  await page.locator("#scrubber").fill(await page.locator("#scrubber").getAttribute("max"));
  assert.match(await page.locator("#failed-note").innerText(), /^Requests failed so far — \d+ sent to a pod that had stopped/);
  // endpoints 1 s + deregistration 10 s = 11 s; a request of 0.05 s in flight: preStop 12 s.
  assert.match(
    await page.locator("#drain-arithmetic").innerText(),
    /^endpoints 1 s \+ deregistration 10 s = 11 s until the last new request; .*preStop 12 s, terminationGracePeriodSeconds at least 13 s\.$/,
  );
  assert.match(await page.locator("#drain-yaml").innerText(), /terminationGracePeriodSeconds: 30[\s\S]*command: \["sleep", "12"\]/);
  await page.click("#apply-drain");
  await page.waitForFunction(() => /none failed/.test(document.querySelector("#traffic-outcome")?.textContent ?? ""));
  assert.equal(await page.locator("#traffic-prestop").inputValue(), "12");
  assert.equal(await page.locator("#apply-drain").isDisabled(), true, "nothing left to apply");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a preStop sleep longer than the grace period is flagged, and its kill counted", async () => {
  const { page, context } = await openApp(env.browser, env.server.url);
  if (!(await page.locator("#traffic-on").isChecked())) await page.click("#traffic-on");
  await page.selectOption("#traffic-front-end", "cloudLoadBalancer");
  await page.click("#traffic-readiness-gate");
  await typeInto(page, "#termination-grace-period-seconds", "5");
  await setNumber(page, "#traffic-prestop", "12");
  assert.match(
    await page.locator("#grace-warning").innerText(),
    /^preStop sleeps 12 s but terminationGracePeriodSeconds is 5 s: .*kills the container mid-sleep/,
  );
  await typeInto(page, "#new-image", "hello:v2");
  await page.click("#apply-image");
  await page.waitForFunction(() => /requests failed/.test(document.querySelector("#traffic-outcome")?.textContent ?? ""));
  // Killed 5 s after its deletion, the pod is still sent requests for 6 s more.
  assert.match(await outcome(page), /\d+ sent to a pod that had stopped/);
  // The recommendation raises the grace period: preStop 12 s, grace 13 s.
  await page.click("#apply-drain");
  assert.equal(await page.locator("#termination-grace-period-seconds").inputValue(), "13");
  await page.waitForFunction(() => /none failed/.test(document.querySelector("#traffic-outcome")?.textContent ?? ""));
  assert.equal(await page.locator("#grace-warning").count(), 0);
  await context.close();
});

test("the tuning panel sweeps preStop x grace period and its best pair is the recommendation", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  if (!(await page.locator("#traffic-on").isChecked())) await page.click("#traffic-on");
  await page.selectOption("#traffic-front-end", "cloudLoadBalancer");
  await page.click("#traffic-readiness-gate");
  await typeInto(page, "#new-image", "hello:v2");
  await page.click("#apply-image");
  await setNumber(page, "#drain-pre-stop-max", "13");
  await setNumber(page, "#drain-grace-max", "14");
  await page.click("#run-drain-sweep");
  await page.waitForFunction(() => /196 pairs run/.test(document.querySelector("#drain-sweep-status")?.textContent ?? ""), null, { timeout: 60000 });
  // 11 s until the last new request. The arithmetic adds a whole request (0.05 s) and rounds
  // up to 12 s, for a request sent at any moment; here requests come every 50 ms, so the last
  // one, sent at 10.95 s, ends at 11 s exactly, and 11 s loses nothing in this run.
  assert.match(await page.locator("#drain-best").innerText(), /preStop 11 s with a grace period of 12 s/);
  assert.ok(await page.locator("#drain-failed").isVisible());
  assert.ok(await page.locator("#drain-duration").isVisible());
  await page.click("#use-drain-best");
  assert.equal(await page.locator("#traffic-prestop").inputValue(), "11");
  assert.equal(await page.locator("#termination-grace-period-seconds").inputValue(), "12");
  await page.waitForFunction(() => /none failed/.test(document.querySelector("#traffic-outcome")?.textContent ?? ""));
  assert.deepEqual(errors, []);
  await context.close();
});
