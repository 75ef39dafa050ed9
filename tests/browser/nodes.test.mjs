// Nodes and resources on the page: pods' requests and the nodes' allocatable in the cluster
// form, a surge pod that fits nowhere with the scheduler's message, the nodes on the stage and
// in kubectl, an invalid quantity refused beside its field, and the lesson.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, openApp, typeInto, pane } from "./harness.mjs";

const env = withBrowser({ before, after });

test("a full cluster: the surge pod stays Pending with the scheduler's words, and the rollout cannot finish", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  // The story: 3 replicas at maxSurge 1, maxUnavailable 0. One 600m pod fits a 1-CPU node.
  await typeInto(page, "#cpu-request", "600m");
  await typeInto(page, "#node-cpu", "1");
  await typeInto(page, "#new-image", "hello:v2");
  await page.click("#apply-image");
  await page.locator("#scrubber").fill("20000");
  assert.equal(
    await page.locator("#pending-note").innerText(),
    "1 pod Pending — the scheduler: 0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..",
  );
  const nodes = await pane(page, "get nodes");
  assert.match(nodes, /node-1\s+Ready\s+<none>/);
  assert.equal(nodes.trim().split("\n").length, 5, `the command, the header and 3 nodes:\n${nodes}`);
  const described = await pane(page, "describe nodes");
  assert.match(described, /cpu\s+600m \(60%\)/, described);
  // maxUnavailable 0 and no room: no old pod may go, so the rollout waits.
  const rs = (await pane(page, "get rs")).trim().split("\n").slice(2).map((l) => l.trim().split(/\s+/));
  assert.deepEqual(rs.map((r) => r[1]), ["3", "1"], "desired: old 3, new 1");
  assert.deepEqual(rs.map((r) => r[3]), ["3", "0"], "ready: the new pod never runs");
  assert.deepEqual(errors, []);
  await context.close();
});

test("an invalid quantity is refused beside its field and nothing else changes", async () => {
  const { page, context } = await openApp(env.browser, env.server.url);
  await typeInto(page, "#cpu-request", "5OOm");
  assert.match(
    await page.locator("#cpu-request-error").innerText(),
    /requests\[cpu\]: Invalid value: "5OOm": quantities must match the regular expression/,
  );
  await typeInto(page, "#max-nodes", "1");
  assert.match(await page.locator("#max-nodes-error").innerText(), /must be a whole number from cluster.nodes \(3\) to 10000/);
  await context.close();
});

test("the lesson: Pending surge pods, a node on its way, drawn on the stage", async () => {
  const { page, context, errors } = await openApp(env.browser, `${env.server.url}#lesson=surge-needs-room&step=3`);
  await page.waitForFunction(() => /t = 30 s/.test(document.querySelector("#clock")?.textContent ?? ""));
  assert.match(await page.locator("#pending-note").innerText(), /^2 pods Pending — the scheduler: 0\/3 nodes are available: 3 Insufficient cpu\./);
  assert.match(await pane(page, "get nodes"), /node-3/);
  assert.doesNotMatch(await pane(page, "get nodes"), /node-4/, "node-4 is not registered until Ready");
  // The nodes band: its own canvas under the lanes, a row of boxes at least.
  assert.ok(await page.locator("#stage-nodes").isVisible());
  const height = await page.locator("#stage-nodes").evaluate((el) => el.getBoundingClientRect().height);
  assert.ok(height > 60, `nodes band ${height}px`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a drain refused by a PodDisruptionBudget: the node cordoned, kubectl's retries, get pdb", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await typeInto(page, "#pdb-min-available", "3");
  await page.selectOption("#drain-node", "node-1");
  await page.click("#drain");
  await page.locator("#scrubber").fill("3000");
  assert.match(await pane(page, "get nodes"), /node-1\s+Ready,SchedulingDisabled/);
  const pdb = (await pane(page, "get pdb")).trim().split("\n");
  assert.deepEqual(pdb[2].trim().split(/\s+/).slice(0, 4), ["rolling-update-test", "3", "N/A", "0"], pdb.join("\n"));
  // The uncordon button acts on the cordoned node.
  assert.equal(await page.locator("#uncordon").isDisabled(), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the drain lesson: evictions refused while the rollout goes on", async () => {
  const { page, context, errors } = await openApp(env.browser, `${env.server.url}#lesson=drain-meets-rollout&step=3`);
  await page.waitForFunction(() => /t = 30 s/.test(document.querySelector("#clock")?.textContent ?? ""));
  const pdb = (await pane(page, "get pdb")).trim().split("\n");
  assert.deepEqual(pdb[2].trim().split(/\s+/).slice(0, 4), ["web", "4", "N/A", "0"]);
  assert.match(await pane(page, "get nodes"), /node-1\s+Ready,SchedulingDisabled/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("your commands: the drain's output as kubectl prints it, retries stamped with their time", async () => {
  const { page, context } = await openApp(env.browser, `${env.server.url}#lesson=drain-meets-rollout&step=3`);
  await page.waitForFunction(() => /t = 30 s/.test(document.querySelector("#clock")?.textContent ?? ""));
  const out = await pane(page, "your commands");
  assert.match(out, /\[\s+5s\] \$ kubectl drain node-1 --ignore-daemonsets\n\[\s+5s\] node\/node-1 cordoned/);
  assert.match(out, /\[\s+30s\] error when evicting pods\/"web-[a-z0-9-]+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);
  assert.doesNotMatch(out, /drained/, "not drained yet at 30 s");
  await context.close();
});

test("the nodes band repainted box by box while playing shows what a whole paint shows", async () => {
  // benches/cluster-scale.yaml: 1,000 pods on 70 nodes growing to 79. Playing repaints only the
  // boxes that changed; a page opened at the same moment paints the band whole.
  const open = async () => {
    const o = await openApp(env.browser, env.server.url);
    await o.page.setInputFiles("#load-scenario", new URL("../../benches/cluster-scale.yaml", import.meta.url).pathname);
    await o.page.waitForFunction(() => /Loaded/.test(document.querySelector("#notice")?.textContent ?? ""), null, { timeout: 60000 });
    return o;
  };
  const read = (page) => page.locator("#stage-nodes").evaluate((el) => el.toDataURL());
  // The band once it has stopped changing (a busy machine paints the last frame late).
  const band = async (page) => {
    let last = await read(page);
    for (let i = 0; i < 20; i++) {
      await page.waitForTimeout(150);
      const now = await read(page);
      if (now === last) return now;
      last = now;
    }
    return last;
  };
  const a = await open();
  await a.page.selectOption("#speed", "16");
  await a.page.click("#play");
  await a.page.waitForFunction(() => Number(document.querySelector("#scrubber").value) > 40000, null, { timeout: 30000 });
  await a.page.click("#play");
  // The scrubber shows the playhead rounded to its 10 ms step: bring the played page to that
  // very moment (a few ms on, painted box by box again) before comparing.
  const at = await a.page.locator("#scrubber").inputValue();
  await a.page.locator("#scrubber").fill(at);
  const played = await band(a.page);
  const b = await open();
  await b.page.locator("#scrubber").fill(at);
  await b.page.waitForFunction((t) => document.querySelector("#scrubber").value === t, at);
  assert.ok(played === (await band(b.page)), `the band at ${at} ms differs between the played page and a fresh one`);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context.close();
  await b.context.close();
});
