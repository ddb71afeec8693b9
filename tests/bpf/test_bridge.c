// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * BPF_PROG_RUN tests of the XDP learning bridge, with crafted frames.
 *
 * The test runs in network and mount namespaces of its own (veths vanish
 * with it, its bpffs is private), and drives the real XDP backend
 * (dp_xdp.c): ports are attached and maps filled exactly as xswd does.
 * Frames go in with BPF_PROG_RUN on a port's ifindex; decisions are read
 * from the return code, the learned MACs and the per-port counters.  In
 * live-frame mode (BPF_F_TEST_XDP_LIVE_FRAMES) redirects really happen, so
 * the devmap egress program counts what each flood-group member received.
 *
 *   bridge 1: p1, p2, p3      bridge 2: p4      not a port: p5
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

#include "daemon/dp.h"
#include "lib/util.h"
#include "dp_fixture.h"
#include "pktbuild.h"

#define PIN_DIR "/sys/fs/bpf/xsw-test-bridge"
#define N_PORTS 5

static struct dp_fixture fx;
static struct xsw_dp *dp;
static const struct xsw_dp_class *dpc = &xsw_dp_xdp;
static int prog_fd, fdb_fd;
static int *ifindex = fx.ifindex; /* p1..p5 */

static const uint8_t MAC_BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void mac_of(uint8_t mac[6], int n)
{
	pkt_mac(mac, 0x02, 0, 0, 0, 0, (uint8_t)n);
}

static struct xsw_dp_port port_of(int n)
{
	return (struct xsw_dp_port){
		.name = "p",
		.ifindex = ifindex[n],
		.port_no = (uint32_t)n,
		.bridge_id = n <= 3 ? 1 : 2,
		.flood_group = n <= 3 ? 1 : 2,
	};
}

static void set_aging(uint32_t bridge, uint64_t seconds)
{
	struct xsw_bridge_info info = { .mac_aging_ns = seconds * XSW_NSEC_PER_SEC };

	assert_int_equal(dpc->bridge_set(dp, bridge, &info, NULL), 0);
}

static int setup(void **state)
{
	struct xsw_dp_opts opts = { .pin_dir = PIN_DIR };

	if (dp_fixture_setup(&fx, &opts, N_PORTS))
		return -1;
	dp = fx.dp;
	set_aging(1, 300);
	set_aging(2, 300);
	for (int n = 1; n <= 4; n++)
		if (dp_fixture_port(&fx, n, n <= 3 ? 1 : 2))
			return -1;
	prog_fd = fx.prog_fd;
	fdb_fd = bpf_obj_get(PIN_DIR "/maps/xsw_fdb");
	return fdb_fd < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	dpc->destroy(dp, NULL);
	return 0;
}

/* Each test starts with zero counters and an empty FDB. */
static int reset(void **state)
{
	struct xsw_fdb_filter all = { 0 };

	for (uint32_t n = 1; n <= N_PORTS; n++)
		dpc->port_stats_clear(dp, n);
	dpc->fdb_flush(dp, &all);
	set_aging(1, 300);
	return 0;
}

/* Runs the ingress program on @pkt arriving on port @n; returns the XDP
 * action (non-live) or 0 (live, where the action is not reported). */
static int run(int n, const struct pkt *pkt, int live)
{
	struct xdp_md ctx = { .ingress_ifindex = (__u32)ifindex[n],
			      .data_end = (__u32)pkt->len };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt->data,
		    .data_size_in = (__u32)pkt->len, .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);

	if (live)
		opts.flags = BPF_F_TEST_XDP_LIVE_FRAMES;
	if (bpf_prog_test_run_opts(prog_fd, &opts))
		fail_msg("BPF_PROG_RUN: %s", strerror(errno));
	return live ? 0 : (int)opts.retval;
}

static void frame(struct pkt *pkt, const uint8_t dst[6], int src_n)
{
	struct pkt_spec s = { .l3 = PKT_L3_IPV4, .l4 = PKT_L4_UDP,
			      .sport = 1000, .dport = 2000, .payload_len = 18 };

	memcpy(s.dst, dst, 6);
	mac_of(s.src, src_n);
	pkt_ip4(s.ip_src, 10, 0, 0, (uint8_t)src_n);
	pkt_ip4(s.ip_dst, 10, 0, 0, 99);
	pkt_build(pkt, &s);
}

static struct xsw_port_stats stats(int n)
{
	struct xsw_port_stats st;

	assert_int_equal(dpc->port_stats_get(dp, (uint32_t)n, &st), 0);
	return st;
}

