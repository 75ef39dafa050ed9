// Two languages: the page follows the browser's language, a switch changes it and is
// remembered, lessons run in each, and Kubernetes' own words stay as Kubernetes prints them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, pane } from "./harness.mjs";

const env = withBrowser({ before, after });

/** Opens the page with the browser set to `locale`. */
async function openIn(locale, hash = "") {
  const context = await env.browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && !/icon\.svg/.test(m.text()) && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(env.server.url + hash);
  await page.waitForSelector("h1");
  return { page, context, errors };
}

const HAN = /[\u4e00-\u9fff]/;

test("a Chinese browser gets the page and a lesson in Simplified Chinese; kubectl's words stay English", async () => {
  const { page, context, errors } = await openIn("zh-CN", "#lesson=the-story&step=1");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN");
  assert.equal(await page.locator("#lang").inputValue(), "zh-CN");
  assert.equal(await page.locator("#copy-link").innerText(), "复制链接");
  assert.equal(await page.locator("#play").innerText(), "▶ 播放");
  assert.match(await page.locator("#lesson-title").innerText(), HAN);
  // Through the lesson to its last step: every step in Chinese, the simulation the same.
  for (let step = 1; step <= 5; step++) {
    assert.match(await page.locator("#lesson-step").innerText(), new RegExp(`^第 ${step} 步，共 5 步`));
    assert.match(await page.locator(".lesson-text, #lesson-text").first().innerText(), HAN);
    if (step < 5) await page.click("#lesson-next");
  }
  // kubectl prints what it prints, in any language.
  assert.match(await pane(page, "rollout status"), /deployment "rolling-update-test" successfully rolled out/);
  // The controller's arithmetic, written by the engine, in Chinese too (its numbers the same).
  await page.locator("#scrubber").fill("5000");
  assert.equal(await page.locator("#surge-why").innerText(), "maxSurge：3 的 25% = 0.75，向上取整为 1");
  assert.equal(await page.locator("#unavailable-why").innerText(), "maxUnavailable：3 的 25% = 0.75，向下取整为 0");
  assert.match(await page.locator("#why-text").innerText(), /^总数最多可达 4 = 3 \+ 超额 1；现有 3 个；所以新 ReplicaSet 增加 min\(余量 1，仍缺 3\) = 1$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the switch changes the language without a reload, is remembered, and switches back", async () => {
  const { page, context, errors } = await openIn("en-US", "#lesson=percent-rounding&step=1");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  assert.equal(await page.locator("#copy-link").innerText(), "Copy link");
  assert.match(await page.locator("#lesson-step").innerText(), /^Step 1 of 2/);
  const english = await page.locator("#lesson-title").innerText();
  await page.selectOption("#lang", "zh-CN");
  // The Chinese words (and the lesson's translation) are fetched the first time, then shown.
  await page.waitForFunction(() => document.querySelector("#copy-link").innerText === "复制链接", null, { timeout: 10000 });
  assert.match(await page.locator("#lesson-step").innerText(), /^第 1 步，共 2 步/, "the open lesson is shown in Chinese, at its step");
  assert.notEqual(await page.locator("#lesson-title").innerText(), english);
  await page.reload();
  await page.waitForSelector("h1");
  assert.equal(await page.locator("#copy-link").innerText(), "复制链接", "remembered over a reload");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN");
  await page.selectOption("#lang", "en");
  await page.reload();
  await page.waitForSelector("h1");
  assert.equal(await page.locator("#copy-link").innerText(), "Copy link");
  assert.equal(await page.locator("#lesson-title").innerText(), english);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Texts of the page's own, outside Kubernetes' words, that have no Chinese in them. */
async function englishLeft(page) {
  return page.evaluate(() => {
    // Kubernetes' and kubectl's words, and what the app itself answers, stay as they are.
    const KUBE = /^(kubectl|argo rollouts|rollout |get |describe |Rollout Lab$)/;
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const el = walker.currentNode.parentElement;
      if (!el || el.closest("pre, code, .terminal, .field-path, script, style, textarea, .body, #rollout-message, .rollout-message, title")) continue;
      const t = walker.currentNode.textContent.trim();
      if (/[a-z]{2,}\s+[a-z]{2,}/i.test(t) && !/[\u4e00-\u9fff]/.test(t) && !KUBE.test(t)) out.push(`${el.id || el.className}: ${t.slice(0, 100)}`);
    }
    return out;
  });
}

test("the engine's sentences are said in Chinese: every controller's reasons, the traffic outcome, the sweep's findings", async () => {
  const views = [
    // The HPA's arithmetic, the Deployment's reason and the traffic outcome.
    ["#lesson=hpa-joins-rollout&step=3", { "#hpa-why": /^\d+ 个有指标的 Pod 平均使用 \d+m CPU/, "#hpa-decision": /HPA/ }],
    // An Argo Rollout: its controller's reason and where traffic goes.
    ["#lesson=canary-pod-ratio&step=2", { "#why-text": /扩缩到 \d+：第 \d+ 步，金丝雀权重/, ".rollout-route": /^流量：/ }],
    ["#lesson=blue-green&step=1", { ".rollout-route": /^流量：/ }],
    // kubectl rolling-update's reason.
    ["#lesson=legacy-rolling-update&step=2", { "#why-text": /^kubectl rolling-update：保持 \d+ 个可用/ }],
    // A drain with traffic: the outcome and its advice.
    ["#lesson=drain-meets-rollout&step=4", {}],
  ];
  for (const [hash, expect] of views) {
    const { page, context, errors } = await openIn("zh-CN", hash);
    await page.waitForSelector("#pane-kubectl");
    await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
    for (const [selector, pattern] of Object.entries(expect)) {
      assert.match(await page.locator(selector).first().innerText(), pattern, `${hash} ${selector}`);
    }
    assert.deepEqual(await englishLeft(page), [], `${hash}: English left on the Chinese page`);
    assert.deepEqual(errors, []);
    await context.close();
  }
  // A sweep's recommendation and front, and the traffic outcome of the story.
  const { page, context, errors } = await openIn("zh-CN");
  await page.waitForSelector("#run-sweep");
  await page.click("#run-sweep");
  await page.waitForFunction(() => document.querySelector("#sweep-front li"), null, { timeout: 60000 });
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
  assert.match(await page.locator("#sweep-best").innerText(), /^推荐：maxSurge \d+、maxUnavailable \d+：用时 [\d.]+ 秒完成，可用数从不低于 \d+\/3/);
  assert.match(await page.locator("#sweep-front li").first().innerText(), /^maxSurge \d+、maxUnavailable \d+：用时 [\d.]+ 秒，最多 \d+ 个 Pod/);
  assert.match(await page.locator("#traffic-outcome").innerText(), /^\d+ 个请求/);
  assert.deepEqual(await englishLeft(page), [], "the main view after a sweep: English left on the Chinese page");
  assert.deepEqual(errors, []);
  await context.close();
});
