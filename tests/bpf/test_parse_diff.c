// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The differential test of flow key extraction: the XDP parser
 * (bpf/xsw_flow_key.h, run by tests/bpf/parse_probe.bpf.c through
 * BPF_PROG_RUN) against the userspace reference model
 * (src/lib/flow_extract.c).  For every frame and depth both must give the
 * same drop reason, and when there is none byte-identical keys and hdrs.
 *
 * Frames: hand-written ones with exact expected keys (byte order checked
 * byte by byte), every truncation of a set of representative frames,
 * thousands of random frames of every kind (VLAN tags, IPv4 options and
 * fragments, IPv6 extension header chains, TCP/UDP/SCTP/ICMP/ICMPv6/other,
 * ARP) each also mutated (cut, bytes flipped, IHL, version, length fields,
 * extra tags, source MAC, padding, ARP fields, EtherType), and multi-buffer
 * frames whose headers straddle the end of the first buffer.
 *
 * Four probe instances: the depth fixed at load time to L2, L3 or L4 (the
 * verifier prunes the rest; their cost is printed), and one reading it at
 * run time.  Every frame runs through the run-time one and the fixed one.
 *
 *   XSW_PARSE_SEED=N    replay a run (the seed is printed first)
 *   XSW_PARSE_FRAMES=N  random frames (default 20000, each also mutated)
 *
 * Frames shorter than 14 bytes cannot be run: BPF_PROG_RUN refuses them
 * (EINVAL), as no driver gives XDP such a frame.  RUNT is checked in the
 * reference's unit test (tests/unit/test_flow_extract.c).  No interface is
 * needed: ingress_ifindex 0 runs the program on the loopback queue.
 */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <xsw/drop.h>
#include <xsw/flow.h>
#include <xsw/parse.h>

#include "lib/flow_extract.h"
#include "parse_probe.skel.h"
#include "pktbuild.h"
#include "../lib/rng.h"

/* Probe instances: fixed depth L2..L4 at their depth's index, run-time at 0 */
#define INST_RUNTIME 0
#define N_INSTS 4
#define N_DEPTHS 3	      /* L2, L3, L4 */
#define VERIFIER_BUDGET 20000 /* insns; the parser is ~8k today */
#define MAX_REPORTS 8

struct probe_result { /* the value of the probe's probe_result map */
	struct xsw_flow_key key;
	struct xsw_hdrs hdrs;
};

struct outcome {
	int drop;
	struct xsw_flow_key key;
	struct xsw_hdrs hdrs;
};

static struct parse_probe *probes[N_INSTS];
static unsigned int verifier_insns[N_INSTS];
static uint64_t seed;

/* Outcome counts, by depth and by drop reason (the reference's answer),
 * and what the successful L4 extractions parsed. */
static unsigned long n_runs, n_mismatches;
static unsigned long outcomes[N_DEPTHS][XSW_DROP__COUNT];
enum {
	PARSED_L2_ONLY,
	PARSED_ARP,
	PARSED_IP4_PORTS,
	PARSED_IP4_FRAG_FIRST,
	PARSED_IP4_FRAG_LATER,
	PARSED_IP4_OTHER,
	PARSED_IP6_PORTS,
	PARSED_IP6_FRAG_FIRST,
	PARSED_IP6_FRAG_LATER,
	PARSED_IP6_OTHER,
	N_PARSED
};
static const char *const parsed_names[N_PARSED] = {
	"l2-only", "arp", "ip4+ports", "ip4-first-frag", "ip4-later-frag",
	"ip4-other-proto", "ip6+ports", "ip6-first-frag", "ip6-later-frag",
	"ip6-other-proto",
};
static unsigned long parsed[N_PARSED];
static unsigned long parsed_vlans[3];
static unsigned long parsed_ip6_exts[PKT_MAX_EXT + 1];
static unsigned long parsed_l4[256];
static unsigned long n_multibuf, n_split_drops;

static const char *const drop_names[XSW_DROP__COUNT] = {
	[XSW_DROP_NONE] = "none",
#define DROP_NAME_(e, name, desc) [XSW_DROP_##e] = name,
	XSW_DROP_REASONS(DROP_NAME_)
#undef DROP_NAME_
};

/* --- running a frame through both ---------------------------------------- */

static void hexdump(const char *what, const void *p, size_t len)
{
	const uint8_t *b = p;

	fprintf(stderr, "#   %s:", what);
	for (size_t i = 0; i < len; i++)
		fprintf(stderr, "%s%02x", i % 32 ? " " : "\n#     ", b[i]);
	fprintf(stderr, "\n");
}

static void run_bpf(int inst, const uint8_t *frame, size_t len,
		    uint32_t in_port, unsigned int depth, struct outcome *out,
		    uint32_t *head_len)
{
	struct parse_probe *p = probes[inst];
	struct xdp_md ctx = {.data_end = (__u32)len};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame,
		    .data_size_in = (__u32)len, .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);
	struct probe_result res;
	uint32_t n_before = p->bss->probe_out.n_runs, zero = 0;

	p->bss->probe_cfg.in_port = in_port;
	p->bss->probe_cfg.depth = depth;
	if (bpf_prog_test_run_opts(bpf_program__fd(p->progs.parse_probe),
				   &opts))
		fail_msg("BPF_PROG_RUN of a %zu-byte frame: %s", len,
			 strerror(errno));
	assert_int_equal(opts.retval, XDP_PASS);
	assert_int_equal(p->bss->probe_out.n_runs, n_before + 1);
	assert_int_equal(p->bss->probe_out.frame_len, len);
	if (bpf_map_lookup_elem(bpf_map__fd(p->maps.probe_result), &zero, &res))
		fail_msg("reading probe_result: %s", strerror(errno));
	out->drop = (int)p->bss->probe_out.drop;
	out->key = res.key;
	out->hdrs = res.hdrs;
	*head_len = p->bss->probe_out.head_len;
}

static bool same(const struct outcome *a, const struct outcome *b)
{
	if (a->drop != b->drop)
		return false;
	return a->drop != XSW_DROP_NONE ||
	       (!memcmp(&a->key, &b->key, sizeof(a->key)) &&
		!memcmp(&a->hdrs, &b->hdrs, sizeof(a->hdrs)));
}

