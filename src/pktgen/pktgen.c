// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xsw-pktgen: sends UDP/IPv4 frames out of an interface as fast as the
 * kernel allows, with BPF_PROG_RUN in live-frames mode
 * (BPF_F_TEST_XDP_LIVE_FRAMES): the kernel turns one template frame into
 * page-pool frames, runs bpf/pktgen.bpf.c on each (which varies the flow
 * and applies the optional rate cap) and XDP_REDIRECTs them out of --dev.
 * Nothing is copied from userspace per frame.
 *
 * Each worker thread is pinned to one CPU and makes as few BPF_PROG_RUN
 * calls as it can: every call adds the program to the kernel's XDP
 * dispatcher and removes it again, which patches kernel text and waits for
 * an RCU grace period, so calls of a few ms each spend most of their time
 * idle (2.4 instead of 10+ Mpps here).  A call runs up to 2^32-1 frames;
 * at the deadline main() interrupts it with SIGUSR1 (the kernel checks for
 * signals between batches).  At the end one line of JSON goes to stdout
 * (see usage()); frame counts come from the program's per-CPU counters.
 *
 * A frame of --size bytes counts the 4-byte FCS, as RFC 2544 sizes do: a
 * 64-byte frame is 60 bytes in the veth.  The frames reach --dev's peer,
 * which must have NAPI (an XDP program, or GRO on) to accept them.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktgen/bench_abi.h"
#include "lib/util.h"
#include "pktgen/common.h"
#include "pktgen.skel.h"

#ifndef BPF_F_TEST_XDP_LIVE_FRAMES
#define BPF_F_TEST_XDP_LIVE_FRAMES (1U << 1)
#endif

#define FCS_SIZE 4
#define HDRS_SIZE                                                          \
	(sizeof(struct ethhdr) + sizeof(struct iphdr) + sizeof(struct udphdr))
#define MIN_FRAME_SIZE 64
/* A live frame must fit a page with XDP headroom and skb_shared_info. */
#define MAX_FRAME_SIZE 3504
#define MAX_FLOWS (1U << 24)
#define MAX_THREADS 64

struct options {
	const char *dev;
	const char *netns;
	unsigned int size;
	unsigned int n_flows;
	double duration;  /* seconds, 0 = none */
	double count;     /* frames sent, 0 = none */
	unsigned int n_threads;
	int cpus[MAX_THREADS];
	unsigned int n_cpus;
	double rate;      /* frames/s over all threads, 0 = no cap */
	unsigned int batch;
	__u8 src_mac[BENCH_ETH_ALEN];
	__u8 dst_mac[BENCH_ETH_ALEN];
	bool src_mac_given;
	struct in_addr src_ip, dst_ip;
	unsigned int src_port, dst_port;
};

struct worker {
	pthread_t thread;
	int cpu;
	int prog_fd;
	const __u8 *frame;
	unsigned int frame_size;
	unsigned int batch;
	__u64 quota; /* frames to run (count without a cap), 0 = no limit */
	__u64 n_run; /* frames of completed runs (interrupted ones not) */
	int err; /* negative errno of the last failed run, 0 = none */
	double t_start, t_end;
	bool started;
	volatile bool done;
};

static volatile bool stop;
static struct pktgen *skel;
static double count_limit;
static bool rate_capped;
static int n_possible_cpus;

static void usage(FILE *out)
{
	fprintf(out,
"usage: xsw-pktgen --dev IF [options]\n"
"Sends UDP/IPv4 frames out of IF with BPF_PROG_RUN live frames.\n"
"  -i, --dev IF          interface to send out of (its peer receives)\n"
"  -n, --netns NS        enter network namespace NS (/run/netns/NS or a path)\n"
"  -s, --size BYTES      frame size including the 4-byte FCS (64)\n"
"  -f, --flows N         flows, by source IP and port (1)\n"
"  -d, --duration SEC    run this long (5 unless --count)\n"
"  -c, --count N         stop after N frames were sent (exact without\n"
"                        --rate, a little over with it)\n"
"  -t, --threads N       worker threads (1)\n"
"  -C, --cpus LIST       CPUs for the threads, comma separated (0,1,..)\n"
"  -r, --rate PPS        cap the rate (e.g. 4.5M); excess frames are dropped\n"
"                        in the generator program\n"
"  -b, --batch N         frames per kernel batch, 1..256 (64)\n"
"      --src-mac MAC     (IF's MAC)      --dst-mac MAC (02:00:00:00:00:02)\n"
"      --src-ip A        (198.18.0.1)    --dst-ip A    (198.19.0.1)\n"
"      --src-port P      (1024)          --dst-port P  (9)\n"
"Flow i has source port src-port + i %% %u and source address\n"
"src-ip + i / %u.  Prints one line of JSON: frames_sent (redirected),\n"
"frames_capped (dropped by --rate), seconds, pps_sent, ...\n",
		PKTGEN_PORTS_PER_IP, PKTGEN_PORTS_PER_IP);
}

