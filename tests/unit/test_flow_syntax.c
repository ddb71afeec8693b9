// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Tests for the flow-rule syntax (src/daemon/flow_syntax.c):
 *  - valid strings: the exact key/mask bytes they produce (byte order
 *    included), the action list, and their canonical form;
 *  - ovs-ofctl examples (man page, dump-flows output fed back);
 *  - invalid strings: the errno, and a message that quotes the offending
 *    token and gives its column;
 *  - the round trip parse(format(spec)) == spec over randomized specs of
 *    every mode (seed from XSW_SEED, printed on failure);
 *  - ports: names, quoting, reserved words, the resolver's own errors.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "daemon/flow_syntax.h"

/* ---- A port table -------------------------------------------------------- */

/* Port n has name port_names[n]; NULL = no name (shown as a number).  Some
 * names need quoting: reserved words, digits, separators, quotes. */
static const char *const port_names[] = {
	NULL,    "web1",   "db1",      "veth-a.1", "NORMAL", "7",
	"my port", "a,b=c", "q\"u\\o", "in_port",  "drop",   NULL,
	"flood2", "x:y",   "tab\tname", "(p)",     "LOCAL",
};
#define N_NAMED_PORTS (sizeof(port_names) / sizeof(port_names[0]))

static int n_resolver_calls;

static int name_to_port(void *aux, const char *name, uint32_t *port_no,
			struct xsw_err *err)
{
	n_resolver_calls++;
	for (uint32_t i = 1; i < N_NAMED_PORTS; i++) {
		if (port_names[i] && !strcmp(port_names[i], name)) {
			*port_no = i;
			return 0;
		}
	}
	if (!strcmp(name, "gone"))
		return xsw_err_set(err, ENODEV, "port gone was removed");
	return -ENOENT;
}

static int port_to_name(void *aux, uint32_t port_no, char *name, size_t size)
{
	if (port_no >= N_NAMED_PORTS || !port_names[port_no])
		return -ENOENT;
	snprintf(name, size, "%s", port_names[port_no]);
	return 0;
}

static const struct flow_port_map ports = {name_to_port, port_to_name, NULL};

static struct flow_syntax_opts opts_of(enum flow_mode mode, bool strict)
{
	return (struct flow_syntax_opts){mode, strict, &ports};
}

#define ADD FLOW_MODE_ADD
#define MOD FLOW_MODE_MODIFY
#define FIL FLOW_MODE_FILTER

/* ---- Valid strings with their bytes -------------------------------------- */

/* Expected key and mask bytes of one field; all bytes not listed must be 0
 * in both key and mask (the key is checked pre-masked). */
struct field_bytes {
	unsigned int off, len;
	const char *key, *mask;
};

#define B(field, k, m)                                                       \
	{                                                                      \
		offsetof(struct xsw_flow_key, field), sizeof(k) - 1, k, m      \
	}
#define IP4_SRC(k, m) {offsetof(struct xsw_flow_key, nw_src), 4, k, m}
#define IP4_DST(k, m) {offsetof(struct xsw_flow_key, nw_dst), 4, k, m}
#define IP6_SRC(k, m) {offsetof(struct xsw_flow_key, nw_src), 16, k, m}
#define IP6_DST(k, m) {offsetof(struct xsw_flow_key, nw_dst), 16, k, m}
#define FF16 "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"

#define T_IP B(dl_type, "\x08\x00", "\xff\xff")
#define T_IP6 B(dl_type, "\x86\xdd", "\xff\xff")
#define T_ARP B(dl_type, "\x08\x06", "\xff\xff")
#define P(p) B(nw_proto, p, "\xff")

struct valid_case {
	enum flow_mode mode;
	bool strict;
	const char *in;
	const char *canon;  /* flow_format() of the result */
	uint32_t in_port;   /* 0: in_port not matched */
	struct field_bytes fields[8];
};

