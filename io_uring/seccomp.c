// SPDX-License-Identifier: GPL-2.0
/*
 * Seccomp for io_uring requests: C glue around the Rust implementation in
 * rust/kernel/io_uring_seccomp/.
 */
#include <linux/build_bug.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/io_uring.h>
#include <linux/mm.h>
#include <linux/security.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sched/task.h>
#include <linux/task_work.h>
#include <linux/io_uring_types.h>
#include <linux/seccomp.h>
#include <linux/stddef.h>
#include <linux/xarray.h>
#include <asm/seccomp.h>

#include "seccomp.h"
#include "sqpoll.h"

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

/* The Rust side reads IO_SECCOMP_RING_PINS pins (ffi.rs, RING_PINS). */
static_assert(IO_SECCOMP_RING_PINS == 8);
static_assert(IO_SECCOMP_CHAINS == 10);	/* MAX_CHAINS in ffi.rs */

/* The Rust side writes these (ffi.rs, EffectOut). */
static_assert(IO_SECCOMP_NONE == 0 && IO_SECCOMP_TRAP == 1 &&
	      IO_SECCOMP_KILL_THREAD == 2 && IO_SECCOMP_KILL_PROCESS == 3);
static_assert(sizeof(struct io_seccomp_effect) == 16);

/*
 * io_seccomp_trap - carry out SECCOMP_RET_TRAP for an SQE
 * @nr: the syscall the SQE was presented as
 * @data: the filter's SECCOMP_RET_DATA
 *
 * The submitting thread gets the SIGSYS a syscall would have earned, with
 * si_syscall, si_errno and si_arch filled in; si_arch is the architecture
 * the SQE was presented as (native), also for a compat task, so that
 * si_syscall is read in the right table. The SQ thread of an SQPOLL ring
 * has no user context to run a handler in: there the SQE is only refused.
 */
static void io_seccomp_trap(int nr, u32 data)
{
	struct kernel_siginfo info;

	if (current->flags & PF_IO_WORKER)
		return;
	clear_siginfo(&info);
	info.si_signo = SIGSYS;
	info.si_code = SYS_SECCOMP;
	info.si_call_addr = NULL;	/* not a syscall instruction */
	info.si_errno = data;
	info.si_arch = SECCOMP_ARCH_NATIVE;
	info.si_syscall = nr;
	force_sig_info(&info);
}

/*
 * io_seccomp_kill - carry out SECCOMP_RET_KILL_THREAD/PROCESS for an SQE
 * @ctx: the ring, whose uring_lock is held
 * @nr: the syscall the SQE was presented as
 * @thread: SECCOMP_RET_KILL_THREAD rather than SECCOMP_RET_KILL_PROCESS
 *
 * Called with uring_lock held, so nothing exits here. Inline submission:
 * KILL_PROCESS, or KILL_THREAD of the last live thread, forces the SIGSYS
 * with core dump seccomp uses; KILL_THREAD of one thread among others is
 * carried out by io_uring_enter(2) once it has dropped every reference it
 * holds (see io_seccomp_thread_exit()). SQPOLL: the SQ thread belongs to
 * the process that created the ring, which is killed (SIGKILL to the
 * thread group, the SQ thread exiting with it). Only the submitter's own
 * filter gets here: see verdict::for_submitter() on the Rust side.
 */
static void io_seccomp_kill(struct io_ring_ctx *ctx, int nr, bool thread)
{
	if (current->flags & PF_IO_WORKER) {
		do_send_sig_info(SIGKILL, SEND_SIG_PRIV, current, PIDTYPE_TGID);
		return;
	}
	if (!thread || atomic_read(&current->signal->live) == 1) {
		force_sig_seccomp(nr, 0, true);
		return;
	}
	ctx->submit_state.seccomp_exit = true;
}

/*
 * SQPOLL rings by the mm that created them (ctx->mm_account): a ring whose
 * SQ and SQE memory is the task's own (IORING_SETUP_NO_MMAP) has no
 * io_uring mapping, and may be held by no descriptor of the task (a
 * request of another ring holds its file): a new filter finds it here.
 * Nests outside uring_lock.
 */
static LIST_HEAD(io_seccomp_sqpoll_rings);
static DEFINE_MUTEX(io_seccomp_sqpoll_lock);

/* BIT_ULL(opcode) in io_seccomp_memo_allows(), u64 in Rust */
static_assert(IORING_OP_LAST <= 64);