static int parse_cpus(const char *text, struct options *o)
{
	char *copy = strdup(text), *tok, *save = NULL;
	int rc = 0;

	if (!copy)
		return -ENOMEM;
	o->n_cpus = 0;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *end;
		long cpu = strtol(tok, &end, 10);

		if (*end || cpu < 0 || cpu >= BENCH_MAX_CPUS ||
		    o->n_cpus >= MAX_THREADS) {
			rc = -EINVAL;
			break;
		}
		o->cpus[o->n_cpus++] = (int)cpu;
	}
	free(copy);
	return o->n_cpus ? rc : -EINVAL;
}

static int parse_uint(const char *text, unsigned int min, unsigned int max,
		      unsigned int *out)
{
	double v;

	if (bench_parse_num(text, &v) || v < min || v > max ||
	    v != (double)(unsigned int)v)
		return -EINVAL;
	*out = (unsigned int)v;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_SRC_MAC = 256, OPT_DST_MAC, OPT_SRC_IP, OPT_DST_IP,
	       OPT_SRC_PORT, OPT_DST_PORT };
	static const struct option longopts[] = {
		{ "dev", required_argument, NULL, 'i' },
		{ "netns", required_argument, NULL, 'n' },
		{ "size", required_argument, NULL, 's' },
		{ "flows", required_argument, NULL, 'f' },
		{ "duration", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'c' },
		{ "threads", required_argument, NULL, 't' },
		{ "cpus", required_argument, NULL, 'C' },
		{ "rate", required_argument, NULL, 'r' },
		{ "batch", required_argument, NULL, 'b' },
		{ "src-mac", required_argument, NULL, OPT_SRC_MAC },
		{ "dst-mac", required_argument, NULL, OPT_DST_MAC },
		{ "src-ip", required_argument, NULL, OPT_SRC_IP },
		{ "dst-ip", required_argument, NULL, OPT_DST_IP },
		{ "src-port", required_argument, NULL, OPT_SRC_PORT },
		{ "dst-port", required_argument, NULL, OPT_DST_PORT },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const __u8 default_dst[BENCH_ETH_ALEN] = { 2, 0, 0, 0, 0, 2 };
	int c, i;

	*o = (struct options){
		.size = MIN_FRAME_SIZE,
		.n_flows = 1,
		.n_threads = 1,
		.batch = 64,
		.src_port = 1024,
		.dst_port = 9,
	};
	memcpy(o->dst_mac, default_dst, BENCH_ETH_ALEN);
	inet_pton(AF_INET, "198.18.0.1", &o->src_ip);
	inet_pton(AF_INET, "198.19.0.1", &o->dst_ip);
	for (i = 0; i < MAX_THREADS; i++)
		o->cpus[i] = i;

	while ((c = getopt_long(argc, argv, "i:n:s:f:d:c:t:C:r:b:h", longopts,
				NULL)) != -1) {
		int rc = 0;

		switch (c) {
		case 'i':
			o->dev = optarg;
			break;
		case 'n':
			o->netns = optarg;
			break;
		case 's':
			rc = parse_uint(optarg, MIN_FRAME_SIZE, MAX_FRAME_SIZE,
					&o->size);
			break;
		case 'f':
			rc = parse_uint(optarg, 1, MAX_FLOWS, &o->n_flows);
			break;
		case 'd':
			rc = bench_parse_num(optarg, &o->duration);
			break;
		case 'c':
			rc = bench_parse_num(optarg, &o->count);
			break;
		case 't':
			rc = parse_uint(optarg, 1, MAX_THREADS, &o->n_threads);
			break;
		case 'C':
			rc = parse_cpus(optarg, o);
			break;
		case 'r':
			rc = bench_parse_num(optarg, &o->rate);
			break;
		case 'b':
			rc = parse_uint(optarg, 1, 256, &o->batch);
			break;
		case OPT_SRC_MAC:
			rc = xsw_mac_parse(optarg, o->src_mac);
			o->src_mac_given = true;
			break;
		case OPT_DST_MAC:
			rc = xsw_mac_parse(optarg, o->dst_mac);
			break;
		case OPT_SRC_IP:
			rc = inet_pton(AF_INET, optarg, &o->src_ip) == 1 ?
				     0 : -EINVAL;
			break;
		case OPT_DST_IP:
			rc = inet_pton(AF_INET, optarg, &o->dst_ip) == 1 ?
				     0 : -EINVAL;
			break;
		case OPT_SRC_PORT:
			rc = parse_uint(optarg, 1, 65535, &o->src_port);
			break;
		case OPT_DST_PORT:
			rc = parse_uint(optarg, 1, 65535, &o->dst_port);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -EINVAL;
		}
		if (rc) {
			fprintf(stderr, "xsw-pktgen: bad value for %s: %s\n",
				bench_opt_name(argv, optind, optarg), optarg);
			return -EINVAL;
		}
	}
	if (optind < argc || !o->dev) {
		usage(stderr);
		return -EINVAL;
	}
	if (o->src_port + (o->n_flows < PKTGEN_PORTS_PER_IP ?
				   o->n_flows : PKTGEN_PORTS_PER_IP) > 65536) {
		fprintf(stderr, "xsw-pktgen: --src-port too high for %u flows\n",
			o->n_flows);
		return -EINVAL;
	}
	if (o->duration <= 0 && o->count <= 0)
		o->duration = 5;
	return 0;
}

