//! How Go's `fmt` prints the values Kubernetes puts in its messages: `%q` for strings
//! (`strconv.Quote`) and `%#v` (Go syntax) for maps and structs, as `field.Error` prints a bad
//! value that is not a simple type.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Mirrors `strconv.Quote`: printable characters as they are, `\a \b \f \n \r \t \v \\ \"`
/// escaped, other controls below 0x80 as `\xNN`, and other non-printable characters as
/// `\uNNNN` or `\UNNNNNNNN`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_print(c) => out.push(c),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `unicode.IsPrint` without Unicode tables: the space, and every
/// character that is not a control, another kind of space, a format character (the invisible
/// and bidirectional controls among them) or a private-use character.
pub fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    let private = matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF);
    !(c.is_control() || c.is_whitespace() || is_format(c) || private)
}

/// Invisible format characters (Unicode category Cf and the line and paragraph separators),
/// the bidirectional controls U+202A to U+202E and U+2066 to U+2069 among them: they can make
/// text read differently from what it says.
pub fn is_format(c: char) -> bool {
    matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F
        | 0x2028..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB
        | 0xE0001 | 0xE0020..=0xE007F)
}

/// `%#v` of a `map[string]string`: keys sorted, `map[string]string(nil)` for none.
pub fn string_map(m: Option<&BTreeMap<String, String>>) -> String {
    match m {
        None => "map[string]string(nil)".into(),
        Some(m) => {
            let pairs: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", quote(k), quote(v)))
                .collect();
            format!("map[string]string{{{}}}", pairs.join(", "))
        }
    }
}

/// `%#v` of a `metav1.LabelSelector` with only matchLabels (dereferenced from its pointer).
pub fn label_selector(match_labels: Option<&BTreeMap<String, String>>) -> String {
    format!(
        "v1.LabelSelector{{MatchLabels:{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}",
        string_map(match_labels)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_quote_as_strconv_does() {
        assert_eq!(quote("25.5%"), "\"25.5%\"");
        assert_eq!(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(quote("\u{1b}[31m\u{7f}"), "\"\\x1b[31m\\x7f\"");
        assert_eq!(quote("\t\n"), "\"\\t\\n\"");
        assert_eq!(quote("ë日本"), "\"ë日本\"");
        assert_eq!(quote("a\u{202e}b\u{2066}"), "\"a\\u202eb\\u2066\"");
        assert_eq!(quote("\u{a0}"), "\"\\u00a0\"");
        assert_eq!(quote("\u{f0000}"), "\"\\U000f0000\"");
    }

    #[test]
    fn maps_and_selectors_print_as_go_syntax() {
        let m: BTreeMap<String, String> = [("tier", "web"), ("app", "x")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(
            string_map(Some(&m)),
            r#"map[string]string{"app":"x", "tier":"web"}"#
        );
        assert_eq!(string_map(None), "map[string]string(nil)");
        assert_eq!(
            label_selector(Some(&m)),
            r#"v1.LabelSelector{MatchLabels:map[string]string{"app":"x", "tier":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}"#
        );
    }
}
