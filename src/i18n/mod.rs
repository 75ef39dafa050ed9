//! The page's words in English and in Simplified Chinese. The code writes the English text,
//! `tr("Record video")` or `trf("Recorded {span}", &[("span", &s)])`, and `zh-CN.txt` gives
//! each its translation (a test fails on a text without one). Kubernetes' own words (field
//! paths, reasons, kubectl's output) are never passed through here: they stay as Kubernetes
//! prints them.

pub mod engine_words;

use std::cell::{Cell, OnceCell};
use std::collections::HashMap;
use std::fmt::Display;

/// A language the page speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    ZhCn,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// Its BCP 47 tag, as `<html lang>` and the stored choice write it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// Its name in itself, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }

    /// The language for a tag: Chinese for any `zh` tag (the translation is Simplified),
    /// English for any other.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::ZhCn
        } else {
            Lang::En
        }
    }
}

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
    /// The Chinese words: in the browser, fetched (`zh-CN.txt` beside the page) when the page
    /// first speaks Chinese, so that an English visit does not download them; natively, where
    /// the tests run, from the source.
    static ZH_CN: OnceCell<HashMap<&'static str, &'static str>> = const { OnceCell::new() };
}

/// The Chinese for `en`, once the words are there.
fn zh(en: &str) -> Option<&'static str> {
    ZH_CN.with(|c| {
        #[cfg(not(target_arch = "wasm32"))]
        c.get_or_init(|| catalogue(include_str!("zh-CN.txt")));
        c.get().and_then(|m| m.get(en).copied())
    })
}

/// Whether the page has the words to speak `lang`.
pub fn has_words(lang: Lang) -> bool {
    lang == Lang::En || ZH_CN.with(|c| c.get().is_some()) || cfg!(not(target_arch = "wasm32"))
}

/// Fetches the words of `lang` if the page does not have them yet (in the browser).
pub async fn load_words(lang: Lang) -> Result<(), String> {
    if has_words(lang) {
        return Ok(());
    }
    let text = crate::files::fetch_text("zh-CN.txt").await?;
    // Kept for the page's lifetime: the words are looked up as `&'static str`.
    let text: &'static str = Box::leak(text.into_boxed_str());
    ZH_CN.with(|c| {
        let _ = c.set(catalogue(text));
    });
    Ok(())
}

/// The language the page speaks now.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// Makes the page speak `lang` from its next render.
pub fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

/// A catalogue's entries: blocks separated by a blank line, each the English text on its first
/// line and the translation on its second; lines starting with `# ` are comments.
pub fn catalogue(text: &'static str) -> HashMap<&'static str, &'static str> {
    text.split("\n\n")
        .filter_map(|block| {
            let mut lines = block
                .lines()
                .filter(|l| !l.starts_with("# ") && *l != "#" && !l.is_empty());
            Some((lines.next()?, lines.next()?))
        })
        .collect()
}

/// Marks `en` as page text where it is kept in a constant (translated where it is shown, with
/// [`tr`]): the missing-translation test reads these too.
pub const fn n_(en: &'static str) -> &'static str {
    en
}

/// `en` in the page's language.
pub fn tr(en: &'static str) -> &'static str {
    match lang() {
        Lang::En => en,
        Lang::ZhCn => zh(en).unwrap_or(en),
    }
}

/// A text that reaches a component as a value (a field's label or hint) in the page's
/// language: its translation where the catalogue has one (it was marked with [`n_`]), else as
/// it is (a Kubernetes field name, a path).
pub fn tr_value(en: &str) -> String {
    match lang() {
        Lang::En => en.to_string(),
        Lang::ZhCn => zh(en).unwrap_or(en).to_string(),
    }
}

/// The page's language as the engine's sentences see it: the catalogue's templates, and
/// Chinese joints ("、", "；") in Chinese.
struct PageLanguage(Lang);

impl rollout_engine::sentence::Language for PageLanguage {
    fn template(&self, english: &'static str) -> &'static str {
        match self.0 {
            Lang::En => english,
            Lang::ZhCn => zh(english).unwrap_or(english),
        }
    }
    fn joint(&self, joint: rollout_engine::sentence::Joint) -> &'static str {
        use rollout_engine::sentence::{English, Joint};
        match (self.0, joint) {
            (Lang::En, j) => English.joint(j),
            (Lang::ZhCn, Joint::Comma) => "、",
            (Lang::ZhCn, Joint::Semicolon) => "；",
            (Lang::ZhCn, Joint::Plus) => " + ",
            (Lang::ZhCn, Joint::And) => "，",
            (Lang::ZhCn, Joint::Space) => "",
        }
    }
}

/// A sentence the engine wrote, in the page's language: its template's translation with the
/// same values (nested sentences translated too), or as the engine wrote it where the
/// catalogue has none.
pub fn say(sentence: &rollout_engine::sentence::Sentence) -> String {
    sentence.say(&PageLanguage(lang()))
}

/// Sentences said one after the other, as the engine joins them ("; ", or "；" in Chinese).
pub fn say_all(parts: &[rollout_engine::sentence::Sentence]) -> String {
    let joint = match lang() {
        Lang::En => "; ",
        Lang::ZhCn => "；",
    };
    parts.iter().map(say).collect::<Vec<_>>().join(joint)
}

/// `en` in the page's language, each `{name}` replaced by its value.
pub fn trf(en: &'static str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = tr(en).to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

#[cfg(test)]
mod tests;
