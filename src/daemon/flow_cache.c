// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The slow path and the revalidator: see flow_cache.h. */
#include "daemon/flow_cache.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/flow_syntax.h"
#include "daemon/xswd.h"
#include "lib/flow_extract.h"
#include "lib/log.h"
#include "lib/util.h"

static const struct xsw_dp_class *DPC(const struct xsw_flow_cache *fc)
{
	return fc->d->dp_class;
}

void xsw_key_clip_depth(struct xsw_flow_key *k, unsigned int depth)
{
	if (depth < XSW_DEPTH_L4)
		k->tp_src = k->tp_dst = 0;
	if (depth < XSW_DEPTH_L3) {
		k->nw_proto = k->nw_tos = k->nw_ttl = k->nw_frag = 0;
		memset(&k->nw_src, 0, sizeof(k->nw_src));
		memset(&k->nw_dst, 0, sizeof(k->nw_dst));
	}
}

unsigned int xsw_mask_depth(const struct xsw_flow_key *m)
{
	struct xsw_flow_key c = *m;

	xsw_key_clip_depth(&c, XSW_DEPTH_L3);
	if (memcmp(&c, m, sizeof(c)))
		return XSW_DEPTH_L4;
	xsw_key_clip_depth(&c, XSW_DEPTH_L2);
	if (memcmp(&c, m, sizeof(c)))
		return XSW_DEPTH_L3;
	return XSW_DEPTH_L2;
}

/* Is every bit of @a also in @b? */
static bool mask_subset(const struct xsw_flow_key *a,
			const struct xsw_flow_key *b)
{
	const uint64_t *x = xsw_key_u64(a), *y = xsw_key_u64(b);

	for (size_t i = 0; i < XSW_FLOW_KEY_U64S; i++)
		if (x[i] & ~y[i])
			return false;
	return true;
}

int xsw_fc_init(struct xsw_flow_cache *fc, struct xswd *d, struct xsw_err *err)
{
	struct xsw_dp_cache_info info = { 0 };

	memset(fc, 0, sizeof(*fc));
	fc->d = d;
	d->dp_class->cache_info(d->dp, &info);
	fc->n_handles = info.megaflows_max + 1;
	fc->by_handle = calloc(fc->n_handles, sizeof(*fc->by_handle));
	fc->pending = calloc(1, sizeof(*fc->pending));
	if (!fc->by_handle || !fc->pending)
		return xsw_err_set(err, ENOMEM, "out of memory");
	return 0;
}

/* Gives back what a translation holds (output set, segments). */
static void xlate_release(struct xsw_flow_cache *fc, struct xsw_xlate *xl)
{
	if (xl->output_set)
		DPC(fc)->output_set_put(fc->d->dp, xl->output_set);
	xl->output_set = 0;
	xsw_xlate_free(xl);
}

static void ukey_free(struct xsw_flow_cache *fc, struct xsw_ukey *uk)
{
	xlate_release(fc, &uk->xl);
	free(uk);
}

void xsw_fc_destroy(struct xsw_flow_cache *fc)
{
	for (uint32_t h = 0; fc->by_handle && h < fc->n_handles; h++) {
		/* The datapath keeps the flows and their output sets. */
		if (fc->by_handle[h])
			xsw_xlate_free(&fc->by_handle[h]->xl);
		free(fc->by_handle[h]);
	}
	free(fc->by_handle);
	free(fc->pending);
	fc->by_handle = NULL;
	fc->pending = NULL;
}

/* Credits @uk's counters @st (totals of its current slot) to its rule. */
static void credit(struct xsw_ukey *uk, const struct xsw_dp_flow_stats *st)
{
	uint64_t dp = st->packets >= uk->packets ? st->packets - uk->packets : 0;
	uint64_t db = st->bytes >= uk->bytes ? st->bytes - uk->bytes : 0;

	uk->packets = st->packets;
	uk->bytes = st->bytes;
	if (st->used_ns > uk->used_ns)
		uk->used_ns = st->used_ns;
	if (!uk->rule)
		return;
	uk->rule->n_packets += dp;
	uk->rule->n_bytes += db;
	if (uk->used_ns > uk->rule->used_ns)
		uk->rule->used_ns = uk->used_ns;
}

static void credit_cb(uint32_t handle, const struct xsw_dp_flow_stats *st,
		      void *arg)
{
	struct xsw_flow_cache *fc = arg;

	if (handle < fc->n_handles && fc->by_handle[handle])
		credit(fc->by_handle[handle], st);
}

