// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring SQEs are decided by the submitter's seccomp filters exactly as the
 * equivalent syscalls are. Filters are built with libseccomp, as container
 * runtimes build them. Every test runs in its own child (kselftest harness),
 * so filters never leak from one test into another.
 *
 * On a kernel without the io_uring seccomp patches the tests that assert a
 * refusal fail: the SQE runs although the filter denies its syscall.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sched.h>
#include <grp.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "ring.h"

#define WAIT_MS		2000
#define DENY_ERRNO	ENOTUNIQ	/* returned by none of the opcodes */
#ifndef SYS_SECCOMP
#define SYS_SECCOMP	1	/* si_code of a seccomp SIGSYS */
#endif

static const char *tmp_path(const char *name)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "/tmp/iou_seccomp_%d_%s", getpid(), name);
	return buf;
}

/* Load a filter: default @def, @nr -> @action (no argument conditions). */
static int load_rule(uint32_t def, int nr, uint32_t action)
{
	scmp_filter_ctx ctx = seccomp_init(def);
	int ret;

	if (!ctx)
		return -ENOMEM;
	ret = seccomp_rule_add(ctx, action, nr, 0);
	if (!ret)
		ret = seccomp_load(ctx);
	seccomp_release(ctx);
	return ret;
}

/* Submit one SQE prepared by the caller and return its CQE result. */
static int submit_one(struct ring *r)
{
	struct io_uring_cqe cqe;
	int ret = ring_submit(r);

	if (ret < 0)
		return ret == -EPERM ? -10000 : ret;	/* enter itself refused */
	if (ring_cqe(r, &cqe, WAIT_MS))
		return -ETIMEDOUT;
	return cqe.res;
}

/* A socket command (IORING_OP_URING_CMD) getting or setting SOL_SOCKET @optname. */
static void prep_sockopt_cmd(struct io_uring_sqe *sqe, int fd, __u32 cmd_op, int optname,
			     int *val)
{
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = cmd_op;
	sqe->level = SOL_SOCKET;
	sqe->optname = optname;
	sqe->optval = (unsigned long)val;
	sqe->optlen = sizeof(*val);
}

static void prep_openat(struct io_uring_sqe *sqe, const char *path, int flags, int mode)
{
	sqe->opcode = IORING_OP_OPENAT;
	sqe->fd = AT_FDCWD;
	sqe->addr = (unsigned long)path;
	sqe->open_flags = flags;
	sqe->len = mode;
}

static void prep_mkdirat(struct io_uring_sqe *sqe, const char *path)
{
	sqe->opcode = IORING_OP_MKDIRAT;
	sqe->fd = AT_FDCWD;
	sqe->addr = (unsigned long)path;
	sqe->len = 0755;
}

static int sqe_openat(struct ring *r, const char *path, int flags)
{
	prep_openat(ring_sqe(r), path, flags, 0644);
	return submit_one(r);
}

/* The seed case: a filter that denies openat(2) also denies IORING_OP_OPENAT. */
TEST(openat_denied_eperm)
{
	const char *path = tmp_path("a");
	struct ring r;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(openat), SCMP_ACT_ERRNO(EPERM)));

	EXPECT_EQ(-1, openat(AT_FDCWD, path, O_CREAT | O_WRONLY, 0644));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-EPERM, sqe_openat(&r, path, O_CREAT | O_WRONLY));
	EXPECT_EQ(-1, access(path, F_OK)) {
		unlink(path);
	}
	EXPECT_EQ(ENOENT, errno);
	ring_exit(&r);
}

/* A filter that does not name openat changes nothing for IORING_OP_OPENAT. */
TEST(openat_allowed_by_filter)
{
	const char *path = tmp_path("b");
	struct ring r;
	int fd;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(mkdirat), SCMP_ACT_ERRNO(EPERM)));
	fd = sqe_openat(&r, path, O_CREAT | O_WRONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, access(path, F_OK));
	close(fd);
	unlink(path);
	ring_exit(&r);
}

/* No filter at all: nothing changes (also passes on an unpatched kernel). */
TEST(no_filter)
{
	struct ring r;
	int fd;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	fd = sqe_openat(&r, "/proc/self/status", O_RDONLY);
	ASSERT_LE(0, fd);
	close(fd);
	ring_sqe(&r)->opcode = IORING_OP_LAST;
	EXPECT_EQ(-EINVAL, submit_one(&r));
	ring_exit(&r);
}

/*
 * The differential test: for every opcode that has a syscall equivalent, a
 * filter that makes that syscall fail with DENY_ERRNO makes the syscall and
 * the SQE fail with DENY_ERRNO, and a filter for another syscall lets both
 * through. The SQEs name fd -1 and null pointers: harmless if they do run.
 */
struct op_case {
	const char *name;
	unsigned char opcode;
	int nr;
	unsigned long long off;	/* selects read vs pread64 and similar */
	unsigned int op_flags;
	unsigned int cmd_op;
};

static const struct op_case op_cases[] = {
	{ "READV", IORING_OP_READV, __NR_preadv2 },
	{ "WRITEV", IORING_OP_WRITEV, __NR_pwritev2 },
	{ "FSYNC", IORING_OP_FSYNC, __NR_fsync },
	{ "FSYNC_DATASYNC", IORING_OP_FSYNC, __NR_fdatasync, 0, IORING_FSYNC_DATASYNC },
	{ "READ_FIXED", IORING_OP_READ_FIXED, __NR_pread64 },
	{ "WRITE_FIXED", IORING_OP_WRITE_FIXED, __NR_pwrite64 },
	{ "POLL_ADD", IORING_OP_POLL_ADD, __NR_poll },
	{ "SYNC_FILE_RANGE", IORING_OP_SYNC_FILE_RANGE, __NR_sync_file_range },
	{ "SENDMSG", IORING_OP_SENDMSG, __NR_sendmsg },
	{ "RECVMSG", IORING_OP_RECVMSG, __NR_recvmsg },
	{ "ACCEPT", IORING_OP_ACCEPT, __NR_accept4 },
	{ "CONNECT", IORING_OP_CONNECT, __NR_connect },
	{ "FALLOCATE", IORING_OP_FALLOCATE, __NR_fallocate },
	{ "OPENAT", IORING_OP_OPENAT, __NR_openat },
	{ "CLOSE", IORING_OP_CLOSE, __NR_close },
	{ "FILES_UPDATE", IORING_OP_FILES_UPDATE, __NR_io_uring_register },
	{ "STATX", IORING_OP_STATX, __NR_statx },
	{ "READ", IORING_OP_READ, __NR_pread64 },
	{ "READ_POS", IORING_OP_READ, __NR_read, -1ULL },
	{ "WRITE", IORING_OP_WRITE, __NR_pwrite64 },
	{ "WRITE_POS", IORING_OP_WRITE, __NR_write, -1ULL },
	{ "FADVISE", IORING_OP_FADVISE, __NR_fadvise64 },
	{ "MADVISE", IORING_OP_MADVISE, __NR_madvise },
	{ "SEND", IORING_OP_SEND, __NR_sendto },
	{ "RECV", IORING_OP_RECV, __NR_recvfrom },
	{ "OPENAT2", IORING_OP_OPENAT2, __NR_openat2 },
	{ "EPOLL_CTL", IORING_OP_EPOLL_CTL, __NR_epoll_ctl },
	{ "SPLICE", IORING_OP_SPLICE, __NR_splice },
	{ "TEE", IORING_OP_TEE, __NR_tee },
	{ "SHUTDOWN", IORING_OP_SHUTDOWN, __NR_shutdown },
	{ "RENAMEAT", IORING_OP_RENAMEAT, __NR_renameat2 },
	{ "UNLINKAT", IORING_OP_UNLINKAT, __NR_unlinkat },
	{ "MKDIRAT", IORING_OP_MKDIRAT, __NR_mkdirat },
	{ "SYMLINKAT", IORING_OP_SYMLINKAT, __NR_symlinkat },
	{ "LINKAT", IORING_OP_LINKAT, __NR_linkat },
	{ "FSETXATTR", IORING_OP_FSETXATTR, __NR_fsetxattr },
	{ "SETXATTR", IORING_OP_SETXATTR, __NR_setxattr },
	{ "FGETXATTR", IORING_OP_FGETXATTR, __NR_fgetxattr },
	{ "GETXATTR", IORING_OP_GETXATTR, __NR_getxattr },
	{ "SOCKET", IORING_OP_SOCKET, __NR_socket },
	{ "URING_CMD_IOCTL", IORING_OP_URING_CMD, __NR_ioctl, 0, 0, 0x1234 },
	{ "URING_CMD_SIOCINQ", IORING_OP_URING_CMD, __NR_ioctl, 0, 0, SOCKET_URING_OP_SIOCINQ },
	{ "URING_CMD_GETSOCKOPT", IORING_OP_URING_CMD, __NR_getsockopt, 0, 0,
	  SOCKET_URING_OP_GETSOCKOPT },
	{ "URING_CMD_SETSOCKOPT", IORING_OP_URING_CMD, __NR_setsockopt, 0, 0,
	  SOCKET_URING_OP_SETSOCKOPT },
	{ "SEND_ZC", IORING_OP_SEND_ZC, __NR_sendto },
	{ "SENDMSG_ZC", IORING_OP_SENDMSG_ZC, __NR_sendmsg },
	{ "READ_MULTISHOT", IORING_OP_READ_MULTISHOT, __NR_read, -1ULL },
	{ "WAITID", IORING_OP_WAITID, __NR_waitid },
	{ "FUTEX_WAIT", IORING_OP_FUTEX_WAIT, __NR_futex_wait },
	{ "FUTEX_WAKE", IORING_OP_FUTEX_WAKE, __NR_futex_wake },
	{ "FUTEX_WAITV", IORING_OP_FUTEX_WAITV, __NR_futex_waitv },
	{ "FIXED_FD_INSTALL", IORING_OP_FIXED_FD_INSTALL, __NR_dup },
	{ "FTRUNCATE", IORING_OP_FTRUNCATE, __NR_ftruncate },
	{ "BIND", IORING_OP_BIND, __NR_bind },
	{ "LISTEN", IORING_OP_LISTEN, __NR_listen },
};

static void prep_case(struct ring *r, const struct op_case *c)
{
	struct io_uring_sqe *sqe = ring_sqe(r);

	sqe->opcode = c->opcode;
	sqe->fd = -1;
	sqe->off = c->off;
	sqe->rw_flags = c->op_flags;
	if (c->opcode == IORING_OP_URING_CMD)
		sqe->cmd_op = c->cmd_op;
}

/*
 * Run @c in a child under a filter denying @deny_nr; return the CQE result.
 * The child reports through shared memory: the filter may deny write(2).
 */
static int case_in_child(const struct op_case *c, int deny_nr, int *sys_errno)
{
	int *res, status, ret;
	pid_t pid;

	res = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED)
		return -1000;
	res[0] = -1001;
	res[1] = 0;
	pid = fork();
	if (pid == 0) {
		struct ring r;

		if (ring_init(&r, 4, 0))
			_exit(1);
		if (load_rule(SCMP_ACT_ALLOW, deny_nr, SCMP_ACT_ERRNO(DENY_ERRNO)))
			_exit(2);
		/* the syscall, with harmless arguments */
		errno = 0;
		if (syscall(c->nr, -1, 0, 0, 0, 0, 0) < 0)
			res[1] = errno;
		prep_case(&r, c);
		res[0] = submit_one(&r);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	*sys_errno = res[1];
	ret = res[0];
	munmap(res, 4096);
	return ret;
}

TEST(differential_every_opcode)
{
	int i, sys_errno, res, bad = 0;

	for (i = 0; i < ARRAY_SIZE(op_cases); i++) {
		const struct op_case *c = &op_cases[i];

		res = case_in_child(c, c->nr, &sys_errno);
		if (sys_errno != DENY_ERRNO || res != -DENY_ERRNO) {
			ksft_print_msg("%s: deny %d: syscall errno %d, SQE res %d (want %d both)\n",
				       c->name, c->nr, sys_errno, res, DENY_ERRNO);
			bad++;
		}
		res = case_in_child(c, __NR_acct, &sys_errno);
		if (sys_errno == DENY_ERRNO || res == -DENY_ERRNO || res == -ETIMEDOUT) {
			ksft_print_msg("%s: unrelated filter: syscall errno %d, SQE res %d\n",
				       c->name, sys_errno, res);
			bad++;
		}
	}
	ksft_print_msg("%d opcodes checked, %d mismatches\n", i, bad);
	EXPECT_EQ(0, bad);
}

/* openat(2) with O_WRONLY denied, O_RDONLY allowed: argument comparisons. */
TEST(openat_argument_rule)
{
	scmp_filter_ctx ctx;
	struct ring r;
	int fd;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	ASSERT_NE(NULL, ctx);
	ASSERT_EQ(0, seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(openat), 1,
				      SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE, O_WRONLY)));
	ASSERT_EQ(0, seccomp_load(ctx));
	seccomp_release(ctx);

	fd = sqe_openat(&r, "/proc/self/status", O_RDONLY);
	EXPECT_LE(0, fd);
	close(fd);
	EXPECT_EQ(-EACCES, sqe_openat(&r, "/dev/null", O_WRONLY));
	fd = openat(AT_FDCWD, "/dev/null", O_WRONLY);
	EXPECT_EQ(-1, fd);
	EXPECT_EQ(EACCES, errno);
	fd = sqe_openat(&r, "/dev/null", O_RDWR);
	EXPECT_LE(0, fd);
	close(fd);
	ring_exit(&r);
}

static int sqe_socket(struct ring *r, int domain, unsigned long long type)
{
	struct io_uring_sqe *sqe = ring_sqe(r);

	sqe->opcode = IORING_OP_SOCKET;
	sqe->fd = domain;
	sqe->off = type;
	return submit_one(r);
}

/* socket(2): AF_INET denied, AF_UNIX allowed; high bits cannot hide a type. */
TEST(socket_argument_rule)
{
	scmp_filter_ctx ctx;
	struct ring r;
	int fd;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	ASSERT_NE(NULL, ctx);
	ASSERT_EQ(0, seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), SCMP_SYS(socket), 1,
				      SCMP_A0(SCMP_CMP_EQ, AF_INET)));
	ASSERT_EQ(0, seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPROTOTYPE), SCMP_SYS(socket), 2,
				      SCMP_A0(SCMP_CMP_EQ, AF_UNIX),
				      SCMP_A1(SCMP_CMP_EQ, SOCK_DGRAM)));
	ASSERT_EQ(0, seccomp_load(ctx));
	seccomp_release(ctx);

	EXPECT_EQ(-EAFNOSUPPORT, sqe_socket(&r, AF_INET, SOCK_STREAM));
	fd = sqe_socket(&r, AF_UNIX, SOCK_STREAM);
	EXPECT_LE(0, fd);
	close(fd);
	EXPECT_EQ(-EPROTOTYPE, sqe_socket(&r, AF_UNIX, SOCK_DGRAM));
	/* the kernel uses the low 32 bits of off: so does the filter */
	EXPECT_EQ(-EPROTOTYPE, sqe_socket(&r, AF_UNIX, (1ULL << 32) | SOCK_DGRAM));
	ring_exit(&r);
}

/* IOSQE_ASYNC: the decision is taken at submission, before io-wq runs it. */
TEST(async_denied)
{
	const char *path = tmp_path("async");
	struct io_uring_sqe *sqe;
	struct ring r;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(openat), SCMP_ACT_ERRNO(EPERM)));
	sqe = ring_sqe(&r);
	prep_openat(sqe, path, O_CREAT | O_WRONLY, 0644);
	sqe->flags = IOSQE_ASYNC;
	EXPECT_EQ(-EPERM, submit_one(&r));
	EXPECT_EQ(-1, access(path, F_OK));
	ring_exit(&r);
}

/* A denied SQE in a link chain breaks the chain like any refused SQE. */
TEST(link_chain_broken)
{
	const char *path = tmp_path("link");
	struct io_uring_cqe cqe;
	struct io_uring_sqe *sqe;
	int res[3] = { 1, 1, 1 }, i;
	struct ring r;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(openat), SCMP_ACT_ERRNO(EPERM)));
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_NOP;
	sqe->flags = IOSQE_IO_LINK;
	sqe->user_data = 0;
	sqe = ring_sqe(&r);
	prep_openat(sqe, path, O_CREAT | O_WRONLY, 0644);
	sqe->flags = IOSQE_IO_LINK;
	sqe->user_data = 1;
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_NOP;
	sqe->user_data = 2;
	EXPECT_EQ(3, ring_submit(&r));
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
		ASSERT_GT(3, cqe.user_data);
		res[cqe.user_data] = cqe.res;
	}
	EXPECT_EQ(-ECANCELED, res[0]);
	EXPECT_EQ(-EPERM, res[1]);
	EXPECT_EQ(-ECANCELED, res[2]);
	EXPECT_EQ(-1, access(path, F_OK));
	ring_exit(&r);
}

/* SQPOLL: the SQ thread submits with the filter its creator had. */
TEST(sqpoll_denied)
{
	const char *path = tmp_path("sqpoll");
	struct ring r;

	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(openat), SCMP_ACT_ERRNO(EPERM)));
	ASSERT_EQ(0, ring_init(&r, 8, IORING_SETUP_SQPOLL));
	EXPECT_EQ(-EPERM, sqe_openat(&r, path, O_CREAT | O_WRONLY));
	EXPECT_EQ(-1, access(path, F_OK));
	ring_exit(&r);
}

/*
 * Ring-internal ops are presented as io_uring_enter(-1, 0, 0, 0, 0, 0): a
 * filter refusing io_uring_enter refuses them, and one that refuses only
 * fd -1 refuses them while the ring itself keeps working.
 */