static const char *drop_name(int drop)
{
	return drop >= 0 && drop < XSW_DROP__COUNT ? drop_names[drop] : "?";
}

static void report(int inst, const uint8_t *frame, size_t len,
		   uint32_t head_len, unsigned int depth,
		   const struct outcome *bpf, const struct outcome *ref)
{
	if (++n_mismatches > MAX_REPORTS)
		return;
	fprintf(stderr,
		"# MISMATCH (seed %llu): %zu-byte frame (%u in the first "
		"buffer), depth %u, probe %s: bpf %s, reference %s\n",
		(unsigned long long)seed, len, head_len, depth,
		inst == INST_RUNTIME ? "run-time" : "fixed",
		drop_name(bpf->drop), drop_name(ref->drop));
	hexdump("frame", frame, len < 160 ? len : 160);
	hexdump("bpf key", &bpf->key, sizeof(bpf->key));
	hexdump("ref key", &ref->key, sizeof(ref->key));
	hexdump("bpf hdrs", &bpf->hdrs, sizeof(bpf->hdrs));
	hexdump("ref hdrs", &ref->hdrs, sizeof(ref->hdrs));
}

static void count(unsigned int depth, const struct outcome *ref,
		  unsigned int n_exts)
{
	const struct xsw_hdrs *h = &ref->hdrs;
	const struct xsw_flow_key *k = &ref->key;
	int what;

	outcomes[depth - XSW_DEPTH_L2][ref->drop]++;
	if (depth != XSW_DEPTH_L4 || ref->drop != XSW_DROP_NONE)
		return;
	parsed_vlans[h->n_vlans]++;
	if (!h->l3_off) {
		what = PARSED_L2_ONLY;
	} else if (h->l3_proto == 0) {
		what = PARSED_ARP;
	} else {
		bool v6 = h->l3_proto == 6;

		if (k->nw_frag & XSW_FRAG_LATER)
			what =
			    v6 ? PARSED_IP6_FRAG_LATER : PARSED_IP4_FRAG_LATER;
		else if (k->nw_frag)
			what =
			    v6 ? PARSED_IP6_FRAG_FIRST : PARSED_IP4_FRAG_FIRST;
		else if (h->l4_off)
			what = v6 ? PARSED_IP6_PORTS : PARSED_IP4_PORTS;
		else
			what = v6 ? PARSED_IP6_OTHER : PARSED_IP4_OTHER;
		if (v6)
			parsed_ip6_exts[n_exts]++;
		if (h->l4_off)
			parsed_l4[k->nw_proto]++;
	}
	parsed[what]++;
}

/* Runs @frame at @depth through the run-time probe and the fixed one and
 * compares each with the reference; returns the reference's outcome.
 * @n_exts (IPv6 extension headers the frame was built with) is only
 * counted. */
static int check_depth(const uint8_t *frame, size_t len, uint32_t in_port,
		       unsigned int depth, unsigned int n_exts,
		       struct outcome *ref_out)
{
	struct outcome bpf, ref = {0};
	int insts[2] = {INST_RUNTIME, (int)depth - XSW_DEPTH_L2 + 1};

	for (int i = 0; i < 2; i++) {
		uint32_t head_len;

		run_bpf(insts[i], frame, len, in_port, depth, &bpf, &head_len);
		ref.drop = xsw_flow_extract_ref_mb(
		    frame, len, head_len, in_port, depth, &ref.key, &ref.hdrs);
		n_runs++;
		if (!same(&bpf, &ref))
			report(insts[i], frame, len, head_len, depth, &bpf,
			       &ref);
		if (head_len < len)
			n_multibuf++;
	}
	count(depth, &ref, n_exts);
	if (ref_out)
		*ref_out = ref;
	return ref.drop;
}

/* All three depths. */
static void check(const uint8_t *frame, size_t len, unsigned int n_exts)
{
	uint32_t in_port =
	    chance(50) ? rnd_below(XSW_MAX_PORTS) : (uint32_t)rnd();

	for (unsigned int d = XSW_DEPTH_L2; d <= XSW_DEPTH_L4; d++)
		check_depth(frame, len, in_port, d, n_exts, NULL);
}

/* Fails the test if it found mismatches (tests that come after it may
 * pass). */
static void assert_no_mismatch(void)
{
	static unsigned long n_failed;
	unsigned long n_new = n_mismatches - n_failed;

	n_failed = n_mismatches;
	if (n_new)
		fail_msg("%lu mismatches between the XDP parser and the "
			 "reference (the first %d of the run shown above); "
			 "replay with XSW_PARSE_SEED=%llu",
			 n_new, MAX_REPORTS, (unsigned long long)seed);
}

/* --- set-up: four probe instances, their verifier cost ------------------ */

static int load_probe(int inst, unsigned int depth)
{
	static char log[65536];
	struct parse_probe *p = parse_probe__open();
	const char *s;

	if (!p)
		return -errno;
	p->rodata->probe_depth = depth;
	/* BPF_LOG_STATS: only the summary line, "processed N insns ..." */
	bpf_program__set_log_level(p->progs.parse_probe, 4);
	bpf_program__set_log_buf(p->progs.parse_probe, log, sizeof(log));
	log[0] = '\0';
	if (parse_probe__load(p)) {
		int err = -errno;

		fprintf(stderr, "# loading the probe (depth %u): %s\n%s\n",
			depth, strerror(-err), log);
		parse_probe__destroy(p);
		return err;
	}
	s = strstr(log, "processed ");
	if (s)
		verifier_insns[inst] = (unsigned int)strtoul(s + 10, NULL, 10);
	probes[inst] = p;
	return 0;
}

static int setup(void **state)
{
	seed = rng_seed_from_env("XSW_PARSE_SEED", NULL, rng_clock_seed());
	if (load_probe(INST_RUNTIME, 0))
		return -1;
	for (unsigned int d = XSW_DEPTH_L2; d <= XSW_DEPTH_L4; d++)
		if (load_probe((int)d - XSW_DEPTH_L2 + 1, d))
			return -1;
	return 0;
}

static int teardown(void **state)
{
	for (int i = 0; i < N_INSTS; i++)
		parse_probe__destroy(probes[i]);
	return 0;
}

