// Trunk post-build hook: optimises the page's WebAssembly for size (wasm-opt -Oz) and splits it
// in two. The first part holds the functions the first view runs (listed in first-view.txt,
// made by scripts/first-view); the second, everything else, is fetched once the first frame is
// up (loader.js, appended to wasm-bindgen's JavaScript). Run by Trunk with TRUNK_STAGING_DIR set (see Trunk.toml);
// `node scripts/split/split.mjs DIR` also works. Needs binaryen's wasm-split (the setup puts
// Debian's in place and names it in WASM_SPLIT).
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import zlib from "node:zlib";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { definedFunctions, functionNames, importedFunctions, restoreTableExports, rewriteTableFills, stableName } from "./wasm.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, "../..");
// What Rust 1.95 and wasm-bindgen emit, named for binaryen 108, which reads no more than asked.
export const FEATURES = [
  "--enable-reference-types",
  "--enable-bulk-memory",
  "--enable-sign-ext",
  "--enable-mutable-globals",
  "--enable-multivalue",
  "--enable-nontrapping-float-to-int",
];

export function wasmSplit(args) {
  execFileSync(process.env.WASM_SPLIT ?? "wasm-split", [...FEATURES, ...args], { stdio: ["ignore", "ignore", "inherit"] });
}

/** The built page's files: index.html, the wasm-bindgen JavaScript and its WebAssembly. */
export function builtFiles(dir) {
  const html = fs.readFileSync(path.join(dir, "index.html"), "utf8");
  const js = html.match(/from '\/([^']+\.js)'/)?.[1];
  const wasm = html.match(/module_or_path: '\/([^']+_bg\.wasm)'/)?.[1];
  if (!js || !wasm) throw new Error("split.mjs: index.html names no wasm-bindgen module");
  return { html, js, wasm };
}

/**
 * The functions to keep in the first part: those named in the list. A name's hash is the
 * linker's, stable while the function and its type arguments are; where none of the list's
 * names for a function matches this build (another toolchain, whose standard library hashes
 * differently), every function of that name without its hash is kept instead. A name the
 * linker numbered (`box_new_uninit.567`: one of several local copies) is numbered afresh by
 * every build: every copy of a name wanted is kept.
 */
export function firstViewFunctions(names, imported, wanted) {
  const defined = [...names].filter(([index]) => index >= imported).map(([, fn]) => fn);
  const matched = new Set(defined.filter((fn) => wanted.has(fn)).map(stableName));
  const wantedStable = new Set([...wanted].map(stableName));
  const loose = new Set([...wantedStable].filter((n) => !matched.has(n)));
  const numbered = (fn) => /\.\d+$/.test(fn);
  return defined.filter(
    (fn) => wanted.has(fn) || loose.has(stableName(fn)) || (numbered(fn) && wantedStable.has(stableName(fn))),
  );
}

/** The names of the first view's functions, as profile.mjs wrote them. */
export const FIRST_VIEW = path.join(here, "first-view.txt");
function firstView() {
  if (!fs.existsSync(FIRST_VIEW)) {
    console.warn("split.mjs: no first-view.txt yet: everything loads with the rest (run scripts/first-view)");
    return new Set();
  }
  return new Set(
    fs
      .readFileSync(FIRST_VIEW, "utf8")
      .split("\n")
      .filter((line) => line && !line.startsWith("#")),
  );
}

/** A name as binaryen 108 holds it: a byte outside WebAssembly text's identifier characters
 * becomes `\` and two hex digits. */
const ID = /[0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~]/;
export function binaryenName(fn) {
  const escape = (b) => (b < 0x80 && ID.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `\\${b.toString(16).padStart(2, "0")}`);
  return [...Buffer.from(fn, "utf8")].map(escape).join("");
}

/** The page's files it fetches only when needed: lessons/**.yaml and zh-CN.txt. */
function laterFiles(dir) {
  const lessons = fs.existsSync(path.join(dir, "lessons"))
    ? fs.readdirSync(path.join(dir, "lessons"), { recursive: true }).filter((f) => f.endsWith(".yaml")).map((f) => `lessons/${f}`)
    : [];
  const words = fs.existsSync(path.join(dir, "zh-CN.txt")) ? ["zh-CN.txt"] : [];
  return [...lessons.sort(), ...words];
}

const sri = (bytes) => `sha384-${crypto.createHash("sha384").update(bytes).digest("base64")}`;
const gz = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;

