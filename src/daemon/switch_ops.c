// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Changes to the switch, kept consistent across the three places a
 * change lives: the model (switch.h), the datapath (dp.h) and the saved
 * config (config_store.h).
 *
 * Adding: model, then datapath, then save; a failure undoes the steps
 * already taken.  Removing: the object is flagged `deleting` so the saved
 * config leaves it out; only once that save succeeded is the kernel state
 * removed.  Either way a failed request changes nothing.
 */
#include <errno.h>
#include <string.h>

#include <xsw/parse.h>

#include "daemon/config_store.h"
#include "daemon/flow_table.h"
#include "daemon/port_type.h"
#include "daemon/xswd.h"
#include "lib/log.h"
#include "lib/util.h"

int xswd_save(struct xswd *d, struct xsw_err *err)
{
	return xsw_config_save(&d->sw, d->db_path, err);
}

static struct xsw_dp_port dp_port_of(const struct xsw_port *port)
{
	return (struct xsw_dp_port){
		.name = port->name,
		.ifindex = port->ifindex,
		.port_no = port->port_no,
		.bridge_id = port->bridge->id,
		.flood_group = port->bridge->id,
	};
}

struct xsw_bridge_info xswd_bridge_info(const struct xsw_bridge *br)
{
	return (struct xsw_bridge_info){
		.mac_aging_ns = (uint64_t)br->mac_aging_sec * XSW_NSEC_PER_SEC,
		.flags = xsw_ft_count(br->ft) ? XSW_BRIDGE_F_FLOWS : 0,
		.depth = br->depth ? br->depth : XSW_DEPTH_L2,
		.upcall_rate = br->upcall_rate,
		.upcall_burst = br->upcall_burst,
	};
}

static void flush_port_macs(struct xswd *d, const struct xsw_port *port)
{
	struct xsw_fdb_filter f = { .bridge_id = port->bridge->id,
				    .port_no = port->port_no };

	d->dp_class->fdb_flush(d->dp, &f);
}

/* Attaches @port to interface @li: port-type set-up, then the datapath. */
static int port_bring_up(struct xswd *d, struct xsw_port *port,
			 const struct xsw_link_info *li, struct xsw_err *err)
{
	const struct xsw_port_type *type = xsw_port_type_for(li->kind);
	struct xsw_dp_port dpp;
	int ret;

	xsw_strlcpy(port->kind, li->kind, sizeof(port->kind));
	if (type->setup) {
		ret = type->setup(port, li, err);
		if (ret)
			goto failed;
	}
	port->ifindex = li->ifindex;
	dpp = dp_port_of(port);
	ret = d->dp_class->port_attach(d->dp, &dpp, err);
	if (ret) {
		port->ifindex = 0;
		if (type->teardown)
			type->teardown(port, li, NULL);
		goto failed;
	}
	port->status = XSW_PORT_UP;
	port->reason[0] = '\0';
	return 0;
failed:
	port->status = XSW_PORT_FAILED;
	xsw_strlcpy(port->reason, err ? err->msg : "attach failed",
		    sizeof(port->reason));
	return ret;
}

/* Detaches @port and undoes its type's set-up; @li is its interface now,
 * or NULL when it is gone. */
static int port_take_down(struct xswd *d, struct xsw_port *port,
			  const struct xsw_link_info *li, struct xsw_err *err)
{
	/* The interface's kind when it exists (a port restored from the
	 * config was never up), else what it was when it came up. */
	const struct xsw_port_type *type =
		xsw_port_type_for(li ? li->kind : port->kind);
	struct xsw_dp_port dpp = dp_port_of(port);
	int ret = 0;

	d->dp_class->port_detach(d->dp, &dpp, NULL);
	flush_port_macs(d, port);
	if (type->teardown)
		ret = type->teardown(port, li, err);
	port->ifindex = 0;
	port->status = XSW_PORT_DOWN;
	return ret;
}

/* port_take_down() for del-port, del-br and --cleanup: the port's
 * interface is whatever now has its name. */
static int port_take_down_named(struct xswd *d, struct xsw_port *port,
				struct xsw_err *err)
{
	struct xsw_link_info li;
	bool exists = !xsw_nl_link_by_name(port->name, &li);

	if (exists && !port->ifindex)
		port->ifindex = li.ifindex;
	return port_take_down(d, port, exists ? &li : NULL, err);
}

struct xsw_bridge *xswd_bridge_get(struct xswd *d, const char *name,
				   struct xsw_err *err)
{
	struct xsw_bridge *br = xsw_bridge_find(&d->sw, name);

