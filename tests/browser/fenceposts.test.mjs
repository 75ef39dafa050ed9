// The first slice: a user types replicas, maxSurge and maxUnavailable and sees the engine's
// numbers. Expected values come from the engine itself, through `rollout-lab resolve`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { ROOT, serveDist, launch, openApp, typeInto } from "./harness.mjs";

const CLI = process.env.ROLLOUT_LAB_CLI ?? path.join(ROOT, "target/debug/rollout-lab");

/** What the engine says for these inputs: {surge, unavailable, maxTotal, ...} or {errors}. */
function engine(replicas, surge, unavailable) {
  try {
    return JSON.parse(execFileSync(CLI, ["resolve", replicas, surge, unavailable], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
  } catch (e) {
    return JSON.parse(e.stderr.toString());
  }
}

let server, browser, app;
before(async () => {
  server = await serveDist();
  browser = await launch();
  app = await openApp(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function setInputs(replicas, surge, unavailable) {
  const { page } = app;
  await typeInto(page, "#replicas", replicas);
  await typeInto(page, "#max-surge", surge);
  await typeInto(page, "#max-unavailable", unavailable);
}

const text = (sel) => app.page.locator(sel).innerText();

test("the page is titled Rollout Lab and every input's label names its Kubernetes field", async () => {
  const { page } = app;
  assert.equal(await page.title(), "Rollout Lab");
  for (const [id, field] of [
    ["replicas", "spec.replicas"],
    ["max-surge", "maxSurge"],
    ["max-unavailable", "maxUnavailable"],
  ]) {
    const label = await page.locator(`label[for="${id}"]`).innerText();
    assert.ok(label.includes(field), `label of #${id} is ${JSON.stringify(label)}`);
    assert.ok(await page.locator(`label[for="${id}"]`).isVisible());
  }
});

const valid = [
  ["3", "25%", "25%"],
  ["10", "25%", "25%"],
  ["1", "25%", "25%"],
  ["4", "0", "1"],
  ["10", "39%", "39%"],
  ["3", "0%", "10%"],
  ["2", "1", "100%"],
  ["100", "7", "13%"],
];

for (const [r, s, u] of valid) {
  test(`replicas ${r}, maxSurge ${s}, maxUnavailable ${u}: the page shows the engine's numbers`, async () => {
    await setInputs(r, s, u);
    const want = engine(r, s, u);
    assert.ok(!want.errors, `engine rejected a valid case: ${JSON.stringify(want)}`);
    assert.equal(await text("#surge-value"), String(want.surge));
    assert.equal(await text("#unavailable-value"), String(want.unavailable));
    assert.equal(await text("#max-total-value"), String(want.maxTotal));
    assert.equal(await text("#min-available-value"), String(want.minAvailable));
    assert.equal(await text("#surge-why"), want.surgeWhy);
    assert.ok((await text("#unavailable-why")).startsWith(want.unavailableWhy.split(";")[0]));
  });
}

test("the story's arithmetic is written out: 25% of 3 = 0.75, surge up to 1, unavailable down to 0", async () => {
  await setInputs("3", "25%", "25%");
  assert.equal(await text("#surge-why"), "maxSurge 25% of 3 = 0.75, rounds up to 1");
  assert.equal(await text("#unavailable-why"), "maxUnavailable 25% of 3 = 0.75, rounds down to 0");
  assert.match(await text("#max-total"), /3 \+ 1 = 4/);
  assert.match(await text("#min-available"), /3 − 0 = 3/);
});

const invalid = [
  ["3", "0", "0", "spec.strategy.rollingUpdate.maxUnavailable", "may not be 0 when `maxSurge` is 0"],
  ["3", "1", "110%", "spec.strategy.rollingUpdate.maxUnavailable", "must not be greater than 100%"],
  ["3", "-1", "1", "spec.strategy.rollingUpdate.maxSurge", "must be greater than or equal to 0"],
  ["3", "abc", "1", "spec.strategy.rollingUpdate.maxSurge", "a valid percent string must be a numeric string followed by an ending '%'"],
  ["3", "25.5%", "1", "spec.strategy.rollingUpdate.maxSurge", "a valid percent string"],
  ["-1", "1", "1", "spec.replicas", "must be greater than or equal to 0"],
];

for (const [r, s, u, field, message] of invalid) {
  test(`replicas ${r}, maxSurge ${s}, maxUnavailable ${u}: Kubernetes' error is shown beside ${field}`, async () => {
    await setInputs(r, s, u);
    const want = engine(r, s, u);
    assert.ok(want.errors?.some((e) => e.startsWith(field) && e.includes(message)), JSON.stringify(want));
    const id = { "spec.replicas": "replicas", "spec.strategy.rollingUpdate.maxSurge": "max-surge", "spec.strategy.rollingUpdate.maxUnavailable": "max-unavailable" }[field];
    const beside = await text(`#${id}-error`);
    assert.ok(beside.includes(message), `beside #${id}: ${JSON.stringify(beside)}`);
    assert.equal(await app.page.locator("#surge-value").count(), 0, "no numbers are shown for an invalid Deployment");
  });
}

test("fixing an invalid value brings the numbers back, and nothing logged an error", async () => {
  await setInputs("3", "0", "0");
  await setInputs("3", "1", "0");
  assert.equal(await text("#surge-value"), "1");
  assert.deepEqual(app.errors, []);
});