void xsw_fc_sync_stats(struct xsw_flow_cache *fc)
{
	if (fc->n_ukeys)
		DPC(fc)->flow_stats_all(fc->d->dp, credit_cb, fc);
}

static void ukey_delete(struct xsw_flow_cache *fc, struct xsw_ukey *uk)
{
	DPC(fc)->flow_del(fc->d->dp, uk->handle);
	fc->by_handle[uk->handle] = NULL;
	fc->n_ukeys--;
	ukey_free(fc, uk);
}

static int oset_cb(void *aux, const uint32_t *ports, unsigned int n,
		   struct xsw_err *err)
{
	struct xsw_flow_cache *fc = aux;

	return DPC(fc)->output_set_get(fc->d->dp, ports, n, err);
}

static int translate(struct xsw_flow_cache *fc, const struct xsw_rule *rule,
		     struct xsw_xlate *xl, struct xsw_err *err)
{
	struct xsw_xlate_ctx xc = { .output_set = oset_cb, .aux = fc };

	return xsw_xlate(&rule->spec.actions, &xc, xl, err);
}

/* ---- upcalls -------------------------------------------------------- */

/* Sends the frames waiting in the batch on, in order. */
static void flush_pending(struct xsw_flow_cache *fc)
{
	struct xsw_fc_pending *p = fc->pending;
	struct xsw_err err = { 0 };

	if (!p->n)
		return;
	if (DPC(fc)->execute_batch(fc->d->dp, p->ifindex, p->items, p->n, &err)) {
		fc->n.exec_failed += p->n;
		XSW_LOG_RL(XSW_LOG_WARN, "upcall", "%s", err.msg);
	}
	p->n = 0;
}

/* Sends @frame on, as @xl says, through @handle if it is installed.
 * Frames through an installed flow wait in a batch (flushed when the ring
 * is drained, the batch is full or the port changes); one-off actions run
 * at once, after what waits, so frames stay in order. */
static void send_on(struct xsw_flow_cache *fc, const struct xsw_upcall *up,
		    const uint8_t *frame, uint32_t handle,
		    const struct xsw_xlate *xl)
{
	struct xsw_fc_pending *p = fc->pending;
	struct xsw_err err = { 0 };
	int ret = 0;

	if (up->frame_len > up->cap_len) {
		/* Only its head came up; the next frame of the flow hits the
		 * cache entry just installed. */
		fc->n.exec_failed++;
		return;
	}
	if (!xl->slow_path && handle) {
		if (p->n && (p->ifindex != (int)up->ifindex ||
			     p->n == XSW_EXEC_BATCH))
			flush_pending(fc);
		p->ifindex = (int)up->ifindex;
		memcpy(p->frames[p->n], frame, up->cap_len);
		p->items[p->n].frame = p->frames[p->n];
		p->items[p->n].len = up->cap_len;
		p->items[p->n].handle = handle;
		p->n++;
		return;
	}
	flush_pending(fc);
	if (xl->slow_path) {
		fc->n.slow_path++;
		for (unsigned int i = 0; i < xl->n_segments && !ret; i++)
			ret = DPC(fc)->execute(fc->d->dp, (int)up->ifindex, frame,
					       up->cap_len, 0, &xl->segments[i],
					       &err);
	} else {
		ret = DPC(fc)->execute(fc->d->dp, (int)up->ifindex, frame,
				       up->cap_len, handle, &xl->acts, &err);
	}
	if (ret) {
		fc->n.exec_failed++;
		XSW_LOG_RL(XSW_LOG_WARN, "upcall", "%s", err.msg);
	}
}