static const struct valid_case valid_cases[] = {
	/* The brief's example: shorthand, port names, CIDR, actions. */
	{ADD, false,
	 "priority=100,tcp,in_port=web1,nw_dst=10.0.0.0/24,tp_dst=80,"
	 "actions=mod_dl_dst:02:00:00:00:00:02,output:db1",
	 "priority=100,tcp,in_port=web1,nw_dst=10.0.0.0/24,tp_dst=80 "
	 "actions=mod_dl_dst:02:00:00:00:00:02,output:db1",
	 1,
	 {T_IP, P("\x06"), IP4_DST("\x0a\x00\x00\x00", "\xff\xff\xff\x00"),
	  B(tp_dst, "\x00\x50", "\xff\xff")}},
	/* Host bits of a prefix are dropped (the key is kept pre-masked). */
	{ADD, false, "ip,nw_src=10.1.2.3/8 actions=drop",
	 "ip,nw_src=10.0.0.0/8 actions=drop", 0,
	 {T_IP, IP4_SRC("\x0a\x00\x00\x00", "\xff\x00\x00\x00")}},
	{ADD, false, "ip,nw_src=10.1.2.3/255.0.255.0 actions=drop",
	 "ip,nw_src=10.0.2.0/255.0.255.0 actions=drop", 0,
	 {T_IP, IP4_SRC("\x0a\x00\x02\x00", "\xff\x00\xff\x00")}},
	{ADD, false, "ip,nw_dst=192.168.1.1/32 actions=drop",
	 "ip,nw_dst=192.168.1.1 actions=drop", 0,
	 {T_IP, IP4_DST("\xc0\xa8\x01\x01", "\xff\xff\xff\xff")}},
	{ADD, false, "ip,nw_src=1.2.3.4/0 actions=drop", "ip actions=drop", 0,
	 {T_IP}},
	/* dl_type hex or decimal; no shorthand for other EtherTypes. */
	{ADD, false, "dl_type=0x88cc actions=drop",
	 "dl_type=0x88cc actions=drop", 0, {B(dl_type, "\x88\xcc", "\xff\xff")}},
	{ADD, false, "dl_type=2048,nw_proto=17 actions=NORMAL",
	 "udp actions=NORMAL", 0, {T_IP, P("\x11")}},
	{ADD, false, "eth_type=0x86dd,ip_proto=58 actions=drop",
	 "icmp6 actions=drop", 0, {T_IP6, P("\x3a")}},
	/* Protocol 0 is a value, not "no protocol" (a random-spec find). */
	{ADD, false, "ip,nw_proto=0 actions=drop", "ip,nw_proto=0 actions=drop",
	 0, {T_IP, P("\x00")}},
	/* MACs, masked. */
	{ADD, false,
	 "dl_src=00:11:22:33:44:55,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 "
	 "actions=FLOOD",
	 "dl_src=00:11:22:33:44:55,dl_dst=01:00:00:00:00:00/"
	 "01:00:00:00:00:00 actions=FLOOD",
	 0,
	 {B(dl_src, "\x00\x11\x22\x33\x44\x55", "\xff\xff\xff\xff\xff\xff"),
	  B(dl_dst, "\x01\x00\x00\x00\x00\x00", "\x01\x00\x00\x00\x00\x00")}},
	{ADD, false, "eth_src=A:b:C:d:E:f/ff:ff:ff:00:00:00 actions=drop",
	 "dl_src=0a:0b:0c:00:00:00/ff:ff:ff:00:00:00 actions=drop", 0,
	 {B(dl_src, "\x0a\x0b\x0c\x00\x00\x00", "\xff\xff\xff\x00\x00\x00")}},
	/* VLANs: XSW_VLAN_PRESENT (0x1000) marks "tagged". */
	{ADD, false, "dl_vlan=5 actions=drop", "dl_vlan=5 actions=drop", 0,
	 {B(vlan_tci, "\x10\x05", "\x1f\xff")}},
	{ADD, false, "dl_vlan=0 actions=drop", "dl_vlan=0 actions=drop", 0,
	 {B(vlan_tci, "\x10\x00", "\x1f\xff")}},
	{ADD, false, "dl_vlan=0xffff actions=drop",
	 "vlan_tci=0x0000 actions=drop", 0, {B(vlan_tci, "\x00\x00", "\xff\xff")}},
	{ADD, false, "dl_vlan=4095,dl_vlan_pcp=7 actions=drop",
	 "dl_vlan=4095,dl_vlan_pcp=7 actions=drop", 0,
	 {B(vlan_tci, "\xff\xff", "\xff\xff")}},
	{ADD, false, "dl_vlan_pcp=3 actions=drop", "dl_vlan_pcp=3 actions=drop",
	 0, {B(vlan_tci, "\x70\x00", "\xf0\x00")}},
	{ADD, false, "vlan_tci=0x1000/0x1000 actions=drop",
	 "vlan_tci=0x1000/0x1000 actions=drop", 0,
	 {B(vlan_tci, "\x10\x00", "\x10\x00")}},
	{ADD, false, "dl_vlan=10,vlan_tci=0x100a/0x1fff actions=drop",
	 "dl_vlan=10 actions=drop", 0, {B(vlan_tci, "\x10\x0a", "\x1f\xff")}},
	/* ARP: op in nw_proto, SPA/TPA in nw_src/nw_dst. */
	{ADD, false, "arp,nw_src=10.0.0.1,nw_dst=10.0.0.0/8,arp_op=2 actions=NORMAL",
	 "arp,arp_spa=10.0.0.1,arp_tpa=10.0.0.0/8,arp_op=2 actions=NORMAL", 0,
	 {T_ARP, P("\x02"), IP4_SRC("\x0a\x00\x00\x01", "\xff\xff\xff\xff"),
	  IP4_DST("\x0a\x00\x00\x00", "\xff\x00\x00\x00")}},
	{ADD, false, "arp,arp_tpa=10.0.0.1,nw_proto=1 actions=drop",
	 "arp,arp_tpa=10.0.0.1,arp_op=1 actions=drop", 0,
	 {T_ARP, P("\x01"), IP4_DST("\x0a\x00\x00\x01", "\xff\xff\xff\xff")}},
	/* IPv6 prefixes and masks. */
	{ADD, false, "ipv6,ipv6_src=2001:db8::1/32,ipv6_dst=fe80::1 actions=drop",
	 "ipv6,ipv6_src=2001:db8::/32,ipv6_dst=fe80::1 actions=drop", 0,
	 {T_IP6,
	  IP6_SRC("\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\0",
		  "\xff\xff\xff\xff\0\0\0\0\0\0\0\0\0\0\0\0"),
	  IP6_DST("\xfe\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", FF16)}},
	{ADD, false, "ipv6,ipv6_dst=::ff/::f0 actions=drop",
	 "ipv6,ipv6_dst=::f0/::f0 actions=drop", 0,
	 {T_IP6, IP6_DST("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\xf0",
			 "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\xf0")}},
	/* L4 ports in network order, with masks. */
	{ADD, false, "tcp,tp_dst=0x0050/0xfff0 actions=drop",
	 "tcp,tp_dst=0x50/0xfff0 actions=drop", 0,
	 {T_IP, P("\x06"), B(tp_dst, "\x00\x50", "\xff\xf0")}},
	{ADD, false, "udp6,tp_src=53,udp_dst=1000 actions=drop",
	 "udp6,tp_src=53,tp_dst=1000 actions=drop", 0,
	 {T_IP6, P("\x11"), B(tp_src, "\x00\x35", "\xff\xff"),
	  B(tp_dst, "\x03\xe8", "\xff\xff")}},
	{ADD, false, "sctp,sctp_src=65535 actions=drop",
	 "sctp,tp_src=65535 actions=drop", 0,
	 {T_IP, P("\x84"), B(tp_src, "\xff\xff", "\xff\xff")}},
	/* ICMP type/code in tp_src/tp_dst, as a u16 in network order. */
	{ADD, false, "icmp,icmp_type=8,icmp_code=0 actions=drop",
	 "icmp,icmp_type=8,icmp_code=0 actions=drop", 0,
	 {T_IP, P("\x01"), B(tp_src, "\x00\x08", "\xff\xff"),
	  B(tp_dst, "\x00\x00", "\xff\xff")}},
	{ADD, false, "icmp6,icmpv6_type=135 actions=drop",
	 "icmp6,icmp_type=135 actions=drop", 0,
	 {T_IP6, P("\x3a"), B(tp_src, "\x00\x87", "\xff\xff")}},
	/* TOS: nw_tos is the DSCP bits, nw_ecn the ECN bits. */
	{ADD, false, "ip,nw_tos=184,nw_ecn=1,nw_ttl=64 actions=drop",
	 "ip,nw_tos=184,nw_ecn=1,nw_ttl=64 actions=drop", 0,
	 {T_IP, B(nw_tos, "\xb9", "\xff"), B(nw_ttl, "\x40", "\xff")}},
	{ADD, false, "ipv6,ip_dscp=46 actions=drop", "ipv6,nw_tos=184 actions=drop",
	 0, {T_IP6, B(nw_tos, "\xb8", "\xfc")}},
	/* ip_frag over the nw_frag bits (ANY = 1, LATER = 2), as OVS. */
	{ADD, false, "ip,ip_frag=no actions=drop", "ip,nw_frag=no actions=drop",
	 0, {T_IP, B(nw_frag, "\x00", "\x01")}},
	{ADD, false, "ip,ip_frag=yes actions=drop", "ip,nw_frag=yes actions=drop",
	 0, {T_IP, B(nw_frag, "\x01", "\x01")}},
	{ADD, false, "ip,ip_frag=first actions=drop",
	 "ip,nw_frag=first actions=drop", 0, {T_IP, B(nw_frag, "\x01", "\x03")}},
	{ADD, false, "ip,ip_frag=later actions=drop",
	 "ip,nw_frag=later actions=drop", 0, {T_IP, B(nw_frag, "\x03", "\x03")}},
	{ADD, false, "ipv6,nw_frag=not_later actions=drop",
	 "ipv6,nw_frag=not_later actions=drop", 0,
	 {T_IP6, B(nw_frag, "\x00", "\x02")}},
	/* in_port by number, by quoted name, by a name that needs quotes. */
	{ADD, false, "in_port=11 actions=IN_PORT", "in_port=11 actions=IN_PORT",
	 11, {{0}}},
	{ADD, false, "in_port=\"a,b=c\" actions=drop",
	 "in_port=\"a,b=c\" actions=drop", 7, {{0}}},
	{ADD, false, "in_port=\"web1\" actions=drop", "in_port=web1 actions=drop",
	 1, {{0}}},
	{ADD, false, "in_port=veth-a.1 actions=drop",
	 "in_port=veth-a.1 actions=drop", 3, {{0}}},
	/* Separators, case, key:value and key(value). */
	{ADD, false, "  TCP  Tp_Dst:22\tACTIONS=Output(2) , ,",
	 "tcp,tp_dst=22 actions=output:db1", 0,
	 {T_IP, P("\x06"), B(tp_dst, "\x00\x16", "\xff\xff")}},
	/* Order does not matter for prerequisites, as in OVS. */
	{ADD, false, "tp_dst=80,nw_dst=1.2.3.4,tcp actions=drop",
	 "tcp,nw_dst=1.2.3.4,tp_dst=80 actions=drop", 0,
	 {T_IP, P("\x06"), IP4_DST("\x01\x02\x03\x04", "\xff\xff\xff\xff"),
	  B(tp_dst, "\x00\x50", "\xff\xff")}},
	/* Same value twice is fine. */
	{ADD, false, "ip,tcp,nw_proto=6,dl_type=0x0800 actions=drop",
	 "tcp actions=drop", 0, {T_IP, P("\x06")}},
	/* Rule keys. */
	{ADD, false,
	 "cookie=0x10,idle_timeout=5,hard_timeout=60,priority=0,actions=NORMAL",
	 "cookie=0x10,idle_timeout=5,hard_timeout=60,priority=0 "
	 "actions=NORMAL",
	 0, {{0}}},
	{ADD, false, "priority=32768 actions=drop", "actions=drop", 0, {{0}}},
	{ADD, false, "actions=", "actions=drop", 0, {{0}}},
	/* Filters. */
	{FIL, false, "", "", 0, {{0}}},
	{FIL, false, "cookie=0x5/0xff,out_port=db1,udp",
	 "cookie=0x5/0xff,out_port=db1,udp", 0, {T_IP, P("\x11")}},
	{FIL, false, "cookie=5", "cookie=0x5/-1", 0, {{0}}},
	{FIL, true, "priority=7,arp", "priority=7,arp", 0, {T_ARP}},
	{MOD, false, "cookie=1/-1,cookie=2,ip actions=drop",
	 "cookie=0x1/-1,cookie=0x2,ip actions=drop", 0, {T_IP}},
	{MOD, false, "cookie=0,in_port=2 actions=NORMAL",
	 "cookie=0x0,in_port=db1 actions=NORMAL", 2, {{0}}},
};

