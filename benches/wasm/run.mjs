// Times the engine compiled to WebAssembly under Node:
//   node benches/wasm/run.mjs PKG_DIR [LABEL] [JSON_OUT]
// PKG_DIR holds the `wasm-bindgen --target nodejs` output of rollout-bench-wasm (optionally
// passed through wasm-opt); LABEL names the build in what is printed; JSON_OUT, if given,
// receives the figures for scripts/bench's comparison with the native ones.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const dir = path.resolve(process.argv[2] ?? "target/bench-wasm");
const label = process.argv[3] ?? "wasm";
const out = process.argv[4];
const pkg = require(path.join(dir, "rollout_bench_wasm.js"));
const wasmBytes = fs.statSync(path.join(dir, "rollout_bench_wasm_bg.wasm")).size;

function bestOf(runs, f) {
  let best = Infinity;
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = f();
    best = Math.min(best, performance.now() - t0);
  }
  return [best, result];
}

const say = (text) => console.log(`${label} (Node ${process.version}): ${text}`);
const figures = { wasm_bytes: wasmBytes };
say(`module ${wasmBytes.toLocaleString("en")} bytes`);

// This machine is shared: the best of several runs is the figure least disturbed by others.
const [rollout, records] = bestOf(20, () => pkg.rollout_10k());
figures.rollout_10k_ms = rollout;
say(`rollout of 10,000 replicas at 25%/25%: ${rollout.toFixed(1)} ms (best of 20), ${records} trace records`);

const [sweep, runs] = bestOf(3, () => pkg.sweep_100());
figures.sweep_100_s = sweep / 1000;
say(`sweep of 0..=100 x 0..=100 at 100 replicas: ${runs} runs in ${(sweep / 1000).toFixed(2)} s (best of 3)`);

const [huge, hugeRecords] = bestOf(2, () => pkg.rollout_100k());
figures.rollout_100k_s = huge / 1000;
say(`rollout of 100,000 replicas at 25%/25%: ${(huge / 1000).toFixed(2)} s (best of 2), ${hugeRecords} trace records`);

// Going back in the 100,000-replica run as the page's scrubber does (the same moments as the
// native benchmark), each after playing to the end.
const recorded = new pkg.Recorded();
let worst = 0;
for (const t of [3500, 1200, 2200, 500, 2800, 1700]) {
  const t0 = performance.now();
  recorded.seek(t);
  worst = Math.max(worst, performance.now() - t0);
  recorded.seek(3_600_000);
}
figures.scrub_back_100k_ms = worst;
say(`scrubbing back at 100,000 replicas: ${worst.toFixed(1)} ms at worst from ${recorded.checkpoints()} checkpoints`);
recorded.free();

// Linear memory never shrinks, so its size after the workloads is the peak they needed.
figures.peak_linear_memory_mib = pkg.memory_bytes() / 1048576;
say(`peak linear memory ${figures.peak_linear_memory_mib.toFixed(1)} MiB; Node RSS ${(process.memoryUsage().rss / 1048576).toFixed(1)} MiB`);
if (out) fs.writeFileSync(out, JSON.stringify(figures));
