// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for io_uring seccomp: the Rust opcode map checked against the C
 * layout of struct io_uring_sqe and the syscall numbers of <asm/unistd.h>.
 * The Rust side has its own unit tests as doctests (rust_doctests_kernel).
 */
#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/fcntl.h>
#include <linux/io_uring.h>
#include <linux/seccomp.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/sockios.h>
#include <asm/ioctls.h>
#include <asm/seccomp.h>
#include <asm/unistd.h>

#include "seccomp.h"

#define NO_FD	((u64)-1)

static struct seccomp_data map(struct kunit *test, const struct io_uring_sqe *sqe)
{
	struct seccomp_data sd;

	memset(&sd, 0xa5, sizeof(sd));
	KUNIT_ASSERT_EQ(test, rust_io_uring_seccomp_map(sqe, &sd, SECCOMP_ARCH_NATIVE, false), 0);
	KUNIT_EXPECT_EQ(test, sd.arch, SECCOMP_ARCH_NATIVE);
	KUNIT_EXPECT_EQ(test, sd.instruction_pointer, 0);
	return sd;
}

static void expect_call(struct kunit *test, const struct seccomp_data *sd, int nr,
			u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	const u64 args[6] = { a0, a1, a2, a3, a4, a5 };
	int i;

	KUNIT_EXPECT_EQ(test, sd->nr, nr);
	for (i = 0; i < 6; i++)
		KUNIT_EXPECT_EQ_MSG(test, sd->args[i], args[i], "nr %d arg %d", nr, i);
}

/* Every opcode has a row; one past the last is refused. */
static void iou_seccomp_every_opcode(struct kunit *test)
{
	struct io_uring_sqe sqe = {};
	struct seccomp_data sd;
	int op;

	for (op = 0; op < IORING_OP_LAST; op++) {
		sqe.opcode = op;
		int ret = rust_io_uring_seccomp_map(&sqe, &sd, SECCOMP_ARCH_NATIVE, false);

		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "opcode %d", op);
		KUNIT_EXPECT_LT_MSG(test, sd.nr, NR_syscalls, "opcode %d", op);
		KUNIT_EXPECT_GE_MSG(test, sd.nr, 0, "opcode %d", op);
	}
	sqe.opcode = IORING_OP_LAST;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			rust_io_uring_seccomp_map(&sqe, &sd, SECCOMP_ARCH_NATIVE, false));
}

/*
 * The other reading of an SQE, as io_uring_sqe_syscall shows it: a socket
 * command is also ioctl(fd, cmd_op, 0); other SQEs have none.
 */
static void iou_seccomp_alternate(struct kunit *test)
{
	struct io_uring_sqe sqe = {};
	struct seccomp_data sd;

	sqe.opcode = IORING_OP_URING_CMD;
	sqe.fd = 5;
	sqe.cmd_op = SOCKET_URING_OP_GETSOCKOPT;
	KUNIT_ASSERT_EQ(test, rust_io_uring_seccomp_map(&sqe, &sd, SECCOMP_ARCH_NATIVE, true), 0);
	expect_call(test, &sd, __NR_ioctl, 5, SOCKET_URING_OP_GETSOCKOPT, 0, 0, 0, 0);
	sqe.cmd_op = 0x1234;	/* a driver command: an ioctl only */
	KUNIT_EXPECT_EQ(test, -ENOENT,
			rust_io_uring_seccomp_map(&sqe, &sd, SECCOMP_ARCH_NATIVE, true));
	sqe.opcode = IORING_OP_OPENAT;
	KUNIT_EXPECT_EQ(test, -ENOENT,
			rust_io_uring_seccomp_map(&sqe, &sd, SECCOMP_ARCH_NATIVE, true));
	sqe.opcode = IORING_OP_LAST;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			rust_io_uring_seccomp_map(&sqe, &sd, SECCOMP_ARCH_NATIVE, true));
}

static void iou_seccomp_files(struct kunit *test)
{
	struct io_uring_sqe sqe = {};
	struct seccomp_data sd;

	sqe.opcode = IORING_OP_OPENAT;
	sqe.fd = AT_FDCWD;
	sqe.addr = 0x1234000;
	sqe.open_flags = O_WRONLY | O_CREAT;
	sqe.len = 0100644;	/* umode_t: S_IFREG is cut to 16 bits too */
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_openat, (s64)AT_FDCWD, 0x1234000,
		    O_WRONLY | O_CREAT, 0100644 & 0xffff, 0, 0);

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_OPENAT2;
	sqe.fd = 5;
	sqe.addr = 0x1000;
	sqe.addr2 = 0x2000;
	sqe.len = 24;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_openat2, 5, 0x1000, 0x2000, 24, 0, 0);

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_RENAMEAT;
	sqe.fd = 3;
	sqe.addr = 0x10;
	sqe.len = (u32)AT_FDCWD;
	sqe.addr2 = 0x20;
	sqe.rename_flags = 1;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_renameat2, 3, 0x10, (s64)AT_FDCWD, 0x20, 1, 0);

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_UNLINKAT;
	sqe.fd = AT_FDCWD;
	sqe.addr = 0x30;
	sqe.unlink_flags = AT_REMOVEDIR;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_unlinkat, (s64)AT_FDCWD, 0x30, AT_REMOVEDIR, 0, 0, 0);

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_SETXATTR;
	sqe.addr3 = 0x40;
	sqe.addr = 0x50;
	sqe.addr2 = 0x60;
	sqe.len = 7;
	sqe.xattr_flags = 2;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_setxattr, 0x40, 0x50, 0x60, 7, 2, 0);
}

