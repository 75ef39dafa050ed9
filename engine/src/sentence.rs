//! A sentence the engine writes for people (why the controller scaled a ReplicaSet), kept as
//! its English template and the values of its `{name}` holes, so that a front end can say it
//! in another language. Written out (`Display`, and in traces) it is the English sentence.
//!
//! A hole holds a value written as it is (a number, a name), another sentence, or a list of
//! sentences joined as the language joins them; each nested sentence is said in the same
//! language as the one around it.

use std::fmt;

/// An English template with `{name}` holes, and their values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    pub template: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// What fills a hole.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Written as it is, in every language.
    Text(String),
    /// A sentence said in the language of the one around it.
    Said(Sentence),
    /// Sentences one after the other.
    List { joint: Joint, items: Vec<Sentence> },
}

/// How the sentences of a list are joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joint {
    /// Items of an enumeration ("18 sent to a pod that had stopped, 3 cut mid-flight").
    Comma,
    /// Clauses ("pods stopped ...; no pod was ready ...").
    Semicolon,
    /// Terms of a sum ("endpoints 1 s + deregistration 10 s").
    Plus,
    /// Two or more things at once ("1 pod fewer at peak and 2 pods more available").
    And,
    /// Sentences one after the other ("Stabilized to 4 (...). spec.replicas 3 → 4.").
    Space,
}

/// A language sentences are said in: its templates and its joints.
pub trait Language {
    /// The template of this language for an English one.
    fn template(&self, english: &'static str) -> &'static str;
    /// How this language joins a list.
    fn joint(&self, joint: Joint) -> &'static str;
}

/// The language the engine writes in.
pub struct English;

impl Language for English {
    fn template(&self, english: &'static str) -> &'static str {
        english
    }
    fn joint(&self, joint: Joint) -> &'static str {
        match joint {
            Joint::Comma => ", ",
            Joint::Semicolon => "; ",
            Joint::Plus => " + ",
            Joint::And => " and ",
            Joint::Space => " ",
        }
    }
}

impl Sentence {
    /// `template` with `args` for its holes, each written as it is.
    pub fn new(template: &'static str, args: &[(&'static str, &dyn fmt::Display)]) -> Sentence {
        Sentence {
            template,
            args: args
                .iter()
                .map(|(k, v)| (*k, Arg::Text(v.to_string())))
                .collect(),
        }
    }

    /// A sentence with no template of its own (written as it is in every language).
    pub fn plain(text: String) -> Sentence {
        Sentence {
            template: "{text}",
            args: vec![("text", Arg::Text(text))],
        }
    }

    /// Sentences one after the other, with nothing of their own.
    pub fn joined(joint: Joint, items: Vec<Sentence>) -> Sentence {
        Sentence {
            template: "{items}",
            args: vec![("items", Arg::List { joint, items })],
        }
    }

    /// The same sentence with the hole `name` filled by another sentence.
    pub fn with(mut self, name: &'static str, said: Sentence) -> Sentence {
        self.args.push((name, Arg::Said(said)));
        self
    }

    /// The same sentence with the hole `name` filled by `items`, joined by `joint`.
    pub fn with_list(mut self, name: &'static str, joint: Joint, items: Vec<Sentence>) -> Sentence {
        self.args.push((name, Arg::List { joint, items }));
        self
    }

    /// The sentence in `lang`. A hole written `{^name}` has its first letter capitalised (as
    /// an English sentence starting with a list of clauses needs).
    pub fn say(&self, lang: &dyn Language) -> String {
        let mut out = lang.template(self.template).to_string();
        for (name, arg) in &self.args {
            let value = match arg {
                Arg::Text(text) => text.clone(),
                Arg::Said(s) => s.say(lang),
                Arg::List { joint, items } => items
                    .iter()
                    .map(|s| s.say(lang))
                    .collect::<Vec<_>>()
                    .join(lang.joint(*joint)),
            };
            let capital = format!("{{^{name}}}");
            if out.contains(&capital) {
                out = out.replace(&capital, &capitalize(&value));
            }
            out = out.replace(&format!("{{{name}}}"), &value);
        }
        out
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

impl fmt::Display for Sentence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(&English))
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

    /// A language with one template of its own and its own joints.
    struct Test;
    impl Language for Test {
        fn template(&self, english: &'static str) -> &'static str {
            match english {
                "{a} available - minAvailable {b} = {c} may go" => "{c} 个可走：{a} - {b}",
                "{n} failed: {causes}. {^advice}." => "{n} 个失败：{causes}。{advice}。",
                other => other,
            }
        }
        fn joint(&self, _: Joint) -> &'static str {
            "、"
        }
    }

    #[test]
    fn a_sentence_reads_in_english_and_in_another_language() {
        let s = Sentence::new(
            "{a} available - minAvailable {b} = {c} may go",
            &[("a", &4), ("b", &3), ("c", &1)],
        );
        assert_eq!(s.to_string(), "4 available - minAvailable 3 = 1 may go");
        assert_eq!(s.say(&Test), "1 个可走：4 - 3");
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            "\"4 available - minAvailable 3 = 1 may go\""
        );
        assert_eq!(Sentence::plain("as is".into()).to_string(), "as is");
    }

    #[test]
    fn nested_sentences_and_lists_are_said_in_the_same_language() {
        let cause = |n: i32| Sentence::new("{n} cut", &[("n", &n)]);
        let advice = Sentence::new("wait {s} s", &[("s", &2)]);
        let s = Sentence::new("{n} failed: {causes}. {^advice}.", &[("n", &3)])
            .with_list("causes", Joint::Comma, vec![cause(1), cause(2)])
            .with_list("advice", Joint::Semicolon, vec![advice.clone(), advice]);
        assert_eq!(s.to_string(), "3 failed: 1 cut, 2 cut. Wait 2 s; wait 2 s.");
        assert_eq!(s.say(&Test), "3 个失败：1 cut、2 cut。wait 2 s、wait 2 s。");
    }
}
