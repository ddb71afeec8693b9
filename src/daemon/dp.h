/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The datapath interface: what xswd asks of a fast path, independent of
 * how the fast path is built.  As OVS's dpif, a struct of operations with
 * backends: "xdp" (dp_xdp.c, the XDP programs and pinned BPF maps) today;
 * the userspace AF_XDP/vhost-user datapath and a dummy one for daemon tests
 * plug in here.
 *
 * Lifetime: a datapath outlives xswd.  open() finds what a previous xswd
 * left running (pinned maps, attached ports) and takes it over without
 * interrupting traffic; close() lets go of it and leaves it running;
 * destroy() removes every trace.  All calls are made from xswd's one
 * thread.  Calls return 0 or a negative errno with @err describing it.
 */
#ifndef XSW_DP_H
#define XSW_DP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xsw/actions.h>
#include <xsw/bridge.h>
#include <xsw/cache.h>
#include <xsw/fdb.h>
#include <xsw/port.h>

#include "lib/err.h"
#include "lib/match.h"

struct xsw_dp;

struct xsw_dp_opts {
	const char *pin_dir; /* where the backend keeps its state */
	uint32_t megaflows;  /* cached flows; 0 = XSW_DEFAULT_MEGAFLOWS */
	uint32_t emc_entries; /* 0 = XSW_DEFAULT_EMC_ENTRIES */
	uint32_t upcall_ring; /* bytes, a power of 2; 0 = the default */
};

struct xsw_dp_flow_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t used_ns; /* CLOCK_MONOTONIC of the last packet, 0 = never */
};

/* A cached flow as found in the datapath (flow_dump). */
struct xsw_dp_flow {
	uint32_t handle;
	uint32_t bridge_id;
	struct xsw_match mf; /* key & mask, mask */
	struct xsw_acts acts;
};

/* A frame to send on through an installed flow (execute_batch). */
struct xsw_dp_exec {
	const void *frame;
	uint32_t len;
	uint32_t handle;
};

struct xsw_dp_cache_info {
	uint32_t megaflows_max;
	uint32_t megaflows;   /* in use */
	uint32_t emc_entries_max;
	uint32_t masks;       /* distinct masks in use */
};

struct xsw_dp_port {
	const char *name; /* for messages */
	int ifindex;
	uint32_t port_no;
	uint32_t bridge_id;
	uint32_t flood_group;
};

struct xsw_fdb_row {
	struct xsw_fdb_key key;
	struct xsw_fdb_entry entry;
};

struct xsw_fdb_filter {
	uint32_t bridge_id;    /* 0: any bridge */
	uint32_t port_no;      /* 0: any port */
	uint64_t seen_before;  /* 0: any age; else entries last seen before
				  this CLOCK_MONOTONIC time */
};

struct xsw_dp_class {
	const char *name;

	int (*open)(const struct xsw_dp_opts *opts, struct xsw_dp **dpp,
		    struct xsw_err *err);
	/* Releases the handle; the fast path keeps forwarding. */
	void (*close)(struct xsw_dp *dp);
	/* Removes all state (ports must be detached first) and closes. */
	int (*destroy)(struct xsw_dp *dp, struct xsw_err *err);

	/* Creates or updates a bridge (its settings and flood group). */
	int (*bridge_set)(struct xsw_dp *dp, uint32_t bridge_id,
			  const struct xsw_bridge_info *info,
			  struct xsw_err *err);
	/* Removes a bridge whose ports are detached, and its learned MACs. */
	int (*bridge_del)(struct xsw_dp *dp, uint32_t bridge_id,
			  struct xsw_err *err);

	/* Makes an interface a port: forwarding state first, then the
	 * program.  Attaching a port that is already attached (a restarted
	 * xswd) takes it over in place, without a gap in forwarding. */
	int (*port_attach)(struct xsw_dp *dp, const struct xsw_dp_port *port,
			   struct xsw_err *err);
	/* Undoes port_attach.  Works when the interface is already gone. */
	int (*port_detach)(struct xsw_dp *dp, const struct xsw_dp_port *port,
			   struct xsw_err *err);
	/* Detaches every port not in @keep (port_no-indexed, true = keep):
	 * state left by ports removed while xswd was not running. */
	int (*ports_prune)(struct xsw_dp *dp, const bool *keep, size_t n_keep);

