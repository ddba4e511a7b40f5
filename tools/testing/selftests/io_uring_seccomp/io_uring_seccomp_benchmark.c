// SPDX-License-Identifier: GPL-2.0
/*
 * What seccomp costs an io_uring SQE, beside what it costs the equivalent
 * syscall. A benchmark, not a test: it prints figures and ratios and does
 * not judge them.
 *
 * Setups, each in a fresh child since filters cannot be removed:
 *   none          no filter ever installed on the system (static key off);
 *                 must run first
 *   cached        a filter whose verdict the action cache answers (constant
 *                 ALLOW for the syscalls measured)
 *   allowlist     default ERRNO, ~350 syscalls allowed by number, built with
 *                 libseccomp (the shape and size of Docker's default profile)
 *   args x1/2/4   1, 2, 4 stacked filters with argument checks on the
 *                 measured syscalls (never cacheable: BPF runs every time)
 *   none-keyon    no filter in this task, but filters exist on the system
 *
 * Rows: NOP and 8-byte READ SQEs (from /dev/zero) in batches of 32, and the
 * syscalls getppid(2) and read(2). Each figure is the median of the runs
 * (REPS, or the second argument) of a fixed number of operations, with min
 * and max.
 *
 * Then the cost of a change of submitter: two submitters take turns on one
 * ring, one NOP SQE each; the first times its io_uring_enter(2) calls. The
 * other is a thread of the same process (same filter chain, same
 * credentials: the ring's seccomp memo stays valid), then a child process
 * with a filter of its own (the memo is rebuilt at every turn).
 *
 * Booted under QEMU with -icount shift=0,sleep=off on one vCPU, a guest
 * nanosecond is one executed instruction and every figure is deterministic.
 *
 * "none" runs alone, first. The other setups run side by side, one child
 * each, taking turns for every repetition, so that a slow phase of the host
 * (frequent under emulation) hits them all alike; their added cost is taken
 * over "none-keyon", measured in the same turns.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest.h"
#include "ring.h"

#define BATCH	32
#define REPS	9
#define TURNS	2000

static long ops_sqe = 32 * 1000, ops_sys = 20000;
static int reps = REPS;

enum { NOP, READ, GETPPID, SYSREAD, NR_ROWS };
static const char * const row_name[NR_ROWS] = { "NOP SQE", "READ SQE", "getppid()", "read()" };

struct result {
	double v[NR_ROWS][REPS];
	double med[NR_ROWS], min[NR_ROWS], max[NR_ROWS];
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ns per SQE of @ops SQEs of @opcode, submitted and reaped BATCH at a time. */
static double run_sqes(struct ring *r, int opcode, int fd, long ops)
{
	static char buf[BATCH][8];
	struct io_uring_cqe cqe;
	double t0 = now_ns();
	long done;
	int i;

	for (done = 0; done < ops; done += BATCH) {
		for (i = 0; i < BATCH; i++) {
			struct io_uring_sqe *sqe = ring_sqe(r);

			sqe->opcode = opcode;
			sqe->fd = fd;
			sqe->addr = (unsigned long)buf[i];
			sqe->len = 8;
			sqe->off = -1ULL;
		}
		__atomic_store_n(r->sq_tail, *r->sq_tail + BATCH, __ATOMIC_RELEASE);
		r->pending = 0;
		if (sys_io_uring_enter(r->fd, BATCH, BATCH, IORING_ENTER_GETEVENTS,
				       NULL, 0) != BATCH)
			exit(3);
		for (i = 0; i < BATCH; i++)
			if (ring_cqe(r, &cqe, 1000) || cqe.res < 0)
				exit(4);
	}
	return (now_ns() - t0) / ops;
}

static double run_sys(int row, int fd, long ops)
{
	double t0 = now_ns();
	char buf[8];
	long i;

	for (i = 0; i < ops; i++) {
		if (row == GETPPID)
			syscall(__NR_getppid);
		else if (read(fd, buf, sizeof(buf)) != sizeof(buf))
			exit(5);
	}
	return (now_ns() - t0) / ops;
}

/* A filter that never matches but must run BPF for the measured syscalls. */
static int load_args_filter(void)
{
	static const int nrs[] = { __NR_io_uring_enter, __NR_read, __NR_getppid };
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int i, ret = 0;

	for (i = 0; i < 3 && !ret; i++)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nrs[i], 1,
				       SCMP_A0(SCMP_CMP_EQ, 0x7fffffff));
	if (!ret)
		ret = seccomp_load(ctx);
	seccomp_release(ctx);
	return ret;
}

