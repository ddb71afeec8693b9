// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "daemon/switch.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xsw/cache.h>

#include "daemon/flow_table.h"
#include "lib/util.h"

static void bridge_free(struct xsw_bridge *br)
{
	if (br && br->ft) {
		xsw_ft_destroy(br->ft);
		free(br->ft);
	}
	free(br);
}

void xsw_switch_init(struct xsw_switch *sw)
{
	memset(sw, 0, sizeof(*sw));
}

void xsw_switch_free(struct xsw_switch *sw)
{
	for (size_t i = 0; i < XSW_MAX_PORTS; i++)
		free(sw->ports[i]);
	for (size_t i = 0; i < XSW_MAX_BRIDGES; i++)
		bridge_free(sw->bridges[i]);
	memset(sw, 0, sizeof(*sw));
}

int xsw_bridge_name_check(const char *name, struct xsw_err *err)
{
	size_t len = strlen(name);

	if (len == 0)
		return xsw_err_set(err, EINVAL, "bridge name is empty");
	if (len >= XSW_BRIDGE_NAME_MAX)
		return xsw_err_set(err, ENAMETOOLONG,
				   "bridge name \"%s\" is longer than %d characters",
				   name, XSW_BRIDGE_NAME_MAX - 1);
	for (const char *p = name; *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' &&
		    *p != '.')
			return xsw_err_set(err, EINVAL,
					   "bridge name \"%s\" has '%c'; use letters, digits, '_', '-' or '.'",
					   name, *p);
	}
	return 0;
}

struct xsw_bridge *xsw_bridge_find(const struct xsw_switch *sw,
				   const char *name)
{
	struct xsw_bridge *br;

	XSW_FOR_EACH_BRIDGE(br, sw)
	if (!strcmp(br->name, name))
		return br;
	return NULL;
}

