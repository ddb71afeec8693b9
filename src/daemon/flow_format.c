// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Flow specs back to the ovs-ofctl flow syntax: the canonical form that
 * flow_syntax.h describes, which flow_parse() reads back to the same spec.
 */
#include "daemon/flow_syntax.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <string.h>

#include "daemon/flow_vocab.h"
#include "lib/strbuf.h"
#include "lib/util.h"

static bool name_needs_quotes(const char *name)
{
	if (!isalpha((unsigned char)name[0]))
		return true;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_-.", *p))
			return true;
	return flow_is_reserved_port(name) || flow_find_action(name) >= 0 ||
	       flow_is_actions_key(name) || flow_is_unsupported_action(name);
}

static void put_port(struct xsw_sbuf *b, uint32_t port_no,
		     const struct flow_port_map *ports)
{
	char name[FLOW_PORT_NAME_MAX];

	if (ports && ports->port_to_name &&
	    ports->port_to_name(ports->aux, port_no, name, sizeof(name)) >= 0) {
		name[sizeof(name) - 1] = '\0';
		if (name[0] && !name_needs_quotes(name)) {
			xsw_sb_put(b, "%s", name);
			return;
		}
		if (name[0]) {
			xsw_sb_put(b, "\"");
			for (const char *p = name; *p; p++)
				xsw_sb_put(b, "%s%c",
				       (*p == '"' || *p == '\\') ? "\\" : "",
				       *p);
			xsw_sb_put(b, "\"");
			return;
		}
	}
	xsw_sb_put(b, "%" PRIu32, port_no);
}

#define MAC_FMT "%02x:%02x:%02x:%02x:%02x:%02x"
#define MAC_ARGS(m) (m)[0], (m)[1], (m)[2], (m)[3], (m)[4], (m)[5]

static void put_mac(struct xsw_sbuf *b, const char *name, const uint8_t *v,
		    const uint8_t *m)
{
	static const uint8_t zero[XSW_ETH_ALEN];
	static const uint8_t ones[XSW_ETH_ALEN] = {0xff, 0xff, 0xff,
						   0xff, 0xff, 0xff};

	if (!memcmp(m, zero, XSW_ETH_ALEN))
		return;
	xsw_sb_item(b);
	xsw_sb_put(b, "%s=" MAC_FMT, name, MAC_ARGS(v));
	if (memcmp(m, ones, XSW_ETH_ALEN))
		xsw_sb_put(b, "/" MAC_FMT, MAC_ARGS(m));
}

static void put_ip4(struct xsw_sbuf *b, const char *name, __be32 v, __be32 m)
{
	char a[INET_ADDRSTRLEN];
	uint32_t hm = ntohl(m);

	if (!m)
		return;
	xsw_sb_item(b);
	inet_ntop(AF_INET, &v, a, sizeof(a));
	xsw_sb_put(b, "%s=%s", name, a);
	if (hm == UINT32_MAX)
		return;
	if (!(~hm & (~hm + 1))) {
		xsw_sb_put(b, "/%d", __builtin_popcount(hm));
	} else {
		inet_ntop(AF_INET, &m, a, sizeof(a));
		xsw_sb_put(b, "/%s", a);
	}
}

/* Prefix length of an IPv6 mask, or -1 if it is not a prefix. */
static int ip6_prefix_len(const uint8_t *m)
{
	int n = 0, i = 0;

	while (i < 16 && m[i] == 0xff)
		i++, n += 8;
	if (i < 16) {
		uint8_t byte = m[i++];

		while (byte & 0x80) {
			byte = (uint8_t)(byte << 1);
			n++;
		}
		if (byte)
			return -1;
	}
	for (; i < 16; i++)
		if (m[i])
			return -1;
	return n;
}