static void iou_seccomp_rw(struct kunit *test)
{
	struct io_uring_sqe sqe = {};
	struct seccomp_data sd;

	sqe.opcode = IORING_OP_READ;
	sqe.fd = 4;
	sqe.addr = 0x7000;
	sqe.len = 512;
	sqe.off = -1ULL;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_read, 4, 0x7000, 512, 0, 0, 0);

	sqe.off = 4096;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_pread64, 4, 0x7000, 512, 4096, 0, 0);

	sqe.flags = IOSQE_FIXED_FILE;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_pread64, NO_FD, 0x7000, 512, 4096, 0, 0);

	sqe.opcode = IORING_OP_WRITE_FIXED;
	sqe.flags = 0;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_pwrite64, 4, 0x7000, 512, 4096, 0, 0);

	/* RWF_* flags: the syscalls that take them */
	sqe.rw_flags = RWF_NOAPPEND;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_pwritev2, 4, 0x7000, 512, 4096, 0, RWF_NOAPPEND);
	sqe.opcode = IORING_OP_READ;
	sqe.off = -1ULL;
	sqe.rw_flags = RWF_NOWAIT;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_preadv2, 4, 0x7000, 512, -1ULL, 0, RWF_NOWAIT);
	sqe.off = 4096;

	sqe.opcode = IORING_OP_WRITEV;
	sqe.rw_flags = RWF_APPEND;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_pwritev2, 4, 0x7000, 512, 4096, 0, RWF_APPEND);

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_FSYNC;
	sqe.fd = 6;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_fsync, 6, 0, 0, 0, 0, 0);
	sqe.fsync_flags = IORING_FSYNC_DATASYNC;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_fdatasync, 6, 0, 0, 0, 0, 0);

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_SPLICE;
	sqe.splice_fd_in = 1;
	sqe.splice_off_in = -1ULL;
	sqe.fd = 2;
	sqe.off = 8;
	sqe.len = 100;
	sqe.splice_flags = SPLICE_F_FD_IN_FIXED | 4;
	sd = map(test, &sqe);
	/* the offsets are loff_t pointers: NULL for -1, else not NULL */
	expect_call(test, &sd, __NR_splice, NO_FD, 0, 2, NO_FD, 100, 4);

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_FADVISE;
	sqe.fd = 3;
	sqe.off = 10;
	sqe.len = 20;
	sqe.fadvise_advice = 4;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_fadvise64, 3, 10, 20, 4, 0, 0);
	sqe.addr = 1ULL << 40;	/* a 64-bit length takes precedence */
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_fadvise64, 3, 10, 1ULL << 40, 4, 0, 0);
}

static void iou_seccomp_net(struct kunit *test)
{
	struct io_uring_sqe sqe = {};
	struct seccomp_data sd;

	sqe.opcode = IORING_OP_SOCKET;
	sqe.fd = AF_INET;
	sqe.off = 0x100000000ULL | SOCK_STREAM;	/* high bits are ignored */
	sqe.len = 6;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_socket, AF_INET, SOCK_STREAM, 6, 0, 0, 0);

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_CONNECT;
	sqe.fd = 9;
	sqe.addr = 0x100;
	sqe.addr2 = 16;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_connect, 9, 0x100, 16, 0, 0, 0);

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_SEND_ZC;
	sqe.fd = 9;
	sqe.addr = 0x200;
	sqe.len = 64;
	sqe.msg_flags = MSG_DONTWAIT;
	sqe.addr2 = 0x300;
	sqe.addr_len = 16;
	sd = map(test, &sqe);
	/* a zero-copy send is a send with MSG_ZEROCOPY, as the kernel makes it */
	expect_call(test, &sd, __NR_sendto, 9, 0x200, 64,
		    MSG_DONTWAIT | MSG_NOSIGNAL | MSG_ZEROCOPY, 0x300, 16);

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_ACCEPT;
	sqe.fd = 9;
	sqe.addr = 0x400;
	sqe.addr2 = 0x500;
	sqe.accept_flags = SOCK_CLOEXEC;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_accept4, 9, 0x400, 0x500, SOCK_CLOEXEC, 0, 0);

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_URING_CMD;
	sqe.fd = 9;
	sqe.cmd_op = SOCKET_URING_OP_SETSOCKOPT;
	sqe.level = SOL_SOCKET;
	sqe.optname = 7;
	sqe.optval = 0x600;
	sqe.optlen = 4;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_setsockopt, 9, SOL_SOCKET, 7, 0x600, 4, 0);

	sqe.cmd_op = SOCKET_URING_OP_SIOCINQ;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_ioctl, 9, SIOCINQ, 0, 0, 0, 0);
	sqe.cmd_op = SOCKET_URING_OP_SIOCOUTQ;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_ioctl, 9, SIOCOUTQ, 0, 0, 0, 0);
	sqe.cmd_op = 0xc0484e41;	/* any other command is an ioctl */
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_ioctl, 9, 0xc0484e41, 0, 0, 0, 0);
}