static void io_seccomp_memo_drop(struct io_ring_ctx *ctx)
{
	struct io_seccomp_memo *memo = &ctx->seccomp_memo;

	ctx->submit_state.seccomp_allowed = 0;
	ctx->submit_state.seccomp_memo_ok = false;
	seccomp_filter_put(memo->filter);
	if (memo->creds)
		put_cred(memo->creds);
	memo->filter = NULL;
	memo->creds = NULL;
	memo->allowed = 0;
	memo->known = 0;
	memo->nr_chains = 0;
}

/*
 * A new submitter (another filter chain, other credentials): reference its
 * chain and credentials and have the Rust side pick the chains that decide
 * its SQEs. Which opcodes they always allow is learnt per opcode, when the
 * submitter first sends one, so that submitters taking turns on a ring pay
 * for the chains they use, not for the whole opcode table.
 */
static void io_seccomp_memo_update(struct io_ring_ctx *ctx,
				   struct seccomp_filter *filter,
				   const struct cred *creds)
{
	struct io_seccomp_memo *memo = &ctx->seccomp_memo;

	io_seccomp_memo_drop(ctx);
	memo->filter = seccomp_filter_get(filter);
	memo->creds = get_cred(creds);
	memo->nr_chains = rust_io_uring_seccomp_chains(filter, ctx->seccomp_ring,
						       NULL, creds,
						       ctx->seccomp_chains);
	if (memo->nr_chains < 0)
		memo->known = ~0ULL;	/* nothing is ever allowed */
}

/*
 * An SQE refused with @res before any filter ran: the effect shows it as the
 * errno it fails with, and asks nothing of the submitter.
 */
static int io_seccomp_refuse(struct io_seccomp_effect *effect, int res)
{
	effect->kind = IO_SECCOMP_NONE;
	effect->action = SECCOMP_RET_ERRNO | (-res & SECCOMP_RET_DATA);
	return res;
}

/*
 * io_seccomp_check() for the SQEs the memo cannot start: another submitter
 * than the memo's (it is made for this one), a personality, an opcode whose
 * verdict is not learnt yet, a submission that must stop, a sealed ring.
 */
int io_seccomp_check_slow(struct io_kiocb *req, const struct io_uring_sqe *sqe,
			  struct io_seccomp_effect *effect)
{
	struct io_seccomp_notif *notif = NULL;
	struct seccomp_filter *filter = NULL;
	struct io_ring_ctx *ctx = req->ctx;
	struct io_seccomp_memo *memo = &ctx->seccomp_memo;
	u8 op = sqe->opcode;
	int ret;

	/*
	 * An earlier SQE of this submission earned a trap or a kill: nothing
	 * more runs before the task has taken the signal, as nothing would
	 * after the syscall that earned it.
	 */
	if (unlikely(ctx->submit_state.seccomp_stop))
		return io_seccomp_refuse(effect, -ECANCELED);
	/* more filters must decide for this ring than it can hold: see below */
	if (unlikely(ctx->seccomp_sealed))
		return io_seccomp_refuse(effect, -EPERM);
	if (READ_ONCE(current->seccomp.mode) == SECCOMP_MODE_FILTER)
		filter = READ_ONCE(current->seccomp.filter);
	if (unlikely(sqe->personality)) {
		const struct io_seccomp_pin *personality;

		personality = xa_load(&ctx->seccomp_personalities,
				      sqe->personality);
		ret = rust_io_uring_seccomp_check(sqe, filter, ctx->seccomp_ring,
						  personality, req->creds,
						  SECCOMP_ARCH_NATIVE, effect,
						  &notif);
	} else {
		if (unlikely(memo->filter != filter ||
			     memo->creds != current_cred()))
			io_seccomp_memo_update(ctx, filter, current_cred());
		if (unlikely(memo->nr_chains < 0))
			return io_seccomp_refuse(effect, memo->nr_chains);
		/* from now on in this submission, io_seccomp_check() starts */
		ctx->submit_state.seccomp_memo_ok = true;
		if (op < IORING_OP_LAST && !(memo->known & BIT_ULL(op))) {
			memo->known |= BIT_ULL(op);
			if (rust_io_uring_seccomp_op_allowed(ctx->seccomp_chains,
							     memo->nr_chains, op,
							     SECCOMP_ARCH_NATIVE)) {
				memo->allowed |= BIT_ULL(op);
				/* the rest of this submission, from the memo */
				ctx->submit_state.seccomp_allowed = memo->allowed;
				return 0;
			}
		}
		ret = rust_io_uring_seccomp_decide(sqe, ctx->seccomp_chains,
						   memo->nr_chains,
						   SECCOMP_ARCH_NATIVE, effect,
						   &notif);
	}
	if (!ret)
		return 0;
	return io_seccomp_verdict(req, ret, effect, notif);
}