/* Ones' complement sum of @len bytes as native 16-bit words. */
static __u32 csum_add(__u32 sum, const void *buf, size_t len)
{
	const __u16 *w = buf;
	size_t i;

	for (i = 0; i < len / 2; i++)
		sum += w[i];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* Builds the template into @frame (frame_size bytes, zero filled) and
 * returns the checksum base the program needs (header with saddr = 0). */
static __u32 build_template(const struct options *o, __u8 *frame,
			    unsigned int frame_size)
{
	struct ethhdr *eth = (void *)frame;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);
	__u8 *payload = (void *)(udp + 1);
	unsigned int i;

	memcpy(eth->h_dest, o->dst_mac, BENCH_ETH_ALEN);
	memcpy(eth->h_source, o->src_mac, BENCH_ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(frame_size - sizeof(*eth));
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->daddr = o->dst_ip.s_addr;
	udp->dest = htons(o->dst_port);
	udp->len = htons(frame_size - sizeof(*eth) - sizeof(*ip));
	for (i = 0; i < frame_size - HDRS_SIZE; i++)
		payload[i] = (__u8)i;
	/* The program writes saddr, check and source per frame. */
	return csum_add(0, ip, sizeof(*ip));
}

/* Runs the program once on the template without live frames (nothing is
 * sent) and checks the frame it made: catches a broken checksum or layout
 * before any traffic. */
static int self_check(int prog_fd, const __u8 *frame, unsigned int size,
		      const struct options *o)
{
	__u8 out[MAX_FRAME_SIZE];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame,
		    .data_size_in = size, .data_out = out,
		    .data_size_out = sizeof(out), .repeat = 1);
	const struct iphdr *ip = (void *)(out + sizeof(struct ethhdr));
	const struct udphdr *udp = (void *)(ip + 1);
	int rc;

	rc = bpf_prog_test_run_opts(prog_fd, &opts);
	if (rc)
		return rc;
	if (opts.retval != XDP_REDIRECT) {
		fprintf(stderr, "xsw-pktgen: self-check: program returned %u\n",
			opts.retval);
		return -EPROTO;
	}
	if (csum_add(0, ip, sizeof(*ip)) != 0xffff ||
	    ip->saddr != o->src_ip.s_addr ||
	    ntohs(udp->source) != o->src_port) {
		fprintf(stderr, "xsw-pktgen: self-check: bad frame from the "
				"generator program\n");
		return -EPROTO;
	}
	return 0;
}

static __u64 sum_sent(void)
{
	__u64 n = 0;
	int i;

	for (i = 0; i < n_possible_cpus; i++)
		n += skel->bss->pktgen_cpus[i].n_sent;
	return n;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = w->frame,
		    .data_size_in = w->frame_size,
		    .flags = BPF_F_TEST_XDP_LIVE_FRAMES,
		    .batch_size = w->batch);
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	w->err = -pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	w->t_start = bench_now();
	while (!w->err && !stop) {
		__u32 repeat = UINT32_MAX;

		/* Without a cap every frame run is sent, so each worker runs
		 * exactly its share of a count; with a cap, main() stops us
		 * once enough were sent. */
		if (w->quota > 0) {
			__u64 left = w->quota - w->n_run;

			if (!left)
				break;
			if (left < repeat)
				repeat = (__u32)left;
		}
		/* One long run: the kernel checks for a signal between
		 * batches, and main() sends one to stop us. */
		opts.repeat = repeat;
		if (bpf_prog_test_run_opts(w->prog_fd, &opts)) {
			if (errno != EINTR)
				w->err = -errno;
			break;
		}
		w->n_run += repeat;
	}
	w->t_end = bench_now();
	w->done = true;
	return NULL;
}

