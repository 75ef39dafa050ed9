import { serveDist, launch, openApp, ROOT } from "./harness.mjs";
import path from "node:path";
const server = await serveDist();
const browser = await launch();
for (const scheme of ["light", "dark"]) {
  const { page, context, errors } = await openApp(browser, server.url, { viewport: { width: 1400, height: 1000 }, colorScheme: scheme });
  await page.setInputFiles("#load-scenario", path.join(ROOT, "scenarios/bad-version.yaml"));
  await page.waitForFunction(() => /Loaded/.test(document.querySelector("#notice")?.textContent ?? ""));
  await page.click("#compare-strategies");
  await page.click("#beside-strategy-1");
  await page.locator("#scrubber").fill("50000");
  await page.waitForTimeout(800);
  await page.locator("#pane-stage").screenshot({ path: `/tmp/pp/beside-${scheme}.png` });
  await page.click("#sweep-canary");
  await page.locator("#strategy-compare").screenshot({ path: `/tmp/pp/compare-${scheme}.png` });
  await page.click("#show-strategy-1");
  await page.waitForTimeout(500);
  await page.locator("#pane-settings").screenshot({ path: `/tmp/pp/settings-${scheme}.png` });
  console.log(scheme, errors);
  await context.close();
}
await browser.close(); await server.close();