static void handle_miss(struct xsw_flow_cache *fc, struct xsw_bridge *br,
			const struct xsw_upcall *up, const uint8_t *frame)
{
	struct xsw_flow_key key, wc = { 0 };
	struct xsw_err err = { 0 };
	struct xsw_ukey *uk;
	struct xsw_hdrs hdrs;
	struct xsw_rule *rule;
	struct xsw_xlate xl;
	uint32_t handle = 0;
	int why, ret;

	why = xsw_flow_extract_ref_mb(frame, up->frame_len, up->cap_len,
				      up->port_no, br->depth, 
				      &key, &hdrs);
	if (why != XSW_DROP_NONE) {
		/* The BPF parser accepted it: the two disagree. */
		fc->n.parse_mismatch++;
		XSW_LOG_RL(XSW_LOG_WARN, "upcall",
			   "port %u: the reference parser drops a frame the datapath accepted (reason %d)",
			   up->port_no, why);
		return;
	}
	rule = xsw_ft_lookup(br->ft, &key, &wc);
	if (translate(fc, rule, &xl, &err)) {
		XSW_LOG_RL(XSW_LOG_WARN, "upcall", "bridge %s: %s", br->name,
			   err.msg);
		return;
	}
	uk = calloc(1, sizeof(*uk));
	if (!uk) {
		xlate_release(fc, &xl);
		return;
	}
	uk->bridge_id = br->id;
	uk->mf.mask = wc;
	xsw_key_mask(&uk->mf.key, &key, &wc);
	uk->rule = rule;
	uk->xl = xl;
	uk->created_ns = xsw_mono_ns();
	ret = DPC(fc)->flow_put(fc->d->dp, br->id, &uk->mf, &xl.acts, &handle,
				&err);
	if (ret == -EEXIST && handle < fc->n_handles && fc->by_handle[handle]) {
		/* Installed by an earlier upcall of the same flow. */
		const struct xsw_ukey *old = fc->by_handle[handle];

		send_on(fc, up, frame, handle, &old->xl);
		ukey_free(fc, uk);
		return;
	}
	if (ret) {
		if (ret != -EEXIST)
			fc->n.install_failed++;
		XSW_LOG_RL(XSW_LOG_WARN, "upcall",
			   "bridge %s: cannot cache a flow: %s", br->name,
			   err.msg[0] ? err.msg : strerror(-ret));
		send_on(fc, up, frame, 0, &uk->xl);
		ukey_free(fc, uk);
		return;
	}
	uk->handle = handle;
	fc->by_handle[handle] = uk;
	fc->n_ukeys++;
	fc->n.installed++;
	send_on(fc, up, frame, handle, &uk->xl);
}

static void upcall_cb(const struct xsw_upcall *up, const uint8_t *frame,
		      void *arg)
{
	struct xsw_flow_cache *fc = arg;
	struct xsw_switch *sw = &fc->d->sw;
	struct xsw_bridge *br;
	struct xsw_port *port;

	fc->n.upcalls++;
	if (up->port_no >= XSW_MAX_PORTS || up->bridge_id >= XSW_MAX_BRIDGES)
		return;
	port = sw->ports[up->port_no];
	br = sw->bridges[up->bridge_id];
	if (!port || !br || port->bridge != br || port->status != XSW_PORT_UP ||
	    up->cap_len < 14)
		return; /* the port went away meanwhile */
	if (up->reason == XSW_UPCALL_ACTION && up->flow_idx < fc->n_handles &&
	    fc->by_handle[up->flow_idx] && fc->by_handle[up->flow_idx]->xl.slow_path) {
		const struct xsw_ukey *uk = fc->by_handle[up->flow_idx];

		send_on(fc, up, frame, uk->handle, &uk->xl);
		return;
	}
	handle_miss(fc, br, up, frame);
}

int xsw_fc_run_upcalls(struct xsw_flow_cache *fc)
{
	int n = DPC(fc)->upcall_read(fc->d->dp, upcall_cb, fc);

	flush_pending(fc);
	return n;
}

/* ---- revalidation --------------------------------------------------- */

/* Re-checks @uk against @br's rules; false if it was deleted. */
static bool revalidate(struct xsw_flow_cache *fc, struct xsw_bridge *br,
		       struct xsw_ukey *uk, unsigned int depth)
{
	struct xsw_flow_key wc = { 0 };
	struct xsw_err err = { 0 };
	struct xsw_rule *rule;
	struct xsw_xlate xl;

	fc->n.revalidated++;
	rule = xsw_ft_lookup(br->ft, &uk->mf.key, &wc);
	if (!mask_subset(&wc, &uk->mf.mask) ||
	    xsw_mask_depth(&uk->mf.mask) > depth ||
	    translate(fc, rule, &xl, &err)) {
		fc->n.deleted++;
		ukey_delete(fc, uk);
		return false;
	}
	if (!xsw_xlate_equal(&xl, &uk->xl)) {
		uint32_t handle = uk->handle;

		if (!xsw_acts_equal(&xl.acts, &uk->xl.acts) &&
		    DPC(fc)->flow_modify(fc->d->dp, &handle, &xl.acts, &err)) {
			xlate_release(fc, &xl);
			fc->n.deleted++;
			ukey_delete(fc, uk);
			return false;
		}
		fc->n.modified++;
		xlate_release(fc, &uk->xl);
		uk->xl = xl;
		if (handle != uk->handle) {
			fc->by_handle[uk->handle] = NULL;
			fc->by_handle[handle] = uk;
			uk->handle = handle;
			uk->packets = uk->bytes = 0; /* a fresh slot */
		}
	} else {
		xlate_release(fc, &xl);
	}
	uk->rule = rule;
	return true;
}

