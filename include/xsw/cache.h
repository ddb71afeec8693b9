/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The flow caches and the upcall channel (BPF maps of the flow pipeline).
 *
 * A bridge with rules runs the flow pipeline for every frame: extract the
 * flow key (as deep as the bridge's rules need, include/xsw/parse.h), look
 * it up in the exact-match cache, then in the megaflow cache, execute the
 * cached actions; on a miss, hand the frame to xswd (an upcall), which
 * classifies it, installs a megaflow, and sends the frame on.
 *
 * map xsw_masks (ARRAY, XSW_MAX_MASKS, key mask id, value struct
 *   xsw_flow_key): the distinct megaflow masks in use.
 * map xsw_bridge_masks (ARRAY, XSW_MAX_BRIDGES, value struct
 *   xsw_mask_list): which masks a bridge's megaflows use, most hit first.
 *   xswd rewrites the whole list with one map update; a frame that races
 *   with it reads an old or a new list (an array value is copied, not
 *   swapped, so possibly a mix of both): it may miss and upcall, but every
 *   id it tries names a real mask, so it never takes a wrong entry.
 * map xsw_mf_index (HASH, megaflow size, key struct xsw_mf_key, value
 *   __u32 flow index): megaflow lookup, (bridge, mask, key & mask) -> flow.
 * map xsw_flows (ARRAY, megaflow size, value struct xsw_flow): the cached
 *   flows' actions.  A slot is never rewritten while an index entry points
 *   to it: a changed flow gets a new slot and the index entry is switched
 *   (an atomic map update).  A slot's gen is even while it holds a live
 *   flow and odd once it is freed; a freed slot is reused (the next even
 *   gen) only after a grace period.
 * map xsw_flow_stats (PERCPU_ARRAY, megaflow size, value struct
 *   xsw_flow_stats): packets, bytes, last use, per slot.
 * map xsw_emc (LRU_HASH, EMC size, key struct xsw_flow_key, value struct
 *   xsw_emc_entry): the exact-match cache in front of the megaflow lookup,
 *   consulted when the bridge has more than one mask.  An entry is valid
 *   only while its gen equals the slot's gen and is even: an entry written
 *   by a packet that read the gen just after the slot was freed is dead.
 * map xsw_mask_hits (PERCPU_ARRAY, XSW_MAX_MASKS, __u64): hits per mask,
 *   for ordering the bridge's mask list.
 * map xsw_upcalls (RINGBUF): struct xsw_upcall records, frame bytes
 *   after the header.
 * map xsw_upcall_limits (ARRAY, XSW_MAX_PORTS, struct xsw_upcall_bucket):
 *   a token bucket per port, so a port sending a storm of new flows cannot
 *   starve the others' upcalls.
 *
 * map xsw_exec_queue (ARRAY, XSW_EXEC_BATCH, struct xsw_exec_entry) and
 *   xsw_exec_cursor (PERCPU_ARRAY, 1, __u32): batched execution, below.
 *
 * Execution requests: xswd sends an upcalled frame on by running the
 * ingress program on it (BPF_PROG_RUN with live frames) on the frame's
 * port, with struct xsw_exec_meta in the XDP metadata area; the program
 * then executes the given flow slot instead of looking the frame up.  The
 * magic is random per program load, so no frame from the wire can forge it.
 */
#ifndef XSW_CACHE_H
#define XSW_CACHE_H

#include "abi.h"
#include "actions.h"
#include "flow.h"

#define XSW_MAX_MASKS 1024
#define XSW_MASKS_PER_BRIDGE 16
#define XSW_DEFAULT_MEGAFLOWS 65536
#define XSW_DEFAULT_EMC_ENTRIES 8192
#define XSW_DEFAULT_UPCALL_RING (4U << 20)
#define XSW_DEFAULT_UPCALL_RATE 20000  /* per port, per second */
#define XSW_DEFAULT_UPCALL_BURST 2000
/* An EMC entry is written for 1 in this many megaflow hits (as OVS's
 * emc-insert-inv-prob), so a flood of short flows does not thrash it. */
#define XSW_EMC_INSERT_INV_PROB 16

struct xsw_mask_list {
	__u32 n_masks;
	__u32 ids[XSW_MASKS_PER_BRIDGE];
};

struct xsw_mf_key {
	__u32 bridge_id;
	__u32 mask_id;
	struct xsw_flow_key key; /* frame key & mask */
};
_Static_assert(sizeof(struct xsw_mf_key) == 72, "xsw_mf_key layout");

struct xsw_flow {
	__u32 gen; /* even: a live flow; odd: freed (see xsw_emc) */
	__u32 bridge_id;
	struct xsw_acts acts;
};

struct xsw_flow_stats {
	__u64 packets;
	__u64 bytes;
	__u64 used_ns; /* CLOCK_MONOTONIC (coarse) of the last packet */
};

struct xsw_emc_entry {
	__u32 flow_idx;
	__u32 gen;
};

enum xsw_upcall_reason {
	XSW_UPCALL_MISS = 1,  /* no cache entry */
	XSW_UPCALL_ACTION,    /* the flow's actions say so (slow path) */
};

struct xsw_upcall {
	__u32 reason;    /* enum xsw_upcall_reason */
	__u32 ifindex;
	__u32 port_no;
	__u32 bridge_id;
	__u32 flow_idx;  /* ACTION: the flow; MISS: 0 */
	__u32 frame_len; /* the whole frame */
	__u32 cap_len;   /* bytes of it that follow this header */
	__u32 spare;
	/* __u8 frame[cap_len] */
};
_Static_assert(sizeof(struct xsw_upcall) == 32, "xsw_upcall layout");

/* An upcall carries the frame's first XSW_UPCALL_CAP bytes (a power of
 * two): the whole of any frame of a standard MTU, the headers of a jumbo
 * one.  A frame longer than that cannot be sent on by xswd: its flow is
 * installed and the next frame goes through the cache. */
#define XSW_UPCALL_CAP 2048

struct xsw_upcall_bucket {
	__u64 tokens_milli; /* tokens x 1000 */
	__u64 last_ns;
};

/* Batched execution: xswd writes up to XSW_EXEC_BATCH upcalled frames
 * of one ingress port into xsw_exec_queue and runs the ingress program on
 * that port once with BPF_PROG_RUN (live frames, repeat = n), with
 * flow_idx XSW_EXEC_BATCH_MARK in the execution metadata: repetition i
 * takes frame i (xsw_exec_cursor counts, per CPU) and runs its flow.  One
 * run per batch instead of one per frame: the kernel builds a page pool
 * per run. */
#define XSW_EXEC_BATCH 64
#define XSW_EXEC_BATCH_MARK 0xffffffffU

struct xsw_exec_entry {
	__u32 len;
	__u32 flow_idx;
	__u8 frame[XSW_UPCALL_CAP];
};

struct xsw_exec_meta {
	__u64 magic;
	__u32 flow_idx;
	__u32 spare;
};
_Static_assert(sizeof(struct xsw_exec_meta) == 16, "xsw_exec_meta layout");

#endif /* XSW_CACHE_H */
