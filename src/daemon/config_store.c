// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "daemon/config_store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xsw/cache.h>

#include "daemon/flow_table.h"
#include "lib/util.h"

json_t *xsw_config_to_json(const struct xsw_switch *sw)
{
	json_t *root, *bridges;
	struct xsw_bridge *br;
	struct xsw_port *port;

	bridges = json_array();
	root = json_pack("{s:s, s:i, s:o}", "format", "xsw-config", "version",
			 XSW_CONFIG_VERSION, "bridges", bridges);
	if (!root)
		return NULL;
	XSW_FOR_EACH_BRIDGE(br, sw)
	{
		json_t *ports;
		json_t *jbr;

		if (br->deleting)
			continue;
		ports = json_array();
		jbr = json_pack("{s:s, s:i, s:i, s:o}", "name", br->name, "id",
				(int)br->id, "mac_aging", (int)br->mac_aging_sec,
				"ports", ports);
		if (!jbr || json_array_append_new(bridges, jbr))
			goto nomem;
		{
			struct xsw_port_map_ctx pctx;
			struct flow_port_map map;
			struct flow_syntax_opts fo = { .mode = FLOW_MODE_ADD,
						       .ports = &map };
			json_t *flows;

			xsw_bridge_port_map(&pctx, &map, sw, br);
			flows = xsw_ft_to_json(br->ft, &fo);
			if (!flows ||
			    json_object_set_new(jbr, "flows", flows) ||
			    json_object_set_new(jbr, "max_idle",
						json_integer(br->max_idle_sec)) ||
			    json_object_set_new(jbr, "upcall_rate",
						json_integer(br->upcall_rate)) ||
			    json_object_set_new(jbr, "upcall_burst",
						json_integer(br->upcall_burst)))
				goto nomem;
		}
		XSW_FOR_EACH_BRIDGE_PORT(port, br, sw)
		{
			json_t *jp;

			if (port->deleting)
				continue;
			jp = json_pack("{s:s, s:i}", "name", port->name, "port_no",
				       (int)port->port_no);
			if (!jp || json_array_append_new(ports, jp))
				goto nomem;
			if (port->peer.saved &&
			    json_object_set_new(
				    jp, "peer",
				    json_pack("{s:b, s:b}", "gro_was_on",
					      port->peer.gro_was_on,
					      "tx_csum_was_on",
					      port->peer.tx_csum_was_on)))
				goto nomem;
		}
	}
	return root;
nomem:
	json_decref(root);
	return NULL;
}

/* Reads an integer member in [min, max]; 0 or -EINVAL with @err set. */
static int get_uint(json_t *obj, const char *key, const char *where,
		    uint64_t min, uint64_t max, uint64_t *out,
		    struct xsw_err *err)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (uint64_t)json_integer_value(v) < min ||
	    (uint64_t)json_integer_value(v) > max)
		return xsw_err_set(err, EINVAL,
				   "%s: \"%s\" must be an integer from %llu to %llu",
				   where, key, (unsigned long long)min,
				   (unsigned long long)max);
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

static const char *get_str(json_t *obj, const char *key, const char *where,
			   struct xsw_err *err)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v)) {
		xsw_err_set(err, EINVAL, "%s: \"%s\" must be a string", where,
			    key);
		return NULL;
	}
	return json_string_value(v);
}

static int load_port(struct xsw_switch *sw, struct xsw_bridge *br, json_t *jp,
		     struct xsw_err *err)
{
	char where[96];
	struct xsw_port *port;
	const char *name;
	uint64_t port_no;
	json_t *peer;

	snprintf(where, sizeof(where), "bridge %s, a port", br->name);
	if (!json_is_object(jp))
		return xsw_err_set(err, EINVAL, "%s is not an object", where);
	name = get_str(jp, "name", where, err);
	if (!name)
		return -EINVAL;
	snprintf(where, sizeof(where), "bridge %s, port %.16s", br->name, name);
	if (get_uint(jp, "port_no", where, 1, XSW_MAX_PORTS - 1, &port_no, err))
		return -EINVAL;
	port = xsw_port_add(sw, br, name, (uint32_t)port_no, err);
	if (!port) {
		xsw_err_prefix(err, "%s", where);
		return -EINVAL;
	}
	peer = json_object_get(jp, "peer");
	if (peer) {
		json_t *gro = json_object_get(peer, "gro_was_on");
		json_t *csum = json_object_get(peer, "tx_csum_was_on");

		if (!json_is_boolean(gro) || !json_is_boolean(csum))
			return xsw_err_set(err, EINVAL,
					   "%s: \"peer\" needs boolean gro_was_on and tx_csum_was_on",
					   where);
		port->peer.saved = true;
		port->peer.gro_was_on = json_is_true(gro);
		port->peer.tx_csum_was_on = json_is_true(csum);
	}
	return 0;
}

/* An optional integer setting: absent keeps the default. */
static int get_opt_uint(json_t *obj, const char *key, const char *where,
			uint64_t min, uint64_t max, uint32_t *out,
			struct xsw_err *err)
{
	uint64_t v;

