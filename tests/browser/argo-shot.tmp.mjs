import { serveDist, launch, openApp } from "./harness.mjs";
const server = await serveDist();
const browser = await launch();
const which = process.argv.slice(2);
for (const spec of which) {
  const [lesson, step] = spec.split(":");
  const { page, context, errors } = await openApp(browser, `${server.url}#lesson=${lesson}&step=${step}`, { viewport: { width: 1400, height: 1000 } });
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `/tmp/pp/${lesson}-${step}.png`, clip: { x: 420, y: 0, width: 980, height: 1250 } });
  console.log(lesson, "errors:", errors.slice(0, 5));
  await context.close();
}
await browser.close(); await server.close();