TEST(ring_internal_is_io_uring_enter)
{
	static const unsigned char ops[] = {
		IORING_OP_NOP, IORING_OP_ASYNC_CANCEL, IORING_OP_TIMEOUT_REMOVE,
		IORING_OP_POLL_REMOVE, IORING_OP_PROVIDE_BUFFERS, IORING_OP_REMOVE_BUFFERS,
	};
	scmp_filter_ctx ctx;
	struct ring r;
	int i;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	ASSERT_NE(NULL, ctx);
	ASSERT_EQ(0, seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(io_uring_enter), 1,
				      SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)-1)));
	ASSERT_EQ(0, seccomp_load(ctx));
	seccomp_release(ctx);
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		ring_sqe(&r)->opcode = ops[i];
		EXPECT_EQ(-EPERM, submit_one(&r)) {
			ksft_print_msg("opcode %d\n", ops[i]);
		}
	}
	ring_exit(&r);
}

/*
 * TOCTOU: a thread rewrites open_flags in the shared SQE while it is
 * submitted. Whatever the race, an open that succeeded must be read-only,
 * because the filter denies O_WRONLY and decides on the values the
 * operation uses.
 */
static atomic_int stop_flipping;

static void *flipper(void *arg)
{
	struct io_uring_sqe *sqe = arg;

	while (!atomic_load(&stop_flipping)) {
		__atomic_store_n(&sqe->open_flags, O_WRONLY, __ATOMIC_RELAXED);
		__atomic_store_n(&sqe->open_flags, O_RDONLY, __ATOMIC_RELAXED);
	}
	return NULL;
}

/* How a CQE of a race test ended. */
enum { RACE_ALLOWED, RACE_DENIED, RACE_WRONG, RACE_OTHER, RACE_KINDS };

/*
 * Submit the ring's SQE 0 2000 times while @flip rewrites it from another
 * thread; @kind sorts each CQE result into @count. A submission that fails
 * or times out counts as RACE_OTHER and ends the race. Returns the number
 * of submissions that completed.
 */
static int race_sqe(struct ring *r, void *(*flip)(void *), int (*kind)(int res),
		    int count[RACE_KINDS])
{
	pthread_t thr;
	int i;

	atomic_store(&stop_flipping, 0);
	if (pthread_create(&thr, NULL, flip, &r->sqes[0]))
		return -1;
	for (i = 0; i < 2000; i++) {
		struct io_uring_cqe cqe;

		r->sq_array[*r->sq_tail & *r->sq_mask] = 0;
		r->pending = 1;
		if (ring_submit(r) != 1 || ring_cqe(r, &cqe, WAIT_MS)) {
			count[RACE_OTHER]++;
			break;
		}
		count[kind(cqe.res)]++;
	}
	atomic_store(&stop_flipping, 1);
	pthread_join(thr, NULL);
	return i;
}

/* An open must be denied, or read-only. */
static int open_flags_kind(int res)
{
	int kind = RACE_OTHER;

	if (res == -EPERM)
		return RACE_DENIED;
	if (res >= 0) {
		kind = (fcntl(res, F_GETFL) & O_ACCMODE) == O_RDONLY ? RACE_ALLOWED : RACE_WRONG;
		close(res);
	}
	return kind;
}

TEST(toctou_flags_race)
{
	int i, count[RACE_KINDS] = { 0 };
	scmp_filter_ctx ctx;
	struct ring r;

	ASSERT_EQ(0, ring_init(&r, 1, 0));
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	ASSERT_NE(NULL, ctx);
	ASSERT_EQ(0, seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(openat), 1,
				      SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE, O_WRONLY)));
	ASSERT_EQ(0, seccomp_load(ctx));
	seccomp_release(ctx);

	prep_openat(&r.sqes[0], "/dev/null", O_RDONLY, 0);
	i = race_sqe(&r, flipper, open_flags_kind, count);
	ASSERT_LE(0, i);
	ksft_print_msg("%d iterations: %d denied, %d read-only opens, %d writable, %d other\n",
		       i, count[RACE_DENIED], count[RACE_ALLOWED], count[RACE_WRONG],
		       count[RACE_OTHER]);
	EXPECT_EQ(0, count[RACE_WRONG]);
	EXPECT_EQ(0, count[RACE_OTHER]);
	ring_exit(&r);
}

static void *opcode_flipper(void *arg)
{
	struct io_uring_sqe *sqe = arg;

	while (!atomic_load(&stop_flipping)) {
		__atomic_store_n(&sqe->opcode, IORING_OP_OPENAT, __ATOMIC_RELAXED);
		__atomic_store_n(&sqe->opcode, IORING_OP_NOP, __ATOMIC_RELAXED);
	}
	return NULL;
}

/* A NOP, or a denied OPENAT: never an open. */
static int nop_or_denied_kind(int res)
{
	if (res == 0)
		return RACE_ALLOWED;
	if (res == -EPERM)
		return RACE_DENIED;
	if (res > 0) {
		close(res);
		return RACE_WRONG;
	}
	return RACE_OTHER;
}

/*
 * The ring remembers the opcodes the submitter's filters always allow (NOP
 * here) and decides those SQEs by their opcode alone, without copying them.
 * A thread flipping the opcode between an allowed NOP and a denied OPENAT
 * must never get the OPENAT run.
 */
TEST(toctou_opcode_race)
{
	int i, count[RACE_KINDS] = { 0 };
	struct ring r;

	ASSERT_EQ(0, ring_init(&r, 1, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(openat), SCMP_ACT_ERRNO(EPERM)));
	prep_openat(&r.sqes[0], "/dev/null", O_RDONLY, 0);
	i = race_sqe(&r, opcode_flipper, nop_or_denied_kind, count);
	ASSERT_LE(0, i);
	ksft_print_msg("%d opcode flips: %d NOP, %d denied OPENAT, %d opened, %d other\n",
		       i, count[RACE_ALLOWED], count[RACE_DENIED], count[RACE_WRONG],
		       count[RACE_OTHER]);
	EXPECT_EQ(0, count[RACE_WRONG]);
	EXPECT_EQ(0, count[RACE_OTHER]);
	ring_exit(&r);
}

/* ERRNO(0): the SQE does not run and completes with 0, like the syscall. */
TEST(errno_zero)
{
	const char *path = tmp_path("zero");
	struct ring r;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(openat), SCMP_ACT_ERRNO(0)));
	EXPECT_EQ(0, openat(AT_FDCWD, path, O_CREAT | O_WRONLY, 0644));
	EXPECT_EQ(-1, access(path, F_OK));
	EXPECT_EQ(0, sqe_openat(&r, path, O_CREAT | O_WRONLY));
	EXPECT_EQ(-1, access(path, F_OK));
	ring_exit(&r);
}

/* A raw filter: @nr returns @ret, everything else is allowed. */
/*
 * Raw BPF: syscall @nr -> @ret, the rest allowed, installed with seccomp(2)
 * @flags, after no_new_privs if @nnp. Returns 0 (or the listener fd for
 * SECCOMP_FILTER_FLAG_NEW_LISTENER), or -errno.
 */
static int load_nr_ret(int nr, uint32_t ret, unsigned int flags, bool nnp)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, ret),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = ARRAY_SIZE(insns), .filter = insns };
	int fd;

	if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	fd = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	return fd < 0 ? -errno : fd;
}

static int load_bpf_ret(int nr, uint32_t ret)
{
	return load_nr_ret(nr, ret, 0, true);
}

/* ERRNO data above MAX_ERRNO is capped at 4095, as for syscalls. */
TEST(errno_capped)
{
	struct ring r;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_bpf_ret(__NR_openat, SECCOMP_RET_ERRNO | 5000));
	EXPECT_EQ(-1, openat(AT_FDCWD, "/dev/null", O_RDONLY));
	EXPECT_EQ(4095, errno);
	EXPECT_EQ(-4095, sqe_openat(&r, "/dev/null", O_RDONLY));
	ring_exit(&r);
}

/* Poll the kernel log for up to 3 s for a line containing both @a and @b. */
static int klog_has(const char *a, const char *b)
{
	static char buf[1 << 20];
	int i, n;

	for (i = 0; i < 300; i++) {
		char *line;

		n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, sizeof(buf) - 1);
		if (n < 0)
			return -errno;
		buf[n] = 0;
		for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
			if (strstr(line, a) && strstr(line, b))
				return 1;
		usleep(10000);
	}
	return 0;
}

/* LOG: the SQE runs, and seccomp's audit record names the io_uring opcode. */
TEST(log_action)
{
	char comm[64];
	struct ring r;
	int fd;

	snprintf(comm, sizeof(comm), "pid=%d ", getpid());
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(mkdirat), SCMP_ACT_LOG));
	prep_mkdirat(ring_sqe(&r), tmp_path("logdir"));
	fd = submit_one(&r);
	EXPECT_EQ(0, fd);
	EXPECT_EQ(0, access(tmp_path("logdir"), F_OK));
	rmdir(tmp_path("logdir"));
	EXPECT_EQ(1, klog_has(comm, "syscall=258 compat=0 ip=0x0 code=0x7ffc0000 uring_op=37"));
	ring_exit(&r);
}

/* TRACE without a tracer: the SQE is refused, the task left alone. */
static void refused_action(struct __test_metadata *_metadata, uint32_t action, int want)
{
	const char *path = tmp_path("act");
	struct ring r;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(mkdirat), action));
	prep_mkdirat(ring_sqe(&r), path);
	EXPECT_EQ(want, submit_one(&r));
	EXPECT_EQ(-1, access(path, F_OK));
	ring_exit(&r);
}

TEST(action_trace_enosys)
{
	refused_action(_metadata, SCMP_ACT_TRACE(1), -ENOSYS);
}

static siginfo_t trap_info;
static int trap_count;

static void trap_handler(int sig, siginfo_t *si, void *uc)
{
	trap_info = *si;
	trap_count++;
}

/*
 * TRAP: the submitting thread gets the SIGSYS the syscall would have earned,
 * the SQE does not run, and the rest of the submission is cancelled.
 */
TEST(action_trap_sigsys)
{
	struct sigaction sa = { .sa_sigaction = trap_handler, .sa_flags = SA_SIGINFO };
	const char *path = tmp_path("trap");
	struct io_uring_cqe cqe;
	int i, res[2] = { 1, 1 };
	struct ring r;

	ASSERT_EQ(0, sigaction(SIGSYS, &sa, NULL));
	ASSERT_EQ(0, ring_init(&r, 8, IORING_SETUP_SUBMIT_ALL));
	ASSERT_EQ(0, load_bpf_ret(__NR_mkdirat, SECCOMP_RET_TRAP | 42));
	prep_mkdirat(ring_sqe(&r), path);
	ring_sqe(&r)->opcode = IORING_OP_NOP;
	r.sqes[(*r.sq_tail + 1) & *r.sq_mask].user_data = 1;
	EXPECT_EQ(2, ring_submit(&r));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
		res[cqe.user_data & 1] = cqe.res;
	}
	EXPECT_EQ(-EPERM, res[0]);
	EXPECT_EQ(-ECANCELED, res[1]);
	EXPECT_EQ(1, trap_count);
	EXPECT_EQ(SYS_SECCOMP, trap_info.si_code);
	EXPECT_EQ(__NR_mkdirat, trap_info.si_syscall);
	EXPECT_EQ(AUDIT_ARCH_X86_64, trap_info.si_arch);
	EXPECT_EQ(42, trap_info.si_errno);
	EXPECT_EQ(-1, access(path, F_OK));
	ring_exit(&r);
}

/* Run @fn in a child; return its wait status. */
static int in_child(void (*fn)(void *), void *arg)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return status;
}

struct kill_case {
	uint32_t ret;
	unsigned int ring_flags;
	const char *path;
};

static void kill_child(void *arg)
{
	struct kill_case *k = arg;
	struct io_uring_cqe cqe;
	struct ring r;

	if (load_bpf_ret(__NR_mkdirat, k->ret) || ring_init(&r, 8, k->ring_flags))
		_exit(20);
	prep_mkdirat(ring_sqe(&r), k->path);
	ring_submit(&r);
	ring_cqe(&r, &cqe, WAIT_MS);
	_exit(21);	/* survived */
}

/* A child whose filter returns @ret for mkdirat submits one: it dies of @sig. */
static void expect_killed(struct __test_metadata *_metadata, uint32_t ret,
			  unsigned int ring_flags, const char *name, int sig)
{
	struct kill_case k = { ret, ring_flags, tmp_path(name) };
	int status = in_child(kill_child, &k);

	EXPECT_TRUE(WIFSIGNALED(status)) {
		ksft_print_msg("status 0x%x\n", status);
	}
	EXPECT_EQ(sig, WTERMSIG(status));
	EXPECT_EQ(-1, access(k.path, F_OK));
}

/* KILL_PROCESS: the process dies of SIGSYS, as for the syscall. */
TEST(action_kill_process_sigsys)
{
	expect_killed(_metadata, SECCOMP_RET_KILL_PROCESS, 0, "killp", SIGSYS);
}

/* An action seccomp does not know is a process kill, for SQEs too. */
TEST(action_unknown_kills_process)
{
	expect_killed(_metadata, 0x00010000, 0, "unknown", SIGSYS);
}

/* KILL_THREAD of a single-threaded process ends the process (SIGSYS). */
TEST(action_kill_thread_single_thread)
{
	expect_killed(_metadata, SECCOMP_RET_KILL_THREAD, 0, "killt1", SIGSYS);
}

static void *kill_thread_fn(void *arg)
{
	kill_child(arg);	/* its filter is its own: no TSYNC */
	return NULL;
}

static void kill_thread_process(void *arg)
{
	pthread_t t;

	if (pthread_create(&t, NULL, kill_thread_fn, arg) || pthread_join(t, NULL))
		_exit(30);
	_exit(31);	/* the other thread died, this one lives on */
}

/* KILL_THREAD among several threads: only the submitting thread dies. */
TEST(action_kill_thread_only_that_thread)
{
	struct kill_case k = { SECCOMP_RET_KILL_THREAD, 0, tmp_path("killt2") };
	int status = in_child(kill_thread_process, &k);

	EXPECT_TRUE(WIFEXITED(status)) {
		ksft_print_msg("status 0x%x\n", status);
	}
	EXPECT_EQ(31, WEXITSTATUS(status));
	EXPECT_EQ(-1, access(k.path, F_OK));
}

/*
 * SQPOLL: the SQ thread has no user context; a kill ends the process that
 * owns it (the ring's creator), with SIGKILL.
 */
TEST(action_kill_sqpoll_kills_owner)
{
	expect_killed(_metadata, SECCOMP_RET_KILL_PROCESS, IORING_SETUP_SQPOLL, "killsq",
		      SIGKILL);
}

/* Two filters: the most restrictive action wins, as for syscalls. */
TEST(precedence_two_filters)
{
	struct ring r;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(openat), SCMP_ACT_LOG));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(openat), SCMP_ACT_ERRNO(E2BIG)));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(openat), SCMP_ACT_TRACE(7)));
	EXPECT_EQ(-1, openat(AT_FDCWD, "/dev/null", O_RDONLY));
	EXPECT_EQ(E2BIG, errno);
	EXPECT_EQ(-E2BIG, sqe_openat(&r, "/dev/null", O_RDONLY));
	ring_exit(&r);
}

/*
 * A socket command runs on the private copy of the SQE (uring_cmd keeps a
 * pointer to it, so it must be moved to the request's own storage).
 */
TEST(uring_cmd_socket)
{
	struct io_uring_sqe *sqe;
	struct ring r;
	int s, one = 1;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(setsockopt), SCMP_ACT_ERRNO(EPERM)));
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = s;
	sqe->cmd_op = SOCKET_URING_OP_SIOCOUTQ;
	EXPECT_EQ(0, submit_one(&r));
	prep_sockopt_cmd(ring_sqe(&r), s, SOCKET_URING_OP_GETSOCKOPT, SO_TYPE, &one);
	EXPECT_EQ(sizeof(one), submit_one(&r));
	EXPECT_EQ(SOCK_DGRAM, one);
	prep_sockopt_cmd(ring_sqe(&r), s, SOCKET_URING_OP_SETSOCKOPT, SO_KEEPALIVE, &one);
	EXPECT_EQ(-EPERM, submit_one(&r));
	ring_exit(&r);
}

/* A registered file has no fd number: fd-based allowlists do not match it. */
TEST(fixed_file_has_no_fd_number)
{
	scmp_filter_ctx ctx;
	struct io_uring_sqe *sqe;
	struct ring r;
	int fd, pfd[2];

	ASSERT_EQ(0, pipe(pfd));
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	fd = pfd[1];
	ASSERT_EQ(0, syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_FILES, &fd, 1));
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	ASSERT_NE(NULL, ctx);
	/* writes are allowed to the pipe's fd only */
	ASSERT_EQ(0, seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EBADFD), SCMP_SYS(write), 1,
				      SCMP_A0(SCMP_CMP_NE, pfd[1])));
	ASSERT_EQ(0, seccomp_load(ctx));
	seccomp_release(ctx);

	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_WRITE;
	sqe->fd = pfd[1];
	sqe->addr = (unsigned long)"x";
	sqe->len = 1;
	sqe->off = -1ULL;
	EXPECT_EQ(1, submit_one(&r));
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_WRITE;
	sqe->flags = IOSQE_FIXED_FILE;
	sqe->fd = 0;
	sqe->addr = (unsigned long)"x";
	sqe->len = 1;
	sqe->off = -1ULL;
	EXPECT_EQ(-EBADFD, submit_one(&r));
	ring_exit(&r);
}

/*
 * Filters pinned to rings and personalities, and no_new_privs.
 *
 * shared_page() is shared with children, which report through it (their
 * filters may deny write(2)).
 */
static void *shared_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

struct ring_handoff {
	int state;		/* 1: ring ready, 2: may exit */
	int fd;
	struct io_uring_params p;
};

static void set_state(int *state, int val)
{
	__atomic_store_n(state, val, __ATOMIC_RELEASE);
}

static int get_state(int *state)
{
	return __atomic_load_n(state, __ATOMIC_ACQUIRE);
}

static void wait_state(int *state, int want)
{
	struct timespec ts = { 0, 1000000 };
	int i;

	for (i = 0; i < 5000 && get_state(state) < want; i++)
		nanosleep(&ts, NULL);
}

