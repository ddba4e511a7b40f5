/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IOU_SECCOMP_H
#define IOU_SECCOMP_H

#include <linux/io_uring_types.h>
#include <linux/seccomp.h>
#include <linux/sched.h>

/* Completion result 0 for an SQE that is refused (SECCOMP_RET_ERRNO | 0). */
#define IOU_SECCOMP_REFUSE_RES_ZERO	1

#ifdef CONFIG_IO_URING_SECCOMP
/* Implemented in Rust: rust/kernel/io_uring_seccomp/ffi.rs */
int rust_io_uring_seccomp_check(const struct io_uring_sqe *sqe,
				const struct seccomp_filter *filter, u32 arch);
int rust_io_uring_seccomp_map(const struct io_uring_sqe *sqe,
			      struct seccomp_data *sd, u32 arch);

/*
 * Whether SQEs submitted now must be checked against seccomp: one patched
 * branch until the first seccomp filter is attached on this system.
 */
static inline bool io_seccomp_active(struct io_ring_ctx *ctx)
{
	return static_branch_unlikely(&seccomp_filter_used) &&
	       READ_ONCE(current->seccomp.mode) == SECCOMP_MODE_FILTER;
}

int io_seccomp_check(struct io_kiocb *req, const struct io_uring_sqe *sqe);
#else
static inline bool io_seccomp_active(struct io_ring_ctx *ctx)
{
	return false;
}

static inline int io_seccomp_check(struct io_kiocb *req,
				   const struct io_uring_sqe *sqe)
{
	return 0;
}
#endif /* CONFIG_IO_URING_SECCOMP */
#endif /* IOU_SECCOMP_H */
