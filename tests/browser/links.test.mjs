// The user's work is never lost: a link (shared, broken or a lesson's) shows its scenario beside
// the user's own, which stays stored and one click away; oversized input is refused before it is
// read.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, openApp, typeInto } from "./harness.mjs";

const env = withBrowser({ before, after });

const stored = (page) => page.evaluate(() => JSON.parse(localStorage.getItem("rollout-lab/scenario")).scenario.deployment.spec.replicas);

/** A context whose stored scenario has 7 replicas, made by editing as a user does. */
async function withSevenSaved() {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await typeInto(page, "#replicas", "7");
  await page.waitForFunction(() => /"replicas":7/.test(localStorage.getItem("rollout-lab/scenario") ?? ""));
  return { page, context, errors };
}

/** Someone else's shared link: a scenario of 10 replicas. */
async function othersLink() {
  const { page, context } = await openApp(env.browser, env.server.url);
  await typeInto(page, "#replicas", "10");
  // The address bar follows each edit ("1", then "10"): wait for the last.
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"replicas":10'));
  const link = page.url();
  await context.close();
  assert.match(link, /#s=/);
  return link;
}

test("no link overwrites the saved scenario: a broken one, a lesson's, someone else's", async () => {
  const shared = await othersLink();
  const { page, context, errors } = await withSevenSaved();
  const links = [
    [env.server.url + "#s=%7B%22deployment%22%3A42", /shared link could not be read.*Showing your own scenario instead/s, "7"],
    [env.server.url + "#lesson=percent-rounding&step=1", /./, null],
    [shared, /Loaded the scenario from the link/, "10"],
  ];
  for (const [url, notice, shown] of links) {
    await page.goto("about:blank");
    await page.goto(url);
    await page.waitForSelector("#replicas");
    if (shown) assert.equal(await page.locator("#replicas").inputValue(), shown, url);
    if (notice.source !== ".") assert.match(await page.locator("#notice").innerText(), notice);
    assert.equal(await stored(page), 7, `after opening ${url} the stored scenario is still the user's`);
  }
  // Reopening the page plainly shows the user's 7.
  await page.goto("about:blank");
  await page.goto(env.server.url);
  await page.waitForSelector("#replicas");
  assert.equal(await page.locator("#replicas").inputValue(), "7");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a shared link's scenario is one click, or one Undo, from the user's own", async () => {
  const shared = await othersLink();
  const { page, context, errors } = await withSevenSaved();
  await page.goto("about:blank");
  await page.goto(shared);
  await page.waitForSelector("#back-to-own");
  assert.equal(await page.locator("#replicas").inputValue(), "10");
  await page.click("#back-to-own");
  assert.equal(await page.locator("#replicas").inputValue(), "7");
  assert.equal(await page.locator("#back-to-own").count(), 0, "the button goes once the own scenario is shown");

  await page.goto("about:blank");
  await page.goto(shared);
  await page.waitForSelector("#undo-edit");
  assert.equal(await page.locator("#replicas").inputValue(), "10");
  await page.click("#undo-edit");
  assert.equal(await page.locator("#replicas").inputValue(), "7", "Undo reaches the user's own scenario");

  // Editing the shown link's scenario makes it the user's own: now it is stored.
  await page.goto("about:blank");
  await page.goto(shared);
  await page.waitForSelector("#replicas");
  await typeInto(page, "#replicas", "11");
  await page.waitForFunction(() => /"replicas":11/.test(localStorage.getItem("rollout-lab/scenario") ?? ""));
  assert.deepEqual(errors, []);
  await context.close();
});

test("a link over 1 MiB is refused before it is read, and the own scenario is shown", async () => {
  const { page, context } = await withSevenSaved();
  await page.goto("about:blank");
  await page.goto(env.server.url + "#s=" + "a".repeat(1024 * 1024 + 1));
  await page.waitForSelector("#replicas");
  assert.match(await page.locator("#notice").innerText(), /the link is 1048577 bytes; at most 1048576 are read/);
  assert.equal(await page.locator("#replicas").inputValue(), "7");
  assert.equal(await stored(page), 7);
  await context.close();
});

test("a file over 1 MiB is refused from its size, and the scenario is unchanged", async () => {
  const { page, context } = await withSevenSaved();
  await page.setInputFiles("#load-scenario", {
    name: "huge.yaml",
    mimeType: "application/yaml",
    buffer: Buffer.alloc(1024 * 1024 + 10, "#"),
  });
  await page.waitForFunction(() => /at most/.test(document.querySelector("#notice")?.textContent ?? ""));
  assert.match(
    await page.locator("#notice").innerText(),
    /the file is 1048586 bytes; at most 1048576 are read\. Your current scenario is unchanged\./,
  );
  assert.equal(await page.locator("#replicas").inputValue(), "7");
  assert.equal(await stored(page), 7);
  await context.close();
});
