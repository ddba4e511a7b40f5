/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IOU_SECCOMP_H
#define IOU_SECCOMP_H

#include <linux/io_uring_types.h>
#include <linux/seccomp.h>
#include <linux/sched.h>
#include <linux/sched/task.h>

/* Completion result 0 for an SQE that is refused (SECCOMP_RET_ERRNO | 0). */
#define IOU_SECCOMP_REFUSE_RES_ZERO	1
/* From the Rust side only: a listener decides (SECCOMP_RET_USER_NOTIF). */
#define IOU_SECCOMP_NOTIFY		2

/* What must happen to the submitting task beside refusing the SQE. */
enum io_seccomp_effect_kind {
	IO_SECCOMP_NONE,
	IO_SECCOMP_TRAP,
	IO_SECCOMP_KILL_THREAD,
	IO_SECCOMP_KILL_PROCESS,
};

/*
 * What was decided for an SQE, beside the return value: written by the Rust
 * side whenever it refuses the SQE, and for SECCOMP_RET_LOG; an SQE that
 * runs without it being written was allowed. @action is for the
 * io_uring_sqe_syscall tracepoint.
 */
struct io_seccomp_effect {
	u32 kind;	/* enum io_seccomp_effect_kind */
	int nr;		/* the syscall the SQE was decided as (its reading) */
	u32 data;	/* SECCOMP_RET_DATA of a trap */
	u32 action;	/* the winning SECCOMP_RET_* value, data included */
};

#ifdef CONFIG_IO_URING_SECCOMP
struct io_seccomp_pin;
struct io_seccomp_notif;

/* Implemented in Rust: rust/kernel/io_uring_seccomp/ffi.rs */
int rust_io_uring_seccomp_check(const struct io_uring_sqe *sqe,
				const struct seccomp_filter *task_filter,
				struct io_seccomp_pin * const *ring_pins,
				const struct io_seccomp_pin *personality,
				const struct cred *creds, u32 arch,
				struct io_seccomp_effect *effect,
				struct io_seccomp_notif **notif);
bool rust_io_uring_seccomp_notify(const struct io_seccomp_notif *notif,
				  struct task_struct *task, long *result);
void rust_io_uring_seccomp_notif_free(struct io_seccomp_notif *notif);
int rust_io_uring_seccomp_chains(const struct seccomp_filter *task_filter,
				 struct io_seccomp_pin * const *ring_pins,
				 const struct io_seccomp_pin *personality,
				 const struct cred *creds,
				 const struct seccomp_filter **out);
bool rust_io_uring_seccomp_op_allowed(const struct seccomp_filter * const *chains,
				      u32 n, u8 opcode, u32 arch);
int rust_io_uring_seccomp_decide(const struct io_uring_sqe *sqe,
				 const struct seccomp_filter * const *chains,
				 u32 n, u32 arch, struct io_seccomp_effect *effect,
				 struct io_seccomp_notif **notif);
const struct seccomp_filter *rust_io_uring_seccomp_pin_filter(const struct io_seccomp_pin *pin);
struct io_seccomp_pin *rust_io_uring_seccomp_pin_new(struct seccomp_filter *filter,
						     const struct cred *creds);
void rust_io_uring_seccomp_pin_free(struct io_seccomp_pin *pin);
int rust_io_uring_seccomp_map(const struct io_uring_sqe *sqe,
			      struct seccomp_data *sd, u32 arch, bool alternate);

/*
 * Whether the SQEs of the current submission must be checked against
 * seccomp: one patched branch until the first seccomp filter is attached on
 * this system, then one test of what io_seccomp_submit_start() found.
 */
static __always_inline bool io_seccomp_active(struct io_ring_ctx *ctx)
{
	return static_branch_unlikely(&seccomp_filter_used) &&
	       ctx->submit_state.seccomp_check;
}

/*
 * Whether the ring's memo decides an SQE of @opcode naming @personality: the
 * submitter of this submission is the one the memo was made for, and its
 * filters allow @opcode whatever the rest of the SQE says (see
 * io_seccomp_submit_start()). Nothing else of the SQE is read, so it needs
 * no private copy. Under uring_lock.
 */