static void iou_seccomp_ring_internal(struct kunit *test)
{
	static const u8 ring_ops[] = {
		IORING_OP_NOP, IORING_OP_POLL_REMOVE, IORING_OP_TIMEOUT,
		IORING_OP_TIMEOUT_REMOVE, IORING_OP_ASYNC_CANCEL,
		IORING_OP_LINK_TIMEOUT, IORING_OP_PROVIDE_BUFFERS,
		IORING_OP_REMOVE_BUFFERS,
	};
	struct io_uring_sqe sqe = {};
	struct seccomp_data sd;
	int i;

	for (i = 0; i < ARRAY_SIZE(ring_ops); i++) {
		sqe.opcode = ring_ops[i];
		sqe.fd = 3;
		sd = map(test, &sqe);
		expect_call(test, &sd, __NR_io_uring_enter, NO_FD, 0, 0, 0, 0, 0);
	}

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_FILES_UPDATE;
	sqe.addr = 0x700;
	sqe.len = 2;
	sd = map(test, &sqe);
	expect_call(test, &sd, __NR_io_uring_register, NO_FD,
		    IORING_REGISTER_FILES_UPDATE, 0x700, 2, 0, 0);
}

/* No filter: everything runs; an unknown opcode never does. */
static void iou_seccomp_no_filter(struct kunit *test)
{
	struct io_seccomp_pin *pins[IO_SECCOMP_RING_PINS] = {};
	struct io_seccomp_effect effect = { .kind = 99 };
	struct io_seccomp_notif *notif = NULL;
	struct io_uring_sqe sqe = {};

	sqe.opcode = IORING_OP_OPENAT;
	KUNIT_EXPECT_EQ(test, 0,
			rust_io_uring_seccomp_check(&sqe, NULL, pins, NULL, current_cred(),
						    SECCOMP_ARCH_NATIVE, &effect, &notif));
	KUNIT_EXPECT_EQ(test, effect.kind, IO_SECCOMP_NONE);
	sqe.opcode = IORING_OP_LAST;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			rust_io_uring_seccomp_check(&sqe, NULL, pins, NULL, current_cred(),
						    SECCOMP_ARCH_NATIVE, &effect, &notif));
	KUNIT_EXPECT_NULL(test, notif);
}

/*
 * A pin is made of two references; when one is missing, the other is
 * dropped, not leaked; with no notification to fill in, nothing is decided.
 */
static void iou_seccomp_pin_refs(struct kunit *test)
{
	struct io_seccomp_pin *pins[IO_SECCOMP_RING_PINS] = {};
	struct io_seccomp_effect effect = {};
	const struct cred *creds = get_current_cred();
	struct io_uring_sqe sqe = {};
	long usage = atomic_long_read(&creds->usage);
	long res = 1;

	KUNIT_EXPECT_NULL(test, rust_io_uring_seccomp_pin_new(NULL, get_cred(creds)));
	KUNIT_EXPECT_EQ(test, usage, atomic_long_read(&creds->usage));
	KUNIT_EXPECT_NULL(test, rust_io_uring_seccomp_pin_new(NULL, NULL));
	put_cred(creds);

	sqe.opcode = IORING_OP_NOP;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			rust_io_uring_seccomp_check(&sqe, NULL, pins, NULL, current_cred(),
						    SECCOMP_ARCH_NATIVE, &effect, NULL));
	/* no notification: nobody can be asked, the request does not run */
	KUNIT_EXPECT_FALSE(test, rust_io_uring_seccomp_notify(NULL, current, &res));
	KUNIT_EXPECT_EQ(test, res, -ENOSYS);
}

static struct kunit_case iou_seccomp_cases[] = {
	KUNIT_CASE(iou_seccomp_every_opcode),
	KUNIT_CASE(iou_seccomp_alternate),
	KUNIT_CASE(iou_seccomp_files),
	KUNIT_CASE(iou_seccomp_rw),
	KUNIT_CASE(iou_seccomp_net),
	KUNIT_CASE(iou_seccomp_ring_internal),
	KUNIT_CASE(iou_seccomp_no_filter),
	KUNIT_CASE(iou_seccomp_pin_refs),
	{}
};

static struct kunit_suite iou_seccomp_suite = {
	.name = "io_uring_seccomp",
	.test_cases = iou_seccomp_cases,
};

kunit_test_suite(iou_seccomp_suite);

MODULE_DESCRIPTION("KUnit tests for io_uring seccomp");
MODULE_LICENSE("GPL");
