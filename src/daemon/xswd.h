/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xswd: the daemon's state and its operations.
 *
 * One thread runs everything: an epoll loop over the control socket, its
 * clients, the rtnetlink link monitor, signals and a maintenance timer.
 * Operations that change the switch (switch_ops.c) follow one rule: either
 * the change is complete (kernel state, model and saved config agree) or
 * nothing changed and the caller gets an error saying why.
 */
#ifndef XSW_XSWD_H
#define XSW_XSWD_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "daemon/dp.h"
#include "daemon/flow_cache.h"
#include "daemon/netlink.h"
#include "daemon/switch.h"
#include "lib/err.h"
#include "lib/rpc.h"

#define XSWD_DEFAULT_DB "/var/lib/xsw/conf.json"
#define XSWD_DEFAULT_PIN_DIR "/sys/fs/bpf/xsw"
#define XSWD_PID_NAME "xswd.pid"

struct xsw_server;
struct xsw_nl_monitor;

struct xswd {
	struct xsw_switch sw;
	const struct xsw_dp_class *dp_class;
	struct xsw_dp *dp;
	char db_path[PATH_MAX];
	char run_dir[PATH_MAX];
	char pin_dir[PATH_MAX];
	struct xsw_dp_opts dp_opts;
	struct xsw_server *server;
	struct xsw_nl_monitor *monitor;
	struct xsw_flow_cache fc;
	int epfd;
	bool stop;
};

/* set-bridge: each field is a new value, or -1 to leave it. */
struct xsw_bridge_settings {
	int64_t mac_aging;    /* seconds */
	int64_t max_idle;     /* seconds a cached flow may stay unused */
	int64_t upcall_rate;  /* per port, per second */
	int64_t upcall_burst;
};

/* switch_ops.c: changes requested by users. */
int xswd_bridge_add(struct xswd *d, const char *name, struct xsw_err *err);
int xswd_bridge_del(struct xswd *d, const char *name, struct xsw_err *err);
int xswd_bridge_set(struct xswd *d, const char *name,
		    const struct xsw_bridge_settings *set, struct xsw_err *err);
/* What the datapath is told about @br (aging, flow pipeline on/off,
 * parse depth, upcall limits). */
struct xsw_bridge_info xswd_bridge_info(const struct xsw_bridge *br);
int xswd_port_add(struct xswd *d, const char *bridge, const char *iface,
		  uint32_t *port_no, struct xsw_err *err);
int xswd_port_del(struct xswd *d, const char *bridge, const char *iface,
		  struct xsw_err *err);
/* The bridge named @name, or NULL with @err set ("bridge X does not
 * exist"). */
struct xsw_bridge *xswd_bridge_get(struct xswd *d, const char *name,
				   struct xsw_err *err);

/* switch_ops.c: keeping the fast path in line with the model. */
/* Writes the model to the config file (atomically); 0 or -errno. */
int xswd_save(struct xswd *d, struct xsw_err *err);
/* At start-up: pushes the loaded config into the datapath, takes over
 * running ports, detaches what the config no longer has. */
int xswd_restore(struct xswd *d, struct xsw_err *err);
void xswd_on_link_event(struct xswd *d, const struct xsw_link_event *ev);
/* Re-reads every port's interface (after lost netlink events). */
void xswd_resync_links(struct xswd *d);
/* Deletes learned MACs past their bridge's aging time. */
void xswd_fdb_expire(struct xswd *d);
/* Detaches every port, undoes peer set-ups and removes the datapath. */
int xswd_cleanup(struct xswd *d, struct xsw_err *err);

/* flow_ops.c: the rules (add-flow, mod-flows, del-flows), kept
 * consistent with the saved config and the caches. */
int xswd_flow_add(struct xswd *d, const char *bridge, const char *flow,
		  struct xsw_err *err);
int xswd_flow_mod(struct xswd *d, const char *bridge, const char *flow,
		  bool strict, unsigned int *n_modified, struct xsw_err *err);
int xswd_flow_del(struct xswd *d, const char *bridge, const char *match,
		  bool strict, unsigned int *n_deleted, struct xsw_err *err);
/* The deepest layer (XSW_DEPTH_*) any rule of @br matches on. */
unsigned int xswd_rules_depth(const struct xsw_bridge *br);
/* After @br's rules changed: parse depth, pipeline on/off, revalidation. */
void xswd_flows_changed(struct xswd *d, struct xsw_bridge *br);

/* trace.c: the "trace" method (a described packet through the rules). */
int xswd_trace(struct xswd *d, json_t *params, json_t **result,
	       struct xsw_err *err);

/* rpc_handlers.c: one JSON-RPC request -> result, or an error: a
 * negative errno, or an XSW_RPC_* code for bad methods/params. */
int xswd_handle_request(struct xswd *d, const char *method, json_t *params,
			json_t **result, struct xsw_err *err);

#endif /* XSW_XSWD_H */
