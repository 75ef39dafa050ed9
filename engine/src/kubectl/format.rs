//! kubectl's table layout and age formatting.

use crate::api::Millis;

/// Mirrors `duration.HumanDuration`, the AGE column.
pub fn human_duration(ms: Millis) -> String {
    let seconds = ms.div_euclid(1000);
    if seconds < -1 {
        return "<invalid>".into();
    }
    if seconds < 0 {
        return "0s".into();
    }
    if seconds < 120 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    format!("{}y", hours / 24 / 365)
}

/// Lays out rows as kubectl's tabwriter does: columns padded to the widest cell plus 3 spaces.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.len()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let last = cells.len().saturating_sub(1);
        for (i, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if i < last {
                let pad = widths[i] + 3 - cell.chars().count();
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    };
    line(headers.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_as_kubectl_prints_them() {
        assert_eq!(human_duration(5_000), "5s");
        assert_eq!(human_duration(119_000), "119s");
        assert_eq!(human_duration(150_000), "2m30s");
        assert_eq!(human_duration(600_000), "10m");
        assert_eq!(human_duration(3_600_000), "60m");
        assert_eq!(human_duration(4 * 3_600_000 + 60_000), "4h1m");
        assert_eq!(human_duration(-5_000), "<invalid>");
    }

    #[test]
    fn table_pads_columns_by_three() {
        let t = table(&["NAME", "AGE"], &[vec!["a".into(), "1s".into()]]);
        assert_eq!(t, "NAME   AGE\na      1s\n");
    }
}