/* Child: optionally drop to uid 1000, install @deny_nr -> EPERM, set up a ring. */
static pid_t spawn_filtered_ring_owner(struct ring_handoff *h, int deny_nr, int drop_uid)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	if (drop_uid && setresuid(1000, 1000, 1000))
		_exit(1);
	if (load_rule(SCMP_ACT_ALLOW, deny_nr, SCMP_ACT_ERRNO(EPERM)))
		_exit(2);
	h->p.flags = 0;
	h->fd = sys_io_uring_setup(4, &h->p);
	if (h->fd < 0)
		_exit(3);
	set_state(&h->state, 1);
	wait_state(&h->state, 2);
	_exit(0);
}

/* Take the owner's ring fd with pidfd_getfd(2), once it is ready. */
static int take_ring_fd(pid_t owner, struct ring_handoff *h)
{
	int pidfd, fd;

	wait_state(&h->state, 1);
	if (get_state(&h->state) != 1)
		return -ECHILD;
	pidfd = syscall(__NR_pidfd_open, owner, 0);
	if (pidfd < 0)
		return -errno;
	fd = syscall(__NR_pidfd_getfd, pidfd, h->fd, 0);
	close(pidfd);
	return fd < 0 ? -errno : fd;
}

static int take_ring(struct ring *r, pid_t owner, struct ring_handoff *h)
{
	int fd = take_ring_fd(owner, h);

	return fd < 0 ? fd : ring_mmap(r, fd, &h->p);
}

/*
 * setuid exec: this program, copied setuid-root, is run by a process that
 * holds a ring across execve(2). In that mode (IOU_SUID_PARAMS names the
 * ring's parameters, IOU_SUID_RING its fd) it submits a NOP to the ring and
 * writes "<res> <euid>" to IOU_SUID_OUT, before the harness starts.
 */
__attribute__((constructor)) static void suid_helper(void)
{
	const char *params = getenv("IOU_SUID_PARAMS");
	const char *ring_fd = getenv("IOU_SUID_RING");
	const char *out = getenv("IOU_SUID_OUT");
	struct io_uring_params p;
	struct ring r;
	FILE *f;
	int res;

	if (!params || !ring_fd || !out)
		return;
	f = fopen(params, "r");
	if (!f || fread(&p, sizeof(p), 1, f) != 1)
		_exit(60);
	fclose(f);
	if (ring_mmap(&r, atoi(ring_fd), &p))
		_exit(61);
	ring_sqe(&r)->opcode = IORING_OP_NOP;
	res = submit_one(&r);
	f = fopen(out, "w");
	if (!f)
		_exit(62);
	fprintf(f, "%d %d\n", res, (int)geteuid());
	fclose(f);
	_exit(0);
}

/* Copy this program to @path, setuid root. Returns 0 or -errno. */
static int copy_self_setuid(const char *path)
{
	char buf[65536];
	int in, o, ret = 0;
	ssize_t n;

	in = open("/proc/self/exe", O_RDONLY);
	o = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (in < 0 || o < 0)
		return -errno;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(o, buf, n) != n)
			ret = -EIO;
	close(in);
	close(o);
	if (!ret && (chown(path, 0, 0) || chmod(path, 04755)))
		ret = -errno;
	return ret;
}

/*
 * A ring whose pinned filter's author relied on no_new_privs stays unusable
 * for its holder after the holder gains privileges by a setuid exec: before
 * the exec (same uid as the author) the filter decides its SQEs, after it
 * (euid 0) every SQE is refused.
 */
TEST(ring_pinned_across_setuid_exec)
{
	struct ring_handoff *h = shared_page();
	char params[128], out[128], fdstr[16], exe[128];
	int status, res = 1, euid = -1;
	pid_t owner, holder;
	struct ring r;
	FILE *f;

	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, getuid()) SKIP(return, "needs root");
	snprintf(exe, sizeof(exe), "%s", tmp_path("suid"));
	snprintf(params, sizeof(params), "%s", tmp_path("params"));
	snprintf(out, sizeof(out), "%s", tmp_path("out"));
	ASSERT_EQ(0, copy_self_setuid(exe));
	owner = spawn_filtered_ring_owner(h, __NR_mkdirat, 1);
	ASSERT_EQ(0, take_ring(&r, owner, h));
	f = fopen(params, "w");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(1, fwrite(&r.p, sizeof(r.p), 1, f));
	fclose(f);

	holder = fork();
	ASSERT_LE(0, holder);
	if (holder == 0) {
		/* the author's identity, without no_new_privs and without a filter */
		if (setresuid(1000, 1000, 1000))
			_exit(50);
		prep_mkdirat(ring_sqe(&r), tmp_path("suiddir"));
		if (submit_one(&r) != -EPERM)
			_exit(51);	/* the pinned filter decides */
		ring_sqe(&r)->opcode = IORING_OP_NOP;
		if (submit_one(&r) != 0)
			_exit(52);	/* and allows what it allows */
		if (fcntl(r.fd, F_SETFD, 0))
			_exit(53);
		snprintf(fdstr, sizeof(fdstr), "%d", r.fd);
		setenv("IOU_SUID_PARAMS", params, 1);
		setenv("IOU_SUID_RING", fdstr, 1);
		setenv("IOU_SUID_OUT", out, 1);
		execl(exe, exe, NULL);
		_exit(54);
	}
	ASSERT_EQ(holder, waitpid(holder, &status, 0));
	EXPECT_EQ(0, status) {
		ksft_print_msg("holder status 0x%x\n", status);
	}
	f = fopen(out, "r");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(2, fscanf(f, "%d %d", &res, &euid));
	fclose(f);
	EXPECT_EQ(0, euid);		/* the exec did raise privileges */
	EXPECT_EQ(-EPERM, res);		/* and the pin refuses them */
	set_state(&h->state, 2);
	waitpid(owner, &status, 0);
	unlink(exe);
	unlink(params);
	unlink(out);
	ring_exit(&r);
}

/*
 * A ring created under a filter keeps it: an unfiltered process that takes
 * the ring with pidfd_getfd(2) is denied what the creator was denied, while
 * the creator lives and after it exited.
 */
TEST(ring_pinned_pidfd_getfd)
{
	struct ring_handoff *h = shared_page();
	struct ring r;
	pid_t owner;
	int status;

	ASSERT_NE(NULL, h);
	owner = spawn_filtered_ring_owner(h, __NR_openat, 0);
	ASSERT_EQ(0, take_ring(&r, owner, h));
	EXPECT_EQ(-EPERM, sqe_openat(&r, "/dev/null", O_RDONLY));
	set_state(&h->state, 2);
	ASSERT_EQ(owner, waitpid(owner, &status, 0));
	EXPECT_EQ(-EPERM, sqe_openat(&r, "/dev/null", O_RDONLY));
	/* the taker's own syscalls are not filtered */
	status = openat(AT_FDCWD, "/dev/null", O_RDONLY);
	EXPECT_LE(0, status);
	close(status);
	ring_exit(&r);
}

/*
 * A filter pinned by an unprivileged task (it relied on no_new_privs) never
 * decides for more privileged credentials: a root process that takes the
 * ring has its SQEs refused, whatever the filter says.
 */
TEST(ring_pinned_nnp_filter_refuses_privileged_taker)
{
	struct ring_handoff *h = shared_page();
	struct ring r;
	pid_t owner;
	int status;

	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, getuid()) SKIP(return, "needs root");
	owner = spawn_filtered_ring_owner(h, __NR_mkdirat, 1);
	ASSERT_EQ(0, take_ring(&r, owner, h));
	ring_sqe(&r)->opcode = IORING_OP_NOP;	/* allowed by the filter */
	EXPECT_EQ(-EPERM, submit_one(&r));
	set_state(&h->state, 2);
	waitpid(owner, &status, 0);
	ring_exit(&r);
}

/* A ring created unfiltered, used by a child after it installs a filter. */
TEST(child_filter_after_fork)
{
	int *res = shared_page();
	struct ring r;
	pid_t pid;
	int status;

	ASSERT_NE(NULL, res);
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	pid = fork();
	if (pid == 0) {
		if (load_rule(SCMP_ACT_ALLOW, __NR_openat, SCMP_ACT_ERRNO(EPERM)))
			_exit(1);
		res[0] = sqe_openat(&r, "/dev/null", O_RDONLY);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(-EPERM, res[0]);
	/* the parent's SQEs on the same ring are not affected */
	status = sqe_openat(&r, "/dev/null", O_RDONLY);
	EXPECT_LE(0, status);
	close(status);
	ring_exit(&r);
}

static int sqe_mkdirat_personality(struct ring *r, const char *path, int personality)
{
	struct io_uring_sqe *sqe = ring_sqe(r);

	prep_mkdirat(sqe, path);
	sqe->personality = personality;
	return submit_one(r);
}

/*
 * SQPOLL: the SQ thread submits with its creator's filter. A filtered task
 * that shares the ring and enters it (as it must to wake the SQ thread) has
 * its filter pinned to the ring: its SQEs, and from then on everyone's, are
 * checked against it.
 */
TEST(sqpoll_enter_pins_filter)
{
	const char *path = tmp_path("sqenter");
	int *res = shared_page();
	struct ring r;
	pid_t pid;
	int status;

	ASSERT_NE(NULL, res);
	ASSERT_EQ(0, ring_init(&r, 8, IORING_SETUP_SQPOLL));
	pid = fork();
	if (pid == 0) {
		if (load_rule(SCMP_ACT_ALLOW, __NR_mkdirat, SCMP_ACT_ERRNO(EPERM)))
			_exit(1);
		res[0] = sys_io_uring_enter(r.fd, 0, 0, IORING_ENTER_SQ_WAKEUP, NULL, 0);
		prep_mkdirat(ring_sqe(&r), path);
		res[1] = submit_one(&r);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, res[0]);
	EXPECT_EQ(-EPERM, res[1]);
	/* the ring stays stricter, also for its unfiltered creator */
	prep_mkdirat(ring_sqe(&r), path);
	EXPECT_EQ(-EPERM, submit_one(&r));
	EXPECT_EQ(-1, access(path, F_OK));
	ring_exit(&r);
}

/*
 * A personality registered on @r by a child whose filter returns @ret for
 * mkdirat(2) (and allows the rest): its id, or -1.
 */
static int child_personality(struct ring *r, uint32_t ret)
{
	int *id = shared_page();
	int status, out = -1;
	pid_t pid;

	if (!id)
		return -1;
	*id = -1;
	pid = fork();
	if (pid == 0) {
		if (load_bpf_ret(__NR_mkdirat, ret))
			_exit(1);
		*id = syscall(__NR_io_uring_register, r->fd, IORING_REGISTER_PERSONALITY, NULL, 0);
		_exit(0);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid && status == 0)
		out = *id;
	munmap(id, 4096);
	return out;
}

/* A personality registered under filter F carries F to every SQE naming it. */
TEST(personality_carries_filter)
{
	const char *path = tmp_path("pers");
	int id;
	struct ring r;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	id = child_personality(&r, SECCOMP_RET_ERRNO | EPERM);
	ASSERT_LT(0, id);
	/* the parent has no filter; the personality's applies */
	EXPECT_EQ(-EPERM, sqe_mkdirat_personality(&r, path, id));
	EXPECT_EQ(-1, access(path, F_OK));
	/* without the personality, the parent is not filtered */
	EXPECT_EQ(0, sqe_mkdirat_personality(&r, path, 0));
	rmdir(path);
	/* unregistering releases it; the id is then invalid */
	EXPECT_EQ(0, syscall(__NR_io_uring_register, r.fd, IORING_UNREGISTER_PERSONALITY,
			     NULL, id));
	EXPECT_EQ(-EINVAL, sqe_mkdirat_personality(&r, path, id));
	ring_exit(&r);
}

static int sqe_nop_personality(struct ring *r, int personality)
{
	struct io_uring_sqe *sqe = ring_sqe(r);

	sqe->opcode = IORING_OP_NOP;
	sqe->personality = personality;
	return submit_one(r);
}

/*
 * The verdict is taken at submission: a linked SQE that io-wq runs after the
 * submitter installed a stricter filter keeps the verdict it was given.
 */
TEST(verdict_taken_at_submission)
{
	const char *path = tmp_path("later");
	struct io_uring_cqe cqe;
	struct io_uring_sqe *sqe;
	struct ring r;
	char buf[1];
	int pfd[2], i;

	ASSERT_EQ(0, pipe(pfd));
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, __NR_acct, SCMP_ACT_ERRNO(EPERM)));
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_READ;
	sqe->fd = pfd[0];
	sqe->addr = (unsigned long)buf;
	sqe->len = 1;
	sqe->off = -1ULL;
	sqe->flags = IOSQE_IO_LINK;
	prep_mkdirat(ring_sqe(&r), path);
	ASSERT_EQ(2, ring_submit(&r));
	/* stricter now: mkdirat denied for anything submitted from here on */
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, __NR_mkdirat, SCMP_ACT_ERRNO(EPERM)));
	ASSERT_EQ(1, write(pfd[1], "x", 1));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
		EXPECT_LE(0, cqe.res);
	}
	EXPECT_EQ(0, access(path, F_OK));
	rmdir(path);
	/* and a new submission gets the new verdict */
	EXPECT_EQ(-EPERM, sqe_mkdirat_personality(&r, path, 0));
	ring_exit(&r);
}

/* 6.12 refuses io_uring fds in SCM_RIGHTS: rings reach other processes only
 * through fork, exec or pidfd_getfd(2), which the tests above cover.
 */
TEST(scm_rights_refuses_ring_fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	struct ring r;
	int sv[2];

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	ASSERT_EQ(0, ring_init(&r, 4, 0));
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &r.fd, sizeof(int));
	EXPECT_EQ(-1, sendmsg(sv[0], &msg, 0));
	EXPECT_EQ(EINVAL, errno);
	ring_exit(&r);
}

/*
 * Lifetime stress, for the debug kernel (KASAN, lockdep, kmemleak): in each
 * round a filtered process creates a ring (pinning its filter), one thread
 * submits while another registers and unregisters personalities (pinning
 * and releasing filters) and submits SQEs naming them, a forked child
 * submits on the inherited ring and exits, reads are left in flight in
 * io-wq, and the process exits with the ring still open. Bounded by the
 * number of rounds; the kernel log is checked by the test runner.
 */
struct stress {
	struct ring r;
	int stop;
	int bad;
	int pfd[2];
};

static void *stress_personalities(void *arg)
{
	struct stress *st = arg;
	int n = 0;

	while (!get_state(&st->stop) && n++ < 200) {
		int id = syscall(__NR_io_uring_register, st->r.fd,
				 IORING_REGISTER_PERSONALITY, NULL, 0);

		if (id < 0) {
			st->bad++;
			break;
		}
		syscall(__NR_io_uring_register, st->r.fd, IORING_UNREGISTER_PERSONALITY,
			NULL, id);
	}
	return NULL;
}

static void stress_round(void)
{
	static char buf[8][1];
	struct io_uring_sqe *sqe;
	struct stress st = { 0 };
	pthread_t thr;
	pid_t pid;
	int i, res;

	if (load_rule(SCMP_ACT_ALLOW, __NR_mkdirat, SCMP_ACT_ERRNO(EPERM)) ||
	    ring_init(&st.r, 64, 0) || pipe(st.pfd))
		_exit(10);
	if (pthread_create(&thr, NULL, stress_personalities, &st))
		_exit(11);
	/* reads that stay in flight in io-wq until the ring is torn down */
	for (i = 0; i < 8; i++) {
		sqe = ring_sqe(&st.r);
		sqe->opcode = IORING_OP_READ;
		sqe->flags = IOSQE_ASYNC;
		sqe->fd = st.pfd[0];
		sqe->addr = (unsigned long)buf[i];
		sqe->len = 1;
		sqe->off = -1ULL;
	}
	if (ring_submit(&st.r) != 8)
		_exit(12);
	/* the child shares the SQ and CQ rings: it runs alone until it exits */
	pid = fork();
	if (pid == 0) {
		res = sqe_nop_personality(&st.r, 0);
		_exit(res == 0 ? 0 : 13);
	}
	waitpid(pid, &res, 0);
	if (!WIFEXITED(res) || WEXITSTATUS(res))
		_exit(15);
	for (i = 0; i < 50; i++) {
		prep_mkdirat(ring_sqe(&st.r), "/tmp/iou_stress");
		res = submit_one(&st.r);
		if (res != -EPERM)
			_exit(14);
	}
	set_state(&st.stop, 1);
	pthread_join(thr, NULL);
	_exit(st.bad ? 16 : 0);	/* ring, pipe and in-flight reads left to exit */
}

TEST(stress_pins_lifetime)
{
	int round, status, failed = 0;

	for (round = 0; round < 20; round++) {
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (pid == 0)
			stress_round();
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			ksft_print_msg("round %d: status 0x%x\n", round, status);
			failed++;
		}
	}
	EXPECT_EQ(0, failed);
}

/*
 * Every action on every submission path: inline, IOSQE_ASYNC (io-wq) and
 * SQPOLL. Each case runs in a child whose filter returns the action for
 * mkdirat(2) and which submits one IORING_OP_MKDIRAT.
 */
struct path_case {
	const char *name;
	unsigned int ring_flags;
	unsigned char sqe_flags;
};

static const struct path_case paths[] = {
	{ "inline", 0, 0 },
	{ "async", 0, IOSQE_ASYNC },
	{ "sqpoll", IORING_SETUP_SQPOLL, 0 },
};

struct action_report {
	int res;	/* CQE res, or 1 if none */
	int traps;	/* SIGSYS handled */
};

static struct action_report *action_out;

static void action_child(uint32_t ret, const struct path_case *pc, const char *path)
{
	struct sigaction sa = { .sa_sigaction = trap_handler, .sa_flags = SA_SIGINFO };
	struct io_uring_cqe cqe;
	struct io_uring_sqe *sqe;
	struct ring r;

	if (sigaction(SIGSYS, &sa, NULL) || load_bpf_ret(__NR_mkdirat, ret) ||
	    ring_init(&r, 8, pc->ring_flags))
		_exit(20);
	sqe = ring_sqe(&r);
	prep_mkdirat(sqe, path);
	sqe->flags = pc->sqe_flags;
	ring_submit(&r);
	if (!ring_cqe(&r, &cqe, WAIT_MS))
		action_out->res = cqe.res;
	action_out->traps = trap_count;
	_exit(0);
}