function main() {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error("split.mjs: no staging directory (TRUNK_STAGING_DIR)");
  const files = builtFiles(dir);
  const wasmPath = path.join(dir, files.wasm);
  // Trunk leaves the module as wasm-bindgen wrote it (index.html: data-wasm-opt="0"), names
  // kept: optimised here with them, for the split to find its functions by name. binaryen
  // inlines a function called from one place whatever its size; kept out of line when large,
  // a StatefulSet's or an Argo Rollout's controller is not part of the loop that runs a
  // Deployment's first view.
  execFileSync("wasm-opt", ["-Oz", "-g", ...FEATURES, "--one-caller-inline-max-function-size=100", wasmPath, "-o", wasmPath], { stdio: "inherit" });
  const whole = fs.readFileSync(wasmPath);
  // The whole module and its JavaScript as built, kept for profile.mjs.
  const keep = path.join(ROOT, "target", "split");
  fs.mkdirSync(keep, { recursive: true });
  fs.writeFileSync(path.join(keep, "whole.wasm"), whole);
  fs.writeFileSync(path.join(keep, "whole.js"), fs.readFileSync(path.join(dir, files.js)));

  const wanted = firstView();
  const names = functionNames(whole);
  const imported = importedFunctions(whole);
  // Functions without a name (wasm-bindgen's own glue, which binaryen calls by their number
  // among the defined functions) stay too: small, and no name to find them by in another build.
  const unnamed = [];
  for (let i = imported; i < imported + definedFunctions(whole); i++) if (!names.has(i)) unnamed.push(String(i - imported));
  const kept = [...firstViewFunctions(names, imported, wanted), ...unnamed];
  const patched = Buffer.from(whole);
  rewriteTableFills(patched);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rollout-split-"));
  const [input, list, first, second] = ["whole.wasm", "keep.txt", "first.wasm", "second.wasm"].map((f) => path.join(tmp, f));
  fs.writeFileSync(input, patched);
  fs.writeFileSync(list, kept.map(binaryenName).join("\n") + "\n");
  wasmSplit(["--split", `--keep-funcs=@${list}`, "--placeholdermap", input, "-o1", first, "-o2", second]);
  // Which function each placeholder stands for: split.test.mjs names one the first view called.
  fs.copyFileSync(`${first}.placeholders`, path.join(keep, "placeholders.txt"));
  const primary = fs.readFileSync(first);
  const secondary = fs.readFileSync(second);
  fs.rmSync(tmp, { recursive: true });

  restoreTableExports(whole, primary);

  const secondaryName = files.wasm.replace(/_bg\.wasm$/, "_split.wasm");
  fs.writeFileSync(wasmPath, primary);
  fs.writeFileSync(path.join(dir, secondaryName), secondary);

  const jsPath = path.join(dir, files.js);
  let js = fs.readFileSync(jsPath, "utf8");
  const replaceOnce = (from, to) => {
    if (js.split(from).length !== 2) throw new Error(`split.mjs: wasm-bindgen's JavaScript has changed: "${from}"`);
    js = js.replace(from, to);
  };
  replaceOnce("function __wbg_get_imports() {", "function __wbg_get_imports_whole() {");
  replaceOnce("    wasm.__wbindgen_start();\n", "    wasm.__wbindgen_start();\n    __split_after_start();\n");
  // A page opened on a lesson loads the rest before it starts, not synchronously when called.
  replaceOnce(
    "    return __wbg_finalize_init(instance, module);\n}\n\nexport",
    "    if (__split_first_view_needs_rest()) {\n        wasm = instance.exports;\n        await splitReady();\n    }\n    return __wbg_finalize_init(instance, module);\n}\n\nexport",
  );
  js += fs.readFileSync(path.join(here, "loader.js"), "utf8").replace("__SECONDARY_URL__", secondaryName);
  fs.writeFileSync(jsPath, js);

  let html = files.html;
  html = html.replace(/(href="\/([^"]+)"[^>]*integrity=")([^"]+)"/g, (m, head, file) =>
    `${head}${sri(fs.readFileSync(path.join(dir, file)))}"`,
  );
  // Named in the page so that the service worker keeps them for offline use, and fetched when
  // the browser is idle: the rest of the code, and what the page loads when it needs it (the
  // lessons, the Chinese words).
  const later = [secondaryName, ...laterFiles(dir)];
  html = html.replace(
    "</head>",
    later.map((f) => `<link rel="prefetch" href="/${f}" as="fetch" crossorigin="anonymous">`).join("") + "</head>",
  );
  fs.writeFileSync(path.join(dir, "index.html"), html);

  const kb = (n) => `${n.toLocaleString("en-US")} B`;
  console.log(
    `split.mjs: ${kept.length} of ${definedFunctions(whole)} functions start the page; ` +
      `first part ${kb(primary.length)} (${kb(gz(primary))} gzipped), ` +
      `the rest ${kb(secondary.length)} (${kb(gz(secondary))} gzipped), ` +
      `whole ${kb(whole.length)} with names`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
