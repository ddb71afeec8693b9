// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Human output of xsw commands (--json prints the result as it is). */
#include <inttypes.h>
#include <string.h>

#include <xsw/drop.h>

#include "cli/commands.h"

static const char *jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static json_int_t jint(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* list-br, list-ports: the one array in the result, a line each. */
void xsw_print_lines(json_t *result, FILE *out)
{
	const char *key;
	json_t *v, *item;
	size_t i;

	json_object_foreach(result, key, v)
	{
		if (!json_is_array(v))
			continue;
		json_array_foreach(v, i, item)
		fprintf(out, "%s\n", json_string_value(item));
	}
}

void xsw_print_show(json_t *result, FILE *out)
{
	json_t *dp = json_object_get(result, "datapath");
	json_t *br, *port;
	size_t i, j;

	fprintf(out, "datapath %s", jstr(dp, "type"));
	if (json_object_get(dp, "pin_dir"))
		fprintf(out, " (pinned in %s, program id %" JSON_INTEGER_FORMAT ")",
			jstr(dp, "pin_dir"), jint(dp, "prog_id"));
	fprintf(out, ", %" JSON_INTEGER_FORMAT "/%" JSON_INTEGER_FORMAT
		     " cached flows, %" JSON_INTEGER_FORMAT " masks\n",
		jint(dp, "megaflows"), jint(dp, "megaflows_max"),
		jint(dp, "masks"));
	json_array_foreach(json_object_get(result, "bridges"), i, br)
	{
		fprintf(out, "    bridge %s (id %" JSON_INTEGER_FORMAT
			     ", mac-aging %" JSON_INTEGER_FORMAT "s)\n",
			jstr(br, "name"), jint(br, "id"), jint(br, "mac_aging"));
		json_array_foreach(json_object_get(br, "ports"), j, port)
		{
			fprintf(out, "        port %" JSON_INTEGER_FORMAT ": %s  %s",
				jint(port, "port_no"), jstr(port, "name"),
				jstr(port, "status"));
			if (json_object_get(port, "ifindex")) {
				fprintf(out, ", %s, ifindex %" JSON_INTEGER_FORMAT
					     ", mtu %" JSON_INTEGER_FORMAT "%s",
					jstr(port, "type"), jint(port, "ifindex"),
					jint(port, "mtu"),
					json_is_true(json_object_get(port, "link_up")) ?
						"" :
						", link down");
				if (json_is_true(json_object_get(port, "peer_setup")))
					fprintf(out, ", peer set up");
			}
			if (json_object_get(port, "reason"))
				fprintf(out, " (%s)", jstr(port, "reason"));
			fputc('\n', out);
		}
	}
}

void xsw_print_stats(json_t *result, FILE *out)
{
	json_t *port, *drops;
	size_t i;

	fprintf(out, "%-12s %-16s %12s %14s %12s %14s %10s %10s\n", "BRIDGE",
		"PORT", "RX_PACKETS", "RX_BYTES", "TX_PACKETS", "TX_BYTES",
		"FLOODED", "DROPPED");
	json_array_foreach(json_object_get(result, "ports"), i, port)
	{
		fprintf(out,
			"%-12s %-16s %12" JSON_INTEGER_FORMAT " %14" JSON_INTEGER_FORMAT
			" %12" JSON_INTEGER_FORMAT " %14" JSON_INTEGER_FORMAT
			" %10" JSON_INTEGER_FORMAT " %10" JSON_INTEGER_FORMAT "\n",
			jstr(port, "bridge"), jstr(port, "name"),
			jint(port, "rx_packets"), jint(port, "rx_bytes"),
			jint(port, "tx_packets"), jint(port, "tx_bytes"),
			jint(port, "flood_packets"), jint(port, "rx_dropped"));
	}
	/* Then the reasons behind any drops, port by port. */
	json_array_foreach(json_object_get(result, "ports"), i, port)
	{
		const char *reason;
		json_t *n;
		int first = 1;

		if (!jint(port, "rx_dropped"))
			continue;
		drops = json_object_get(port, "drops");
		fprintf(out, "%s drops:", jstr(port, "name"));
		json_object_foreach(drops, reason, n)
		{
			if (!json_integer_value(n))
				continue;
			fprintf(out, "%s %s=%" JSON_INTEGER_FORMAT, first ? "" : ",",
				reason, json_integer_value(n));
			first = 0;
		}
		fputc('\n', out);
	}
}

void xsw_print_fdb(json_t *result, FILE *out)
{
	json_t *e;
	size_t i;

	fprintf(out, " port  %-16s VLAN  MAC                  Age\n", "NAME");
	json_array_foreach(json_object_get(result, "entries"), i, e)
	{
		fprintf(out, "%5" JSON_INTEGER_FORMAT "  %-16s %4" JSON_INTEGER_FORMAT
			     "  %s  %5" JSON_INTEGER_FORMAT "\n",
			jint(e, "port_no"), jstr(e, "port"), jint(e, "vlan"),
			jstr(e, "mac"), jint(e, "age"));
	}
}

/* dump-flows, in ovs-ofctl's layout. */
void xsw_print_flows(json_t *result, FILE *out)
{
	json_t *f;
	size_t i;

	json_array_foreach(json_object_get(result, "flows"), i, f)
	{
		fprintf(out,
			" cookie=%s, duration=%" JSON_INTEGER_FORMAT "s, n_packets=%" JSON_INTEGER_FORMAT
			", n_bytes=%" JSON_INTEGER_FORMAT ", idle_age=%" JSON_INTEGER_FORMAT,
			jstr(f, "cookie"), jint(f, "duration"), jint(f, "n_packets"),
			jint(f, "n_bytes"), jint(f, "idle_age"));
		if (jint(f, "idle_timeout"))
			fprintf(out, ", idle_timeout=%" JSON_INTEGER_FORMAT,
				jint(f, "idle_timeout"));
		if (jint(f, "hard_timeout"))
			fprintf(out, ", hard_timeout=%" JSON_INTEGER_FORMAT,
				jint(f, "hard_timeout"));
		fprintf(out, ", priority=%" JSON_INTEGER_FORMAT ",%s actions=%s\n",
			jint(f, "priority"), jstr(f, "match"), jstr(f, "actions"));
	}
}

void xsw_print_cache(json_t *result, FILE *out)
{
	json_t *dp = json_object_get(result, "datapath"), *f;
	size_t i;

	fprintf(out,
		"bridge %s: flow pipeline %s, parsing to L%" JSON_INTEGER_FORMAT
		"; datapath: %" JSON_INTEGER_FORMAT " of %" JSON_INTEGER_FORMAT
		" cached flows, %" JSON_INTEGER_FORMAT " masks\n",
		jstr(result, "bridge"),
		json_is_true(json_object_get(result, "flow_pipeline")) ?
			"on" :
			"off (no rules: plain learning bridge)",
		jint(result, "depth"), jint(dp, "megaflows"),
		jint(dp, "megaflows_max"), jint(dp, "masks"));
	json_array_foreach(json_object_get(result, "flows"), i, f)
	{
		fprintf(out,
			"%s, packets:%" JSON_INTEGER_FORMAT ", bytes:%" JSON_INTEGER_FORMAT
			", used:%" JSON_INTEGER_FORMAT "s ago, actions:%s\n    rule: %s\n",
			jstr(f, "match"), jint(f, "n_packets"), jint(f, "n_bytes"),
			jint(f, "idle_age"), jstr(f, "actions"), jstr(f, "rule"));
	}
}

void xsw_print_trace(json_t *result, FILE *out)
{
	json_t *cached = json_object_get(result, "cached"), *seg;
	size_t i;

	fprintf(out, "Packet:    %s\n", jstr(result, "packet"));
	if (!json_is_true(json_object_get(result, "flow_pipeline")))
		fprintf(out, "Bridge:    no rules: the plain learning bridge\n");
	fprintf(out, "Rule:      %s\n", jstr(result, "rule"));
	fprintf(out, "Datapath:  %s\n", jstr(result, "datapath_actions"));
	json_array_foreach(json_object_get(result, "segments"), i, seg)
	fprintf(out, "  segment: %s\n", json_string_value(seg));
	fprintf(out, "Megaflow:  %s\n", jstr(result, "megaflow"));
	if (json_is_object(cached))
		fprintf(out, "Cached:    yes, as %s (%" JSON_INTEGER_FORMAT " packets)\n",
			jstr(cached, "match"), jint(cached, "n_packets"));
	else
		fprintf(out, "Cached:    no (the next such packet goes to xswd first)\n");
	fprintf(out, "Verdict:   %s\n", jstr(result, "verdict"));
}
