// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * BPF_PROG_RUN tests of the flow pipeline, with crafted frames: every
 * match field of a cached flow, every action (output bytes compared byte
 * for byte with a frame built with the expected fields, so checksums are
 * checked too), the terminal actions, misses (upcalls) and the per-port
 * upcall rate limit.
 *
 * As tests/bpf/test_bridge.c: private net and mount namespaces, the real
 * XDP backend (dp_xdp.c).  Cached flows are installed with the backend's
 * flow_put(), as xswd does after an upcall.  Keys and masks come from the
 * userspace reference parser, so a field test proves that the BPF parser
 * extracts the field the way the rules expect it.
 *
 *   bridge 1 (flow pipeline on, parsing to L4): p1, p2, p3     bridge 2: p4
 */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cmocka.h>

#include <xsw/parse.h>

#include "daemon/dp.h"
#include "lib/flow_extract.h"
#include "lib/util.h"
#include "dp_fixture.h"
#include "pktbuild.h"

#define PIN_DIR "/sys/fs/bpf/xsw-test-flows"
#define N_PORTS 4

static struct dp_fixture fx;
static struct xsw_dp *dp;
static const struct xsw_dp_class *dpc = &xsw_dp_xdp;
static int prog_fd;
static int *ifindex = fx.ifindex;
static uint32_t handles[64];
static unsigned int n_handles;

static void bridge_flows(uint32_t bridge, uint32_t rate, uint32_t burst)
{
	struct xsw_bridge_info info = {
		.mac_aging_ns = 300 * XSW_NSEC_PER_SEC,
		.flags = XSW_BRIDGE_F_FLOWS,
		.depth = XSW_DEPTH_L4,
		.upcall_rate = rate,
		.upcall_burst = burst,
	};

	assert_int_equal(dpc->bridge_set(dp, bridge, &info, NULL), 0);
}

static int setup(void **state)
{
	struct xsw_dp_opts opts = { .pin_dir = PIN_DIR,
				    .megaflows = 1024, .emc_entries = 256 };

	if (dp_fixture_setup(&fx, &opts, N_PORTS))
		return -1;
	dp = fx.dp;
	prog_fd = fx.prog_fd;
	bridge_flows(1, 1000000, 1000000);
	bridge_flows(2, 1000000, 1000000);
	for (int n = 1; n <= N_PORTS; n++)
		if (dp_fixture_port(&fx, n, n <= 3 ? 1 : 2))
			return -1;
	return 0;
}

static int teardown(void **state)
{
	dpc->destroy(dp, NULL);
	return 0;
}

static void flows_clear(void)
{
	for (unsigned int i = 0; i < n_handles; i++)
		dpc->flow_del(dp, handles[i]);
	n_handles = 0;
}

/* Each test starts with zero counters, no cached flow, a drained ring. */
static void drain_cb(const struct xsw_upcall *up, const uint8_t *f, void *a)
{
}

static int reset(void **state)
{
	struct xsw_fdb_filter all = { 0 };

	flows_clear();
	for (uint32_t n = 1; n <= N_PORTS; n++)
		dpc->port_stats_clear(dp, n);
	dpc->fdb_flush(dp, &all);
	while (dpc->upcall_read(dp, drain_cb, NULL) > 0)
		;
	bridge_flows(1, 1000000, 1000000);
	return 0;
}

static uint32_t put(uint32_t bridge, const struct xsw_match *mf,
		    const struct xsw_acts *acts)
{
	struct xsw_err err = { 0 };
	uint32_t h = 0;

	if (dpc->flow_put(dp, bridge, mf, acts, &h, &err))
		fail_msg("flow_put: %s", err.msg);
	handles[n_handles++] = h;
	return h;
}

/* A flow matching every frame of bridge 1 (empty mask). */
static void put_all(const struct xsw_acts *acts)
{
	struct xsw_match any = { 0 };

	put(1, &any, acts);
}

struct result {
	int action;
	struct pkt out; /* the frame after the program (non-live runs) */
};

static struct result run(int n, const struct pkt *pkt)
{
	struct result r;
	struct xdp_md ctx = { .ingress_ifindex = (__u32)ifindex[n],
			      .data_end = (__u32)pkt->len };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt->data,
		    .data_size_in = (__u32)pkt->len, .data_out = r.out.data,
		    .data_size_out = sizeof(r.out.data), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);

	memset(&r, 0, sizeof(r));
	if (bpf_prog_test_run_opts(prog_fd, &opts))
		fail_msg("BPF_PROG_RUN: %s", strerror(errno));
	r.action = (int)opts.retval;
	r.out.len = opts.data_size_out;
	return r;
}

