//! Saving text as a file the browser downloads.

use wasm_bindgen::JsCast;

/// Offers `content` as a download named `filename`.
pub fn download(filename: &str, content: &str, mime: &str) {
    let blob = gloo::file::Blob::new_with_options(content, Some(mime));
    let url = gloo::file::ObjectUrl::from(blob);
    let document = gloo::utils::document();
    let Ok(a) = document.create_element("a") else {
        return;
    };
    let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() else {
        return;
    };
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    // `url` is revoked when dropped here; the click has already started the download.
}
