// SPDX-License-Identifier: GPL-2.0
/*
 * Seccomp for io_uring requests: C glue around the Rust implementation in
 * rust/kernel/io_uring_seccomp/.
 */
#include <linux/build_bug.h>
#include <linux/io_uring_types.h>
#include <linux/seccomp.h>
#include <linux/stddef.h>
#include <asm/seccomp.h>

#include "seccomp.h"

/* The Rust side reads SQE fields by these offsets (sqe.rs). */
static_assert(offsetof(struct io_uring_sqe, opcode) == 0);
static_assert(offsetof(struct io_uring_sqe, flags) == 1);
static_assert(offsetof(struct io_uring_sqe, ioprio) == 2);
static_assert(offsetof(struct io_uring_sqe, fd) == 4);
static_assert(offsetof(struct io_uring_sqe, off) == 8);
static_assert(offsetof(struct io_uring_sqe, cmd_op) == 8);
static_assert(offsetof(struct io_uring_sqe, addr) == 16);
static_assert(offsetof(struct io_uring_sqe, level) == 16);
static_assert(offsetof(struct io_uring_sqe, optname) == 20);
static_assert(offsetof(struct io_uring_sqe, len) == 24);
static_assert(offsetof(struct io_uring_sqe, rw_flags) == 28);
static_assert(offsetof(struct io_uring_sqe, buf_index) == 40);
static_assert(offsetof(struct io_uring_sqe, personality) == 42);
static_assert(offsetof(struct io_uring_sqe, file_index) == 44);
static_assert(offsetof(struct io_uring_sqe, addr_len) == 44);
static_assert(offsetof(struct io_uring_sqe, addr3) == 48);
static_assert(offsetof(struct io_uring_sqe, optval) == 48);
static_assert(sizeof(struct io_uring_sqe) == 64);

/**
 * io_seccomp_check - decide an SQE against the submitting task's filters
 * @req: the request being initialised
 * @sqe: a private copy of the SQE, the one prep will read
 *
 * Called once per SQE, at submission, before the request is prepared. The
 * copy guarantees that the values the filters decide on are the values the
 * operation uses, whatever userspace writes to the ring meanwhile.
 *
 * Return: 0 if the SQE may run, a negative errno to fail it with, or
 * IOU_SECCOMP_REFUSE_RES_ZERO to fail it with result 0.
 */
int io_seccomp_check(struct io_kiocb *req, const struct io_uring_sqe *sqe)
{
	const struct seccomp_filter *filter = READ_ONCE(current->seccomp.filter);

	return rust_io_uring_seccomp_check(sqe, filter, SECCOMP_ARCH_NATIVE);
}
