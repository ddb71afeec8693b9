// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The flow syntax's words; see flow_vocab.h. */
#include "daemon/flow_vocab.h"

#include <ctype.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

#include <xsw/flow.h>
#include "lib/util.h"

#define WORD_MAX 64 /* longer words are never suggested for */

const struct field_def flow_fields[] = {
	{"in_port", FID_IN_PORT, V_PORT, P_NONE},
	{"dl_src", FID_DL_SRC, V_MAC, P_NONE},
	{"eth_src", FID_DL_SRC, V_MAC, P_NONE},
	{"dl_dst", FID_DL_DST, V_MAC, P_NONE},
	{"eth_dst", FID_DL_DST, V_MAC, P_NONE},
	{"dl_type", FID_DL_TYPE, V_ETHTYPE, P_NONE},
	{"eth_type", FID_DL_TYPE, V_ETHTYPE, P_NONE},
	{"dl_vlan", FID_DL_VLAN, V_DL_VLAN, P_NONE},
	{"dl_vlan_pcp", FID_DL_VLAN_PCP, V_VLAN_PCP, P_NONE},
	{"vlan_tci", FID_VLAN_TCI, V_VLAN_TCI, P_NONE},
	{"nw_src", FID_NW_SRC, V_IP4, P_IP_OR_ARP},
	{"nw_dst", FID_NW_DST, V_IP4, P_IP_OR_ARP},
	{"ip_src", FID_NW_SRC, V_IP4, P_IP4},
	{"ip_dst", FID_NW_DST, V_IP4, P_IP4},
	{"arp_spa", FID_NW_SRC, V_IP4, P_ARP},
	{"arp_tpa", FID_NW_DST, V_IP4, P_ARP},
	{"ipv6_src", FID_IPV6_SRC, V_IP6, P_IPV6},
	{"ipv6_dst", FID_IPV6_DST, V_IP6, P_IPV6},
	{"nw_proto", FID_NW_PROTO, V_U8, P_IP_ANY_OR_ARP},
	{"ip_proto", FID_NW_PROTO, V_U8, P_IP_ANY_OR_ARP},
	{"arp_op", FID_NW_PROTO, V_U8, P_ARP},
	{"nw_tos", FID_NW_TOS, V_TOS, P_IP_ANY},
	{"ip_dscp", FID_NW_TOS, V_DSCP, P_IP_ANY},
	{"nw_ecn", FID_NW_ECN, V_ECN, P_IP_ANY},
	{"ip_ecn", FID_NW_ECN, V_ECN, P_IP_ANY},
	{"nw_ttl", FID_NW_TTL, V_U8, P_IP_ANY},
	{"ip_frag", FID_NW_FRAG, V_FRAG, P_IP_ANY},
	{"nw_frag", FID_NW_FRAG, V_FRAG, P_IP_ANY},
	{"tp_src", FID_TP_SRC, V_TP, P_L4},
	{"tp_dst", FID_TP_DST, V_TP, P_L4},
	{"tcp_src", FID_TP_SRC, V_TP, P_TCP},
	{"tcp_dst", FID_TP_DST, V_TP, P_TCP},
	{"udp_src", FID_TP_SRC, V_TP, P_UDP},
	{"udp_dst", FID_TP_DST, V_TP, P_UDP},
	{"sctp_src", FID_TP_SRC, V_TP, P_SCTP},
	{"sctp_dst", FID_TP_DST, V_TP, P_SCTP},
	{"icmp_type", FID_TP_SRC, V_ICMP, P_ICMP_ANY},
	{"icmp_code", FID_TP_DST, V_ICMP, P_ICMP_ANY},
	{"icmpv4_type", FID_TP_SRC, V_ICMP, P_ICMP4},
	{"icmpv4_code", FID_TP_DST, V_ICMP, P_ICMP4},
	{"icmpv6_type", FID_TP_SRC, V_ICMP, P_ICMP6},
	{"icmpv6_code", FID_TP_DST, V_ICMP, P_ICMP6},
};
_Static_assert(XSW_ARRAY_SIZE(flow_fields) == FLOW_N_FIELDS, "FLOW_N_FIELDS");

