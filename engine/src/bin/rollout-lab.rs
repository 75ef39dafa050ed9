//! `rollout-lab run SCENARIO [--format text|jsonl]`.

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (out, code) = rollout_engine::cli::main_with_args(&args, |p| {
        if p == "-" {
            std::io::read_to_string(std::io::stdin())
        } else {
            std::fs::read_to_string(p)
        }
    });
    if code == 0 {
        let _ = std::io::stdout().write_all(out.as_bytes());
    } else {
        eprintln!("{out}");
    }
    std::process::exit(code);
}
