// SPDX-License-Identifier: GPL-2.0
/*
 * uring_cp: copy a file with liburing, every file operation an SQE: the
 * real io_uring program the reader (tools/iou-strace) is tested against.
 *
 *   uring_cp [--fsync] SRC DST
 *
 * OPENAT both files, STATX the source, READ and WRITE 4 KiB at a time at
 * explicit offsets, (with --fsync) FSYNC the copy, CLOSE both. The
 * program's own syscalls are io_uring_setup/enter, mmap and the few the C
 * library makes: all file work goes through the ring. Exits 0 on success,
 * 1 with the failing operation and its CQE result on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK	4096

static struct io_uring ring;

/* Submit the prepared SQE, wait for its CQE, return the result. */
static int run(const char *what)
{
	struct io_uring_cqe *cqe;
	int ret;

	ret = io_uring_submit(&ring);
	if (ret != 1) {
		fprintf(stderr, "uring_cp: %s: submit: %s\n", what, strerror(-ret));
		return ret < 0 ? ret : -EIO;
	}
	ret = io_uring_wait_cqe(&ring, &cqe);
	if (ret) {
		fprintf(stderr, "uring_cp: %s: wait: %s\n", what, strerror(-ret));
		return ret;
	}
	ret = cqe->res;
	io_uring_cqe_seen(&ring, cqe);
	if (ret < 0)
		fprintf(stderr, "uring_cp: %s: %s\n", what, strerror(-ret));
	return ret;
}

int main(int argc, char **argv)
{
	static char buf[BLOCK];
	struct io_uring_sqe *sqe;
	struct statx stx;
	int do_fsync = 0, in, out, n, w;
	unsigned long long off = 0;

	if (argc > 1 && !strcmp(argv[1], "--fsync")) {
		do_fsync = 1;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: uring_cp [--fsync] SRC DST\n");
		return 2;
	}
	if (io_uring_queue_init(8, &ring, 0)) {
		fprintf(stderr, "uring_cp: io_uring_queue_init failed\n");
		return 1;
	}

	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_openat(sqe, AT_FDCWD, argv[1], O_RDONLY | O_CLOEXEC, 0);
	sqe->user_data = 1;
	in = run("open source");
	if (in < 0)
		return 1;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_statx(sqe, in, "", AT_EMPTY_PATH, STATX_SIZE, &stx);
	sqe->user_data = 2;
	if (run("statx") < 0)
		return 1;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_openat(sqe, AT_FDCWD, argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			     0644);
	sqe->user_data = 3;
	out = run("open destination");
	if (out < 0)
		return 1;

	while (off < stx.stx_size) {
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_read(sqe, in, buf, BLOCK, off);
		sqe->user_data = 4;
		n = run("read");
		if (n <= 0)
			return 1;
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_write(sqe, out, buf, n, off);
		sqe->user_data = 5;
		w = run("write");
		if (w != n)
			return 1;
		off += n;
	}
	if (do_fsync) {
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_fsync(sqe, out, 0);
		sqe->user_data = 6;
		if (run("fsync") < 0)
			return 1;
	}
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_close(sqe, out);
	sqe->user_data = 7;
	if (run("close destination") < 0)
		return 1;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_close(sqe, in);
	sqe->user_data = 8;
	if (run("close source") < 0)
		return 1;
	io_uring_queue_exit(&ring);
	printf("uring_cp: copied %llu bytes\n", off);
	return 0;
}