static void check_bytes(const struct valid_case *vc,
			const struct xsw_flow_spec *spec)
{
	uint8_t key[sizeof(struct xsw_flow_key)] = {0};
	uint8_t mask[sizeof(struct xsw_flow_key)] = {0};
	uint32_t in_port_mask = vc->in_port ? UINT32_MAX : 0;

	memcpy(key + offsetof(struct xsw_flow_key, in_port), &vc->in_port, 4);
	memcpy(mask + offsetof(struct xsw_flow_key, in_port), &in_port_mask, 4);
	for (size_t i = 0; i < 8 && vc->fields[i].key; i++) {
		const struct field_bytes *f = &vc->fields[i];

		memcpy(key + f->off, f->key, f->len);
		memcpy(mask + f->off, f->mask, f->len);
	}
	for (size_t i = 0; i < sizeof(key); i++) {
		const uint8_t *got_k = (const uint8_t *)&spec->match.key;
		const uint8_t *got_m = (const uint8_t *)&spec->match.mask;

		if (got_k[i] != key[i] || got_m[i] != mask[i])
			fail_msg("%s: byte %zu: key %02x mask %02x, expected "
				 "key %02x mask %02x",
				 vc->in, i, got_k[i], got_m[i], key[i], mask[i]);
	}
}

static void test_valid(void **state)
{
	for (size_t i = 0; i < sizeof(valid_cases) / sizeof(valid_cases[0]);
	     i++) {
		const struct valid_case *vc = &valid_cases[i];
		struct flow_syntax_opts o = opts_of(vc->mode, vc->strict);
		struct xsw_flow_spec spec, again;
		struct xsw_err err;
		char buf[FLOW_FORMAT_SIZE];
		int r;

		r = flow_parse(vc->in, &o, &spec, &err);
		if (r)
			fail_msg("\"%s\": %d %s", vc->in, r, err.msg);
		assert_int_equal(err.code, 0);
		check_bytes(vc, &spec);
		r = flow_format(&spec, &o, buf, sizeof(buf));
		assert_int_equal(r, (int)strlen(buf));
		if (strcmp(buf, vc->canon))
			fail_msg("\"%s\" formats as \"%s\", expected \"%s\"",
				 vc->in, buf, vc->canon);
		r = flow_parse(buf, &o, &again, &err);
		if (r || !xsw_flow_spec_equal(&spec, &again))
			fail_msg("\"%s\" does not parse back: %s", buf, err.msg);
	}
}

/* ---- Actions: representation and byte order ------------------------------ */

static void test_action_values(void **state)
{
	struct flow_syntax_opts o = opts_of(ADD, false);
	struct xsw_flow_spec s;
	struct xsw_err err;
	const struct xsw_ofaction *a = s.actions.actions;
	int r;

	r = flow_parse("tcp actions=output:2,7,\"7\",NORMAL,flood,in_port,"
		       "output:IN_PORT,output:normal,mod_dl_src:0a:0b:0c:0d:0e:0f,"
		       "mod_dl_dst:1:2:3:4:5:6,mod_nw_src:10.0.0.1,"
		       "mod_nw_dst:192.168.0.255,mod_tp_src:1,mod_tp_dst:0x1f90,"
		       "push_vlan:0x88a8,push_vlan:0x8100,mod_vlan_vid:4095,"
		       "strip_vlan,pop_vlan,dec_ttl,\"my port\"",
		       &o, &s, &err);
	if (r)
		fail_msg("%s", err.msg);
	assert_int_equal(s.actions.n_actions, 21);
	assert_int_equal(a[0].type, XSW_OFACT_OUTPUT);
	assert_int_equal(a[0].port_no, 2);
	assert_int_equal(a[1].type, XSW_OFACT_OUTPUT);
	assert_int_equal(a[1].port_no, 7);  /* bare number: port 7 */
	assert_int_equal(a[2].port_no, 5);  /* "7": the port named 7 */
	assert_int_equal(a[3].type, XSW_OFACT_NORMAL);
	assert_int_equal(a[4].type, XSW_OFACT_FLOOD);
	assert_int_equal(a[5].type, XSW_OFACT_IN_PORT);
	assert_int_equal(a[6].type, XSW_OFACT_IN_PORT);
	assert_int_equal(a[7].type, XSW_OFACT_NORMAL);
	assert_int_equal(a[8].type, XSW_OFACT_SET_DL_SRC);
	assert_memory_equal(a[8].mac, "\x0a\x0b\x0c\x0d\x0e\x0f", 6);
	assert_int_equal(a[9].type, XSW_OFACT_SET_DL_DST);
	assert_memory_equal(a[9].mac, "\x01\x02\x03\x04\x05\x06", 6);
	assert_int_equal(a[10].type, XSW_OFACT_SET_NW_SRC);
	assert_memory_equal(&a[10].ip4, "\x0a\x00\x00\x01", 4);
	assert_int_equal(a[11].type, XSW_OFACT_SET_NW_DST);
	assert_memory_equal(&a[11].ip4, "\xc0\xa8\x00\xff", 4);
	assert_int_equal(a[12].type, XSW_OFACT_SET_TP_SRC);
	assert_memory_equal(&a[12].tp_port, "\x00\x01", 2);
	assert_int_equal(a[13].type, XSW_OFACT_SET_TP_DST);
	assert_memory_equal(&a[13].tp_port, "\x1f\x90", 2);
	assert_int_equal(a[14].type, XSW_OFACT_PUSH_VLAN);
	assert_memory_equal(&a[14].tpid, "\x88\xa8", 2);
	assert_memory_equal(&a[15].tpid, "\x81\x00", 2);
	assert_int_equal(a[16].type, XSW_OFACT_SET_VLAN_VID);
	assert_int_equal(a[16].vid, 4095); /* host order */
	assert_int_equal(a[17].type, XSW_OFACT_STRIP_VLAN);
	assert_int_equal(a[18].type, XSW_OFACT_STRIP_VLAN);
	assert_int_equal(a[19].type, XSW_OFACT_DEC_TTL);
	assert_int_equal(a[20].type, XSW_OFACT_OUTPUT);
	assert_int_equal(a[20].port_no, 6);

	char buf[FLOW_FORMAT_SIZE];

	r = flow_format_actions(&s.actions, &ports, buf, sizeof(buf));
	assert_true(r > 0);
	assert_string_equal(
		buf, "output:db1,output:\"a,b=c\",output:\"7\",NORMAL,FLOOD,"
		     "IN_PORT,IN_PORT,NORMAL,mod_dl_src:0a:0b:0c:0d:0e:0f,"
		     "mod_dl_dst:01:02:03:04:05:06,mod_nw_src:10.0.0.1,"
		     "mod_nw_dst:192.168.0.255,mod_tp_src:1,mod_tp_dst:8080,"
		     "push_vlan:0x88a8,push_vlan:0x8100,mod_vlan_vid:4095,"
		     "strip_vlan,strip_vlan,dec_ttl,output:\"my port\"");

	/* drop and the empty list are the same thing. */
	assert_int_equal(flow_parse("actions=drop", &o, &s, &err), 0);
	assert_int_equal(s.actions.n_actions, 0);
	assert_int_equal(flow_parse("actions=DROP,drop", &o, &s, &err), 0);
	assert_int_equal(s.actions.n_actions, 0);

	/* Exactly XSW_MAX_OFACTIONS fit. */
	char many[1024] = "actions=";

	for (int i = 0; i < XSW_MAX_OFACTIONS; i++)
		strcat(many, i ? ",dec_ttl" : "dec_ttl");
	assert_int_equal(flow_parse(many, &o, &s, &err), 0);
	assert_int_equal(s.actions.n_actions, XSW_MAX_OFACTIONS);
	strcat(many, ",dec_ttl");
	assert_int_equal(flow_parse(many, &o, &s, &err), -E2BIG);
	assert_non_null(strstr(err.msg, "at most 32"));
}

/* ---- ovs-ofctl examples ------------------------------------------------ */

/* Strings from ovs-ofctl(8), ovs-fields(7) and real dump-flows output, with
 * the canonical form xsw prints for them (numbers: no port map). */