TEST(actions_every_submission_path)
{
	static const struct {
		uint32_t ret;
		int res;		/* expected CQE res if the child lives */
		int sig, sqpoll_sig;	/* expected death: inline/async, SQPOLL */
		int traps, sqpoll_traps;
		int runs;		/* the mkdirat happens */
	} acts[] = {
		{ SECCOMP_RET_ALLOW, 0, 0, 0, 0, 0, 1 },
		{ SECCOMP_RET_LOG, 0, 0, 0, 0, 0, 1 },
		{ SECCOMP_RET_ERRNO | E2BIG, -E2BIG, 0, 0, 0, 0, 0 },
		{ SECCOMP_RET_TRACE | 1, -ENOSYS, 0, 0, 0, 0, 0 },
		{ SECCOMP_RET_TRAP | 7, -EPERM, 0, 0, 1, 0, 0 },
		{ SECCOMP_RET_KILL_THREAD, 0, SIGSYS, SIGKILL, 0, 0, 0 },
		{ SECCOMP_RET_KILL_PROCESS, 0, SIGSYS, SIGKILL, 0, 0, 0 },
	};
	unsigned int a, p;

	action_out = shared_page();
	ASSERT_NE(NULL, action_out);
	for (a = 0; a < ARRAY_SIZE(acts); a++) {
		for (p = 0; p < ARRAY_SIZE(paths); p++) {
			int sqpoll = paths[p].ring_flags & IORING_SETUP_SQPOLL;
			int sig = sqpoll ? acts[a].sqpoll_sig : acts[a].sig;
			int traps = sqpoll ? acts[a].sqpoll_traps : acts[a].traps;
			const char *path = tmp_path("act");
			int status = -1;
			pid_t pid;

			action_out->res = 1;
			action_out->traps = -1;
			pid = fork();
			if (pid == 0)
				action_child(acts[a].ret, &paths[p], path);
			ASSERT_EQ(pid, waitpid(pid, &status, 0));
			ksft_print_msg("action 0x%08x %-6s: status 0x%x res %d traps %d\n",
				       acts[a].ret, paths[p].name, status,
				       action_out->res, action_out->traps);
			if (sig) {
				EXPECT_TRUE(WIFSIGNALED(status));
				EXPECT_EQ(sig, WTERMSIG(status));
			} else {
				EXPECT_EQ(0, status);
				EXPECT_EQ(acts[a].res, action_out->res);
				EXPECT_EQ(traps, action_out->traps);
			}
			EXPECT_EQ(acts[a].runs ? 0 : -1, rmdir(path));
		}
	}
}

/*
 * SECCOMP_RET_USER_NOTIF: a supervisor decides SQEs as it decides syscalls.
 *
 * A child installs a filter with a listener and hands the listener to the
 * test (pidfd_getfd(2)), which supervises it without being filtered itself.
 * The child reports through a shared page: its filter makes read(2),
 * openat(2) and connect(2) wait for the supervisor.
 */
struct notif_share {
	int state;
	int listener;		/* the child's listener fd number */
	int sock;		/* the child's socket, for CONNECT */
	int pipe_rd;		/* the child's pipe, for READ */
	int res[4];		/* CQE results, 1 if none */
	int nullfd_ok;		/* the emulated OPENAT gave /dev/null */
	char buf[8];
};

enum {
	N_LISTENER = 1,		/* child: listener ready */
	N_TAKEN,		/* test: took the listener */
	N_SUBMITTED,		/* child: io_uring_enter returned */
	N_RECEIVED,		/* test: holds the notification */
	N_ACTED,		/* child: cancelled, or tore the ring down */
	N_DONE,			/* test: child may exit */
};

#define NOTIF_PATH	"/nonexistent/iou_seccomp_notif"

/* Filter: openat, connect and read go to the listener, the rest is allowed. */
static int load_notif_filter(void)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_connect, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_read, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = ARRAY_SIZE(insns), .filter = insns };
	int fd;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	fd = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER,
		     SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	return fd < 0 ? -errno : fd;
}

/* Child: install the filter; once the test holds the listener, drop its own copy. */
static void notif_child_setup(struct notif_share *sh)
{
	sh->listener = load_notif_filter();
	if (sh->listener < 0)
		_exit(40);
	set_state(&sh->state, N_LISTENER);
	wait_state(&sh->state, N_TAKEN);
	close(sh->listener);
}

/* Test: take the child's listener. */
static int notif_take(struct notif_share *sh, pid_t child)
{
	int pidfd, fd;

	wait_state(&sh->state, N_LISTENER);
	if (get_state(&sh->state) != N_LISTENER)
		return -ECHILD;
	pidfd = syscall(__NR_pidfd_open, child, 0);
	if (pidfd < 0)
		return -errno;
	fd = syscall(__NR_pidfd_getfd, pidfd, sh->listener, 0);
	close(pidfd);
	if (fd < 0)
		return -errno;
	set_state(&sh->state, N_TAKEN);
	return fd;
}

/* Test: receive one notification within @ms. Returns 0 or -errno. */
static int notif_recv(int listener, struct seccomp_notif *req, int ms)
{
	struct pollfd pfd = { .fd = listener, .events = POLLIN };

	if (poll(&pfd, 1, ms) != 1)
		return -ETIMEDOUT;
	memset(req, 0, sizeof(*req));
	return ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) ? -errno : 0;
}

static int notif_send(int listener, __u64 id, __s64 val, __s32 error, __u32 flags)
{
	struct seccomp_notif_resp resp = {
		.id = id, .val = val, .error = error, .flags = flags,
	};

	return ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) ? -errno : 0;
}

/* The thread group of a task, from /proc. */
static pid_t tgid_of(pid_t tid)
{
	char path[64], line[128];
	pid_t tgid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	fclose(f);
	return tgid;
}

/* The fixture's state, also passed to the helpers. */
struct notif_test {
	struct notif_share *sh;
	int listener;
	pid_t child;
};

FIXTURE(user_notif) {
	struct notif_test t;
};

/* The submission paths of paths[] */
FIXTURE_VARIANT(user_notif) {
	const struct path_case *path;
};

FIXTURE_VARIANT_ADD(user_notif, inline) {
	.path = &paths[0],
};

FIXTURE_VARIANT_ADD(user_notif, async) {
	.path = &paths[1],
};

FIXTURE_VARIANT_ADD(user_notif, sqpoll) {
	.path = &paths[2],
};

FIXTURE_SETUP(user_notif)
{
	self->t.sh = shared_page();
	ASSERT_NE(NULL, self->t.sh);
	for (int i = 0; i < 4; i++)
		self->t.sh->res[i] = 1;
	self->t.listener = -1;
	self->t.child = -1;
}

FIXTURE_TEARDOWN(user_notif)
{
	if (self->t.child > 0) {
		set_state(&self->t.sh->state, N_DONE);
		kill(self->t.child, SIGKILL);
		waitpid(self->t.child, NULL, 0);
	}
	if (self->t.listener >= 0)
		close(self->t.listener);
}

/* Child: submit one SQE, report, wait for its CQE. Returns its res. */
static int notif_child_sqe(struct notif_share *sh, struct ring *r)
{
	struct io_uring_cqe cqe;

	if (ring_submit(r) != 1)
		_exit(41);
	set_state(&sh->state, N_SUBMITTED);
	if (ring_cqe(r, &cqe, 3 * WAIT_MS))
		return 1;
	return cqe.res;
}

static void notif_supervised_child(struct notif_share *sh, const struct path_case *v)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX, .sun_path = "/nonexistent.sock" };
	struct io_uring_sqe *sqe;
	struct stat st;
	struct ring r;
	int p[2];

	notif_child_setup(sh);
	if (ring_init(&r, 8, v->ring_flags) || pipe(p) || write(p[1], "hello", 5) != 5)
		_exit(42);
	sh->sock = socket(AF_UNIX, SOCK_STREAM, 0);
	sh->pipe_rd = p[0];

	/* emulated: the supervisor installs /dev/null and returns its fd */
	sqe = ring_sqe(&r);
	prep_openat(sqe, NOTIF_PATH, O_RDONLY, 0);
	sqe->flags = v->sqe_flags;
	sh->res[0] = notif_child_sqe(sh, &r);
	sh->nullfd_ok = sh->res[0] >= 0 && !fstat(sh->res[0], &st) &&
			S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3);

	/* denied with an errno */
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_CONNECT;
	sqe->fd = sh->sock;
	sqe->addr = (unsigned long)&sun;
	sqe->off = sizeof(sun);
	sqe->flags = v->sqe_flags;
	sh->res[1] = notif_child_sqe(sh, &r);

	/* continued: the READ runs */
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_READ;
	sqe->fd = p[0];
	sqe->addr = (unsigned long)sh->buf;
	sqe->len = 5;
	sqe->off = -1ULL;
	sqe->flags = v->sqe_flags;
	sh->res[2] = notif_child_sqe(sh, &r);
	set_state(&sh->state, N_DONE);
	_exit(0);
}

/* Test: wait until the child's SQE is submitted, then receive it. */
static int notif_expect(struct notif_share *sh, int listener, struct seccomp_notif *req)
{
	wait_state(&sh->state, N_SUBMITTED);
	if (get_state(&sh->state) != N_SUBMITTED)
		return -EINPROGRESS;	/* the submission itself waited */
	set_state(&sh->state, N_TAKEN);
	return notif_recv(listener, req, 3 * WAIT_MS);
}

/*
 * The supervisor emulates OPENAT with SECCOMP_IOCTL_NOTIF_ADDFD, denies
 * CONNECT with an errno and lets READ continue; the submitting task is never
 * blocked by the wait (io_uring_enter(2) returns first).
 */
TEST_F(user_notif, supervisor)
{
	struct seccomp_notif req;
	struct seccomp_notif_addfd addfd = { 0 };
	pid_t tid;
	int nullfd;

	self->t.child = fork();
	ASSERT_LE(0, self->t.child);
	if (self->t.child == 0)
		notif_supervised_child(self->t.sh, variant->path);
	self->t.listener = notif_take(self->t.sh, self->t.child);
	ASSERT_LE(0, self->t.listener);

	/* OPENAT */
	ASSERT_EQ(0, notif_expect(self->t.sh, self->t.listener, &req));
	EXPECT_EQ(__NR_openat, req.data.nr);
	EXPECT_EQ(AUDIT_ARCH_X86_64, req.data.arch);
	EXPECT_EQ((__u64)(__s64)AT_FDCWD, req.data.args[0]);
	EXPECT_EQ((__u64)(unsigned long)NOTIF_PATH, req.data.args[1]);
	EXPECT_EQ(O_RDONLY, req.data.args[2]);
	tid = req.pid;
	if (variant->path->ring_flags & IORING_SETUP_SQPOLL) {
		/* the SQ thread submitted it: a thread of the ring's creator */
		EXPECT_EQ(self->t.child, tgid_of(tid));
	} else {
		EXPECT_EQ(self->t.child, tid);
	}
	nullfd = open("/dev/null", O_RDONLY);
	ASSERT_LE(0, nullfd);
	addfd.id = req.id;
	addfd.srcfd = nullfd;
	addfd.flags = SECCOMP_ADDFD_FLAG_SEND;
	EXPECT_LE(0, ioctl(self->t.listener, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd));
	close(nullfd);

	/* CONNECT */
	ASSERT_EQ(0, notif_expect(self->t.sh, self->t.listener, &req));
	EXPECT_EQ(__NR_connect, req.data.nr);
	EXPECT_EQ(self->t.sh->sock, req.data.args[0]);
	EXPECT_EQ(sizeof(struct sockaddr_un), req.data.args[2]);
	EXPECT_EQ(0, notif_send(self->t.listener, req.id, 0, -ENETUNREACH, 0));

	/* READ */
	ASSERT_EQ(0, notif_expect(self->t.sh, self->t.listener, &req));
	EXPECT_EQ(__NR_read, req.data.nr);
	EXPECT_EQ(self->t.sh->pipe_rd, req.data.args[0]);
	EXPECT_EQ(5, req.data.args[2]);
	EXPECT_EQ(0, notif_send(self->t.listener, req.id, 0, 0,
				SECCOMP_USER_NOTIF_FLAG_CONTINUE));

	wait_state(&self->t.sh->state, N_DONE);
	EXPECT_LE(0, self->t.sh->res[0]);
	EXPECT_EQ(1, self->t.sh->nullfd_ok);
	EXPECT_EQ(-ENETUNREACH, self->t.sh->res[1]);
	EXPECT_EQ(5, self->t.sh->res[2]);
	EXPECT_EQ(0, memcmp(self->t.sh->buf, "hello", 5));
}

enum notif_end { END_ASYNC_CANCEL, END_TEARDOWN, END_EXIT, END_LISTENER_CLOSED };

/* Child: submit a notified OPENAT, then end it the way @how says. */
static void notif_pending_child(struct notif_share *sh, const struct path_case *v,
				enum notif_end how)
{
	struct io_uring_cqe cqe;
	struct io_uring_sqe *sqe;
	struct ring r;
	int i;

	notif_child_setup(sh);
	if (ring_init(&r, 8, v->ring_flags))
		_exit(42);
	sqe = ring_sqe(&r);
	prep_openat(sqe, NOTIF_PATH, O_RDONLY, 0);
	sqe->flags = v->sqe_flags;
	sqe->user_data = 1;
	if (ring_submit(&r) != 1)
		_exit(41);
	set_state(&sh->state, N_SUBMITTED);
	wait_state(&sh->state, N_RECEIVED);
	switch (how) {
	case END_ASYNC_CANCEL:
		sqe = ring_sqe(&r);
		sqe->opcode = IORING_OP_ASYNC_CANCEL;
		sqe->addr = 1;
		sqe->user_data = 2;
		ring_submit(&r);
		for (i = 0; i < 2; i++)
			if (!ring_cqe(&r, &cqe, 3 * WAIT_MS) && cqe.user_data - 1 < 2)
				sh->res[cqe.user_data - 1] = cqe.res;
		break;
	case END_TEARDOWN:
		ring_free(&r);
		break;
	case END_EXIT:
		_exit(0);
	case END_LISTENER_CLOSED:
		if (!ring_cqe(&r, &cqe, 3 * WAIT_MS))
			sh->res[0] = cqe.res;
		break;
	}
	set_state(&sh->state, N_ACTED);
	wait_state(&sh->state, N_DONE);
	_exit(0);
}

/* Test: poll SECCOMP_IOCTL_NOTIF_ID_VALID for up to 5 s until it fails. */
static int notif_wait_invalid(int listener, __u64 id)
{
	struct timespec ts = { 0, 1000000 };
	int i;

	for (i = 0; i < 5000; i++) {
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id))
			return -errno;
		nanosleep(&ts, NULL);
	}
	return 0;
}

static void notif_pending(struct __test_metadata *_metadata, struct notif_test *self,
			  const struct path_case *variant, enum notif_end how)
{
	struct seccomp_notif req;

	self->child = fork();
	ASSERT_LE(0, self->child);
	if (self->child == 0)
		notif_pending_child(self->sh, variant, how);
	self->listener = notif_take(self->sh, self->child);
	ASSERT_LE(0, self->listener);
	ASSERT_EQ(0, notif_expect(self->sh, self->listener, &req));
	EXPECT_EQ(__NR_openat, req.data.nr);
	EXPECT_EQ(0, ioctl(self->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req.id));
	if (how == END_LISTENER_CLOSED) {
		close(self->listener);
		self->listener = -1;
	}
	set_state(&self->sh->state, N_RECEIVED);
	if (how == END_EXIT) {
		int status;

		ASSERT_EQ(self->child, waitpid(self->child, &status, 0));
		self->child = -1;
		EXPECT_EQ(0, status);
	} else {
		wait_state(&self->sh->state, N_ACTED);
		ASSERT_EQ(N_ACTED, get_state(&self->sh->state));
	}
	if (how != END_LISTENER_CLOSED) {
		/* the notification is gone, and answering it fails */
		EXPECT_EQ(-ENOENT, notif_wait_invalid(self->listener, req.id));
		EXPECT_EQ(-ENOENT, notif_send(self->listener, req.id, 0, 0,
					      SECCOMP_USER_NOTIF_FLAG_CONTINUE));
	}
}

/* IORING_OP_ASYNC_CANCEL reaches a pending notification. */
TEST_F(user_notif, async_cancel)
{
	notif_pending(_metadata, &self->t, variant->path, END_ASYNC_CANCEL);
	EXPECT_EQ(-ECANCELED, self->t.sh->res[0]);
	EXPECT_EQ(-EALREADY, self->t.sh->res[1]);
}

/* Ring teardown (last reference gone) cancels a pending notification. */
TEST_F(user_notif, ring_teardown)
{
	notif_pending(_metadata, &self->t, variant->path, END_TEARDOWN);
}

/* The submitting process exits: the notification goes away with it. */
TEST_F(user_notif, task_exit)
{
	notif_pending(_metadata, &self->t, variant->path, END_EXIT);
}

/* The listener goes away while the SQE waits: -ENOSYS, as for a syscall. */
TEST_F(user_notif, listener_closed_pending)
{
	notif_pending(_metadata, &self->t, variant->path, END_LISTENER_CLOSED);
	EXPECT_EQ(-ENOSYS, self->t.sh->res[0]);
}

/* No listener at all: -ENOSYS, the syscall's result too. */
TEST(user_notif_no_listener)
{
	struct ring r;
	int fd;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	fd = load_notif_filter();
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(-1, syscall(__NR_openat, AT_FDCWD, NOTIF_PATH, O_RDONLY));
	EXPECT_EQ(ENOSYS, errno);
	EXPECT_EQ(-ENOSYS, sqe_openat(&r, NOTIF_PATH, O_RDONLY));
	ring_exit(&r);
}

/*
 * Precedence across two filters, as seccomp_bpf.c checks it for syscalls:
 * ERRNO beats USER_NOTIF (no notification), USER_NOTIF beats LOG.
 */
