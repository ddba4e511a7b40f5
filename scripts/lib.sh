# SPDX-License-Identifier: GPL-2.0
# Shared settings for the workbench scripts. Sourced, not executed.

# Pinned versions (measured in ../shared/toolchain.md).
LINUX_SOURCE_VERSION=${LINUX_SOURCE_VERSION:-6.12.117-1~deb12u1}
LLVM_VERSION=${LLVM_VERSION:-1:19.1.7-3~deb12u1}
RUST_VERSION=${RUST_VERSION:-1.96.0+dfsg1-1~deb12u2}
BINDGEN_VERSION=${BINDGEN_VERSION:-0.73.2}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Build trees live outside the repository; they may survive between sessions.
WORKDIR=${WORKDIR:-${XDG_CACHE_HOME:-$HOME/.cache}/iouring-seccomp-work}
TOOLS=${TOOLS:-$WORKDIR/tools}
BINDGEN=${BINDGEN:-$TOOLS/bin/bindgen}
SRC=${SRC:-$WORKDIR/linux}          # patched tree (git, branch "series")
VANILLA_O=${VANILLA_O:-$WORKDIR/build-vanilla}
mkdir -p "$WORKDIR"

# Debian's toolchain first: rustup's rustc has no rust-src.
export PATH=/usr/lib/ccache:/usr/lib/llvm-19/bin:/usr/bin:/usr/sbin:/bin:/sbin:$PATH
export CCACHE_DIR=${CCACHE_DIR:-$WORKDIR/ccache}

KMAKE_ARGS=(LLVM=-19 RUSTC=/usr/bin/rustc HOSTRUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
	RUSTFMT=/usr/bin/rustfmt CLIPPY_DRIVER=/usr/bin/clippy-driver BINDGEN="$BINDGEN")
JOBS=${JOBS:-$(nproc)}

step() { printf '\n==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
ok() { printf '    ok: %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }
