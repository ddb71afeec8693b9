// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "daemon/xlate.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strbuf.h"
#include "lib/util.h"

static bool is_output(enum xsw_ofaction_type t)
{
	return t == XSW_OFACT_OUTPUT || t == XSW_OFACT_NORMAL ||
	       t == XSW_OFACT_FLOOD || t == XSW_OFACT_IN_PORT;
}

/* A rewrite, in datapath form. */
static struct xsw_act rewrite_of(const struct xsw_ofaction *a)
{
	struct xsw_act d = { 0 };

	switch (a->type) {
	case XSW_OFACT_SET_DL_SRC:
	case XSW_OFACT_SET_DL_DST:
		d.type = a->type == XSW_OFACT_SET_DL_SRC ? XSW_ACT_SET_ETH_SRC :
							   XSW_ACT_SET_ETH_DST;
		memcpy(d.u.mac, a->mac, XSW_ETH_ALEN);
		break;
	case XSW_OFACT_SET_NW_SRC:
	case XSW_OFACT_SET_NW_DST:
		d.type = a->type == XSW_OFACT_SET_NW_SRC ? XSW_ACT_SET_IPV4_SRC :
							   XSW_ACT_SET_IPV4_DST;
		d.u.ip4 = a->ip4;
		break;
	case XSW_OFACT_SET_TP_SRC:
	case XSW_OFACT_SET_TP_DST:
		d.type = a->type == XSW_OFACT_SET_TP_SRC ? XSW_ACT_SET_TP_SRC :
							   XSW_ACT_SET_TP_DST;
		d.arg16 = a->tp_port;
		break;
	case XSW_OFACT_PUSH_VLAN:
		d.type = XSW_ACT_PUSH_VLAN;
		d.arg16 = a->tpid;
		break;
	case XSW_OFACT_SET_VLAN_VID:
		d.type = XSW_ACT_SET_VLAN_VID;
		d.arg16 = a->vid;
		break;
	case XSW_OFACT_STRIP_VLAN:
		d.type = XSW_ACT_POP_VLAN;
		break;
	case XSW_OFACT_DEC_TTL:
		d.type = XSW_ACT_DEC_TTL;
		break;
	default:
		break;
	}
	return d;
}

static struct xsw_act output_of(const struct xsw_ofaction *a)
{
	struct xsw_act d = { 0 };

	switch (a->type) {
	case XSW_OFACT_OUTPUT:
		d.type = XSW_ACT_OUTPUT;
		d.u.port = a->port_no;
		break;
	case XSW_OFACT_NORMAL:
		d.type = XSW_ACT_NORMAL;
		break;
	case XSW_OFACT_FLOOD:
		d.type = XSW_ACT_FLOOD;
		break;
	default:
		d.type = XSW_ACT_IN_PORT;
	}
	return d;
}

/* A rewrite whose field is written again later in @acts[from..to) by a
 * rewrite of the same type is dead.  VLAN operations are kept as they
 * are: their effect depends on the tags present. */
static bool overwritten(const struct xsw_ofaction *acts, unsigned int i,
			unsigned int to)
{
	enum xsw_ofaction_type t = acts[i].type;

	if (t == XSW_OFACT_PUSH_VLAN || t == XSW_OFACT_SET_VLAN_VID ||
	    t == XSW_OFACT_STRIP_VLAN || t == XSW_OFACT_DEC_TTL)
		return false;
	for (unsigned int j = i + 1; j < to; j++)
		if (acts[j].type == t)
			return true;
	return false;
}

/* The rewrites of of->actions[0..end) (skipping outputs), then @terminal,
 * into @out. */
static int build_list(const struct xsw_ofactions *of, unsigned int end,
		      const struct xsw_act *terminal, struct xsw_acts *out,
		      struct xsw_err *err)
{
	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < end; i++) {
		if (is_output(of->actions[i].type) ||
		    overwritten(of->actions, i, end))
			continue;
		if (out->n_acts >= XSW_MAX_ACTS - (terminal ? 1 : 0))
			return xsw_err_set(err, E2BIG,
					   "too many rewrites before an output: the datapath runs at most %d actions",
					   XSW_MAX_ACTS);
		out->acts[out->n_acts++] = rewrite_of(&of->actions[i]);
	}
	if (terminal)
		out->acts[out->n_acts++] = *terminal;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int xsw_xlate(const struct xsw_ofactions *of, const struct xsw_xlate_ctx *xc,
	      struct xsw_xlate *out, struct xsw_err *err)
{
	unsigned int outs[XSW_MAX_OFACTIONS], n_outs = 0;
	bool same_prefix = true, all_output = true;
	int ret;

	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < of->n_actions; i++) {
		if (!is_output(of->actions[i].type))
			continue;
		/* Anything between two outputs is a rewrite. */
		if (n_outs && i > outs[n_outs - 1] + 1)
			same_prefix = false;
		all_output &= of->actions[i].type == XSW_OFACT_OUTPUT;
		outs[n_outs++] = i;
	}
	if (n_outs == 0) /* drop; rewrites without an output do nothing */
		return 0;
	if (n_outs == 1) {
		struct xsw_act t = output_of(&of->actions[outs[0]]);

		return build_list(of, outs[0], &t, &out->acts, err);
	}
	if (same_prefix && all_output && xc && xc->output_set) {
		uint32_t ports[XSW_MAX_OFACTIONS];
		unsigned int n = 0;
		struct xsw_act t = { .type = XSW_ACT_OUTPUT_SET };

		for (unsigned int k = 0; k < n_outs; k++)
			ports[n++] = of->actions[outs[k]].port_no;
		qsort(ports, n, sizeof(ports[0]), cmp_u32);
		unsigned int d = 1;
		for (unsigned int k = 1; k < n; k++)
			if (ports[k] != ports[d - 1])
				ports[d++] = ports[k];
		if (d == 1) {
			t.type = XSW_ACT_OUTPUT;
			t.u.port = ports[0];
			return build_list(of, outs[0], &t, &out->acts, err);
		}
		/* The list first: a group is only taken once nothing else
		 * can fail, so a failure never holds one. */
		ret = build_list(of, outs[0], &t, &out->acts, err);
		if (ret)
			return ret;
		ret = xc->output_set(xc->aux, ports, d, err);
		if (ret < 0)
			return ret;
		out->acts.acts[out->acts.n_acts - 1].u.port = (uint32_t)ret;
		out->output_set = ret;
		return 0;
	}
	/* The slow path: one segment per output. */
	if (n_outs > XSW_MAX_SEGMENTS)
		return xsw_err_set(err, E2BIG,
				   "too many outputs with rewrites between them (at most %d)",
				   XSW_MAX_SEGMENTS);
	out->segments = calloc(n_outs, sizeof(*out->segments));
	if (!out->segments)
		return xsw_err_set(err, ENOMEM, "out of memory");
	for (unsigned int k = 0; k < n_outs; k++) {
		struct xsw_act t = output_of(&of->actions[outs[k]]);

		ret = build_list(of, outs[k], &t, &out->segments[k], err);
		if (ret) {
			xsw_xlate_free(out);
			return ret;
		}
	}
	out->n_segments = n_outs;
	out->slow_path = true;
	out->acts.n_acts = 1;
	out->acts.acts[0].type = XSW_ACT_UPCALL;
	return 0;
}

