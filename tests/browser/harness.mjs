// Shared set-up for the browser tests: a static server for dist/ on a free loopback port, and
// Debian's Chromium driven by playwright-core (never a downloaded browser).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, "../..");
export const DIST = path.join(ROOT, "dist");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
};

/** Serves `dir` on 127.0.0.1 at a free port; records every request path. */
export async function serveDist(dir = DIST) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    requests.push(url.pathname);
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404).end("not found");
        return;
      }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((r) => server.close(r)) };
}

export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const p of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    if (fs.existsSync(p)) return p;
  }
  throw new Error("no Chromium found: set CHROMIUM_PATH or install Debian's chromium");
}

/** Launches headless Chromium with the flags this machine needs (no network chatter). */
export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Opens the page and waits until the app has rendered; fails on any console error. */
export async function openApp(browser, url, { viewport = { width: 1280, height: 900 }, colorScheme = "light", locale = "en-US" } = {}) {
  // The page speaks the browser's language: the tests pin it (i18n.test.mjs tries the other).
  const context = await browser.newContext({ viewport, colorScheme, locale });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    // The tab's icon is fetched by the browser, not by the page, and that fetch can outlive a
    // navigation to about:blank, whose null origin may not read loopback: not the page's error.
    // (offline.test.mjs checks that the icon itself is served.)
    if (/\/icon\.svg\b/.test(m.location()?.url ?? "") || /\/icon\.svg'/.test(m.text())) return;
    errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector("h1", { timeout: 30000 });
  return { page, context, errors };
}

/** Types into an input as a user does: select all, type the new value. */
/** Opens a kubectl tab ("get hpa") and returns what it shows. */
export async function pane(page, tab) {
  await page.click(`#tab-${tab.replace(/ /g, "-")}`);
  return page.locator("#pane").innerText();
}

export async function typeInto(page, selector, text) {
  await page.click(selector, { clickCount: 3 });
  await page.keyboard.press("Control+A");
  await page.keyboard.type(text);
}

/**
 * Registers before/after hooks that serve dist/ and launch Chromium once for a test file;
 * returns an object whose `server` and `browser` are set when the tests run.
 */
export function withBrowser(hooks) {
  const env = { server: null, browser: null };
  hooks.before(async () => {
    env.server = await serveDist();
    env.browser = await launch();
  });
  hooks.after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