/*
 * Carry out what rust_io_uring_seccomp_decide() decided for an SQE it did not
 * let run (@ret not 0): hand it to the listener, or refuse it, trapping or
 * killing the submitter as its own filter asked.
 */
int io_seccomp_verdict(struct io_kiocb *req, int ret,
		       const struct io_seccomp_effect *effect,
		       struct io_seccomp_notif *notif)
{
	struct io_ring_ctx *ctx = req->ctx;

	if (ret == IOU_SECCOMP_NOTIFY) {
		/* the listener decides, from io-wq: see io_seccomp_notify() */
		req->seccomp_notif = notif;
		req->flags |= REQ_F_SECCOMP_NOTIF | REQ_F_FORCE_ASYNC;
		return 0;
	}
	if (unlikely(effect->kind != IO_SECCOMP_NONE)) {
		ctx->submit_state.seccomp_stop = true;
		ctx->submit_state.seccomp_memo_ok = false;
		ctx->submit_state.seccomp_allowed = 0;
		if (effect->kind == IO_SECCOMP_TRAP)
			io_seccomp_trap(effect->nr, effect->data);
		else
			io_seccomp_kill(ctx, effect->nr,
					effect->kind == IO_SECCOMP_KILL_THREAD);
	}
	return ret;
}

/**
 * io_seccomp_notify - have seccomp's listener decide a request
 * @req: a request with REQ_F_SECCOMP_NOTIF, in an io-wq worker of its task
 * @result: set to the request's result unless the listener lets it run
 *
 * The listener is shown the SQE as the syscall the filter saw, attributed to
 * the task that submitted it (for SQPOLL, the SQ thread); fds it adds with
 * SECCOMP_IOCTL_NOTIF_ADDFD go into the file table of the worker, which is
 * that task's. Called once: the request then carries no notification.
 *
 * Return: true if the request is to be issued (the listener answered with
 * SECCOMP_USER_NOTIF_FLAG_CONTINUE), false if *@result is its result: the
 * listener's error or value, -ENOSYS without a listener, -ERESTARTSYS if the
 * worker was signalled (cancellation, or the process being killed).
 */
bool io_seccomp_notify(struct io_kiocb *req, long *result)
{
	struct io_seccomp_notif *notif = req->seccomp_notif;
	bool run;

	req->seccomp_notif = NULL;
	req->flags &= ~REQ_F_SECCOMP_NOTIF;
	run = rust_io_uring_seccomp_notify(notif, req->task, result);
	rust_io_uring_seccomp_notif_free(notif);
	return run;
}

/**
 * io_seccomp_notif_free - drop the notification of a request that never ran
 * @req: a request with REQ_F_SECCOMP_NOTIF being cleaned up
 */
void io_seccomp_notif_free(struct io_kiocb *req)
{
	rust_io_uring_seccomp_notif_free(req->seccomp_notif);
	req->seccomp_notif = NULL;
}

/*
 * Pin the current task's filter and credentials. Whether the filter may
 * decide for other credentials is decided per SQE, on the Rust side (see
 * PinnedFilter::applies_to() in rust/kernel/io_uring_seccomp/refs.rs).
 */
static struct io_seccomp_pin *io_seccomp_pin_current(void)
{
	struct seccomp_filter *filter;

	if (READ_ONCE(current->seccomp.mode) != SECCOMP_MODE_FILTER)
		return NULL;
	filter = seccomp_filter_get(READ_ONCE(current->seccomp.filter));
	if (!filter)
		return NULL;
	return rust_io_uring_seccomp_pin_new(filter, get_current_cred());
}

/**
 * io_seccomp_ring_init - pin the creating task's filter to a new ring
 * @ctx: the ring being created, by the current task
 *
 * Every SQE of the ring, whoever submits it, is then checked against this
 * filter too, until the ring is freed: a ring can only become stricter.
 *
 * Return: 0 or -ENOMEM.
 */
