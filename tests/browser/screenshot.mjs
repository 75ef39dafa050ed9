// Takes screenshots of the built page, to look at: node tests/browser/screenshot.mjs [OUT_DIR]
// Writes light.png, dark.png and narrow.png (a phone-sized viewport).
import path from "node:path";
import fs from "node:fs";
import { ROOT, serveDist, launch, openApp } from "./harness.mjs";

const out = process.argv[2] ?? path.join(ROOT, "tests/browser/screenshots");
fs.mkdirSync(out, { recursive: true });
const server = await serveDist();
const browser = await launch();
try {
  for (const [name, opts] of [
    ["light", { colorScheme: "light" }],
    ["dark", { colorScheme: "dark" }],
    ["narrow", { viewport: { width: 390, height: 844 } }],
  ]) {
    const { page, context } = await openApp(browser, server.url + (process.env.SHOT_HASH ?? ""), opts);
    await page.waitForTimeout(Number(process.env.SHOT_WAIT ?? 300));
    await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
    await context.close();
    console.log(path.join(out, `${name}.png`));
  }
} finally {
  await browser.close();
  await server.close();
}