	if (!br || br->deleting) {
		xsw_err_set(err, ENOENT, "bridge %s does not exist", name);
		return NULL;
	}
	return br;
}

int xswd_bridge_add(struct xswd *d, const char *name, struct xsw_err *err)
{
	struct xsw_bridge_info info;
	struct xsw_bridge *br;
	int ret;

	br = xsw_bridge_add(&d->sw, name, 0, err);
	if (!br)
		return -(err && err->code ? err->code : EINVAL);
	info = xswd_bridge_info(br);
	ret = d->dp_class->bridge_set(d->dp, br->id, &info, err);
	if (!ret) {
		ret = xswd_save(d, err);
		if (ret)
			d->dp_class->bridge_del(d->dp, br->id, NULL);
	}
	if (ret) {
		xsw_bridge_remove(&d->sw, br);
		return ret;
	}
	xsw_info("bridge", "added bridge %s (id %u)", name, br->id);
	return 0;
}

int xswd_bridge_del(struct xswd *d, const char *name, struct xsw_err *err)
{
	struct xsw_bridge *br = xswd_bridge_get(d, name, err);
	struct xsw_port *port;
	int ret;

	if (!br)
		return -ENOENT;
	br->deleting = true;
	ret = xswd_save(d, err);
	if (ret) {
		br->deleting = false;
		return ret;
	}
	xsw_fc_flush_bridge(&d->fc, br);
	XSW_FOR_EACH_BRIDGE_PORT(port, br, &d->sw)
	{
		struct xsw_err perr = { 0 };

		if (port_take_down_named(d, port, &perr))
			xsw_warn("bridge", "del-br %s: port %s: %s", name,
				 port->name, perr.msg);
		xsw_port_remove(&d->sw, port);
	}
	d->dp_class->bridge_del(d->dp, br->id, NULL);
	xsw_info("bridge", "deleted bridge %s", name);
	xsw_bridge_remove(&d->sw, br);
	return 0;
}

int xswd_bridge_set(struct xswd *d, const char *name,
		    const struct xsw_bridge_settings *set, struct xsw_err *err)
{
	struct xsw_bridge *br = xswd_bridge_get(d, name, err);
	struct xsw_bridge_info info;
	struct xsw_bridge old;
	int ret;

	if (!br)
		return -ENOENT;
	if (set->mac_aging >= 0 &&
	    (set->mac_aging < 1 || set->mac_aging > XSW_MAX_MAC_AGING_SEC))
		return xsw_err_set(err, ERANGE,
				   "mac-aging must be from 1 to %d seconds",
				   XSW_MAX_MAC_AGING_SEC);
	if (set->max_idle >= 0 &&
	    (set->max_idle < 1 || set->max_idle > XSW_MAX_IDLE_SEC_LIMIT))
		return xsw_err_set(err, ERANGE,
				   "max-idle must be from 1 to %d seconds",
				   XSW_MAX_IDLE_SEC_LIMIT);
	if (set->upcall_rate >= 0 &&
	    (set->upcall_rate < 1 || set->upcall_rate > XSW_MAX_UPCALL_RATE))
		return xsw_err_set(err, ERANGE,
				   "upcall-rate must be from 1 to %d per second",
				   XSW_MAX_UPCALL_RATE);
	if (set->upcall_burst >= 0 &&
	    (set->upcall_burst < 1 || set->upcall_burst > XSW_MAX_UPCALL_BURST))
		return xsw_err_set(err, ERANGE,
				   "upcall-burst must be from 1 to %d",
				   XSW_MAX_UPCALL_BURST);
	old = *br;
	if (set->mac_aging >= 0)
		br->mac_aging_sec = (uint32_t)set->mac_aging;
	if (set->max_idle >= 0)
		br->max_idle_sec = (uint32_t)set->max_idle;
	if (set->upcall_rate >= 0)
		br->upcall_rate = (uint32_t)set->upcall_rate;
	if (set->upcall_burst >= 0)
		br->upcall_burst = (uint32_t)set->upcall_burst;
	info = xswd_bridge_info(br);
	ret = d->dp_class->bridge_set(d->dp, br->id, &info, err);
	if (!ret) {
		ret = xswd_save(d, err);
		if (ret) {
			info = xswd_bridge_info(&old);
			d->dp_class->bridge_set(d->dp, br->id, &info, NULL);
		}
	}
	if (ret)
		*br = old;
	return ret;
}

int xswd_port_add(struct xswd *d, const char *bridge, const char *iface,
		  uint32_t *port_no, struct xsw_err *err)
{
	struct xsw_bridge *br = xswd_bridge_get(d, bridge, err);
	struct xsw_link_info li;
	struct xsw_port *port;
	int ret;

	if (!br)
		return -ENOENT;
	port = xsw_port_find(&d->sw, iface);
	if (port)
		return xsw_err_set(err, EEXIST,
				   "interface %s is already a port of bridge %s",
				   iface, port->bridge->name);
	ret = xsw_nl_link_by_name(iface, &li);
	if (ret == -ENODEV)
		return xsw_err_set(err, ENODEV, "interface %s does not exist",
				   iface);
	if (ret)
		return xsw_err_set(err, ret, "cannot query interface %s: %s",
				   iface, strerror(-ret));
	if (li.flags & IFF_LOOPBACK)
		return xsw_err_set(err, EINVAL,
				   "interface %s is a loopback device and cannot be a switch port",
				   iface);
	port = xsw_port_add(&d->sw, br, iface, 0, err);
	if (!port)
		return -(err && err->code ? err->code : EINVAL);
	d->dp_class->port_stats_clear(d->dp, port->port_no);
	ret = port_bring_up(d, port, &li, err);
	if (!ret) {
		ret = xswd_save(d, err);
		if (ret)
			port_take_down(d, port, &li, NULL);
	}
	if (ret) {
		xsw_port_remove(&d->sw, port);
		return ret;
	}
	xsw_info("port", "added %s to %s as port %u (%s)", iface, bridge,
		 port->port_no, li.kind[0] ? li.kind : "netdev");
	*port_no = port->port_no;
	return 0;
}

int xswd_port_del(struct xswd *d, const char *bridge, const char *iface,
		  struct xsw_err *err)
{
	struct xsw_bridge *br = xswd_bridge_get(d, bridge, err);
	struct xsw_port *port;
	int ret;

	if (!br)
		return -ENOENT;
	port = xsw_port_find(&d->sw, iface);
	if (!port || port->deleting)
		return xsw_err_set(err, ENOENT, "%s is not a port of bridge %s",
				   iface, bridge);
	if (port->bridge != br)
		return xsw_err_set(err, ENOENT,
				   "%s is not a port of bridge %s (it is on %s)",
				   iface, bridge, port->bridge->name);
	port->deleting = true;
	ret = xswd_save(d, err);
	if (ret) {
		port->deleting = false;
		return ret;
	}
	ret = port_take_down_named(d, port, err);
	if (ret)
		xsw_warn("port", "del-port %s: %s", iface, err ? err->msg : "");
	xsw_info("port", "removed %s from %s", iface, bridge);
	xsw_port_remove(&d->sw, port);
	/* The port is gone either way; a failed peer restore is reported
	 * but is not a failure of del-port. */
	return 0;
}

static bool peer_changed(const struct xsw_peer_state *a,
			 const struct xsw_peer_state *b)
{
	return a->saved != b->saved || a->gro_was_on != b->gro_was_on ||
	       a->tx_csum_was_on != b->tx_csum_was_on;
}

/* Brings up a port whose interface exists, or marks it missing.  True
 * when the port's persistent state changed (the config needs saving). */
static bool port_sync(struct xswd *d, struct xsw_port *port, bool quiet)
{
	struct xsw_peer_state before = port->peer;
	struct xsw_err err = { 0 };
	struct xsw_link_info li;
	int ret = xsw_nl_link_by_name(port->name, &li);

	if (ret) {
		if (port->status == XSW_PORT_UP)
			port_take_down(d, port, NULL, NULL);
		port->status = XSW_PORT_MISSING;
		snprintf(port->reason, sizeof(port->reason),
			 "interface %s does not exist", port->name);
		return peer_changed(&before, &port->peer);
	}
	if (port->status == XSW_PORT_UP && port->ifindex == li.ifindex)
		return false;
	if (port->status == XSW_PORT_UP)
		port_take_down(d, port, NULL, NULL); /* a new interface */
	if (port_bring_up(d, port, &li, &err)) {
		if (quiet)
			XSW_LOG_RL(XSW_LOG_WARN, "port", "port %s: %s", port->name,
				   err.msg);
		else
			xsw_warn("port", "port %s: %s", port->name, err.msg);
	} else {
		xsw_info("port", "port %s (%u) of %s is up (ifindex %d)",
			 port->name, port->port_no, port->bridge->name,
			 port->ifindex);
	}
	return peer_changed(&before, &port->peer);
}

