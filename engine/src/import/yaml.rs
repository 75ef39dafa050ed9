//! A fast reader for the YAML `kubectl get -o yaml` writes: block mappings and sequences (a
//! sequence under a key at the key's own indentation), plain, single- and double-quoted
//! scalars (long ones folded onto more-indented lines), `|` and `|-` block scalars, and the
//! empty `{}` and `[]`. It reads a cluster's List several times faster than a general YAML
//! parser; anything outside that subset (anchors, tags, flow collections with content, other
//! block scalars, tabs) makes it give up, and the general parser reads the text instead.

use serde_json::{Map, Number, Value};

/// One non-blank line: its indentation and the rest.
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    /// Every line, blank ones included, for block scalars (by their number in `all`).
    all: Vec<&'a str>,
    /// For each of `lines`, its number in `all`.
    number: Vec<usize>,
    at: usize,
}

/// Reads the text, or `None` when it is outside the subset.
pub fn parse(text: &str) -> Option<Value> {
    // Control characters (and what YAML treats as non-printable) are for the general parser
    // to refuse or read.
    let printable = |c: char| {
        c == '\n'
            || (c >= ' ' && c != '\u{7f}' && !('\u{80}'..='\u{9f}').contains(&c))
                && c != '\u{feff}'
                && c != '\u{fffd}'
                && c != '\u{2028}'
                && c != '\u{2029}'
    };
    if !text.chars().all(printable) {
        return None;
    }
    let mut lines = Vec::new();
    let mut number = Vec::new();
    let all: Vec<&str> = text.lines().collect();
    for (n, raw) in all.iter().enumerate() {
        let body = raw.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') || (n == 0 && body == "---") {
            continue;
        }
        if body.starts_with('\t') || body.starts_with("---") || body.starts_with("...") {
            return None;
        }
        lines.push(Line {
            indent: raw.len() - body.len(),
            text: body.trim_end(),
        });
        number.push(n);
    }
    let mut r = Reader {
        lines,
        all,
        number,
        at: 0,
    };
    if r.lines.is_empty() {
        return None;
    }
    let v = r.node(0)?;
    (r.at == r.lines.len()).then_some(v)
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.at).copied()
    }

    /// The node starting at the current line, indented `indent`.
    fn node(&mut self, indent: usize) -> Option<Value> {
        let line = self.peek()?;
        if line.indent != indent {
            return None;
        }
        if is_item(line.text) {
            self.sequence(indent)
        } else {
            self.mapping(indent, None)
        }
    }

    /// A block sequence whose dashes are at `indent`.
    fn sequence(&mut self, indent: usize) -> Option<Value> {
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent != indent || !is_item(line.text) {
                break;
            }
            let rest = line.text[1..].trim_start_matches(' ');
            let inner = indent + (line.text.len() - rest.len());
            if rest.is_empty() {
                self.at += 1;
                items.push(self.child(indent)?);
            } else if is_item(rest) || key_split(rest).is_some() {
                // `- key: value`: a mapping (or a nested sequence) whose first line shares the
                // dash's line, its other lines indented where its first key starts.
                self.lines[self.at] = Line {
                    indent: inner,
                    text: rest,
                };
                items.push(self.node(inner)?);
            } else {
                self.at += 1;
                items.push(self.scalar_value(rest, indent)?);
            }
        }
        Some(Value::Array(items))
    }

    /// A block mapping whose keys are at `indent`.
    fn mapping(&mut self, indent: usize, first: Option<Map<String, Value>>) -> Option<Value> {
        let mut map = first.unwrap_or_default();
        while let Some(line) = self.peek() {
            if line.indent != indent || is_item(line.text) {
                break;
            }
            let (key, rest) = key_split(line.text)?;
            let key = scalar_text(key)?;
            self.at += 1;
            let value = if rest.is_empty() {
                // A nested node, or a sequence at the key's own indentation, or null.
                match self.peek() {
                    Some(next) if next.indent > indent => self.node(next.indent)?,
                    Some(next) if next.indent == indent && is_item(next.text) => {
                        self.sequence(indent)?
                    }
                    _ => Value::Null,
                }
            } else if rest == "|" || rest == "|-" {
                self.block_scalar(indent, rest == "|")?
            } else {
                self.scalar_value(rest, indent)?
            };
            if map.insert(key, value).is_some() {
                return None; // a duplicate key: let the general parser say so
            }
        }
        Some(Value::Object(map))
    }

    /// The node of an empty `- ` item: what follows, more indented.
    fn child(&mut self, indent: usize) -> Option<Value> {
        match self.peek() {
            Some(next) if next.indent > indent => self.node(next.indent),
            _ => Some(Value::Null),
        }
    }

    /// A scalar that starts on a line, with its continuation lines (more indented than
    /// `indent`, not keys or items) folded in.
    fn scalar_value(&mut self, first: &str, indent: usize) -> Option<Value> {
        let quote = first.chars().next().filter(|c| *c == '"' || *c == '\'');
        if let Some(q) = quote {
            if !closed(first, q) {
                return self.quoted_lines(first, q, indent);
            }
        }
        let mut text = first.to_string();
        while let Some(next) = self.peek() {
            if next.indent <= indent || first.starts_with('\'') || first.starts_with('"') {
                break;
            }
            if is_item(next.text) || key_split(next.text).is_some() {
                return None;
            }
            // A blank line inside a plain scalar folds to a line break: the general parser's.
            if self.number[self.at] > self.number[self.at - 1] + 1 {
                return None;
            }
            text.push(' ');
            text.push_str(next.text);
            self.at += 1;
        }
        scalar(&text)
    }

    /// A quoted scalar over several lines: each line break folds to a space, each blank line
    /// to a line break (and, in double quotes, a `\` at a line's end joins the lines).
    fn quoted_lines(&mut self, first: &str, q: char, indent: usize) -> Option<Value> {
        let mut text = first.trim_end().to_string();
        let mut raw = self.number[self.at - 1] + 1;
        let mut breaks = 0;
        while raw < self.all.len() {
            let line = self.all[raw].trim();
            raw += 1;
            if line.is_empty() {
                breaks += 1;
                continue;
            }
            if self.all[raw - 1].len() - self.all[raw - 1].trim_start().len() <= indent {
                return None;
            }
            if breaks > 0 {
                text.push_str(&"\n".repeat(breaks));
            } else if q == '"' && text.ends_with('\\') && !text.ends_with("\\\\") {
                text.pop();
            } else {
                text.push(' ');
            }
            breaks = 0;
            text.push_str(line);
            if closed(&text, q) {
                // Skip the lines read from the non-blank list.
                while self.at < self.lines.len() && self.number[self.at] < raw {
                    self.at += 1;
                }
                return scalar(&text);
            }
        }
        None
    }

    /// A `|` (keep the last line break) or `|-` (strip it) block scalar under a key at `indent`.
    fn block_scalar(&mut self, indent: usize, keep: bool) -> Option<Value> {
        let start_line = match self.peek() {
            Some(next) if next.indent > indent => self.number[self.at],
            _ => return Some(Value::String(String::new())),
        };
        let body_indent = self.lines[self.at].indent;
        let mut end_line = start_line;
        while let Some(next) = self.peek() {
            if next.indent <= indent {
                break;
            }
            if next.indent < body_indent {
                return None;
            }
            end_line = self.number[self.at];
            self.at += 1;
        }
        let mut text = String::new();
        for raw in &self.all[start_line..=end_line] {
            text.push_str(raw.get(body_indent..).unwrap_or(""));
            text.push('\n');
        }
        if !keep {
            text.pop();
        }
        Some(Value::String(text))
    }
}

fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// `key: rest` (the key plain or quoted), or `None` if the line is not a mapping entry.
fn key_split(text: &str) -> Option<(&str, &str)> {
    let end = if text.starts_with('"') || text.starts_with('\'') {
        let q = text.as_bytes()[0];
        let mut i = 1;
        let b = text.as_bytes();
        while i < b.len() {
            if b[i] == b'\\' && q == b'"' {
                i += 2;
                continue;
            }
            if b[i] == q {
                if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                break;
            }
            i += 1;
        }
        if b.get(i + 1) != Some(&b':') {
            return None;
        }
        i + 1
    } else {
        text.find(": ")
            .or_else(|| text.ends_with(':').then(|| text.len() - 1))?
    };
    let key = &text[..end];
    let rest = text[end + 1..].trim_start_matches(' ');
    if key.is_empty() || key.starts_with(['[', '{', '&', '*', '!', '?', '|', '>', '%', '@', '`']) {
        return None;
    }
    Some((key, rest))
}

/// Whether a quoted scalar (opened by `q`) closes on the line, at its end.
fn closed(text: &str, q: char) -> bool {
    let b = text.as_bytes();
    let q = q as u8;
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'\\' if q == b'"' => i += 2,
            c if c == q => {
                if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                return i == b.len() - 1;
            }
            _ => i += 1,
        }
    }
    false
}

