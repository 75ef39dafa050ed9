// Stored state: a record from an older format is migrated; an unreadable one is kept aside and
// offered for download, never silently dropped.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withBrowser } from "./harness.mjs";

const env = withBrowser({ before, after });

async function openWithStorage(value) {
  const context = await env.browser.newContext({ locale: "en-US" });
  await context.addInitScript((v) => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("rollout-lab/scenario", v);
      sessionStorage.setItem("seeded", "1");
    }
  }, value);
  const page = await context.newPage();
  await page.goto(env.server.url);
  await page.waitForSelector("#replicas");
  return { context, page };
}

const scenario = {
  deployment: {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "saved" },
    spec: {
      replicas: 7,
      selector: { matchLabels: { app: "saved" } },
      template: { metadata: { labels: { app: "saved" } }, spec: { containers: [{ name: "c", image: "c:1" }] } },
    },
  },
  until: 30,
};

test("a scenario stored before formats had versions is migrated and kept", async () => {
  const { context, page } = await openWithStorage(JSON.stringify(scenario));
  assert.equal(await page.locator("#replicas").inputValue(), "7");
  assert.match(await page.locator("#notice").innerText(), /upgraded from format 0 to format 1/);
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem("rollout-lab/scenario")));
  assert.equal(stored.version, 1);
  await context.close();
});

test("an unreadable stored scenario is set aside, offered for download, and the page still works", async () => {
  const { context, page } = await openWithStorage('{"version": 9, "scenario": "from the future"}');
  assert.match(await page.locator("#notice").innerText(), /could not be read \(written by a newer Rollout Lab, format 9\)/);
  const kept = await page.evaluate(() => localStorage.getItem("rollout-lab/scenario-unreadable"));
  assert.equal(kept, '{"version": 9, "scenario": "from the future"}');
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-unreadable")]);
  assert.equal(download.suggestedFilename(), "rollout-lab-unreadable-scenario.json");
  assert.equal(await page.locator("#replicas").inputValue(), "3", "the default scenario is shown");
  await context.close();
});
