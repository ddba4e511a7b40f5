#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build one kernel flavour out of tree, with ccache for C and Debian's Rust.
#   build.sh patched   $WORKDIR/linux (series applied)  min.config
#   build.sh debug     $WORKDIR/linux (series applied)  min.config + debug.config
#   build.sh vanilla   base commit (worktree)            min.config
#   build.sh first     base + first patch (worktree)     min.config
#   build.sh bench-patched, bench-vanilla: as patched and vanilla, plus
#                      bench.config (make bench only)
#   build.sh bench-notrace: the series without its tracepoint patch, as
#                      bench-patched (worktree wt-notrace, made by bench.sh)
# Every requested option is verified after olddefconfig; missing ones fail the
# build, except the project's own symbols on trees that do not have them yet.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

flavour=${1:?usage: build.sh patched|debug|vanilla|first|bench-patched|bench-vanilla|bench-notrace}
case "$flavour" in
patched | debug | bench-patched) src="$SRC" ;;
vanilla | first) src="$WORKDIR/wt-$flavour" ;;
bench-vanilla) src="$WORKDIR/wt-vanilla" ;;
bench-notrace) src="$WORKDIR/wt-notrace" ;;
*) die "unknown flavour $flavour" ;;
esac
[ -d "$src" ] || die "$src missing: run make tree / make series-apply first"
out="$WORKDIR/build-$flavour"
mkdir -p "$out"

frags=("$REPO/scripts/configs/min.config")
[ "$flavour" = debug ] && frags+=("$REPO/scripts/configs/debug.config")
[[ "$flavour" == bench-* ]] && frags+=("$REPO/scripts/configs/bench.config")

# Generate the config in a scratch dir; only replace .config when it changed,
# so an unchanged fragment costs no rebuild.
cfgdir="$out/.cfg"
rm -rf "$cfgdir" && mkdir -p "$cfgdir"
make -s -C "$src" O="$cfgdir" "${KMAKE_ARGS[@]}" tinyconfig >/dev/null
cat "${frags[@]}" >"$cfgdir/fragment"
KCONFIG_CONFIG="$cfgdir/.config" "$src/scripts/kconfig/merge_config.sh" -m -O "$cfgdir" \
	"$cfgdir/.config" "$cfgdir/fragment" >/dev/null
make -s -C "$src" O="$cfgdir" "${KMAKE_ARGS[@]}" olddefconfig >/dev/null

bad=0
while IFS= read -r line; do
	case "$line" in "#"*"is not set") sym=${line#\# }; sym=${sym%% is not set}; want=n ;;
	"#"* | "") continue ;;
	*) sym=${line%%=*}; want=${line#*=} ;;
	esac
	if [ "$want" = n ]; then
		grep -q "^$sym=" "$cfgdir/.config" && { echo "config: $sym should be unset" >&2; bad=1; }
		continue
	fi
	if ! grep -qx "$sym=$want" "$cfgdir/.config"; then
		if [[ "$sym" == CONFIG_IO_URING_SECCOMP* ]] &&
			! grep -rqs "config ${sym#CONFIG_}\$" "$src/io_uring/Kconfig" "$src/init/Kconfig"; then
			continue # not in this tree (vanilla, or a patch before it)
		fi
		echo "config: requested $sym=$want, got: $(grep "^$sym=\|# $sym " "$cfgdir/.config" || echo absent)" >&2
		bad=1
	fi
done < <(cat "${frags[@]}")
[ $bad = 0 ] || die "$flavour: requested config options did not survive olddefconfig (see above)"
cmp -s "$cfgdir/.config" "$out/.config" || cp "$cfgdir/.config" "$out/.config"

step "building $flavour kernel in $out (cold ~5 min, warm seconds)"
start=$(date +%s)
if ! make -C "$src" O="$out" "${KMAKE_ARGS[@]}" -j"$JOBS" bzImage >"$out/build.log" 2>&1; then
	grep -E "error|Error" "$out/build.log" | sed -n 1,40p >&2
	die "$flavour kernel build failed, full log: $out/build.log"
fi
# Warnings: the base tree has a few with this toolchain, listed in
# scripts/configs/known-warnings.txt (objtool's "unreachable instruction" at
# the start of .text is harmless, see ../shared/toolchain.md). Any other
# warning, C or Rust, fails the build of a patched flavour.
if [[ "$flavour" != *vanilla ]]; then
	# clang's "N warning(s) generated." follows every warning, known or not.
	new=$(grep -E "warning" "$out/build.log" | grep -v -F -f <(grep -v '^#' "$REPO/scripts/configs/known-warnings.txt") |
		grep -v -E '^[0-9]+ warnings? generated\.$' || true)
	# KASAN inflates stack frames everywhere: frame-size warnings are
	# expected in the debug flavour.
	[ "$flavour" = debug ] &&
		new=$(grep -v -e '-Wframe-larger-than' <<<"$new" || true)
	if [ -n "$new" ]; then
		echo "$new" >&2
		die "$flavour kernel build has warnings (above) that are not known upstream ones"
	fi
fi
ok "$flavour bzImage built in $(($(date +%s) - start)) s"