static void run_live(int n, const struct pkt *pkt)
{
	struct xdp_md ctx = { .ingress_ifindex = (__u32)ifindex[n],
			      .data_end = (__u32)pkt->len };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt->data,
		    .data_size_in = (__u32)pkt->len, .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1,
		    .flags = BPF_F_TEST_XDP_LIVE_FRAMES);

	if (bpf_prog_test_run_opts(prog_fd, &opts))
		fail_msg("BPF_PROG_RUN (live): %s", strerror(errno));
}

static struct xsw_port_stats stats(int n)
{
	struct xsw_port_stats st;

	assert_int_equal(dpc->port_stats_get(dp, (uint32_t)n, &st), 0);
	return st;
}

static void base_spec(struct pkt_spec *s, enum pkt_l3 l3, enum pkt_l4 l4)
{
	memset(s, 0, sizeof(*s));
	pkt_mac(s->dst, 0x02, 0, 0, 0, 0, 0x02);
	pkt_mac(s->src, 0x02, 0, 0, 0, 0, 0x01);
	s->l3 = l3;
	s->l4 = l4;
	if (l3 == PKT_L3_IPV6) {
		s->ip_src[0] = 0xfd;
		s->ip_src[15] = 1;
		s->ip_dst[0] = 0xfd;
		s->ip_dst[15] = 2;
	} else {
		pkt_ip4(s->ip_src, 10, 0, 0, 1);
		pkt_ip4(s->ip_dst, 10, 0, 0, 2);
	}
	s->ttl = 64;
	s->tos = 0x28;
	s->sport = l4 == PKT_L4_ICMP ? 8 : 1111;
	s->dport = l4 == PKT_L4_ICMP ? 0 : 80;
	s->payload_len = 40;
}

/* A pointer to an action list: ACTS(a1, a2, ...). */
#define ACTS(...)                                                          \
	(&(struct xsw_acts){                                               \
		.n_acts = sizeof((struct xsw_act[]){ __VA_ARGS__ }) /      \
			  sizeof(struct xsw_act),                          \
		.acts = { __VA_ARGS__ } })

static const struct xsw_act OUT2 = { .type = XSW_ACT_OUTPUT, .u.port = 2 };

/* Runs @in through @acts (then output to p2) and expects @want out. */
static void expect_rewrite(const struct xsw_acts *acts, const struct pkt *in,
			   const struct pkt *want)
{
	struct result r;

	flows_clear();
	put_all(acts);
	r = run(1, in);
	assert_int_equal(r.action, XDP_REDIRECT);
	if (r.out.len != want->len || memcmp(r.out.data, want->data, want->len)) {
		for (size_t i = 0; i < want->len && i < r.out.len; i++)
			if (r.out.data[i] != want->data[i]) {
				fail_msg("output differs at byte %zu: %02x, want %02x (len %zu/%zu)",
					 i, r.out.data[i], want->data[i],
					 r.out.len, want->len);
			}
		fail_msg("output length %zu, want %zu", r.out.len, want->len);
	}
	if (want->l4_off && (want->data[want->l3_off] >> 4) == 4)
		assert_true(pkt_l4_csum_ok(&r.out) || !want->l4_off);
}

/* ---- actions -------------------------------------------------------- */

static void test_set_eth(void **state)
{
	struct pkt_spec s;
	struct pkt in, want;
	struct xsw_act a1 = { .type = XSW_ACT_SET_ETH_SRC },
		       a2 = { .type = XSW_ACT_SET_ETH_DST };

	base_spec(&s, PKT_L3_IPV4, PKT_L4_UDP);
	pkt_build(&in, &s);
	pkt_mac(a1.u.mac, 0x02, 0xaa, 0, 0, 0, 0x11);
	pkt_mac(a2.u.mac, 0x02, 0xbb, 0, 0, 0, 0x22);
	memcpy(s.src, a1.u.mac, 6);
	memcpy(s.dst, a2.u.mac, 6);
	pkt_build(&want, &s);
	expect_rewrite(ACTS(a1, a2, OUT2), &in, &want);
}

static void check_set_ip4(enum pkt_l4 l4, uint16_t frag)
{
	struct xsw_act src = { .type = XSW_ACT_SET_IPV4_SRC },
		       dst = { .type = XSW_ACT_SET_IPV4_DST };
	struct pkt_spec s;
	struct pkt in, want;

	base_spec(&s, PKT_L3_IPV4, l4);
	s.ip_frag = frag;
	pkt_build(&in, &s);
	src.u.ip4 = htonl(0xc0a80105); /* 192.168.1.5 */
	dst.u.ip4 = htonl(0xc0a80207);
	pkt_ip4(s.ip_src, 192, 168, 1, 5);
	pkt_ip4(s.ip_dst, 192, 168, 2, 7);
	pkt_build(&want, &s);
	if (frag & 0x1fff) {
		/* A later fragment has no L4 header: its bytes must stay as
		 * they were (the builder wrote an L4 header there). */
		memcpy(want.data + want.l4_off, in.data + in.l4_off,
		       want.len - want.l4_off);
	}
	expect_rewrite(ACTS(src, dst, OUT2), &in, &want);
}

