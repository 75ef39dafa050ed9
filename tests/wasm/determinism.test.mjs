// The same scenario gives byte-identical jsonl traces natively and compiled to WebAssembly.
// Needs the engine built for Node (scripts/test does it):
//   cargo build --release --target wasm32-unknown-unknown -p rollout-bench-wasm
//   wasm-bindgen --target nodejs --out-dir target/bench-wasm target/wasm32-unknown-unknown/release/rollout_bench_wasm.wasm
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = process.env.ROLLOUT_LAB_CLI ?? path.join(ROOT, "target/debug/rollout-lab");
const wasm = createRequire(import.meta.url)(path.join(ROOT, "target/bench-wasm/rollout_bench_wasm.js"));

const files = [
  ...fs.readdirSync(path.join(ROOT, "scenarios")).map((f) => path.join(ROOT, "scenarios", f)),
  ...fs.readdirSync(path.join(ROOT, "engine/tests/fuzz_corpus")).map((f) => path.join(ROOT, "engine/tests/fuzz_corpus", f)),
  path.join(ROOT, "engine/tests/data/min-ready-dip.yaml"),
].filter((f) => /\.(ya?ml|json)$/.test(f));

for (const file of files) {
  const name = path.relative(ROOT, file);
  test(`${name}: the wasm trace equals the native one byte for byte`, () => {
    const text = fs.readFileSync(file, "utf8");
    let native;
    try {
      native = execFileSync(CLI, ["run", file, "--format", "jsonl"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch {
      native = null; // not a scenario (a bare manifest): both sides must refuse it
    }
    const fromWasm = wasm.trace_jsonl(text);
    if (native === null) {
      assert.match(fromWasm, /^error: /);
      return;
    }
    assert.ok(native.length > 0);
    assert.equal(fromWasm, native);
  });
}
