//! Rollout Lab in the browser. The same module runs in the sweep's Web Workers, where there is
//! no window and nothing to render: they only call the engine (`worker::run_sweep_cells`).

fn main() {
    if web_sys::window().is_some() {
        wasm_bindgen_futures::spawn_local(rollout_lab_web::app::start());
    }
}