static void test_set_ipv4(void **state)
{
	check_set_ip4(PKT_L4_TCP, 0);
	check_set_ip4(PKT_L4_UDP, 0);
	check_set_ip4(PKT_L4_ICMP, 0);
	check_set_ip4(PKT_L4_UDP, 0x2000);      /* first fragment (MF) */
	check_set_ip4(PKT_L4_UDP, 0x2000 | 10); /* a later fragment */
}

/* A UDP checksum of 0 means "none" and must stay 0. */
static void test_set_ipv4_udp_no_csum(void **state)
{
	struct xsw_act dst = { .type = XSW_ACT_SET_IPV4_DST,
			       .u.ip4 = htonl(0x0a000063) };
	struct pkt_spec s;
	struct pkt in, want;
	struct result r;

	base_spec(&s, PKT_L3_IPV4, PKT_L4_UDP);
	pkt_build(&in, &s);
	in.data[in.l4_off + 6] = in.data[in.l4_off + 7] = 0;
	pkt_ip4(s.ip_dst, 10, 0, 0, 99);
	pkt_build(&want, &s);
	flows_clear();
	put_all(ACTS(dst, OUT2));
	r = run(1, &in);
	assert_int_equal(r.action, XDP_REDIRECT);
	assert_int_equal(r.out.data[in.l4_off + 6], 0);
	assert_int_equal(r.out.data[in.l4_off + 7], 0);
	/* The IPv4 header is right, checksum included. */
	assert_memory_equal(r.out.data + in.l3_off, want.data + want.l3_off, 20);
}

static void test_set_tp(void **state)
{
	for (int udp = 0; udp <= 1; udp++) {
		struct xsw_act src = { .type = XSW_ACT_SET_TP_SRC,
				       .arg16 = htons(4444) },
			       dst = { .type = XSW_ACT_SET_TP_DST,
				       .arg16 = htons(8080) };
		struct pkt_spec s;
		struct pkt in, want;

		base_spec(&s, PKT_L3_IPV4, udp ? PKT_L4_UDP : PKT_L4_TCP);
		pkt_build(&in, &s);
		s.sport = 4444;
		s.dport = 8080;
		pkt_build(&want, &s);
		expect_rewrite(ACTS(src, dst, OUT2), &in, &want);
	}
}

static void test_vlan_actions(void **state)
{
	struct xsw_act push = { .type = XSW_ACT_PUSH_VLAN, .arg16 = htons(0x8100) },
		       vid = { .type = XSW_ACT_SET_VLAN_VID, .arg16 = 42 },
		       pop = { .type = XSW_ACT_POP_VLAN };
	struct pkt_spec s;
	struct pkt in, want;

	/* push on an untagged frame: a tag with VID 0, then VID 42. */
	base_spec(&s, PKT_L3_IPV4, PKT_L4_TCP);
	pkt_build(&in, &s);
	s.n_vlans = 1;
	s.vlans[0].tpid = 0x8100;
	s.vlans[0].tci = 0;
	pkt_build(&want, &s);
	expect_rewrite(ACTS(push, OUT2), &in, &want);
	s.vlans[0].tci = 42;
	pkt_build(&want, &s);
	expect_rewrite(ACTS(push, vid, OUT2), &in, &want);
	/* mod_vlan_vid alone pushes an 802.1Q tag on an untagged frame. */
	expect_rewrite(ACTS(vid, OUT2), &in, &want);

	/* On a tagged frame (PCP 5, VID 7): set the VID keeps the PCP ... */
	s.vlans[0].tci = 0xa000 | 7;
	pkt_build(&in, &s);
	s.vlans[0].tci = 0xa000 | 42;
	pkt_build(&want, &s);
	expect_rewrite(ACTS(vid, OUT2), &in, &want);
	/* ... a 802.1ad push copies VID and PCP of the old outer tag ... */
	push.arg16 = htons(0x88a8);
	s.n_vlans = 2;
	s.vlans[1] = s.vlans[0];
	s.vlans[1].tci = 0xa000 | 7;
	s.vlans[0].tpid = 0x88a8;
	s.vlans[0].tci = 0xa000 | 7;
	pkt_build(&want, &s);
	expect_rewrite(ACTS(push, OUT2), &in, &want);
	/* ... and pop removes the tag. */
	base_spec(&s, PKT_L3_IPV4, PKT_L4_TCP);
	pkt_build(&want, &s);
	expect_rewrite(ACTS(pop, OUT2), &in, &want);
	/* pop on an untagged frame changes nothing. */
	expect_rewrite(ACTS(pop, OUT2), &want, &want);
}

