
// ---- Rollout Lab: the module in two parts (appended by scripts/split/split.mjs) ----
// The page starts from the functions its first view runs; the rest of the code is a second
// module (`*_split.wasm`), fetched and compiled once the first frame is up (and by each sweep worker
// before it runs anything). The second module fills the first's function table in place of the
// placeholders it was built with; should a placeholder be called before that, the second
// module is loaded there and then, synchronously, and the call goes on.
const __split = { url: new URL("__SECONDARY_URL__", import.meta.url), instance: null, pending: null, syncLoads: 0, early: [] };
globalThis.__rolloutSplit = __split;

function __wbg_get_imports() {
  const imports = __wbg_get_imports_whole();
  imports.placeholder = new Proxy({}, {
    get: (_, index) => (...args) => __split_call(Number(index), args),
  });
  return imports;
}

function __split_link(module) {
  if (!__split.instance) __split.instance = new WebAssembly.Instance(module, { primary: wasm });
}

function __split_call(index, args) {
  if (!__split.instance) {
    // Which placeholder was called first (target/split/placeholders.txt names it).
    __split.early.push(index);
    __split.syncLoads++;
    const request = new XMLHttpRequest();
    request.open("GET", __split.url, false);
    request.overrideMimeType("text/plain; charset=x-user-defined");
    request.send();
    if (request.status !== 200) throw new Error(`could not load ${__split.url}: HTTP ${request.status}`);
    const text = request.responseText;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    __split_link(new WebAssembly.Module(bytes));
  }
  return wasm.table.get(index)(...args);
}

/** Loads the second module if it is not loaded yet; resolves once it is linked. */
export function splitReady() {
  if (!__split.pending) {
    __split.pending = (async () => {
      const response = await fetch(__split.url);
      if (!response.ok) throw new Error(`could not load ${__split.url}: HTTP ${response.status}`);
      __split_link(await WebAssembly.compile(await response.arrayBuffer()));
    })().catch((e) => {
      __split.pending = null;
      console.warn("the rest of the page's code will load when it is needed:", e);
    });
  }
  return __split.pending;
}

/** Whether the first view needs the rest of the code: a lesson (read with the YAML reader). */
function __split_first_view_needs_rest() {
  return typeof location !== "undefined" && /^#(embed&)?lesson=/.test(location.hash);
}

function __split_after_start() {
  if (typeof window !== "undefined") requestAnimationFrame(() => setTimeout(splitReady, 0));
}