static const struct {
	enum flow_mode mode;
	const char *in, *canon;
} ovs_examples[] = {
	{ADD, "in_port=1,actions=output:2", "in_port=1 actions=output:2"},
	{ADD, "priority=0,actions=NORMAL", "priority=0 actions=NORMAL"},
	{ADD, "dl_vlan=100,actions=strip_vlan,output:2",
	 "dl_vlan=100 actions=strip_vlan,output:2"},
	{ADD, "in_port=2,actions=mod_vlan_vid:100,output:1",
	 "in_port=2 actions=mod_vlan_vid:100,output:1"},
	{ADD, "priority=1000,ip,nw_dst=192.168.0.0/16,actions=NORMAL",
	 "priority=1000,ip,nw_dst=192.168.0.0/16 actions=NORMAL"},
	{ADD, "tcp,tp_dst=80,actions=output:3", "tcp,tp_dst=80 actions=output:3"},
	{ADD, "arp,arp_tpa=10.0.0.1,actions=FLOOD",
	 "arp,arp_tpa=10.0.0.1 actions=FLOOD"},
	{ADD, "udp,tp_src=68,tp_dst=67,actions=NORMAL",
	 "udp,tp_src=68,tp_dst=67 actions=NORMAL"},
	{ADD, "icmp,icmp_type=8,actions=drop", "icmp,icmp_type=8 actions=drop"},
	{ADD, "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=drop",
	 "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=drop"},
	{ADD, "ip,nw_src=10.0.0.0/8,nw_dst=10.0.0.0/8,actions=dec_ttl,output:1",
	 "ip,nw_src=10.0.0.0/8,nw_dst=10.0.0.0/8 actions=dec_ttl,output:1"},
	{ADD, "tcp,tp_dst=0x1000/0xf000,actions=drop",
	 "tcp,tp_dst=0x1000/0xf000 actions=drop"},
	{ADD, "ipv6,ipv6_src=2001:db8:3c4d:1::/64,actions=NORMAL",
	 "ipv6,ipv6_src=2001:db8:3c4d:1::/64 actions=NORMAL"},
	{ADD, "ip,nw_frag=later,actions=drop", "ip,nw_frag=later actions=drop"},
	{ADD, "vlan_tci=0x0000/0x1fff,actions=drop",
	 "vlan_tci=0x0000/0x1fff actions=drop"},
	{ADD, "priority=65535,arp,arp_op=1,actions=NORMAL",
	 "priority=65535,arp,arp_op=1 actions=NORMAL"},
	{ADD, "ip,nw_src=192.168.0.1,actions=mod_nw_src:10.0.0.1,output:1",
	 "ip,nw_src=192.168.0.1 actions=mod_nw_src:10.0.0.1,output:1"},
	{ADD, "tcp,nw_dst=10.0.0.1,tp_dst=80,actions=mod_nw_dst:10.0.0.2,"
	      "mod_tp_dst:8080,output:2",
	 "tcp,nw_dst=10.0.0.1,tp_dst=80 actions=mod_nw_dst:10.0.0.2,"
	 "mod_tp_dst:8080,output:2"},
	{ADD, "in_port=1,actions=push_vlan:0x8100,mod_vlan_vid:10,output:2",
	 "in_port=1 actions=push_vlan:0x8100,mod_vlan_vid:10,output:2"},
	/* dump-flows output, fed back: statistics and table=0 are ignored. */
	{ADD, " cookie=0x0, duration=2.507s, table=0, n_packets=0, n_bytes=0, "
	      "idle_age=2, priority=100,tcp,in_port=1,nw_dst=10.0.0.0/24,"
	      "tp_dst=80 actions=output:2",
	 "priority=100,tcp,in_port=1,nw_dst=10.0.0.0/24,tp_dst=80 "
	 "actions=output:2"},
	{ADD, " cookie=0x1f, duration=5.1s, table=0, n_packets=3, n_bytes=180, "
	      "idle_timeout=10, idle_age=1, priority=0 actions=NORMAL",
	 "cookie=0x1f,idle_timeout=10,priority=0 actions=NORMAL"},
	/* del-flows / dump-flows filters. */
	{FIL, "in_port=1", "in_port=1"},
	{FIL, "tcp,tp_dst=80", "tcp,tp_dst=80"},
	{FIL, "cookie=0x20/0xff", "cookie=0x20/0xff"},
	{FIL, "cookie=0x20/-1,out_port=3", "cookie=0x20/-1,out_port=3"},
	{MOD, "in_port=1,actions=output:3", "in_port=1 actions=output:3"},
};

static void test_ovs_examples(void **state)
{
	for (size_t i = 0; i < sizeof(ovs_examples) / sizeof(ovs_examples[0]);
	     i++) {
		struct flow_syntax_opts o = {ovs_examples[i].mode, false, NULL};
		struct xsw_flow_spec spec, again;
		struct xsw_err err;
		char buf[FLOW_FORMAT_SIZE];

		if (flow_parse(ovs_examples[i].in, &o, &spec, &err))
			fail_msg("\"%s\": %s", ovs_examples[i].in, err.msg);
		assert_true(flow_format(&spec, &o, buf, sizeof(buf)) > 0 ||
			    !buf[0]);
		if (strcmp(buf, ovs_examples[i].canon))
			fail_msg("\"%s\" formats as \"%s\", expected \"%s\"",
				 ovs_examples[i].in, buf, ovs_examples[i].canon);
		assert_int_equal(flow_parse(buf, &o, &again, &err), 0);
		assert_true(xsw_flow_spec_equal(&spec, &again));
	}
}

/* ---- Invalid strings ----------------------------------------------------- */

struct invalid_case {
	enum flow_mode mode;
	bool strict;
	const char *in;
	int error;        /* positive errno */
	unsigned int col; /* column the message must give */
	const char *token; /* the message must quote this */
	const char *also;  /* and contain this, if not NULL */
};

