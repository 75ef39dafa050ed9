// A sweep worker. The page sends, first, where its own JavaScript module is and its compiled
// WebAssembly module (no second download, no second compile); then chunks of settings to run,
// as JSON text, answered as JSON text by the engine (src/worker.rs).
let engine = null;
let queue = [];

onmessage = async (event) => {
  const message = event.data;
  if (message && message.init) {
    try {
      const bindings = await import(message.init.js);
      await bindings.default({ module_or_path: message.init.module });
      // The rest of the page's code (scripts/split/), which a sweep runs: loaded before the
      // first chunk rather than on its first call.
      await bindings.splitReady?.();
      engine = bindings;
      for (const request of queue) postMessage(engine.run_sweep_cells(request));
      queue = [];
    } catch (e) {
      postMessage(JSON.stringify({ error: `the worker could not start: ${e}` }));
    }
    return;
  }
  if (engine) postMessage(engine.run_sweep_cells(message));
  else queue.push(message);
};