static void test_dec_ttl(void **state)
{
	struct xsw_act dec = { .type = XSW_ACT_DEC_TTL };
	struct pkt_spec s;
	struct pkt in, want;
	struct result r;

	base_spec(&s, PKT_L3_IPV4, PKT_L4_UDP);
	pkt_build(&in, &s);
	s.ttl = 63;
	pkt_build(&want, &s);
	expect_rewrite(ACTS(dec, OUT2), &in, &want);
	base_spec(&s, PKT_L3_IPV6, PKT_L4_TCP);
	pkt_build(&in, &s);
	s.ttl = 63;
	pkt_build(&want, &s);
	expect_rewrite(ACTS(dec, OUT2), &in, &want);
	/* Behind a VLAN tag too. */
	s.n_vlans = 1;
	s.vlans[0].tpid = 0x8100;
	s.vlans[0].tci = 9;
	s.ttl = 64;
	pkt_build(&in, &s);
	s.ttl = 63;
	pkt_build(&want, &s);
	expect_rewrite(ACTS(dec, OUT2), &in, &want);
	/* TTL 1: dropped and counted. */
	base_spec(&s, PKT_L3_IPV4, PKT_L4_UDP);
	s.ttl = 1;
	pkt_build(&in, &s);
	r = run(1, &in);
	assert_int_equal(r.action, XDP_DROP);
	assert_int_equal(stats(1).drops[XSW_DROP_TTL_EXPIRED], 1);
	/* Non-IP frames pass unchanged. */
	base_spec(&s, PKT_L3_ARP, PKT_L4_NONE);
	pkt_build(&in, &s);
	expect_rewrite(ACTS(dec, OUT2), &in, &in);
}

/* Several rewrites in a row, across a VLAN pop. */
static void test_rewrite_chain(void **state)
{
	struct xsw_act pop = { .type = XSW_ACT_POP_VLAN },
		       dst = { .type = XSW_ACT_SET_IPV4_DST,
			       .u.ip4 = htonl(0x0a0a0a0a) },
		       tp = { .type = XSW_ACT_SET_TP_DST, .arg16 = htons(443) },
		       dec = { .type = XSW_ACT_DEC_TTL },
		       mac = { .type = XSW_ACT_SET_ETH_DST };
	struct pkt_spec s;
	struct pkt in, want;

	pkt_mac(mac.u.mac, 0x02, 0xcc, 0, 0, 0, 3);
	base_spec(&s, PKT_L3_IPV4, PKT_L4_TCP);
	s.n_vlans = 1;
	s.vlans[0].tpid = 0x8100;
	s.vlans[0].tci = 100;
	pkt_build(&in, &s);
	s.n_vlans = 0;
	pkt_ip4(s.ip_dst, 10, 10, 10, 10);
	s.dport = 443;
	s.ttl = 63;
	memcpy(s.dst, mac.u.mac, 6);
	pkt_build(&want, &s);
	expect_rewrite(ACTS(pop, dst, tp, dec, mac, OUT2), &in, &want);
}

/* ---- terminal actions ----------------------------------------------- */

static void test_terminals(void **state)
{
	struct pkt_spec s;
	struct pkt in;

	base_spec(&s, PKT_L3_IPV4, PKT_L4_UDP);
	pkt_build(&in, &s);

	put_all(ACTS(OUT2));
	assert_int_equal(run(1, &in).action, XDP_REDIRECT);
	assert_int_equal(stats(2).tx_packets, 1);
	assert_int_equal(stats(1).rx_packets, 1);
	/* Output to the ingress port does nothing (OpenFlow). */
	assert_int_equal(run(2, &in).action, XDP_DROP);
	assert_int_equal(stats(2).drops[XSW_DROP_FLOW_DROP], 1);
	flows_clear();
	put_all(ACTS({ .type = XSW_ACT_IN_PORT }));
	assert_int_equal(run(3, &in).action, XDP_REDIRECT);
	assert_int_equal(stats(3).tx_packets, 1);
	flows_clear();
	put_all(ACTS({ .type = XSW_ACT_FLOOD }));
	run_live(1, &in);
	assert_int_equal(stats(1).flood_packets, 1);
	assert_int_equal(stats(2).tx_packets, 2);
	assert_int_equal(stats(3).tx_packets, 2);
	assert_int_equal(stats(4).tx_packets, 0);
	flows_clear();
	put_all(&(struct xsw_acts){ .n_acts = 0 });
	assert_int_equal(run(1, &in).action, XDP_DROP);
	assert_int_equal(stats(1).drops[XSW_DROP_FLOW_DROP], 1);
}

