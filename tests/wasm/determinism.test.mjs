// The same scenario gives byte-identical jsonl traces natively and compiled to WebAssembly:
// every scenario file, every lesson's scenario, and the fuzz corpus. A crash of either side
// (a panic, a signal, a trap) fails the test; only a clean refusal by both is accepted, and
// only for files that are not meant to run.
// Needs the engine built for Node and the command line (scripts/test builds both):
//   cargo build --release --target wasm32-unknown-unknown -p rollout-bench-wasm
//   wasm-bindgen --target nodejs --out-dir target/bench-wasm target/wasm32-unknown-unknown/release/rollout_bench_wasm.wasm
//   cargo build -p rollout-lab-cli --bin rollout-lab
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = process.env.ROLLOUT_LAB_CLI ?? path.join(ROOT, "target/debug/rollout-lab");
const wasm = createRequire(import.meta.url)(path.join(ROOT, "target/bench-wasm/rollout_bench_wasm.js"));

const inDir = (dir) =>
  fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));

// Files that must run: a refusal by either side is a failure.
const mustRun = [...inDir("scenarios"), ...inDir("lessons"), "engine/tests/data/min-ready-dip.yaml"];
// Files that may be refused (the corpus holds bare manifests and stored records), but never
// crash either side and are refused or run alike.
const mayRefuse = inDir("engine/tests/fuzz_corpus");

test("the lists are not empty", () => {
  assert.ok(inDir("scenarios").length >= 2);
  assert.ok(inDir("lessons").length >= 13);
});

/** The native trace, or null when the command line refused the file cleanly (exit 1). */
function native(file) {
  const r = spawnSync(CLI, ["run", file, "--format", "jsonl"], { cwd: ROOT, encoding: "utf8" });
  if (r.error) throw r.error;
  if (r.status === 0) return r.stdout;
  assert.equal(r.signal, null, `${file}: the command line was killed by ${r.signal}`);
  assert.equal(r.status, 1, `${file}: the command line crashed (exit ${r.status}):\n${r.stderr}`);
  assert.match(r.stderr, /^error: /, `${file}: a refusal says why`);
  return null;
}

for (const file of [...mustRun, ...mayRefuse]) {
  test(`${file}: the wasm trace equals the native one byte for byte`, () => {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const fromNative = native(file);
    // A trap in the WebAssembly (a panic) throws here and fails the test.
    const fromWasm = wasm.trace_jsonl(text);
    if (mustRun.includes(file)) {
      assert.notEqual(fromNative, null, `${file} must run natively`);
      assert.doesNotMatch(fromWasm, /^error: /, `${file} must run as WebAssembly`);
    }
    if (fromNative === null) {
      assert.match(fromWasm, /^error: /, `${file}: refused natively, so it must be refused as WebAssembly`);
      return;
    }
    assert.ok(fromNative.length > 0);
    assert.equal(fromWasm, fromNative);
  });
}