static void test_verifier_cost(void **state)
{
	static const char *const names[N_INSTS] = {
	    "depth read at run time",
	    "depth L2",
	    "depth L3",
	    "depth L4",
	};

	for (int i = 0; i < N_INSTS; i++) {
		printf("# verifier: %s: processed %u insns\n", names[i],
		       verifier_insns[i]);
		assert_true(verifier_insns[i] > 0);
		assert_true(verifier_insns[i] < VERIFIER_BUDGET);
	}
}

/* --- hand-written frames with exact keys --------------------------------- */

static const uint8_t MAC_A[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x0a};
static const uint8_t MAC_B[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x0b};

static struct pkt_spec base_spec(enum pkt_l3 l3, enum pkt_l4 l4)
{
	struct pkt_spec s = {.l3 = l3, .l4 = l4, .ttl = 64};

	memcpy(s.dst, MAC_B, 6);
	memcpy(s.src, MAC_A, 6);
	if (l3 == PKT_L3_IPV6) {
		static const uint8_t a[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
		static const uint8_t b[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};

		memcpy(s.ip_src, a, 16);
		memcpy(s.ip_dst, b, 16);
	} else {
		pkt_ip4(s.ip_src, 10, 0, 0, 1);
		pkt_ip4(s.ip_dst, 10, 0, 0, 2);
	}
	return s;
}

/* Sets a be16 field from its two wire bytes, so a test states byte order. */
static void be16_bytes(__be16 *field, uint8_t hi, uint8_t lo)
{
	uint8_t b[2] = {hi, lo};

	memcpy(field, b, 2);
}

/* The outcome every instance and the reference must produce; a NULL @key
 * or @hdrs is not checked. */
static void expect(const struct pkt *pkt, unsigned int depth, uint32_t in_port,
		   int drop, const struct xsw_flow_key *key,
		   const struct xsw_hdrs *hdrs)
{
	struct outcome ref;

	assert_int_equal(
	    check_depth(pkt->data, pkt->len, in_port, depth, 0, &ref), drop);
	assert_no_mismatch();
	if (drop != XSW_DROP_NONE)
		return;
	if (key && memcmp(&ref.key, key, sizeof(*key))) {
		hexdump("got key", &ref.key, sizeof(*key));
		hexdump("want key", key, sizeof(*key));
		fail_msg("key differs from the expected one");
	}
	if (hdrs && memcmp(&ref.hdrs, hdrs, sizeof(*hdrs))) {
		hexdump("got hdrs", &ref.hdrs, sizeof(*hdrs));
		hexdump("want hdrs", hdrs, sizeof(*hdrs));
		fail_msg("hdrs differ from the expected ones");
	}
}

static struct xsw_flow_key l2_key(uint32_t in_port, uint8_t type_hi,
				  uint8_t type_lo)
{
	struct xsw_flow_key k = {.in_port = in_port};

	memcpy(k.dl_src, MAC_A, 6);
	memcpy(k.dl_dst, MAC_B, 6);
	be16_bytes(&k.dl_type, type_hi, type_lo);
	return k;
}

static void test_table_ip4_tcp(void **state)
{
	struct pkt_spec s = base_spec(PKT_L3_IPV4, PKT_L4_TCP);
	struct xsw_flow_key k = l2_key(7, 0x08, 0x00);
	struct xsw_hdrs h = {0};
	struct pkt pkt;

	s.sport = 0x1234;
	s.dport = 80;
	s.tos = 0xb8; /* DSCP EF */
	s.ttl = 17;
	s.payload_len = 10;
	pkt_build(&pkt, &s);

	expect(&pkt, XSW_DEPTH_L2, 7, XSW_DROP_NONE, &k, &h);
	k.nw_proto = 6;
	k.nw_tos = 0xb8;
	k.nw_ttl = 17;
	memcpy(k.nw_src.ip6, "\x0a\x00\x00\x01", 4);
	memcpy(k.nw_dst.ip6, "\x0a\x00\x00\x02", 4);
	h.l3_off = 14;
	h.l3_proto = 4;
	expect(&pkt, XSW_DEPTH_L3, 7, XSW_DROP_NONE, &k, &h);
	be16_bytes(&k.tp_src, 0x12, 0x34);
	be16_bytes(&k.tp_dst, 0x00, 80);
	h.l4_off = 34;
	expect(&pkt, XSW_DEPTH_L4, 7, XSW_DROP_NONE, &k, &h);

	/* 8 bytes of options move the L4 header */
	s.ip_opts_len = 8;
	pkt_build(&pkt, &s);
	h.l4_off = 42;
	expect(&pkt, XSW_DEPTH_L4, 7, XSW_DROP_NONE, &k, &h);
}

static void test_table_vlan_ip6_udp(void **state)
{
	struct pkt_spec s = base_spec(PKT_L3_IPV6, PKT_L4_UDP);
	struct xsw_flow_key k = l2_key(1, 0x86, 0xdd);
	struct xsw_hdrs h = {.n_vlans = 2, .l3_off = 22, .l3_proto = 6};
	struct pkt pkt;

	s.n_vlans = 2;
	s.vlans[0].tpid = 0x88a8;
	s.vlans[0].tci = 0x2000 | 100; /* PCP 1, VID 100 */
	s.vlans[1].tpid = 0x8100;
	s.vlans[1].tci = 200;
	s.sport = 53;
	s.dport = 0xabcd;
	s.tos = 0x2e; /* traffic class */
	s.ttl = 255;
	pkt_build(&pkt, &s);

	be16_bytes(&k.vlan_tci, 0x30, 0x64); /* PCP 1, PRESENT, VID 100 */
	k.nw_proto = 17;
	k.nw_tos = 0x2e;
	k.nw_ttl = 255;
	memcpy(k.nw_src.ip6, s.ip_src, 16);
	memcpy(k.nw_dst.ip6, s.ip_dst, 16);
	be16_bytes(&k.tp_src, 0x00, 53);
	be16_bytes(&k.tp_dst, 0xab, 0xcd);
	h.l4_off = 62;
	expect(&pkt, XSW_DEPTH_L4, 1, XSW_DROP_NONE, &k, &h);

	/* VLAN 0 is not "untagged" */
	s.n_vlans = 1;
	s.vlans[0].tci = 0;
	pkt_build(&pkt, &s);
	be16_bytes(&k.vlan_tci, 0x10, 0x00);
	h.n_vlans = 1;
	h.l3_off = 18;
	h.l4_off = 58;
	expect(&pkt, XSW_DEPTH_L4, 1, XSW_DROP_NONE, &k, &h);

	/* a third tag: dl_type is its TPID and nothing deeper is parsed */
	s.n_vlans = 3;
	s.vlans[0].tci = 0xe00f;
	s.vlans[2].tpid = 0x8100;
	pkt_build(&pkt, &s);
	k = l2_key(1, 0x81, 0x00);
	be16_bytes(&k.vlan_tci, 0xf0, 0x0f);
	h = (struct xsw_hdrs){.n_vlans = 2};
	expect(&pkt, XSW_DEPTH_L4, 1, XSW_DROP_NONE, &k, &h);
}

static void test_table_icmp(void **state)
{
	struct pkt_spec s = base_spec(PKT_L3_IPV4, PKT_L4_ICMP);
	struct xsw_flow_key k = l2_key(3, 0x08, 0x00);
	struct xsw_hdrs h = {.l3_off = 14, .l3_proto = 4, .l4_off = 34};
	struct pkt pkt;

	s.sport = 8; /* echo request */
	s.dport = 0;
	pkt_build(&pkt, &s);
	k.nw_proto = 1;
	k.nw_ttl = 64;
	memcpy(k.nw_src.ip6, "\x0a\x00\x00\x01", 4);
	memcpy(k.nw_dst.ip6, "\x0a\x00\x00\x02", 4);
	be16_bytes(&k.tp_src, 0x00, 0x08);
	be16_bytes(&k.tp_dst, 0x00, 0x00);
	expect(&pkt, XSW_DEPTH_L4, 3, XSW_DROP_NONE, &k, &h);

	s = base_spec(PKT_L3_IPV6, PKT_L4_ICMP);
	s.sport = 135; /* neighbour solicitation */
	s.dport = 7;
	pkt_build(&pkt, &s);
	k = l2_key(3, 0x86, 0xdd);
	k.nw_proto = 58;
	k.nw_ttl = 64;
	memcpy(k.nw_src.ip6, s.ip_src, 16);
	memcpy(k.nw_dst.ip6, s.ip_dst, 16);
	be16_bytes(&k.tp_src, 0x00, 135);
	be16_bytes(&k.tp_dst, 0x00, 7);
	h = (struct xsw_hdrs){.l3_off = 14, .l3_proto = 6, .l4_off = 54};
	expect(&pkt, XSW_DEPTH_L4, 3, XSW_DROP_NONE, &k, &h);

	/* ICMPv4's protocol number in IPv6 is no ICMP: no type/code */
	s.l4 = PKT_L4_NONE;
	s.ip_proto = 1;
	pkt_build(&pkt, &s);
	k.nw_proto = 1;
	k.tp_src = k.tp_dst = 0;
	h.l4_off = 0;
	expect(&pkt, XSW_DEPTH_L4, 3, XSW_DROP_NONE, &k, &h);
}

static void test_table_arp(void **state)
{
	struct pkt_spec s = base_spec(PKT_L3_ARP, PKT_L4_NONE);
	struct xsw_flow_key k = l2_key(9, 0x08, 0x06);
	struct xsw_hdrs h = {.l3_off = 14};
	struct pkt pkt;

	s.arp_op = 2; /* reply */
	pkt_build(&pkt, &s);
	k.nw_proto = 2;
	memcpy(k.nw_src.ip6, "\x0a\x00\x00\x01", 4); /* SPA */
	memcpy(k.nw_dst.ip6, "\x0a\x00\x00\x02", 4); /* TPA */
	expect(&pkt, XSW_DEPTH_L3, 9, XSW_DROP_NONE, &k, &h);
	expect(&pkt, XSW_DEPTH_L4, 9, XSW_DROP_NONE, &k, &h);

	/* opcode 0x0301: the low byte only */
	s.arp_op = 0x0301;
	pkt_build(&pkt, &s);
	k.nw_proto = 1;
	expect(&pkt, XSW_DEPTH_L4, 9, XSW_DROP_NONE, &k, &h);

	/* not Ethernet/IPv4 (hlen 8): opcode only, 8 bytes are enough */
	pkt.data[14 + 4] = 8;
	pkt.len = 14 + 8;
	memset(&k.nw_src, 0, sizeof(k.nw_src));
	memset(&k.nw_dst, 0, sizeof(k.nw_dst));
	expect(&pkt, XSW_DEPTH_L4, 9, XSW_DROP_NONE, &k, &h);
	pkt.len = 14 + 7;
	expect(&pkt, XSW_DEPTH_L4, 9, XSW_DROP_TRUNCATED_ARP, NULL, NULL);

	/* Ethernet/IPv4 needs all 28 bytes */
	pkt_build(&pkt, &s);
	pkt.len = 14 + 27;
	expect(&pkt, XSW_DEPTH_L3, 9, XSW_DROP_TRUNCATED_ARP, NULL, NULL);
	expect(&pkt, XSW_DEPTH_L2, 9, XSW_DROP_NONE, NULL,
	       &(struct xsw_hdrs){0});
}

static void test_table_fragments(void **state)
{
	struct pkt_spec s = base_spec(PKT_L3_IPV4, PKT_L4_UDP);
	struct xsw_flow_key k = l2_key(2, 0x08, 0x00);
	struct xsw_hdrs h = {.l3_off = 14, .l3_proto = 4};
	struct pkt pkt;

	s.ip_frag = 0x2000; /* MF, offset 0: the first fragment */
	pkt_build(&pkt, &s);
	k.nw_proto = 17;
	k.nw_ttl = 64;
	k.nw_frag = XSW_FRAG_ANY;
	memcpy(k.nw_src.ip6, "\x0a\x00\x00\x01", 4);
	memcpy(k.nw_dst.ip6, "\x0a\x00\x00\x02", 4);
	expect(&pkt, XSW_DEPTH_L4, 2, XSW_DROP_NONE, &k, &h);

	s.ip_frag = 0x00b9; /* offset 185 * 8, last */
	pkt_build(&pkt, &s);
	k.nw_frag = XSW_FRAG_ANY | XSW_FRAG_LATER;
	expect(&pkt, XSW_DEPTH_L4, 2, XSW_DROP_NONE, &k, &h);

	s.ip_frag = 0x4000; /* DF only: not a fragment */
	pkt_build(&pkt, &s);
	k.nw_frag = 0;
	h.l4_off = 34;
	memcpy(&k.tp_src, pkt.data + 34, 4);
	expect(&pkt, XSW_DEPTH_L4, 2, XSW_DROP_NONE, &k, &h);

	/* IPv6: a later fragment stops the walk at 44 */
	s = base_spec(PKT_L3_IPV6, PKT_L4_TCP);
	s.n_exts = 2;
	s.exts[0] = (struct pkt_ext){.type = 0, .len = 1}; /* 16 bytes */
	s.exts[1] = (struct pkt_ext){.type = 44, .frag = 100 << 3};
	pkt_build(&pkt, &s);
	k = l2_key(2, 0x86, 0xdd);
	k.nw_proto = 44;
	k.nw_ttl = 64;
	k.nw_frag = XSW_FRAG_ANY | XSW_FRAG_LATER;
	memcpy(k.nw_src.ip6, s.ip_src, 16);
	memcpy(k.nw_dst.ip6, s.ip_dst, 16);
	h = (struct xsw_hdrs){.l3_off = 14, .l3_proto = 6};
	expect(&pkt, XSW_DEPTH_L4, 2, XSW_DROP_NONE, &k, &h);

	/* the first fragment: the walk goes on, L4 is not parsed */
	s.exts[1].frag = 1; /* offset 0, M */
	pkt_build(&pkt, &s);
	k.nw_proto = 6;
	k.nw_frag = XSW_FRAG_ANY;
	expect(&pkt, XSW_DEPTH_L4, 2, XSW_DROP_NONE, &k, &h);

	/* an atomic fragment (offset 0, no M, reserved bits set) is none */
	s.exts[1].frag = 6;
	pkt_build(&pkt, &s);
	k.nw_frag = 0;
	h.l4_off = 14 + 40 + 16 + 8;
	memcpy(&k.tp_src, pkt.data + h.l4_off, 4);
	expect(&pkt, XSW_DEPTH_L4, 2, XSW_DROP_NONE, &k, &h);
}

static void test_table_ip6_ext_limit(void **state)
{
	struct pkt_spec s = base_spec(PKT_L3_IPV6, PKT_L4_TCP);
	struct xsw_flow_key k = l2_key(4, 0x86, 0xdd);
	struct xsw_hdrs h = {.l3_off = 14, .l3_proto = 6};
	struct pkt pkt;

	/* six walked (one of each kind, AH 12 bytes), then TCP */
	static const uint8_t types[] = {0, 60, 43, 51, 44, 60, 60};

	s.n_exts = 6;
	for (unsigned int i = 0; i < 7; i++)
		s.exts[i] = (struct pkt_ext){.type = types[i], .len = 1};
	pkt_build(&pkt, &s);
	k.nw_proto = 6;
	k.nw_ttl = 64;
	memcpy(k.nw_src.ip6, s.ip_src, 16);
	memcpy(k.nw_dst.ip6, s.ip_dst, 16);
	h.l4_off = 14 + 40 + 16 + 16 + 16 + 12 + 8 + 16;
	memcpy(&k.tp_src, pkt.data + h.l4_off, 4);
	expect(&pkt, XSW_DEPTH_L4, 4, XSW_DROP_NONE, &k, &h);

	/* a seventh: nw_proto is its type and L4 is not reached */
	s.n_exts = 7;
	pkt_build(&pkt, &s);
	k.nw_proto = 60;
	k.tp_src = k.tp_dst = 0;
	h.l4_off = 0;
	expect(&pkt, XSW_DEPTH_L4, 4, XSW_DROP_NONE, &k, &h);
}

static void test_table_drops(void **state)
{
	struct pkt_spec s = base_spec(PKT_L3_IPV4, PKT_L4_TCP);
	struct pkt pkt;

	pkt_build(&pkt, &s);
	pkt.data[6] = 0x01; /* multicast source */
	expect(&pkt, XSW_DEPTH_L2, 0, XSW_DROP_BAD_SRC_MAC, NULL, NULL);
	memset(pkt.data + 6, 0, 6);
	expect(&pkt, XSW_DEPTH_L2, 0, XSW_DROP_BAD_SRC_MAC, NULL, NULL);

	pkt_build(&pkt, &s);
	pkt.data[14] = 0x44; /* IHL 4 */
	expect(&pkt, XSW_DEPTH_L2, 0, XSW_DROP_NONE, NULL,
	       &(struct xsw_hdrs){0});
	expect(&pkt, XSW_DEPTH_L3, 0, XSW_DROP_BAD_IP_HEADER, NULL, NULL);
	pkt.data[14] = 0x65; /* version 6 */
	expect(&pkt, XSW_DEPTH_L3, 0, XSW_DROP_BAD_IP_HEADER, NULL, NULL);
	pkt.len = 14 + 19; /* but first of all too short */
	expect(&pkt, XSW_DEPTH_L3, 0, XSW_DROP_TRUNCATED_IP, NULL, NULL);

	pkt_build(&pkt, &s);
	pkt.data[17] += 1; /* total length one more than there is */
	expect(&pkt, XSW_DEPTH_L3, 0, XSW_DROP_TRUNCATED_IP, NULL, NULL);
	pkt.data[16] = 0;
	pkt.data[17] = 19; /* below the header length */
	expect(&pkt, XSW_DEPTH_L3, 0, XSW_DROP_BAD_IP_HEADER, NULL, NULL);
	pkt.data[17] = 20 + 19; /* TCP cut by the total length */
	expect(&pkt, XSW_DEPTH_L3, 0, XSW_DROP_NONE, NULL, NULL);
	expect(&pkt, XSW_DEPTH_L4, 0, XSW_DROP_TRUNCATED_L4, NULL, NULL);

	s = base_spec(PKT_L3_IPV6, PKT_L4_UDP);
	s.n_vlans = 1;
	s.vlans[0].tpid = 0x8100;
	pkt_build(&pkt, &s);
	pkt.len = 17;
	expect(&pkt, XSW_DEPTH_L2, 0, XSW_DROP_TRUNCATED_VLAN, NULL, NULL);
	pkt_build(&pkt, &s);
	pkt.data[18] = 0x40;
	expect(&pkt, XSW_DEPTH_L3, 0, XSW_DROP_BAD_IP6_HEADER, NULL, NULL);
	pkt_build(&pkt, &s);
	pkt.data[18 + 5] += 1; /* payload length */
	expect(&pkt, XSW_DEPTH_L3, 0, XSW_DROP_TRUNCATED_IP6, NULL, NULL);
	pkt_build(&pkt, &s);
	pkt.len -= 1;
	expect(&pkt, XSW_DEPTH_L3, 0, XSW_DROP_TRUNCATED_IP6, NULL, NULL);
	pkt_build(&pkt, &s);
	pkt.data[18 + 4] = pkt.data[18 + 5] = 0; /* payload 0: UDP cut */
	expect(&pkt, XSW_DEPTH_L3, 0, XSW_DROP_NONE, NULL, NULL);
	expect(&pkt, XSW_DEPTH_L4, 0, XSW_DROP_TRUNCATED_L4, NULL, NULL);

	s.n_exts = 1;
	s.exts[0] = (struct pkt_ext){.type = 60, .len = 2};
	pkt_build(&pkt, &s);
	pkt.len = 18 + 40 + 23; /* the options header cut */
	expect(&pkt, XSW_DEPTH_L3, 0, XSW_DROP_TRUNCATED_IP6, NULL, NULL);
}

/* --- truncation sweeps --------------------------------------------------- */

/* Representative frames of every kind. */
static unsigned int sample_specs(struct pkt_spec *specs)
{
	unsigned int n = 0;
	static const struct pkt_ext chain[] = {
	    {.type = 0, .len = 0},  {.type = 43, .len = 1},
	    {.type = 51, .len = 1}, {.type = 44, .frag = 0},
	    {.type = 60, .len = 0},
	};
	enum pkt_l4 l4s[] = {PKT_L4_TCP, PKT_L4_UDP, PKT_L4_SCTP, PKT_L4_ICMP,
			     PKT_L4_NONE};

	for (unsigned int v = 0; v <= 2; v++) {
		for (unsigned int i = 0; i < 5; i++) {
			struct pkt_spec *s = &specs[n++];

			*s = base_spec(PKT_L3_IPV4, l4s[i]);
			s->ip_proto = 47; /* GRE, for PKT_L4_NONE */
			s->ip_opts_len = (uint8_t)(4 * i);
			s->payload_len = 3;
			s->n_vlans = v;
			s->vlans[0].tpid = 0x88a8;
			s->vlans[1].tpid = 0x8100;

			s = &specs[n++];
			*s = base_spec(PKT_L3_IPV6, l4s[i]);
			s->ip_proto = 59;
			s->n_exts = i + v; /* 0..6 of the chain */
			for (unsigned int e = 0; e < s->n_exts; e++)
				s->exts[e] = chain[e % 5];
			s->payload_len = 2;
			s->n_vlans = v;
			s->vlans[0].tpid = 0x8100;
			s->vlans[1].tpid = 0x8100;
		}
		specs[n] = base_spec(PKT_L3_ARP, PKT_L4_NONE);
		specs[n].n_vlans = v;
		specs[n].vlans[0].tpid = specs[n].vlans[1].tpid = 0x8100;
		n++;
	}
	specs[n] = base_spec(PKT_L3_IPV4, PKT_L4_UDP); /* first fragment */
	specs[n++].ip_frag = 0x2000;
	specs[n] = base_spec(PKT_L3_IPV6, PKT_L4_TCP); /* first fragment */
	specs[n].n_exts = 1;
	specs[n++].exts[0] = (struct pkt_ext){.type = 44, .frag = 1};
	return n;
}

static void test_diff_truncations(void **state)
{
	struct pkt_spec specs[48];
	unsigned int n_specs = sample_specs(specs);
	unsigned long before = n_runs;
	struct pkt pkt;

	for (unsigned int i = 0; i < n_specs; i++) {
		pkt_build(&pkt, &specs[i]);
		for (size_t len = 14; len <= pkt.len; len++)
			check(pkt.data, len, specs[i].n_exts);
	}
	printf("# truncations: %u frames cut at every length, %lu runs\n",
	       n_specs, n_runs - before);
	assert_no_mismatch();
}

/* --- random frames and their mutations ----------------------------------- */

static void random_spec(struct pkt_spec *s)
{
	static const uint8_t ext_types[] = {0, 43, 60, 51, 44};
	static const uint16_t eth_types[] = {0x88cc, 0x8847, 0x8035, 0x0842,
					     0x0800, 0x86dd, 0x0806};
	unsigned int kind = rnd_below(100);

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < 6; i++) {
		s->dst[i] = (uint8_t)rnd();
		s->src[i] = (uint8_t)rnd();
	}
	s->src[0] = (uint8_t)((s->src[0] & 0xfc) | 0x02); /* unicast, local */
	s->n_vlans = chance(50) ? 0 : chance(50) ? 1 : chance(85) ? 2 : 3;
	for (unsigned int i = 0; i < PKT_MAX_VLANS; i++) {
		s->vlans[i].tpid = chance(50) ? 0x8100 : 0x88a8;
		s->vlans[i].tci = (uint16_t)rnd();
	}
	s->tos = (uint8_t)rnd();
	s->ttl = (uint8_t)rnd();
	for (int i = 0; i < 16; i++) {
		s->ip_src[i] = (uint8_t)rnd();
		s->ip_dst[i] = (uint8_t)rnd();
	}
	s->sport = (uint16_t)rnd();
	s->dport = (uint16_t)rnd();
	s->tcp_flags = (uint8_t)rnd();
	s->payload_len = chance(75)   ? rnd_below(64)
			 : chance(70) ? rnd_below(1500)
				      : rnd_below(9000);