static int load_setup(const char *name)
{
	scmp_filter_ctx ctx;
	int nr, n = 0, ret;

	if (!strcmp(name, "none") || !strcmp(name, "none-keyon"))
		return 0;
	if (!strcmp(name, "cached")) {
		ctx = seccomp_init(SCMP_ACT_ALLOW);
		ret = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(acct), 0);
		if (!ret)
			ret = seccomp_load(ctx);
		seccomp_release(ctx);
		return ret;
	}
	if (!strcmp(name, "allowlist")) {
		ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
		for (nr = 0; nr < 460 && n < 350; nr++) {
			char *s = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);

			if (!s)
				continue;
			free(s);
			if (nr == __NR_acct || nr == __NR_reboot)
				continue;
			if (!seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0))
				n++;
		}
		/* what the benchmark itself needs, whatever the list missed */
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, __NR_io_uring_enter, 0);
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, __NR_getppid, 0);
		ret = seccomp_load(ctx);
		seccomp_release(ctx);
		return ret;
	}
	if (!strncmp(name, "args x", 6)) {
		int i;

		for (i = 0; i < atoi(name + 6); i++)
			if (load_args_filter())
				return -1;
		return 0;
	}
	return -1;
}

/* One repetition of every row. */
static void measure_once(struct ring *r, int fd, struct result *res, int k)
{
	res->v[NOP][k] = run_sqes(r, IORING_OP_NOP, -1, ops_sqe);
	res->v[READ][k] = run_sqes(r, IORING_OP_READ, fd, ops_sqe);
	res->v[GETPPID][k] = run_sys(GETPPID, fd, ops_sys);
	res->v[SYSREAD][k] = run_sys(SYSREAD, fd, ops_sys);
}

static void summarise(struct result *res)
{
	int row;

	for (row = 0; row < NR_ROWS; row++) {
		double v[REPS];

		memcpy(v, res->v[row], sizeof(v));
		qsort(v, reps, sizeof(double), cmp);
		res->med[row] = v[reps / 2];
		res->min[row] = v[0];
		res->max[row] = v[reps - 1];
	}
}

/*
 * A setup's child: measure one repetition each time the parent says so on
 * @go (a byte), and say it is done on @done. Exits 0 after REPS.
 */
static void setup_child(const char *setup, struct result *res, int go, int done)
{
	struct ring r;
	char c = 0;
	int fd, k;

	/* the filters first: the ring pins them, as in a sandbox */
	if (load_setup(setup))
		_exit(1);
	fd = open("/dev/zero", O_RDONLY);
	if (fd < 0 || ring_init(&r, 64, 0))
		_exit(2);
	run_sqes(&r, IORING_OP_NOP, -1, ops_sqe / 4);	/* warm up */
	for (k = 0; k < reps; k++) {
		if (read(go, &c, 1) != 1)
			_exit(6);
		measure_once(&r, fd, res, k);
		if (write(done, &c, 1) != 1)
			_exit(7);
	}
	_exit(0);
}

/*
 * Change of submitter. One NOP SQE per io_uring_enter(2), the submitters
 * taking turns through two pipes; only the measuring side's io_uring_enter
 * (and the reaping of its CQE) is timed.
 */
struct turns {
	struct ring *r;
	int go[2], done[2];	/* measuring side -> partner, partner -> measuring side */
};

static void submit_one(struct ring *r)
{
	struct io_uring_cqe cqe;
	struct io_uring_sqe *sqe = ring_sqe(r);

	sqe->opcode = IORING_OP_NOP;
	sqe->fd = -1;
	if (ring_submit(r) != 1 || ring_cqe(r, &cqe, 1000) || cqe.res < 0)
		exit(8);
}

static void partner(struct turns *t)
{
	char c;

	while (read(t->go[0], &c, 1) == 1) {
		submit_one(t->r);
		if (write(t->done[1], &c, 1) != 1)
			exit(9);
	}
}

static void *partner_thread(void *arg)
{
	partner(arg);
	return NULL;
}