static __always_inline bool io_seccomp_memo_allows(struct io_ring_ctx *ctx,
						   u8 opcode, u16 personality)
{
	return !personality && opcode < IORING_OP_LAST &&
	       (ctx->submit_state.seccomp_allowed & BIT_ULL(opcode));
}

int io_seccomp_check_slow(struct io_kiocb *req, const struct io_uring_sqe *sqe,
			  struct io_seccomp_effect *effect);
int io_seccomp_verdict(struct io_kiocb *req, int ret,
		       const struct io_seccomp_effect *effect,
		       struct io_seccomp_notif *notif);

/**
 * io_seccomp_check - decide an SQE against the seccomp filters that apply
 * @req: the request being initialised
 * @sqe: a private copy of the SQE, the one prep will read
 * @effect: what was decided beside the return value (see above); left as it
 *	is for an SQE that runs with SECCOMP_RET_ALLOW
 *
 * Called once per SQE that the ring's memo does not allow outright (see
 * io_seccomp_memo_allows()), at submission, before the request is prepared,
 * with the ring's uring_lock held. The filters are the submitting task's (for
 * SQPOLL, the SQ thread's, inherited from the ring's creator), the one the
 * ring's creator had (pinned for the ring's life) and, for an SQE that names
 * a personality, the one its registering task had. The copy guarantees that
 * the values the filters decide on are the values the operation uses.
 *
 * An SQE for which a filter returns SECCOMP_RET_USER_NOTIF (and nothing
 * more restrictive wins) is forced to io-wq, carrying a reference on that
 * filter: io_seccomp_notify() asks the listener there.
 *
 * Return: 0 if the SQE may run (or a listener will decide), a negative
 * errno to fail it with, or IOU_SECCOMP_REFUSE_RES_ZERO to fail it with
 * result 0.
 */
static __always_inline int io_seccomp_check(struct io_kiocb *req,
					    const struct io_uring_sqe *sqe,
					    struct io_seccomp_effect *effect)
{
	struct io_ring_ctx *ctx = req->ctx;
	const struct io_seccomp_memo *memo = &ctx->seccomp_memo;
	struct io_seccomp_notif *notif __uninitialized;	/* for NOTIFY */
	u8 op = sqe->opcode;
	int ret;

	/*
	 * The common case inline: the memo's submitter, no personality, an
	 * opcode it has sent before. The rest, and whatever is not run, out
	 * of line.
	 */
	if (unlikely(!ctx->submit_state.seccomp_memo_ok || sqe->personality ||
		     op >= IORING_OP_LAST || !(memo->known & BIT_ULL(op))))
		return io_seccomp_check_slow(req, sqe, effect);
	ret = rust_io_uring_seccomp_decide(sqe, ctx->seccomp_chains,
					   memo->nr_chains, SECCOMP_ARCH_NATIVE,
					   effect, &notif);
	if (likely(!ret))
		return 0;
	return io_seccomp_verdict(req, ret, effect, notif);
}

bool io_seccomp_notify(struct io_kiocb *req, long *result);
void io_seccomp_notif_free(struct io_kiocb *req);
int io_seccomp_ring_init(struct io_ring_ctx *ctx);
void io_seccomp_ring_free(struct io_ring_ctx *ctx);
int io_seccomp_personality_add(struct io_ring_ctx *ctx, u32 id);
int io_seccomp_sqpoll_enter(struct io_ring_ctx *ctx);
void io_seccomp_personality_del(struct io_ring_ctx *ctx, u32 id);
int io_seccomp_mmap(struct file *file);
void io_seccomp_ring_unlist(struct io_ring_ctx *ctx);
/* For the Rust side (ffi.rs) */
u32 io_seccomp_cred_secid(const struct cred *creds);
bool io_seccomp_admin_over(const struct cred *author, const struct cred *creds);
void io_seccomp_put_cred(const struct cred *creds);

/*
 * At the start of a submission, under uring_lock: whether its SQEs are
 * checked, decided once for all of them, as a syscall is decided by the
 * filters its task has when it enters. The ring's pins only change under
 * uring_lock; the task's own filter only by the task, or by a sibling's
 * SECCOMP_FILTER_FLAG_TSYNC, which does not reach a syscall under way.
 * Which opcodes the memo allows is taken here too, if it was made for this
 * submitter (its filter chain and credentials): io_seccomp_check() keeps it
 * up to date for the rest of the submission.
 */
