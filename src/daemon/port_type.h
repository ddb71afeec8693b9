/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Port types: what must be done to an interface, beyond attaching the xsw
 * program, for the fast path to work through it.  The type is chosen from
 * the interface's link kind when the port is attached.
 *
 *   veth    the peer end must be able to receive xdp_frames and must send
 *           complete checksums (docs/veth-peer.md); setup arranges both.
 *   netdev  anything else that takes native XDP (physical NICs, tun/tap):
 *           nothing to do.
 */
#ifndef XSW_PORT_TYPE_H
#define XSW_PORT_TYPE_H

#include <jansson.h>

#include "daemon/netlink.h"
#include "daemon/switch.h"
#include "lib/err.h"

struct xsw_port_type {
	const char *name;
	/* Does this type handle interfaces of link kind @kind ("veth")? */
	bool (*matches)(const char *kind);
	/* Prepares the interface; records what it changed in @port (e.g.
	 * port->peer) so teardown can undo exactly that.  May be NULL. */
	int (*setup)(struct xsw_port *port, const struct xsw_link_info *li,
		     struct xsw_err *err);
	/* Undoes setup.  @li is the interface now; NULL when it is gone (then
	 * only bookkeeping is left).  May be NULL. */
	int (*teardown)(struct xsw_port *port, const struct xsw_link_info *li,
			struct xsw_err *err);
	/* Adds type-specific state to `show` output.  May be NULL. */
	void (*describe)(const struct xsw_port *port,
			 const struct xsw_link_info *li, json_t *out);
};

extern const struct xsw_port_type xsw_port_type_veth;
extern const struct xsw_port_type xsw_port_type_netdev;

/* The type for link kind @kind (never NULL: netdev is the fallback). */
const struct xsw_port_type *xsw_port_type_for(const char *kind);

#endif /* XSW_PORT_TYPE_H */
