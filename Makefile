# SPDX-License-Identifier: GPL-2.0
# Seccomp for io_uring: the workbench. The README's two commands are
#   make run    fresh machine -> patched kernel booted in QEMU -> the demo
#   make test   everything CI checks
# Build trees live outside the repository, in $(WORKDIR).

SHELL := /bin/bash
S := scripts
export WORKDIR ?= $(HOME)/.cache/iouring-seccomp-work

.PHONY: run test deps tree series apply build vanilla debug demo guest-test \
	kunit selftest bench bisect-check checkpatch export clean help

help:
	@echo "make run        install, build, boot the demo on the unpatched and patched kernels"
	@echo "make test       everything CI checks; ends with 'N passed, M failed'"
	@echo "make series     regenerate patches/ from the sources (commit the result)"
	@echo "make kunit      boot the patched kernel, run KUnit only (SUITE=glob, default all)"
	@echo "make selftest   boot the patched kernel, run one kselftest (T=name)"
	@echo "make debug      build the debug kernel (KASAN, lockdep, kmemleak)"
	@echo "make bisect-check  build every patch of the series in turn (slow: not in make test)"
	@echo "make export     developer: write the sources from the kernel branch 'dev'"
	@echo "make clean      remove the build trees in $(WORKDIR)"

deps:
	@$(S)/deps.sh

tree: deps
	@$(S)/tree.sh

series: tree
	@$(S)/series.sh write

apply: tree
	@$(S)/series.sh apply

build: apply
	@$(S)/build.sh patched

vanilla: tree
	@$(S)/series.sh apply >/dev/null
	@$(S)/build.sh vanilla

debug: apply
	@$(S)/build.sh debug

demo:
	@$(S)/demo.sh

run: build vanilla demo

test:
	@$(S)/test.sh

bench: apply
	@$(S)/bench.sh

bisect-check: apply
	@$(S)/bisect-check.sh

kunit: build
	@$(S)/run-guest.sh patched kunit "" "$(SUITE)" >/dev/null && \
	python3 $(WORKDIR)/linux/tools/testing/kunit/kunit.py parse $(WORKDIR)/console-patched-kunit.log

selftest: build
	@$(S)/run-guest.sh patched one "" "$(T)" >/dev/null && \
	sed -n '/^IOU-BEGIN/,/^IOU-END/p' $(WORKDIR)/console-patched-one.log

checkpatch: apply
	@for p in patches/0*.patch; do echo "== $$p"; \
		$(WORKDIR)/linux/scripts/checkpatch.pl --no-tree --strict -q $$p; done; true

export:
	@$(S)/export.sh dev

clean:
	rm -rf $(WORKDIR)/build-* $(WORKDIR)/guest-* $(WORKDIR)/console-*