TEST(user_notif_precedence)
{
	struct seccomp_notif req;
	struct io_uring_cqe cqe;
	struct ring r;
	int fd;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(openat), SCMP_ACT_LOG));
	fd = load_notif_filter();
	ASSERT_LE(0, fd);
	/* LOG + USER_NOTIF: the listener decides (here: after the SQE waits) */
	prep_openat(ring_sqe(&r), NOTIF_PATH, O_RDONLY, 0);
	ASSERT_EQ(1, ring_submit(&r));
	ASSERT_EQ(0, notif_recv(fd, &req, WAIT_MS));
	EXPECT_EQ(__NR_openat, req.data.nr);
	EXPECT_EQ(0, notif_send(fd, req.id, 0, -E2BIG, 0));
	ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
	EXPECT_EQ(-E2BIG, cqe.res);
	/* USER_NOTIF + ERRNO: the errno, no notification */
	/* raw BPF: libseccomp itself might open files, which would now wait */
	ASSERT_EQ(0, load_bpf_ret(__NR_openat, SECCOMP_RET_ERRNO | EXDEV));
	EXPECT_EQ(-EXDEV, sqe_openat(&r, NOTIF_PATH, O_RDONLY));
	EXPECT_EQ(-ETIMEDOUT, notif_recv(fd, &req, 100));
	close(fd);
	ring_exit(&r);
}

/* The remembered opcodes follow the submitter's filter chain. */
TEST(memo_follows_new_filter)
{
	struct ring r;
	int fd, i;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(mkdirat), SCMP_ACT_ERRNO(EPERM)));
	for (i = 0; i < 3; i++) {
		fd = sqe_openat(&r, "/dev/null", O_RDONLY);
		ASSERT_LE(0, fd);
		close(fd);
	}
	ASSERT_EQ(0, load_bpf_ret(__NR_openat, SECCOMP_RET_ERRNO | EXDEV));
	EXPECT_EQ(-EXDEV, sqe_openat(&r, "/dev/null", O_RDONLY));
	prep_mkdirat(ring_sqe(&r), tmp_path("memo"));
	EXPECT_EQ(-EPERM, submit_one(&r));
	ring_exit(&r);
}

/*
 * The holes an adversarial review of the first series found, one test each
 * (they fail on that series and on an unpatched kernel).
 */
#ifndef RWF_NOWAIT
#define RWF_NOWAIT	0x00000008
#endif
#ifndef RWF_NOAPPEND
#define RWF_NOAPPEND	0x00000020
#endif

/*
 * READ and WRITE with RWF_* flags are preadv2/pwritev2, the syscalls that
 * take the flags: under a pwritev2 denial, a WRITE with RWF_NOAPPEND cannot
 * overwrite the start of an O_APPEND file (pwrite64 would append), and a
 * READ with RWF_NOWAIT is refused under a preadv2 denial.
 */
TEST(rw_flags_presented_as_v2)
{
	const char *path = tmp_path("rwf");
	struct io_uring_sqe *sqe;
	char buf[8] = { 0 };
	struct ring r;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_APPEND, 0644);
	ASSERT_LE(0, fd);
	ASSERT_EQ(4, write(fd, "AAAA", 4));
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(pwritev2), SCMP_ACT_ERRNO(DENY_ERRNO)));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(preadv2), SCMP_ACT_ERRNO(DENY_ERRNO)));
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_WRITE;
	sqe->fd = fd;
	sqe->addr = (unsigned long)"BB";
	sqe->len = 2;
	sqe->off = 0;
	sqe->rw_flags = RWF_NOAPPEND;
	EXPECT_EQ(-DENY_ERRNO, submit_one(&r));
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_READ;
	sqe->fd = fd;
	sqe->addr = (unsigned long)buf;
	sqe->len = 4;
	sqe->off = 0;
	sqe->rw_flags = RWF_NOWAIT;
	EXPECT_EQ(-DENY_ERRNO, submit_one(&r));
	/* without flags it is pwrite64, allowed, and it appends */
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_WRITE;
	sqe->fd = fd;
	sqe->addr = (unsigned long)"CC";
	sqe->len = 2;
	sqe->off = 0;
	EXPECT_EQ(2, submit_one(&r));
	EXPECT_EQ(6, pread(fd, buf, sizeof(buf), 0));
	EXPECT_EQ(0, memcmp(buf, "AAAACC", 6));
	close(fd);
	unlink(path);
	ring_exit(&r);
}

/*
 * A filter installed after an SQPOLL ring was set up decides the ring's SQEs
 * although the task never enters the ring: the filter is pinned to every
 * SQPOLL ring the task holds or maps when it is installed. Each variant
 * writes a MKDIRAT into the SQ ring without io_uring_enter(2) and lets
 * something else make the SQ thread submit it.
 */
enum sq_wake {
	WAKE_AWAKE,		/* the SQ thread is still polling */
	WAKE_UNREG_IOWQ_AFF,	/* IORING_UNREGISTER_IOWQ_AFF parks it */
	WAKE_REG_IOWQ_AFF,	/* IORING_REGISTER_IOWQ_AFF parks it */
	WAKE_ATTACH_WQ,		/* a new ring attaches to the SQ thread */
	WAKE_SIBLING_ENTER,	/* io_uring_enter on a ring sharing the thread */
	WAKE_SIGSTOP,		/* SIGSTOP, SIGCONT to the process */
};

FIXTURE(sqpoll_late_filter) {
	int unused;
};

FIXTURE_VARIANT(sqpoll_late_filter) {
	enum sq_wake wake;
};

FIXTURE_VARIANT_ADD(sqpoll_late_filter, awake) {
	.wake = WAKE_AWAKE,
};

FIXTURE_VARIANT_ADD(sqpoll_late_filter, unregister_iowq_aff) {
	.wake = WAKE_UNREG_IOWQ_AFF,
};

FIXTURE_VARIANT_ADD(sqpoll_late_filter, register_iowq_aff) {
	.wake = WAKE_REG_IOWQ_AFF,
};

FIXTURE_VARIANT_ADD(sqpoll_late_filter, attach_wq) {
	.wake = WAKE_ATTACH_WQ,
};

FIXTURE_VARIANT_ADD(sqpoll_late_filter, sibling_enter) {
	.wake = WAKE_SIBLING_ENTER,
};

FIXTURE_VARIANT_ADD(sqpoll_late_filter, sigstop) {
	.wake = WAKE_SIGSTOP,
};

FIXTURE_SETUP(sqpoll_late_filter)
{
}

FIXTURE_TEARDOWN(sqpoll_late_filter)
{
}

static int sqpoll_ring(struct ring *r, unsigned int idle_ms, int attach_fd)
{
	struct io_uring_params p = {
		.flags = IORING_SETUP_SQPOLL | (attach_fd >= 0 ? IORING_SETUP_ATTACH_WQ : 0),
		.sq_thread_idle = idle_ms,
		.wq_fd = attach_fd >= 0 ? attach_fd : 0,
	};
	int fd = sys_io_uring_setup(8, &p);

	if (fd < 0)
		return -errno;
	return ring_mmap(r, fd, &p);
}

/* Wait until the SQ thread of @r sleeps. */
static int sqpoll_wait_asleep(struct ring *r)
{
	struct timespec ts = { 0, 1000000 };
	int i;

	for (i = 0; i < 2000; i++) {
		if (__atomic_load_n(r->sq_flags, __ATOMIC_ACQUIRE) & IORING_SQ_NEED_WAKEUP)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -ETIMEDOUT;
}

TEST_F(sqpoll_late_filter, mkdirat_refused)
{
	const char *path = tmp_path("sqlate");
	struct io_uring_cqe cqe;
	struct ring r, sib, att;
	cpu_set_t set;
	pid_t pid;
	int ret;

	ASSERT_EQ(0, sqpoll_ring(&r, variant->wake == WAKE_AWAKE ? 5000 : 10, -1));
	if (variant->wake == WAKE_SIBLING_ENTER)
		ASSERT_EQ(0, sqpoll_ring(&sib, 10, r.fd));
	if (variant->wake == WAKE_AWAKE) {
		/* some work: the SQ thread then polls for sq_thread_idle */
		ring_sqe(&r)->opcode = IORING_OP_NOP;
		ASSERT_EQ(0, submit_one(&r));
		ASSERT_EQ(0, __atomic_load_n(r.sq_flags, __ATOMIC_ACQUIRE) &
			     IORING_SQ_NEED_WAKEUP);
	} else {
		ASSERT_EQ(0, sqpoll_wait_asleep(&r));
	}
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(mkdirat), SCMP_ACT_ERRNO(EPERM)));
	/* publish the SQE; never enter this ring */
	prep_mkdirat(ring_sqe(&r), path);
	__atomic_store_n(r.sq_tail, *r.sq_tail + 1, __ATOMIC_RELEASE);
	r.pending = 0;
	switch (variant->wake) {
	case WAKE_AWAKE:
		break;
	case WAKE_UNREG_IOWQ_AFF:
		ret = syscall(__NR_io_uring_register, r.fd, IORING_UNREGISTER_IOWQ_AFF,
			      NULL, 0);
		EXPECT_EQ(0, ret);
		break;
	case WAKE_REG_IOWQ_AFF:
		CPU_ZERO(&set);
		CPU_SET(0, &set);
		ret = syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_IOWQ_AFF,
			      &set, sizeof(set));
		EXPECT_EQ(0, ret);
		break;
	case WAKE_ATTACH_WQ:
		ASSERT_EQ(0, sqpoll_ring(&att, 10, r.fd));
		break;
	case WAKE_SIBLING_ENTER:
		EXPECT_EQ(0, sys_io_uring_enter(sib.fd, 0, 0, IORING_ENTER_SQ_WAKEUP, NULL, 0));
		break;
	case WAKE_SIGSTOP:
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			kill(getppid(), SIGSTOP);
			usleep(50000);
			kill(getppid(), SIGCONT);
			_exit(0);
		}
		ASSERT_EQ(pid, waitpid(pid, NULL, 0));
		break;
	}
	ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS)) {
		ksft_print_msg("the SQ thread did not submit the SQE\n");
	}
	EXPECT_EQ(-EPERM, cqe.res);
	EXPECT_EQ(-1, access(path, F_OK));
	rmdir(path);
	ring_exit(&r);
}

static void *kill_thread_enter(void *arg)
{
	struct ring *r = arg;

	if (load_bpf_ret(__NR_mkdirat, SECCOMP_RET_KILL_THREAD))
		return (void *)1;
	prep_mkdirat(ring_sqe(r), tmp_path("ktleak"));
	__atomic_store_n(r->sq_tail, *r->sq_tail + 1, __ATOMIC_RELEASE);
	r->pending = 0;
	/* waits for the CQE: io_uring runs task work in that wait */
	sys_io_uring_enter(r->fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0);
	return (void *)2;	/* survived */
}

/*
 * KILL_THREAD of one thread among others ends the thread without a
 * reference on the ring: once the process drops its own, the ring is freed,
 * and with it the pipe end registered in it (the reader sees POLLHUP).
 */
TEST(kill_thread_releases_ring)
{
	struct pollfd pfd = { .events = POLLIN };
	void *ret = NULL;
	struct ring r;
	pthread_t t;
	int p[2];

	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_FILES, &p[1], 1));
	close(p[1]);	/* only the ring holds the write end now */
	ASSERT_EQ(0, pthread_create(&t, NULL, kill_thread_enter, &r));
	ASSERT_EQ(0, pthread_join(t, &ret));
	EXPECT_NE((void *)2, ret);	/* the thread was killed */
	EXPECT_NE((void *)1, ret);
	EXPECT_EQ(-1, access(tmp_path("ktleak"), F_OK));
	ring_free(&r);
	pfd.fd = p[0];
	EXPECT_EQ(1, poll(&pfd, 1, WAIT_MS));
	EXPECT_TRUE(pfd.revents & POLLHUP);
	close(p[0]);
}

/* Filter: mkdirat goes to a new listener, the rest is allowed. Returns its fd. */
static int load_mkdirat_listener(unsigned int flags)
{
	return load_nr_ret(__NR_mkdirat, SECCOMP_RET_USER_NOTIF,
			   SECCOMP_FILTER_FLAG_NEW_LISTENER | flags, true);
}

struct every_share {
	int state;
	int id;
	int res;
};

static void *continue_one(void *arg)
{
	struct seccomp_notif req;
	int fd = *(int *)arg;

	if (!notif_recv(fd, &req, 3 * WAIT_MS))
		notif_send(fd, req.id, 0, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE);
	return NULL;
}

/*
 * Two chains return USER_NOTIF for one SQE (the submitter's own, and the
 * filter pinned with the personality it names): every listener is asked,
 * and the SQE runs only if all let it continue. The submitter's own
 * supervisor answering CONTINUE does not overrule the personality's.
 */
TEST(user_notif_every_listener)
{
	const char *path = tmp_path("every");
	struct every_share *sh = shared_page();
	struct seccomp_notif req;
	int listener, status;
	struct ring r;
	pid_t pid;

	ASSERT_NE(NULL, sh);
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		pthread_t t;
		int fd;

		wait_state(&sh->state, 1);	/* the personality is registered */
		fd = load_mkdirat_listener(0);
		if (fd < 0 || pthread_create(&t, NULL, continue_one, &fd))
			_exit(1);
		sh->res = sqe_mkdirat_personality(&r, path, sh->id);
		pthread_join(t, NULL);
		_exit(0);
	}
	listener = load_mkdirat_listener(0);
	ASSERT_LE(0, listener);
	sh->id = syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_PERSONALITY, NULL, 0);
	ASSERT_LT(0, sh->id);
	set_state(&sh->state, 1);
	ASSERT_EQ(0, notif_recv(listener, &req, 3 * WAIT_MS));
	EXPECT_EQ(__NR_mkdirat, req.data.nr);
	EXPECT_EQ(0, notif_send(listener, req.id, 0, -EACCES, 0));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status);
	EXPECT_EQ(-EACCES, sh->res);
	EXPECT_EQ(-1, access(path, F_OK));
	close(listener);
	ring_exit(&r);
}

/*
 * CAP_SYS_ADMIN in a user namespace the author made itself is no authority
 * over root's credentials: the filter it pins to root's SQPOLL ring (by
 * entering it) makes every SQE of root's fail, never some of them.
 */
TEST(pin_from_user_namespace_not_trusted_for_root)
{
	const char *path = tmp_path("userns");
	int *res = shared_page();
	struct ring r;
	int status;
	pid_t pid;

	ASSERT_NE(NULL, res);
	ASSERT_EQ(0, getuid()) SKIP(return, "needs root");
	ASSERT_EQ(0, ring_init(&r, 8, IORING_SETUP_SQPOLL));
	res[0] = 1;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
			_exit(1);
		if (unshare(CLONE_NEWUSER))
			_exit(2);
		/* no no_new_privs: CAP_SYS_ADMIN in its user namespace allows it */
		if (load_nr_ret(__NR_mkdirat, SECCOMP_RET_ERRNO | EIO, 0, false))
			_exit(3);
		res[0] = sys_io_uring_enter(r.fd, 0, 0, IORING_ENTER_SQ_WAKEUP, NULL, 0);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	EXPECT_EQ(0, res[0]);
	prep_mkdirat(ring_sqe(&r), path);
	EXPECT_EQ(-EPERM, submit_one(&r));
	ring_sqe(&r)->opcode = IORING_OP_NOP;
	EXPECT_EQ(-EPERM, submit_one(&r));
	EXPECT_EQ(-1, access(path, F_OK));
	ring_exit(&r);
}

/*
 * A listener created with SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV that
 * received the notification does not hold up cancellation (nor, with it,
 * ring teardown): IORING_OP_ASYNC_CANCEL ends the wait at once.
 */
TEST(user_notif_wait_killable_recv_cancelled)
{
	struct seccomp_notif req;
	struct io_uring_cqe cqe;
	struct io_uring_sqe *sqe;
	int fd, i, res[2] = { 1, 1 };
	struct ring r;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	fd = load_mkdirat_listener(SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
	ASSERT_LE(0, fd);
	sqe = ring_sqe(&r);
	prep_mkdirat(sqe, tmp_path("killable"));
	sqe->user_data = 1;
	ASSERT_EQ(1, ring_submit(&r));
	ASSERT_EQ(0, notif_recv(fd, &req, WAIT_MS));
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_ASYNC_CANCEL;
	sqe->addr = 1;
	sqe->user_data = 2;
	ASSERT_EQ(1, ring_submit(&r));
	for (i = 0; i < 2; i++) {
		if (ring_cqe(&r, &cqe, WAIT_MS))
			break;
		res[(cqe.user_data - 1) & 1] = cqe.res;
	}
	EXPECT_EQ(-ECANCELED, res[0]);
	EXPECT_EQ(-EALREADY, res[1]);
	notif_send(fd, req.id, 0, -EPERM, 0);	/* if it still waits */
	EXPECT_EQ(-1, access(tmp_path("killable"), F_OK));
	close(fd);
	ring_exit(&r);
}

/* Filter: io_uring_enter(fd == -1), i.e. ring-internal SQEs, returns @ret. */
static int load_ring_internal_ret(uint32_t ret, unsigned int flags)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_enter, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffff, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, ret),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = ARRAY_SIZE(insns), .filter = insns };
	int fd;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	fd = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	return fd < 0 ? -errno : fd;
}

/*
 * A kill decided by a filter another task pinned to an SQPOLL ring does not
 * kill the ring's creator: the SQE is refused with -EPERM instead.
 */
TEST(sqpoll_sharer_kill_refused)
{
	int *res = shared_page();
	int status = -1;
	pid_t creator;

	ASSERT_NE(NULL, res);
	res[0] = 1;
	creator = fork();
	ASSERT_LE(0, creator);
	if (creator == 0) {
		struct ring r;
		pid_t pid;

		if (ring_init(&r, 8, IORING_SETUP_SQPOLL))
			_exit(1);
		pid = fork();
		if (pid == 0) {
			if (load_ring_internal_ret(SECCOMP_RET_KILL_PROCESS, 0))
				_exit(1);
			_exit(sys_io_uring_enter(r.fd, 0, 0, IORING_ENTER_SQ_WAKEUP,
						 NULL, 0) ? 2 : 0);
		}
		if (waitpid(pid, &status, 0) != pid || status)
			_exit(3);
		ring_sqe(&r)->opcode = IORING_OP_NOP;
		res[0] = submit_one(&r);
		_exit(0);
	}
	ASSERT_EQ(creator, waitpid(creator, &status, 0));
	EXPECT_EQ(0, status) {
		ksft_print_msg("creator status 0x%x\n", status);
	}
	EXPECT_EQ(-EPERM, res[0]);
}