/* ns per timed io_uring_enter(2), the partner submitting between them */
static double take_turns(struct turns *t)
{
	double sum = 0;
	char c = 0;
	int i;

	for (i = 0; i < TURNS; i++) {
		double t0 = now_ns();

		submit_one(t->r);
		sum += now_ns() - t0;
		if (write(t->go[1], &c, 1) != 1 || read(t->done[0], &c, 1) != 1)
			exit(10);
	}
	return sum / TURNS;
}

/*
 * In a child, under the "cached" filter: the memo answers for NOP. Prints
 * the turns with a thread of the same process, then with a child process
 * that has a filter of its own.
 */
static int measure_turns(double *same, double *other)
{
	double *out = mmap(NULL, 2 * sizeof(double), PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status;
	pid_t pid;

	if (out == MAP_FAILED)
		return -1;
	pid = fork();
	if (pid == 0) {
		struct turns t;
		pthread_t th;
		struct ring r;
		pid_t p;

		if (load_setup("cached") || ring_init(&r, 64, 0))
			_exit(1);
		t.r = &r;
		if (pipe(t.go) || pipe(t.done))
			_exit(2);
		submit_one(&r);		/* warm up, and the memo is made */
		if (pthread_create(&th, NULL, partner_thread, &t))
			_exit(3);
		out[0] = take_turns(&t);
		close(t.go[1]);
		pthread_join(th, NULL);
		close(t.go[0]);
		if (pipe(t.go))
			_exit(4);
		p = fork();
		if (p == 0) {
			close(t.go[1]);
			if (load_setup("cached"))
				_exit(5);
			partner(&t);
			_exit(0);
		}
		close(t.go[0]);
		out[1] = take_turns(&t);
		close(t.go[1]);
		waitpid(p, &status, 0);
		_exit(!WIFEXITED(status) || WEXITSTATUS(status));
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	*same = out[0];
	*other = out[1];
	return 0;
}

#define SQE_EVENT_ENABLE "/sys/kernel/tracing/events/io_uring/io_uring_sqe_syscall/enable"

/* Turn io_uring:io_uring_sqe_syscall on or off; -1 if it does not exist. */
static int trace_event_enable(bool on)
{
	int fd = open(SQE_EVENT_ENABLE, O_WRONLY);
	int ret;

	if (fd < 0 && errno == ENOENT &&
	    !mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL))
		fd = open(SQE_EVENT_ENABLE, O_WRONLY);
	if (fd < 0)
		return -1;
	ret = write(fd, on ? "1" : "0", 1) == 1 ? 0 : -1;
	close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	static struct result traced_res;
	struct result *traced;
	static const char * const setups[] = {
		"none", "cached", "allowlist", "args x1", "args x2", "args x4", "none-keyon",
	};
	const int n = ARRAY_SIZE(setups), keyon = n - 1;
	int go[ARRAY_SIZE(setups)], done[ARRAY_SIZE(setups)];
	pid_t pid[ARRAY_SIZE(setups)];
	struct result *res, *base;
	int s, k, row, fail = 0;
	double same, other;

	if (argc > 1 && atol(argv[1]) > 0) {
		ops_sqe = atol(argv[1]);
		ops_sys = ops_sqe;
	}
	if (argc > 2)
		reps = atoi(argv[2]);
	if (reps < 1 || reps > REPS)
		reps = REPS;
	res = mmap(NULL, n * sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED)
		return 1;
	/*
	 * "none" first, before any filter exists on the system (seccomp's
	 * static key off), in this process. The first measurement after boot
	 * runs slow under emulation: discard it.
	 */
	{
		struct ring r;
		int fd = open("/dev/zero", O_RDONLY);

		if (fd < 0 || ring_init(&r, 64, 0))
			return 2;
		measure_once(&r, fd, &res[0], 0);
		for (k = 0; k < reps; k++)
			measure_once(&r, fd, &res[0], k);
		/*
		 * The same with io_uring:io_uring_sqe_syscall enabled (the
		 * global buffer, overwritten when full): what tracing every SQE
		 * costs. Absent on a kernel without the event.
		 */
		traced = trace_event_enable(true) ? NULL : &traced_res;
		for (k = 0; traced && k < reps; k++)
			measure_once(&r, fd, traced, k);
		if (traced)
			trace_event_enable(false);
		ring_exit(&r);
		close(fd);
	}
	/* the others side by side, taking turns */
	for (s = 1; s < n; s++) {
		int p1[2], p2[2];

		if (pipe(p1) || pipe(p2))
			return 1;
		pid[s] = fork();
		if (pid[s] == 0)
			setup_child(setups[s], &res[s], p1[0], p2[1]);
		go[s] = p1[1];
		done[s] = p2[0];
	}
	for (k = 0; k < reps && !fail; k++) {
		for (s = 1; s < n && !fail; s++) {
			char c = 0;

			if (write(go[s], &c, 1) != 1 || read(done[s], &c, 1) != 1)
				fail = s;
		}
	}
	for (s = 1; s < n; s++) {
		int status;

		close(go[s]);
		waitpid(pid[s], &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("# setup %s failed (status 0x%x)\n", setups[s], status);
			fail = s;
		}
	}
	if (fail)
		return 1;
	if (measure_turns(&same, &other)) {
		printf("# submitter turns failed\n");
		return 1;
	}
	for (s = 0; s < n; s++)
		summarise(&res[s]);
	base = &res[keyon];
	{
		/* a jiffies clocksource makes every figure a multiple of a tick */
		FILE *f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource",
				"r");
		char cs[32] = "unknown";

		if (f) {
			if (fscanf(f, "%31s", cs) != 1)
				snprintf(cs, sizeof(cs), "unknown");
			fclose(f);
		}
		printf("# clocksource: %s\n", cs);
	}
	printf("# ns per operation: median [min..max] of %d runs of %ld SQEs / %ld syscalls\n",
	       reps, ops_sqe, ops_sys);
	printf("%-11s", "setup");
	for (row = 0; row < NR_ROWS; row++)
		printf(" | %-24s", row_name[row]);
	printf("\n");
	for (s = 0; s < n; s++) {
		printf("%-11s", setups[s]);
		for (row = 0; row < NR_ROWS; row++)
			printf(" | %7.1f [%6.1f..%7.1f]", res[s].med[row], res[s].min[row],
			       res[s].max[row]);
		printf("\n");
	}
	printf("# added cost over 'none-keyon' (ns), measured in the same turns, and\n");
	printf("# SQE/syscall ratios of added costs (NOP/getppid, READ/read)\n");
	for (s = 1; s < keyon; s++) {
		double nop = res[s].med[NOP] - base->med[NOP];
		double rd = res[s].med[READ] - base->med[READ];
		double gp = res[s].med[GETPPID] - base->med[GETPPID];
		double sr = res[s].med[SYSREAD] - base->med[SYSREAD];

		printf("added %-11s NOP %+7.1f  READ %+7.1f", setups[s], nop, rd);
		printf("  getppid %+7.1f  read %+7.1f", gp, sr);
		printf("  NOP/getppid %5.2f  READ/read %5.2f\n", gp > 0 ? nop / gp : 0,
		       sr > 0 ? rd / sr : 0);
	}
	printf("# 'none' (static key off, measured first) against 'none-keyon'\n");
	printf("keyon       NOP %+7.1f  READ %+7.1f  getppid %+7.1f  read %+7.1f\n",
	       res[keyon].med[NOP] - res[0].med[NOP], res[keyon].med[READ] - res[0].med[READ],
	       res[keyon].med[GETPPID] - res[0].med[GETPPID],
	       res[keyon].med[SYSREAD] - res[0].med[SYSREAD]);
	printf("# change of submitter: ns per io_uring_enter(2) of one NOP SQE, turns with\n");
	printf("turns       same chain (a thread) %.1f  another chain (a process) %.1f",
	       same, other);
	printf("  added %+.1f\n", other - same);
	/* for scripts/bench.sh: setup, row, median */
	for (s = 0; s < n; s++)
		for (row = 0; row < NR_ROWS; row++)
			printf("IOU-BENCH %s|%s|%.2f\n", setups[s], row_name[row], res[s].med[row]);
	printf("IOU-BENCH turns|same|%.2f\nIOU-BENCH turns|other|%.2f\n", same, other);
	if (traced) {
		summarise(traced);
		printf("# io_uring_sqe_syscall enabled, no filter: NOP %.1f READ %.1f ns\n",
		       traced->med[NOP], traced->med[READ]);
		for (row = 0; row < NR_ROWS; row++)
			printf("IOU-BENCH traced|%s|%.2f\n", row_name[row], traced->med[row]);
	}
	return 0;
}