	if (!json_object_get(obj, key))
		return 0;
	if (get_uint(obj, key, where, min, max, &v, err))
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

/* The flow pipeline's part of a bridge: rules (after the ports, which
 * they name) and settings. */
static int load_flow_settings(struct xsw_switch *sw, struct xsw_bridge *br,
			      json_t *jbr, const char *where,
			      struct xsw_err *err)
{
	struct xsw_port_map_ctx pctx;
	struct flow_port_map map;
	struct flow_syntax_opts fo = { .mode = FLOW_MODE_ADD, .ports = &map };
	json_t *flows = json_object_get(jbr, "flows");

	if (get_opt_uint(jbr, "max_idle", where, 1, XSW_MAX_IDLE_SEC_LIMIT,
			 &br->max_idle_sec, err) ||
	    get_opt_uint(jbr, "upcall_rate", where, 1, XSW_MAX_UPCALL_RATE,
			 &br->upcall_rate, err) ||
	    get_opt_uint(jbr, "upcall_burst", where, 1, XSW_MAX_UPCALL_BURST,
			 &br->upcall_burst, err))
		return -EINVAL;
	if (!flows)
		return 0;
	if (!json_is_array(flows))
		return xsw_err_set(err, EINVAL, "%s: \"flows\" must be an array",
				   where);
	xsw_bridge_port_map(&pctx, &map, sw, br);
	if (xsw_ft_from_json(br->ft, flows, &fo, xsw_mono_ns(), err)) {
		xsw_err_prefix(err, "%s", where);
		return -EINVAL;
	}
	return 0;
}

static int load_bridge(struct xsw_switch *sw, json_t *jbr, struct xsw_err *err)
{
	char where[64];
	struct xsw_bridge *br;
	uint64_t id, aging;
	const char *name;
	json_t *ports, *jp;
	size_t i;

	if (!json_is_object(jbr))
		return xsw_err_set(err, EINVAL, "a bridge is not an object");
	name = get_str(jbr, "name", "a bridge", err);
	if (!name)
		return -EINVAL;
	snprintf(where, sizeof(where), "bridge %.32s", name);
	if (get_uint(jbr, "id", where, 1, XSW_MAX_BRIDGES - 1, &id, err) ||
	    get_uint(jbr, "mac_aging", where, 1, XSW_MAX_MAC_AGING_SEC, &aging,
		     err))
		return -EINVAL;
	br = xsw_bridge_add(sw, name, (uint32_t)id, err);
	if (!br)
		return -EINVAL;
	br->mac_aging_sec = (uint32_t)aging;
	ports = json_object_get(jbr, "ports");
	if (ports && !json_is_array(ports))
		return xsw_err_set(err, EINVAL, "%s: \"ports\" must be an array",
				   where);
	json_array_foreach(ports, i, jp)
	{
		if (load_port(sw, br, jp, err))
			return -EINVAL;
	}
	return load_flow_settings(sw, br, jbr, where, err);
}

int xsw_config_from_json(struct xsw_switch *sw, json_t *root,
			 struct xsw_err *err)
{
	json_t *v, *bridges, *jbr;
	size_t i;

	if (!json_is_object(root))
		return xsw_err_set(err, EINVAL, "the top level is not an object");
	v = json_object_get(root, "format");
	if (!json_is_string(v) || strcmp(json_string_value(v), "xsw-config"))
		return xsw_err_set(err, EINVAL,
				   "not an xsw config (\"format\" is not \"xsw-config\")");
	v = json_object_get(root, "version");
	if (!json_is_integer(v) || json_integer_value(v) != XSW_CONFIG_VERSION)
		return xsw_err_set(err, EINVAL,
				   "config version is not %d (written by another xsw version?)",
				   XSW_CONFIG_VERSION);
	bridges = json_object_get(root, "bridges");
	if (!json_is_array(bridges))
		return xsw_err_set(err, EINVAL, "\"bridges\" must be an array");
	json_array_foreach(bridges, i, jbr)
	{
		if (load_bridge(sw, jbr, err)) {
			xsw_switch_free(sw);
			return -EINVAL;
		}
	}
	return 0;
}

int xsw_config_load(struct xsw_switch *sw, const char *path,
		    struct xsw_err *err)
{
	json_error_t jerr;
	json_t *root;
	FILE *f;
	int ret;

	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		return xsw_err_set(err, errno, "cannot read config %s: %s", path,
				   strerror(errno));
	}
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
	fclose(f);
	if (!root)
		return xsw_err_set(err, EINVAL, "config %s, line %d: %s", path,
				   jerr.line, jerr.text);
	ret = xsw_config_from_json(sw, root, err);
	json_decref(root);
	if (ret)
		xsw_err_prefix(err, "config %s", path);
	return ret;
}

int xsw_config_save(const struct xsw_switch *sw, const char *path,
		    struct xsw_err *err)
{
	json_t *root = xsw_config_to_json(sw);
	char *text;
	int ret;

	if (!root)
		return xsw_err_set(err, ENOMEM, "out of memory");
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text)
		return xsw_err_set(err, ENOMEM, "out of memory");
	ret = xsw_write_file_atomic(path, text, strlen(text), 0600);
	free(text);
	if (ret)
		return xsw_err_set(err, ret, "cannot write config %s: %s", path,
				   strerror(-ret));
	return 0;
}