static void put_ip6(struct xsw_sbuf *b, const char *name, const uint8_t *v,
		    const uint8_t *m)
{
	static const uint8_t zero[16];
	char a[INET6_ADDRSTRLEN];
	int n;

	if (!memcmp(m, zero, 16))
		return;
	xsw_sb_item(b);
	inet_ntop(AF_INET6, v, a, sizeof(a));
	xsw_sb_put(b, "%s=%s", name, a);
	n = ip6_prefix_len(m);
	if (n == 128)
		return;
	if (n >= 0) {
		xsw_sb_put(b, "/%d", n);
	} else {
		inet_ntop(AF_INET6, m, a, sizeof(a));
		xsw_sb_put(b, "/%s", a);
	}
}

static void put_be16(struct xsw_sbuf *b, const char *name, __be16 v, __be16 m)
{
	if (!m)
		return;
	xsw_sb_item(b);
	if (m == htons(0xffff))
		xsw_sb_put(b, "%s=%u", name, ntohs(v));
	else
		xsw_sb_put(b, "%s=0x%x/0x%x", name, ntohs(v), ntohs(m));
}

static void put_match(struct xsw_sbuf *b, const struct xsw_match *match,
		      uint16_t priority, const struct flow_port_map *ports)
{
	const struct xsw_flow_key *k = &match->key, *m = &match->mask;
	uint16_t dl_type = ntohs(k->dl_type);
	bool type_exact = m->dl_type == htons(0xffff);
	bool proto_exact = m->nw_proto == 0xff;
	bool skip_type = false, skip_proto = false;
	uint16_t tci = ntohs(k->vlan_tci), tci_mask = ntohs(m->vlan_tci);

	if (priority != XSW_DEFAULT_PRIORITY) {
		xsw_sb_item(b);
		xsw_sb_put(b, "priority=%u", priority);
	}
	if (type_exact) {
		const char *name = NULL;

		if (proto_exact)
			name = flow_shorthand(dl_type, k->nw_proto, true);
		skip_proto = name != NULL;
		if (!name)
			name = flow_shorthand(dl_type, 0, false);
		skip_type = name != NULL;
		if (name) {
			xsw_sb_item(b);
			xsw_sb_put(b, "%s", name);
		}
	}
	if (m->in_port) {
		xsw_sb_item(b);
		xsw_sb_put(b, "in_port=");
		put_port(b, k->in_port, ports);
	}
	if (tci_mask) {
		uint16_t vid_mask = tci_mask & XSW_VLAN_VID_MASK;
		uint16_t pcp_mask = tci_mask & (7 << XSW_VLAN_PCP_SHIFT);

		xsw_sb_item(b);
		if ((tci_mask & XSW_VLAN_PRESENT) && (tci & XSW_VLAN_PRESENT) &&
		    (!vid_mask || vid_mask == XSW_VLAN_VID_MASK) &&
		    (!pcp_mask || pcp_mask == 7 << XSW_VLAN_PCP_SHIFT) &&
		    (vid_mask || pcp_mask)) {
			if (vid_mask)
				xsw_sb_put(b, "dl_vlan=%u%s",
				       tci & XSW_VLAN_VID_MASK,
				       pcp_mask ? "," : "");
			if (pcp_mask)
				xsw_sb_put(b, "dl_vlan_pcp=%u",
				       tci >> XSW_VLAN_PCP_SHIFT);
		} else if (tci_mask == 0xffff) {
			xsw_sb_put(b, "vlan_tci=0x%04x", tci);
		} else {
			xsw_sb_put(b, "vlan_tci=0x%04x/0x%04x", tci, tci_mask);
		}
	}
	put_mac(b, "dl_src", k->dl_src, m->dl_src);
	put_mac(b, "dl_dst", k->dl_dst, m->dl_dst);
	if (!skip_type && m->dl_type) {
		xsw_sb_item(b);
		xsw_sb_put(b, "dl_type=0x%04x", dl_type);
	}
	if (type_exact && dl_type == ETHTYPE_IPV6) {
		put_ip6(b, "ipv6_src", k->nw_src.ip6, m->nw_src.ip6);
		put_ip6(b, "ipv6_dst", k->nw_dst.ip6, m->nw_dst.ip6);
	} else if (type_exact && dl_type == ETHTYPE_ARP) {
		put_ip4(b, "arp_spa", k->nw_src.ip4, m->nw_src.ip4);
		put_ip4(b, "arp_tpa", k->nw_dst.ip4, m->nw_dst.ip4);
	} else {
		put_ip4(b, "nw_src", k->nw_src.ip4, m->nw_src.ip4);
		put_ip4(b, "nw_dst", k->nw_dst.ip4, m->nw_dst.ip4);
	}
	if (!skip_proto && m->nw_proto) {
		xsw_sb_item(b);
		xsw_sb_put(b, "%s=%u",
		       type_exact && dl_type == ETHTYPE_ARP ? "arp_op" :
							      "nw_proto",
		       k->nw_proto);
	}
	if (m->nw_tos & 0xfc) {
		xsw_sb_item(b);
		xsw_sb_put(b, "nw_tos=%u", k->nw_tos & 0xfc);
	}
	if (m->nw_tos & 0x03) {
		xsw_sb_item(b);
		xsw_sb_put(b, "nw_ecn=%u", k->nw_tos & 0x03);
	}
	if (m->nw_ttl) {
		xsw_sb_item(b);
		xsw_sb_put(b, "nw_ttl=%u", k->nw_ttl);
	}
	switch (m->nw_frag & (XSW_FRAG_ANY | XSW_FRAG_LATER)) {
	case XSW_FRAG_ANY | XSW_FRAG_LATER:
		xsw_sb_item(b);
		xsw_sb_put(b, "nw_frag=%s",
		       !(k->nw_frag & XSW_FRAG_ANY)	? "no" :
		       k->nw_frag & XSW_FRAG_LATER	? "later" :
							  "first");
		break;
	case XSW_FRAG_ANY:
		xsw_sb_item(b);
		xsw_sb_put(b, "nw_frag=%s",
		       k->nw_frag & XSW_FRAG_ANY ? "yes" : "no");
		break;
	case XSW_FRAG_LATER:
		xsw_sb_item(b);
		xsw_sb_put(b, "nw_frag=%s",
		       k->nw_frag & XSW_FRAG_LATER ? "later" : "not_later");
		break;
	}
	if (type_exact && proto_exact &&
	    ((dl_type == ETHTYPE_IP && k->nw_proto == IPPROTO_ICMP) ||
	     (dl_type == ETHTYPE_IPV6 && k->nw_proto == IPPROTO_ICMPV6))) {
		put_be16(b, "icmp_type", k->tp_src, m->tp_src);
		put_be16(b, "icmp_code", k->tp_dst, m->tp_dst);
	} else {
		put_be16(b, "tp_src", k->tp_src, m->tp_src);
		put_be16(b, "tp_dst", k->tp_dst, m->tp_dst);
	}
}

