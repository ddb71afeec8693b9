/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The flow-rule syntax: ovs-ofctl(8) flow strings to struct xsw_flow_spec
 * and back.
 *
 *   priority=100,tcp,in_port=web1,nw_dst=10.0.0.0/24,tp_dst=80
 *       actions=mod_dl_dst:02:00:00:00:00:02,output:db1
 *
 * Grammar (what OVS accepts, with the differences marked "xsw:"):
 *  - Items are separated by commas and/or white space.  An item is KEY,
 *    KEY=VALUE, KEY:VALUE or KEY(VALUE).  A value runs to the next separator
 *    outside parentheses, or is a double-quoted string ("..." with \" and
 *    \\ escapes), which is only meaningful as a port name.
 *  - Keywords (field names, shorthands, actions, ip_frag values, reserved
 *    ports) are case-insensitive.  xsw: OVS is case-sensitive for field
 *    names; accepting more is harmless.  Port names are case-sensitive.
 *  - "actions=" ends the match: everything after it is the action list.
 *    ADD and MODIFY require it (OVS: "must specify an action"); "actions="
 *    or "actions=drop" is the empty list (drop).  FILTER refuses it.
 *  - Numbers are decimal or 0x-hex.  xsw: a decimal with a leading zero
 *    ("010") is refused, because ovs-ofctl would read it as octal.
 *  - Fields (prerequisites in brackets, checked after the whole match is
 *    read, so their order does not matter, as in OVS):
 *      in_port=PORT         dl_src, dl_dst (eth_src, eth_dst) = MAC[/MASK]
 *      dl_type (eth_type)=N dl_vlan=0..4095, or 0xffff for "no tag"
 *      dl_vlan_pcp=0..7     vlan_tci=N[/MASK] (the TCI | 0x1000 if tagged)
 *      nw_src, nw_dst=IP[/N|/MASK]        [ip or arp; with arp = SPA/TPA]
 *      ip_src, ip_dst [ip]  arp_spa, arp_tpa [arp]  arp_op=0..255 [arp]
 *      ipv6_src, ipv6_dst=IP6[/N|/MASK]   [ipv6]
 *      nw_proto (ip_proto)=0..255 [ip, ipv6, or arp where it is arp_op]
 *      nw_tos=0..255 with the ECN bits zero, ip_dscp=0..63,
 *      nw_ecn (ip_ecn)=0..3, nw_ttl=0..255, ip_frag (nw_frag)=no|yes|first|
 *      later|not_later      [ip or ipv6]
 *      tp_src, tp_dst=N[/MASK]   [tcp, udp or sctp, v4 or v6, and not
 *                                 ip_frag=later]; tcp_src.. [tcp] etc.
 *      icmp_type, icmp_code=0..255 [icmp or icmp6]; icmpv4_* [icmp];
 *      icmpv6_type, icmpv6_code [icmp6].  xsw: OVS wants icmpv6_* for
 *      icmp6 but prints icmp_type for it; both are accepted here.
 *    Shorthands: ip ipv6 arp tcp udp sctp icmp tcp6 udp6 sctp6 icmp6.
 *    A field given twice must have the same value; fields that share bits
 *    (tcp and udp, dl_vlan and dl_vlan_pcp, ...) must agree.
 *  - Rule keys: priority=0..65535 (default 32768), idle_timeout,
 *    hard_timeout=0..65535 seconds, cookie=N.  cookie=N/MASK selects rules
 *    (MODIFY, FILTER; MASK may be -1); in MODIFY a bare cookie=N sets the
 *    new cookie (as OVS).  xsw: in FILTER a bare cookie=N means N/-1 (OVS
 *    refuses it).  out_port=PORT (FILTER).  table=0 is accepted (one table)
 *    and duration, n_packets, n_bytes, idle_age, hard_age are ignored, so
 *    dump-flows output can be fed back, as in OVS.  priority is refused in a
 *    non-strict FILTER, as OVS does: it would silently not filter.
 *  - Ports: a decimal number 1..XSW_MAX_PORTS-1 is a port number (as OVS,
 *    numbers never go through the name table); anything else, or any
 *    quoted string, is a name resolved by the caller's name_to_port().
 *    Reserved OVS port words (NORMAL, FLOOD, IN_PORT, ALL, LOCAL, ...) are
 *    keywords unless quoted.
 *  - Actions: output:PORT (or a bare port), NORMAL, FLOOD, IN_PORT, drop,
 *    mod_dl_src:MAC, mod_dl_dst:MAC, mod_nw_src:IP, mod_nw_dst:IP [ip],
 *    mod_tp_src:N, mod_tp_dst:N [tcp or udp; xsw: not sctp, whose CRC32c
 *    the datapath cannot redo], push_vlan:0x8100|0x88a8, mod_vlan_vid:N,
 *    strip_vlan (pop_vlan), dec_ttl; output:NORMAL etc. as in OVS.  "drop"
 *    must be the only action.  At most XSW_MAX_OFACTIONS.
 *
 * Errors name the token and its column (1-based byte offset in the string),
 * and suggest the likely fix where there is one:
 *   nw_src=10.0.0.300: "10.0.0.300" is not an IPv4 address or prefix
 *   (at column 23)
 *   unknown field "nw_srcc" (at column 5); did you mean "nw_src"?
 *   "tp_dst=80" requires tcp, udp or sctp (at column 5); add "tcp," before it
 * Return codes: -EINVAL for anything wrong in the string, -E2BIG for too
 * many actions, -EOPNOTSUPP for OVS syntax xsw does not implement (the
 * message says so), or the code name_to_port() returned (-ENOENT for an
 * unknown port).
 *
 * Canonical form (flow_format): the ovs-ofctl dump-flows order and spelling,
 *   [cookie=..,][idle_timeout=..,][hard_timeout=..,][out_port=..,]
 *   [priority=N,]<shorthand>,in_port=..,dl_vlan..,dl_src,dl_dst,[dl_type,]
 *   nw_src/arp_spa/ipv6_src,.._dst,[nw_proto|arp_op,]nw_tos,nw_ecn,nw_ttl,
 *   nw_frag,tp_src|icmp_type,tp_dst|icmp_code actions=...
 * The shorthand is used whenever dl_type (and nw_proto) allow; the default
 * priority 32768 is omitted (as OVS does); masks appear only when not exact
 * (prefixes as /N, other masks in full); "no VLAN" prints as
 * vlan_tci=0x0000 as in OVS; ports print as names when port_to_name() knows
 * them (quoted when a name could be read as something else), else numbers.
 * For every spec flow_parse() can return, parsing its canonical form with
 * the same options gives the same spec back.
 */