static void test_normal_learns(void **state)
{
	struct pkt_spec s;
	struct pkt in;

	put_all(ACTS({ .type = XSW_ACT_NORMAL }));
	base_spec(&s, PKT_L3_IPV4, PKT_L4_UDP);
	pkt_mac(s.src, 0x02, 0, 0, 0, 0, 0x02);
	memset(s.dst, 0xff, 6);
	pkt_build(&in, &s);
	run_live(2, &in); /* p2 announces 02:..:02 */
	assert_int_equal(stats(2).flood_packets, 1);
	base_spec(&s, PKT_L3_IPV4, PKT_L4_UDP); /* to 02:..:02 */
	pkt_build(&in, &s);
	assert_int_equal(run(1, &in).action, XDP_REDIRECT);
	assert_int_equal(stats(1).flood_packets, 0);
	assert_int_equal(stats(2).tx_packets, 1);
}

static void test_output_set(void **state)
{
	uint32_t ports[] = { 2, 3 };
	struct xsw_err err = { 0 };
	struct xsw_act set = { .type = XSW_ACT_OUTPUT_SET };
	struct pkt_spec s;
	struct pkt in;
	int group;

	group = dpc->output_set_get(dp, ports, 2, &err);
	assert_true(group >= XSW_FIRST_OUTPUT_SET);
	assert_int_equal(dpc->output_set_get(dp, ports, 2, &err), group);
	set.u.port = (uint32_t)group;
	put_all(ACTS(set));
	base_spec(&s, PKT_L3_IPV4, PKT_L4_UDP);
	pkt_build(&in, &s);
	run_live(1, &in);
	assert_int_equal(stats(2).tx_packets, 1);
	assert_int_equal(stats(3).tx_packets, 1);
	assert_int_equal(stats(1).tx_packets, 0);
	/* From a member, the member itself is skipped. */
	run_live(2, &in);
	assert_int_equal(stats(2).tx_packets, 1);
	assert_int_equal(stats(3).tx_packets, 2);
	dpc->output_set_put(dp, group);
	dpc->output_set_put(dp, group);
}

/* ---- misses, upcalls, rate limit ------------------------------------ */

struct upcalls {
	unsigned int n;
	struct xsw_upcall last;
	uint8_t frame[XSW_UPCALL_CAP];
};

static void count_cb(const struct xsw_upcall *up, const uint8_t *frame,
		     void *arg)
{
	struct upcalls *u = arg;

	u->n++;
	u->last = *up;
	memcpy(u->frame, frame, up->cap_len);
}

static void test_miss_upcalls(void **state)
{
	struct upcalls u = { 0 };
	struct pkt_spec s;
	struct pkt in;

	base_spec(&s, PKT_L3_IPV6, PKT_L4_TCP);
	pkt_build(&in, &s);
	assert_int_equal(run(2, &in).action, XDP_DROP);
	assert_int_equal(stats(2).upcall_packets, 1);
	assert_int_equal(stats(2).rx_packets, 0); /* counted when re-sent */
	assert_int_equal(dpc->upcall_read(dp, count_cb, &u), 1);
	assert_int_equal(u.last.reason, XSW_UPCALL_MISS);
	assert_int_equal(u.last.port_no, 2);
	assert_int_equal(u.last.bridge_id, 1);
	assert_int_equal(u.last.ifindex, ifindex[2]);
	assert_int_equal(u.last.frame_len, in.len);
	assert_int_equal(u.last.cap_len, in.len);
	assert_memory_equal(u.frame, in.data, in.len);

	/* Sent on by an execution request: it runs the flow, counts rx. */
	{
		struct xsw_err err = { 0 };
		uint32_t h = 0;
		struct xsw_match any = { 0 };

		assert_int_equal(dpc->flow_put(dp, 1, &any, ACTS(OUT2), &h, &err), 0);
		handles[n_handles++] = h;
		assert_int_equal(dpc->execute(dp, ifindex[3], in.data, in.len, h,
					      NULL, &err),
				 0);
		assert_int_equal(stats(3).rx_packets, 1);
		assert_int_equal(stats(2).tx_packets, 1);
		/* ... or one-off actions (slot 0), with no cached flow. */
		assert_int_equal(dpc->execute(dp, ifindex[1], in.data, in.len, 0,
					      ACTS({ .type = XSW_ACT_OUTPUT,
						      .u.port = 3 }),
					      &err),
				 0);
		assert_int_equal(stats(3).tx_packets, 1);
	}
	/* An UPCALL action sends every frame up, with its flow. */
	flows_clear();
	put_all(ACTS({ .type = XSW_ACT_UPCALL }));
	assert_int_equal(run(1, &in).action, XDP_DROP);
	memset(&u, 0, sizeof(u));
	assert_int_equal(dpc->upcall_read(dp, count_cb, &u), 1);
	assert_int_equal(u.last.reason, XSW_UPCALL_ACTION);
	assert_int_equal(u.last.flow_idx, handles[0]);
}