static const struct invalid_case invalid_cases[] = {
	/* Values. */
	{ADD, 0, "priority=100,tcp,nw_src=10.0.0.300,actions=drop", EINVAL, 25,
	 "\"10.0.0.300\"", "is not an IPv4 address or prefix"},
	{ADD, 0, "ip,nw_src=1.2.3.4/33 actions=drop", EINVAL, 19, "/33",
	 "prefix length"},
	{ADD, 0, "ip,nw_src=1.2.3.4/255.0.0.256 actions=drop", EINVAL, 19,
	 "/255.0.0.256", NULL},
	{ADD, 0, "ipv6,ipv6_src=2001:db8::g actions=drop", EINVAL, 15,
	 "\"2001:db8::g\"", "IPv6"},
	{ADD, 0, "ipv6,ipv6_dst=::1/129 actions=drop", EINVAL, 19, "/129",
	 NULL},
	{ADD, 0, "dl_src=00:11:22:33:44 actions=drop", EINVAL, 8,
	 "\"00:11:22:33:44\"", "Ethernet address"},
	{ADD, 0, "dl_dst=00:11:22:33:44:55/ff:ff actions=drop", EINVAL, 26,
	 "\"ff:ff\"", "Ethernet mask"},
	{ADD, 0, "dl_type=0x10000 actions=drop", EINVAL, 9, "\"0x10000\"",
	 "out of range"},
	{ADD, 0, "dl_type=ip actions=drop", EINVAL, 9, "\"ip\"",
	 "not a number"},
	{ADD, 0, "dl_vlan=4096 actions=drop", EINVAL, 9, "\"4096\"",
	 "0xffff for untagged"},
	{ADD, 0, "dl_vlan=5/0xfff actions=drop", EINVAL, 10, "dl_vlan=5/0xfff",
	 "vlan_tci=VALUE/MASK"},
	{ADD, 0, "dl_vlan_pcp=8 actions=drop", EINVAL, 13, "\"8\"",
	 "out of range (0..7)"},
	{ADD, 0, "ip,nw_tos=5 actions=drop", EINVAL, 11, "\"5\"", "nw_ecn"},
	{ADD, 0, "ip,nw_ttl=256 actions=drop", EINVAL, 11, "\"256\"", NULL},
	{ADD, 0, "ip,ip_frag=lator actions=drop", EINVAL, 12, "\"lator\"",
	 "did you mean \"later\""},
	{ADD, 0, "tcp,tp_dst=65536 actions=drop", EINVAL, 12, "\"65536\"",
	 NULL},
	{ADD, 0, "tcp,tp_dst=80/0x1ffff actions=drop", EINVAL, 15,
	 "\"0x1ffff\"", NULL},
	{ADD, 0, "tcp,tp_dst=080 actions=drop", EINVAL, 12, "\"080\"", "octal"},
	{ADD, 0, "icmp,icmp_type=256 actions=drop", EINVAL, 16, "\"256\"",
	 NULL},
	{ADD, 0, "arp,arp_op=256 actions=drop", EINVAL, 12, "\"256\"", NULL},
	{ADD, 0, "priority=65536 actions=drop", EINVAL, 10, "\"65536\"", NULL},
	{ADD, 0, "idle_timeout=-1 actions=drop", EINVAL, 14, "\"-1\"", NULL},
	{ADD, 0, "nw_src= actions=drop", EINVAL, 8, "nw_src=", "needs a value"},
	{ADD, 0, "ip,nw_src actions=drop", EINVAL, 4, "\"nw_src\"",
	 "needs a value"},
	{ADD, 0, "tcp=6 actions=drop", EINVAL, 4, "\"tcp\"", "takes no value"},
	{ADD, 0, "nw_src=\"1.2.3.4\",ip actions=drop", EINVAL, 8,
	 "nw_src=\"1.2.3.4\"", "port names"},
	/* Unknown names, with suggestions. */
	{ADD, 0, "tcp,nw_srcc=1.2.3.4 actions=drop", EINVAL, 5,
	 "\"nw_srcc\"", "did you mean \"nw_src\"?"},
	{ADD, 0, "prority=5 actions=drop", EINVAL, 1, "\"prority\"",
	 "did you mean \"priority\"?"},
	{ADD, 0, "tpc actions=drop", EINVAL, 1, "\"tpc\"",
	 "did you mean \"tcp\"?"},
	{ADD, 0, "ipv4,nw_src=1.2.3.4 actions=drop", EINVAL, 1, "\"ipv4\"",
	 "did you mean \"ip\"?"},
	{ADD, 0, "bogus_thing=1 actions=drop", EINVAL, 1, "\"bogus_thing\"",
	 "unknown field"},
	{ADD, 0, "tcp_flags=+syn actions=drop", EOPNOTSUPP, 1, "\"tcp_flags\"",
	 "not supported by xsw"},
	{ADD, 0, "output:1", EINVAL, 1, "\"output\"", "actions="},
	{ADD, 0, "actions=outptu:1", EINVAL, 9, "\"outptu\"",
	 "did you mean \"output\"?"},
	{ADD, 0, "actions=nromal", ENOENT, 9, "\"nromal\"",
	 "did you mean \"normal\"?"},
	{ADD, 0, "actions=resubmit:2", EOPNOTSUPP, 9, "\"resubmit\"",
	 "not supported"},
	{ADD, 0, "actions=ALL", EOPNOTSUPP, 9, "\"ALL\"", "FLOOD"},
	{ADD, 0, "actions=output:ALL", EOPNOTSUPP, 16, "output:ALL", "FLOOD"},
	{ADD, 0, "actions=output:LOCAL", EOPNOTSUPP, 16, "\"LOCAL\"",
	 "reserved"},
	/* Prerequisites, named at the field or action that needs them. */
	{ADD, 0, "tp_dst=80,actions=drop", EINVAL, 1, "\"tp_dst=80\"",
	 "requires tcp, udp or sctp (at column 1); add \"tcp,\" before it"},
	{ADD, 0, "ipv6,tp_src=1 actions=drop", EINVAL, 6, "\"tp_src=1\"",
	 "add \"tcp6,\""},
	{ADD, 0, "icmp,tp_dst=1 actions=drop", EINVAL, 6, "\"tp_dst=1\"",
	 "icmp_type"},
	{ADD, 0, "udp,tcp_dst=1 actions=drop", EINVAL, 5, "\"tcp_dst=1\"",
	 "requires tcp"},
	{ADD, 0, "nw_src=1.2.3.4 actions=drop", EINVAL, 1,
	 "\"nw_src=1.2.3.4\"", "requires ip or arp"},
	{ADD, 0, "arp,ip_src=1.2.3.4 actions=drop", EINVAL, 5,
	 "\"ip_src=1.2.3.4\"", "requires ip"},
	{ADD, 0, "ip,arp_op=1 actions=drop", EINVAL, 4, "\"arp_op=1\"",
	 "requires arp"},
	{ADD, 0, "ip,ipv6_src=::1 actions=drop", EINVAL, 4,
	 "\"ipv6_src=::1\"", "requires ipv6"},
	{ADD, 0, "nw_proto=6 actions=drop", EINVAL, 1, "\"nw_proto=6\"",
	 "requires ip, ipv6 or arp"},
	{ADD, 0, "arp,nw_ttl=1 actions=drop", EINVAL, 5, "\"nw_ttl=1\"",
	 "requires ip or ipv6"},
	{ADD, 0, "ip,icmp_type=3 actions=drop", EINVAL, 4, "\"icmp_type=3\"",
	 "requires icmp or icmp6"},
	{ADD, 0, "icmp,icmpv6_type=3 actions=drop", EINVAL, 6,
	 "\"icmpv6_type=3\"", "requires icmp6"},
	{ADD, 0, "tcp,ip_frag=later,tp_dst=80 actions=drop", EINVAL, 19,
	 "\"tp_dst=80\"", "later fragments"},
	{ADD, 0, "actions=mod_nw_src:1.2.3.4", EINVAL, 9,
	 "\"mod_nw_src:1.2.3.4\"", "requires an IPv4 match"},
	{ADD, 0, "ipv6 actions=mod_nw_dst:1.2.3.4", EINVAL, 14,
	 "\"mod_nw_dst:1.2.3.4\"", "add \"ip,\""},
	{ADD, 0, "ip actions=mod_tp_dst:80", EINVAL, 12, "\"mod_tp_dst:80\"",
	 "requires a tcp or udp match"},
	{ADD, 0, "sctp actions=mod_tp_src:80", EOPNOTSUPP, 14,
	 "\"mod_tp_src:80\"", "sctp"},
	{ADD, 0, "udp,ip_frag=later actions=mod_tp_src:80", EINVAL, 27,
	 "\"mod_tp_src:80\"", "later fragments"},
	/* Conflicts: a field twice, or fields that share bits. */
	{ADD, 0, "tcp,udp,actions=drop", EINVAL, 5, "\"udp\"",
	 "conflicts with \"tcp\""},
	{ADD, 0, "ip,ipv6 actions=drop", EINVAL, 4, "\"ipv6\"",
	 "conflicts with \"ip\""},
	{ADD, 0, "ip,nw_src=10.0.0.0/8,nw_src=10.1.0.0/16 actions=drop", EINVAL,
	 22, "\"nw_src=10.1.0.0/16\"", "\"nw_src=10.0.0.0/8\""},
	{ADD, 0, "arp,nw_src=1.1.1.1,arp_spa=1.1.1.2 actions=drop", EINVAL, 20,
	 "\"arp_spa=1.1.1.2\"", "\"nw_src=1.1.1.1\""},
	{ADD, 0, "dl_vlan=0xffff,dl_vlan_pcp=2 actions=drop", EINVAL, 16,
	 "\"dl_vlan_pcp=2\"", "\"dl_vlan=0xffff\""},
	{ADD, 0, "dl_vlan=5,vlan_tci=0x1006/0x1fff actions=drop", EINVAL, 11,
	 "\"vlan_tci=0x1006/0x1fff\"", "conflicts"},
	{ADD, 0, "ip,nw_tos=8,ip_dscp=3 actions=drop", EINVAL, 13,
	 "\"ip_dscp=3\"", "\"nw_tos=8\""},
	{ADD, 0, "priority=1,priority=2 actions=drop", EINVAL, 12,
	 "\"priority=2\"", "\"priority=1\""},
	{ADD, 0, "cookie=1,cookie=2 actions=drop", EINVAL, 10, "\"cookie=2\"",
	 NULL},
	{ADD, 0, "actions=drop,output:1", EINVAL, 14, "\"output:1\"",
	 "only action"},
	{ADD, 0, "actions=output:1,drop", EINVAL, 18, "\"drop\"",
	 "only action"},
	/* Structure. */
	{ADD, 0, "ip", EINVAL, 3, "actions=", "no actions"},
	{MOD, 0, "ip", EINVAL, 3, "actions=", "no actions"},
	{ADD, 0, "actions", EINVAL, 1, "\"actions\"", "\"=\""},
	{ADD, 0, "actions=output:1,priority=5", EINVAL, 18, "\"priority=5\"",
	 "must come last"},
	{ADD, 0, "actions=output:1 tcp", EINVAL, 18, "\"tcp\"", "must come last"},
	{ADD, 0, "=5 actions=drop", EINVAL, 1, "\"=\"", NULL},
	{ADD, 0, "ip,tp_dst(80 actions=drop", EINVAL, 10, "tp_dst(80",
	 "parenthesis"},
	{ADD, 0, "in_port=\"web1 actions=drop", EINVAL, 9, "\"web1 actions",
	 "unterminated"},
	/* A backslash as the last byte once looped forever (fuzzer find). */
	{ADD, 0, "in_port=\"web1\\", EINVAL, 9, "\"web1\\",
	 "unterminated"},
	{ADD, 0, "actions=\"\\", EINVAL, 9, "\"\\", "unterminated"},
	{ADD, 0, "in_port=\"web1\"x actions=drop", EINVAL, 15, "\"web1\"",
	 "unexpected text"},
	{ADD, 0, "in_port=\"w\\neb1\" actions=drop", EINVAL, 11, "\\n",
	 "escape"},
	{ADD, 0, "\"web1\" actions=drop", EINVAL, 1, "\"web1\"",
	 "only a port name"},
	{ADD, 0, "cookie=5/7 actions=drop", EINVAL, 9, "cookie=5/7",
	 "cookie mask"},
	{ADD, 0, "out_port=1 actions=drop", EINVAL, 1, "out_port=1",
	 "filters"},
	{ADD, 0, "table=1,actions=drop", EINVAL, 7, "table=1", "single"},
	{FIL, 0, "tcp actions=drop", EINVAL, 5, "\"actions\"",
	 "takes no"},
	{FIL, 0, "priority=5,tcp", EINVAL, 1, "priority=5", "--strict"},
	{FIL, 0, "idle_timeout=5", EINVAL, 1, "idle_timeout=5", "filter"},
	{FIL, 0, "cookie=5,cookie=6/-1", EINVAL, 10, "\"cookie=6/-1\"", NULL},
	/* Ports. */
	{ADD, 0, "in_port=web9 actions=drop", ENOENT, 9, "\"web9\"",
	 "unknown port"},
	{ADD, 0, "in_port=gone actions=drop", ENODEV, 9, "in_port=gone",
	 "port gone was removed"},
	{ADD, 0, "in_port=0 actions=drop", EINVAL, 9, "port 0", "1..1023"},
	{ADD, 0, "in_port=1024 actions=drop", EINVAL, 9, "port 1024", NULL},
	{ADD, 0, "in_port=LOCAL actions=drop", EOPNOTSUPP, 9, "\"LOCAL\"",
	 "quote a port of that name: \"LOCAL\""},
	{ADD, 0, "actions=web9", ENOENT, 9, "\"web9\"",
	 "neither an action nor a port"},
	{ADD, 0, "actions=output:web9", ENOENT, 16, "\"web9\"", "unknown port"},
	{ADD, 0, "actions=output:0", EINVAL, 16, "port 0", NULL},
	{ADD, 0, "actions=\"web1\":3", EINVAL, 15, "\"web1\":3", "no value"},
	{FIL, 0, "out_port=web9", ENOENT, 10, "\"web9\"", "unknown port"},
	/* Action values. */
	{ADD, 0, "actions=push_vlan:0x0800", EINVAL, 19, "\"0x0800\"", "TPID"},
	{ADD, 0, "actions=mod_vlan_vid:4096", EINVAL, 22, "\"4096\"",
	 "VLAN ID"},
	{ADD, 0, "actions=mod_dl_src:1.2.3.4", EINVAL, 20, "\"1.2.3.4\"",
	 "Ethernet"},
	{ADD, 0, "ip actions=mod_nw_src:1.2.3.4/8", EINVAL, 23,
	 "\"1.2.3.4/8\"", "IPv4"},
	{ADD, 0, "tcp actions=mod_tp_dst:65536", EINVAL, 24, "\"65536\"", NULL},
	{ADD, 0, "actions=strip_vlan:1", EINVAL, 19, "strip_vlan:1",
	 "takes no value"},
	{ADD, 0, "actions=output", EINVAL, 9, "\"output\"", "needs a value"},
};

