//! A sentence the engine writes for people (why the controller scaled a ReplicaSet), kept as
//! its English template and the values of its `{name}` holes, so that a front end can say it
//! in another language. Written out (`Display`, and in traces) it is the English sentence.

use std::fmt;

/// An English template with `{name}` holes, and their values.
#[derive(Clone, Debug, PartialEq)]
pub struct Sentence {
    pub template: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Sentence {
    /// `template` with `args` for its holes.
    pub fn new(template: &'static str, args: &[(&'static str, &dyn fmt::Display)]) -> Sentence {
        Sentence {
            template,
            args: args.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        }
    }

    /// A sentence with no template of its own (written in English only).
    pub fn plain(text: String) -> Sentence {
        Sentence {
            template: "{text}",
            args: vec![("text", text)],
        }
    }

    /// The sentence written with another template of the same holes (a translation).
    pub fn render_with(&self, template: &str) -> String {
        let mut out = template.to_string();
        for (name, value) in &self.args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}

impl fmt::Display for Sentence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render_with(self.template))
    }
}

impl From<String> for Sentence {
    fn from(text: String) -> Sentence {
        Sentence::plain(text)
    }
}

/// Written as the English sentence, as traces always have been.
impl serde::Serialize for Sentence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_reads_in_english_and_in_another_template() {
        let s = Sentence::new(
            "{a} available - minAvailable {b} = {c} may go",
            &[("a", &4), ("b", &3), ("c", &1)],
        );
        assert_eq!(s.to_string(), "4 available - minAvailable 3 = 1 may go");
        assert_eq!(s.render_with("{c} 个可走：{a} - {b}"), "1 个可走：4 - 3");
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            "\"4 available - minAvailable 3 = 1 may go\""
        );
        assert_eq!(Sentence::plain("as is".into()).to_string(), "as is");
    }
}
