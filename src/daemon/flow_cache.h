/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xswd's side of the flow caches: the slow path and the revalidator.
 *
 * Upcalls.  A frame that missed the datapath's caches arrives here with
 * its first bytes.  xswd extracts its flow key with the reference parser
 * (src/lib/flow_extract.c, the same rules as the BPF parser, at the
 * bridge's depth), looks it up in the bridge's rules, which also yields
 * the bits the lookup examined (wc), translates the rule's actions
 * (xlate.h), installs the megaflow (key & wc, wc) -> actions, and sends
 * the frame on through it (an execution request), so the first packet of a
 * flow is forwarded like the rest and never lost.  Two upcalls of one new
 * flow install once; the second just runs the installed flow.
 *
 * Why a ring buffer and BPF_PROG_RUN rather than AF_XDP: an upcall is a
 * copy of the frame's first 2 KB plus a 32-byte header into one shared
 * ring, and re-injection runs the very program and actions of the fast
 * path, with no socket per port and queue to set up and no second
 * implementation of the actions in userspace.  Measured costs are in
 * docs/benchmarks.md.
 *
 * Ukeys.  For every cached flow xswd keeps a ukey: the megaflow, the rule
 * it came from, the translated actions, and the counters already credited
 * to the rule.  Handles index them.
 *
 * Revalidation.  When a bridge's rules change, every ukey of the bridge is
 * looked up again with its masked key (any member of a megaflow is a valid
 * representative of all of them): if the new lookup needs bits the
 * megaflow's mask does not hold, the entry is deleted (the next frame
 * installs the right one); if only the actions changed, they are switched
 * in place (a new slot, atomically); otherwise it stays.  This runs before
 * the request that changed the rules is answered.
 *
 * The sweep, once a second: counters of every cached flow are read in one
 * batch and credited to their rules (n_packets, n_bytes, last use), flows
 * idle for the bridge's max-idle are deleted, rules past their
 * idle/hard timeouts are removed, and each bridge's masks are re-ordered
 * by hits.
 */
#ifndef XSW_FLOW_CACHE_H
#define XSW_FLOW_CACHE_H

#include <jansson.h>
#include <stdint.h>

#include <xsw/cache.h>

#include "daemon/dp.h"
#include "daemon/flow_table.h"
#include "daemon/xlate.h"
#include "lib/err.h"

struct xswd;
struct xsw_bridge;

struct xsw_ukey {
	uint32_t handle;
	uint32_t bridge_id;
	struct xsw_match mf;     /* key & mask, mask */
	struct xsw_rule *rule;   /* NULL only while adopting */
	struct xsw_xlate xl;     /* acts, and segments when slow path */
	uint64_t created_ns;
	uint64_t used_ns;        /* last packet, 0 = never */
	uint64_t packets, bytes; /* already credited to the rule */
	uint32_t reval_round;    /* the last revalidation that saw it */
};

struct xsw_fc_counters {
	uint64_t upcalls;         /* handled */
	uint64_t installed;       /* megaflows installed */
	uint64_t install_failed;  /* cache, masks or map full */
	uint64_t exec_failed;     /* frames that could not be sent on */
	uint64_t slow_path;       /* frames run as slow-path segments */
	uint64_t revalidated;     /* ukeys checked */
	uint64_t modified;        /* ... whose actions changed */
	uint64_t deleted;         /* ... deleted by revalidation */
	uint64_t expired;         /* deleted for being idle */
	uint64_t parse_mismatch;  /* BPF parsed it, the reference did not */
};

/* Frames waiting to be sent on in one batch (same ingress port). */
struct xsw_fc_pending {
	int ifindex;
	unsigned int n;
	struct xsw_dp_exec items[XSW_EXEC_BATCH];
	uint8_t frames[XSW_EXEC_BATCH][XSW_UPCALL_CAP];
};

struct xsw_flow_cache {
	struct xswd *d;
	struct xsw_fc_pending *pending;
	struct xsw_ukey **by_handle;
	uint32_t n_handles;
	uint32_t n_ukeys;
	uint32_t reval_round;
	struct xsw_fc_counters n;
};

int xsw_fc_init(struct xsw_flow_cache *fc, struct xswd *d,
		struct xsw_err *err);
void xsw_fc_destroy(struct xsw_flow_cache *fc);

/* Takes over the flows a previous xswd cached, then revalidates them. */
void xsw_fc_adopt(struct xsw_flow_cache *fc);

/* Reads and handles every pending upcall; returns how many. */
int xsw_fc_run_upcalls(struct xsw_flow_cache *fc);

/* After a change of @br's rules (or of its flow settings). */
void xsw_fc_revalidate_bridge(struct xsw_flow_cache *fc,
			      struct xsw_bridge *br);
/* Deletes every cached flow of @br (crediting counters first). */
void xsw_fc_flush_bridge(struct xsw_flow_cache *fc, struct xsw_bridge *br);
/* Credits every cached flow's new counters to its rule. */
void xsw_fc_sync_stats(struct xsw_flow_cache *fc);
/* The once-a-second work (see above). */
void xsw_fc_sweep(struct xsw_flow_cache *fc, uint64_t now_ns);

/* dump-cache: @br's cached flows as JSON. */
json_t *xsw_fc_dump_bridge(struct xsw_flow_cache *fc, struct xsw_bridge *br);
json_t *xsw_fc_counters_json(const struct xsw_flow_cache *fc);

/* The cached flow of @br that a frame with @key would hit, or NULL. */
const struct xsw_ukey *xsw_fc_find(const struct xsw_flow_cache *fc,
				   const struct xsw_bridge *br,
				   const struct xsw_flow_key *key);

/* Zeroes the fields of @key that a datapath parsing only to @depth
 * (XSW_DEPTH_*) leaves 0 in its keys. */
void xsw_key_clip_depth(struct xsw_flow_key *key, unsigned int depth);
/* The deepest layer @mask looks at: the least depth that clips none of
 * its bits. */
unsigned int xsw_mask_depth(const struct xsw_flow_key *mask);

#endif /* XSW_FLOW_CACHE_H */
