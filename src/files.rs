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

/// The text of a file of the page's own (`lessons/01-the-story.yaml`), relative to the page:
/// what the page loads only when it needs it (a lesson, the Chinese words).
pub async fn fetch_text(path: &str) -> Result<String, String> {
    use wasm_bindgen_futures::JsFuture;
    let failed = |e: wasm_bindgen::JsValue| {
        crate::i18n::trf(
            "could not load {path}: {e}",
            &[
                ("path", &path),
                ("e", &e.as_string().unwrap_or_else(|| format!("{e:?}"))),
            ],
        )
    };
    let response: web_sys::Response = JsFuture::from(gloo::utils::window().fetch_with_str(path))
        .await
        .map_err(failed)?
        .unchecked_into();
    if !response.ok() {
        return Err(crate::i18n::trf(
            "could not load {path}: HTTP {status}",
            &[("path", &path), ("status", &response.status())],
        ));
    }
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?;
    Ok(text.as_string().unwrap_or_default())
}