int io_seccomp_ring_init(struct io_ring_ctx *ctx)
{
	xa_init(&ctx->seccomp_personalities);
	atomic_set(&ctx->seccomp_pins_pending, 0);
	INIT_LIST_HEAD(&ctx->seccomp_sqpoll_node);
	if (ctx->flags & IORING_SETUP_SQPOLL) {
		mutex_lock(&io_seccomp_sqpoll_lock);
		list_add(&ctx->seccomp_sqpoll_node, &io_seccomp_sqpoll_rings);
		mutex_unlock(&io_seccomp_sqpoll_lock);
	}
	if (!static_branch_unlikely(&seccomp_filter_used) ||
	    READ_ONCE(current->seccomp.mode) != SECCOMP_MODE_FILTER)
		return 0;
	ctx->seccomp_ring[0] = io_seccomp_pin_current();
	if (!ctx->seccomp_ring[0])
		return -ENOMEM;
	ctx->seccomp_pinned = 1;
	return 0;
}

/**
 * io_seccomp_ring_unlist - take a ring being freed off the SQPOLL list
 * @ctx: the ring, before anything of it is torn down
 *
 * Waits for a filter being pinned to it through the list.
 */
void io_seccomp_ring_unlist(struct io_ring_ctx *ctx)
{
	if (list_empty_careful(&ctx->seccomp_sqpoll_node))
		return;
	mutex_lock(&io_seccomp_sqpoll_lock);
	list_del_init(&ctx->seccomp_sqpoll_node);
	mutex_unlock(&io_seccomp_sqpoll_lock);
}

/**
 * io_seccomp_ring_free - release the filters pinned to a ring
 * @ctx: the ring being freed; no SQE can be submitted to it any more
 */
void io_seccomp_ring_free(struct io_ring_ctx *ctx)
{
	struct io_seccomp_pin *pin;
	unsigned long id;
	int i;

	io_seccomp_memo_drop(ctx);
	xa_for_each(&ctx->seccomp_personalities, id, pin)
		rust_io_uring_seccomp_pin_free(pin);
	xa_destroy(&ctx->seccomp_personalities);
	for (i = 0; i < IO_SECCOMP_RING_PINS; i++) {
		rust_io_uring_seccomp_pin_free(ctx->seccomp_ring[i]);
		ctx->seccomp_ring[i] = NULL;
	}
}

/*
 * Pin the current task's filter to an SQPOLL ring, under uring_lock. A chain
 * that contains a pinned one replaces it (it runs all of its filters); a
 * chain that a pinned one contains is already applied. If the ring cannot
 * hold one more chain, or the pin cannot be made, or the task is in strict
 * mode (no SQE is a syscall it may make), the ring is sealed: it refuses
 * every SQE from then on rather than run one its filters did not see.
 */
static int io_seccomp_pin_ring_locked(struct io_ring_ctx *ctx)
	__must_hold(&ctx->uring_lock)
{
	const struct seccomp_filter *filter, *pinned;
	struct io_seccomp_pin *pin;
	int i, ret = -EMFILE;

	switch (READ_ONCE(current->seccomp.mode)) {
	case SECCOMP_MODE_FILTER:
		break;
	case SECCOMP_MODE_STRICT:
		/* read, write, exit, sigreturn: no SQE is one of those */
		goto seal;
	default:
		return 0;
	}
	filter = READ_ONCE(current->seccomp.filter);
	for (i = 0; i < IO_SECCOMP_RING_PINS; i++) {
		pin = ctx->seccomp_ring[i];
		if (!pin)
			break;
		pinned = rust_io_uring_seccomp_pin_filter(pin);
		if (seccomp_filter_extends(pinned, filter))
			return 0;
		if (seccomp_filter_extends(filter, pinned))
			break;
	}
	if (i == IO_SECCOMP_RING_PINS)
		goto seal;
	pin = io_seccomp_pin_current();
	if (!pin) {
		ret = -ENOMEM;
		goto seal;
	}
	rust_io_uring_seccomp_pin_free(ctx->seccomp_ring[i]);
	ctx->seccomp_ring[i] = pin;
	ctx->seccomp_pinned = 1;
	/* the memo did not know this pin */
	io_seccomp_memo_drop(ctx);
	return 0;
seal:
	/* fail closed: no SQE runs that a filter of a submitter did not see */
	ctx->seccomp_sealed = 1;
	ctx->seccomp_pinned = 1;
	io_seccomp_memo_drop(ctx);
	return ret;
}

