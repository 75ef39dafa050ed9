// Times the engine compiled to WebAssembly under Node: node benches/wasm/run.mjs PKG_DIR
// PKG_DIR holds the `wasm-bindgen --target nodejs` output of rollout-bench-wasm.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const pkg = require(path.resolve(process.argv[2] ?? "target/bench-wasm", "rollout_bench_wasm.js"));

function bestOf(runs, f) {
  let best = Infinity;
  let out;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    out = f();
    best = Math.min(best, performance.now() - t0);
  }
  return [best, out];
}

const [rollout, records] = bestOf(5, () => pkg.rollout_10k());
console.log(`wasm (Node ${process.version}): rollout of 10,000 replicas at 25%/25%: ${rollout.toFixed(1)} ms (best of 5), ${records} trace records`);
const [sweep, runs] = bestOf(1, () => pkg.sweep_100());
console.log(`wasm (Node ${process.version}): sweep of 0..=100 x 0..=100 at 100 replicas: ${runs} runs in ${(sweep / 1000).toFixed(2)} s`);
// Linear memory never shrinks, so its size after both workloads is the peak they needed.
console.log(`wasm peak linear memory: ${(pkg.memory_bytes() / 1048576).toFixed(1)} MiB; Node RSS ${(process.memoryUsage().rss / 1048576).toFixed(1)} MiB`);
