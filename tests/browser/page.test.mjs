// The page as a user drives it: settings, kubectl actions, playback, scrubbing, manifests,
// shared links and stored state.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT, withBrowser, openApp, typeInto, pane } from "./harness.mjs";

const env = withBrowser({ before, after });

async function playToEnd(page) {
  await page.selectOption("#speed", "16");
  await page.click("#play");
  await page.waitForFunction(() => document.querySelector("#play").textContent.includes("Play"), null, { timeout: 30000 });
}

test("10 replicas at 25%/25%: apply v2, play to the end, kubectl reads as Kubernetes would; scrub back", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await typeInto(page, "#replicas", "10");
  await typeInto(page, "#max-surge", "25%");
  await typeInto(page, "#max-unavailable", "25%");
  await typeInto(page, "#new-image", "hello:v2");
  await page.click("#apply-image");
  await playToEnd(page);

  const deploy = await pane(page, "get deploy");
  assert.match(deploy, /rolling-update-test\s+10\/10\s+10\s+10\s/, deploy);
  const rs = await pane(page, "get rs");
  const rows = rs.trim().split("\n").slice(2).map((l) => l.trim().split(/\s+/));
  assert.equal(rows.length, 2, rs);
  assert.deepEqual(rows[0].slice(1, 4), ["0", "0", "0"], `the old ReplicaSet is at 0:\n${rs}`);
  assert.deepEqual(rows[1].slice(1, 4), ["10", "10", "10"], rs);
  assert.match(await pane(page, "rollout status"), /deployment "rolling-update-test" successfully rolled out/);

  // Scrub back to t = 1.5 s: the first step (old 8, new 3 then 5) and nothing available yet.
  await page.locator("#scrubber").fill("1500");
  assert.match(await page.locator("#clock").innerText(), /t = 1\.5 s/);
  const earlier = await pane(page, "get rs");
  const [old, neu] = earlier.trim().split("\n").slice(2).map((l) => l.trim().split(/\s+/));
  assert.deepEqual([old[1], neu[1]], ["8", "5"], earlier);
  assert.match(await page.locator("#why-text").innerText(), /total may reach 13 = 10 \+ surge 3/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the story's manifest loads as is, its Service and Ingress beside it", async () => {
  const { page, context } = await openApp(env.browser, env.server.url);
  await typeInto(page, "#replicas", "7");
  const manifest = fs.readFileSync(path.join(ROOT, "examples/rolling-update-test.yaml"), "utf8");
  await page.fill("#manifest-input", manifest);
  await page.click("#load-manifest");
  assert.match(await page.locator("#notice").innerText(), /Loaded deployment "rolling-update-test"/);
  assert.equal(await page.locator("#replicas").inputValue(), "3");
  assert.match(await pane(page, "get deploy"), /rolling-update-test\s+3\/3/);
  await context.close();
});

test("the story's original Kubernetes 1.6 manifest loads with its own version's defaults and says what today's cluster answers", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  const manifest = fs.readFileSync(path.join(ROOT, "examples/rolling-update-test-k8s-1.6.yaml"), "utf8");
  await page.fill("#manifest-input", manifest);
  await page.click("#load-manifest");
  const notice = await page.locator("#notice").innerText();
  assert.match(notice, /Loaded deployment "rolling-update-test"/);
  assert.match(notice, /extensions\/v1beta1, which Kubernetes deprecated in 1\.8 and stopped serving in 1\.16/);
  assert.match(notice, /no matches for kind "Deployment" in version "extensions\/v1beta1"/);
  assert.match(notice, /no matches for kind "Ingress" in version "extensions\/v1beta1"/);
  assert.match(notice, /apiVersion: apps\/v1/);
  assert.match(notice, /pathType: ImplementationSpecific/);
  // Simulated with extensions/v1beta1's defaults: surge 1, unavailable 1.
  assert.equal(await page.locator("#max-surge").inputValue(), "1");
  assert.equal(await page.locator("#max-unavailable").inputValue(), "1");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a bad manifest is reported in Kubernetes' words and leaves the scenario intact", async () => {
  const { page, context } = await openApp(env.browser, env.server.url);
  await typeInto(page, "#replicas", "5");
  // The link follows an edit a moment later: wait for it before taking it as the reference.
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"replicas":5'));
  const before = page.url();
  await page.fill("#manifest-input", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: -3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: 'web:1'}]}\n");
  await page.click("#load-manifest");
  const notice = await page.locator("#notice").innerText();
  assert.match(notice, /The Deployment "web" is invalid: spec\.replicas: Invalid value: -3: must be greater than or equal to 0/);
  assert.match(notice, /unchanged/);
  assert.equal(await page.locator("#replicas").inputValue(), "5");
  assert.equal(page.url(), before, "the scenario in the URL did not change");
  await page.fill("#manifest-input", "kind: [unclosed");
  await page.click("#load-manifest");
  assert.match(await page.locator("#notice").innerText(), /error parsing manifest/);
  assert.equal(await page.locator("#replicas").inputValue(), "5");
  await context.close();
});

