// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The control methods xswd serves: params in, result out.  docs/protocol.md
 * specifies each one; the table at the bottom is the list.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xsw/drop.h>

#include "daemon/flow_syntax.h"
#include "daemon/flow_table.h"
#include "daemon/port_type.h"
#include "daemon/xswd.h"
#include "lib/rpc.h"
#include "lib/util.h"

struct method {
	const char *name;
	const char *const *params;   /* accepted params, NULL-terminated */
	unsigned int n_required;     /* the first n_required are required */
	int (*fn)(struct xswd *d, json_t *params, json_t **result,
		  struct xsw_err *err);
};

static const char *str_param(json_t *params, const char *key)
{
	json_t *v = json_object_get(params, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Checks params against the method's list: every required one present
 * and a string, nothing unknown. */
static int check_params(const struct method *m, json_t *params,
			struct xsw_err *err)
{
	const char *key;
	json_t *v;

	for (unsigned int i = 0; i < m->n_required; i++) {
		v = json_object_get(params, m->params[i]);
		if (!v)
			return xsw_err_set(err, EINVAL,
					   "%s: missing parameter \"%s\"",
					   m->name, m->params[i]);
	}
	json_object_foreach(params, key, v)
	{
		bool known = false;

		for (const char *const *p = m->params; *p; p++)
			known |= !strcmp(*p, key);
		if (!known)
			return xsw_err_set(err, EINVAL,
					   "%s: unknown parameter \"%s\"", m->name,
					   key);
		if (!json_is_string(v) && !json_is_integer(v) &&
		    !json_is_boolean(v))
			return xsw_err_set(err, EINVAL,
					   "%s: parameter \"%s\" must be a string, a number or a boolean",
					   m->name, key);
	}
	return 0;
}

static int require_str(json_t *params, const char *key, const char **out,
		       struct xsw_err *err)
{
	*out = str_param(params, key);
	if (!*out)
		return xsw_err_set(err, EINVAL, "parameter \"%s\" must be a string",
				   key);
	return 0;
}

/* An optional string: *out is NULL when absent.  Of another type it is
 * refused, never taken as absent (del-flows would delete everything). */
static int opt_str(json_t *params, const char *key, const char **out,
		   struct xsw_err *err)
{
	*out = NULL;
	return json_object_get(params, key) ? require_str(params, key, out, err) :
					      0;
}

/* An optional boolean, false when absent; of another type it is refused. */
static int opt_bool(json_t *params, const char *key, bool *out,
		    struct xsw_err *err)
{
	json_t *v = json_object_get(params, key);

	*out = json_is_true(v);
	if (v && !json_is_boolean(v))
		return xsw_err_set(err, EINVAL,
				   "parameter \"%s\" must be true or false", key);
	return 0;
}

static int m_add_br(struct xswd *d, json_t *params, json_t **result,
		    struct xsw_err *err)
{
	const char *name;

	if (require_str(params, "bridge", &name, err))
		return -EINVAL;
	return xswd_bridge_add(d, name, err);
}

static int m_del_br(struct xswd *d, json_t *params, json_t **result,
		    struct xsw_err *err)
{
	const char *name;

	if (require_str(params, "bridge", &name, err))
		return -EINVAL;
	return xswd_bridge_del(d, name, err);
}

static int m_list_br(struct xswd *d, json_t *params, json_t **result,
		     struct xsw_err *err)
{
	json_t *names = json_array();
	struct xsw_bridge *br;

	XSW_FOR_EACH_BRIDGE(br, &d->sw)
	json_array_append_new(names, json_string(br->name));
	*result = json_pack("{s:o}", "bridges", names);
	return 0;
}

static int m_add_port(struct xswd *d, json_t *params, json_t **result,
		      struct xsw_err *err)
{
	const char *bridge, *iface;
	uint32_t port_no = 0;
	int ret;

	if (require_str(params, "bridge", &bridge, err) ||
	    require_str(params, "iface", &iface, err))
		return -EINVAL;
	ret = xswd_port_add(d, bridge, iface, &port_no, err);
	if (!ret)
		*result = json_pack("{s:i}", "port_no", (int)port_no);
	return ret;
}

static int m_del_port(struct xswd *d, json_t *params, json_t **result,
		      struct xsw_err *err)
{
	const char *bridge, *iface;

	if (require_str(params, "bridge", &bridge, err) ||
	    require_str(params, "iface", &iface, err))
		return -EINVAL;
	return xswd_port_del(d, bridge, iface, err);
}

static int m_list_ports(struct xswd *d, json_t *params, json_t **result,
			struct xsw_err *err)
{
	struct xsw_bridge *br;
	struct xsw_port *port;
	const char *bridge;
	json_t *names;

	if (require_str(params, "bridge", &bridge, err))
		return -EINVAL;
	br = xswd_bridge_get(d, bridge, err);
	if (!br)
		return -ENOENT;
	names = json_array();
	XSW_FOR_EACH_BRIDGE_PORT(port, br, &d->sw)
	json_array_append_new(names, json_string(port->name));
	*result = json_pack("{s:s, s:o}", "bridge", bridge, "ports", names);
	return 0;
}

static json_t *port_json(struct xswd *d, const struct xsw_port *port)
{
	json_t *jp = json_pack("{s:s, s:i, s:s}", "name", port->name, "port_no",
			       (int)port->port_no, "status",
			       xsw_port_status_name(port->status));
	struct xsw_link_info li;
	bool have_li = port->status == XSW_PORT_UP &&
		       !xsw_nl_link_by_index(port->ifindex, &li);

	if (port->reason[0])
		json_object_set_new(jp, "reason", json_string(port->reason));
	if (have_li) {
		const struct xsw_port_type *type = xsw_port_type_for(li.kind);

		json_object_set_new(jp, "ifindex", json_integer(li.ifindex));
		json_object_set_new(jp, "type", json_string(type->name));
		json_object_set_new(jp, "mtu", json_integer(li.mtu));
		json_object_set_new(jp, "link_up",
				    json_boolean(li.flags & IFF_UP));
		if (type->describe)
			type->describe(port, &li, jp);
	}
	return jp;
}

static int m_show(struct xswd *d, json_t *params, json_t **result,
		  struct xsw_err *err)
{
	json_t *bridges = json_array(), *dp = json_object();
	struct xsw_dp_cache_info ci = { 0 };
	struct xsw_bridge *br;
	struct xsw_port *port;

	json_object_set_new(dp, "type", json_string(d->dp_class->name));
	if (d->dp_class->describe)
		d->dp_class->describe(d->dp, dp);
	d->dp_class->cache_info(d->dp, &ci);
	json_object_set_new(dp, "megaflows", json_integer(ci.megaflows));
	json_object_set_new(dp, "megaflows_max", json_integer(ci.megaflows_max));
	json_object_set_new(dp, "masks", json_integer(ci.masks));
	json_object_set_new(dp, "emc_entries_max",
			    json_integer(ci.emc_entries_max));
	json_object_set_new(dp, "upcalls", xsw_fc_counters_json(&d->fc));
	XSW_FOR_EACH_BRIDGE(br, &d->sw)
	{
		json_t *ports = json_array();

		XSW_FOR_EACH_BRIDGE_PORT(port, br, &d->sw)
		json_array_append_new(ports, port_json(d, port));
		json_array_append_new(
			bridges,
			json_pack("{s:s, s:i, s:i, s:o}", "name", br->name, "id",
				  (int)br->id, "mac_aging", (int)br->mac_aging_sec,
				  "ports", ports));
	}
	*result = json_pack("{s:o, s:o}", "datapath", dp, "bridges", bridges);
	return 0;
}

static json_t *stats_json(const struct xsw_port *port,
			  const struct xsw_port_stats *st)
{
	static const char *const drop_names[] = {
#define XSW_DROP_NAME_(e, name, desc) [XSW_DROP_##e] = name,
		XSW_DROP_REASONS(XSW_DROP_NAME_)
#undef XSW_DROP_NAME_
	};
	json_t *drops = json_object();
	uint64_t total = 0;

	for (int r = 1; r < XSW_DROP__COUNT; r++) {
		json_object_set_new(drops, drop_names[r],
				    json_integer((json_int_t)st->drops[r]));
		total += st->drops[r];
	}
	return json_pack("{s:s, s:s, s:i, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
			 "name", port->name, "bridge", port->bridge->name,
			 "port_no", (int)port->port_no, "status",
			 xsw_port_status_name(port->status), "rx_packets",
			 (json_int_t)st->rx_packets, "rx_bytes",
			 (json_int_t)st->rx_bytes, "tx_packets",
			 (json_int_t)st->tx_packets, "tx_bytes",
			 (json_int_t)st->tx_bytes, "flood_packets",
			 (json_int_t)st->flood_packets, "upcall_packets",
			 (json_int_t)st->upcall_packets, "rx_dropped",
			 (json_int_t)total, "drops", drops);
}

static int m_stats(struct xswd *d, json_t *params, json_t **result,
		   struct xsw_err *err)
{
	struct xsw_bridge *br = NULL;
	struct xsw_port *only = NULL, *port;
	const char *target;
	json_t *ports;

	if (opt_str(params, "target", &target, err))
		return -EINVAL;
	if (target) {
		br = xsw_bridge_find(&d->sw, target);
		if (!br)
			only = xsw_port_find(&d->sw, target);
		if (!br && !only)
			return xsw_err_set(err, ENOENT,
					   "%s is neither a bridge nor a port",
					   target);
	}
	ports = json_array();
	XSW_FOR_EACH_PORT(port, &d->sw)
	{
		struct xsw_port_stats st;

		if ((br && port->bridge != br) || (only && port != only))
			continue;
		if (d->dp_class->port_stats_get(d->dp, port->port_no, &st))
			memset(&st, 0, sizeof(st));
		json_array_append_new(ports, stats_json(port, &st));
	}
	*result = json_pack("{s:o}", "ports", ports);
	return 0;
}

struct fdb_collect {
	struct xswd *d;
	uint64_t now;
	uint64_t aging_ns;
	json_t *rows;
};

static int fdb_collect_cb(const struct xsw_fdb_row *row, void *arg)
{
	struct fdb_collect *c = arg;
	const struct xsw_port *port = row->entry.port_no < XSW_MAX_PORTS ?
					      c->d->sw.ports[row->entry.port_no] :
					      NULL;
	uint64_t age = c->now > row->entry.seen_ns ?
			       c->now - row->entry.seen_ns : 0;
	char mac[XSW_MAC_STR_SIZE];

	if (age > c->aging_ns)
		return 0; /* expired: the fast path no longer uses it */
	xsw_mac_format(row->key.mac, mac);
	json_array_append_new(
		c->rows,
		json_pack("{s:s, s:i, s:i, s:s, s:I}", "mac", mac, "vlan",
			  (int)row->key.vlan_id, "port_no",
			  (int)row->entry.port_no, "port",
			  port ? port->name : "?", "age",
			  (json_int_t)(age / XSW_NSEC_PER_SEC)));
	return 0;
}

static int fdb_row_cmp(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t d;

	d = json_integer_value(json_object_get(x, "port_no")) -
	    json_integer_value(json_object_get(y, "port_no"));
	if (!d)
		d = json_integer_value(json_object_get(x, "vlan")) -
		    json_integer_value(json_object_get(y, "vlan"));
	if (d)
		return d < 0 ? -1 : 1;
	return strcmp(json_string_value(json_object_get(x, "mac")),
		      json_string_value(json_object_get(y, "mac")));
}

static int m_fdb_show(struct xswd *d, json_t *params, json_t **result,
		      struct xsw_err *err)
{
	struct fdb_collect c = { .d = d, .now = xsw_mono_ns() };
	struct xsw_bridge *br;
	const char *bridge;
	json_t **rows, *sorted;
	size_t n;

	if (require_str(params, "bridge", &bridge, err))
		return -EINVAL;
	br = xswd_bridge_get(d, bridge, err);
	if (!br)
		return -ENOENT;
	c.aging_ns = (uint64_t)br->mac_aging_sec * XSW_NSEC_PER_SEC;
	c.rows = json_array();
	d->dp_class->fdb_dump(d->dp, br->id, fdb_collect_cb, &c);
	n = json_array_size(c.rows);
	rows = calloc(n ? n : 1, sizeof(*rows));
	if (!rows) {
		json_decref(c.rows);
		return xsw_err_set(err, ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		rows[i] = json_array_get(c.rows, i);
	qsort(rows, n, sizeof(*rows), fdb_row_cmp);
	sorted = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append(sorted, rows[i]);
	free(rows);
	json_decref(c.rows);
	*result = json_pack("{s:s, s:i, s:o}", "bridge", bridge, "mac_aging",
			    (int)br->mac_aging_sec, "entries", sorted);
	return 0;
}

/* An optional integer setting: -1 when absent. */
static int int_setting(json_t *params, const char *key, int64_t *out,
		       struct xsw_err *err)
{
	json_t *v = json_object_get(params, key);

	*out = -1;
	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return xsw_err_set(err, EINVAL, "%s must be a whole number", key);
	*out = json_integer_value(v);
	return 0;
}

static int m_set_bridge(struct xswd *d, json_t *params, json_t **result,
			struct xsw_err *err)
{
	struct xsw_bridge_settings set;
	const char *bridge;

	if (require_str(params, "bridge", &bridge, err))
		return -EINVAL;
	if (json_object_size(params) < 2)
		return xsw_err_set(err, EINVAL,
				   "set-bridge: nothing to set (settings: mac-aging, max-idle, upcall-rate, upcall-burst)");
	if (int_setting(params, "mac-aging", &set.mac_aging, err) ||
	    int_setting(params, "max-idle", &set.max_idle, err) ||
	    int_setting(params, "upcall-rate", &set.upcall_rate, err) ||
	    int_setting(params, "upcall-burst", &set.upcall_burst, err))
		return -EINVAL;
	return xswd_bridge_set(d, bridge, &set, err);
}

static int m_add_flow(struct xswd *d, json_t *params, json_t **result,
		      struct xsw_err *err)
{
	const char *bridge, *flow;

	if (require_str(params, "bridge", &bridge, err) ||
	    require_str(params, "flow", &flow, err))
		return -EINVAL;
	return xswd_flow_add(d, bridge, flow, err);
}

static int m_mod_flows(struct xswd *d, json_t *params, json_t **result,
		       struct xsw_err *err)
{
	const char *bridge, *flow;
	unsigned int n = 0;
	bool strict;
	int ret;

	if (require_str(params, "bridge", &bridge, err) ||
	    require_str(params, "flow", &flow, err) ||
	    opt_bool(params, "strict", &strict, err))
		return -EINVAL;
	ret = xswd_flow_mod(d, bridge, flow, strict, &n, err);
	if (!ret)
		*result = json_pack("{s:i}", "modified", (int)n);
	return ret;
}

static int m_del_flows(struct xswd *d, json_t *params, json_t **result,
		       struct xsw_err *err)
{
	const char *bridge, *match;
	unsigned int n = 0;
	bool strict;
	int ret;

	if (require_str(params, "bridge", &bridge, err) ||
	    opt_str(params, "match", &match, err) ||
	    opt_bool(params, "strict", &strict, err))
		return -EINVAL;
	ret = xswd_flow_del(d, bridge, match, strict, &n, err);
	if (!ret)
		*result = json_pack("{s:i}", "deleted", (int)n);
	return ret;
}

static int m_dump_flows(struct xswd *d, json_t *params, json_t **result,
			struct xsw_err *err)
{
	struct flow_syntax_opts fo = { .mode = FLOW_MODE_FILTER };
	const char *bridge, *match;
	struct xsw_port_map_ctx pctx;
	struct xsw_flow_spec filter;
	struct flow_port_map map;
	struct xsw_bridge *br;
	struct xsw_rule **rules;
	uint64_t now = xsw_mono_ns();
	json_t *flows;
	int ret;

	if (require_str(params, "bridge", &bridge, err) ||
	    opt_str(params, "match", &match, err) ||
	    opt_bool(params, "strict", &fo.strict, err))
		return -EINVAL;
	fo.ports = &map;
	br = xswd_bridge_get(d, bridge, err);
	if (!br)
		return -ENOENT;
	xsw_bridge_port_map(&pctx, &map, &d->sw, br);
	if (match && *match) {
		ret = flow_parse(match, &fo, &filter, err);
		if (ret)
			return ret;
	}
	xsw_fc_sync_stats(&d->fc);
	rules = xsw_ft_list(br->ft, match && *match ? &filter : NULL,
			    fo.strict);
	if (!rules)
		return xsw_err_set(err, ENOMEM, "out of memory");
	fo.mode = FLOW_MODE_ADD;
	flows = json_array();
	for (size_t i = 0; rules[i]; i++)
		json_array_append_new(flows, xsw_rule_to_json(rules[i], &fo, now));
	free(rules);
	*result = json_pack("{s:s, s:o}", "bridge", bridge, "flows", flows);
	return 0;
}

static int m_dump_cache(struct xswd *d, json_t *params, json_t **result,
			struct xsw_err *err)
{
	struct xsw_dp_cache_info info = { 0 };
	struct xsw_bridge *br;
	const char *bridge;

	if (require_str(params, "bridge", &bridge, err))
		return -EINVAL;
	br = xswd_bridge_get(d, bridge, err);
	if (!br)
		return -ENOENT;
	d->dp_class->cache_info(d->dp, &info);
	*result = json_pack(
		"{s:s, s:b, s:i, s:{s:i, s:i, s:i, s:i}, s:o, s:o}", "bridge",
		bridge, "flow_pipeline", xsw_ft_count(br->ft) > 0, "depth",
		(int)br->depth, "datapath", "megaflows", (int)info.megaflows,
		"megaflows_max", (int)info.megaflows_max, "emc_entries_max",
		(int)info.emc_entries_max, "masks", (int)info.masks, "counters",
		xsw_fc_counters_json(&d->fc), "flows",
		xsw_fc_dump_bridge(&d->fc, br));
	return 0;
}

#define PARAMS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const struct method methods[] = {
	{ "add-br", PARAMS("bridge"), 1, m_add_br },
	{ "del-br", PARAMS("bridge"), 1, m_del_br },
	{ "list-br", PARAMS(NULL), 0, m_list_br },
	{ "add-port", PARAMS("bridge", "iface"), 2, m_add_port },
	{ "del-port", PARAMS("bridge", "iface"), 2, m_del_port },
	{ "list-ports", PARAMS("bridge"), 1, m_list_ports },
	{ "show", PARAMS(NULL), 0, m_show },
	{ "stats", PARAMS("target"), 0, m_stats },
	{ "fdb-show", PARAMS("bridge"), 1, m_fdb_show },
	{ "set-bridge",
	  PARAMS("bridge", "mac-aging", "max-idle", "upcall-rate", "upcall-burst"),
	  1, m_set_bridge },
	{ "add-flow", PARAMS("bridge", "flow"), 2, m_add_flow },
	{ "mod-flows", PARAMS("bridge", "flow", "strict"), 2, m_mod_flows },
	{ "del-flows", PARAMS("bridge", "match", "strict"), 1, m_del_flows },
	{ "dump-flows", PARAMS("bridge", "match", "strict"), 1, m_dump_flows },
	{ "dump-cache", PARAMS("bridge"), 1, m_dump_cache },
	{ "trace", PARAMS("bridge", "flow"), 2, xswd_trace },
};

int xswd_handle_request(struct xswd *d, const char *method, json_t *params,
			json_t **result, struct xsw_err *err)
{
	*result = NULL;
	for (size_t i = 0; i < XSW_ARRAY_SIZE(methods); i++) {
		const struct method *m = &methods[i];
		int ret;

		if (strcmp(m->name, method))
			continue;
		if (check_params(m, params, err))
			return XSW_RPC_INVALID_PARAMS;
		ret = m->fn(d, params, result, err);
		if (!ret && !*result)
			*result = json_object();
		if (!ret && !*result)
			return xsw_err_set(err, ENOMEM, "out of memory");
		return ret;
	}
	xsw_err_set(err, EINVAL, "unknown method \"%s\"", method);
	return XSW_RPC_METHOD_NOT_FOUND;
}
