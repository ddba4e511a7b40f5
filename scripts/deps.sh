#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install, idempotently and with pinned versions, everything the workbench needs.
# Second run: a few seconds, no network (every step checks before it acts).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PKGS=(
	"linux-source-6.12=${LINUX_SOURCE_VERSION}"
	"clang-19=${LLVM_VERSION}" "lld-19=${LLVM_VERSION}" "llvm-19=${LLVM_VERSION}"
	"libclang-19-dev=${LLVM_VERSION}"
	"rustc-web=${RUST_VERSION}" "rust-web-src=${RUST_VERSION}" "cargo-web=${RUST_VERSION}"
	"rust-web-clippy=${RUST_VERSION}" "rustfmt-web=${RUST_VERSION}"
	qemu-system-x86 busybox-static liburing-dev libseccomp-dev ccache
	libcap-dev flex bison bc libelf-dev libssl-dev cpio python3 make gcc libc6-dev
	git xz-utils perl kmod rsync python3-sphinx python3-yaml file
)

missing=()
for p in "${PKGS[@]}"; do
	name=${p%%=*}
	want=${p#*=}
	have=$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null || true)
	case "$have" in
	"install ok installed "*)
		if [ "$want" != "$p" ] && [ "${have##* }" != "$want" ]; then
			missing+=("$p")
		fi
		;;
	*) missing+=("$p") ;;
	esac
done

if [ ${#missing[@]} -gt 0 ]; then
	step "installing ${#missing[@]} Debian packages: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends --allow-downgrades "${missing[@]}" \
		>"$WORKDIR/apt.log" 2>&1 || die "apt-get install failed, see $WORKDIR/apt.log"
else
	note "Debian packages: all ${#PKGS[@]} present at pinned versions"
fi

if ! "$BINDGEN" --version 2>/dev/null | grep "bindgen ${BINDGEN_VERSION}\$" >/dev/null; then
	step "cargo install bindgen-cli@${BINDGEN_VERSION} into $TOOLS (~75 s)"
	mkdir -p "$TOOLS"
	# Use Debian's cargo/rustc: the rustup toolchain may be newer than the
	# kernel supports, and Debian's is the one the kernel is built with.
	CARGO_HOME="$TOOLS/cargo-home" RUSTC=/usr/bin/rustc \
		/usr/bin/cargo install --locked "bindgen-cli@${BINDGEN_VERSION}" \
		--root "$TOOLS" >"$WORKDIR/bindgen-install.log" 2>&1 ||
		die "bindgen install failed, see $WORKDIR/bindgen-install.log"
else
	note "bindgen ${BINDGEN_VERSION}: present"
fi
ok "dependencies ready"