/* The FDB entry of @mac in @bridge/@vlan, or 0 if none. */
static int fdb_port(uint32_t bridge, uint16_t vlan, const uint8_t mac[6])
{
	struct xsw_fdb_key k = { .bridge_id = bridge, .vlan_id = vlan };
	struct xsw_fdb_entry e;

	memcpy(k.mac, mac, 6);
	if (bpf_map_lookup_elem(fdb_fd, &k, &e))
		return 0;
	return (int)e.port_no;
}

static void test_learns_source(void **state)
{
	uint8_t m1[6];
	struct pkt pkt;

	mac_of(m1, 1);
	frame(&pkt, MAC_BCAST, 1);
	assert_int_equal(run(1, &pkt, 0), XDP_REDIRECT);
	assert_int_equal(fdb_port(1, 0, m1), 1);
	assert_int_equal(fdb_port(2, 0, m1), 0); /* per bridge */
	assert_int_equal(stats(1).rx_packets, 1);
	assert_int_equal(stats(1).rx_bytes, pkt.len);
	assert_int_equal(stats(1).flood_packets, 1);
}

static void test_known_unicast(void **state)
{
	uint8_t m2[6];
	struct pkt pkt;

	mac_of(m2, 2);
	frame(&pkt, MAC_BCAST, 2); /* p2 announces m2 */
	run(2, &pkt, 0);
	frame(&pkt, m2, 1);
	assert_int_equal(run(1, &pkt, 0), XDP_REDIRECT);
	assert_int_equal(stats(1).flood_packets, 0);
	assert_int_equal(stats(2).tx_packets, 1);
	assert_int_equal(stats(2).tx_bytes, pkt.len);
	assert_int_equal(stats(3).tx_packets, 0);
}

/* Unknown unicast, broadcast and multicast reach every other port of the
 * bridge, never the ingress port, never another bridge. */
