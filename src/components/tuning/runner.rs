//! Running a sweep without stopping the page: in Web Workers, one per core, each loading the
//! page's own compiled WebAssembly and taking chunks of settings as it finishes the last; or,
//! where workers cannot start, in slices of a few milliseconds between frames on the main
//! thread. Dropping the runner cancels the sweep (workers are terminated, timers dropped).

use super::JobRef;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use rollout_engine::sim::sweep::Cell;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

/// Milliseconds of sweeping per slice on the main thread: short enough that frames keep coming.
const SLICE_MS: f64 = 24.0;

/// How the sweep is being run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Workers(usize),
    MainThread,
}

/// Where the page's JavaScript module is (Trunk preloads it), for the workers to import.
fn module_url() -> Option<String> {
    let link = gloo::utils::document()
        .query_selector("link[rel=modulepreload]")
        .ok()??;
    link.get_attribute("href").map(|h| {
        let base = gloo::utils::window()
            .location()
            .origin()
            .unwrap_or_default();
        if h.starts_with('/') {
            format!("{base}{h}")
        } else {
            h
        }
    })
}

/// The cores the browser reports, at most 8.
pub fn cores() -> usize {
    let n = gloo::utils::window().navigator().hardware_concurrency();
    (n as usize).clamp(1, 8)
}

struct Pool {
    workers: Vec<Worker>,
    listeners: Vec<EventListener>,
}

impl Drop for Pool {
    fn drop(&mut self) {
        for w in &self.workers {
            w.terminate();
        }
    }
}

/// What the runner shares with its callbacks.
struct Shared {
    job: JobRef,
    /// Settings not yet handed out, in order.
    pending: Vec<usize>,
    /// Settings handed out and not yet back.
    out: usize,
    chunk: usize,
    id: u64,
    on_progress: Callback<()>,
    on_done: Callback<Option<String>>,
    finished: bool,
}

impl Shared {
    fn next_chunk(&mut self) -> Vec<usize> {
        let n = self.chunk.min(self.pending.len());
        let chunk: Vec<usize> = self.pending.drain(..n).collect();
        self.out += chunk.len();
        chunk
    }
}

/// A running sweep; drop it to cancel.
pub struct Runner {
    _pool: Option<Pool>,
    _timer: Rc<RefCell<Option<Timeout>>>,
    pub mode: Mode,
}

impl Runner {
    /// Starts running every setting of `job` not run yet. `on_progress` is called as settings
    /// come in, `on_done` once at the end (with the error that stopped the workers, if any).
    pub fn start(
        job: JobRef,
        id: u64,
        on_progress: Callback<()>,
        on_done: Callback<Option<String>>,
    ) -> Runner {
        let pending: Vec<usize> = {
            let j = job.0.borrow();
            (0..j.total())
                .filter(|&i| j.cells[i] == Cell::NotRun)
                .collect()
        };
        let workers = cores();
        // 32 chunks per worker: progress shows, and the last chunks balance the load.
        let chunk = pending.len().div_ceil(workers * 32).max(1);
        let shared = Rc::new(RefCell::new(Shared {
            job,
            pending,
            out: 0,
            chunk,
            id,
            on_progress,
            on_done,
            finished: false,
        }));
        let timer = Rc::new(RefCell::new(None));
        match start_workers(&shared, workers) {
            Some(pool) => Runner {
                _pool: Some(pool),
                _timer: timer,
                mode: Mode::Workers(workers),
            },
            None => {
                run_slices(shared, timer.clone());
                Runner {
                    _pool: None,
                    _timer: timer,
                    mode: Mode::MainThread,
                }
            }
        }
    }
}

/// The request for a chunk, with the scenario when the worker has not had it for this job.
fn request(shared: &Shared, cells: &[usize], with_scenario: bool) -> String {
    let j = shared.job.0.borrow();
    let mut req = serde_json::json!({
        "job": shared.id,
        "bound": j.bound,
        "runs": j.runs,
        "cells": cells,
    });
    if with_scenario {
        req["scenario"] = j.base().to_value();
    }
    req.to_string()
}

fn start_workers(shared: &Rc<RefCell<Shared>>, n: usize) -> Option<Pool> {
    let js = module_url()?;
    let module = wasm_bindgen::module();
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Classic);
    let mut pool = Pool {
        workers: Vec::new(),
        listeners: Vec::new(),
    };
    for _ in 0..n {
        let worker = Worker::new_with_options("sweep-worker.js", &options).ok()?;
        let init = js_sys::Object::new();
        let inner = js_sys::Object::new();
        js_sys::Reflect::set(&inner, &"js".into(), &JsValue::from_str(&js)).ok()?;
        js_sys::Reflect::set(&inner, &"module".into(), &module).ok()?;
        js_sys::Reflect::set(&init, &"init".into(), &inner).ok()?;
        worker.post_message(&init).ok()?;
        let first = shared.borrow_mut().next_chunk();
        if first.is_empty() {
            break;
        }
        worker
            .post_message(&JsValue::from_str(&request(&shared.borrow(), &first, true)))
            .ok()?;
        let (w, s) = (worker.clone(), shared.clone());
        let listener = EventListener::new(&worker, "message", move |e| {
            let Some(text) = e
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
            else {
                return;
            };
            answered(&s, &w, &text);
        });
        pool.listeners.push(listener);
        pool.workers.push(worker);
    }
    (!pool.workers.is_empty()).then_some(pool)
}

/// A worker's answer: its cells in place, then its next chunk, or the end.
fn answered(shared: &Rc<RefCell<Shared>>, worker: &Worker, text: &str) {
    let result = crate::worker::cells_of(text);
    let mut s = shared.borrow_mut();
    if s.finished {
        return;
    }
    match result {
        Ok(cells) => {
            s.out -= cells.len();
            {
                let mut j = s.job.0.borrow_mut();
                for (i, cell) in cells {
                    j.set(i, cell);
                }
            }
            let next = s.next_chunk();
            if !next.is_empty() {
                let _ = worker.post_message(&JsValue::from_str(&request(&s, &next, false)));
            }
            s.on_progress.emit(());
            if s.pending.is_empty() && s.out == 0 {
                s.finished = true;
                s.on_done.emit(None);
            }
        }
        Err(e) => {
            s.finished = true;
            s.on_done.emit(Some(e));
        }
    }
}

fn now() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

/// Runs slices of the sweep from timer callbacks until it is done (or the runner is dropped).
fn run_slices(shared: Rc<RefCell<Shared>>, timer: Rc<RefCell<Option<Timeout>>>) {
    let t2 = timer.clone();
    *timer.borrow_mut() = Some(Timeout::new(0, move || {
        let start = now();
        let finished = {
            let s = shared.borrow();
            let mut j = s.job.0.borrow_mut();
            while now() - start < SLICE_MS && j.step() {}
            j.is_finished()
        };
        let s = shared.borrow();
        s.on_progress.emit(());
        if finished {
            s.on_done.emit(None);
            t2.borrow_mut().take();
        } else {
            drop(s);
            run_slices(shared, t2);
        }
    }));
}