/* Batched execution: each frame of the batch runs its own flow, in
 * order, counted as received on the batch's port. */
static void test_execute_batch(void **state)
{
	struct xsw_match m2 = { 0 }, m3 = { 0 };
	struct xsw_dp_exec items[5];
	struct xsw_err err = { 0 };
	struct pkt to2, to3;
	struct pkt_spec s;
	uint32_t h2, h3;

	memset(&m2.mask.tp_dst, 0xff, 2);
	m2.key.tp_dst = htons(2222);
	m3.mask.tp_dst = m2.mask.tp_dst;
	m3.key.tp_dst = htons(3333);
	h2 = put(1, &m2, ACTS(OUT2));
	h3 = put(1, &m3, ACTS({ .type = XSW_ACT_OUTPUT, .u.port = 3 }));
	base_spec(&s, PKT_L3_IPV4, PKT_L4_UDP);
	s.dport = 2222;
	pkt_build(&to2, &s);
	s.dport = 3333;
	s.payload_len = 300;
	pkt_build(&to3, &s);
	for (int i = 0; i < 5; i++) {
		const struct pkt *p = i % 2 ? &to3 : &to2;

		items[i].frame = p->data;
		items[i].len = (uint32_t)p->len;
		items[i].handle = i % 2 ? h3 : h2;
	}
	assert_int_equal(dpc->execute_batch(dp, ifindex[1], items, 5, &err), 0);
	assert_int_equal(stats(1).rx_packets, 5);
	assert_int_equal(stats(2).tx_packets, 3);
	assert_int_equal(stats(2).tx_bytes, 3 * to2.len);
	assert_int_equal(stats(3).tx_packets, 2);
	assert_int_equal(stats(3).tx_bytes, 2 * to3.len);
	/* A full batch. */
	{
		struct xsw_dp_exec many[XSW_EXEC_BATCH];

		for (int i = 0; i < XSW_EXEC_BATCH; i++)
			many[i] = items[0];
		assert_int_equal(dpc->execute_batch(dp, ifindex[1], many,
						    XSW_EXEC_BATCH, &err),
				 0);
		assert_int_equal(stats(2).tx_packets, 3 + XSW_EXEC_BATCH);
	}
}

/* A storm from one port is cut at its bucket; another port still gets
 * its upcalls through. */
static void test_upcall_rate_limit(void **state)
{
	struct upcalls u = { 0 };
	struct pkt_spec s;
	struct pkt in;

	bridge_flows(1, 1, 20); /* 1 per second, bursts of 20 */
	base_spec(&s, PKT_L3_IPV4, PKT_L4_UDP);
	for (int i = 0; i < 100; i++) {
		s.sport = (uint16_t)(1000 + i);
		pkt_build(&in, &s);
		run(1, &in);
	}
	assert_in_range(stats(1).upcall_packets, 20, 22);
	assert_in_range(stats(1).drops[XSW_DROP_UPCALL_RATELIMITED], 78, 80);
	run(2, &in);
	assert_int_equal(stats(2).upcall_packets, 1);
	assert_int_equal(dpc->upcall_read(dp, count_cb, &u),
			 (int)(stats(1).upcall_packets + 1));
}

/* Short frames take short ring records: 5000 first packets of 64 bytes
 * queue in the default 4 MiB ring (2 KB records held about 2000). */
static void test_upcall_small_records(void **state)
{
	struct upcalls u = { 0 };
	struct pkt_spec s;
	struct pkt in;

	base_spec(&s, PKT_L3_IPV4, PKT_L4_UDP);
	for (int i = 0; i < 5000; i++) {
		s.sport = (uint16_t)(1000 + i);
		pkt_build(&in, &s);
		run(1, &in);
	}
	assert_int_equal(stats(1).upcall_packets, 5000);
	assert_int_equal(stats(1).drops[XSW_DROP_UPCALL_QUEUE_FULL], 0);
	/* A read hands over at most a budget, and loses nothing. */
	assert_int_equal(dpc->upcall_read(dp, count_cb, &u),
			 XSW_UPCALL_READ_BUDGET);
	for (int n; (n = dpc->upcall_read(dp, count_cb, &u)) > 0;)
		assert_true(n <= XSW_UPCALL_READ_BUDGET);
	assert_int_equal(u.n, 5000);
}

/* A bucket refilled by another CPU after this frame read the clock holds
 * a last refill later than the frame's time: no time has passed for it,
 * so nothing is refilled (it used to wrap to the full burst). */
