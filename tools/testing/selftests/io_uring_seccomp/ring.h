/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal io_uring for the selftests, on raw syscalls and the kernel's own
 * <linux/io_uring.h>, so that every 6.12 opcode can be submitted.
 */
#ifndef IOU_SECCOMP_RING_H
#define IOU_SECCOMP_RING_H

#include <errno.h>
#include <linux/io_uring.h>
#include <linux/time_types.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct ring {
	int fd;
	unsigned int entries;
	unsigned int *sq_tail, *sq_mask, *sq_array, *sq_flags;
	unsigned int *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
	unsigned int pending;
	struct io_uring_params p;
	void *sq_ring, *cq_ring;
	size_t sq_size, cq_size;
};

static inline int sys_io_uring_setup(unsigned int entries, struct io_uring_params *p)
{
	return syscall(__NR_io_uring_setup, entries, p);
}

static inline int sys_io_uring_enter(int fd, unsigned int to_submit,
				     unsigned int min_complete, unsigned int flags,
				     void *arg, size_t argsz)
{
	return syscall(__NR_io_uring_enter, fd, to_submit, min_complete, flags, arg, argsz);
}

/*
 * A ring over memory already mapped (or, with IORING_SETUP_NO_MMAP,
 * provided) by the caller: @sq and @cq hold the SQ and CQ rings (the same
 * memory for a single mapping), @sqes the SQE array.
 */
static inline void ring_at(struct ring *r, int fd, const struct io_uring_params *p,
			   void *sq, void *cq, struct io_uring_sqe *sqes)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->p = *p;
	r->entries = p->sq_entries;
	r->sq_ring = sq;
	r->cq_ring = cq;
	r->sqes = sqes;
	r->sq_tail = sq + p->sq_off.tail;
	r->sq_mask = sq + p->sq_off.ring_mask;
	r->sq_array = sq + p->sq_off.array;
	r->sq_flags = sq + p->sq_off.flags;
	r->cq_head = cq + p->cq_off.head;
	r->cq_tail = cq + p->cq_off.tail;
	r->cq_mask = cq + p->cq_off.ring_mask;
	r->cqes = cq + p->cq_off.cqes;
}

/* Map the rings of @fd, set up with parameters @p. Returns 0 or -errno. */
static inline int ring_mmap(struct ring *r, int fd, const struct io_uring_params *p)
{
	struct io_uring_sqe *sqes;
	size_t sqsz, cqsz;
	void *sq, *cq;

	memset(r, 0, sizeof(*r));
	sqsz = p->sq_off.array + p->sq_entries * sizeof(unsigned int);
	cqsz = p->cq_off.cqes + p->cq_entries * sizeof(struct io_uring_cqe);
	sq = mmap(NULL, sqsz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		  fd, IORING_OFF_SQ_RING);
	cq = mmap(NULL, cqsz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		  fd, IORING_OFF_CQ_RING);
	sqes = mmap(NULL, p->sq_entries * sizeof(struct io_uring_sqe),
		    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd,
		    IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED)
		return -errno;
	ring_at(r, fd, p, sq, cq, sqes);
	r->sq_size = sqsz;
	r->cq_size = cqsz;
	return 0;
}

/* Returns 0 or -errno. */
static inline int ring_init(struct ring *r, unsigned int entries, unsigned int flags)
{
	struct io_uring_params p = { .flags = flags };
	int fd;

	if (flags & IORING_SETUP_SQPOLL)
		p.sq_thread_idle = 5000;
	fd = sys_io_uring_setup(entries, &p);
	if (fd < 0)
		return -errno;
	return ring_mmap(r, fd, &p);
}

/* A zeroed SQE in the next free slot, to be published by ring_submit(). */
static inline struct io_uring_sqe *ring_sqe(struct ring *r)
{
	unsigned int tail = *r->sq_tail + r->pending;
	unsigned int idx = tail & *r->sq_mask;
	struct io_uring_sqe *sqe = &r->sqes[idx];

	memset(sqe, 0, sizeof(*sqe));
	r->sq_array[idx] = idx;
	r->pending++;
	return sqe;
}

/* Publish the pending SQEs and enter; returns io_uring_enter's result. */
static inline int ring_submit(struct ring *r)
{
	unsigned int n = r->pending;
	int ret;

	__atomic_store_n(r->sq_tail, *r->sq_tail + n, __ATOMIC_RELEASE);
	r->pending = 0;
	if (r->p.flags & IORING_SETUP_SQPOLL) {
		if (__atomic_load_n(r->sq_flags, __ATOMIC_ACQUIRE) & IORING_SQ_NEED_WAKEUP)
			sys_io_uring_enter(r->fd, 0, 0, IORING_ENTER_SQ_WAKEUP, NULL, 0);
		return n;
	}
	ret = sys_io_uring_enter(r->fd, n, 0, 0, NULL, 0);
	return ret < 0 ? -errno : ret;
}

/*
 * Pop one CQE, waiting at most @ms milliseconds without any syscall other
 * than nanosleep (so it works under filters that deny io_uring_enter).
 * Returns 0, or -ETIMEDOUT.
 */
static inline int ring_cqe(struct ring *r, struct io_uring_cqe *out, int ms)
{
	struct timespec ts = { 0, 1000000 };
	int i;

	for (i = 0; i <= ms; i++) {
		unsigned int head = *r->cq_head;

		if (head != __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE)) {
			*out = r->cqes[head & *r->cq_mask];
			__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
			return 0;
		}
		nanosleep(&ts, NULL);
	}
	return -ETIMEDOUT;
}

static inline void ring_exit(struct ring *r)
{
	close(r->fd);
}

/* Drop every reference this process has on the ring: it is torn down. */
static inline void ring_free(struct ring *r)
{
	munmap(r->sqes, r->p.sq_entries * sizeof(struct io_uring_sqe));
	munmap(r->sq_ring, r->sq_size);
	munmap(r->cq_ring, r->cq_size);
	close(r->fd);
}

#endif /* IOU_SECCOMP_RING_H */
