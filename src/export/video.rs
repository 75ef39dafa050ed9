//! A playthrough recorded as a WebM video: each frame of the stage copied, letterboxed, into a
//! 1280 x 720 canvas with the clock, whose capture stream a `MediaRecorder` encodes.

use gloo::events::EventListener;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobEvent, CanvasRenderingContext2d, HtmlCanvasElement, MediaRecorder};

const WIDTH: f64 = 1280.0;
const HEIGHT: f64 = 720.0;
const HEADER: f64 = 44.0;

/// Why a recording could not start.
#[derive(Clone, Debug, PartialEq)]
pub enum RecordError {
    /// The stage is not on the page (a comparison shows two stages: record one setting).
    NoStage,
    /// This browser cannot encode WebM from a canvas.
    Unsupported,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::NoStage => f.write_str(crate::i18n::tr(
                "There is no stage to record: stop comparing first",
            )),
            RecordError::Unsupported => f.write_str(crate::i18n::tr(
                "This browser cannot record a canvas as WebM video (MediaRecorder with video/webm)",
            )),
        }
    }
}

/// A recording under way; dropping it drops its listeners.
pub struct Recording {
    recorder: MediaRecorder,
    /// The frame the stream captures (kept alive with the recording).
    _canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    stage: HtmlCanvasElement,
    _listeners: [EventListener; 2],
}

/// The WebM type this browser encodes, VP9 first.
fn webm_type() -> Option<&'static str> {
    [
        "video/webm;codecs=vp9",
        "video/webm;codecs=vp8",
        "video/webm",
    ]
    .into_iter()
    .find(|t| MediaRecorder::is_type_supported(t))
}

impl Recording {
    /// Starts recording the stage; `file_name` is what the video is saved as when it stops.
    pub fn start(file_name: String) -> Result<Recording, RecordError> {
        let stage: HtmlCanvasElement = gloo::utils::document()
            .get_element_by_id("stage")
            .and_then(|e| e.dyn_into().ok())
            .ok_or(RecordError::NoStage)?;
        let mime = webm_type().ok_or(RecordError::Unsupported)?;
        let canvas: HtmlCanvasElement = gloo::utils::document()
            .create_element("canvas")
            .ok()
            .and_then(|e| e.dyn_into().ok())
            .ok_or(RecordError::Unsupported)?;
        canvas.set_width(WIDTH as u32);
        canvas.set_height(HEIGHT as u32);
        let ctx: CanvasRenderingContext2d = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into().ok())
            .ok_or(RecordError::Unsupported)?;
        let stream = canvas
            .capture_stream_with_frame_request_rate(30.0)
            .map_err(|_| RecordError::Unsupported)?;
        let options = web_sys::MediaRecorderOptions::new();
        options.set_mime_type(mime);
        let recorder =
            MediaRecorder::new_with_media_stream_and_media_recorder_options(&stream, &options)
                .map_err(|_| RecordError::Unsupported)?;
        let chunks: Rc<RefCell<Vec<Blob>>> = Rc::default();
        let on_data = {
            let chunks = chunks.clone();
            EventListener::new(&recorder, "dataavailable", move |e| {
                if let Some(blob) = e.dyn_ref::<BlobEvent>().and_then(|b| b.data()) {
                    chunks.borrow_mut().push(blob);
                }
            })
        };
        let on_stop = EventListener::new(&recorder, "stop", move |_| {
            let parts = js_sys::Array::new();
            for blob in chunks.borrow_mut().drain(..) {
                parts.push(&blob);
            }
            let bag = web_sys::BlobPropertyBag::new();
            bag.set_type("video/webm");
            if let Ok(blob) = Blob::new_with_blob_sequence_and_options(&parts, &bag) {
                crate::files::download_blob(&file_name, &blob);
            }
        });
        recorder.start().map_err(|_| RecordError::Unsupported)?;
        Ok(Recording {
            recorder,
            _canvas: canvas,
            ctx,
            stage,
            _listeners: [on_data, on_stop],
        })
    }

    /// Copies the stage as it is now into the video's frame, under `caption` (the clock).
    pub fn frame(&self, caption: &str, background: &str, text: &str) {
        let ctx = &self.ctx;
        ctx.set_fill_style_str(background);
        ctx.fill_rect(0.0, 0.0, WIDTH, HEIGHT);
        ctx.set_fill_style_str(text);
        ctx.set_font("600 22px system-ui, sans-serif");
        let _ = ctx.fill_text(caption, 24.0, HEADER * 0.7);
        let (sw, sh) = (
            f64::from(self.stage.width()).max(1.0),
            f64::from(self.stage.height()).max(1.0),
        );
        let fit = ((WIDTH - 32.0) / sw).min((HEIGHT - HEADER - 16.0) / sh);
        let (w, h) = (sw * fit, sh * fit);
        let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
            &self.stage,
            (WIDTH - w) / 2.0,
            HEADER + (HEIGHT - HEADER - 16.0 - h) / 2.0,
            w,
            h,
        );
    }

    /// Stops recording; the video is saved when the encoder has flushed.
    pub fn stop(&self) {
        let _ = self.recorder.stop();
    }
}