	if (kind < 35) {
		s->l3 = PKT_L3_IPV4;
		if (chance(30))
			s->ip_opts_len = (uint8_t)(4 * rnd_below(11));
		if (chance(25)) /* MF and/or an offset, DF, the evil bit */
			s->ip_frag =
			    (uint16_t)(rnd() & (chance(50) ? 0x2000 : 0xffff));
		else if (chance(50))
			s->ip_frag = 0x4000;
	} else if (kind < 75) {
		s->l3 = PKT_L3_IPV6;
		s->n_exts = chance(40) ? 0 : 1 + rnd_below(PKT_MAX_EXT);
		for (unsigned int i = 0; i < s->n_exts; i++) {
			struct pkt_ext *e = &s->exts[i];

			e->type = ext_types[rnd_below(5)];
			e->len = (uint8_t)(chance(85) ? rnd_below(4)
						      : rnd_below(256));
			e->frag = chance(40)   ? 0
				  : chance(50) ? 1
					       : (uint16_t)rnd();
		}
	} else if (kind < 88) {
		s->l3 = PKT_L3_ARP;
		s->arp_op = chance(50) ? 1 : chance(60) ? 2 : (uint16_t)rnd();
	} else {
		s->l3 = PKT_L3_NONE;
		s->eth_type = chance(30)   ? (uint16_t)rnd_below(0x600)
			      : chance(60) ? eth_types[rnd_below(7)]
					   : (uint16_t)rnd();
	}
	switch (rnd_below(6)) {
	case 0:
		s->l4 = PKT_L4_TCP;
		break;
	case 1:
		s->l4 = PKT_L4_UDP;
		break;
	case 2:
		s->l4 = PKT_L4_SCTP;
		break;
	case 3:
		s->l4 = PKT_L4_ICMP;
		break;
	default:
		s->l4 = PKT_L4_NONE;
		s->ip_proto =
		    chance(50)
			? (uint8_t)rnd()
			: (uint8_t)(chance(50) ? 1 : 58); /* wrong ICMP */
	}
}

