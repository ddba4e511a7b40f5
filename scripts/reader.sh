#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build and test tools/iou-strace (iou-strace, iou-seccomp-run) with Debian's
# Rust toolchain, offline from vendored crates, as static binaries.
#   scripts/reader.sh build   build; the last two lines are the binary paths
#   scripts/reader.sh test    cargo test, clippy -D warnings, fmt --check
# Idempotent: the vendor directory is refreshed only when Cargo.lock changes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

CRATE=$REPO/tools/iou-strace
VENDOR=$WORKDIR/reader-vendor
TARGET=x86_64-unknown-linux-gnu
export CARGO_HOME=$TOOLS/cargo-home
export CARGO_TARGET_DIR=$WORKDIR/build-reader
export RUSTC=/usr/bin/rustc
export RUSTFLAGS="-C target-feature=+crt-static -C relocation-model=static"
CARGO=/usr/bin/cargo
CFG=(--config 'source.crates-io.replace-with="vendored-sources"'
	--config "source.vendored-sources.directory=\"$VENDOR\"")
COMMON=(--manifest-path "$CRATE/Cargo.toml" --offline --locked --target "$TARGET")

vendor() {
	local want have=""
	want=$(sha256sum "$CRATE/Cargo.lock" | cut -d' ' -f1)
	[ -f "$VENDOR/.lock-sha256" ] && have=$(cat "$VENDOR/.lock-sha256")
	if [ "$want" = "$have" ]; then
		note "vendored crates: up to date ($VENDOR)"
		return
	fi
	step "vendoring crates into $VENDOR"
	mkdir -p "$CARGO_HOME"
	"$CARGO" vendor --locked --manifest-path "$CRATE/Cargo.toml" "$VENDOR" \
		>"$WORKDIR/reader-vendor.log" 2>&1 ||
		die "cargo vendor failed, see $WORKDIR/reader-vendor.log"
	echo "$want" >"$VENDOR/.lock-sha256"
	ok "vendored $(find "$VENDOR" -mindepth 1 -maxdepth 1 -type d | wc -l) crates"
}

build() {
	step "building iou-strace (release, static)"
	"$CARGO" build "${CFG[@]}" "${COMMON[@]}" --release --bins ||
		die "cargo build failed"
	local dir=$CARGO_TARGET_DIR/$TARGET/release b out
	for b in iou-strace iou-seccomp-run; do
		out=$(file -b "$dir/$b")
		case "$out" in
		*"statically linked"*) ok "$b: statically linked, $(stat -c %s "$dir/$b") bytes" ;;
		*) die "$b is not statically linked: $out" ;;
		esac
	done
	echo "$dir/iou-strace"
	echo "$dir/iou-seccomp-run"
}

test_all() {
	step "cargo test"
	"$CARGO" test "${CFG[@]}" "${COMMON[@]}" 2>&1 | tee "$WORKDIR/reader-test.log" ||
		die "cargo test failed, see $WORKDIR/reader-test.log"
	ok "cargo test: $(grep -E '^test result:' "$WORKDIR/reader-test.log" |
		awk '{p += $4; f += $6} END {print p " passed, " f " failed"}')"
	step "cargo clippy -D warnings"
	"$CARGO" clippy "${CFG[@]}" "${COMMON[@]}" --all-targets -- -D warnings ||
		die "clippy found problems"
	ok "clippy clean"
	step "cargo fmt --check"
	"$CARGO" fmt --manifest-path "$CRATE/Cargo.toml" --check || die "rustfmt: run cargo fmt in $CRATE"
	ok "rustfmt clean"
}

[ -x "$CARGO" ] || die "$CARGO missing: run scripts/deps.sh (cargo-web)"
case "${1:-build}" in
build) vendor && build ;;
test) vendor && test_all ;;
*) die "usage: $0 build|test" ;;
esac