void xsw_fc_revalidate_bridge(struct xsw_flow_cache *fc, struct xsw_bridge *br)
{
	unsigned int depth = br->depth;

	flush_pending(fc);
	xsw_fc_sync_stats(fc);
	/* A ukey whose actions change moves to a new handle, perhaps one
	 * still ahead: the round number keeps it from being seen twice. */
	fc->reval_round++;
	for (uint32_t h = 1; h < fc->n_handles; h++) {
		struct xsw_ukey *uk = fc->by_handle[h];

		if (!uk || uk->bridge_id != br->id ||
		    uk->reval_round == fc->reval_round)
			continue;
		uk->reval_round = fc->reval_round;
		revalidate(fc, br, uk, depth);
	}
}

void xsw_fc_flush_bridge(struct xsw_flow_cache *fc, struct xsw_bridge *br)
{
	flush_pending(fc);
	xsw_fc_sync_stats(fc);
	for (uint32_t h = 1; h < fc->n_handles; h++) {
		struct xsw_ukey *uk = fc->by_handle[h];

		if (uk && uk->bridge_id == br->id)
			ukey_delete(fc, uk);
	}
}

static void adopt_cb(const struct xsw_dp_flow *f, void *arg)
{
	struct xsw_flow_cache *fc = arg;
	struct xsw_ukey *uk;

	if (f->handle >= fc->n_handles || fc->by_handle[f->handle])
		return;
	uk = calloc(1, sizeof(*uk));
	if (!uk)
		return;
	uk->handle = f->handle;
	uk->bridge_id = f->bridge_id;
	uk->mf = f->mf;
	uk->xl.acts = f->acts;
	uk->created_ns = xsw_mono_ns();
	fc->by_handle[f->handle] = uk;
	fc->n_ukeys++;
}

void xsw_fc_adopt(struct xsw_flow_cache *fc)
{
	struct xsw_switch *sw = &fc->d->sw;
	struct xsw_bridge *br;

	DPC(fc)->flow_dump(fc->d->dp, adopt_cb, fc);
	/* Output sets of adopted flows are referenced by the datapath's own
	 * bookkeeping; ours start from translation, so take them over. */
	for (uint32_t h = 1; h < fc->n_handles; h++) {
		struct xsw_ukey *uk = fc->by_handle[h];

		if (!uk)
			continue;
		br = uk->bridge_id < XSW_MAX_BRIDGES ? sw->bridges[uk->bridge_id] :
						       NULL;
		if (!br || !xsw_ft_count(br->ft)) {
			ukey_delete(fc, uk);
			continue;
		}
		for (unsigned int i = 0; i < uk->xl.acts.n_acts; i++)
			if (uk->xl.acts.acts[i].type == XSW_ACT_OUTPUT_SET)
				uk->xl.output_set = (int)uk->xl.acts.acts[i].u.port;
	}
	/* Read the counters as they are, so they are not credited twice. */
	xsw_fc_sync_stats(fc);
	XSW_FOR_EACH_BRIDGE(br, sw)
	if (xsw_ft_count(br->ft))
		xsw_fc_revalidate_bridge(fc, br);
	if (fc->n_ukeys)
		xsw_info("cache", "%u cached flows taken over and revalidated",
			 fc->n_ukeys);
}

/* ---- the sweep ------------------------------------------------------ */