enum mutation {
	MUT_CUT,
	MUT_FLIP,
	MUT_FLIPS,
	MUT_IHL,
	MUT_VERSION,
	MUT_L3_LEN,
	MUT_SRC_MAC,
	MUT_EXTRA_TAGS,
	MUT_PAD,
	MUT_ARP,
	MUT_TYPE,
	N_MUTATIONS
};
static const char *const mutation_names[N_MUTATIONS] = {
	"cut", "flip", "flips", "ihl", "version", "l3-length", "src-mac",
	"extra-tags", "padding", "arp-fields", "ethertype",
};
static unsigned long n_mutated[N_MUTATIONS];

/* Mutates a copy of @pkt into @buf; returns its length. */
static size_t mutate(const struct pkt *pkt, enum mutation m, uint8_t *buf)
{
	size_t len = pkt->len, l3 = pkt->l3_off;
	size_t hdr_end = pkt->l4_off ? pkt->l4_off + 24 : l3 + 64;
	uint16_t v;

	memcpy(buf, pkt->data, len);
	if (hdr_end > len)
		hdr_end = len;
	switch (m) {
	case MUT_CUT:
		len = 14 + rnd_below((uint32_t)(len - 14 + 1));
		break;
	case MUT_FLIPS:
		for (unsigned int n = 2 + rnd_below(4); n; n--)
			buf[rnd_below((uint32_t)hdr_end)] ^=
			    (uint8_t)(1 + rnd_below(255));
		break;
	case MUT_FLIP:
		buf[rnd_below((uint32_t)hdr_end)] ^=
		    (uint8_t)(1 + rnd_below(255));
		break;
	case MUT_IHL:
		buf[l3] = (uint8_t)((buf[l3] & 0xf0) | rnd_below(16));
		break;
	case MUT_VERSION:
		buf[l3] = (uint8_t)(rnd_below(16) << 4 | (buf[l3] & 0x0f));
		break;
	case MUT_L3_LEN: {
		size_t at = l3 + ((buf[l3] >> 4) == 6 ? 4 : 2);

		v = (uint16_t)(buf[at] << 8 | buf[at + 1]);
		v = chance(40)	 ? (uint16_t)(v + rnd_below(33) - 16)
		    : chance(50) ? (uint16_t)rnd()
				 : 0;
		buf[at] = (uint8_t)(v >> 8);
		buf[at + 1] = (uint8_t)v;
		break;
	}
	case MUT_SRC_MAC:
		if (chance(50))
			buf[6] |= 1;
		else
			memset(buf + 6, chance(50) ? 0xff : 0, 6);
		break;
	case MUT_EXTRA_TAGS:
		for (unsigned int n = 1 + rnd_below(2); n; n--) {
			if (len + 4 > PKT_MAX)
				break;
			memmove(buf + 16, buf + 12, len - 12);
			v = chance(50) ? 0x8100 : 0x88a8;
			buf[12] = (uint8_t)(v >> 8);
			buf[13] = (uint8_t)v;
			len += 4;
		}
		break;
	case MUT_PAD:
		for (unsigned int n = rnd_below(48); n && len < PKT_MAX; n--)
			buf[len++] = (uint8_t)rnd();
		break;
	case MUT_ARP:
		buf[l3 + rnd_below(8)] =
		    (uint8_t)(chance(50) ? rnd() : rnd_below(9));
		break;
	case MUT_TYPE:
		v = (uint16_t[]){0x0800, 0x86dd, 0x0806, 0x8100,
				 0x88a8}[rnd_below(5)];
		buf[l3 - 2] = (uint8_t)(v >> 8);
		buf[l3 - 1] = (uint8_t)v;
		break;
	default:
		break;
	}
	return len;
}

