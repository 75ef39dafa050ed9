# Sourced by scripts/serve and scripts/test: installs whatever the build is missing and skips
# whatever is there, so that a re-run spends seconds here. Sets:
#   WASM_ENV  - environment (as `env` arguments) for every wasm build: empty with rustup's
#               wasm32 target, the Debian rustc-web + build-std fallback otherwise.
#   PATH      - with ~/.cargo/bin and the npm tools (wasm-opt) in front.
#   WASM_SPLIT - binaryen's wasm-split, which splits the page's module in two (scripts/split/).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_PROGRESS_WHEN=never

step() { printf '\n== %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

APT_UPDATED=""
apt_install() {
    local missing=()
    for p in "$@"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! have apt-get; then
        echo "missing packages: ${missing[*]} (install them with your package manager)" >&2
        return 1
    fi
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    if [ -z "$APT_UPDATED" ]; then
        $sudo apt-get update -qq
        APT_UPDATED=1
    fi
    echo "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

require_rust() {
    if ! have cargo; then
        echo "Rust is missing: install it with rustup (https://rustup.rs), then re-run." >&2
        exit 1
    fi
}

# The wasm32 standard library: rustup's target when it is there or can be added; otherwise
# Debian's rustc-web with the std source, built with build-std (see DEVELOPERS notes in README).
setup_wasm_target() {
    WASM_ENV=""
    # ROLLOUT_LAB_WASM=debian forces the fallback (to test it where rustup's target works).
    if [ "${ROLLOUT_LAB_WASM:-}" = "debian" ]; then
        use_debian_wasm
        return
    fi
    if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
        echo "wasm32 target: rustup (installed)"
        return
    fi
    if rustup toolchain list 2>/dev/null | grep -q '^debian-web' && [ -d /usr/lib/rustlib/src/rust/library ]; then
        echo "wasm32 target: Debian rustc-web with build-std (installed)"
        WASM_ENV="RUSTUP_TOOLCHAIN=debian-web RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort"
        return
    fi
    if timeout 90 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
        echo "wasm32 target: rustup (added)"
        return
    fi
    echo "wasm32 target: rustup could not download it; falling back to Debian's rustc-web with build-std"
    use_debian_wasm
}

# Debian's rustc-web (rustc with the wasm32 target) and the std source, linked as the rustup
# toolchain `debian-web`; std is built for wasm32 with build-std. Only wasm builds use it.
use_debian_wasm() {
    apt_install rustc-web cargo-web rust-web-src lld-22
    rustup toolchain list | grep -q '^debian-web' || rustup toolchain link debian-web /usr
    WASM_ENV="RUSTUP_TOOLCHAIN=debian-web RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort"
}

# The version of a crate recorded in Cargo.lock.
locked_version() {
    awk -v name="$1" '$1=="name" && $3=="\""name"\"" {getline; gsub(/"/, "", $3); print $3; exit}' "$ROOT/Cargo.lock"
}

setup_trunk() {
    if have trunk; then
        echo "trunk: $(trunk --version)"
        return
    fi
    echo "trunk: installing (about 10 minutes on 2 cores)"
    # Trunk 0.22 needs a recent rustc; fall back to the nightly toolchain when stable is older.
    cargo install trunk --locked --quiet || cargo +nightly install trunk --locked --quiet
}

setup_wasm_bindgen() {
    local want
    want="$(locked_version wasm-bindgen)"
    if have wasm-bindgen && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$want" ]; then
        echo "wasm-bindgen-cli: $want"
        return
    fi
    echo "wasm-bindgen-cli: installing $want (the exact version in Cargo.lock; about 3 minutes)"
    cargo install wasm-bindgen-cli --version "$want" --force --quiet
}

setup_npm_tools() {
    # Installed and as locked: npm writes its own copy of the lock file on every install.
    if [ -x "$ROOT/node_modules/.bin/wasm-opt" ] && [ -f "$ROOT/node_modules/.package-lock.json" ] &&
        [ ! "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
        echo "npm tools: $(wasm-opt --version), playwright-core $(cd "$ROOT" && node -p 'require("playwright-core/package.json").version' 2>/dev/null)"
        return
    fi
    have npm || apt_install nodejs npm
    echo "npm tools: installing binaryen (wasm-opt), playwright-core and axe-core"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
}

# binaryen's wasm-split: npm's binaryen has no such tool, so Debian 12's package (version 108)
# is unpacked beside the build, not installed: its wasm-opt stays off the PATH, npm's is used.
setup_wasm_split() {
    local dir="$HOME/.cache/rollout-lab/binaryen-108"
    export WASM_SPLIT="$dir/usr/bin/wasm-split"
    if [ -x "$WASM_SPLIT" ]; then
        echo "wasm-split: binaryen $("$WASM_SPLIT" --version | grep -o '[0-9]*' | head -1) (Debian's, unpacked)"
        return
    fi
    have apt-get || { echo "wasm-split: needs Debian's binaryen package (apt-get)" >&2; return 1; }
    echo "wasm-split: unpacking Debian's binaryen package"
    local tmp
    tmp="$(mktemp -d)"
    if ! (cd "$tmp" && apt-get download binaryen >/dev/null 2>&1); then
        local sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        $sudo apt-get update -qq
        APT_UPDATED=1
        (cd "$tmp" && apt-get download binaryen >/dev/null)
    fi
    mkdir -p "$dir"
    dpkg-deb -x "$tmp"/binaryen_*.deb "$dir"
    rm -rf "$tmp"
    "$WASM_SPLIT" --version
}

setup_chromium() {
    if have chromium && have chromedriver; then
        echo "chromium: $(chromium --version 2>/dev/null)"
        return
    fi
    apt_install chromium chromium-driver
}

# Everything scripts/serve needs.
setup_build() {
    require_rust
    setup_wasm_target
    setup_trunk
    setup_wasm_bindgen
    setup_npm_tools
    setup_wasm_split
}

# A release build of the page into dist/.
build_page() {
    (cd "$ROOT" && env $WASM_ENV trunk build --release)
}
