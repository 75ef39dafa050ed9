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

/** Pixels of each colour (within 24 per channel) in the stage canvas' rows from 0 to `rows` CSS px. */
async function frontColours(page, rows, colours) {
  return page.evaluate(
    ({ rows, colours }) => {
      const c = document.querySelector("#stage");
      const scale = c.width / c.getBoundingClientRect().width;
      const px = c.getContext("2d").getImageData(0, 0, c.width, Math.round(rows * scale)).data;
      const rgb = colours.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
      const counts = rgb.map(() => 0);
      for (let i = 0; i < px.length; i += 4) {
        rgb.forEach((c, k) => {
          if (Math.abs(px[i] - c[0]) < 24 && Math.abs(px[i + 1] - c[1]) < 24 && Math.abs(px[i + 2] - c[2]) < 24) counts[k]++;
        });
      }
      return counts.map((n) => n / (scale * scale));
    },
    { rows, colours },
  );
}

test("the Ingress, the Service and the share bar stay in view on a desktop and on a phone", async () => {
  for (const [width, band] of [[1400, 60], [390, 120]]) {
    const context = await env.browser.newContext({ viewport: { width, height: 900 }, locale: "en-US", colorScheme: "light" });
    const page = await context.newPage();
    await page.goto(env.server.url + "#lesson=canary-pod-ratio&step=4");
    await page.waitForSelector("#pane-kubectl");
    await page.waitForTimeout(500);
    // The share bar (150 px by 8 at full share) in the front band, in both versions' colours.
    const [old, fresh] = await frontColours(page, band, ["#0072b2", "#b35c00"]);
    assert.ok(old + fresh > 900, `${width} px: ${old} old and ${fresh} new pixels in the front band`);
    assert.ok(old > 100 && fresh > 100, `${width} px: both versions in the share bar (${old}, ${fresh})`);
    await context.close();
  }
});