static const struct proto_def proto_defs[] = {
	{"ip", ETHTYPE_IP, 0},
	{"ipv6", ETHTYPE_IPV6, 0},
	{"arp", ETHTYPE_ARP, 0},
	{"tcp", ETHTYPE_IP, IPPROTO_TCP},
	{"udp", ETHTYPE_IP, IPPROTO_UDP},
	{"sctp", ETHTYPE_IP, IPPROTO_SCTP},
	{"icmp", ETHTYPE_IP, IPPROTO_ICMP},
	{"tcp6", ETHTYPE_IPV6, IPPROTO_TCP},
	{"udp6", ETHTYPE_IPV6, IPPROTO_UDP},
	{"sctp6", ETHTYPE_IPV6, IPPROTO_SCTP},
	{"icmp6", ETHTYPE_IPV6, IPPROTO_ICMPV6},
};

static const struct {
	const char *name;
	enum rkey key;
} rule_keys[] = {
	{"priority", R_PRIORITY},
	{"idle_timeout", R_IDLE_TIMEOUT},
	{"hard_timeout", R_HARD_TIMEOUT},
	{"cookie", R_COOKIE},
	{"out_port", R_OUT_PORT},
	{"table", R_TABLE},
	{"duration", R_IGNORED},
	{"n_packets", R_IGNORED},
	{"n_bytes", R_IGNORED},
	{"idle_age", R_IGNORED},
	{"hard_age", R_IGNORED},
};

/* OVS match keywords xsw does not implement: refused as such, not as
 * typos. */
static const char *const unsupported_fields[] = {
	"rarp", "mpls", "mplsm", "igmp", "eth", "packet_type", "tun_id",
	"tunnel_id", "tun_src", "tun_dst", "tun_ipv6_src", "tun_ipv6_dst",
	"tun_flags", "metadata", "ct_state", "ct_zone", "ct_mark", "ct_label",
	"ct_nw_src", "ct_nw_dst", "ct_nw_proto", "ct_tp_src", "ct_tp_dst",
	"tcp_flags", "ipv6_label", "nd_target", "nd_sll", "nd_tll", "arp_sha",
	"arp_tha", "mpls_label", "mpls_tc", "mpls_bos", "mpls_ttl", "pkt_mark",
	"skb_priority", "vlan_vid", "vlan_pcp", "dl_vlan1", "dl_vlan_pcp1",
	"vlan_tci1", "igmp_type", "igmp_code", "conj_id", "dp_hash",
	"recirc_id", "actset_output", "send_flow_rem", "check_overlap",
	"reset_counts", "no_packet_counts", "no_byte_counts", "importance",
	"out_group", "nsh_spi", "nsh_si",
};

const struct action_def flow_actions[] = {
	{"output", A_OUTPUT, true},
	{"normal", A_NORMAL, false},
	{"flood", A_FLOOD, false},
	{"in_port", A_IN_PORT, false},
	{"drop", A_DROP, false},
	{"mod_dl_src", A_MOD_DL_SRC, true},
	{"mod_dl_dst", A_MOD_DL_DST, true},
	{"mod_nw_src", A_MOD_NW_SRC, true},
	{"mod_nw_dst", A_MOD_NW_DST, true},
	{"mod_tp_src", A_MOD_TP_SRC, true},
	{"mod_tp_dst", A_MOD_TP_DST, true},
	{"push_vlan", A_PUSH_VLAN, true},
	{"mod_vlan_vid", A_MOD_VLAN_VID, true},
	{"strip_vlan", A_STRIP_VLAN, false},
	{"pop_vlan", A_STRIP_VLAN, false},
	{"dec_ttl", A_DEC_TTL, false},
};

