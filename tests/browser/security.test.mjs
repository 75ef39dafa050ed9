// Hostile input on the page: nothing typed is interpreted as HTML, the page declares a
// Content-Security-Policy, and it never talks to another host.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { DIST, withBrowser, openApp, typeInto } from "./harness.mjs";

const env = withBrowser({ before, after });

test("the built page declares a Content-Security-Policy of its own origin only, and honours it", async () => {
  const html = fs.readFileSync(path.join(DIST, "index.html"), "utf8");
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(csp, "a CSP meta tag");
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.match(csp, /style-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*/);

  const { page, context, errors } = await openApp(env.browser, env.server.url);
  const hosts = new Set();
  page.on("request", (r) => hosts.add(new URL(r.url()).host));
  await page.reload();
  await page.waitForSelector("#stage");
  if (!(await page.locator("#traffic-on").isChecked())) await page.click("#traffic-on");
  await page.click("#play");
  await page.waitForTimeout(500);
  assert.deepEqual(errors, [], "no CSP violation or other console error");
  for (const h of hosts) assert.ok(h.startsWith("127.0.0.1"), `request to ${h}`);
  await context.close();
});

test("a manifest full of markup is shown as text, never run", async () => {
  const { page, context } = await openApp(env.browser, env.server.url);
  let dialogs = 0;
  page.on("dialog", async (d) => {
    dialogs += 1;
    await d.dismiss();
  });
  const evil = '<img src=x onerror="alert(1)">';
  await page.fill(
    "#manifest-input",
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: '${evil}'}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: a, image: 'x'}]}\n`,
  );
  await page.click("#load-manifest");
  const notice = await page.locator("#notice").innerText();
  assert.ok(notice.includes("<img src=x onerror="), notice);
  assert.match(notice, /metadata\.name: Invalid value: .*a lowercase RFC 1123 subdomain/);
  assert.equal(await page.locator("img").count(), 0);

  // An image name with markup is accepted by Kubernetes; it is still only text on the page.
  await typeInto(page, "#new-image", "<b id=injected>v2</b>");
  await page.click("#apply-image");
  await page.click("#tab-describe");
  assert.match(await page.locator("#pane").innerText(), /<b id=injected>v2<\/b>/);
  assert.equal(await page.locator("#injected").count(), 0);
  assert.equal(dialogs, 0);
  await context.close();
});
