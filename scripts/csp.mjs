// Trunk post-build hook: adds a Content-Security-Policy to the built index.html that allows only
// the page's own origin, plus WebAssembly compilation and the hash of Trunk's inline loader.
// Run by Trunk with TRUNK_STAGING_DIR set (see Trunk.toml); `node scripts/csp.mjs DIR` also works.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("csp.mjs: no staging directory (TRUNK_STAGING_DIR)");
  process.exit(1);
}
const file = path.join(dir, "index.html");
let html = fs.readFileSync(file, "utf8");
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n?/g, "");
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  (m) => `'sha256-${crypto.createHash("sha256").update(m[1], "utf8").digest("base64")}'`,
);
export const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
html = html.replace(/<head>/, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
fs.writeFileSync(file, html);
console.log(`csp.mjs: ${hashes.length} inline script(s) allowed by hash`);
