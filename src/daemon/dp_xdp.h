/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Private to the XDP datapath backend: its state, shared by dp_xdp.c
 * (programs, bridges, ports, FDB, counters) and dp_xdp_cache.c (the flow
 * cache, output sets, execution and upcalls).
 */
#ifndef XSW_DP_XDP_H
#define XSW_DP_XDP_H

#include <limits.h>

#include "daemon/dp.h"
#include "xsw_xdp.skel.h"

struct xdp_cache;

struct xsw_dp {
	struct xsw_xdp *skel;
	char pin_dir[PATH_MAX - 64];
	int n_cpus;
	int flood_fds[XSW_MAX_FLOOD_GROUPS]; /* inner devmaps, -1 = none */
	struct xdp_cache *cache;             /* dp_xdp_cache.c */
};

/* The inner devmap of flood group @group; created on first use when
 * @create, else -ENOENT. */
int xdp_flood_group_fd(struct xsw_dp *dp, uint32_t group, bool create,
		       struct xsw_err *err);
/* Removes flood group @group from the datapath. */
void xdp_flood_group_del(struct xsw_dp *dp, uint32_t group);
/* Makes port @port_no (interface @ifindex) a member of flood group @group
 * (created if @create), its frames counted by xsw_egress; 0 or -errno. */
int xdp_flood_group_add(struct xsw_dp *dp, uint32_t group, uint32_t port_no,
			int ifindex, bool create, struct xsw_err *err);
/* Takes port @port_no out of flood group @group, if both exist. */
void xdp_flood_group_remove(struct xsw_dp *dp, uint32_t group,
			    uint32_t port_no);

/* dp_xdp_cache.c: set-up before and after the programs are loaded, and
 * the port changes output sets must follow. */
int xdp_cache_configure(struct xsw_dp *dp, const struct xsw_dp_opts *opts,
			struct xsw_err *err);
int xdp_cache_open(struct xsw_dp *dp, struct xsw_err *err);
void xdp_cache_close(struct xsw_dp *dp);
void xdp_cache_port_attached(struct xsw_dp *dp, uint32_t port_no,
			     int ifindex);
void xdp_cache_port_detached(struct xsw_dp *dp, uint32_t port_no);
/* Forgets a bridge's cached flows and masks (bridge deleted). */
void xdp_cache_bridge_flush(struct xsw_dp *dp, uint32_t bridge_id);

int xdp_flow_put(struct xsw_dp *dp, uint32_t bridge_id,
		 const struct xsw_match *mf, const struct xsw_acts *acts,
		 uint32_t *handle, struct xsw_err *err);
int xdp_flow_modify(struct xsw_dp *dp, uint32_t *handle,
		    const struct xsw_acts *acts, struct xsw_err *err);
void xdp_flow_del(struct xsw_dp *dp, uint32_t handle);
int xdp_flow_stats_all(struct xsw_dp *dp,
		       void (*cb)(uint32_t handle,
				  const struct xsw_dp_flow_stats *st, void *arg),
		       void *arg);
int xdp_flow_dump(struct xsw_dp *dp,
		  void (*cb)(const struct xsw_dp_flow *f, void *arg), void *arg);
void xdp_cache_info(struct xsw_dp *dp, struct xsw_dp_cache_info *info);
void xdp_masks_sort(struct xsw_dp *dp);
int xdp_output_set_get(struct xsw_dp *dp, const uint32_t *ports,
		       unsigned int n, struct xsw_err *err);
void xdp_output_set_put(struct xsw_dp *dp, int group);
int xdp_execute(struct xsw_dp *dp, int ifindex, const void *frame, size_t len,
		uint32_t handle, const struct xsw_acts *acts,
		struct xsw_err *err);
int xdp_execute_batch(struct xsw_dp *dp, int ifindex,
		      const struct xsw_dp_exec *frames, unsigned int n,
		      struct xsw_err *err);
int xdp_upcall_fd(struct xsw_dp *dp);
int xdp_upcall_read(struct xsw_dp *dp,
		    void (*cb)(const struct xsw_upcall *up,
			       const uint8_t *frame, void *arg),
		    void *arg);

#endif /* XSW_DP_XDP_H */