static int io_seccomp_pin_ring(struct io_ring_ctx *ctx)
{
	int ret;

	mutex_lock(&ctx->uring_lock);
	ret = io_seccomp_pin_ring_locked(ctx);
	mutex_unlock(&ctx->uring_lock);
	return ret;
}

/**
 * io_seccomp_sqpoll_enter - pin the filter of a task entering an SQPOLL ring
 * @ctx: an SQPOLL ring, in io_uring_enter(2) of the current task
 *
 * The SQ thread submits the SQEs of an SQPOLL ring with its own filter, its
 * creator's. A filtered task that shares the ring (it inherited it, or took
 * it with pidfd_getfd(2)) and enters it has its filter pinned to the ring
 * as well: from then on every SQE of the ring is checked against it too.
 * The ring only becomes stricter. Filters are also pinned when a filtered
 * task maps the ring (io_seccomp_mmap()) and when a task that can already
 * submit to it installs one (io_uring_seccomp_attached()).
 *
 * Return: 0, -ENOMEM, or -EMFILE if the ring cannot hold another filter
 * chain (it is then sealed: every SQE is refused).
 */
int io_seccomp_sqpoll_enter(struct io_ring_ctx *ctx)
{
	if (!static_branch_unlikely(&seccomp_filter_used) ||
	    READ_ONCE(current->seccomp.mode) != SECCOMP_MODE_FILTER)
		return 0;
	return io_seccomp_pin_ring(ctx);
}

static bool io_seccomp_sqpoll_file(struct file *file)
{
	struct io_ring_ctx *ctx;

	if (!io_is_uring_fops(file))
		return false;
	ctx = file->private_data;
	return ctx->flags & IORING_SETUP_SQPOLL;
}

struct io_seccomp_pin_work {
	struct callback_head cb;
	struct file *file;
};

static void io_seccomp_pin_work_fn(struct callback_head *cb)
{
	struct io_seccomp_pin_work *w = container_of(cb, struct io_seccomp_pin_work, cb);
	struct io_ring_ctx *ctx = w->file->private_data;

	io_seccomp_pin_ring(ctx);
	atomic_dec(&ctx->seccomp_pins_pending);
	/* the SQ thread may sleep on SQEs it could not submit */
	wake_up(&ctx->sq_data->wait);
	fput(w->file);
	kfree(w);
}

/**
 * io_seccomp_mmap - pin the filter of a task that maps an SQPOLL ring
 * @file: the ring's file, being mapped by the current task
 *
 * A task that can write SQEs into an SQPOLL ring's memory submits without
 * entering the ring while its SQ thread is awake: its filter is pinned to
 * the ring before it returns to userspace from mmap(2), with no lock of the
 * mapping held (uring_lock nests outside mmap_lock). Until then the SQ
 * thread submits nothing from the ring (io_seccomp_pin_pending()): other
 * threads sharing the new mapping could write SQEs before the pin lands.
 *
 * Return: 0, or -ENOMEM (the mapping then fails).
 */
int io_seccomp_mmap(struct file *file)
{
	struct io_seccomp_pin_work *w;

	if (!static_branch_unlikely(&seccomp_filter_used) ||
	    READ_ONCE(current->seccomp.mode) != SECCOMP_MODE_FILTER ||
	    !io_seccomp_sqpoll_file(file))
		return 0;
	w = kmalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	w->file = get_file(file);
	init_task_work(&w->cb, io_seccomp_pin_work_fn);
	atomic_inc(&((struct io_ring_ctx *)file->private_data)->seccomp_pins_pending);
	if (task_work_add(current, &w->cb, TWA_RESUME)) {
		/* exiting: it will not write SQEs */
		atomic_dec(&((struct io_ring_ctx *)file->private_data)->seccomp_pins_pending);
		fput(file);
		kfree(w);
	}
	return 0;
}

static int io_seccomp_next_fd(const void *p, struct file *file, unsigned int fd)
{
	return io_seccomp_sqpoll_file(file) ? fd + 1 : 0;
}

/**
 * io_uring_seccomp_attached - pin a new filter to the SQPOLL rings of its task
 *
 * Called by seccomp(2) once the current task's new filter applies. Every
 * SQPOLL ring the task can submit to without entering it pins the filter:
 * its SQ thread, created before the filter, decides the ring's SQEs against
 * it from now on. Those are the rings created by the task's mm (their
 * memory may be the task's own, IORING_SETUP_NO_MMAP), and the rings it
 * holds (a descriptor, or a registered ring descriptor) or maps. Rings the
 * task maps or creates later pin it then (io_seccomp_mmap(),
 * io_seccomp_ring_init()).
 */
