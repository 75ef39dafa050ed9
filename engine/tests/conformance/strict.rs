//! Strict reading of the vectors: every field a runner reads is recorded, a field it needs and
//! does not find fails the case (no silent default), and after the case every field of its
//! `inputs` and `expected` must have been read or explicitly ignored (an unknown field fails).

use rollout_engine::intstr::IntOrString;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::BTreeSet;

/// The paths read during one case.
#[derive(Default)]
pub struct Seen(RefCell<BTreeSet<String>>);

impl Seen {
    /// The root of a case's part (`inputs`, `expected`) or of its table, under `name`.
    pub fn root<'a>(&'a self, v: &'a Value, name: &str) -> J<'a> {
        J {
            v,
            path: name.to_string(),
            seen: self,
        }
    }

    /// Every key path under `v` (at `path`) that no runner read.
    pub fn unread(&self, v: &Value, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.walk(v, path, &mut out);
        out
    }

    fn walk(&self, v: &Value, path: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    let p = format!("{path}.{k}");
                    if self.0.borrow().contains(&p) {
                        self.walk(child, &p, out);
                    } else {
                        out.push(p);
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    self.walk(child, &format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
}

/// A value of a case, with where it sits, recording what is read of it. Conversions panic with
/// the field's path when the field is missing or of another type; the harness turns the panic
/// into a failed case.
#[derive(Clone)]
pub struct J<'a> {
    v: &'a Value,
    path: String,
    seen: &'a Seen,
}

static NULL: Value = Value::Null;

impl<'a> J<'a> {
    /// The field `key` (null when absent), marked as read.
    pub fn at(&self, key: &str) -> J<'a> {
        let path = format!("{}.{key}", self.path);
        self.seen.0.borrow_mut().insert(path.clone());
        J {
            v: self.v.get(key).unwrap_or(&NULL),
            path,
            seen: self.seen,
        }
    }

    /// Marks fields as read on purpose without using them (declared-but-unasserted values).
    pub fn ignore(&self, keys: &[&str]) {
        for k in keys {
            self.at(k);
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether the field `key` is present (null included), without marking it read: for a
    /// runner that tells a case's kind, or an unasserted column, by which fields it has.
    pub fn has(&self, key: &str) -> bool {
        self.v.get(key).is_some()
    }

    /// The raw value, with every field under it marked as read.
    pub fn raw(&self) -> &'a Value {
        self.mark_all(self.v, &self.path);
        self.v
    }

    fn mark_all(&self, v: &Value, path: &str) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    let p = format!("{path}.{k}");
                    self.seen.0.borrow_mut().insert(p.clone());
                    self.mark_all(child, &p);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    self.mark_all(child, &format!("{path}[{i}]"));
                }
            }
            _ => {}
        }
    }

    fn fail(&self, want: &str) -> ! {
        panic!("{}: expected {want}, found {}", self.path, self.v)
    }

    pub fn is_null(&self) -> bool {
        self.v.is_null()
    }

    /// `None` when null or absent.
    pub fn opt(&self) -> Option<J<'a>> {
        (!self.v.is_null()).then(|| self.clone())
    }

    pub fn i64(&self) -> i64 {
        self.v.as_i64().unwrap_or_else(|| self.fail("an integer"))
    }

    pub fn int(&self) -> i32 {
        i32::try_from(self.i64()).unwrap_or_else(|_| self.fail("a 32-bit integer"))
    }

    pub fn opt_int(&self) -> Option<i32> {
        self.opt().map(|j| j.int())
    }

    pub fn opt_i64(&self) -> Option<i64> {
        self.opt().map(|j| j.i64())
    }

    pub fn bool(&self) -> bool {
        self.v
            .as_bool()
            .unwrap_or_else(|| self.fail("true or false"))
    }

    pub fn opt_bool(&self) -> Option<bool> {
        self.opt().map(|j| j.bool())
    }

    pub fn str(&self) -> &'a str {
        self.v.as_str().unwrap_or_else(|| self.fail("a string"))
    }

    pub fn opt_str(&self) -> Option<&'a str> {
        self.opt().map(|j| j.str())
    }

    /// An int-or-string; null is a nil pointer.
    /// An IntOrString as upstream's Go values are transcribed: `{"intVal": n}` or
    /// `{"strVal": "s"}`; null is nil.
    pub fn go_ios(&self) -> Option<IntOrString> {
        let j = self.opt()?;
        if j.has("intVal") {
            Some(IntOrString::Int(j.at("intVal").int()))
        } else {
            Some(IntOrString::String(j.at("strVal").str().to_string()))
        }
    }

    pub fn ios(&self) -> Option<IntOrString> {
        match self.v {
            Value::Null => None,
            Value::Number(_) => Some(IntOrString::Int(self.int())),
            Value::String(s) => Some(IntOrString::String(s.clone())),
            _ => self.fail("an int or a string"),
        }
    }

    /// The items of a list (an absent list is an error; use `opt` first where it may be).
    pub fn array(&self) -> Vec<J<'a>> {
        let items = self.v.as_array().unwrap_or_else(|| self.fail("a list"));
        items
            .iter()
            .enumerate()
            .map(|(i, v)| J {
                v,
                path: format!("{}[{i}]", self.path),
                seen: self.seen,
            })
            .collect()
    }

    /// The keys and values of an object, each marked as read.
    pub fn entries(&self) -> Vec<(&'a str, J<'a>)> {
        let m = self.v.as_object().unwrap_or_else(|| self.fail("an object"));
        m.keys().map(|k| (k.as_str(), self.at(k))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unread_and_missing_fields_are_caught() {
        let v = serde_json::json!({"a": 1, "b": {"c": 2, "d": 3}, "e": [{"f": 1}]});
        let seen = Seen::default();
        let j = seen.root(&v, "inputs");
        assert_eq!(j.at("a").int(), 1);
        assert_eq!(j.at("b").at("c").int(), 2);
        assert_eq!(
            seen.unread(&v, "inputs"),
            vec!["inputs.b.d".to_string(), "inputs.e".to_string()]
        );
        j.at("e").array()[0].ignore(&["f"]);
        j.at("b").ignore(&["d"]);
        assert!(seen.unread(&v, "inputs").is_empty());
        let missing = std::panic::catch_unwind(|| {
            let seen = Seen::default();
            seen.root(&v, "expected").at("zz").int()
        });
        assert!(missing.is_err());
    }
}