static void test_upcall_bucket_clock_race(void **state)
{
	struct {
		uint32_t lock, spare; /* struct bpf_spin_lock, padding */
		struct xsw_upcall_bucket b;
	} lim = { .b.last_ns = xsw_mono_ns() + 5 * XSW_NSEC_PER_SEC };
	int fd = bpf_obj_get(PIN_DIR "/maps/xsw_upcall_limits");
	uint32_t port = 1;
	struct pkt_spec s;
	struct pkt in;

	assert_true(fd >= 0);
	assert_int_equal(bpf_map_update_elem(fd, &port, &lim, BPF_ANY), 0);
	base_spec(&s, PKT_L3_IPV4, PKT_L4_UDP);
	pkt_build(&in, &s);
	run(1, &in);
	assert_int_equal(stats(1).upcall_packets, 0);
	assert_int_equal(stats(1).drops[XSW_DROP_UPCALL_RATELIMITED], 1);
	lim.b.last_ns = 0; /* a full bucket again for the tests after */
	assert_int_equal(bpf_map_update_elem(fd, &port, &lim, BPF_ANY), 0);
	run(1, &in);
	assert_int_equal(stats(1).upcall_packets, 1);
	close(fd);
}

/* ---- match fields --------------------------------------------------- */

struct field {
	const char *name;
	size_t off, size;
};

#define FIELD(f)                                                             \
	{ #f, offsetof(struct xsw_flow_key, f),                              \
	  sizeof(((struct xsw_flow_key *)0)->f) }

static const struct field fields[] = {
	FIELD(in_port), FIELD(vlan_tci), FIELD(dl_type), FIELD(dl_src),
	FIELD(dl_dst),  FIELD(nw_proto), FIELD(nw_tos),  FIELD(nw_ttl),
	FIELD(nw_frag), FIELD(nw_src),   FIELD(nw_dst),  FIELD(tp_src),
	FIELD(tp_dst),
};

/* Frames that between them give every field two different values. */
static void sample(struct pkt *out, int i, int *port)
{
	struct pkt_spec s;

	*port = 1;
	switch (i) {
	case 0:
		base_spec(&s, PKT_L3_IPV4, PKT_L4_TCP);
		break;
	case 1:
		base_spec(&s, PKT_L3_IPV4, PKT_L4_UDP);
		pkt_mac(s.src, 0x02, 9, 9, 9, 9, 9);
		pkt_mac(s.dst, 0x02, 8, 8, 8, 8, 8);
		pkt_ip4(s.ip_src, 172, 16, 0, 1);
		pkt_ip4(s.ip_dst, 172, 16, 0, 2);
		s.sport = 53;
		s.dport = 5353;
		s.ttl = 7;
		s.tos = 0x10;
		s.n_vlans = 1;
		s.vlans[0].tpid = 0x8100;
		s.vlans[0].tci = 0x2000 | 30;
		*port = 2;
		break;
	case 2:
		base_spec(&s, PKT_L3_IPV6, PKT_L4_ICMP);
		s.sport = 128; /* echo request */
		break;
	case 3:
		base_spec(&s, PKT_L3_ARP, PKT_L4_NONE);
		s.arp_op = 2;
		break;
	case 4:
		base_spec(&s, PKT_L3_IPV4, PKT_L4_UDP);
		s.ip_frag = 0x2000 | 100; /* a later fragment */
		break;
	default:
		base_spec(&s, PKT_L3_IPV4, PKT_L4_ICMP);
		s.dport = 3;
		break;
	}
	pkt_build(out, &s);
}

#define N_SAMPLES 6

static void ref_key(const struct pkt *p, int port, struct xsw_flow_key *key)
{
	struct xsw_hdrs h;

	assert_int_equal(xsw_flow_extract_ref(p->data, p->len, (uint32_t)port,
					      XSW_DEPTH_L4, key, &h),
			 XSW_DROP_NONE);
}

/* For each field: a flow matching only that field of sample A catches A
 * (and every sample agreeing on the field), and misses every sample that
 * differs in it. */
static void test_every_field(void **state)
{
	unsigned int n_checked = 0;

	for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
		for (int a = 0; a < N_SAMPLES; a++) {
			struct xsw_flow_key ka;
			struct xsw_match mf = { 0 };
			struct pkt pa;
			int port_a;

			sample(&pa, a, &port_a);
			ref_key(&pa, port_a, &ka);
			memset((uint8_t *)&mf.mask + fields[f].off, 0xff,
			       fields[f].size);
			xsw_key_mask(&mf.key, &ka, &mf.mask);
			reset(NULL);
			put(1, &mf, ACTS({ .type = XSW_ACT_OUTPUT, .u.port = 3 }));
			for (int b = 0; b < N_SAMPLES; b++) {
				struct xsw_flow_key kb;
				struct pkt pb;
				int port_b, same, act;

				sample(&pb, b, &port_b);
				ref_key(&pb, port_b, &kb);
				same = !memcmp((uint8_t *)&ka + fields[f].off,
					       (uint8_t *)&kb + fields[f].off,
					       fields[f].size);
				act = run(port_b, &pb).action;
				if (act != (same ? XDP_REDIRECT : XDP_DROP))
					fail_msg("field %s, flow from sample %d, frame %d: action %d, want %s",
						 fields[f].name, a, b, act,
						 same ? "hit" : "miss");
				n_checked++;
			}
		}
	}
	printf("# %u field checks (%zu fields x %d flows x %d frames)\n",
	       n_checked, sizeof(fields) / sizeof(fields[0]), N_SAMPLES,
	       N_SAMPLES);
}

