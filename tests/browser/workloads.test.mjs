// StatefulSets and DaemonSets on the page: a manifest loads with the set's own settings; the
// stage puts pods in their ordinal's or node's column; kubectl's views are the set's; the
// forced rollback is done from the page; a DaemonSet's settings are checked in Kubernetes'
// words and its sweep loads a setting; the lessons run.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { withBrowser, openApp, pane, typeInto, ROOT } from "./harness.mjs";

const env = withBrowser({ before, after });
const STS = fs.readFileSync(path.join(ROOT, "examples/web-statefulset.yaml"), "utf8");
const DS = fs.readFileSync(path.join(ROOT, "examples/node-agent-daemonset.yaml"), "utf8");

test("a pasted StatefulSet loads with its own settings, replaces from the top and holds at the partition", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await page.fill("#manifest-input", STS.replace("replicas: 3", "replicas: 4"));
  await page.click("#load-manifest");
  assert.match(await page.locator("#settings-title").innerText(), /StatefulSet/);
  assert.equal(await page.locator("#pod-management-policy").inputValue(), "OrderedReady");
  await typeInto(page, "#partition", "2");
  await page.fill("#new-image", "hello:v2");
  await page.click("#apply-image");
  await page.locator("#scrubber").fill("20000");
  assert.match(await pane(page, "rollout status"), /partitioned roll out complete: 2 new pods have been updated/);
  assert.match(await pane(page, "get controllerrevision"), /statefulset\.apps\/web +2/);
  assert.match(await pane(page, "describe"), /Partition: +2/);
  const pods = await pane(page, "get pods");
  for (const name of ["web-0", "web-1", "web-2", "web-3"]) assert.match(pods, new RegExp(name));
  // The stage table lists the pods by revision: two of each.
  await page.click("details.stage-table summary");
  const table = await page.locator("#stage-table").innerText();
  assert.match(table, /ControllerRevision/);
  assert.match(table, /hello:v1/);
  assert.match(table, /hello:v2/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the forced rollback from the page: undo does not help until the broken pod is deleted", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url + "#lesson=statefulset-forced-rollback&step=2");
  assert.match(await page.locator("#lesson-text").innerText(), /nothing happens/);
  await page.click("#lesson-leave");
  // At 25 s the template is back to hello:v1 but web-2 still runs hello:v2 and is not Ready.
  assert.match(await pane(page, "rollout status"), /Waiting for 1 pods to be ready/);
  await page.selectOption("#delete-pod", "web-2");
  await page.click("#delete-pod-button");
  assert.match(await pane(page, "your commands"), /kubectl delete pod web-2\n.*pod "web-2" deleted/);
  await page.locator("#scrubber").fill("40000");
  assert.match(await pane(page, "rollout status"), /partitioned roll out complete: 3 new pods/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a DaemonSet: its surge and unavailability checked in Kubernetes' words, the sweep loads a setting, the lesson runs", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await page.fill("#manifest-input", DS);
  await page.click("#load-manifest");
  assert.match(await page.locator("#settings-title").innerText(), /DaemonSet/);
  assert.equal(await page.locator("#replicas").count(), 0, "a DaemonSet has no replicas field");
  await typeInto(page, "#max-unavailable", "1");
  assert.match(
    await page.locator("#pane-settings").innerText(),
    /spec\.updateStrategy\.rollingUpdate\.maxSurge: Invalid value: .*may not be set when maxUnavailable is non-zero/,
  );
  await typeInto(page, "#max-unavailable", "0");
  assert.match(await pane(page, "get ds"), /node-agent +3 +3 +3 +3 +3/);
  await page.click("#run-workload-sweep");
  const rows = page.locator("#workload-sweep tbody tr");
  assert.equal(await rows.count(), 10);
  // "maxUnavailable 50%, maxSurge 0": loaded into the settings.
  await rows.nth(3).locator("button").click();
  assert.equal(await page.locator("#max-unavailable").inputValue(), "50%");
  assert.equal(await page.locator("#max-surge").inputValue(), "0");
  assert.deepEqual(errors, []);
  await context.close();

  const lesson = await openApp(env.browser, env.server.url + "#lesson=daemonset-surge&step=1");
  assert.match(await lesson.page.locator("#lesson-title").innerText(), /two pods on one node/);
  assert.match(await pane(lesson.page, "rollout status"), /0 out of 3 new pods have been updated/);
  assert.deepEqual(lesson.errors, []);
  await lesson.context.close();
});
