// SPDX-License-Identifier: GPL-2.0
/*
 * Docker's current default seccomp profile (../shared/docker-default-seccomp.json,
 * loaded as a runtime loads it for an unprivileged amd64 container), plus the
 * three io_uring syscalls that the profile no longer allows: the SQEs get the
 * decisions their syscalls get. Not part of the kernel series: it uses the
 * project's copy of the profile.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "ring.h"
#include "docker_profile.h"

#ifndef AF_ALG
#define AF_ALG		38
#endif
#ifndef AF_VSOCK
#define AF_VSOCK	40
#endif

static int load_docker(int with_io_uring)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(DOCKER_DEFAULT_ERRNO));
	int ret;

	if (!ctx)
		return -ENOMEM;
	ret = docker_profile_rules(ctx);
	if (!ret && with_io_uring)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(io_uring_setup), 0) ?:
		      seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(io_uring_enter), 0) ?:
		      seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(io_uring_register), 0);
	if (!ret)
		ret = seccomp_load(ctx);
	seccomp_release(ctx);
	return ret;
}

static int submit_one(struct ring *r)
{
	struct io_uring_cqe cqe;

	if (ring_submit(r) < 0 || ring_cqe(r, &cqe, 2000))
		return -10000;
	return cqe.res;
}

static int sqe_socket(struct ring *r, int domain)
{
	struct io_uring_sqe *sqe = ring_sqe(r);

	sqe->opcode = IORING_OP_SOCKET;
	sqe->fd = domain;
	sqe->off = SOCK_STREAM;
	return submit_one(r);
}

/* The stock profile refuses io_uring itself (Docker >= 25). */
TEST(stock_profile_refuses_io_uring)
{
	struct io_uring_params p = { 0 };

	ASSERT_EQ(0, load_docker(0));
	EXPECT_EQ(-1, sys_io_uring_setup(4, &p));
	EXPECT_EQ(EPERM, errno);
}

/* With io_uring allowed, socket(AF_VSOCK) and socket(AF_ALG) stay denied. */
TEST(socket_families_denied_like_syscall)
{
	static const int denied[] = { AF_VSOCK, AF_ALG };
	struct ring r;
	int i;

	ASSERT_EQ(0, load_docker(1));
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	for (i = 0; i < 2; i++) {
		EXPECT_EQ(-1, socket(denied[i], SOCK_STREAM, 0));
		EXPECT_EQ(EPERM, errno);
		EXPECT_EQ(-EPERM, sqe_socket(&r, denied[i])) {
			ksft_print_msg("family %d\n", denied[i]);
		}
	}
	ring_exit(&r);
}

/* What the profile allows, the SQEs can do. */
TEST(allowed_operations_work)
{
	struct io_uring_sqe *sqe;
	struct ring r;
	int fd;

	ASSERT_EQ(0, load_docker(1));
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	fd = sqe_socket(&r, AF_UNIX);
	EXPECT_LE(0, fd);
	close(fd);
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_OPENAT;
	sqe->fd = AT_FDCWD;
	sqe->addr = (unsigned long)"/dev/zero";
	fd = submit_one(&r);
	ASSERT_LE(0, fd);
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_READ;
	sqe->fd = fd;
	sqe->addr = (unsigned long)&r.p;
	sqe->len = 8;
	sqe->off = -1ULL;
	EXPECT_EQ(8, submit_one(&r));
	close(fd);
	ring_exit(&r);
}

TEST_HARNESS_MAIN
