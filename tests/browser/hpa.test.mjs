// The HorizontalPodAutoscaler on the page: its fields in the cluster form and the images'
// CPU per request, a scale-up from the story's own traffic, the Why panel's arithmetic,
// kubectl get/describe hpa, an invalid spec refused beside its field, and the lesson.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, openApp, typeInto, pane } from "./harness.mjs";

const env = withBrowser({ before, after });

test("an HPA set up on the form scales the story up from its traffic, and says why", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  // The story: 3 replicas. 100m each, 20 ms of CPU per request of hello:v1, the traffic's
  // default 20 requests/s: 6.67 each, 133m, 133% against 50%: ceil(2.67 × 3) = 8, held to
  // maxReplicas 6 (TooManyReplicas) at the first sync (t = 0).
  await typeInto(page, "#cpu-request", "100m");
  await page.locator("summary", { hasText: "CPU (what an HPA reads)" }).first().click();
  await typeInto(page, "#image-0-cpu-per-request", "20");
  await typeInto(page, "#hpa-max-replicas", "6");
  await typeInto(page, "#hpa-target-cpu", "50");
  if (!(await page.locator("#traffic-on").isChecked().catch(() => true))) await page.click("#traffic-on");
  await page.locator("#scrubber").fill("1000");
  await page.waitForFunction(() => document.querySelector("#hpa-note"));
  assert.match(await page.locator("#hpa-note").innerText(), /spec\.replicas 3 → 6/);
  assert.match(await page.locator("#hpa-why").innerText(), /TooManyReplicas/);
  assert.match(await pane(page, "get hpa"), /Deployment\/rolling-update-test\s+\d+%\/50%\s+1\s+6\s+3/);
  assert.match(await pane(page, "describe hpa"), /ScalingLimited\s+True\s+TooManyReplicas/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("an invalid HPA spec is refused beside its field, in the API server's words", async () => {
  const { page, context } = await openApp(env.browser, env.server.url);
  await typeInto(page, "#hpa-min-replicas", "4");
  await typeInto(page, "#hpa-max-replicas", "2");
  assert.equal(
    await page.locator("#hpa-max-replicas-error").innerText(),
    "cluster.hpa.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`",
  );
  assert.doesNotMatch(await pane(page, "get hpa"), /Deployment\//, "no HPA was created from the invalid form");
  await context.close();
});

test("the lesson: the HPA scales mid-rollout and the new replicas are shared", async () => {
  const { page, context, errors } = await openApp(env.browser, `${env.server.url}#lesson=hpa-joins-rollout&step=3`);
  await page.waitForFunction(() => /t = 61 s/.test(document.querySelector("#clock")?.textContent ?? ""));
  assert.match(await page.locator("#hpa-why").innerText(), /ceil\(1\.22 × 5\) = 7\. spec\.replicas 4 → 7\./);
  assert.match(await pane(page, "get hpa"), /92%\/60%/);
  const rs = (await pane(page, "get rs")).trim().split("\n").slice(2).map((l) => l.trim().split(/\s+/));
  assert.deepEqual(rs.map((r) => r[1]), ["3", "5"], "desired: old 3, new 5");
  assert.deepEqual(errors, []);
  await context.close();
});