static void test_flood_membership(void **state)
{
	static const uint8_t dsts[][6] = {
		{ 0x02, 0, 0, 0, 0, 0x77 },          /* unknown unicast */
		{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, /* broadcast */
		{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 }, /* IPv4 multicast */
		{ 0x33, 0x33, 0xff, 0x00, 0x00, 0x01 }, /* IPv6 ND multicast */
	};
	struct pkt pkt;

	for (size_t i = 0; i < sizeof(dsts) / sizeof(dsts[0]); i++) {
		frame(&pkt, dsts[i], 1);
		run(1, &pkt, 1);
	}
	assert_int_equal(stats(1).flood_packets, 4);
	assert_int_equal(stats(1).tx_packets, 0);
	assert_int_equal(stats(2).tx_packets, 4);
	assert_int_equal(stats(3).tx_packets, 4);
	assert_int_equal(stats(4).tx_packets, 0);
	assert_int_equal(stats(2).tx_bytes, 4 * pkt.len);
}

static void test_bridge_isolation(void **state)
{
	uint8_t m4[6];
	struct pkt pkt;

	mac_of(m4, 4);
	frame(&pkt, MAC_BCAST, 4); /* m4 learned on bridge 2 */
	run(4, &pkt, 1);
	assert_int_equal(fdb_port(2, 0, m4), 4);
	assert_int_equal(stats(1).tx_packets + stats(2).tx_packets +
				 stats(3).tx_packets,
			 0);
	/* Bridge 1 does not know m4: it floods within itself. */
	frame(&pkt, m4, 1);
	run(1, &pkt, 1);
	assert_int_equal(stats(1).flood_packets, 1);
	assert_int_equal(stats(4).tx_packets, 0);
	assert_int_equal(stats(2).tx_packets, 1);
}

static void test_mac_move(void **state)
{
	uint8_t mx[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
	struct pkt pkt;

	frame(&pkt, MAC_BCAST, 2);
	memcpy(pkt.data + 6, mx, 6);
	run(2, &pkt, 0);
	assert_int_equal(fdb_port(1, 0, mx), 2);
	run(3, &pkt, 0); /* the same MAC now speaks from p3 */
	assert_int_equal(fdb_port(1, 0, mx), 3);
	frame(&pkt, mx, 1);
	assert_int_equal(run(1, &pkt, 0), XDP_REDIRECT);
	assert_int_equal(stats(3).tx_packets, 1);
	assert_int_equal(stats(2).tx_packets, 0);
}

static void test_aging(void **state)
{
	struct xsw_fdb_key k = { .bridge_id = 1 };
	struct xsw_fdb_entry e = { .port_no = 2 };
	uint8_t m2[6];
	struct pkt pkt;

	mac_of(m2, 2);
	memcpy(k.mac, m2, 6);
	set_aging(1, 10);
	/* Seen 20 s ago: too old for a 10 s aging time -> flood. */
	e.seen_ns = xsw_mono_ns() - 20 * XSW_NSEC_PER_SEC;
	assert_int_equal(bpf_map_update_elem(fdb_fd, &k, &e, BPF_ANY), 0);
	frame(&pkt, m2, 1);
	run(1, &pkt, 0);
	assert_int_equal(stats(1).flood_packets, 1);
	assert_int_equal(stats(2).tx_packets, 0);
	/* Seen 5 s ago: still valid -> unicast. */
	e.seen_ns = xsw_mono_ns() - 5 * XSW_NSEC_PER_SEC;
	assert_int_equal(bpf_map_update_elem(fdb_fd, &k, &e, BPF_ANY), 0);
	run(1, &pkt, 0);
	assert_int_equal(stats(1).flood_packets, 1);
	assert_int_equal(stats(2).tx_packets, 1);
	/* Refreshed by another CPU after this frame read the clock: later
	 * than the frame's time, and fresh -> unicast, not aged. */
	e.seen_ns = xsw_mono_ns() + 2 * XSW_NSEC_PER_SEC;
	assert_int_equal(bpf_map_update_elem(fdb_fd, &k, &e, BPF_ANY), 0);
	run(1, &pkt, 0);
	assert_int_equal(stats(1).flood_packets, 1);
	assert_int_equal(stats(2).tx_packets, 2);
	/* xswd's expiry deletes what is past the aging time. */
	e.seen_ns = xsw_mono_ns() - 20 * XSW_NSEC_PER_SEC;
	assert_int_equal(bpf_map_update_elem(fdb_fd, &k, &e, BPF_ANY), 0);
	{
		struct xsw_fdb_filter f = {
			.bridge_id = 1,
			.seen_before = xsw_mono_ns() - 10 * XSW_NSEC_PER_SEC,
		};

		assert_int_equal(dpc->fdb_flush(dp, &f), 1);
	}
	assert_int_equal(fdb_port(1, 0, m2), 0);
}

static void test_same_port_dropped(void **state)
{
	uint8_t m1[6];
	struct pkt pkt;

	mac_of(m1, 1);
	frame(&pkt, MAC_BCAST, 1);
	run(1, &pkt, 0);
	/* Another host behind p1 sends to m1: it must not go back out p1. */
	frame(&pkt, m1, 1);
	pkt.data[11] = 0x55; /* another source MAC behind p1 */
	assert_int_equal(run(1, &pkt, 0), XDP_DROP);
	assert_int_equal(stats(1).drops[XSW_DROP_SAME_PORT], 1);
	assert_int_equal(stats(1).tx_packets, 0);
}

static void test_malformed_dropped(void **state)
{
	struct pkt_spec s = { .l3 = PKT_L3_NONE, .eth_type = 0x8100 };
	struct pkt pkt;
	uint8_t m9[6];

	mac_of(m9, 9);
	/* Multicast, broadcast and all-zero source MACs. */
	frame(&pkt, MAC_BCAST, 1);
	pkt.data[6] = 0x01;
	assert_int_equal(run(1, &pkt, 0), XDP_DROP);
	memcpy(pkt.data + 6, MAC_BCAST, 6);
	assert_int_equal(run(1, &pkt, 0), XDP_DROP);
	memset(pkt.data + 6, 0, 6);
	assert_int_equal(run(1, &pkt, 0), XDP_DROP);
	assert_int_equal(stats(1).drops[XSW_DROP_BAD_SRC_MAC], 3);

	/* An 802.1Q EtherType with the tag cut off, and a QinQ frame whose
	 * inner tag is cut off. */
	memcpy(s.dst, m9, 6);
	mac_of(s.src, 1);
	pkt_build(&pkt, &s);
	pkt.len = 16;
	assert_int_equal(run(1, &pkt, 0), XDP_DROP);
	s.n_vlans = 1;
	s.vlans[0].tpid = 0x88a8;
	s.vlans[0].tci = 5;
	pkt_build(&pkt, &s);
	pkt.len = 20;
	assert_int_equal(run(1, &pkt, 0), XDP_DROP);
	assert_int_equal(stats(1).drops[XSW_DROP_TRUNCATED_VLAN], 2);
	/* Nothing was learned or counted as received from them. */
	assert_int_equal(stats(1).rx_packets, 0);
	assert_int_equal(fdb_port(1, 0, pkt.data + 6), 0);

	/* The shortest valid frame (a bare Ethernet header) is forwarded. */
	s.n_vlans = 0;
	s.eth_type = 0x88b5;
	pkt_build(&pkt, &s);
	assert_int_equal(pkt.len, 14);
	assert_int_equal(run(1, &pkt, 0), XDP_REDIRECT);
}

/* MACs are learned per VLAN (outer tag). */
static void test_vlan_learning(void **state)
{
	struct pkt_spec s = { .l3 = PKT_L3_IPV4, .l4 = PKT_L4_UDP, .n_vlans = 1 };
	uint8_t mv[6] = { 0x02, 0xbb, 0, 0, 0, 1 };
	struct pkt pkt;

	memcpy(s.dst, MAC_BCAST, 6);
	memcpy(s.src, mv, 6);
	s.vlans[0].tpid = 0x8100;
	s.vlans[0].tci = 0x2000 | 10; /* PCP 1, VID 10 */
	pkt_build(&pkt, &s);
	run(2, &pkt, 0);
	assert_int_equal(fdb_port(1, 10, mv), 2);
	assert_int_equal(fdb_port(1, 0, mv), 0);
	/* Untagged traffic to mv does not use the VLAN 10 entry. */
	frame(&pkt, mv, 1);
	run(1, &pkt, 0);
	assert_int_equal(stats(1).flood_packets, 1);
	/* Tagged VLAN 10 traffic does. */
	memcpy(s.dst, mv, 6);
	mac_of(s.src, 1);
	pkt_build(&pkt, &s);
	assert_int_equal(run(1, &pkt, 0), XDP_REDIRECT);
	assert_int_equal(stats(2).tx_packets, 1);
}

static void test_non_port_passes(void **state)
{
	struct pkt pkt;

	frame(&pkt, MAC_BCAST, 5);
	assert_int_equal(run(5, &pkt, 0), XDP_PASS);
}

/* A detached port's frames go to the kernel and it leaves the flood group. */
static void test_detach(void **state)
{
	struct xsw_dp_port p3 = port_of(3);
	struct pkt pkt;

	assert_int_equal(dpc->port_detach(dp, &p3, NULL), 0);
	frame(&pkt, MAC_BCAST, 3);
	assert_int_equal(run(3, &pkt, 0), XDP_PASS);
	frame(&pkt, MAC_BCAST, 1);
	run(1, &pkt, 1);
	assert_int_equal(stats(2).tx_packets, 1);
	assert_int_equal(stats(3).tx_packets, 0);
	assert_int_equal(dpc->port_attach(dp, &p3, NULL), 0);
	run(1, &pkt, 1);
	assert_int_equal(stats(3).tx_packets, 1);
}

/* Attaching an attached port again (what a restarted xswd does) keeps it
 * working: the pinned link is taken over, not duplicated. */
static void test_reattach_adopts_link(void **state)
{
	struct xsw_dp_port p2 = port_of(2);
	struct xsw_err err = { 0 };
	uint8_t m2[6];
	struct pkt pkt;

	assert_int_equal(dpc->port_attach(dp, &p2, &err), 0);
	assert_int_equal(system("ip -d link show p2 | grep -q 'prog/xdp'"), 0);
	mac_of(m2, 2);
	frame(&pkt, MAC_BCAST, 2);
	run(2, &pkt, 0);
	frame(&pkt, m2, 1);
	assert_int_equal(run(1, &pkt, 0), XDP_REDIRECT);
	assert_int_equal(stats(2).tx_packets, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_learns_source, reset),
		cmocka_unit_test_setup(test_known_unicast, reset),
		cmocka_unit_test_setup(test_flood_membership, reset),
		cmocka_unit_test_setup(test_bridge_isolation, reset),
		cmocka_unit_test_setup(test_mac_move, reset),
		cmocka_unit_test_setup(test_aging, reset),
		cmocka_unit_test_setup(test_same_port_dropped, reset),
		cmocka_unit_test_setup(test_malformed_dropped, reset),
		cmocka_unit_test_setup(test_vlan_learning, reset),
		cmocka_unit_test_setup(test_non_port_passes, reset),
		cmocka_unit_test_setup(test_detach, reset),
		cmocka_unit_test_setup(test_reattach_adopts_link, reset),
	};

	return cmocka_run_group_tests_name("xdp_bridge", tests, setup, teardown);
}