static const char *const unsupported_actions[] = {
	"all", "local", "controller", "mod_vlan_pcp", "mod_nw_tos",
	"mod_nw_ecn", "mod_nw_ttl", "set_field", "load", "move", "resubmit",
	"learn", "enqueue", "set_queue", "pop_queue", "goto_table",
	"write_metadata", "write_actions", "clear_actions", "ct", "ct_clear",
	"nat", "group", "push_mpls", "pop_mpls", "set_mpls_label",
	"set_mpls_tc", "set_mpls_ttl", "dec_mpls_ttl", "note", "meter", "clone",
	"set_tunnel", "set_tunnel64", "bundle", "bundle_load", "multipath",
	"exit", "fin_timeout", "sample", "output_reg", "check_pkt_larger",
	"encap", "decap", "conjunction", "mod_dl_vlan", "mod_dl_vlan_pcp",
};

/* OpenFlow reserved port names (ofputil_port_from_string()). */
static const char *const reserved_ports[] = {
	"in_port", "table", "normal", "flood", "all", "controller", "local",
	"none", "any", "unset",
};

/* ip_frag values over the nw_frag bits, as OVS: (key, mask) with
 * 1 = XSW_FRAG_ANY and 2 = XSW_FRAG_LATER. */
_Static_assert(XSW_FRAG_ANY == 1 && XSW_FRAG_LATER == 2, "nw_frag bits");
static const struct frag_def frag_defs[] = {
	{"no", 0, 1},        /* not a fragment */
	{"yes", 1, 1},       /* any fragment */
	{"first", 1, 3},     /* the fragment with the L4 header */
	{"later", 3, 3},     /* a fragment without it */
	{"not_later", 0, 2}, /* not a fragment, or the first one */
};

static bool in_list(const char *word, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(word, list[i]))
			return true;
	return false;
}

const struct field_def *flow_find_field(const char *name)
{
	for (size_t i = 0; i < FLOW_N_FIELDS; i++)
		if (!strcasecmp(name, flow_fields[i].name))
			return &flow_fields[i];
	return NULL;
}

const struct proto_def *flow_find_proto(const char *name)
{
	for (size_t i = 0; i < XSW_ARRAY_SIZE(proto_defs); i++)
		if (!strcasecmp(name, proto_defs[i].name))
			return &proto_defs[i];
	return NULL;
}

int flow_find_rule_key(const char *name)
{
	for (size_t i = 0; i < XSW_ARRAY_SIZE(rule_keys); i++)
		if (!strcasecmp(name, rule_keys[i].name))
			return (int)rule_keys[i].key;
	return -1;
}

int flow_find_action(const char *name)
{
	for (size_t i = 0; i < XSW_ARRAY_SIZE(flow_actions); i++)
		if (!strcasecmp(name, flow_actions[i].name))
			return (int)i;
	return -1;
}

const struct frag_def *flow_find_frag(const char *name)
{
	for (size_t i = 0; i < XSW_ARRAY_SIZE(frag_defs); i++)
		if (!strcasecmp(name, frag_defs[i].name))
			return &frag_defs[i];
	return NULL;
}

bool flow_is_actions_key(const char *word)
{
	return !strcasecmp(word, "actions") || !strcasecmp(word, "action");
}

bool flow_is_reserved_port(const char *word)
{
	return in_list(word, reserved_ports, XSW_ARRAY_SIZE(reserved_ports));
}

bool flow_is_unsupported_field(const char *word)
{
	return in_list(word, unsupported_fields,
		       XSW_ARRAY_SIZE(unsupported_fields));
}

bool flow_is_unsupported_action(const char *word)
{
	return in_list(word, unsupported_actions,
		       XSW_ARRAY_SIZE(unsupported_actions));
}

const char *flow_shorthand(uint16_t dl_type, uint8_t nw_proto, bool has_proto)
{
	for (size_t i = 0; i < XSW_ARRAY_SIZE(proto_defs); i++)
		if (proto_defs[i].dl_type == dl_type &&
		    (has_proto ? proto_defs[i].nw_proto &&
					 proto_defs[i].nw_proto == nw_proto :
				 !proto_defs[i].nw_proto))
			return proto_defs[i].name;
	return NULL;
}

/* ---- Did you mean -------------------------------------------------------- */

/* Optimal string alignment distance (Levenshtein plus transpositions),
 * case-insensitive, or @limit if it is @limit or more.  Only the band of
 * cells within @limit of the diagonal can stay below @limit, so only that
 * band is computed, three rows at a time. */
