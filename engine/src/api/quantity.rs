//! Resource quantities as Kubernetes writes them (`500m`, `2`, `1.5`, `128Mi`, `1G`, `1e3`):
//! mirrors `resource.ParseQuantity` of k8s.io/apimachinery for the values a pod's requests and a
//! node's allocatable take, read as millicores (`MilliValue`) or bytes (`Value`), both rounded
//! up as upstream rounds them.

use std::fmt;

/// Why a quantity was refused, in upstream's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// Not of the form a quantity takes.
    Format,
    /// Below zero (requests and allocatable must not be).
    Negative,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // resource.ErrFormatWrong.
            QuantityError::Format => f.write_str(
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            ),
            // ValidateNonnegativeQuantity.
            QuantityError::Negative => f.write_str("must be greater than or equal to 0"),
        }
    }
}

impl std::error::Error for QuantityError {}

/// A quantity as an exact fraction: `num / den`, with `den` a power of ten.
fn parse(text: &str) -> Result<(i128, i128), QuantityError> {
    let t = text.trim();
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'-') => (-1, &t[1..]),
        Some(b'+') => (1, &t[1..]),
        _ => (1, t),
    };
    let split = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(split);
    if number.is_empty() || number == "." || number.matches('.').count() > 1 {
        return Err(QuantityError::Format);
    }
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    if frac.len() > 18 || whole.len() > 20 {
        return Err(QuantityError::Format);
    }
    let digits: i128 = format!("{whole}{frac}")
        .parse()
        .map_err(|_| QuantityError::Format)?;
    let mut den: i128 = 10i128.pow(frac.len() as u32);
    let mut num = sign * digits;
    // Binary suffixes (Ki .. Ei), decimal ones (n .. E), or an exponent (e3, E-2).
    let binary = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    let decimal = [
        ("n", -9),
        ("u", -6),
        ("m", -3),
        ("", 0),
        ("k", 3),
        ("M", 6),
        ("G", 9),
        ("T", 12),
        ("P", 15),
        ("E", 18),
    ];
    if let Some(i) = binary.iter().position(|b| *b == suffix) {
        num = num
            .checked_mul(1i128 << (10 * (i as u32 + 1)))
            .ok_or(QuantityError::Format)?;
    } else if let Some((_, exp)) = decimal.iter().find(|(s, _)| *s == suffix) {
        scale(&mut num, &mut den, *exp)?;
    } else if let Some(exp) = suffix
        .strip_prefix('e')
        .or_else(|| suffix.strip_prefix('E'))
    {
        let exp: i32 = exp.parse().map_err(|_| QuantityError::Format)?;
        if exp.abs() > 18 {
            return Err(QuantityError::Format);
        }
        scale(&mut num, &mut den, exp)?;
    } else {
        return Err(QuantityError::Format);
    }
    if num < 0 {
        return Err(QuantityError::Negative);
    }
    Ok((num, den))
}

fn scale(num: &mut i128, den: &mut i128, exp: i32) -> Result<(), QuantityError> {
    let p = 10i128.pow(exp.unsigned_abs());
    if exp >= 0 {
        *num = num.checked_mul(p).ok_or(QuantityError::Format)?;
    } else {
        *den = den.checked_mul(p).ok_or(QuantityError::Format)?;
    }
    Ok(())
}

fn ceil_div(num: i128, den: i128) -> i64 {
    let q = (num + den - 1) / den;
    q.min(i128::from(i64::MAX)) as i64
}

/// `MilliValue()`: thousandths of the quantity, rounded up (CPU in millicores).
pub fn parse_milli(text: &str) -> Result<i64, QuantityError> {
    let (num, den) = parse(text)?;
    Ok(ceil_div(num.saturating_mul(1000), den))
}

/// `Value()`: the quantity rounded up to a whole number (memory in bytes).
pub fn parse_value(text: &str) -> Result<i64, QuantityError> {
    let (num, den) = parse(text)?;
    Ok(ceil_div(num, den))
}

/// Millicores as Kubernetes prints them: `2` for 2000, `250m` for 250.
pub fn format_milli(m: i64) -> String {
    if m % 1000 == 0 {
        (m / 1000).to_string()
    } else {
        format!("{m}m")
    }
}

/// Bytes in the largest binary unit that divides them (`128Mi`, `4Gi`), as kubectl prints
/// canonical memory quantities.
pub fn format_bytes(b: i64) -> String {
    for (i, unit) in ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"].iter().enumerate() {
        let size = 1i64 << (10 * (6 - i as u32));
        if b != 0 && b % size == 0 {
            return format!("{}{unit}", b / size);
        }
    }
    b.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_reads_as_millicores_rounded_up() {
        assert_eq!(parse_milli("500m"), Ok(500));
        assert_eq!(parse_milli("2"), Ok(2000));
        assert_eq!(parse_milli("1.5"), Ok(1500));
        assert_eq!(parse_milli("0.1"), Ok(100));
        assert_eq!(parse_milli("100u"), Ok(1), "MilliValue rounds up");
        assert_eq!(parse_milli("1e-3"), Ok(1));
        assert_eq!(parse_milli("1k"), Ok(1_000_000));
    }

    #[test]
    fn memory_reads_as_bytes() {
        assert_eq!(parse_value("128Mi"), Ok(128 << 20));
        assert_eq!(parse_value("1Gi"), Ok(1 << 30));
        assert_eq!(parse_value("1G"), Ok(1_000_000_000));
        assert_eq!(parse_value("1.5Gi"), Ok(3 << 29));
        assert_eq!(parse_value("129e6"), Ok(129_000_000));
        assert_eq!(parse_value("123456789"), Ok(123_456_789));
        assert_eq!(parse_value("500m"), Ok(1), "Value rounds up");
    }

    #[test]
    fn bad_quantities_are_refused_in_upstreams_words() {
        for bad in ["", "abc", "1x", "1..2", "Mi", "1 Mi", "1e", "1Ki2"] {
            assert_eq!(parse_value(bad), Err(QuantityError::Format), "{bad:?}");
        }
        assert_eq!(parse_milli("-1"), Err(QuantityError::Negative));
        assert!(QuantityError::Format
            .to_string()
            .starts_with("quantities must match"));
    }

    #[test]
    fn quantities_print_as_kubectl_prints_them() {
        assert_eq!(format_milli(2000), "2");
        assert_eq!(format_milli(250), "250m");
        assert_eq!(format_bytes(128 << 20), "128Mi");
        assert_eq!(format_bytes(4 << 30), "4Gi");
        assert_eq!(format_bytes(1000), "1000");
    }
}
