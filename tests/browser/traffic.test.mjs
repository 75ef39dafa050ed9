// Traffic: what the users of the service see while the rollout runs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, openApp, typeInto } from "./harness.mjs";

const env = withBrowser({ before, after });

const latest = (page) => page.locator("#responses li").first().innerText();

test("applying v2 switches the responses from version 1 to version 2, with the failures explained", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  if (!(await page.locator("#traffic-on").isChecked())) await page.click("#traffic-on");
  await typeInto(page, "#new-image", "hello:v2");
  await page.click("#apply-image");
  await page.locator("#scrubber").fill("500");
  assert.match(await latest(page), /200\s+This is version 1\./);

  await page.selectOption("#speed", "16");
  await page.click("#play");
  await page.waitForFunction(() => document.querySelector("#play").textContent.includes("Play"), null, { timeout: 30000 });
  assert.match(await latest(page), /200\s+This is version 2\./);

  const outcome = await page.locator("#traffic-outcome").innerText();
  assert.match(outcome, /requests failed: \d+ sent to a pod that had stopped[^.]*\. Pods stopped while still receiving traffic; a preStop sleep of 2s/);

  // An out-of-range value is not ignored: the field says why, and the last valid value stays.
  await page.fill("#traffic-prestop", "-3");
  await page.dispatchEvent("#traffic-prestop", "change");
  assert.equal(
    await page.locator("#traffic-prestop-error").innerText(),
    "traffic.preStopSleep: Invalid value: -3: must be between 0 and 3600",
  );
  assert.equal(await page.locator("#traffic-prestop").getAttribute("aria-invalid"), "true");
  assert.match(await page.locator("#traffic-outcome").innerText(), /Pods stopped while still receiving traffic/);
  await page.fill("#traffic-prestop", "2");
  await page.dispatchEvent("#traffic-prestop", "change");
  await page.waitForFunction(() => document.querySelector("#traffic-outcome").textContent.includes("none failed"));
  assert.equal(await page.locator("#traffic-prestop-error").count(), 0, "a valid value clears the message");
  assert.ok(await page.locator("#traffic-chart").isVisible());

  // Each image's answer is editable.
  await page.fill("#image-1-response", "Hello from v2!");
  await page.dispatchEvent("#image-1-response", "change");
  assert.match(await latest(page), /200\s+Hello from v2!/);
  assert.deepEqual(errors, []);
  await context.close();
});