void xsw_xlate_free(struct xsw_xlate *xl)
{
	free(xl->segments);
	xl->segments = NULL;
	xl->n_segments = 0;
}

bool xsw_xlate_equal(const struct xsw_xlate *a, const struct xsw_xlate *b)
{
	if (!xsw_acts_equal(&a->acts, &b->acts) || a->n_segments != b->n_segments)
		return false;
	for (unsigned int i = 0; i < a->n_segments; i++)
		if (!xsw_acts_equal(&a->segments[i], &b->segments[i]))
			return false;
	return true;
}

bool xsw_acts_equal(const struct xsw_acts *a, const struct xsw_acts *b)
{
	return a->n_acts == b->n_acts && a->flags == b->flags &&
	       !memcmp(a->acts, b->acts, a->n_acts * sizeof(a->acts[0]));
}

int xsw_acts_format(const struct xsw_acts *acts, char *buf, size_t size)
{
	struct xsw_sbuf b;

	xsw_sb_init(&b, buf, size);
	if (!acts->n_acts)
		xsw_sb_put(&b, "drop");
	for (unsigned int i = 0; i < acts->n_acts; i++) {
		const struct xsw_act *a = &acts->acts[i];
		char mac[XSW_MAC_STR_SIZE], ip[INET_ADDRSTRLEN];

		xsw_sb_item(&b);
		switch (a->type) {
		case XSW_ACT_OUTPUT:
			xsw_sb_put(&b, "output:%u", a->u.port);
			break;
		case XSW_ACT_OUTPUT_SET:
			xsw_sb_put(&b, "output_set:%u", a->u.port);
			break;
		case XSW_ACT_IN_PORT:
			xsw_sb_put(&b, "in_port");
			break;
		case XSW_ACT_NORMAL:
			xsw_sb_put(&b, "normal");
			break;
		case XSW_ACT_FLOOD:
			xsw_sb_put(&b, "flood");
			break;
		case XSW_ACT_UPCALL:
			xsw_sb_put(&b, "slow_path");
			break;
		case XSW_ACT_SET_ETH_SRC:
		case XSW_ACT_SET_ETH_DST:
			xsw_mac_format(a->u.mac, mac);
			xsw_sb_put(&b, "set_eth_%s:%s",
				   a->type == XSW_ACT_SET_ETH_SRC ? "src" : "dst",
				   mac);
			break;
		case XSW_ACT_SET_IPV4_SRC:
		case XSW_ACT_SET_IPV4_DST:
			inet_ntop(AF_INET, &a->u.ip4, ip, sizeof(ip));
			xsw_sb_put(&b, "set_ipv4_%s:%s",
				   a->type == XSW_ACT_SET_IPV4_SRC ? "src" : "dst",
				   ip);
			break;
		case XSW_ACT_SET_TP_SRC:
		case XSW_ACT_SET_TP_DST:
			xsw_sb_put(&b, "set_tp_%s:%u",
				   a->type == XSW_ACT_SET_TP_SRC ? "src" : "dst",
				   ntohs(a->arg16));
			break;
		case XSW_ACT_PUSH_VLAN:
			xsw_sb_put(&b, "push_vlan:0x%04x", ntohs(a->arg16));
			break;
		case XSW_ACT_SET_VLAN_VID:
			xsw_sb_put(&b, "set_vlan_vid:%u", a->arg16);
			break;
		case XSW_ACT_POP_VLAN:
			xsw_sb_put(&b, "pop_vlan");
			break;
		case XSW_ACT_DEC_TTL:
			xsw_sb_put(&b, "dec_ttl");
			break;
		default:
			xsw_sb_put(&b, "?%u", a->type);
		}
	}
	return xsw_sb_finish(&b);
}