	/* Counters of one port, summed over CPUs. */
	int (*port_stats_get)(struct xsw_dp *dp, uint32_t port_no,
			      struct xsw_port_stats *out);
	int (*port_stats_clear)(struct xsw_dp *dp, uint32_t port_no);

	/* Calls @cb for every learned MAC of @bridge_id (0: all); stops early
	 * when @cb returns non-zero. */
	int (*fdb_dump)(struct xsw_dp *dp, uint32_t bridge_id,
			int (*cb)(const struct xsw_fdb_row *row, void *arg),
			void *arg);
	/* Deletes matching learned MACs; returns how many, or -errno. */
	int (*fdb_flush)(struct xsw_dp *dp, const struct xsw_fdb_filter *f);

	/* Adds backend facts (program ids, pin dir) to `show`.  May be NULL. */
	void (*describe)(struct xsw_dp *dp, json_t *out);

	/* The flow cache of bridges with rules.  A cached flow (megaflow) is
	 * (bridge, key & mask, mask) -> actions, known by a handle (> 0).
	 *
	 * flow_put fails with -EEXIST (and *handle of the existing flow) when
	 * the same megaflow is cached, with -ENOSPC when the cache, the mask
	 * table or the bridge's mask list is full. */
	int (*flow_put)(struct xsw_dp *dp, uint32_t bridge_id,
			const struct xsw_match *mf, const struct xsw_acts *acts,
			uint32_t *handle, struct xsw_err *err);
	/* New actions for a cached flow, switched atomically; the flow gets
	 * a new handle (*handle is updated). */
	int (*flow_modify)(struct xsw_dp *dp, uint32_t *handle,
			   const struct xsw_acts *acts, struct xsw_err *err);
	void (*flow_del)(struct xsw_dp *dp, uint32_t handle);
	/* Counters of every cached flow, read in one pass: @cb for each. */
	int (*flow_stats_all)(struct xsw_dp *dp,
			      void (*cb)(uint32_t handle,
					 const struct xsw_dp_flow_stats *st,
					 void *arg),
			      void *arg);
	/* Every cached flow (what a previous xswd left), @cb for each. */
	int (*flow_dump)(struct xsw_dp *dp,
			 void (*cb)(const struct xsw_dp_flow *f, void *arg),
			 void *arg);
	void (*cache_info)(struct xsw_dp *dp, struct xsw_dp_cache_info *info);
	/* Orders each bridge's masks by recent hits (most first). */
	void (*masks_sort)(struct xsw_dp *dp);

	/* A flood group broadcasting to @ports (port numbers, sorted,
	 * distinct), shared by the flows that use the same set; or -errno.
	 * output_set_put gives a reference back. */
	int (*output_set_get)(struct xsw_dp *dp, const uint32_t *ports,
			      unsigned int n, struct xsw_err *err);
	void (*output_set_put)(struct xsw_dp *dp, int group);

	/* Sends @frame as if it had arrived on port @ifindex, through cached
	 * flow @handle, or through @acts when @handle is 0. */
	int (*execute)(struct xsw_dp *dp, int ifindex, const void *frame,
		       size_t len, uint32_t handle, const struct xsw_acts *acts,
		       struct xsw_err *err);

	/* The same for up to XSW_EXEC_BATCH frames of one ingress port, each
	 * through its installed flow, at once (much cheaper per frame). */
	int (*execute_batch)(struct xsw_dp *dp, int ifindex,
			     const struct xsw_dp_exec *frames, unsigned int n,
			     struct xsw_err *err);

	/* Upcalls: a pollable fd, and a call that hands pending upcalls to
	 * @cb (the frame follows the header), at most XSW_UPCALL_READ_BUDGET
	 * per call so a storm cannot keep the caller from its other events
	 * (the fd stays readable while more wait); returns how many or
	 * -errno. */
	int (*upcall_fd)(struct xsw_dp *dp);
	int (*upcall_read)(struct xsw_dp *dp,
			   void (*cb)(const struct xsw_upcall *up,
				      const uint8_t *frame, void *arg),
			   void *arg);
};

#define XSW_UPCALL_READ_BUDGET 1024

extern const struct xsw_dp_class xsw_dp_xdp;

#endif /* XSW_DP_H */