test("an invalid setting shows Kubernetes' message beside the field and keeps the running scenario", async () => {
  const { page, context } = await openApp(env.browser, env.server.url);
  await typeInto(page, "#replicas", "4");
  // The link follows an edit a moment later: wait for it before taking it as the reference.
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('"replicas":4'));
  const before = page.url();
  await typeInto(page, "#max-surge", "abc");
  assert.match(await page.locator("#max-surge-error").innerText(), /spec\.strategy\.rollingUpdate\.maxSurge: Invalid value: intstr\.IntOrString\{Type:1, IntVal:0, StrVal:"abc"\}: a valid percent string/);
  assert.equal(page.url(), before);
  assert.match(await pane(page, "get deploy"), /4\/4/);
  await context.close();
});

test("a shared link reopens the same scenario; a broken one says so and shows the user's own", async () => {
  const first = await openApp(env.browser, env.server.url);
  await typeInto(first.page, "#replicas", "7");
  await typeInto(first.page, "#max-unavailable", "2");
  await first.page.waitForFunction(() => decodeURIComponent(location.hash).includes('"maxUnavailable":2'));
  const link = first.page.url();
  assert.match(link, /#s=/);
  await first.context.close();

  const second = await openApp(env.browser, link);
  assert.equal(await second.page.locator("#replicas").inputValue(), "7");
  assert.equal(await second.page.locator("#max-unavailable").inputValue(), "2");
  assert.match(await second.page.locator("#notice").innerText(), /Loaded the scenario from the link/);
  await second.context.close();

  const broken = await openApp(env.browser, env.server.url + "#s=%7B%22deployment%22%3A42");
  assert.match(await broken.page.locator("#notice").innerText(), /shared link could not be read/);
  assert.equal(await broken.page.locator("#replicas").inputValue(), "3", "the default scenario is shown");
  await broken.context.close();
});

test("reopening the page restores the scenario from local storage", async () => {
  const { page, context } = await openApp(env.browser, env.server.url);
  await typeInto(page, "#replicas", "6");
  const again = await context.newPage();
  await again.goto(env.server.url);
  await again.waitForSelector("#replicas");
  assert.equal(await again.locator("#replicas").inputValue(), "6");
  await context.close();
});

test("keyboard: space plays and pauses, arrows step between controller actions; every shortcut has a button", async () => {
  const { page, context } = await openApp(env.browser, env.server.url);
  await page.locator("h1").click();
  await page.keyboard.press("ArrowRight");
  const t1 = await page.locator("#clock").innerText();
  assert.match(t1, /t = 5 s/, "the first controller action of the story is at t = 5 s");
  await page.keyboard.press(" ");
  assert.match(await page.locator("#play").innerText(), /Pause/);
  await page.keyboard.press(" ");
  assert.match(await page.locator("#play").innerText(), /Play/);
  await page.click("#step-back");
  assert.match(await page.locator("#clock").innerText(), /t = (0|5) s/);
  for (const id of ["#play", "#step-back", "#step-next", "#undo-edit", "#presenter"]) {
    assert.ok(await page.locator(id).isVisible(), id);
  }
  await context.close();
});

test("Ctrl+Z and the Undo button take back an edit, one at a time, to the exact earlier value", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  assert.equal(await page.locator("#replicas").inputValue(), "3");
  await typeInto(page, "#replicas", "9");
  await typeInto(page, "#max-surge", "2");
  await typeInto(page, "#replicas", "5");
  // Ctrl+Z outside a text field undoes the page's last edit (inside one, it is the browser's).
  await page.locator("h1").click();
  await page.keyboard.press("Control+z");
  assert.equal(await page.locator("#replicas").inputValue(), "9");
  assert.equal(await page.locator("#max-surge").inputValue(), "2");
  await page.keyboard.press("Control+z");
  assert.equal(await page.locator("#max-surge").inputValue(), "25%");
  assert.equal(await page.locator("#replicas").inputValue(), "9");
  await page.click("#undo-edit");
  assert.equal(await page.locator("#replicas").inputValue(), "3");
  assert.ok(await page.locator("#undo-edit").isDisabled(), "nothing left to undo");
  assert.deepEqual(errors, []);
  await context.close();
});

test("kubectl's lines about a ReplicaSet and its pods wear the version's colour, as on the stage", async () => {
  const { page, context, errors } = await openApp(env.browser, env.server.url);
  await page.locator("#scrubber").fill("8000");
  await pane(page, "get rs");
  const names = async (cls) => (await page.locator(`#pane .${cls}`).allInnerTexts()).map((l) => l.split(/\s+/)[0]);
  const [oldRs, newRs] = [await names("v-old"), await names("v-new")];
  assert.equal(oldRs.length, 1, `one old ReplicaSet: ${oldRs}`);
  assert.equal(newRs.length, 1, `one new ReplicaSet: ${newRs}`);
  assert.notEqual(oldRs[0], newRs[0]);
  await pane(page, "get pods");
  for (const pod of await names("v-new")) assert.ok(pod.startsWith(newRs[0] + "-"), `${pod} is of ${newRs[0]}`);
  for (const pod of await names("v-old")) assert.ok(pod.startsWith(oldRs[0] + "-"), `${pod} is of ${oldRs[0]}`);
  assert.ok((await names("v-new")).length >= 1 && (await names("v-old")).length >= 1);
  const colours = await page.evaluate(() => ["v-old", "v-new"].map((c) => getComputedStyle(document.querySelector(`#pane .${c}`)).color));
  assert.deepEqual(colours, ["rgb(86, 180, 233)", "rgb(230, 159, 0)"]);
  assert.deepEqual(errors, []);
  await context.close();
});