static void test_diff_random(void **state)
{
	const char *env = getenv("XSW_PARSE_FRAMES");
	unsigned long n_frames = env ? strtoul(env, NULL, 0) : 20000;
	static uint8_t buf[PKT_MAX];
	unsigned long before = n_runs;
	struct timespec t0, t1;
	struct pkt_spec s;
	struct pkt pkt;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned long i = 0; i < n_frames; i++) {
		random_spec(&s);
		pkt_build(&pkt, &s);
		check(pkt.data, pkt.len, s.n_exts);
		for (unsigned int n = 1 + rnd_below(3); n; n--) {
			enum mutation m = (enum mutation)rnd_below(N_MUTATIONS);
			size_t len = mutate(&pkt, m, buf);

			n_mutated[m]++;
			check(buf, len, s.n_exts);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# random: %lu frames and their mutations, %lu runs in %.2f s\n",
	       n_frames, n_runs - before,
	       (double)(t1.tv_sec - t0.tv_sec) +
		   (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	printf("# mutations:");
	for (int m = 0; m < N_MUTATIONS; m++)
		printf(" %s %lu", mutation_names[m], n_mutated[m]);
	printf("\n");
	assert_no_mismatch();
}

/* --- multi-buffer frames ------------------------------------------------- */

static void test_diff_multibuffer(void **state)
{
	unsigned long before = n_runs, multi_before = n_multibuf;
	struct pkt_spec s;
	struct pkt pkt;

	/* Jumbo frames: lengths are checked against all the buffers. */
	for (int i = 0; i < 200; i++) {
		struct outcome ref;
		int drop;

		s = base_spec(chance(50) ? PKT_L3_IPV4 : PKT_L3_IPV6,
			      PKT_L4_TCP);
		s.payload_len = 3600 + rnd_below(5000);
		pkt_build(&pkt, &s);
		drop = check_depth(pkt.data, pkt.len, 1, XSW_DEPTH_L4, 0, &ref);
		assert_int_equal(drop, XSW_DROP_NONE);
		drop = check_depth(pkt.data, pkt.len - 1 - rnd_below(100), 1,
				   XSW_DEPTH_L4, 0, NULL);
		assert_int_equal(drop, s.l3 == PKT_L3_IPV4
					   ? XSW_DROP_TRUNCATED_IP
					   : XSW_DROP_TRUNCATED_IP6);
	}

	/* Extension headers long enough that what follows them straddles
	 * the end of the first buffer (3520 bytes here): the header is then
	 * "cut short", even though the frame goes on. */
	for (unsigned int v = 0; v <= 2; v++) {
		for (unsigned int a = 200; a < 256; a++) {
			for (unsigned int ah = 0; ah < 4; ah++) {
				size_t l4 = 14 + 4 * v + 40 + (a + 1) * 8 +
					    (200 + 1) * 8 + (ah + 2) * 4;
				struct outcome ref;

				if (l4 + 24 < 3520 || l4 > 3528)
					continue;
				s = base_spec(PKT_L3_IPV6, PKT_L4_TCP);
				s.n_vlans = v;
				s.vlans[0].tpid = s.vlans[1].tpid = 0x8100;
				s.n_exts = 3;
				s.exts[0] = (struct pkt_ext){0, (uint8_t)a, 0};
				s.exts[1] = (struct pkt_ext){60, 200, 0};
				s.exts[2] =
				    (struct pkt_ext){51, (uint8_t)ah, 0};
				s.payload_len = 100;
				pkt_build(&pkt, &s);
				for (unsigned int d = XSW_DEPTH_L3;
				     d <= XSW_DEPTH_L4; d++)
					if (check_depth(pkt.data, pkt.len, 5, d,
							3,
							&ref) != XSW_DROP_NONE)
						n_split_drops++;
			}
		}
	}
	printf("# multi-buffer: %lu runs, %lu of them on frames longer than "
	       "the first buffer, %lu split headers dropped\n",
	       n_runs - before, n_multibuf - multi_before, n_split_drops);
	assert_true(n_split_drops > 0);
	assert_no_mismatch();
}

/* --- what all of it covered ---------------------------------------------- */

static void test_coverage(void **state)
{
	static const int parse_drops[] = {
	    XSW_DROP_BAD_SRC_MAC,   XSW_DROP_TRUNCATED_VLAN,
	    XSW_DROP_TRUNCATED_IP,  XSW_DROP_BAD_IP_HEADER,
	    XSW_DROP_TRUNCATED_IP6, XSW_DROP_BAD_IP6_HEADER,
	    XSW_DROP_TRUNCATED_L4,  XSW_DROP_TRUNCATED_ARP,
	};

	printf("# %lu runs (frame x depth x probe) in all, %lu mismatches\n",
	       n_runs, n_mismatches);
	for (int d = 0; d < N_DEPTHS; d++) {
		printf("# depth L%d outcomes:", d + 2);
		for (int r = 0; r < XSW_DROP__COUNT; r++)
			if (outcomes[d][r])
				printf(" %s %lu", drop_names[r],
				       outcomes[d][r]);
		printf("\n");
	}
	printf("# depth L4, no drop, parsed:");
	for (int i = 0; i < N_PARSED; i++)
		printf(" %s %lu", parsed_names[i], parsed[i]);
	printf("\n# ... by VLAN tags: 0 %lu, 1 %lu, 2 %lu\n", parsed_vlans[0],
	       parsed_vlans[1], parsed_vlans[2]);
	printf("# ... IPv6 by extension headers built:");
	for (int i = 0; i <= PKT_MAX_EXT; i++)
		printf(" %d:%lu", i, parsed_ip6_exts[i]);
	printf("\n# ... with ports: tcp %lu udp %lu sctp %lu icmp %lu "
	       "icmpv6 %lu\n",
	       parsed_l4[6], parsed_l4[17], parsed_l4[132], parsed_l4[1],
	       parsed_l4[58]);

	/* The generators must reach every outcome, or the test proves less
	 * than it claims. */
	for (size_t i = 0; i < sizeof(parse_drops) / sizeof(parse_drops[0]);
	     i++)
		if (!outcomes[XSW_DEPTH_L4 - XSW_DEPTH_L2][parse_drops[i]])
			fail_msg("no frame ended as %s",
				 drop_names[parse_drops[i]]);
	for (int i = 0; i < N_PARSED; i++)
		if (!parsed[i])
			fail_msg("no frame parsed as %s", parsed_names[i]);
	assert_true(parsed_l4[6] && parsed_l4[17] && parsed_l4[132] &&
		    parsed_l4[1] && parsed_l4[58]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_verifier_cost),
	    cmocka_unit_test(test_table_ip4_tcp),
	    cmocka_unit_test(test_table_vlan_ip6_udp),
	    cmocka_unit_test(test_table_icmp),
	    cmocka_unit_test(test_table_arp),
	    cmocka_unit_test(test_table_fragments),
	    cmocka_unit_test(test_table_ip6_ext_limit),
	    cmocka_unit_test(test_table_drops),
	    cmocka_unit_test(test_diff_truncations),
	    cmocka_unit_test(test_diff_random),
	    cmocka_unit_test(test_diff_multibuffer),
	    cmocka_unit_test(test_coverage),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
