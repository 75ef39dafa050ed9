//! Saving text, pictures and videos as files the browser downloads.

use wasm_bindgen::JsCast;

/// Offers `content` as a download named `filename`.
pub fn download(filename: &str, content: &str, mime: &str) {
    let blob = gloo::file::Blob::new_with_options(content, Some(mime));
    download_blob(filename, &blob.into());
}

/// Offers a blob (a picture, a video) as a download named `filename`.
pub fn download_blob(filename: &str, blob: &web_sys::Blob) {
    let url = gloo::file::ObjectUrl::from(gloo::file::Blob::from(blob.clone()));
    download_url(filename, &url);
    // `url` is revoked when dropped here; the click has already started the download.
}

/// Offers what `href` (an object or data URL) holds as a download named `filename`.
pub fn download_url(filename: &str, href: &str) {
    let document = gloo::utils::document();
    let Ok(a) = document.create_element("a") else {
        return;
    };
    let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() else {
        return;
    };
    a.set_href(href);
    a.set_download(filename);
    a.click();
}