static void check_invalid(const struct invalid_case *ic)
{
	struct flow_syntax_opts o = opts_of(ic->mode, ic->strict);
	struct xsw_flow_spec spec, init;
	struct xsw_err err;
	char col[48];
	int r;

	r = flow_parse(ic->in, &o, &spec, &err);
	if (r != -ic->error)
		fail_msg("\"%s\": got %d (%s), expected %d", ic->in, r, err.msg,
			 -ic->error);
	assert_int_equal(err.code, ic->error);
	snprintf(col, sizeof(col), "(at column %u)", ic->col);
	if (!strstr(err.msg, col))
		fail_msg("\"%s\": \"%s\" lacks \"%s\"", ic->in, err.msg, col);
	if (!strstr(err.msg, ic->token))
		fail_msg("\"%s\": \"%s\" does not name \"%s\"", ic->in, err.msg,
			 ic->token);
	if (ic->also && !strstr(err.msg, ic->also))
		fail_msg("\"%s\": \"%s\" lacks \"%s\"", ic->in, err.msg,
			 ic->also);
	/* A failed parse leaves the spec in its initial state. */
	xsw_flow_spec_init(&init);
	assert_true(xsw_flow_spec_equal(&spec, &init));
}

static void test_invalid(void **state)
{
	for (size_t i = 0;
	     i < sizeof(invalid_cases) / sizeof(invalid_cases[0]); i++)
		check_invalid(&invalid_cases[i]);
}

