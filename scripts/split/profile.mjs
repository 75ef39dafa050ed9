// Writes first-view.txt: the functions the page runs to show its first view, found by running
// the page in Chromium with a module instrumented by binaryen's wasm-split (each function
// records whether it ran). `scripts/first-view` runs it between two page builds: it reads the
// whole module split.mjs kept in target/split/. A function missing from the list still works
// (it is loaded with the rest when called); the browser test split.test.mjs fails when the
// first view needs one, which is when to run this again.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { definedFunctions, exports, functionNames, importedFunctions, restoreTableExports, rewriteTableFills } from "./wasm.mjs";
import { FIRST_VIEW, builtFiles, wasmSplit } from "./split.mjs";
import { DIST, ROOT, launch, serveDist } from "../../tests/browser/harness.mjs";

/** The views a first visit can open on: what the list must cover. */
const VIEWS = [
  { name: "desktop, English, light", viewport: { width: 1280, height: 900 }, locale: "en-US", colorScheme: "light" },
  { name: "desktop, Chinese, dark", viewport: { width: 1400, height: 900 }, locale: "zh-CN", colorScheme: "dark" },
  { name: "phone, English", viewport: { width: 390, height: 844 }, locale: "en-US", colorScheme: "light", isMobile: true, hasTouch: true },
];

const keep = path.join(ROOT, "target", "split");
const whole = fs.readFileSync(path.join(keep, "whole.wasm"));
const names = functionNames(whole);
const imported = importedFunctions(whole);
const defined = definedFunctions(whole);

// The instrumented module, in a copy of the built page with wasm-bindgen's own JavaScript.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rollout-profile-"));
const dist = path.join(tmp, "dist");
fs.cpSync(DIST, dist, { recursive: true });
const files = builtFiles(dist);
const patched = Buffer.from(whole);
rewriteTableFills(patched);
fs.writeFileSync(path.join(tmp, "whole.wasm"), patched);
const instrumented = path.join(dist, files.wasm);
wasmSplit(["--instrument", path.join(tmp, "whole.wasm"), "-o", instrumented]);
const bytes = fs.readFileSync(instrumented);
restoreTableExports(whole, bytes);
fs.writeFileSync(instrumented, bytes);
fs.copyFileSync(path.join(keep, "whole.js"), path.join(dist, files.js));
fs.rmSync(path.join(dist, "sw.js"));
fs.writeFileSync(
  path.join(dist, "index.html"),
  files.html.replace(/ integrity="[^"]*"/g, "").replace(/<link rel="prefetch"[^>]*>/g, ""),
);

const ran = new Uint8Array(defined);
const server = await serveDist(dist);
const browser = await launch();
try {
  for (const view of VIEWS) {
    const { name, ...options } = view;
    const context = await browser.newContext(options);
    await context.addInitScript(() => addEventListener("TrunkApplicationStarted", (e) => (window.__wasm = e.detail.wasm)));
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(server.url);
    await page.waitForSelector("h1", { timeout: 30000 });
    // Every panel is drawn a frame or two after the first.
    await page.waitForTimeout(1500);
    const profile = await page.evaluate((count) => {
      const w = window.__wasm;
      const size = 8 + 4 * count;
      const at = w.__wbindgen_malloc(size, 8);
      const written = w.__write_profile(at, size);
      return Array.from(new Uint32Array(w.memory.buffer.slice(at + 8, at + written)));
    }, defined);
    if (errors.length) throw new Error(`${name}: ${errors.join("; ")}`);
    if (profile.length !== defined) throw new Error(`${name}: a profile of ${profile.length} functions for ${defined}`);
    profile.forEach((t, i) => t && (ran[i] = 1));
    console.log(`profile.mjs: ${name}: ${profile.filter(Boolean).length} functions ran`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(tmp, { recursive: true });
}

const main = exports(whole).get("main");
if (!main || !ran[main.index - imported]) throw new Error("profile.mjs: main did not run: the profile does not line up");
const list = new Set();
ran.forEach((r, i) => r && names.has(imported + i) && list.add(names.get(imported + i)));
const header = [
  "# The functions the page's first view runs (desktop and phone, English and Chinese), by the",
  "# linker's name: scripts/split/split.mjs keeps these in the page's first module.",
  "# Written by scripts/first-view (scripts/split/profile.mjs); run it again when split.test.mjs says to.",
];
fs.writeFileSync(FIRST_VIEW, [...header, ...[...list].sort()].join("\n") + "\n");
console.log(`profile.mjs: ${list.size} names written to ${path.relative(ROOT, FIRST_VIEW)}`);
