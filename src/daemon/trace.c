// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xsw trace BR "in_port=p1,tcp,nw_dst=10.0.0.2,tp_dst=80": what the
 * switch does with such a packet, and why.  The packet is described in
 * flow syntax (fields not given are 0); the answer names the rule it hits,
 * the rule's actions, the datapath actions they become, the cache entry
 * (megaflow) an upcall would install, whether one is cached now, and for
 * NORMAL where the MAC table sends it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xsw/parse.h>

#include "daemon/flow_syntax.h"
#include "daemon/flow_table.h"
#include "daemon/xswd.h"
#include "lib/strbuf.h"
#include "lib/util.h"

struct trace_osets {
	uint32_t ports[XSW_MAX_OFACTIONS];
	unsigned int n;
};

/* Output sets are described, not allocated, for a trace. */
static int trace_oset(void *aux, const uint32_t *ports, unsigned int n,
		      struct xsw_err *err)
{
	struct trace_osets *o = aux;

	o->n = n < XSW_MAX_OFACTIONS ? n : XSW_MAX_OFACTIONS;
	memcpy(o->ports, ports, o->n * sizeof(*ports));
	return 1;
}

static const char *port_name(const struct xswd *d, uint32_t port_no)
{
	const struct xsw_port *p = port_no < XSW_MAX_PORTS ? d->sw.ports[port_no] :
							    NULL;

	return p ? p->name : "(no such port)";
}

struct fdb_find {
	struct xsw_fdb_key key;
	struct xsw_fdb_row row;
	bool found;
};

static int fdb_find_cb(const struct xsw_fdb_row *row, void *arg)
{
	struct fdb_find *f = arg;

	if (memcmp(&row->key, &f->key, sizeof(f->key)))
		return 0;
	f->row = *row;
	f->found = true;
	return 1;
}

/* Where NORMAL sends the packet, as a sentence. */
static void explain_normal(struct xswd *d, const struct xsw_bridge *br,
			   const struct xsw_flow_key *key, char *buf,
			   size_t size)
{
	struct fdb_find f = { .key.bridge_id = br->id };
	char mac[XSW_MAC_STR_SIZE];
	uint64_t now = xsw_mono_ns(), age;

	xsw_mac_format(key->dl_dst, mac);
	if (key->dl_dst[0] & 1) {
		snprintf(buf, size, "NORMAL: %s is %s: flood to the bridge's other ports",
			 mac, key->dl_dst[0] == 0xff ? "broadcast" : "multicast");
		return;
	}
	if (key->vlan_tci & htons(XSW_VLAN_PRESENT))
		f.key.vlan_id = ntohs(key->vlan_tci) & XSW_VLAN_VID_MASK;
	memcpy(f.key.mac, key->dl_dst, sizeof(f.key.mac));
	d->dp_class->fdb_dump(d->dp, br->id, fdb_find_cb, &f);
	age = f.found && now > f.row.entry.seen_ns ? now - f.row.entry.seen_ns : 0;
	if (!f.found || age > (uint64_t)br->mac_aging_sec * XSW_NSEC_PER_SEC) {
		snprintf(buf, size, "NORMAL: %s not learned: flood to the bridge's other ports",
			 mac);
		return;
	}
	if (f.row.entry.port_no == key->in_port)
		snprintf(buf, size, "NORMAL: %s was learned on the ingress port: dropped (same_port)",
			 mac);
	else
		snprintf(buf, size, "NORMAL: %s learned on %s %llu s ago: output to %s",
			 mac, port_name(d, f.row.entry.port_no),
			 (unsigned long long)(age / XSW_NSEC_PER_SEC),
			 port_name(d, f.row.entry.port_no));
}

/* One line saying what happens, from the datapath actions. */
static void verdict(struct xswd *d, const struct xsw_bridge *br,
		    const struct xsw_flow_key *key, const struct xsw_xlate *xl,
		    const struct trace_osets *os, char *buf, size_t size)
{
	const struct xsw_acts *a = &xl->acts;
	const struct xsw_act *last = a->n_acts ? &a->acts[a->n_acts - 1] : NULL;

	if (xl->slow_path) {
		snprintf(buf, size,
			 "slow path: %u outputs with different rewrites, run by xswd for every packet",
			 xl->n_segments);
		return;
	}
	if (!last || !xsw_act_is_terminal(last->type)) {
		snprintf(buf, size, "dropped by the rule (flow_drop)");
		return;
	}
	switch (last->type) {
	case XSW_ACT_OUTPUT:
		if (last->u.port == key->in_port)
			snprintf(buf, size,
				 "dropped: output to the ingress port does nothing (use in_port)");
		else
			snprintf(buf, size, "output to %s", port_name(d, last->u.port));
		break;
	case XSW_ACT_OUTPUT_SET: {
		struct xsw_sbuf b;

		xsw_sb_init(&b, buf, size);
		xsw_sb_put(&b, "output to");
		for (unsigned int i = 0; i < os->n; i++)
			xsw_sb_put(&b, "%s %s", i ? "," : "",
				   port_name(d, os->ports[i]));
		break;
	}
	case XSW_ACT_IN_PORT:
		snprintf(buf, size, "back out of the ingress port %s",
			 port_name(d, key->in_port));
		break;
	case XSW_ACT_FLOOD:
		snprintf(buf, size, "flood to the bridge's other ports");
		break;
	case XSW_ACT_NORMAL:
		explain_normal(d, br, key, buf, size);
		break;
	default:
		snprintf(buf, size, "?");
	}
}