static int put_actions(struct xsw_sbuf *b, const struct xsw_ofactions *acts,
		       const struct flow_port_map *ports)
{
	char ip[INET_ADDRSTRLEN];

	if (!acts->n_actions) {
		xsw_sb_put(b, "drop");
		return 0;
	}
	if (acts->n_actions > XSW_MAX_OFACTIONS)
		return -EINVAL;
	for (unsigned int i = 0; i < acts->n_actions; i++) {
		const struct xsw_ofaction *a = &acts->actions[i];

		if (i)
			xsw_sb_put(b, ",");
		switch (a->type) {
		case XSW_OFACT_OUTPUT:
			xsw_sb_put(b, "output:");
			put_port(b, a->port_no, ports);
			break;
		case XSW_OFACT_NORMAL:
			xsw_sb_put(b, "NORMAL");
			break;
		case XSW_OFACT_FLOOD:
			xsw_sb_put(b, "FLOOD");
			break;
		case XSW_OFACT_IN_PORT:
			xsw_sb_put(b, "IN_PORT");
			break;
		case XSW_OFACT_SET_DL_SRC:
		case XSW_OFACT_SET_DL_DST:
			xsw_sb_put(b, "mod_dl_%s:" MAC_FMT,
			       a->type == XSW_OFACT_SET_DL_SRC ? "src" : "dst",
			       MAC_ARGS(a->mac));
			break;
		case XSW_OFACT_SET_NW_SRC:
		case XSW_OFACT_SET_NW_DST:
			inet_ntop(AF_INET, &a->ip4, ip, sizeof(ip));
			xsw_sb_put(b, "mod_nw_%s:%s",
			       a->type == XSW_OFACT_SET_NW_SRC ? "src" : "dst",
			       ip);
			break;
		case XSW_OFACT_SET_TP_SRC:
		case XSW_OFACT_SET_TP_DST:
			xsw_sb_put(b, "mod_tp_%s:%u",
			       a->type == XSW_OFACT_SET_TP_SRC ? "src" : "dst",
			       ntohs(a->tp_port));
			break;
		case XSW_OFACT_PUSH_VLAN:
			xsw_sb_put(b, "push_vlan:0x%04x", ntohs(a->tpid));
			break;
		case XSW_OFACT_SET_VLAN_VID:
			xsw_sb_put(b, "mod_vlan_vid:%u", a->vid);
			break;
		case XSW_OFACT_STRIP_VLAN:
			xsw_sb_put(b, "strip_vlan");
			break;
		case XSW_OFACT_DEC_TTL:
			xsw_sb_put(b, "dec_ttl");
			break;
		default:
			return -EINVAL;
		}
	}
	return 0;
}