static unsigned int edit_distance(const char *a, const char *b,
				  unsigned int limit)
{
	unsigned int rows[3][WORD_MAX + 1];
	size_t la = strlen(a), lb = strlen(b);

	if (la > WORD_MAX || lb > WORD_MAX)
		return limit;
	for (size_t j = 0; j <= lb; j++)
		rows[0][j] = j < limit ? (unsigned int)j : limit;
	for (size_t i = 1; i <= la; i++) {
		unsigned int *cur = rows[i % 3], *prev = rows[(i - 1) % 3];
		unsigned int *prev2 = rows[(i + 1) % 3]; /* row i - 2 */
		size_t lo = i > limit ? i - limit : 1;
		size_t hi = i + limit < lb ? i + limit : lb;
		unsigned int row_min = limit;
		int ca = tolower((unsigned char)a[i - 1]);

		for (size_t j = 0; j <= lb; j++)
			if (j < lo || j > hi)
				cur[j] = limit;
		cur[0] = i < limit ? (unsigned int)i : limit;
		for (size_t j = lo; j <= hi; j++) {
			int cb = tolower((unsigned char)b[j - 1]);
			unsigned int best = prev[j - 1] + (ca != cb);

			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 &&
			    ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best < limit ? best : limit;
			if (cur[j] < row_min)
				row_min = cur[j];
		}
		if (row_min >= limit && cur[0] >= limit)
			return limit;
	}
	return rows[la % 3][lb];
}

struct suggestion {
	const char *word;
	const char *best;
	unsigned int best_dist;
};

static void suggest_init(struct suggestion *s, const char *word)
{
	s->word = word;
	s->best = NULL;
	s->best_dist = strlen(word) <= 3 ? 1 : 2; /* the most we accept */
	s->best_dist++;
}

static void consider(struct suggestion *s, const char *name)
{
	size_t lw = strlen(s->word), ln = strlen(name);
	unsigned int d;

	/* The distance is at least the difference in length: skip the
	 * quadratic part when that alone rules the name out. */
	if ((lw > ln ? lw - ln : ln - lw) >= s->best_dist)
		return;
	d = edit_distance(s->word, name, s->best_dist);
	if (d < s->best_dist && d < ln) {
		s->best = name;
		s->best_dist = d;
	}
}

/* Spellings people bring from elsewhere that edit distance gets wrong. */
static const struct {
	const char *wrong, *right;
} common_slips[] = {
	{"ipv4", "ip"},     {"ip4", "ip"},       {"ip6", "ipv6"},
	{"icmpv4", "icmp"}, {"icmpv6", "icmp6"}, {"tcpv6", "tcp6"},
	{"udpv6", "udp6"},  {"in-port", "in_port"},
};

const char *flow_suggest_match_key(const char *word)
{
	struct suggestion s;

	for (size_t i = 0; i < XSW_ARRAY_SIZE(common_slips); i++)
		if (!strcasecmp(word, common_slips[i].wrong))
			return common_slips[i].right;
	suggest_init(&s, word);
	for (size_t i = 0; i < FLOW_N_FIELDS; i++)
		consider(&s, flow_fields[i].name);
	for (size_t i = 0; i < XSW_ARRAY_SIZE(proto_defs); i++)
		consider(&s, proto_defs[i].name);
	for (size_t i = 0; i < XSW_ARRAY_SIZE(rule_keys); i++)
		if (rule_keys[i].key != R_IGNORED)
			consider(&s, rule_keys[i].name);
	consider(&s, "actions");
	return s.best;
}

const char *flow_suggest_action(const char *word)
{
	struct suggestion s;

	suggest_init(&s, word);
	for (size_t i = 0; i < XSW_ARRAY_SIZE(flow_actions); i++)
		consider(&s, flow_actions[i].name);
	return s.best;
}

const char *flow_suggest_frag(const char *word)
{
	struct suggestion s;

	suggest_init(&s, word);
	for (size_t i = 0; i < XSW_ARRAY_SIZE(frag_defs); i++)
		consider(&s, frag_defs[i].name);
	return s.best;
}
