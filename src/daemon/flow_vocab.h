/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The words of the flow syntax (flow_syntax.h): match fields, protocol
 * shorthands, rule keys, actions, ip_frag values and reserved port names,
 * the OVS words xsw refuses as unsupported (so they are not taken for
 * typos), and "did you mean" over all of them.  Shared by the parser
 * (flow_syntax.c) and the formatter (flow_format.c); private to them.
 * Keywords are case-insensitive.
 */
#ifndef XSW_DAEMON_FLOW_VOCAB_H
#define XSW_DAEMON_FLOW_VOCAB_H

#include <stdbool.h>
#include <stdint.h>

#define ETHTYPE_IP 0x0800
#define ETHTYPE_ARP 0x0806
#define ETHTYPE_IPV6 0x86dd
#define TPID_8021Q 0x8100
#define TPID_8021AD 0x88a8

/* Match fields.  Names that are aliases share a fid: giving both is giving
 * the field twice. */
enum fid {
	FID_IN_PORT,
	FID_DL_SRC,
	FID_DL_DST,
	FID_DL_TYPE,
	FID_DL_VLAN,
	FID_DL_VLAN_PCP,
	FID_VLAN_TCI,
	FID_NW_SRC,
	FID_NW_DST,
	FID_IPV6_SRC,
	FID_IPV6_DST,
	FID_NW_PROTO,
	FID_NW_TOS,
	FID_NW_ECN,
	FID_NW_TTL,
	FID_NW_FRAG,
	FID_TP_SRC,
	FID_TP_DST,
	N_FIDS
};

enum vkind {
	V_PORT,     /* in_port */
	V_MAC,      /* MAC[/MASK] */
	V_ETHTYPE,  /* u16 */
	V_DL_VLAN,  /* 0..4095 or 0xffff */
	V_VLAN_PCP, /* 0..7 */
	V_VLAN_TCI, /* u16[/MASK] */
	V_IP4,      /* IP[/N|/MASK] */
	V_IP6,      /* IP6[/N|/MASK] */
	V_U8,       /* nw_proto, arp_op, nw_ttl */
	V_TOS,      /* DSCP bits of the TOS byte, ECN bits zero */
	V_DSCP,     /* 0..63 */
	V_ECN,      /* 0..3 */
	V_FRAG,     /* no|yes|first|later|not_later */
	V_TP,       /* u16[/MASK] */
	V_ICMP,     /* 0..255 into a be16 */
};

enum prereq {
	P_NONE,
	P_IP_OR_ARP,
	P_IP4,
	P_ARP,
	P_IPV6,
	P_IP_ANY,
	P_IP_ANY_OR_ARP,
	P_L4,
	P_TCP,
	P_UDP,
	P_SCTP,
	P_ICMP_ANY,
	P_ICMP4,
	P_ICMP6,
};

struct field_def {
	const char *name;
	enum fid fid;
	enum vkind kind;
	enum prereq prereq;
};

struct proto_def {
	const char *name;
	uint16_t dl_type;
	uint8_t nw_proto; /* 0: none */
};

enum rkey {
	R_PRIORITY,
	R_IDLE_TIMEOUT,
	R_HARD_TIMEOUT,
	R_COOKIE,        /* cookie=N */
	R_COOKIE_FILTER, /* cookie=N/MASK (shares the keyword) */
	R_OUT_PORT,
	R_TABLE,
	R_IGNORED, /* dump-flows statistics */
	N_RKEYS
};

enum act_kw {
	A_OUTPUT,
	A_NORMAL,
	A_FLOOD,
	A_IN_PORT,
	A_DROP,
	A_MOD_DL_SRC,
	A_MOD_DL_DST,
	A_MOD_NW_SRC,
	A_MOD_NW_DST,
	A_MOD_TP_SRC,
	A_MOD_TP_DST,
	A_PUSH_VLAN,
	A_MOD_VLAN_VID,
	A_STRIP_VLAN,
	A_DEC_TTL,
};

/* The match fields by name, aliases included. */
#define FLOW_N_FIELDS 42
extern const struct field_def flow_fields[];

struct action_def {
	const char *name;
	enum act_kw kw;
	bool takes_value;
};

extern const struct action_def flow_actions[];

/* An ip_frag value over the nw_frag bits. */
struct frag_def {
	const char *name;
	uint8_t key, mask;
};

const struct field_def *flow_find_field(const char *name);
const struct proto_def *flow_find_proto(const char *name);
/* An enum rkey, or -1. */
int flow_find_rule_key(const char *name);
/* An index into flow_actions, or -1. */
int flow_find_action(const char *name);
const struct frag_def *flow_find_frag(const char *name);
/* "actions" (or "action"), which ends the match. */
bool flow_is_actions_key(const char *word);
/* NORMAL, FLOOD, IN_PORT, ALL, LOCAL, ...: keywords where a port may stand. */
bool flow_is_reserved_port(const char *word);
bool flow_is_unsupported_field(const char *word);
bool flow_is_unsupported_action(const char *word);

/* The shorthand for @dl_type with @nw_proto (if @has_proto): "tcp6", or
 * NULL when there is none. */
const char *flow_shorthand(uint16_t dl_type, uint8_t nw_proto, bool has_proto);

/* The keyword @word was most likely meant to be, or NULL. */
const char *flow_suggest_match_key(const char *word);
const char *flow_suggest_action(const char *word);
const char *flow_suggest_frag(const char *word);

#endif /* XSW_DAEMON_FLOW_VOCAB_H */