struct xsw_bridge *xsw_bridge_add(struct xsw_switch *sw, const char *name,
				  uint32_t id, struct xsw_err *err)
{
	struct xsw_bridge *br;

	if (xsw_bridge_name_check(name, err))
		return NULL;
	if (xsw_bridge_find(sw, name)) {
		xsw_err_set(err, EEXIST, "bridge %s already exists", name);
		return NULL;
	}
	if (id == 0) {
		for (id = 1; id < XSW_MAX_BRIDGES && sw->bridges[id]; id++)
			;
		if (id == XSW_MAX_BRIDGES) {
			xsw_err_set(err, ENOSPC, "too many bridges (at most %d)",
				    XSW_MAX_BRIDGES - 1);
			return NULL;
		}
	} else if (id >= XSW_MAX_BRIDGES || sw->bridges[id]) {
		xsw_err_set(err, EEXIST, "bridge id %u is invalid or in use", id);
		return NULL;
	}
	br = calloc(1, sizeof(*br));
	if (!br) {
		xsw_err_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	br->ft = calloc(1, sizeof(*br->ft));
	if (!br->ft || xsw_ft_init(br->ft)) {
		free(br->ft);
		free(br);
		xsw_err_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	xsw_strlcpy(br->name, name, sizeof(br->name));
	br->id = id;
	br->mac_aging_sec = XSW_DEFAULT_MAC_AGING_SEC;
	br->max_idle_sec = XSW_DEFAULT_MAX_IDLE_SEC;
	br->upcall_rate = XSW_DEFAULT_UPCALL_RATE;
	br->upcall_burst = XSW_DEFAULT_UPCALL_BURST;
	sw->bridges[id] = br;
	sw->n_bridges++;
	return br;
}

void xsw_bridge_remove(struct xsw_switch *sw, struct xsw_bridge *br)
{
	sw->bridges[br->id] = NULL;
	sw->n_bridges--;
	bridge_free(br);
}

struct xsw_port *xsw_port_find(const struct xsw_switch *sw, const char *name)
{
	struct xsw_port *port;

	XSW_FOR_EACH_PORT(port, sw)
	if (!strcmp(port->name, name))
		return port;
	return NULL;
}

struct xsw_port *xsw_port_find_ifindex(const struct xsw_switch *sw,
				       int ifindex)
{
	struct xsw_port *port;

	if (ifindex <= 0)
		return NULL;
	XSW_FOR_EACH_PORT(port, sw)
	if (port->ifindex == ifindex)
		return port;
	return NULL;
}

struct xsw_port *xsw_port_add(struct xsw_switch *sw, struct xsw_bridge *br,
			      const char *name, uint32_t port_no,
			      struct xsw_err *err)
{
	struct xsw_port *port = xsw_port_find(sw, name);

	if (!*name) {
		xsw_err_set(err, EINVAL, "interface name is empty");
		return NULL;
	}
	if (strlen(name) >= IF_NAMESIZE) {
		xsw_err_set(err, ENAMETOOLONG,
			    "interface name \"%s\" is longer than %d characters",
			    name, IF_NAMESIZE - 1);
		return NULL;
	}
	if (port) {
		xsw_err_set(err, EEXIST, "interface %s is already a port of bridge %s",
			    name, port->bridge->name);
		return NULL;
	}
	if (port_no == 0) {
		bool named[XSW_MAX_PORTS];

		xsw_port_nos_in_rules(sw, named);
		for (port_no = 1; port_no < XSW_MAX_PORTS &&
				  (sw->ports[port_no] || named[port_no]);
		     port_no++)
			;
		if (port_no == XSW_MAX_PORTS) {
			xsw_err_set(err, ENOSPC, "too many ports (at most %d)",
				    XSW_MAX_PORTS - 1);
			return NULL;
		}
	} else if (port_no >= XSW_MAX_PORTS || sw->ports[port_no]) {
		xsw_err_set(err, EEXIST, "port number %u is invalid or in use",
			    port_no);
		return NULL;
	}
	port = calloc(1, sizeof(*port));
	if (!port) {
		xsw_err_set(err, ENOMEM, "out of memory");
		return NULL;
	}
	xsw_strlcpy(port->name, name, sizeof(port->name));
	port->port_no = port_no;
	port->bridge = br;
	port->status = XSW_PORT_DOWN;
	sw->ports[port_no] = port;
	sw->n_ports++;
	br->n_ports++;
	return port;
}

void xsw_port_remove(struct xsw_switch *sw, struct xsw_port *port)
{
	sw->ports[port->port_no] = NULL;
	sw->n_ports--;
	port->bridge->n_ports--;
	free(port);
}

const char *xsw_port_status_name(enum xsw_port_status status)
{
	switch (status) {
	case XSW_PORT_DOWN:
		return "down";
	case XSW_PORT_UP:
		return "up";
	case XSW_PORT_MISSING:
		return "missing";
	case XSW_PORT_FAILED:
		return "failed";
	}
	return "?";
}

static int map_name_to_port(void *aux, const char *name, uint32_t *port_no,
			    struct xsw_err *err)
{
	const struct xsw_port_map_ctx *ctx = aux;
	struct xsw_port *port = xsw_port_find(ctx->sw, name);

	if (!port || port->bridge != ctx->br)
		return xsw_err_set(err, ENOENT, "%s is not a port of bridge %s",
				   name, ctx->br->name);
	*port_no = port->port_no;
	return 0;
}

static int map_port_to_name(void *aux, uint32_t port_no, char *name,
			    size_t size)
{
	const struct xsw_port_map_ctx *ctx = aux;
	const struct xsw_port *port =
		port_no < XSW_MAX_PORTS ? ctx->sw->ports[port_no] : NULL;

	if (!port || port->bridge != ctx->br)
		return -ENOENT;
	xsw_strlcpy(name, port->name, size);
	return 0;
}

void xsw_bridge_port_map(struct xsw_port_map_ctx *ctx,
			 struct flow_port_map *map, const struct xsw_switch *sw,
			 const struct xsw_bridge *br)
{
	ctx->sw = sw;
	ctx->br = br;
	map->name_to_port = map_name_to_port;
	map->port_to_name = map_port_to_name;
	map->aux = ctx;
}

static void mark_port_nos(struct xsw_rule *rule, void *aux)
{
	const struct xsw_match *m = &rule->cr.match;
	const struct xsw_ofactions *acts = &rule->spec.actions;
	bool *named = aux;

	if (m->mask.in_port && m->key.in_port < XSW_MAX_PORTS)
		named[m->key.in_port] = true;
	for (unsigned int i = 0; i < acts->n_actions; i++)
		if (acts->actions[i].type == XSW_OFACT_OUTPUT &&
		    acts->actions[i].port_no < XSW_MAX_PORTS)
			named[acts->actions[i].port_no] = true;
}

void xsw_port_nos_in_rules(const struct xsw_switch *sw,
			   bool named[XSW_MAX_PORTS])
{
	struct xsw_bridge *br;

	memset(named, 0, XSW_MAX_PORTS * sizeof(named[0]));
	XSW_FOR_EACH_BRIDGE(br, sw)
	if (br->ft)
		xsw_ft_for_each(br->ft, mark_port_nos, named);
}