static inline void io_seccomp_submit_start(struct io_ring_ctx *ctx)
{
	struct io_submit_state *state = &ctx->submit_state;
	const struct io_seccomp_memo *memo = &ctx->seccomp_memo;
	const struct seccomp_filter *filter = NULL;

	state->seccomp_stop = false;
	state->seccomp_exit = false;
	state->seccomp_allowed = 0;
	state->seccomp_check = false;
	state->seccomp_memo_ok = false;
	if (!static_branch_unlikely(&seccomp_filter_used))
		return;
	if (READ_ONCE(current->seccomp.mode) == SECCOMP_MODE_FILTER)
		filter = READ_ONCE(current->seccomp.filter);
	else if (!ctx->seccomp_pinned)
		return;
	state->seccomp_check = true;
	state->seccomp_memo_ok = memo->filter == filter &&
				 memo->creds == current_cred() &&
				 memo->nr_chains >= 0 && !ctx->seccomp_sealed;
	if (state->seccomp_memo_ok)
		state->seccomp_allowed = memo->allowed;
}

/*
 * Whether a filtered task mapped the SQPOLL ring and its filter is not
 * pinned yet (io_seccomp_mmap()): the SQ thread must not submit until it is.
 */
static inline bool io_seccomp_pin_pending(struct io_ring_ctx *ctx)
{
	return static_branch_unlikely(&seccomp_filter_used) &&
	       atomic_read(&ctx->seccomp_pins_pending);
}

/*
 * Whether the submission that just ended earned SECCOMP_RET_KILL_THREAD for
 * the current thread: io_uring_enter(2) then calls io_seccomp_thread_exit()
 * once it holds no reference. One patched-out branch without filters.
 */
static inline bool io_seccomp_exit_pending(struct io_ring_ctx *ctx)
{
	return static_branch_unlikely(&seccomp_filter_used) &&
	       ctx->submit_state.seccomp_exit;
}

/*
 * io_seccomp_thread_exit - end a thread that earned SECCOMP_RET_KILL_THREAD
 *
 * Called by io_uring_enter(2) once it released the ring and every other
 * reference it held, as seccomp ends a thread before its syscall runs.
 */
static inline void io_seccomp_thread_exit(void)
{
	do_exit(SIGSYS);
}
#else
static inline void io_seccomp_submit_start(struct io_ring_ctx *ctx)
{
}

static inline bool io_seccomp_active(struct io_ring_ctx *ctx)
{
	return false;
}

static inline bool io_seccomp_memo_allows(struct io_ring_ctx *ctx, u8 opcode,
					  u16 personality)
{
	return false;
}

static inline int io_seccomp_check(struct io_kiocb *req,
				   const struct io_uring_sqe *sqe,
				   struct io_seccomp_effect *effect)
{
	return 0;
}

static inline bool io_seccomp_notify(struct io_kiocb *req, long *result)
{
	return true;
}

static inline void io_seccomp_notif_free(struct io_kiocb *req)
{
}

static inline int io_seccomp_ring_init(struct io_ring_ctx *ctx)
{
	return 0;
}

static inline void io_seccomp_ring_free(struct io_ring_ctx *ctx)
{
}

static inline int io_seccomp_personality_add(struct io_ring_ctx *ctx, u32 id)
{
	return 0;
}

static inline int io_seccomp_sqpoll_enter(struct io_ring_ctx *ctx)
{
	return 0;
}

static inline void io_seccomp_personality_del(struct io_ring_ctx *ctx, u32 id)
{
}

static inline int io_seccomp_mmap(struct file *file)
{
	return 0;
}

static inline void io_seccomp_ring_unlist(struct io_ring_ctx *ctx)
{
}

static inline bool io_seccomp_exit_pending(struct io_ring_ctx *ctx)
{
	return false;
}

static inline bool io_seccomp_pin_pending(struct io_ring_ctx *ctx)
{
	return false;
}

static inline void io_seccomp_thread_exit(void)
{
}
#endif /* CONFIG_IO_URING_SECCOMP */
#endif /* IOU_SECCOMP_H */
