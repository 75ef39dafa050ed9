// Prints the WebAssembly builds' figures against the native ones, as ratios:
//   node benches/compare.mjs NATIVE_JSON LABEL=WASM_JSON...
// Each JSON file is what engine/benches/engine.rs (BENCH_JSON) or benches/wasm/run.mjs wrote.
import fs from "node:fs";

const [nativeFile, ...builds] = process.argv.slice(2);
const native = JSON.parse(fs.readFileSync(nativeFile, "utf8"));
const rows = [
  ["rollout_10k_ms", "10,000-replica rollout", (v) => `${v.toFixed(1)} ms`],
  ["sweep_100_s", "sweep 101 x 101 at 100 replicas", (v) => `${v.toFixed(2)} s`],
  ["rollout_100k_s", "100,000-replica rollout", (v) => `${v.toFixed(2)} s`],
  ["scrub_back_100k_ms", "scrub back at 100,000 (worst)", (v) => `${v.toFixed(1)} ms`],
];
const parsed = builds.map((b) => {
  const [label, file] = b.split("=");
  return [label, JSON.parse(fs.readFileSync(file, "utf8"))];
});
const pad = (s, n) => String(s).padEnd(n);
console.log(pad("workload", 34) + pad("native", 12) + parsed.map(([l]) => pad(l, 30)).join(""));
for (const [key, name, show] of rows) {
  let line = pad(name, 34) + pad(show(native[key]), 12);
  for (const [, f] of parsed) line += pad(`${show(f[key])} (${(f[key] / native[key]).toFixed(2)}x)`, 30);
  console.log(line);
}
console.log(pad("module size", 46) + parsed.map(([, f]) => pad(`${f.wasm_bytes.toLocaleString("en")} bytes`, 30)).join(""));