/// A key's text: keys that YAML reads as null, booleans or numbers are left to the general
/// parser.
fn scalar_text(key: &str) -> Option<String> {
    match scalar(key)? {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// A scalar: quoted, `{}`/`[]`, or plain (null, booleans and numbers as YAML 1.2's core
/// schema reads them, the rest strings).
fn scalar(text: &str) -> Option<Value> {
    let t = text.trim();
    if let Some(body) = t.strip_prefix('"') {
        return unescape_double(body.strip_suffix('"')?).map(Value::String);
    }
    if let Some(body) = t.strip_prefix('\'') {
        return Some(Value::String(body.strip_suffix('\'')?.replace("''", "'")));
    }
    match t {
        "{}" => return Some(Value::Object(Map::new())),
        "[]" => return Some(Value::Array(Vec::new())),
        "null" | "~" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        // YAML 1.1's other booleans: kubectl quotes them; the general parser decides.
        "y" | "Y" | "yes" | "Yes" | "YES" | "n" | "N" | "no" | "No" | "NO" | "on" | "On" | "ON"
        | "off" | "Off" | "OFF" => return None,
        _ => {}
    }
    // What cannot start or be inside a plain scalar.
    if t.starts_with([
        '{', '[', ']', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`', '#', '?', ':', '-',
    ]) && !is_integer(t)
        && !is_float(t)
        && !t.starts_with("-")
        || t.contains(" #")
        || t.contains(": ")
        || t.ends_with(':')
    {
        return None;
    }
    if t.starts_with('-') && !is_integer(t) && !is_float(t) && !t.starts_with("--") {
        // A plain scalar may start with `-` only when a non-space follows ("-v"); "- x" is an
        // item.
        if t.len() == 1 || t.as_bytes()[1] == b' ' {
            return None;
        }
    }
    // Numbers as kubectl writes them (`3`, `-1`, `0.5`); anything else number-like (`012`,
    // `1e3`, `0x10`, `.inf`, `1_000`, `+1`) is left to the general parser's YAML rules.
    if t.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '.')
        || (t.starts_with('-') && t[1..].starts_with(|c: char| c.is_ascii_digit() || c == '.'))
    {
        if is_integer(t) {
            return t.parse::<i64>().ok().map(|n| Value::Number(n.into()));
        }
        if is_float(t) {
            return t
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number);
        }
        if yaml_number_like(t) {
            return None;
        }
    }
    Some(Value::String(t.to_string()))
}

/// Whether some YAML schema could read `t` as a number (`012`, `1e3`, `0x1F`, `1_000`, `+1`,
/// `.5`, `1.`, `.inf`, `1:30`); an address like `10.244.1.7` is not.
fn yaml_number_like(t: &str) -> bool {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let lower = body.to_ascii_lowercase();
    if matches!(lower.as_str(), ".inf" | ".nan") {
        return true;
    }
    if let Some(hex) = lower.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit() || c == b'_');
    }
    if let Some(rest) = lower
        .strip_prefix("0o")
        .or_else(|| lower.strip_prefix("0b"))
    {
        return !rest.is_empty() && rest.bytes().all(|c| c.is_ascii_digit() || c == b'_');
    }
    if body.contains(':') {
        return body
            .split(':')
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()));
    }
    let (mantissa, exponent) = match lower.split_once('e') {
        Some((m, e)) => (m.to_string(), Some(e.to_string())),
        None => (lower.clone(), None),
    };
    let mantissa_ok = mantissa.matches('.').count() <= 1
        && mantissa.bytes().any(|c| c.is_ascii_digit())
        && mantissa
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b'.' || c == b'_');
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(&e);
        !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

/// `0`, `42`, `-7`: no sign but `-`, no leading zeros.
fn is_integer(t: &str) -> bool {
    let digits = t.strip_prefix('-').unwrap_or(t);
    !digits.is_empty()
        && digits.bytes().all(|c| c.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
}

/// `0.5`, `-12.25`: digits on both sides of the point, no exponent.
fn is_float(t: &str) -> bool {
    let body = t.strip_prefix('-').unwrap_or(t);
    match body.split_once('.') {
        Some((whole, frac)) => {
            is_integer(whole) && !frac.is_empty() && frac.bytes().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

fn unescape_double(body: &str) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            '/' => out.push('/'),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            ' ' => out.push(' '),
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn general(text: &str) -> Value {
        crate::manifest::parse_documents_within(text, 1 << 26)
            .unwrap()
            .remove(0)
    }

    #[test]
    fn kubectls_yaml_reads_as_the_general_parser_reads_it() {
        let text = r#"apiVersion: v1
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    annotations:
      deployment.kubernetes.io/revision: "2"
      kubectl.kubernetes.io/last-applied-configuration: |
        {"apiVersion":"apps/v1","kind":"Deployment"}
    creationTimestamp: "2024-05-01T11:00:00Z"
    generation: 2
    labels: {}
    name: web
  spec:
    replicas: 3
    template:
      spec:
        containers:
        - image: web:v2
          name: web
          args:
          - --port=8080
          - -v
        terminationGracePeriodSeconds: 30
  status:
    conditions:
    - lastTransitionTime: "2024-05-01T11:00:05Z"
      message: ReplicaSet "web-5d4597bc54" has successfully progressed, and this message is long
        enough to be folded onto a second line.
      reason: NewReplicaSetAvailable
      status: "True"
      type: Progressing
    - message: "a quoted message that is long enough to be split by the writer at its width,
        \ with an escaped space"
      ratio: 0.5
      empty: []
      nothing: null
      it's: 'single ''quoted'''
kind: List
metadata:
  resourceVersion: ""
"#;
        assert_eq!(parse(text), Some(general(text)));
        let fixture = include_str!("../../tests/data/cluster-mid-rollout.yaml");
        assert_eq!(parse(fixture), Some(general(fixture)));
    }

    #[test]
    fn anything_else_is_left_to_the_general_parser() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: {b: 1}\n",
            "a: >\n  folded\n",
            "a: !!str 1\n",
            "- a\n  - b\n",
            "a: 1\na: 2\n",
            // A blank line in a plain scalar is a line break (the fuzzer found it).
            "a: b\n \n  c\n",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