/* With several masks, a frame hits through the EMC as well (same result),
 * and a flow deleted from the cache no longer matches through a stale EMC
 * entry. */
/* Writes the EMC entry a packet racing the deletion of @slot's flow could
 * write: it found the flow through the index just before the deletion and
 * read the slot's gen just after it. */
static void emc_entry_after_delete(const struct xsw_flow_key *k, uint32_t slot)
{
	int flows = bpf_obj_get(PIN_DIR "/maps/xsw_flows");
	int emc = bpf_obj_get(PIN_DIR "/maps/xsw_emc");
	struct xsw_emc_entry e = { .flow_idx = slot };
	struct xsw_flow flow;

	assert_true(flows >= 0 && emc >= 0);
	assert_int_equal(bpf_map_lookup_elem(flows, &slot, &flow), 0);
	e.gen = flow.gen;
	assert_int_equal(bpf_map_update_elem(emc, k, &e, BPF_ANY), 0);
	close(flows);
	close(emc);
}

static void test_emc_and_delete(void **state)
{
	struct xsw_match m1 = { 0 }, m2 = { 0 }, m3 = { 0 };
	struct xsw_flow_key k;
	uint32_t slot;
	struct pkt p;
	int port;

	sample(&p, 0, &port);
	ref_key(&p, port, &k);
	memset(&m1.mask.nw_dst, 0xff, 4);
	xsw_key_mask(&m1.key, &k, &m1.mask);
	memset(&m2.mask.tp_dst, 0xff, 2);
	m2.key.tp_dst = htons(9999);
	memset(&m3.mask.tp_src, 0xff, 2); /* a third mask: the EMC stays on */
	m3.key.tp_src = htons(9999);
	put(1, &m1, ACTS(OUT2));
	put(1, &m2, ACTS({ .type = XSW_ACT_OUTPUT, .u.port = 3 }));
	put(1, &m3, ACTS({ .type = XSW_ACT_OUTPUT, .u.port = 3 }));
	for (int i = 0; i < 200; i++) /* some of these insert EMC entries */
		assert_int_equal(run(port, &p).action, XDP_REDIRECT);
	assert_int_equal(stats(2).tx_packets, 200);
	slot = handles[0];
	dpc->flow_del(dp, handles[0]);
	handles[0] = handles[--n_handles];
	assert_int_equal(run(port, &p).action, XDP_DROP); /* a miss now */
	assert_int_equal(stats(port).upcall_packets, 1);
	/* Even an entry written in the race names a dead flow. */
	emc_entry_after_delete(&k, slot);
	assert_int_equal(run(port, &p).action, XDP_DROP);
	assert_int_equal(stats(port).upcall_packets, 2);
	assert_int_equal(stats(2).tx_packets, 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_set_eth, reset),
		cmocka_unit_test_setup(test_set_ipv4, reset),
		cmocka_unit_test_setup(test_set_ipv4_udp_no_csum, reset),
		cmocka_unit_test_setup(test_set_tp, reset),
		cmocka_unit_test_setup(test_vlan_actions, reset),
		cmocka_unit_test_setup(test_dec_ttl, reset),
		cmocka_unit_test_setup(test_rewrite_chain, reset),
		cmocka_unit_test_setup(test_terminals, reset),
		cmocka_unit_test_setup(test_normal_learns, reset),
		cmocka_unit_test_setup(test_output_set, reset),
		cmocka_unit_test_setup(test_miss_upcalls, reset),
		cmocka_unit_test_setup(test_execute_batch, reset),
		cmocka_unit_test_setup(test_upcall_rate_limit, reset),
		cmocka_unit_test_setup(test_upcall_bucket_clock_race, reset),
		cmocka_unit_test_setup(test_upcall_small_records, reset),
		cmocka_unit_test_setup(test_every_field, reset),
		cmocka_unit_test_setup(test_emc_and_delete, reset),
	};

	return cmocka_run_group_tests_name("xdp_flows", tests, setup, teardown);
}