int xswd_trace(struct xswd *d, json_t *params, json_t **result,
	       struct xsw_err *err)
{
	const char *bridge = json_string_value(json_object_get(params, "bridge"));
	const char *flow = json_string_value(json_object_get(params, "flow"));
	struct xsw_flow_key key, wc = { 0 };
	struct xsw_port_map_ctx pctx;
	struct flow_port_map map;
	struct flow_syntax_opts fo = { .mode = FLOW_MODE_FILTER, .ports = &map };
	struct trace_osets os = { .n = 0 };
	struct xsw_xlate_ctx xc = { .output_set = trace_oset, .aux = &os };
	char kbuf[FLOW_FORMAT_SIZE], mbuf[FLOW_FORMAT_SIZE], rbuf[FLOW_FORMAT_SIZE];
	char abuf[1024], vbuf[512];
	const struct xsw_ukey *uk;
	struct xsw_flow_spec spec;
	struct xsw_match mf, pkt;
	struct xsw_bridge *br;
	struct xsw_rule *rule;
	struct xsw_xlate xl;
	json_t *out, *segs;
	int ret;

	if (!bridge || !flow)
		return xsw_err_set(err, EINVAL, "trace needs a bridge and a flow");
	br = xswd_bridge_get(d, bridge, err);
	if (!br)
		return -ENOENT;
	xsw_bridge_port_map(&pctx, &map, &d->sw, br);
	ret = flow_parse(flow, &fo, &spec, err);
	if (ret)
		return ret;
	if (spec.match.mask.in_port != UINT32_MAX)
		return xsw_err_set(err, EINVAL,
				   "trace needs in_port=PORT (the port the packet arrives on)");
	/* Fields deeper than the bridge's rules look at are not extracted by
	 * the datapath: they are 0 in its key. */
	key = spec.match.key;
	xsw_key_clip_depth(&key, br->depth);
	rule = xsw_ft_lookup(br->ft, &key, &wc);
	ret = xsw_xlate(&rule->spec.actions, &xc, &xl, err);
	if (ret)
		return ret;
	/* The packet as described (the other fields are 0). */
	pkt = spec.match;
	flow_format_match(&pkt, XSW_DEFAULT_PRIORITY, &map, kbuf, sizeof(kbuf));
	mf.mask = wc;
	xsw_key_mask(&mf.key, &key, &wc);
	flow_format_match(&mf, XSW_DEFAULT_PRIORITY, &map, mbuf, sizeof(mbuf));
	xsw_acts_format(&xl.acts, abuf, sizeof(abuf));
	verdict(d, br, &key, &xl, &os, vbuf, sizeof(vbuf));

	fo.mode = FLOW_MODE_ADD;
	if (rule->implicit)
		snprintf(rbuf, sizeof(rbuf), "(implicit, below every rule) actions=NORMAL");
	else if (flow_format(&rule->spec, &fo, rbuf, sizeof(rbuf)) < 0)
		snprintf(rbuf, sizeof(rbuf), "?");
	out = json_pack("{s:s, s:s, s:b, s:s, s:b, s:s, s:s, s:b, s:s}",
			"bridge", bridge, "packet", kbuf, "flow_pipeline",
			xsw_ft_count(br->ft) > 0, "rule", rbuf, "implicit_rule",
			rule->implicit, "datapath_actions", abuf, "megaflow",
			mbuf[0] ? mbuf : "(any packet of the bridge)", "slow_path",
			xl.slow_path, "verdict", vbuf);
	if (!rule->implicit)
		json_object_set_new(out, "rule_detail",
				    xsw_rule_to_json(rule, &fo, xsw_mono_ns()));
	if (xl.slow_path) {
		segs = json_array();
		for (unsigned int i = 0; i < xl.n_segments; i++) {
			xsw_acts_format(&xl.segments[i], abuf, sizeof(abuf));
			json_array_append_new(segs, json_string(abuf));
		}
		json_object_set_new(out, "segments", segs);
	}
	uk = xsw_ft_count(br->ft) ? xsw_fc_find(&d->fc, br, &key) : NULL;
	if (uk) {
		flow_format_match(&uk->mf, XSW_DEFAULT_PRIORITY, &map, mbuf,
				  sizeof(mbuf));
		json_object_set_new(out, "cached",
				    json_pack("{s:i, s:s, s:I}", "handle",
					      (int)uk->handle, "match",
					      mbuf[0] ? mbuf : "(any)",
					      "n_packets",
					      (json_int_t)uk->packets));
	} else {
		json_object_set_new(out, "cached", json_null());
	}
	xsw_xlate_free(&xl);
	*result = out;
	return 0;
}