/*
 * IORING_OP_LINK_TIMEOUT cannot wait for a listener (its request arms it):
 * USER_NOTIF refuses it with -ENOSYS, as when no listener can be asked,
 * rather than letting it run unasked.
 */
TEST(link_timeout_user_notif_refused)
{
	struct __kernel_timespec ts = { .tv_nsec = 100000000 };
	struct io_uring_cqe cqe;
	struct io_uring_sqe *sqe;
	int fd, i, p[2], res[2] = { 1, 1 };
	struct ring r;
	char buf[1];

	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	fd = load_ring_internal_ret(SECCOMP_RET_USER_NOTIF, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	ASSERT_LE(0, fd);
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_READ;
	sqe->fd = p[0];
	sqe->addr = (unsigned long)buf;
	sqe->len = 1;
	sqe->off = -1ULL;
	sqe->flags = IOSQE_IO_LINK;
	sqe->user_data = 1;
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_LINK_TIMEOUT;
	sqe->addr = (unsigned long)&ts;
	sqe->len = 1;
	sqe->user_data = 2;
	ring_submit(&r);
	for (i = 0; i < 2; i++) {
		if (ring_cqe(&r, &cqe, WAIT_MS))
			break;
		res[(cqe.user_data - 1) & 1] = cqe.res;
	}
	EXPECT_EQ(-ENOSYS, res[1]);
	EXPECT_EQ(-ECANCELED, res[0]);
	close(fd);
	ring_exit(&r);
}

/*
 * TEE hides io_uring's SPLICE_F_FD_IN_FIXED from the flags as SPLICE does,
 * and CLOSE of a registered file slot names no descriptor (fd -1), so that
 * rules on those arguments mean what they mean for the syscalls.
 */
TEST(tee_and_close_fixed_arguments)
{
	scmp_filter_ctx ctx;
	struct io_uring_sqe *sqe;
	int in[2], out[2];
	struct ring r;

	ASSERT_EQ(0, pipe(in));
	ASSERT_EQ(0, pipe(out));
	ASSERT_EQ(1, write(in[1], "x", 1));
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_FILES, &in[0], 1));
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	ASSERT_NE(NULL, ctx);
	ASSERT_EQ(0, seccomp_rule_add(ctx, SCMP_ACT_ERRNO(DENY_ERRNO), SCMP_SYS(tee), 1,
				      SCMP_A3(SCMP_CMP_NE, 0)));
	ASSERT_EQ(0, seccomp_rule_add(ctx, SCMP_ACT_ERRNO(DENY_ERRNO), SCMP_SYS(close), 1,
				      SCMP_A0(SCMP_CMP_EQ, 0)));
	ASSERT_EQ(0, seccomp_load(ctx));
	seccomp_release(ctx);
	/* tee(in, out, 1, SPLICE_F_NONBLOCK): refused by the flags rule */
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_TEE;
	sqe->splice_fd_in = in[0];
	sqe->fd = out[1];
	sqe->len = 1;
	sqe->splice_flags = SPLICE_F_NONBLOCK;
	EXPECT_EQ(-DENY_ERRNO, submit_one(&r));
	/* tee(fixed 0, out, 1, 0): the fixed-file flag is not a flag of tee */
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_TEE;
	sqe->splice_fd_in = 0;
	sqe->fd = out[1];
	sqe->len = 1;
	sqe->splice_flags = SPLICE_F_FD_IN_FIXED;
	EXPECT_EQ(1, submit_one(&r));
	/* close(0) is refused; closing registered slot 0 is not close(0) */
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_CLOSE;
	sqe->fd = 0;
	EXPECT_EQ(-DENY_ERRNO, submit_one(&r));
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_CLOSE;
	sqe->file_index = 1;	/* slot 0 */
	EXPECT_EQ(0, submit_one(&r));
	ring_exit(&r);
}

/*
 * IORING_OP_URING_CMD with a socket command's cmd_op is a driver command,
 * ioctl(fd, cmd_op, 0), for a file that is not a socket, and the file is
 * not known at submission: filters decide on both readings, the stricter
 * wins. Under an ioctl denial GETSOCKOPT is refused on /dev/null (no
 * getsockopt there) and, as the same SQE, on a socket.
 */
TEST(uring_cmd_socket_op_is_also_an_ioctl)
{
	int fds[2], i, val = 0;
	struct ring r;

	fds[0] = open("/dev/null", O_RDWR);
	fds[1] = socket(AF_UNIX, SOCK_DGRAM, 0);
	ASSERT_LE(0, fds[0]);
	ASSERT_LE(0, fds[1]);
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(ioctl), SCMP_ACT_ERRNO(DENY_ERRNO)));
	for (i = 0; i < 2; i++) {
		prep_sockopt_cmd(ring_sqe(&r), fds[i], SOCKET_URING_OP_GETSOCKOPT, SO_TYPE, &val);
		EXPECT_EQ(-DENY_ERRNO, submit_one(&r));
	}
	close(fds[0]);
	close(fds[1]);
	ring_exit(&r);
}

/*
 * A listener is shown one reading of such a URING_CMD: it cannot let the SQE
 * run when the other reading would refuse it. GETSOCKOPT on /dev/null is
 * getsockopt (USER_NOTIF here) and ioctl(fd, GETSOCKOPT) (TRACE, which
 * refuses an SQE with -ENOSYS and ranks below USER_NOTIF): the SQE is
 * refused with -ENOSYS at once, and the listener is not asked.
 */
TEST(uring_cmd_listener_cannot_override_other_reading)
{
	scmp_filter_ctx ctx;
	int fd, listener, val = 0;
	struct ring r;

	fd = open("/dev/null", O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	ASSERT_NE(NULL, ctx);
	ASSERT_EQ(0, seccomp_rule_add(ctx, SCMP_ACT_TRACE(0), SCMP_SYS(ioctl), 1,
				      SCMP_A1(SCMP_CMP_EQ, SOCKET_URING_OP_GETSOCKOPT)));
	ASSERT_EQ(0, seccomp_load(ctx));
	seccomp_release(ctx);
	listener = load_nr_ret(__NR_getsockopt, SECCOMP_RET_USER_NOTIF,
			       SECCOMP_FILTER_FLAG_NEW_LISTENER, true);
	ASSERT_LE(0, listener);
	prep_sockopt_cmd(ring_sqe(&r), fd, SOCKET_URING_OP_GETSOCKOPT, SO_TYPE, &val);
	EXPECT_EQ(-ENOSYS, submit_one(&r));
	close(listener);
	close(fd);
	ring_exit(&r);
}

/*
 * "Covered" credentials include the supplementary groups: a filter pinned
 * by an unprivileged author does not decide for a holder with the author's
 * uid and a group the author lacked; the holder's SQEs are refused.
 */
TEST(ring_pinned_nnp_filter_refuses_extra_groups)
{
	struct ring_handoff *h = shared_page();
	gid_t groups[1] = { 4 };
	struct ring r;
	pid_t owner, pid;
	int status;

	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, getuid()) SKIP(return, "needs root");
	owner = spawn_filtered_ring_owner(h, __NR_mkdirat, 1);
	ASSERT_EQ(0, take_ring(&r, owner, h));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgroups(1, groups) || setresuid(1000, 1000, 1000))
			_exit(1);
		ring_sqe(&r)->opcode = IORING_OP_NOP;	/* allowed by the filter */
		_exit(submit_one(&r) == -EPERM ? 0 : 2);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status);
	set_state(&h->state, 2);
	waitpid(owner, &status, 0);
	ring_exit(&r);
}

/*
 * Each new filter of a task extends its chain: the chain replaces the one it
 * extends among the ring's pins, so a task that installs many filters never
 * exhausts them, and the newest decides.
 */
TEST(sqpoll_pins_follow_extended_chain)
{
	const char *path = tmp_path("extend");
	struct ring r;
	int i;

	ASSERT_EQ(0, ring_init(&r, 8, IORING_SETUP_SQPOLL));
	for (i = 0; i < 12; i++) {
		ASSERT_EQ(0, load_bpf_ret(__NR_acct, SECCOMP_RET_ERRNO | (EPERM + i)));
		EXPECT_EQ(0, sys_io_uring_enter(r.fd, 0, 0, IORING_ENTER_SQ_WAKEUP, NULL, 0)) {
			ksft_print_msg("filter %d: %s\n", i, strerror(errno));
		}
	}
	ASSERT_EQ(0, load_bpf_ret(__NR_mkdirat, SECCOMP_RET_ERRNO | EXDEV));
	prep_mkdirat(ring_sqe(&r), path);
	EXPECT_EQ(-EXDEV, submit_one(&r));
	EXPECT_EQ(-1, access(path, F_OK));
	ring_exit(&r);
}

/*
 * no_new_privs does not take a process's own personality away: registered
 * while root, used after seteuid(1000) under no_new_privs and a filter that
 * allows everything it does (liburing's personality test in such a
 * service).
 * Passes on an unpatched kernel too.
 */
TEST(personality_nnp_keeps_own_personality)
{
	int *res = shared_page();
	struct ring r;
	int id, status;
	pid_t pid;

	ASSERT_NE(NULL, res);
	ASSERT_EQ(0, getuid()) SKIP(return, "needs root");
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	id = syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_PERSONALITY, NULL, 0);
	ASSERT_LT(0, id);
	res[0] = 1;
	res[1] = 1;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);

		if (seteuid(1000) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			_exit(1);
		if (!ctx || seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(acct), 0) ||
		    seccomp_load(ctx))
			_exit(2);
		res[0] = sqe_nop_personality(&r, id);
		res[1] = sqe_nop_personality(&r, 0);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	EXPECT_EQ(0, res[0]);
	EXPECT_EQ(0, res[1]);
	ring_exit(&r);
}

/* Found by the adversarial review of the fixes above. */

static int stale_kt_state;	/* 1: filter failed, 2: survived (read after join) */

static void *stale_kt_submit(void *arg)
{
	struct ring *r = arg;

	if (load_bpf_ret(__NR_mkdirat, SECCOMP_RET_KILL_THREAD)) {
		stale_kt_state = 1;
		return NULL;
	}
	prep_mkdirat(ring_sqe(r), tmp_path("stale"));
	ring_submit(r);		/* this thread dies here */
	stale_kt_state = 2;
	return NULL;
}

/*
 * A thread of process A earns KILL_THREAD on a shared ring and dies. Then an
 * unfiltered process B enters the same ring with to_submit > 0 while the SQ
 * ring is empty (A can force that: it shares the ring memory and can write
 * sq.tail = sq.head). io_submit_sqes() returns 0 before
 * io_submit_state_start(), seccomp_exit is still true from A, and
 * io_uring_enter() calls do_exit(SIGSYS) on B.
 * B's io_uring_enter returns 0 and B exits normally.
 */
TEST(kill_thread_flag_not_left_for_next_enterer)
{
	struct ring r;
	int status;
	pid_t pid;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		pthread_t t;

		if (pthread_create(&t, NULL, stale_kt_submit, &r) || pthread_join(t, NULL))
			_exit(1);
		_exit(stale_kt_state);	/* 0: that thread was killed, A lives on */
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	EXPECT_EQ(-1, access(tmp_path("stale"), F_OK));

	pid = fork();		/* B: no filter at all */
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(sys_io_uring_enter(r.fd, 1, 0, 0, NULL, 0) == 0 ? 0 : 3);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status)) {
		ksft_print_msg("B killed: status 0x%x (sig %d)\n", status,
			       WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	}
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* the same happens to this (unfiltered) process */
	EXPECT_EQ(0, sys_io_uring_enter(r.fd, 1, 0, 0, NULL, 0));
	ring_exit(&r);
}

/*
 * The submitter's own chain returns TRAP for mkdirat; a personality pinned by
 * another filtered task (same uid: the pin applies) returns KILL_PROCESS.
 * check() records own = false because the pin's action ranks higher, and
 * for_submitter() drops the effect: -EPERM and no SIGSYS, although the
 * submitter's own filter earned the trap. With own = KILL_THREAD instead of
 * TRAP the submitting thread survives (escapes a kill-on-violation policy).
 * The trap is delivered (si_syscall mkdirat), the CQE is -EPERM.
 */
TEST(own_trap_not_silenced_by_stricter_pin)
{
	struct sigaction sa = { .sa_sigaction = trap_handler, .sa_flags = SA_SIGINFO };
	const char *path = tmp_path("silenced");
	struct io_uring_sqe *sqe;
	struct ring r;
	int id;

	ASSERT_EQ(0, ring_init(&r, 8, 0));
	id = child_personality(&r, SECCOMP_RET_KILL_PROCESS);
	ASSERT_LT(0, id);
	ASSERT_EQ(0, sigaction(SIGSYS, &sa, NULL));
	ASSERT_EQ(0, load_bpf_ret(__NR_mkdirat, SECCOMP_RET_TRAP | 7));
	sqe = ring_sqe(&r);
	prep_mkdirat(sqe, path);
	sqe->personality = id;
	EXPECT_EQ(-EPERM, submit_one(&r));
	EXPECT_EQ(1, trap_count);
	EXPECT_EQ(__NR_mkdirat, trap_info.si_syscall);
	EXPECT_EQ(-1, access(path, F_OK));
	ring_exit(&r);
}

#ifndef MSG_ZEROCOPY
#define MSG_ZEROCOPY	0x4000000
#endif

/*
 * F1. IORING_OP_SEND_ZC / SENDMSG_ZC: the kernel ORs MSG_ZEROCOPY into
 * msg_flags (net.c io_send_zc_prep) and, through msg_ubuf, sends zero-copy
 * even without SO_ZEROCOPY; the SQE is presented as sendto(..., msg_flags)
 * without MSG_ZEROCOPY. A rule refusing MSG_ZEROCOPY sends is bypassed.
 */
TEST(send_zc_presents_msg_zerocopy)
{
	struct io_uring_sqe *sqe;
	scmp_filter_ctx ctx;
	struct ring r;
	int sv[2];

	/* decided at submission: the socket need not support zero-copy */
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	ASSERT_NE(NULL, ctx);
	ASSERT_EQ(0, seccomp_rule_add(ctx, SCMP_ACT_ERRNO(DENY_ERRNO), SCMP_SYS(sendto), 1,
				      SCMP_A3(SCMP_CMP_MASKED_EQ, MSG_ZEROCOPY, MSG_ZEROCOPY)));
	ASSERT_EQ(0, seccomp_load(ctx));
	seccomp_release(ctx);

	/* the syscall: a MSG_ZEROCOPY send is refused, a plain one is not */
	EXPECT_EQ(-1, send(sv[0], "x", 1, MSG_ZEROCOPY));
	EXPECT_EQ(DENY_ERRNO, errno);
	EXPECT_EQ(1, send(sv[0], "x", 1, 0));
	/* IORING_OP_SEND: a plain send, allowed */
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_SEND;
	sqe->fd = sv[0];
	sqe->addr = (unsigned long)"x";
	sqe->len = 1;
	EXPECT_EQ(1, submit_one(&r));
	/* IORING_OP_SEND_ZC: a zero-copy send, presented with MSG_ZEROCOPY */
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_SEND_ZC;
	sqe->fd = sv[0];
	sqe->addr = (unsigned long)"x";
	sqe->len = 1;
	EXPECT_EQ(-DENY_ERRNO, submit_one(&r));
	ring_exit(&r);
	close(sv[0]);
	close(sv[1]);
}

/*
 * F2. IORING_OP_READ_MULTISHOT: io_read_mshot_prep() -> io_prep_rw() takes
 * sqe->rw_flags (kiocb_set_rw_flags) and sqe->off (ki_pos) exactly as READ
 * does, but the row is read(fd, 0, len): the READ/WRITE rw_flags fix
 * (preadv2 when rw_flags != 0) was not applied to it.
 */
TEST(read_multishot_rw_flags_presented_as_v2)
{
	struct io_uring_sqe *sqe;
	char bufs[64], buf[4];
	struct ring r;
	int p[2];

	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(8, write(p[1], "abcdefgh", 8));
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	/* one provided buffer in group 7, before the filter */
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_PROVIDE_BUFFERS;
	sqe->fd = 1;
	sqe->addr = (unsigned long)bufs;
	sqe->len = sizeof(bufs);
	sqe->buf_group = 7;
	ASSERT_LE(0, submit_one(&r));
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(preadv2), SCMP_ACT_ERRNO(DENY_ERRNO)));

	/* READ with RWF_NOWAIT is preadv2: refused (the case already fixed) */
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_READ;
	sqe->fd = p[0];
	sqe->addr = (unsigned long)buf;
	sqe->len = sizeof(buf);
	sqe->off = -1ULL;
	sqe->rw_flags = RWF_NOWAIT;
	EXPECT_EQ(-DENY_ERRNO, submit_one(&r));
	/* READ_MULTISHOT with the same rw_flags */
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_READ_MULTISHOT;
	sqe->flags = IOSQE_BUFFER_SELECT;
	sqe->buf_group = 7;
	sqe->fd = p[0];
	sqe->off = -1ULL;
	sqe->rw_flags = RWF_NOWAIT;
	EXPECT_EQ(-DENY_ERRNO, submit_one(&r));
	ring_exit(&r);
	close(p[0]);
	close(p[1]);
}

/*
 * F3. IORING_OP_SPLICE: splice_off_in/off are offsets by value, -1 meaning
 * "no offset" (io_splice: poff = off == -1 ? NULL : &off). They are
 * presented in splice(2)'s loff_t * slots as is: an explicit offset 0 looks
 * like NULL, "no offset" like a non-NULL pointer. A rule that forbids
 * positional splices (off_out must be NULL) allows the positional SQE and
 * refuses the position-less one.
 */
