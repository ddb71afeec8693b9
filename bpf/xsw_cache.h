/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Flow cache lookup (BPF side): the exact-match cache, then the megaflow
 * masks of the bridge, most hit first.  Layouts: include/xsw/cache.h.
 */
#ifndef XSW_BPF_CACHE_H
#define XSW_BPF_CACHE_H

#include "xsw_maps.h"

struct xsw_hit {
	struct xsw_flow *flow;
	__u32 idx;
};

/* The EMC is worth its own lookup (a 64-byte hash) only when the megaflow
 * search would otherwise try more than one mask. */
static __always_inline int xsw_emc_lookup(const struct xsw_flow_key *key,
					  __u32 bridge_id, struct xsw_hit *hit)
{
	struct xsw_emc_entry *e = bpf_map_lookup_elem(&xsw_emc, key);
	struct xsw_flow *flow;
	__u32 idx;

	if (!e)
		return 0;
	idx = e->flow_idx;
	flow = bpf_map_lookup_elem(&xsw_flows, &idx);
	/* An odd gen is a freed slot (include/xsw/cache.h). */
	if (!flow || (e->gen & 1) || flow->gen != e->gen ||
	    flow->bridge_id != bridge_id)
		return 0;
	hit->flow = flow;
	hit->idx = idx;
	return 1;
}

static __always_inline void xsw_emc_insert(const struct xsw_flow_key *key,
					   const struct xsw_hit *hit)
{
	struct xsw_emc_entry e = { .flow_idx = hit->idx, .gen = hit->flow->gen };

	if (bpf_get_prandom_u32() % XSW_EMC_INSERT_INV_PROB == 0)
		bpf_map_update_elem(&xsw_emc, key, &e, BPF_ANY);
}

/* Looks @key up in bridge @bridge_id's caches; 1 and *hit on a hit. */
static __always_inline int xsw_cache_lookup(const struct xsw_flow_key *key,
					    __u32 bridge_id,
					    struct xsw_mf_key *mk,
					    struct xsw_hit *hit)
{
	const struct xsw_mask_list *ml;
	const __u64 *k = (const __u64 *)key;
	__u32 n;

	ml = bpf_map_lookup_elem(&xsw_bridge_masks, &bridge_id);
	if (!ml)
		return 0;
	n = ml->n_masks;
	if (n > 1 && xsw_emc_lookup(key, bridge_id, hit))
		return 1;

	mk->bridge_id = bridge_id;
	for (__u32 i = 0; i < XSW_MASKS_PER_BRIDGE; i++) {
		__u64 *mkey = (__u64 *)&mk->key;
		const __u64 *m;
		__u32 id, *idx;
		__u64 *hits;

		if (i >= n)
			break;
		id = ml->ids[i];
		m = bpf_map_lookup_elem(&xsw_masks, &id);
		if (!m)
			continue;
		mk->mask_id = id;
#pragma unroll
		for (__u32 w = 0; w < XSW_FLOW_KEY_U64S; w++)
			mkey[w] = k[w] & m[w];
		idx = bpf_map_lookup_elem(&xsw_mf_index, mk);
		if (!idx)
			continue;
		hit->idx = *idx;
		hit->flow = bpf_map_lookup_elem(&xsw_flows, &hit->idx);
		if (!hit->flow)
			continue;
		/* Hits order the masks; with one mask there is no order. */
		if (n > 1) {
			hits = bpf_map_lookup_elem(&xsw_mask_hits, &id);
			if (hits)
				(*hits)++;
			xsw_emc_insert(key, hit);
		}
		return 1;
	}
	return 0;
}

static __always_inline void xsw_flow_count(__u32 idx, __u64 len, __u64 now)
{
	struct xsw_flow_stats *fs = bpf_map_lookup_elem(&xsw_flow_stats, &idx);

	if (fs) {
		fs->packets++;
		fs->bytes += len;
		fs->used_ns = now;
	}
}

#endif /* XSW_BPF_CACHE_H */