static void on_wakeup(int sig)
{
	(void)sig;
}

static json_t *mac_json(const __u8 *m)
{
	return json_sprintf("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
			    m[3], m[4], m[5]);
}

int main(int argc, char **argv)
{
	struct worker workers[MAX_THREADS] = { 0 };
	unsigned int frame_size, i, n_distinct_cpus = 0;
	bool cpu_used[BENCH_MAX_CPUS] = { 0 };
	__u64 n_sent = 0, n_capped = 0, n_bad = 0, n_run = 0;
	double t_start = 0, t_end = 0, deadline, seconds;
	struct xsw_err err = { 0 };
	struct options o;
	json_t *out, *cpus, *errors;
	__u8 *frame;
	int rc, ifindex, prog_fd;

	if (parse_options(argc, argv, &o))
		return 2;
	bench_libbpf_quiet();
	n_possible_cpus = bench_check_cpus(&err);
	if (n_possible_cpus < 0)
		goto fail;
	if (o.netns && bench_enter_netns(o.netns, &err))
		goto fail;
	ifindex = bench_ifindex(o.dev, &err);
	if (ifindex < 0)
		goto fail;
	if (!o.src_mac_given && bench_if_mac(o.dev, o.src_mac, &err))
		goto fail;

	frame_size = o.size - FCS_SIZE;
	frame = calloc(1, frame_size);
	if (!frame) {
		xsw_err_set(&err, ENOMEM, "out of memory");
		goto fail;
	}

	for (i = 0; i < o.n_threads; i++) {
		int cpu = o.cpus[i % (o.n_cpus ? o.n_cpus : MAX_THREADS)];

		if (cpu >= n_possible_cpus) {
			xsw_err_set(&err, EINVAL, "CPU %d does not exist", cpu);
			goto fail;
		}
		if (!cpu_used[cpu])
			n_distinct_cpus++;
		cpu_used[cpu] = true;
	}

	skel = pktgen__open();
	if (!skel) {
		xsw_err_set(&err, errno, "opening the generator program: %s",
			    strerror(errno));
		goto fail;
	}
	skel->rodata->out_ifindex = (__u32)ifindex;
	skel->rodata->n_flows = o.n_flows;
	skel->rodata->src_ip_base = ntohl(o.src_ip.s_addr);
	skel->rodata->src_port_base = (__u16)o.src_port;
	skel->rodata->ip_csum_partial = build_template(&o, frame, frame_size);
	if (o.rate > 0) {
		double per_cpu = o.rate / n_distinct_cpus;

		skel->rodata->ns_per_frame_fp =
			(__u64)(1e9 * 1024.0 / per_cpu + 0.5);
		if (!skel->rodata->ns_per_frame_fp)
			skel->rodata->ns_per_frame_fp = 1;
		/* Up to a batch's worth may go back to back after a pause. */
		skel->rodata->burst_fp = skel->rodata->ns_per_frame_fp * 64;
	}
	rc = pktgen__load(skel);
	if (rc) {
		xsw_err_set(&err, rc, "loading the generator program: %s",
			    strerror(-rc));
		goto fail;
	}
	prog_fd = bpf_program__fd(skel->progs.xsw_pktgen);

	rc = self_check(prog_fd, frame, frame_size, &o);
	if (rc) {
		xsw_err_set(&err, rc, "generator self-check failed: %s",
			    strerror(-rc));
		goto fail;
	}
	memset(skel->bss->pktgen_cpus, 0, sizeof(skel->bss->pktgen_cpus));
	/* Spread the flow walk: thread k starts at flow n_flows * k / n. */
	for (i = 0; i < o.n_threads; i++) {
		int cpu = o.cpus[i % (o.n_cpus ? o.n_cpus : MAX_THREADS)];

		skel->bss->pktgen_cpus[cpu].next_flow =
			(__u32)((__u64)o.n_flows * i / o.n_threads);
	}

	bench_on_signals(&stop);
	{
		struct sigaction sa = { .sa_handler = on_wakeup };

		sigemptyset(&sa.sa_mask);
		sigaction(SIGUSR1, &sa, NULL);
	}
	count_limit = o.count;
	rate_capped = o.rate > 0;
	deadline = bench_now() + o.duration;
	for (i = 0; i < o.n_threads; i++) {
		struct worker *w = &workers[i];

		w->cpu = o.cpus[i % (o.n_cpus ? o.n_cpus : MAX_THREADS)];
		w->prog_fd = prog_fd;
		w->frame = frame;
		w->frame_size = frame_size;
		w->batch = o.batch;
		if (count_limit > 0 && !rate_capped) {
			__u64 total = (__u64)ceil(count_limit);

			w->quota = total / o.n_threads +
				   (i < total % o.n_threads ? 1 : 0);
			if (!w->quota) {
				w->done = true;
				continue;
			}
		}
		rc = pthread_create(&w->thread, NULL, worker_main, w);
		w->started = !rc;
		if (rc) {
			stop = true;
			o.n_threads = i;
			xsw_err_set(&err, rc, "creating a thread: %s",
				    strerror(rc));
			break;
		}
	}
	for (;;) {
		bool all_done = true;

		for (i = 0; i < o.n_threads; i++)
			all_done = all_done && workers[i].done;
		if (all_done || stop)
			break;
		if (o.duration > 0 && bench_now() >= deadline)
			stop = true;
		else if (count_limit > 0 && (double)sum_sent() >= count_limit)
			stop = true;
		else
			bench_sleep(0.005, &stop);
	}
	stop = true;
	/* Interrupt the runs until every worker has seen it. */
	for (;;) {
		bool all_done = true;

		for (i = 0; i < o.n_threads; i++) {
			if (!workers[i].done) {
				all_done = false;
				pthread_kill(workers[i].thread, SIGUSR1);
			}
		}
		if (all_done)
			break;
		bench_sleep(0.001, &(bool){ false });
	}
	for (i = 0; i < o.n_threads; i++)
		if (workers[i].started)
			pthread_join(workers[i].thread, NULL);

	errors = json_array();
	cpus = json_array();
	for (i = 0; i < o.n_threads; i++) {
		struct worker *w = &workers[i];

		if (!w->started)
			continue;
		if (!t_start || w->t_start < t_start)
			t_start = w->t_start;
		if (w->t_end > t_end)
			t_end = w->t_end;
		json_array_append_new(cpus, json_integer(w->cpu));
		if (w->err)
			json_array_append_new(
				errors, json_sprintf("thread %u: %s", i,
						     strerror(-w->err)));
	}
	for (i = 0; i < (unsigned int)n_possible_cpus; i++) {
		n_sent += skel->bss->pktgen_cpus[i].n_sent;
		n_capped += skel->bss->pktgen_cpus[i].n_capped;
		n_bad += skel->bss->pktgen_cpus[i].n_bad;
	}
	n_run = n_sent + n_capped + n_bad;
	if (err.code)
		json_array_append_new(errors, json_string(err.msg));
	seconds = t_end > t_start ? t_end - t_start : 0;
	out = json_pack(
		"{s:s, s:s, s:s?, s:i, s:o, s:o, s:i, s:i, s:i, s:i, s:o, s:i,"
		" s:o, s:f, s:I, s:I, s:I, s:I, s:f, s:f, s:o}",
		"tool", "xsw-pktgen", "dev", o.dev, "netns", o.netns,
		"ifindex", ifindex, "src_mac", mac_json(o.src_mac), "dst_mac",
		mac_json(o.dst_mac), "size", (int)o.size, "frame_bytes",
		(int)frame_size, "flows", (int)o.n_flows, "threads",
		(int)o.n_threads, "cpus", cpus, "batch", (int)o.batch,
		"rate_cap_pps", o.rate > 0 ? json_real(o.rate) : json_null(),
		"seconds", seconds, "frames_run", (json_int_t)n_run,
		"frames_sent", (json_int_t)n_sent, "frames_capped",
		(json_int_t)n_capped, "frames_aborted", (json_int_t)n_bad,
		"pps_sent", seconds > 0 ? (double)n_sent / seconds : 0.0,
		"gbps_sent",
		seconds > 0 ? (double)n_sent * o.size * 8 / seconds / 1e9 : 0.0,
		"errors", errors);
	rc = json_array_size(errors) || n_sent == 0 ? 1 : 0;
	bench_json_print(out);
	pktgen__destroy(skel);
	free(frame);
	return rc;

fail:
	fprintf(stderr, "xsw-pktgen: %s\n", err.msg);
	pktgen__destroy(skel);
	return 1;
}