TEST(splice_offsets_presented_as_pointers)
{
	const char *path = tmp_path("splice");
	struct io_uring_sqe *sqe;
	scmp_filter_ctx ctx;
	loff_t zero = 0;
	struct ring r;
	int fd, p[2];

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(3, write(p[1], "abc", 3));
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	ASSERT_NE(NULL, ctx);
	ASSERT_EQ(0, seccomp_rule_add(ctx, SCMP_ACT_ERRNO(DENY_ERRNO), SCMP_SYS(splice), 1,
				      SCMP_A3(SCMP_CMP_NE, 0)));
	ASSERT_EQ(0, seccomp_load(ctx));
	seccomp_release(ctx);

	/* the syscall: at offset 0 refused, at the file position allowed */
	EXPECT_EQ(-1, splice(p[0], NULL, fd, &zero, 1, 0));
	EXPECT_EQ(DENY_ERRNO, errno);
	EXPECT_EQ(1, splice(p[0], NULL, fd, NULL, 1, 0));
	/* SQE at explicit offset 0: off_out is not NULL */
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_SPLICE;
	sqe->splice_fd_in = p[0];
	sqe->splice_off_in = -1ULL;
	sqe->fd = fd;
	sqe->off = 0;
	sqe->len = 1;
	EXPECT_EQ(-DENY_ERRNO, submit_one(&r));
	/* SQE at the file position: off_out is NULL */
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_SPLICE;
	sqe->splice_fd_in = p[0];
	sqe->splice_off_in = -1ULL;
	sqe->fd = fd;
	sqe->off = -1ULL;
	sqe->len = 1;
	EXPECT_EQ(1, submit_one(&r));
	ring_exit(&r);
	close(fd);
	unlink(path);
}

/* Publish the pending SQEs without io_uring_enter(2) (which would pin). */
static void sqw_publish(struct ring *r)
{
	__atomic_store_n(r->sq_tail, *r->sq_tail + r->pending, __ATOMIC_RELEASE);
	r->pending = 0;
}

static size_t sqw_rings_len(const struct io_uring_params *p)
{
	size_t sq = p->sq_off.array + p->sq_entries * sizeof(unsigned int);
	size_t cq = p->cq_off.cqes + p->cq_entries * sizeof(struct io_uring_cqe);
	size_t len = sq > cq ? sq : cq;

	return (len + 4095) & ~4095UL;
}

static size_t sqw_sqes_len(const struct io_uring_params *p)
{
	return (p->sq_entries * sizeof(struct io_uring_sqe) + 4095) & ~4095UL;
}

/*
 * Child: an unfiltered process that sets up an SQPOLL ring (its SQ thread
 * awake for @idle_ms), hands out its fd and lives until state 2.
 */
static pid_t sqw_spawn_sqpoll_owner(struct ring_handoff *h, unsigned int idle_ms)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	memset(&h->p, 0, sizeof(h->p));
	h->p.flags = IORING_SETUP_SQPOLL;
	h->p.sq_thread_idle = idle_ms;
	h->fd = sys_io_uring_setup(8, &h->p);
	if (h->fd < 0)
		_exit(3);
	/* a new SQ thread sleeps at once: after some work it polls */
	{
		struct ring r;

		if (ring_mmap(&r, h->fd, &h->p))
			_exit(4);
		ring_sqe(&r)->opcode = IORING_OP_NOP;
		if (submit_one(&r))
			_exit(5);
	}
	set_state(&h->state, 1);
	while (get_state(&h->state) < 2)
		usleep(1000);
	_exit(0);
}

static int sqw_awake(struct ring *r)
{
	return !(__atomic_load_n(r->sq_flags, __ATOMIC_ACQUIRE) & IORING_SQ_NEED_WAKEUP);
}

/*
 * The filter of a task that maps an SQPOLL ring is pinned by task work
 * before mmap(2) returns; other threads sharing the mapping could write SQEs
 * before that, so the SQ thread submits nothing from the ring while a pin
 * is pending. A tracer holds both mapping threads at their syscall-exit
 * stop while a sibling thread writes a MKDIRAT and never enters: it is
 * refused (-EPERM), with the SQ thread waiting for the pin or after it
 * (ptrace_notify() runs pending task work before the stop); the directory
 * is never made.
 */
struct sqw_sc_info {
	__u8 op;
	__u8 pad[3];
	__u32 arch;
	__u64 ip;
	__u64 sp;
	union {
		struct { __u64 nr; __u64 args[6]; } entry;
		struct { __s64 rval; __u8 is_error; } exit;
	};
};

struct sqw_window {
	struct ring_handoff h;
	int fd;
	pid_t tid[2];
	int stage;		/* 1 traced, 2 both mmaps held at exit, 3 done */
	unsigned long addr[2];	/* rings, SQEs: what the held mmaps returned */
	size_t len[2];
	unsigned long long off[2];
};

struct sqw_mapper_arg {
	struct sqw_window *w;
	int i;
};

static void *sqw_mapper(void *arg)
{
	struct sqw_mapper_arg *a = arg;
	struct sqw_window *w = a->w;

	__atomic_store_n(&w->tid[a->i], gettid(), __ATOMIC_RELEASE);
	while (get_state(&w->stage) < 1)
		usleep(1000);
	syscall(__NR_mmap, NULL, w->len[a->i], PROT_READ | PROT_WRITE, MAP_SHARED,
		w->fd, w->off[a->i]);
	return NULL;
}

static void sqw_tracer(struct sqw_window *w)
{
	int held = 0, is_mmap[2] = { 0, 0 }, i, st;
	pid_t t;

	for (i = 0; i < 2; i++) {
		if (ptrace(PTRACE_SEIZE, w->tid[i], 0, PTRACE_O_TRACESYSGOOD))
			_exit(10);
		if (ptrace(PTRACE_INTERRUPT, w->tid[i], 0, 0))
			_exit(11);
		if (waitpid(w->tid[i], &st, __WALL) != w->tid[i])
			_exit(12);
		if (ptrace(PTRACE_SYSCALL, w->tid[i], 0, 0))
			_exit(13);
	}
	set_state(&w->stage, 1);
	while (held < 2) {
		t = waitpid(-1, &st, __WALL);
		i = t == w->tid[0] ? 0 : t == w->tid[1] ? 1 : -1;
		if (i < 0 || !WIFSTOPPED(st))
			_exit(14);
		if (WSTOPSIG(st) == (SIGTRAP | 0x80)) {
			struct sqw_sc_info si;

			if (ptrace(PTRACE_GET_SYSCALL_INFO, t, sizeof(si), &si) <= 0)
				_exit(15);
			if (si.op == 1) {		/* entry */
				is_mmap[i] = si.entry.nr == __NR_mmap &&
					     (int)si.entry.args[4] == w->fd;
			} else if (si.op == 2 && is_mmap[i]) {	/* exit */
				w->addr[i] = si.exit.rval;
				held++;		/* keep it stopped: no task_work yet */
				continue;
			}
			ptrace(PTRACE_SYSCALL, t, 0, 0);
		} else {
			ptrace(PTRACE_SYSCALL, t, 0, (st >> 16) ? 0 : WSTOPSIG(st));
		}
	}
	set_state(&w->stage, 2);
	for (i = 0; i < 10000 && get_state(&w->stage) < 3; i++)
		usleep(1000);
	ptrace(PTRACE_DETACH, w->tid[0], 0, 0);
	ptrace(PTRACE_DETACH, w->tid[1], 0, 0);
	_exit(0);
}

TEST(sqpoll_mmap_pin_window_sibling_writes)
{
	const char *path = tmp_path("mmapwin");
	struct sqw_window *w = shared_page();
	struct sqw_mapper_arg a[2];
	struct io_uring_cqe cqe;
	pthread_t th[2];
	pid_t owner, tracer;
	struct ring r;
	int i, res;

	ASSERT_NE(NULL, w);
	owner = sqw_spawn_sqpoll_owner(&w->h, 30000);
	ASSERT_LE(0, owner);
	/* this process: filtered, holds the owner's ring, has not mapped it */
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, __NR_mkdirat, SCMP_ACT_ERRNO(EPERM)));
	w->fd = take_ring_fd(owner, &w->h);	/* held: not mapped */
	ASSERT_LE(0, w->fd);
	w->len[0] = sqw_rings_len(&w->h.p);
	w->off[0] = IORING_OFF_SQ_RING;
	w->len[1] = sqw_sqes_len(&w->h.p);
	w->off[1] = IORING_OFF_SQES;
	for (i = 0; i < 2; i++) {
		a[i].w = w;
		a[i].i = i;
		ASSERT_EQ(0, pthread_create(&th[i], NULL, sqw_mapper, &a[i]));
		while (!__atomic_load_n(&w->tid[i], __ATOMIC_ACQUIRE))
			usleep(1000);
	}
	prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);	/* Yama; EINVAL without it */
	tracer = fork();	/* same filter as everyone here */
	ASSERT_LE(0, tracer);
	if (tracer == 0)
		sqw_tracer(w);
	for (i = 0; i < 10000 && get_state(&w->stage) < 2; i++)
		usleep(1000);
	ASSERT_EQ(2, get_state(&w->stage));
	/* both mappings exist, neither mapper has returned to userspace */
	ring_at(&r, w->fd, &w->h.p, (void *)w->addr[0], (void *)w->addr[0],
		(void *)w->addr[1]);
	ASSERT_TRUE(sqw_awake(&r));
	prep_mkdirat(ring_sqe(&r), path);
	sqw_publish(&r);	/* never entered */
	/* pin pending: nothing is submitted; pinned: refused */
	res = ring_cqe(&r, &cqe, 1000) ? -ETIMEDOUT : cqe.res;
	EXPECT_TRUE(res == -ETIMEDOUT || res == -EPERM) {
		ksft_print_msg("res %d while the mappers are held\n", res);
	}
	EXPECT_EQ(-1, access(path, F_OK));
	set_state(&w->stage, 3);
	waitpid(tracer, NULL, 0);
	pthread_join(th[0], NULL);
	pthread_join(th[1], NULL);
	/* then the SQE is decided with the filter pinned */
	if (res == -ETIMEDOUT)
		res = ring_cqe(&r, &cqe, WAIT_MS) ? -ETIMEDOUT : cqe.res;
	EXPECT_EQ(-EPERM, res);
	EXPECT_EQ(-1, access(path, F_OK));
	rmdir(path);
	set_state(&w->h.state, 2);
	waitpid(owner, NULL, 0);
}

/*
 * A task in strict mode may read, write, exit and sigreturn: no SQE is one
 * of those. Its SQPOLL rings are sealed when it enters strict mode.
 */
TEST(sqpoll_strict_mode_task)
{
	const char *path = tmp_path("strict");
	int *res = shared_page();
	struct ring r;
	pid_t pid;

	ASSERT_NE(NULL, res);
	res[0] = 1;
	res[1] = 1;
	ASSERT_EQ(0, ring_init(&r, 8, IORING_SETUP_SQPOLL));
	/* unfiltered: pins nothing; the SQ thread then polls for 5 s */
	sys_io_uring_enter(r.fd, 0, 0, IORING_ENTER_SQ_WAKEUP, NULL, 0);
	prep_mkdirat(ring_sqe(&r), path);	/* written, not published */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		unsigned int head = *r.cq_head;
		long spin;

		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT))
			_exit(1);
		res[0] = 0;
		__atomic_store_n(r.sq_tail, *r.sq_tail + 1, __ATOMIC_RELEASE);
		for (spin = 0; spin < 2000000000L; spin++)
			if (__atomic_load_n(r.cq_tail, __ATOMIC_ACQUIRE) != head)
				break;
		res[1] = __atomic_load_n(r.cq_tail, __ATOMIC_ACQUIRE) != head ?
			 r.cqes[head & *r.cq_mask].res : -ETIMEDOUT;
		syscall(__NR_exit, 0);	/* exit(2): allowed in strict mode */
	}
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	ASSERT_EQ(0, res[0]);
	EXPECT_NE(0, res[1]);
	EXPECT_EQ(-1, access(path, F_OK));
	rmdir(path);
	ring_exit(&r);
}

/*
 * A ring with IORING_SETUP_NO_MMAP has its SQ ring and SQEs in the task's
 * own memory: no io_uring mapping shows it. Held by no descriptor of the
 * task either (its fd closed, a poll request of another ring keeps its file
 * alive), it is still found by the mm that created it when the task
 * installs a filter: the SQEs the task writes into it are refused.
 */
TEST(sqpoll_no_mmap_ring_without_descriptor)
{
	const char *path = tmp_path("nommap");
	struct io_uring_params p = {
		.flags = IORING_SETUP_SQPOLL | IORING_SETUP_NO_MMAP,
		.sq_thread_idle = 5000,
	};
	struct io_uring_cqe cqe;
	struct io_uring_sqe *sqe;
	void *rings, *sqes;
	struct ring r, b;
	int fd;

	rings = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	sqes = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, rings);
	ASSERT_NE(MAP_FAILED, sqes);
	p.cq_off.user_addr = (unsigned long)rings;
	p.sq_off.user_addr = (unsigned long)sqes;
	fd = sys_io_uring_setup(8, &p);
	ASSERT_LE(0, fd);
	ring_at(&r, fd, &p, rings, rings, sqes);
	/* some work: the SQ thread then polls for sq_thread_idle */
	ring_sqe(&r)->opcode = IORING_OP_NOP;
	ASSERT_EQ(0, submit_one(&r));
	/* another ring's request holds the ring's file; close the fd */
	ASSERT_EQ(0, ring_init(&b, 4, 0));
	sqe = ring_sqe(&b);
	sqe->opcode = IORING_OP_POLL_ADD;
	sqe->fd = fd;
	sqe->poll32_events = POLLPRI;
	ASSERT_EQ(1, ring_submit(&b));
	close(fd);
	ASSERT_EQ(0, load_rule(SCMP_ACT_ALLOW, SCMP_SYS(mkdirat), SCMP_ACT_ERRNO(EPERM)));
	prep_mkdirat(ring_sqe(&r), path);
	sqw_publish(&r);	/* it cannot be entered: no descriptor */
	ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
	EXPECT_EQ(-EPERM, cqe.res);
	EXPECT_EQ(-1, access(path, F_OK));
	rmdir(path);
	ring_exit(&b);
}

/*
 * A task's own chain that extends a filter pinned to the ring (its creator's
 * pin, inherited across fork) runs that filter once: its listener is asked
 * once, not once per chain.
 */
TEST(user_notif_listener_asked_once)
{
	struct seccomp_notif req;
	struct io_uring_cqe cqe;
	struct ring r;
	int fd;

	fd = load_mkdirat_listener(0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ring_init(&r, 8, 0));	/* pins the listener's filter */
	/* a further filter: the task's chain now extends the pinned one */
	ASSERT_EQ(0, load_bpf_ret(__NR_acct, SECCOMP_RET_ERRNO | EPERM));
	prep_mkdirat(ring_sqe(&r), tmp_path("once"));
	ASSERT_EQ(1, ring_submit(&r));
	ASSERT_EQ(0, notif_recv(fd, &req, WAIT_MS));
	EXPECT_EQ(0, notif_send(fd, req.id, 0, -EXDEV, 0));
	ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
	EXPECT_EQ(-EXDEV, cqe.res);
	/* no second notification for the same SQE */
	EXPECT_EQ(-ETIMEDOUT, notif_recv(fd, &req, 200));
	close(fd);
	ring_exit(&r);
}

/*
 * The io_uring:io_uring_sqe_syscall tracepoint: every SQE as its syscall,
 * with the verdict. Each test owns a tracefs instance with only this event
 * enabled, and reads it back as text after the SQEs completed; the fields
 * are asserted one by one.
 */
#define TRACEFS		"/sys/kernel/tracing"
#define TRACE_EVENT_DIR	"events/io_uring/io_uring_sqe_syscall"

struct sqe_event {
	char opcode[32];
	int pid, tgid, sqpoll;
	long id, alt_id;
	unsigned long args[6];
	unsigned int arch, action;
	char path[300], path2[300];
	char outcome[16];
	int res;
};

static char trace_dir[128];

static int write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	int ret;

	if (fd < 0)
		return -errno;
	ret = write(fd, val, strlen(val)) == (ssize_t)strlen(val) ? 0 : -errno;
	close(fd);
	return ret;
}

/* A tracefs instance of this test's own, with only our event enabled. */
static int trace_begin(void)
{
	char path[256];

	if (access(TRACEFS "/instances", F_OK))
		mount("nodev", TRACEFS, "tracefs", 0, NULL);
	snprintf(trace_dir, sizeof(trace_dir), TRACEFS "/instances/iou_seccomp_%d", getpid());
	if (mkdir(trace_dir, 0700) && errno != EEXIST)
		return -errno;
	snprintf(path, sizeof(path), "%s/" TRACE_EVENT_DIR "/enable", trace_dir);
	return write_str(path, "1");
}

static void trace_end(void)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/" TRACE_EVENT_DIR "/enable", trace_dir);
	write_str(path, "0");
	rmdir(trace_dir);
}

/* Copy a "quoted" field that follows @key in @line; NULL if absent. */
static const char *quoted(const char *line, const char *key, char *out, size_t size)
{
	const char *p = strstr(line, key), *q;

	if (!p)
		return NULL;
	p += strlen(key);
	q = strchr(p, '"');
	if (!q || (size_t)(q - p) >= size)
		return NULL;
	memcpy(out, p, q - p);
	out[q - p] = '\0';
	return q + 1;
}

/*
 * Find the event of the SQE with @user_data in the instance's buffer and
 * parse it. Returns the number of such events (one expected), or -errno.
 */