/* Saves after a change the model made by itself (no request to fail). */
static void save_or_warn(struct xswd *d)
{
	struct xsw_err err = { 0 };

	if (xswd_save(d, &err))
		xsw_warn("config", "%s", err.msg);
}

int xswd_restore(struct xswd *d, struct xsw_err *err)
{
	bool keep[XSW_MAX_PORTS] = { false }, changed = false;
	struct xsw_bridge *br;
	struct xsw_port *port;
	int ret;

	XSW_FOR_EACH_BRIDGE(br, &d->sw)
	{
		struct xsw_bridge_info info;

		br->depth = xswd_rules_depth(br);
		info = xswd_bridge_info(br);

		ret = d->dp_class->bridge_set(d->dp, br->id, &info, err);
		if (ret)
			return ret;
	}
	XSW_FOR_EACH_PORT(port, &d->sw)
	keep[port->port_no] = true;
	d->dp_class->ports_prune(d->dp, keep, XSW_MAX_PORTS);
	XSW_FOR_EACH_PORT(port, &d->sw)
	changed |= port_sync(d, port, false);
	if (changed)
		save_or_warn(d);
	return 0;
}

void xswd_on_link_event(struct xswd *d, const struct xsw_link_event *ev)
{
	struct xsw_port *port = xsw_port_find_ifindex(&d->sw, ev->link.ifindex);
	struct xsw_err err = { 0 };
	bool changed = false;

	if (port && port->deleting)
		return;
	if (port && (ev->type == XSW_LINK_DEL ||
		     strcmp(port->name, ev->link.name))) {
		/* Deleted, moved to another namespace, or renamed: a renamed
		 * interface is still here, its peer is put back as it was. */
		struct xsw_peer_state before = port->peer;

		if (port_take_down(d, port,
				   ev->type == XSW_LINK_DEL ? NULL : &ev->link,
				   &err))
			xsw_warn("port", "port %s: %s", port->name, err.msg);
		port->status = XSW_PORT_MISSING;
		if (ev->type == XSW_LINK_DEL)
			snprintf(port->reason, sizeof(port->reason),
				 "interface %s was deleted", port->name);
		else
			snprintf(port->reason, sizeof(port->reason),
				 "interface %s was renamed to %s", port->name,
				 ev->link.name);
		xsw_warn("port", "port %s of %s is missing: %s", port->name,
			 port->bridge->name, port->reason);
		changed = peer_changed(&before, &port->peer);
	}
	if (ev->type == XSW_LINK_NEW) {
		port = xsw_port_find(&d->sw, ev->link.name);
		if (port && !port->deleting && port->status != XSW_PORT_UP)
			changed |= port_sync(d, port, true);
	}
	if (changed)
		save_or_warn(d);
}

void xswd_resync_links(struct xswd *d)
{
	struct xsw_port *port;
	bool changed = false;

	XSW_FOR_EACH_PORT(port, &d->sw)
	if (!port->deleting)
		changed |= port_sync(d, port, true);
	if (changed)
		save_or_warn(d);
}

void xswd_fdb_expire(struct xswd *d)
{
	uint64_t now = xsw_mono_ns();
	struct xsw_bridge *br;

	XSW_FOR_EACH_BRIDGE(br, &d->sw)
	{
		uint64_t aging = (uint64_t)br->mac_aging_sec * XSW_NSEC_PER_SEC;
		struct xsw_fdb_filter f = { .bridge_id = br->id };
		int n;

		if (now <= aging)
			continue;
		f.seen_before = now - aging;
		n = d->dp_class->fdb_flush(d->dp, &f);
		if (n > 0)
			xsw_debug("fdb", "bridge %s: %d MACs aged out", br->name,
				  n);
	}
}

int xswd_cleanup(struct xswd *d, struct xsw_err *err)
{
	bool keep[1] = { false };
	struct xsw_port *port;
	struct xsw_bridge *br;
	int ret = 0;

	XSW_FOR_EACH_PORT(port, &d->sw)
	{
		struct xsw_err perr = { 0 };

		if (port_take_down_named(d, port, &perr)) {
			xsw_warn("cleanup", "port %s: %s", port->name, perr.msg);
			if (!ret)
				ret = xsw_err_set(err, perr.code, "%s", perr.msg);
		}
	}
	XSW_FOR_EACH_BRIDGE(br, &d->sw)
	d->dp_class->bridge_del(d->dp, br->id, NULL);
	d->dp_class->ports_prune(d->dp, keep, 0);
	return ret;
}
