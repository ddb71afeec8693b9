/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The switch model: bridges and their ports as xswd knows them.
 *
 * This is plain data, with no kernel calls: the config store serializes
 * it, the control handlers change it, the datapath and port-type layers
 * are told about changes by switch_ops.c.  Persistent fields (saved in the
 * config) and runtime fields (rebuilt at start) are marked.
 *
 * Bridges are indexed by id (1..XSW_MAX_BRIDGES-1), ports by port_no
 * (1..XSW_MAX_PORTS-1); both numbers are stable across restarts because
 * the fast path's maps are keyed by them.  Names are unique: a bridge name
 * among bridges, an interface name among all ports of all bridges.
 */
#ifndef XSW_SWITCH_H
#define XSW_SWITCH_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include <xsw/abi.h>

#include "lib/err.h"

struct xsw_flow_table;
struct flow_port_map;

#define XSW_BRIDGE_NAME_MAX 32 /* including the NUL */
#define XSW_DEFAULT_MAX_IDLE_SEC 10

enum xsw_port_status {
	XSW_PORT_DOWN,    /* known, not attached yet (start-up) */
	XSW_PORT_UP,      /* the xsw program runs on it */
	XSW_PORT_MISSING, /* its interface does not exist (now) */
	XSW_PORT_FAILED,  /* the interface exists but attaching failed */
};

/* What add-port changed on a veth's peer, so del-port can undo exactly
 * that.  Persistent. */
struct xsw_peer_state {
	bool saved;          /* the fields below are meaningful */
	bool gro_was_on;     /* we turned GRO on if it was off */
	bool tx_csum_was_on; /* we turned tx checksumming off if it was on */
};

struct xsw_bridge;

struct xsw_port {
	/* persistent */
	char name[IF_NAMESIZE];
	uint32_t port_no;
	struct xsw_bridge *bridge;
	struct xsw_peer_state peer;
	/* runtime */
	bool deleting; /* being removed: left out of the saved config */
	int ifindex; /* 0 unless UP */
	enum xsw_port_status status;
	char kind[16];              /* link kind: "veth", "tun", "" */
	char reason[XSW_ERR_MSG_SIZE]; /* why MISSING/FAILED, for show */
};

struct xsw_bridge {
	/* persistent */
	char name[XSW_BRIDGE_NAME_MAX];
	uint32_t id;
	uint32_t mac_aging_sec;
	uint32_t max_idle_sec;   /* cached flows unused this long go away */
	uint32_t upcall_rate;    /* upcalls per second per port */
	uint32_t upcall_burst;
	struct xsw_flow_table *ft; /* the user's rules */
	/* runtime */
	bool deleting; /* being removed: left out of the saved config */
	unsigned int n_ports;
	unsigned int depth; /* XSW_DEPTH_*: the deepest layer its rules match */
};

struct xsw_switch {
	struct xsw_bridge *bridges[XSW_MAX_BRIDGES]; /* by id */
	struct xsw_port *ports[XSW_MAX_PORTS];       /* by port_no */
	unsigned int n_bridges;
	unsigned int n_ports;
};

void xsw_switch_init(struct xsw_switch *sw);
void xsw_switch_free(struct xsw_switch *sw);

/* Checks a bridge name: 1..31 characters of [A-Za-z0-9_.-]. */
int xsw_bridge_name_check(const char *name, struct xsw_err *err);

struct xsw_bridge *xsw_bridge_find(const struct xsw_switch *sw,
				   const char *name);
/* Adds a bridge; @id 0 picks the lowest free id.  Returns it or NULL with
 * @err set (bad or duplicate name, id taken, no free id). */
struct xsw_bridge *xsw_bridge_add(struct xsw_switch *sw, const char *name,
				  uint32_t id, struct xsw_err *err);
/* Removes an empty bridge (ports must be removed first). */
void xsw_bridge_remove(struct xsw_switch *sw, struct xsw_bridge *br);

struct xsw_port *xsw_port_find(const struct xsw_switch *sw, const char *name);
struct xsw_port *xsw_port_find_ifindex(const struct xsw_switch *sw,
				       int ifindex);
/* Adds a port to @br; @port_no 0 picks the lowest free number. */
struct xsw_port *xsw_port_add(struct xsw_switch *sw, struct xsw_bridge *br,
			      const char *name, uint32_t port_no,
			      struct xsw_err *err);
void xsw_port_remove(struct xsw_switch *sw, struct xsw_port *port);

const char *xsw_port_status_name(enum xsw_port_status status);

/* Port names <-> numbers for flow strings on bridge @br: names of @br's
 * ports resolve, others are "unknown port". */
struct xsw_port_map_ctx {
	const struct xsw_switch *sw;
	const struct xsw_bridge *br;
};
void xsw_bridge_port_map(struct xsw_port_map_ctx *ctx,
			 struct flow_port_map *map, const struct xsw_switch *sw,
			 const struct xsw_bridge *br);

/* Sets named[N] for every port number N a rule of any bridge names
 * (in_port or an output).  Such numbers are not given to new ports, so a
 * rule written for a deleted port never starts applying to a new one. */
void xsw_port_nos_in_rules(const struct xsw_switch *sw,
			   bool named[XSW_MAX_PORTS]);

/* Iteration in id / port_no order. */
#define XSW_FOR_EACH_BRIDGE(br, sw)                                          \
	for (uint32_t br##_i_ = 1; br##_i_ < XSW_MAX_BRIDGES; br##_i_++)     \
		if (((br) = (sw)->bridges[br##_i_]) != NULL)

#define XSW_FOR_EACH_PORT(port, sw)                                          \
	for (uint32_t port##_i_ = 1; port##_i_ < XSW_MAX_PORTS; port##_i_++) \
		if (((port) = (sw)->ports[port##_i_]) != NULL)

#define XSW_FOR_EACH_BRIDGE_PORT(port, br, sw)                               \
	XSW_FOR_EACH_PORT(port, sw)                                          \
	if ((port)->bridge == (br))

#endif /* XSW_SWITCH_H */