static int trace_find(unsigned long long user_data, struct sqe_event *ev)
{
	char path[256], key[64], *buf, *line, *save;
	size_t len = 0, size = 1 << 20;
	int fd, n = 0;
	ssize_t r;

	snprintf(path, sizeof(path), "%s/trace", trace_dir);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	buf = malloc(size);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (len < size - 1) {
		r = read(fd, buf + len, size - 1 - len);
		if (r <= 0)
			break;
		len += r;
	}
	buf[len] = '\0';
	close(fd);
	snprintf(key, sizeof(key), "user_data 0x%llx, opcode ", user_data);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *p = strstr(line, "io_uring_sqe_syscall: ");

		if (p)
			p = strstr(p, key);
		if (!p)
			continue;
		p += strlen(key);
		memset(ev, 0, sizeof(*ev));
		if (sscanf(p, "%31[^,], pid %d, tgid %d, sqpoll %d, id %ld, "
			   "args (%lx, %lx, %lx, %lx, %lx, %lx), alt_id %ld, arch 0x%x",
			   ev->opcode, &ev->pid, &ev->tgid, &ev->sqpoll, &ev->id,
			   &ev->args[0], &ev->args[1], &ev->args[2], &ev->args[3],
			   &ev->args[4], &ev->args[5], &ev->alt_id, &ev->arch) != 13)
			continue;
		if (!quoted(p, ", path \"", ev->path, sizeof(ev->path)))
			continue;
		p = quoted(p, "\", path2 \"", ev->path2, sizeof(ev->path2));
		if (!p || sscanf(p, ", outcome %15[a-z], action 0x%x, res %d",
				 ev->outcome, &ev->action, &ev->res) != 3)
			continue;
		n++;
	}
	free(buf);
	return n;
}

/*
 * The fields of a refused OPENAT on each submission path: who submitted it
 * (for SQPOLL the SQ thread, in the process that created the ring), the
 * syscall and its arguments as raw_syscalls:sys_enter has them, the path
 * string, the action and the result.
 */
struct trace_share {
	int pid, tid;
	int res;
};

TEST(trace_refused_openat_every_path)
{
	struct trace_share *sh = shared_page();
	unsigned int p;

	ASSERT_NE(NULL, sh);
	ASSERT_EQ(0, trace_begin());
	for (p = 0; p < ARRAY_SIZE(paths); p++) {
		const char *path = tmp_path(paths[p].name);
		struct sqe_event ev;
		int status;
		pid_t pid;

		sh->res = 1;
		pid = fork();
		if (pid == 0) {
			struct io_uring_cqe cqe;
			struct io_uring_sqe *sqe;
			struct ring r;

			if (load_bpf_ret(__NR_openat, SECCOMP_RET_ERRNO | DENY_ERRNO) ||
			    ring_init(&r, 8, paths[p].ring_flags))
				_exit(1);
			sh->pid = getpid();
			sh->tid = gettid();
			sqe = ring_sqe(&r);
			prep_openat(sqe, path, O_RDONLY | O_CREAT | O_CLOEXEC, 0640);
			sqe->flags = paths[p].sqe_flags;
			sqe->user_data = 0x7100 + p;
			ring_submit(&r);
			if (!ring_cqe(&r, &cqe, WAIT_MS))
				sh->res = cqe.res;
			_exit(0);
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_EQ(0, status);
		EXPECT_EQ(-DENY_ERRNO, sh->res);
		ASSERT_EQ(1, trace_find(0x7100 + p, &ev)) {
			TH_LOG("%s: no single event for the SQE", paths[p].name);
		}
		EXPECT_STREQ("OPENAT", ev.opcode);
		EXPECT_EQ(pid, ev.tgid);
		if (paths[p].ring_flags & IORING_SETUP_SQPOLL) {
			EXPECT_EQ(1, ev.sqpoll);
			EXPECT_NE(sh->tid, ev.pid);	/* the SQ thread */
		} else {
			EXPECT_EQ(0, ev.sqpoll);
			EXPECT_EQ(sh->tid, ev.pid);
		}
		EXPECT_EQ(__NR_openat, ev.id);
		EXPECT_EQ((unsigned long)(long)AT_FDCWD, ev.args[0]);
		EXPECT_EQ((unsigned long)path, ev.args[1]);
		EXPECT_EQ(O_RDONLY | O_CREAT | O_CLOEXEC, ev.args[2]);
		EXPECT_EQ(0640, ev.args[3]);
		EXPECT_EQ(AUDIT_ARCH_X86_64, ev.arch);
		EXPECT_STREQ(path, ev.path);
		EXPECT_STREQ("", ev.path2);
		EXPECT_STREQ("refused", ev.outcome);
		EXPECT_EQ(SECCOMP_RET_ERRNO | DENY_ERRNO, ev.action);
		EXPECT_EQ(-DENY_ERRNO, ev.res);
		EXPECT_EQ(-1, access(path, F_OK));
	}
	trace_end();
}

/* Without any filter, SQEs are traced too: outcome "unfiltered". */
TEST(trace_unfiltered)
{
	char buf[16];
	struct sqe_event ev;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe cqe;
	struct ring r;
	int fd;

	ASSERT_EQ(0, trace_begin());
	fd = open("/dev/null", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_READ;
	sqe->fd = fd;
	sqe->addr = (unsigned long)buf;
	sqe->len = sizeof(buf);
	sqe->off = -1ULL;
	sqe->user_data = 0x7201;
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_NOP;
	sqe->user_data = 0x7202;
	ASSERT_EQ(2, ring_submit(&r));
	ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
	ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
	ASSERT_EQ(1, trace_find(0x7201, &ev));
	EXPECT_STREQ("READ", ev.opcode);
	EXPECT_EQ(__NR_read, ev.id);
	EXPECT_EQ(fd, ev.args[0]);
	EXPECT_EQ((unsigned long)buf, ev.args[1]);
	EXPECT_EQ(sizeof(buf), ev.args[2]);
	EXPECT_EQ(getpid(), ev.tgid);
	EXPECT_EQ(gettid(), ev.pid);
	EXPECT_STREQ("unfiltered", ev.outcome);
	EXPECT_EQ(0, ev.res);
	/* a ring-internal operation is the io_uring_enter(2) it stands for */
	ASSERT_EQ(1, trace_find(0x7202, &ev));
	EXPECT_STREQ("NOP", ev.opcode);
	EXPECT_EQ(__NR_io_uring_enter, ev.id);
	EXPECT_EQ(~0UL, ev.args[0]);
	EXPECT_STREQ("unfiltered", ev.outcome);
	ring_exit(&r);
	close(fd);
	trace_end();
}

/*
 * Allowed SQEs name the action that let them run, also those the ring's
 * memo would have let through without running the filter (the second
 * OPENAT): while the event is enabled every SQE is decided in full. Both
 * strings of a RENAMEAT, and a LOG action.
 */
TEST(trace_allowed_and_two_paths)
{
	const char *from = tmp_path("from");
	char to[160];
	struct sqe_event ev;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe cqe;
	struct ring r;
	int i;

	snprintf(to, sizeof(to), "%s.to", from);
	ASSERT_EQ(0, trace_begin());
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_bpf_ret(__NR_renameat2, SECCOMP_RET_LOG));
	for (i = 0; i < 2; i++) {
		sqe = ring_sqe(&r);
		prep_openat(sqe, from, O_RDWR | O_CREAT, 0600);
		sqe->user_data = 0x7301 + i;
		ASSERT_EQ(1, ring_submit(&r));
		ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
		ASSERT_LE(0, cqe.res);
		close(cqe.res);
	}
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_RENAMEAT;
	sqe->fd = AT_FDCWD;
	sqe->addr = (unsigned long)from;
	sqe->len = AT_FDCWD;
	sqe->addr2 = (unsigned long)to;
	sqe->user_data = 0x7303;
	ASSERT_EQ(1, ring_submit(&r));
	ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
	EXPECT_EQ(0, cqe.res);
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(1, trace_find(0x7301 + i, &ev));
		EXPECT_STREQ("run", ev.outcome);
		EXPECT_EQ(SECCOMP_RET_ALLOW, ev.action);
		EXPECT_STREQ(from, ev.path);
	}
	ASSERT_EQ(1, trace_find(0x7303, &ev));
	EXPECT_STREQ("RENAMEAT", ev.opcode);
	EXPECT_EQ(__NR_renameat2, ev.id);
	EXPECT_STREQ(from, ev.path);
	EXPECT_STREQ(to, ev.path2);
	EXPECT_EQ((unsigned long)to, ev.args[3]);
	EXPECT_STREQ("run", ev.outcome);
	EXPECT_EQ(SECCOMP_RET_LOG, ev.action);
	unlink(to);
	ring_exit(&r);
	trace_end();
}

/*
 * TRAP and KILL_PROCESS: the outcome names what happened to the submitter;
 * the event is emitted before the kill takes effect.
 */
TEST(trace_trap_and_kill)
{
	static const struct {
		uint32_t ret;
		unsigned int ring_flags;
		const char *outcome;
		int res;
	} acts[] = {
		{ SECCOMP_RET_TRAP | 7, 0, "trap", -EPERM },
		/* the SQ thread gets no SIGSYS: the SQE is only refused */
		{ SECCOMP_RET_TRAP | 7, IORING_SETUP_SQPOLL, "refused", -EPERM },
		{ SECCOMP_RET_KILL_PROCESS, 0, "kill", -EPERM },
		{ SECCOMP_RET_TRACE | 3, 0, "refused", -ENOSYS },
	};
	unsigned int a;

	ASSERT_EQ(0, trace_begin());
	for (a = 0; a < ARRAY_SIZE(acts); a++) {
		struct sqe_event ev;
		int status;
		pid_t pid = fork();

		if (pid == 0) {
			struct sigaction sa = { .sa_sigaction = trap_handler,
						.sa_flags = SA_SIGINFO };
			struct io_uring_cqe cqe;
			struct io_uring_sqe *sqe;
			struct ring r;

			if (sigaction(SIGSYS, &sa, NULL) ||
			    load_bpf_ret(__NR_mkdirat, acts[a].ret) ||
			    ring_init(&r, 8, acts[a].ring_flags))
				_exit(1);
			sqe = ring_sqe(&r);
			prep_mkdirat(sqe, tmp_path("tk"));
			sqe->user_data = 0x7400 + a;
			ring_submit(&r);
			ring_cqe(&r, &cqe, WAIT_MS);
			_exit(0);
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_EQ(1, trace_find(0x7400 + a, &ev));
		EXPECT_EQ(pid, ev.tgid);
		EXPECT_EQ(__NR_mkdirat, ev.id);
		EXPECT_STREQ(acts[a].outcome, ev.outcome);
		EXPECT_EQ(acts[a].ret, ev.action);
		EXPECT_EQ(acts[a].res, ev.res);
	}
	trace_end();
}

/*
 * A personality: the SQE naming it is traced with the verdict of the
 * personality's filter, which the submitter itself does not have.
 */
TEST(trace_personality)
{
	const char *path = tmp_path("tpers");
	struct sqe_event ev;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe cqe;
	struct ring r;
	int id;

	ASSERT_EQ(0, trace_begin());
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	id = child_personality(&r, SECCOMP_RET_ERRNO | EPERM);
	ASSERT_LT(0, id);
	sqe = ring_sqe(&r);
	prep_mkdirat(sqe, path);
	sqe->personality = id;
	sqe->user_data = 0x7501;
	ASSERT_EQ(1, ring_submit(&r));
	ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
	EXPECT_EQ(-EPERM, cqe.res);
	ASSERT_EQ(1, trace_find(0x7501, &ev));
	EXPECT_EQ(getpid(), ev.tgid);
	EXPECT_STREQ("MKDIRAT", ev.opcode);
	EXPECT_STREQ(path, ev.path);
	EXPECT_STREQ("refused", ev.outcome);
	EXPECT_EQ(SECCOMP_RET_ERRNO | EPERM, ev.action);
	EXPECT_EQ(-EPERM, ev.res);
	ring_exit(&r);
	trace_end();
}

/* USER_NOTIF: the event says a listener decides; the CQE has its answer. */
TEST(trace_user_notif)
{
	const char *path = tmp_path("tnotif");
	struct seccomp_notif req;
	struct sqe_event ev;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe cqe;
	struct ring r;
	int fd;

	ASSERT_EQ(0, trace_begin());
	fd = load_mkdirat_listener(0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	sqe = ring_sqe(&r);
	prep_mkdirat(sqe, path);
	sqe->user_data = 0x7601;
	ASSERT_EQ(1, ring_submit(&r));
	ASSERT_EQ(0, notif_recv(fd, &req, WAIT_MS));
	EXPECT_EQ(0, notif_send(fd, req.id, 0, -EXDEV, 0));
	ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
	EXPECT_EQ(-EXDEV, cqe.res);
	ASSERT_EQ(1, trace_find(0x7601, &ev));
	EXPECT_STREQ("notify", ev.outcome);
	EXPECT_EQ(SECCOMP_RET_USER_NOTIF, ev.action);
	EXPECT_EQ(0, ev.res);
	EXPECT_STREQ(path, ev.path);
	close(fd);
	ring_exit(&r);
	trace_end();
}

/*
 * Links: each SQE of a chain is its own event, at submission; an SQE of a
 * registered file shows no descriptor number (-1, as seccomp sees it).
 */
TEST(trace_link_and_fixed_file)
{
	char buf[8];
	struct sqe_event ev;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe cqe;
	struct ring r;
	int fd, i;

	ASSERT_EQ(0, trace_begin());
	fd = open("/dev/zero", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, syscall(__NR_io_uring_register, r.fd, IORING_REGISTER_FILES, &fd, 1));
	ASSERT_EQ(0, load_bpf_ret(__NR_acct, SECCOMP_RET_ERRNO | EPERM));
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_READ;
	sqe->fd = 0;
	sqe->flags = IOSQE_FIXED_FILE | IOSQE_IO_LINK;
	sqe->addr = (unsigned long)buf;
	sqe->len = sizeof(buf);
	sqe->off = 0;
	sqe->user_data = 0x7701;
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_NOP;
	sqe->user_data = 0x7702;
	ASSERT_EQ(2, ring_submit(&r));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
		EXPECT_EQ(cqe.user_data == 0x7701 ? 8 : 0, cqe.res);
	}
	ASSERT_EQ(1, trace_find(0x7701, &ev));
	EXPECT_EQ(__NR_pread64, ev.id);
	EXPECT_EQ(~0UL, ev.args[0]);
	EXPECT_STREQ("run", ev.outcome);
	ASSERT_EQ(1, trace_find(0x7702, &ev));
	EXPECT_STREQ("NOP", ev.opcode);
	EXPECT_STREQ("run", ev.outcome);
	ring_exit(&r);
	close(fd);
	trace_end();
}

/*
 * A socket command is decided as its socket call and as ioctl(fd, cmd_op,
 * 0). The event shows the reading whose verdict won, the other in alt_id,
 * so that a profile made from a trace allows both.
 */
TEST(trace_socket_cmd_two_readings)
{
	struct io_uring_sqe *sqe;
	struct sqe_event ev;
	struct io_uring_cqe cqe;
	struct ring r;
	int fd, val = 0, i;

	ASSERT_EQ(0, trace_begin());
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_bpf_ret(__NR_acct, SECCOMP_RET_ERRNO | EPERM));
	for (i = 0; i < 2; i++) {
		sqe = ring_sqe(&r);
		prep_sockopt_cmd(sqe, fd, SOCKET_URING_OP_GETSOCKOPT, SO_TYPE, &val);
		sqe->user_data = 0x7801 + i;
		ASSERT_EQ(1, ring_submit(&r));
		ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
		ASSERT_EQ(1, trace_find(0x7801 + i, &ev));
		if (i == 0) {
			/* both readings allowed: the socket call, ioctl beside it */
			EXPECT_EQ(sizeof(int), cqe.res);
			EXPECT_EQ(__NR_getsockopt, ev.id);
			EXPECT_EQ(__NR_ioctl, ev.alt_id);
			EXPECT_STREQ("run", ev.outcome);
			ASSERT_EQ(0, load_bpf_ret(__NR_ioctl, SECCOMP_RET_ERRNO | EXDEV));
		} else {
			/* the ioctl reading refused it: that is the one shown */
			EXPECT_EQ(-EXDEV, cqe.res);
			EXPECT_EQ(__NR_ioctl, ev.id);
			EXPECT_EQ(fd, ev.args[0]);
			EXPECT_EQ(SOCKET_URING_OP_GETSOCKOPT, ev.args[1]);
			EXPECT_EQ(__NR_getsockopt, ev.alt_id);
			EXPECT_STREQ("refused", ev.outcome);
			EXPECT_EQ(SECCOMP_RET_ERRNO | EXDEV, ev.action);
		}
	}
	ring_exit(&r);
	close(fd);
	trace_end();
}

/*
 * Tracing does not change what an SQE does to the submitter's memory: the
 * path of a refused SQE on a page that is not resident is not faulted in
 * (the event shows "" for it), as without tracing.
 */
TEST(trace_strings_not_faulted_in)
{
	struct sqe_event ev;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe cqe;
	unsigned char vec = 0xff;
	struct ring r;
	char *page;

	ASSERT_EQ(0, trace_begin());
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, page);
	ASSERT_EQ(0, mincore(page, 4096, &vec));
	ASSERT_EQ(0, vec & 1);
	ASSERT_EQ(0, ring_init(&r, 8, 0));
	ASSERT_EQ(0, load_bpf_ret(__NR_unlinkat, SECCOMP_RET_ERRNO | EPERM));
	sqe = ring_sqe(&r);
	sqe->opcode = IORING_OP_UNLINKAT;
	sqe->fd = AT_FDCWD;
	sqe->addr = (unsigned long)page;
	sqe->user_data = 0x7901;
	ASSERT_EQ(1, ring_submit(&r));
	ASSERT_EQ(0, ring_cqe(&r, &cqe, WAIT_MS));
	EXPECT_EQ(-EPERM, cqe.res);
	ASSERT_EQ(0, mincore(page, 4096, &vec));
	EXPECT_EQ(0, vec & 1);
	ASSERT_EQ(1, trace_find(0x7901, &ev));
	EXPECT_EQ(__NR_unlinkat, ev.id);
	EXPECT_EQ((unsigned long)page, ev.args[1]);
	EXPECT_STREQ("", ev.path);
	EXPECT_STREQ("refused", ev.outcome);
	ring_exit(&r);
	munmap(page, 4096);
	trace_end();
}

TEST_HARNESS_MAIN