static void test_brief_messages(void **state)
{
	struct flow_syntax_opts o = opts_of(ADD, false);
	struct xsw_flow_spec s;
	struct xsw_err err;

	assert_int_equal(flow_parse("tcp,nw_src=10.0.0.300 actions=drop", &o,
				    &s, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "nw_src=10.0.0.300: \"10.0.0.300\" is not "
				     "an IPv4 address or prefix (at column 12)");
	assert_int_equal(flow_parse("tcp,nw_srcc=1 actions=drop", &o, &s, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "unknown field \"nw_srcc\" (at column 5); "
				     "did you mean \"nw_src\"?");
	assert_int_equal(flow_parse("tp_dst=80 actions=drop", &o, &s, &err),
			 -EINVAL);
	assert_string_equal(err.msg,
			    "\"tp_dst=80\" requires tcp, udp or sctp (at column "
			    "1); add \"tcp,\" before it");
}

/* Long and odd inputs never overflow a message, and still name a column. */
static void test_long_tokens(void **state)
{
	struct flow_syntax_opts o = opts_of(ADD, false);
	struct xsw_flow_spec s;
	struct xsw_err err;
	char in[2048];

	memset(in, 'a', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	assert_int_equal(flow_parse(in, &o, &s, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "(at column 1)"));
	assert_true(strlen(err.msg) < 200);

	memcpy(in, "nw_src=", 7);
	assert_int_equal(flow_parse(in, &o, &s, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "too long"));

	snprintf(in, sizeof(in), "in_port=\"%070d\" actions=drop", 0);
	assert_int_equal(flow_parse(in, &o, &s, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "too long"));

	assert_int_equal(flow_parse("in_port=\x01\x7f actions=drop", &o, &s,
				    &err),
			 -ENOENT);
	assert_non_null(strstr(err.msg, "\"??\""));
}

/* ---- Round trip over random specs ---------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static uint32_t rnd(uint32_t n)
{
	return (uint32_t)(rnd64() >> 32) % n;
}

static bool coin(void)
{
	return rnd(2);
}

static uint32_t rnd_port(void)
{
	/* Mostly named ports (some need quotes), sometimes any number. */
	return rnd(3) ? 1 + rnd(N_NAMED_PORTS - 1) : 1 + rnd(XSW_MAX_PORTS - 1);
}

static void rnd_bytes(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd64();
}

/* A mask of @n bytes: exact, a prefix, random bits, or none. */
static void rnd_mask(uint8_t *m, size_t n, bool prefix_only)
{
	switch (rnd(prefix_only ? 3 : 4)) {
	case 0:
		memset(m, 0xff, n);
		break;
	case 1: {
		size_t bits = rnd((uint32_t)(n * 8 + 1));

		memset(m, 0, n);
		for (size_t i = 0; i < bits; i++)
			m[i / 8] |= (uint8_t)(0x80 >> (i % 8));
		break;
	}
	case 2:
		memset(m, 0, n);
		break;
	default:
		rnd_bytes(m, n);
		break;
	}
}

static __be16 be16_val(uint16_t v)
{
	return htons(v);
}

static void rnd_match(struct xsw_match *mt, bool *is_ip4, bool *tp_ok)
{
	struct xsw_flow_key *k = &mt->key, *m = &mt->mask;
	static const uint8_t ip_protos[] = {IPPROTO_TCP, IPPROTO_UDP,
					    IPPROTO_SCTP, IPPROTO_ICMP, 47, 0};
	static const uint8_t ip6_protos[] = {IPPROTO_TCP, IPPROTO_UDP,
					     IPPROTO_SCTP, IPPROTO_ICMPV6, 0,
					     89};
	uint32_t l3 = rnd(6); /* 0 none, 1 ip, 2 ipv6, 3 arp, 4 other, 5 ip */
	uint16_t type = 0;
	bool ip = false, ip6 = false, have_proto = false;

	memset(mt, 0, sizeof(*mt));
	*is_ip4 = false;
	*tp_ok = false;
	if (coin()) {
		k->in_port = rnd_port();
		m->in_port = UINT32_MAX;
	}
	switch (rnd(6)) {
	case 0: /* dl_vlan */
		k->vlan_tci = htons((uint16_t)(rnd(4096) | XSW_VLAN_PRESENT));
		m->vlan_tci = htons(0x1fff);
		break;
	case 1: /* dl_vlan + dl_vlan_pcp */
		k->vlan_tci = htons((uint16_t)rnd(0x10000) | XSW_VLAN_PRESENT);
		m->vlan_tci = htons(0xffff);
		break;
	case 2: /* dl_vlan_pcp */
		k->vlan_tci = htons((uint16_t)(rnd(8) << 13 | XSW_VLAN_PRESENT));
		m->vlan_tci = htons(0xf000);
		break;
	case 3: /* vlan_tci=V/M */
		k->vlan_tci = (__be16)rnd(0x10000);
		m->vlan_tci = (__be16)rnd(0x10000);
		break;
	case 4: /* no tag */
		m->vlan_tci = htons(0xffff);
		break;
	}
	if (coin()) {
		rnd_bytes(k->dl_src, 6);
		rnd_mask(m->dl_src, 6, false);
	}
	if (coin()) {
		rnd_bytes(k->dl_dst, 6);
		rnd_mask(m->dl_dst, 6, false);
	}
	switch (l3) {
	case 1:
	case 5:
		type = 0x0800, ip = true;
		break;
	case 2:
		type = 0x86dd, ip6 = true;
		break;
	case 3:
		type = 0x0806;
		break;
	case 4:
		do
			type = (uint16_t)rnd(0x10000);
		while (type == 0x0800 || type == 0x86dd || type == 0x0806);
		break;
	}
	if (l3) {
		k->dl_type = htons(type);
		m->dl_type = htons(0xffff);
	}
	if (ip || type == 0x0806) {
		if (coin()) {
			rnd_bytes((uint8_t *)&k->nw_src.ip4, 4);
			rnd_mask((uint8_t *)&m->nw_src.ip4, 4, false);
		}
		if (coin()) {
			rnd_bytes((uint8_t *)&k->nw_dst.ip4, 4);
			rnd_mask((uint8_t *)&m->nw_dst.ip4, 4, false);
		}
	}
	if (ip6) {
		if (coin()) {
			rnd_bytes(k->nw_src.ip6, 16);
			rnd_mask(m->nw_src.ip6, 16, false);
		}
		if (coin()) {
			rnd_bytes(k->nw_dst.ip6, 16);
			rnd_mask(m->nw_dst.ip6, 16, false);
		}
	}
	if (type == 0x0806 && coin()) {
		k->nw_proto = (uint8_t)rnd(256);
		m->nw_proto = 0xff;
	}
	if (ip || ip6) {
		static const uint8_t tos_masks[] = {0, 0xfc, 0x03, 0xff};
		static const uint8_t frag[][2] = {
			{0, 0}, {0, 1}, {1, 1}, {1, 3}, {3, 3}, {0, 2}};
		uint32_t f = rnd(6);

		if (rnd(3)) {
			k->nw_proto = ip ? ip_protos[rnd(sizeof(ip_protos))] :
					   ip6_protos[rnd(sizeof(ip6_protos))];
			m->nw_proto = 0xff;
			have_proto = true;
		}
		m->nw_tos = tos_masks[rnd(4)];
		k->nw_tos = (uint8_t)rnd(256);
		if (coin()) {
			k->nw_ttl = (uint8_t)rnd(256);
			m->nw_ttl = 0xff;
		}
		k->nw_frag = frag[f][0];
		m->nw_frag = frag[f][1];
		if (have_proto && f != 4) {
			uint8_t p = k->nw_proto;

			if (p == IPPROTO_TCP || p == IPPROTO_UDP ||
			    p == IPPROTO_SCTP) {
				k->tp_src = (__be16)rnd(0x10000);
				k->tp_dst = (__be16)rnd(0x10000);
				rnd_mask((uint8_t *)&m->tp_src, 2, false);
				rnd_mask((uint8_t *)&m->tp_dst, 2, false);
				*tp_ok = p != IPPROTO_SCTP;
			} else if ((ip && p == IPPROTO_ICMP) ||
				   (ip6 && p == IPPROTO_ICMPV6)) {
				if (coin()) {
					k->tp_src = be16_val((uint16_t)rnd(256));
					m->tp_src = htons(0xffff);
				}
				if (coin()) {
					k->tp_dst = be16_val((uint16_t)rnd(256));
					m->tp_dst = htons(0xffff);
				}
			}
		}
	}
	*is_ip4 = ip;
	xsw_key_mask(&mt->key, &mt->key, &mt->mask);
}

static void rnd_actions(struct xsw_ofactions *acts, bool is_ip4, bool tp_ok)
{
	unsigned int n = rnd(8) ? rnd(6) : rnd(XSW_MAX_OFACTIONS + 1);

	memset(acts, 0, sizeof(*acts));
	while (acts->n_actions < n) {
		struct xsw_ofaction *a = &acts->actions[acts->n_actions];
		enum xsw_ofaction_type t = 1 + rnd(XSW_OFACT_N_TYPES - 1);

		if ((t == XSW_OFACT_SET_NW_SRC || t == XSW_OFACT_SET_NW_DST) &&
		    !is_ip4)
			continue;
		if ((t == XSW_OFACT_SET_TP_SRC || t == XSW_OFACT_SET_TP_DST) &&
		    !tp_ok)
			continue;
		memset(a, 0, sizeof(*a));
		a->type = t;
		switch (t) {
		case XSW_OFACT_OUTPUT:
			a->port_no = rnd_port();
			break;
		case XSW_OFACT_SET_DL_SRC:
		case XSW_OFACT_SET_DL_DST:
			rnd_bytes(a->mac, 6);
			break;
		case XSW_OFACT_SET_NW_SRC:
		case XSW_OFACT_SET_NW_DST:
			a->ip4 = (__be32)rnd64();
			break;
		case XSW_OFACT_SET_TP_SRC:
		case XSW_OFACT_SET_TP_DST:
			a->tp_port = (__be16)rnd(0x10000);
			break;
		case XSW_OFACT_PUSH_VLAN:
			a->tpid = htons(coin() ? 0x8100 : 0x88a8);
			break;
		case XSW_OFACT_SET_VLAN_VID:
			a->vid = (uint16_t)rnd(4096);
			break;
		default:
			break;
		}
		acts->n_actions++;
	}
}

static uint64_t rnd_cookie(void)
{
	return rnd(3) ? rnd64() : rnd(3) ? rnd(100) : 0;
}

static void rnd_spec(struct xsw_flow_spec *s, enum flow_mode mode,
		     bool strict)
{
	bool is_ip4, tp_ok;

	xsw_flow_spec_init(s);
	rnd_match(&s->match, &is_ip4, &tp_ok);
	if (mode != FLOW_MODE_FILTER || strict)
		s->priority = coin() ? XSW_DEFAULT_PRIORITY : (uint16_t)rnd64();
	if (mode != FLOW_MODE_FILTER) {
		s->idle_timeout = coin() ? 0 : (uint16_t)rnd64();
		s->hard_timeout = coin() ? 0 : (uint16_t)rnd64();
		rnd_actions(&s->actions, is_ip4, tp_ok);
	}
	if (mode == FLOW_MODE_ADD)
		s->cookie = rnd_cookie();
	if (mode == FLOW_MODE_MODIFY && coin()) {
		s->flags |= XSW_FLOW_F_SET_COOKIE;
		s->cookie = rnd_cookie();
	}
	if (mode != FLOW_MODE_ADD && coin()) {
		s->cookie_mask = coin() ? UINT64_MAX : rnd_cookie();
		s->cookie_match = rnd64() & s->cookie_mask;
	}
	if (mode == FLOW_MODE_FILTER && coin())
		s->out_port = rnd_port();
}

static void test_round_trip_random(void **state)
{
	static const struct {
		enum flow_mode mode;
		bool strict;
	} modes[] = {{ADD, false}, {MOD, false}, {FIL, false}, {FIL, true}};
	const char *seed_env = getenv("XSW_SEED");
	uint64_t seed = seed_env ? strtoull(seed_env, NULL, 0) : 20240917;
	unsigned int n = 0;

	rng_state = seed ? seed : 1;
	for (int i = 0; i < 20000; i++) {
		struct flow_syntax_opts o;
		struct xsw_flow_spec spec, back;
		struct xsw_err err;
		char buf[FLOW_FORMAT_SIZE];
		int r;

		o = opts_of(modes[i % 4].mode, modes[i % 4].strict);
		rnd_spec(&spec, o.mode, o.strict);
		r = flow_format(&spec, &o, buf, sizeof(buf));
		if (r < 0)
			fail_msg("seed %llu #%d: format %d",
				 (unsigned long long)seed, i, r);
		r = flow_parse(buf, &o, &back, &err);
		if (r)
			fail_msg("seed %llu #%d: \"%s\" does not parse: %s",
				 (unsigned long long)seed, i, buf, err.msg);
		if (!xsw_flow_spec_equal(&spec, &back)) {
			const uint8_t *want = (const uint8_t *)&spec.match;
			const uint8_t *got = (const uint8_t *)&back.match;
			char again[FLOW_FORMAT_SIZE];

			flow_format(&back, &o, again, sizeof(again));
			for (size_t b = 0; b < sizeof(spec.match); b++)
				if (want[b] != got[b])
					print_message("# match byte %zu: %02x, "
						      "parsed back %02x\n",
						      b, want[b], got[b]);
			fail_msg("seed %llu #%d: \"%s\" parses back as \"%s\"%s",
				 (unsigned long long)seed, i, buf, again,
				 strcmp(buf, again) ? "" :
						      " (same text, other bytes)");
		}
		n++;
	}
	assert_int_equal(n, 20000);
}

/* ---- Formatting edge cases ----------------------------------------------- */

static void test_format_buffer(void **state)
{
	struct flow_syntax_opts o = opts_of(ADD, false);
	struct xsw_flow_spec s;
	struct xsw_err err;
	char buf[FLOW_FORMAT_SIZE], small[10];
	int n;

	assert_int_equal(flow_parse("priority=1,tcp actions=NORMAL", &o, &s,
				    &err),
			 0);
	n = flow_format(&s, &o, buf, sizeof(buf));
	assert_int_equal(n, (int)strlen("priority=1,tcp actions=NORMAL"));
	assert_int_equal(flow_format(&s, &o, buf, (size_t)n + 1), n);
	assert_int_equal(flow_format(&s, &o, buf, (size_t)n), -ENOSPC);
	assert_int_equal(strlen(buf), (size_t)n - 1);
	memset(small, 'x', sizeof(small));
	assert_int_equal(flow_format(&s, &o, small, sizeof(small)), -ENOSPC);
	assert_int_equal(small[sizeof(small) - 1], '\0');
	assert_int_equal(flow_format(&s, &o, NULL, 0), -ENOSPC);

	/* The worst case fits FLOW_FORMAT_SIZE: 32 outputs to long quoted
	 * names and every field masked. */
	s.actions.n_actions = XSW_MAX_OFACTIONS;
	for (int i = 0; i < XSW_MAX_OFACTIONS; i++)
		s.actions.actions[i] = (struct xsw_ofaction){
			.type = XSW_OFACT_OUTPUT, .port_no = 8};
	memset(&s.match.mask, 0x55, sizeof(s.match.mask));
	s.match.key = s.match.mask;
	s.cookie = UINT64_MAX;
	s.idle_timeout = s.hard_timeout = 65535;
	n = flow_format(&s, &o, buf, sizeof(buf));
	assert_true(n > 0 && n < FLOW_FORMAT_SIZE);

	/* An unknown action type is refused, not printed. */
	s.actions.actions[3].type = (enum xsw_ofaction_type)99;
	assert_int_equal(flow_format(&s, &o, buf, sizeof(buf)), -EINVAL);
}

static void test_port_names(void **state)
{
	struct flow_syntax_opts o = opts_of(ADD, false);
	struct flow_syntax_opts numbers = {ADD, false, NULL};
	struct xsw_flow_spec s;
	struct xsw_err err;
	char buf[FLOW_FORMAT_SIZE];

	/* Numbers never reach the resolver; names and quoted strings do. */
	n_resolver_calls = 0;
	assert_int_equal(flow_parse("in_port=007 actions=3", &o, &s, &err), 0);
	assert_int_equal(n_resolver_calls, 0);
	assert_int_equal(s.match.key.in_port, 7);
	assert_int_equal(flow_parse("in_port=\"7\" actions=db1", &o, &s, &err),
			 0);
	assert_int_equal(n_resolver_calls, 2);
	assert_int_equal(s.match.key.in_port, 5);
	assert_int_equal(s.actions.actions[0].port_no, 2);

	/* Reserved words need quotes to be names. */
	assert_int_equal(flow_parse("in_port=\"LOCAL\" actions=output:\"NORMAL\","
				    "\"in_port\",\"drop\"",
				    &o, &s, &err),
			 0);
	assert_int_equal(s.match.key.in_port, 16);
	assert_int_equal(s.actions.n_actions, 3);
	assert_int_equal(s.actions.actions[0].port_no, 4);
	assert_int_equal(s.actions.actions[1].port_no, 9);
	assert_int_equal(s.actions.actions[2].port_no, 10);
	assert_true(flow_format(&s, &o, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "in_port=\"LOCAL\" actions=output:\"NORMAL\","
				 "output:\"in_port\",output:\"drop\"");

	/* Odd characters are quoted and escaped. */
	assert_int_equal(flow_parse("in_port=\"q\\\"u\\\\o\" actions="
				    "output:\"tab\tname\",\"(p)\",\"x:y\"",
				    &o, &s, &err),
			 0);
	assert_int_equal(s.match.key.in_port, 8);
	assert_true(flow_format(&s, &o, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "in_port=\"q\\\"u\\\\o\" actions=output:"
				 "\"tab\tname\",output:\"(p)\",output:\"x:y\"");

	/* Without a port map: numbers work, names are refused clearly. */
	assert_int_equal(flow_parse("in_port=2 actions=output:3", &numbers, &s,
				    &err),
			 0);
	assert_true(flow_format(&s, &numbers, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "in_port=2 actions=output:3");
	assert_int_equal(flow_parse("in_port=web1 actions=drop", &numbers, &s,
				    &err),
			 -EINVAL);
	assert_non_null(strstr(err.msg, "\"web1\" is not a port number"));
	/* A port without a name prints as its number. */
	assert_int_equal(flow_parse("in_port=11 actions=output:1000", &o, &s,
				    &err),
			 0);
	assert_true(flow_format(&s, &o, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "in_port=11 actions=output:1000");
}

static void test_bad_arguments(void **state)
{
	struct flow_syntax_opts o = opts_of(ADD, false);
	struct flow_syntax_opts bad = {(enum flow_mode)7, false, NULL};
	struct xsw_flow_spec s;
	struct xsw_err err;

	assert_int_equal(flow_parse(NULL, &o, &s, &err), -EINVAL);
	assert_int_equal(flow_parse("actions=drop", NULL, &s, &err), -EINVAL);
	assert_int_equal(flow_parse("actions=drop", &o, NULL, &err), -EINVAL);
	assert_int_equal(flow_parse("actions=drop", &bad, &s, &err), -EINVAL);
	assert_int_equal(flow_parse("actions=drop", &o, &s, NULL), 0);
	assert_int_equal(flow_parse("tpc actions=drop", &o, &s, NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_action_values),
		cmocka_unit_test(test_ovs_examples),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_brief_messages),
		cmocka_unit_test(test_long_tokens),
		cmocka_unit_test(test_round_trip_random),
		cmocka_unit_test(test_format_buffer),
		cmocka_unit_test(test_port_names),
		cmocka_unit_test(test_bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