int flow_format_match(const struct xsw_match *match, uint16_t priority,
		      const struct flow_port_map *ports, char *buf, size_t size)
{
	struct xsw_sbuf b;

	xsw_sb_init(&b, buf, size);
	put_match(&b, match, priority, ports);
	return xsw_sb_finish(&b);
}

int flow_format_actions(const struct xsw_ofactions *actions,
			const struct flow_port_map *ports, char *buf,
			size_t size)
{
	struct xsw_sbuf b;
	int r;

	xsw_sb_init(&b, buf, size);
	r = put_actions(&b, actions, ports);
	return r ? r : xsw_sb_finish(&b);
}

static void put_cookie_filter(struct xsw_sbuf *b, const struct xsw_flow_spec *s)
{
	if (!s->cookie_mask)
		return;
	xsw_sb_item(b);
	if (s->cookie_mask == UINT64_MAX)
		xsw_sb_put(b, "cookie=0x%llx/-1",
		       (unsigned long long)s->cookie_match);
	else
		xsw_sb_put(b, "cookie=0x%llx/0x%llx",
		       (unsigned long long)s->cookie_match,
		       (unsigned long long)s->cookie_mask);
}

int flow_format(const struct xsw_flow_spec *spec,
		const struct flow_syntax_opts *opts, char *buf, size_t size)
{
	const struct flow_port_map *ports = opts->ports;
	struct xsw_sbuf b;
	int r;

	xsw_sb_init(&b, buf, size);
	if (opts->mode == FLOW_MODE_FILTER) {
		put_cookie_filter(&b, spec);
		if (spec->out_port) {
			xsw_sb_item(&b);
			xsw_sb_put(&b, "out_port=");
			put_port(&b, spec->out_port, ports);
		}
		put_match(&b, &spec->match,
			  opts->strict ? spec->priority : XSW_DEFAULT_PRIORITY,
			  ports);
		return xsw_sb_finish(&b);
	}

	if (opts->mode == FLOW_MODE_MODIFY)
		put_cookie_filter(&b, spec);
	if (spec->cookie || (opts->mode == FLOW_MODE_MODIFY &&
			     (spec->flags & XSW_FLOW_F_SET_COOKIE))) {
		xsw_sb_item(&b);
		xsw_sb_put(&b, "cookie=0x%llx", (unsigned long long)spec->cookie);
	}
	if (spec->idle_timeout) {
		xsw_sb_item(&b);
		xsw_sb_put(&b, "idle_timeout=%u", spec->idle_timeout);
	}
	if (spec->hard_timeout) {
		xsw_sb_item(&b);
		xsw_sb_put(&b, "hard_timeout=%u", spec->hard_timeout);
	}
	put_match(&b, &spec->match, spec->priority, ports);
	xsw_sb_put(&b, "%sactions=", b.sep ? " " : "");
	r = put_actions(&b, &spec->actions, ports);
	return r ? r : xsw_sb_finish(&b);
}