#ifndef XSW_DAEMON_FLOW_SYNTAX_H
#define XSW_DAEMON_FLOW_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "daemon/ofaction.h"
#include "lib/err.h"

enum flow_mode {
	FLOW_MODE_ADD,    /* add-flow: a rule; actions required */
	FLOW_MODE_MODIFY, /* mod-flows: a filter and new actions (required) */
	FLOW_MODE_FILTER, /* del-flows, dump-flows: a filter; no actions */
};

/* Port names <-> numbers, supplied by the caller (the bridge's port table).
 * Either callback may be NULL: names are then refused when parsing and
 * numbers printed when formatting. */
struct flow_port_map {
	/* Resolves @name (never a plain decimal number) into *@port_no, which
	 * must be nonzero.  Returns 0, or a negative errno (-ENOENT for no
	 * such port) and may put a sentence into @err (the parser adds the
	 * token and column). */
	int (*name_to_port)(void *aux, const char *name, uint32_t *port_no,
			    struct xsw_err *err);
	/* Writes the name of @port_no into @name (@size bytes, NUL included)
	 * and returns 0, or returns a negative errno if the port has no name
	 * (the number is then printed).  Must be the inverse of name_to_port
	 * for the round trip to hold. */
	int (*port_to_name)(void *aux, uint32_t port_no, char *name,
			    size_t size);
	void *aux;
};

#define FLOW_PORT_NAME_MAX 64 /* bytes, NUL included */
/* Enough for flow_format() of any spec. */
#define FLOW_FORMAT_SIZE 8192

struct flow_syntax_opts {
	enum flow_mode mode;
	bool strict; /* --strict: FILTER takes priority= */
	const struct flow_port_map *ports; /* NULL: port numbers only */
};

/* Parses the NUL-terminated @str into @spec (always initialised, left at
 * xsw_flow_spec_init() state on error).  Returns 0 or a negative errno with
 * @err filled (may be NULL).  Never prints. */
int flow_parse(const char *str, const struct flow_syntax_opts *opts,
	       struct xsw_flow_spec *spec, struct xsw_err *err);

/* Writes the canonical string of @spec (as @opts->mode uses it) into @buf.
 * Returns its length, or -ENOSPC if @size was too small (@buf then holds a
 * truncated string, NUL-terminated if @size > 0), or -EINVAL for an action
 * of unknown type. */
int flow_format(const struct xsw_flow_spec *spec,
		const struct flow_syntax_opts *opts, char *buf, size_t size);

/* The pieces: a match with its priority ("priority=100,tcp,tp_dst=80", the
 * default priority omitted, "" for a catch-all), and an action list
 * ("output:db1,NORMAL", "drop" when empty).  Same returns as flow_format. */
int flow_format_match(const struct xsw_match *match, uint16_t priority,
		      const struct flow_port_map *ports, char *buf,
		      size_t size);
int flow_format_actions(const struct xsw_ofactions *actions,
			const struct flow_port_map *ports, char *buf,
			size_t size);

#endif /* XSW_DAEMON_FLOW_SYNTAX_H */
