// SPDX-License-Identifier: GPL-2.0
/*
 * The demonstration `make run` shows: a program whose seccomp filter denies
 * openat(2) tries to open a file with IORING_OP_OPENAT.
 */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "ring.h"

int main(void)
{
	const char *path = "/tmp/secret";
	struct io_uring_cqe cqe;
	struct io_uring_sqe *sqe;
	scmp_filter_ctx ctx;
	struct utsname u;
	struct ring r;
	int fd;

	uname(&u);
	printf("\n[demo] kernel %s %s\n", u.release, u.version);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	if (fd < 0 || write(fd, "top secret\n", 11) != 11)
		return 1;
	close(fd);
	printf("[demo] created %s\n", path);
	if (ring_init(&r, 4, 0)) {
		printf("[demo] io_uring_setup failed: %s\n", strerror(errno));
		return 1;
	}
	printf("[demo] set up an io_uring instance (fd %d)\n", r.fd);

	ctx = seccomp_init(SCMP_ACT_ALLOW);
	seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(openat), 0);
	if (!ctx || seccomp_load(ctx)) {
		printf("[demo] loading the seccomp filter failed\n");
		return 1;
	}
	printf("[demo] installed a seccomp filter (libseccomp): openat(2) -> ERRNO(EPERM)\n");

	fd = openat(AT_FDCWD, path, O_RDONLY);
	printf("[demo] openat(2) syscall:        %s\n",
	       fd < 0 ? strerror(errno) : "opened the file!");

	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_OPENAT;
	sqe->fd = AT_FDCWD;
	sqe->addr = (unsigned long)path;
	sqe->open_flags = O_RDONLY;
	ring_submit(&r);
	if (ring_cqe(&r, &cqe, 2000)) {
		printf("[demo] no completion\n");
		return 1;
	}
	if (cqe.res < 0) {
		printf("[demo] IORING_OP_OPENAT SQE:     CQE res %d (%s)\n", cqe.res,
		       strerror(-cqe.res));
		printf("[demo] RESULT: the filter decided the SQE as it decides the syscall.\n\n");
	} else {
		char buf[32] = "";

		if (read(cqe.res, buf, sizeof(buf) - 1) < 0)
			buf[0] = 0;
		printf("[demo] IORING_OP_OPENAT SQE:     CQE res %d: opened it, read \"%.*s\"\n",
		       cqe.res, (int)strcspn(buf, "\n"), buf);
		printf("[demo] RESULT: io_uring bypassed the seccomp filter.\n\n");
	}
	return 0;
}
