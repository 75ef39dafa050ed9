import { serveDist, launch, openApp } from "./harness.mjs";
const server = await serveDist();
const browser = await launch();
const shots = [
  ["blue-green", 3, "dark", { width: 1400, height: 1000 }, "#pane-stage"],
  ["abort", 4, "dark", { width: 1400, height: 1000 }, "#pane-kubectl"],
  ["canary-pod-ratio", 3, "light", { width: 390, height: 844 }, null],
];
for (const [lesson, step, scheme, viewport, sel] of shots) {
  const { page, context, errors } = await openApp(browser, `${server.url}#lesson=${lesson}&step=${step}`, { viewport, colorScheme: scheme });
  await page.waitForTimeout(1500);
  if (lesson === "abort") { await page.click("#tab-argo-rollouts-get"); }
  const name = `/tmp/pp/${lesson}-${scheme}-${viewport.width}.png`;
  if (sel) await page.locator(sel).screenshot({ path: name });
  else await page.screenshot({ path: name, clip: { x: 0, y: 0, width: 390, height: 1400 }, fullPage: true });
  console.log(name, errors);
  await context.close();
}
await browser.close(); await server.close();