void io_uring_seccomp_attached(void)
{
	struct io_uring_task *tctx = current->io_uring;
	struct mm_struct *mm = current->mm;
	unsigned long addr = 0;
	unsigned int fd = 0;
	struct file *file;
	int i, res;

	/* rings created by this mm, whatever holds them */
	if (mm) {
		struct io_ring_ctx *ctx;

		mutex_lock(&io_seccomp_sqpoll_lock);
		list_for_each_entry(ctx, &io_seccomp_sqpoll_rings, seccomp_sqpoll_node)
			if (READ_ONCE(ctx->mm_account) == mm)
				io_seccomp_pin_ring(ctx);
		mutex_unlock(&io_seccomp_sqpoll_lock);
	}
	/* descriptors */
	while ((res = iterate_fd(current->files, fd, io_seccomp_next_fd, NULL))) {
		fd = res;	/* the next one to look at */
		file = fget(res - 1);
		if (!file)
			continue;
		if (io_seccomp_sqpoll_file(file))
			io_seccomp_pin_ring(file->private_data);
		fput(file);
	}
	/* registered ring descriptors (IORING_REGISTER_RING_FDS) */
	for (i = 0; tctx && i < IO_RINGFD_REG_MAX; i++) {
		file = tctx->registered_rings[i];
		if (file && io_seccomp_sqpoll_file(file))
			io_seccomp_pin_ring(file->private_data);
	}
	/* mappings; uring_lock nests outside mmap_lock: pin one at a time */
	while (mm) {
		struct vm_area_struct *vma;

		file = NULL;
		mmap_read_lock(mm);
		{
			VMA_ITERATOR(vmi, mm, addr);

			for_each_vma(vmi, vma) {
				if (vma->vm_file &&
				    io_seccomp_sqpoll_file(vma->vm_file)) {
					file = get_file(vma->vm_file);
					addr = vma->vm_end;
					break;
				}
			}
		}
		mmap_read_unlock(mm);
		if (!file)
			break;
		io_seccomp_pin_ring(file->private_data);
		fput(file);
	}
}

/**
 * io_seccomp_personality_add - pin the registering task's filter
 * @ctx: the ring, with uring_lock held
 * @id: the personality just registered with the current task's credentials
 *
 * Return: 0 or -ENOMEM (the caller then unregisters the personality).
 */
int io_seccomp_personality_add(struct io_ring_ctx *ctx, u32 id)
{
	struct io_seccomp_pin *pin;
	int ret;

	if (!static_branch_unlikely(&seccomp_filter_used) ||
	    READ_ONCE(current->seccomp.mode) != SECCOMP_MODE_FILTER)
		return 0;
	pin = io_seccomp_pin_current();
	if (!pin)
		return -ENOMEM;
	ret = xa_err(xa_store(&ctx->seccomp_personalities, id, pin, GFP_KERNEL));
	if (ret) {
		rust_io_uring_seccomp_pin_free(pin);
		return ret;
	}
	ctx->seccomp_pinned = 1;
	return 0;
}

/**
 * io_seccomp_personality_del - release the filter pinned with a personality
 * @ctx: the ring, with uring_lock held
 * @id: the personality being unregistered
 */
void io_seccomp_personality_del(struct io_ring_ctx *ctx, u32 id)
{
	rust_io_uring_seccomp_pin_free(xa_erase(&ctx->seccomp_personalities, id));
}

/* Every supplementary group of @creds is one of @author's. */
/*
 * For the Rust side (rust/kernel/io_uring_seccomp/refs.rs), which decides
 * whether a pinned filter may decide for some credentials: the LSM hooks it
 * has no abstraction for.
 */
u32 io_seccomp_cred_secid(const struct cred *creds)
{
	u32 secid;

	security_cred_getsecid(creds, &secid);
	return secid;
}

bool io_seccomp_admin_over(const struct cred *author, const struct cred *creds)
{
	return !security_capable(author, creds->user_ns, CAP_SYS_ADMIN,
				 CAP_OPT_NOAUDIT);
}

/* For the Rust side, which owns pinned credentials. */
void io_seccomp_put_cred(const struct cred *creds)
{
	put_cred(creds);
}
