// Reading and patching a WebAssembly binary: just what the split needs (section bounds, the
// function names, the exports), so that no second toolchain is needed to look inside one.

/** Reads an unsigned LEB128 at `at`; returns [value, next offset]. */
export function leb(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function name(buf, at) {
  const [len, start] = leb(buf, at);
  return [buf.toString("utf8", start, start + len), start + len];
}

/** The module's sections: id, where its content starts and ends, and a custom section's name. */
export function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error("not a WebAssembly module");
  const out = [];
  let at = 8;
  while (at < buf.length) {
    const id = buf[at];
    const [size, start] = leb(buf, at + 1);
    const section = { id, start, end: start + size };
    if (id === 0) section.name = name(buf, start)[0];
    out.push(section);
    at = start + size;
  }
  return out;
}

/** How many functions the module imports (defined functions are numbered after them). */
export function importedFunctions(buf) {
  const imports = sections(buf).find((s) => s.id === 2);
  if (!imports) return 0;
  let [count, at] = leb(buf, imports.start);
  let funcs = 0;
  const limits = (p) => {
    const flags = buf[p];
    let [, q] = leb(buf, p + 1);
    if (flags & 1) [, q] = leb(buf, q);
    return q;
  };
  while (count--) {
    [, at] = name(buf, at);
    [, at] = name(buf, at);
    const kind = buf[at++];
    if (kind === 0) {
      funcs++;
      [, at] = leb(buf, at);
    } else if (kind === 1) at = limits(at + 1);
    else if (kind === 2) at = limits(at);
    else if (kind === 3) at += 2;
    else if (kind === 4) [, at] = leb(buf, at + 1);
    else throw new Error(`unknown import kind ${kind}`);
  }
  return funcs;
}

/** Function names from the "name" section, by function index. */
export function functionNames(buf) {
  const section = sections(buf).find((s) => s.id === 0 && s.name === "name");
  if (!section) throw new Error("the module has no name section (build it with names kept)");
  const names = new Map();
  let [, at] = name(buf, section.start);
  while (at < section.end) {
    const kind = buf[at];
    const [size, start] = leb(buf, at + 1);
    if (kind === 1) {
      let [count, p] = leb(buf, start);
      while (count--) {
        let index;
        [index, p] = leb(buf, p);
        let fn;
        [fn, p] = name(buf, p);
        names.set(index, fn);
      }
    }
    at = start + size;
  }
  return names;
}

/** Exports: name -> { kind, index, at (offset of the index) }. */
export function exports(buf) {
  const section = sections(buf).find((s) => s.id === 7);
  const out = new Map();
  if (!section) return out;
  let [count, at] = leb(buf, section.start);
  while (count--) {
    let n;
    [n, at] = name(buf, at);
    const kind = buf[at];
    const [index, next] = leb(buf, at + 1);
    out.set(n, { kind, index, at: at + 1, size: next - at - 1 });
    at = next;
  }
  return out;
}

/**
 * A name as the linker wrote it, without what a build changes: its hash
 * (`a::b::h0123456789abcdef` -> `a::b`) and the number of a local copy (`a::b.567` -> `a::b`).
 */
export function stableName(fn) {
  return fn.replace(/\.\d+$/, "").replace(/::h[0-9a-f]{16}(?= externref shim|$)/, "");
}

/**
 * Rewrites `table.fill t (ref.null extern) (i32.const 1)` as `table.set t (ref.null extern)`,
 * byte for byte in place: wasm-bindgen clears one externref slot with `table.fill`, an
 * instruction the splitter (binaryen 108, Debian 12's) cannot read. Same length, same meaning.
 * Returns how many it rewrote.
 */
export function rewriteTableFills(buf) {
  // ref.null extern; i32.const 1; table.fill (0xfc 17) <table>
  const pattern = Buffer.from([0xd0, 0x6f, 0x41, 0x01, 0xfc, 0x11]);
  let count = 0;
  for (let at = buf.indexOf(pattern); at >= 0; at = buf.indexOf(pattern, at + 1)) {
    const table = buf[at + 6];
    if (table >= 0x80) throw new Error("table.fill on a table index of two bytes");
    // ref.null extern; nop; nop; table.set <table>; nop
    buf.set([0xd0, 0x6f, 0x01, 0x01, 0x26, table, 0x01], at);
    count++;
  }
  return count;
}

/** How many functions the module defines (its function section's length). */
export function definedFunctions(buf) {
  const section = sections(buf).find((s) => s.id === 3);
  return section ? leb(buf, section.start)[0] : 0;
}

/**
 * binaryen 108 writes every exported table as table 0: gives each table export of `out` the
 * index it had in `from` (in place). wasm-bindgen exports its externref table, table 1.
 */
export function restoreTableExports(from, out) {
  const before = exports(from);
  for (const [name, e] of exports(out)) {
    const was = before.get(name);
    if (!was || was.kind !== 1 || was.index === e.index) continue;
    if (e.size !== 1 || was.index >= 0x80) throw new Error(`cannot put back the table export ${name}`);
    out[e.at] = was.index;
  }
}