void xsw_fc_sweep(struct xsw_flow_cache *fc, uint64_t now)
{
	struct xsw_switch *sw = &fc->d->sw;
	struct xsw_err err = { 0 };
	bool rules_expired = false;
	struct xsw_bridge *br;

	xsw_fc_sync_stats(fc);
	for (uint32_t h = 1; h < fc->n_handles; h++) {
		struct xsw_ukey *uk = fc->by_handle[h];
		uint64_t last;

		if (!uk)
			continue;
		br = sw->bridges[uk->bridge_id];
		last = uk->used_ns > uk->created_ns ? uk->used_ns :
						      uk->created_ns;
		/* Used after @now was read (during the stats sync): live. */
		if (br && (last >= now ||
			   now - last < (uint64_t)br->max_idle_sec *
						XSW_NSEC_PER_SEC))
			continue;
		fc->n.expired++;
		ukey_delete(fc, uk);
	}
	XSW_FOR_EACH_BRIDGE(br, sw)
	{
		struct xsw_rule *dead = NULL;

		if (!xsw_ft_expire(br->ft, now, &dead))
			continue;
		xswd_flows_changed(fc->d, br);
		xsw_rule_free_list(dead);
		rules_expired = true;
	}
	/* Timed-out rules must not come back with the next start. */
	if (rules_expired && xswd_save(fc->d, &err))
		xsw_warn("flows", "rules timed out, but the config file was not rewritten: %s",
			 err.msg);
	DPC(fc)->masks_sort(fc->d->dp);
}

/* ---- display -------------------------------------------------------- */

const struct xsw_ukey *xsw_fc_find(const struct xsw_flow_cache *fc,
				   const struct xsw_bridge *br,
				   const struct xsw_flow_key *key)
{
	for (uint32_t h = 1; h < fc->n_handles; h++) {
		const struct xsw_ukey *uk = fc->by_handle[h];

		if (uk && uk->bridge_id == br->id && xsw_match_hits(&uk->mf, key))
			return uk;
	}
	return NULL;
}

json_t *xsw_fc_dump_bridge(struct xsw_flow_cache *fc, struct xsw_bridge *br)
{
	struct xsw_port_map_ctx pctx;
	struct flow_port_map map;
	struct flow_syntax_opts fo = { .mode = FLOW_MODE_ADD, .ports = &map };
	uint64_t now = xsw_mono_ns();
	json_t *flows = json_array();

	xsw_bridge_port_map(&pctx, &map, &fc->d->sw, br);
	xsw_fc_sync_stats(fc);
	for (uint32_t h = 1; h < fc->n_handles; h++) {
		const struct xsw_ukey *uk = fc->by_handle[h];
		char match[FLOW_FORMAT_SIZE], acts[1024], rule[FLOW_FORMAT_SIZE];
		uint64_t last;

		if (!uk || uk->bridge_id != br->id)
			continue;
		if (flow_format_match(&uk->mf, XSW_DEFAULT_PRIORITY, &map, match,
				      sizeof(match)) < 0)
			snprintf(match, sizeof(match), "?");
		if (!match[0])
			snprintf(match, sizeof(match), "(any)");
		xsw_acts_format(&uk->xl.acts, acts, sizeof(acts));
		if (uk->rule && uk->rule->implicit)
			snprintf(rule, sizeof(rule), "(implicit) actions=NORMAL");
		else if (!uk->rule ||
			 flow_format(&uk->rule->spec, &fo, rule, sizeof(rule)) < 0)
			snprintf(rule, sizeof(rule), "?");
		last = uk->used_ns ? uk->used_ns : uk->created_ns;
		json_array_append_new(
			flows,
			json_pack("{s:i, s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:s}",
				  "handle", (int)uk->handle, "match", match,
				  "actions", acts, "slow_path",
				  uk->xl.slow_path, "n_packets",
				  (json_int_t)uk->packets, "n_bytes",
				  (json_int_t)uk->bytes, "idle_age",
				  (json_int_t)((now > last ? now - last : 0) /
					       XSW_NSEC_PER_SEC),
				  "age",
				  (json_int_t)((now - uk->created_ns) /
					       XSW_NSEC_PER_SEC),
				  "rule", rule));
	}
	return flows;
}

json_t *xsw_fc_counters_json(const struct xsw_flow_cache *fc)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			 "upcalls", (json_int_t)fc->n.upcalls, "installed",
			 (json_int_t)fc->n.installed, "install_failed",
			 (json_int_t)fc->n.install_failed, "exec_failed",
			 (json_int_t)fc->n.exec_failed, "slow_path",
			 (json_int_t)fc->n.slow_path, "revalidated",
			 (json_int_t)fc->n.revalidated, "modified",
			 (json_int_t)fc->n.modified, "deleted",
			 (json_int_t)fc->n.deleted, "expired",
			 (json_int_t)fc->n.expired, "parse_mismatch",
			 (json_int_t)fc->n.parse_mismatch);
}
