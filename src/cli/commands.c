// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "cli/commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xsw/abi.h>

#include "lib/rpc.h"
#include "lib/util.h"

static const struct {
	const char *key;
	uint64_t min, max;
	const char *help;
} bridge_settings[] = {
	{ "mac-aging", 1, XSW_MAX_MAC_AGING_SEC, "seconds" },
	{ "max-idle", 1, XSW_MAX_IDLE_SEC_LIMIT, "seconds" },
	{ "upcall-rate", 1, XSW_MAX_UPCALL_RATE, "upcalls per second per port" },
	{ "upcall-burst", 1, XSW_MAX_UPCALL_BURST, "upcalls" },
};

static int build_set_bridge(int argc, char **argv, json_t *params,
			    struct xsw_err *err)
{
	if (argc < 2)
		return xsw_err_set(err, EINVAL,
				   "set-bridge needs a bridge and at least one KEY=VALUE setting (xsw set-bridge --help)");
	json_object_set_new(params, "bridge", json_string(argv[0]));
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t k, klen;
		uint64_t v;

		if (!eq)
			return xsw_err_set(err, EINVAL,
					   "\"%s\" is not a setting; write KEY=VALUE, e.g. mac-aging=300",
					   argv[i]);
		klen = (size_t)(eq - argv[i]);
		for (k = 0; k < XSW_ARRAY_SIZE(bridge_settings); k++)
			if (strlen(bridge_settings[k].key) == klen &&
			    !strncmp(argv[i], bridge_settings[k].key, klen))
				break;
		if (k == XSW_ARRAY_SIZE(bridge_settings))
			return xsw_err_set(err, EINVAL,
					   "unknown bridge setting \"%.*s\" (known: mac-aging, max-idle, upcall-rate, upcall-burst)",
					   (int)klen, argv[i]);
		if (xsw_parse_u64(eq + 1, bridge_settings[k].min,
				  bridge_settings[k].max, &v))
			return xsw_err_set(err, EINVAL,
					   "%s: give a whole number of %s from %llu to %llu",
					   argv[i], bridge_settings[k].help,
					   (unsigned long long)bridge_settings[k].min,
					   (unsigned long long)bridge_settings[k].max);
		json_object_set_new(params, bridge_settings[k].key,
				    json_integer((json_int_t)v));
	}
	return 0;
}

#define PARAMS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const struct xsw_cli_cmd commands[] = {
	{ "add-br", "BR", "create bridge BR", NULL, PARAMS("bridge"), 1,
	  false, false, NULL, NULL },
	{ "del-br", "BR",
	  "delete bridge BR and all its ports (their veth peers are restored)",
	  NULL, PARAMS("bridge"), 1, false, false, NULL, NULL },
	{ "list-br", "", "list the bridges, one per line", NULL, PARAMS(NULL),
	  0, true, false, NULL, xsw_print_lines },
	{ "add-port", "BR IFACE", "attach interface IFACE to bridge BR",
	  "IFACE must exist and take native XDP (veth, tun/tap, most NICs).\n"
	  "For a veth, the peer end (usually in a container) is set up to receive\n"
	  "from XDP: GRO on, tx checksum offload off. del-port undoes that.",
	  PARAMS("bridge", "iface"), 2, false, false, NULL, NULL },
	{ "del-port", "BR IFACE", "detach interface IFACE from bridge BR", NULL,
	  PARAMS("bridge", "iface"), 2, false, false, NULL, NULL },
	{ "list-ports", "BR", "list the ports of bridge BR, one per line",
	  NULL, PARAMS("bridge"), 1, true, false, NULL, xsw_print_lines },
	{ "show", "", "show bridges, ports and their state", NULL,
	  PARAMS(NULL), 0, true, false, NULL, xsw_print_show },
	{ "stats", "[BR|IFACE]",
	  "per-port counters (all ports, a bridge's, or one port's)",
	  "rx/tx packets and bytes, flooded frames, and drops by reason.",
	  PARAMS("target"), 0, true, false, NULL, xsw_print_stats },
	{ "fdb-show", "BR", "list the MAC addresses bridge BR has learned",
	  NULL, PARAMS("bridge"), 1, true, false, NULL, xsw_print_fdb },
	{ "set-bridge", "BR KEY=VALUE...", "change settings of bridge BR",
	  "Settings:\n"
	  "  mac-aging=SECONDS   forget a MAC not seen for this long (default 300)\n"
	  "  max-idle=SECONDS    drop a cached flow unused this long (default 10)\n"
	  "  upcall-rate=N       new flows each port may send to xswd per second\n"
	  "                      (default 20000); the excess is dropped and counted\n"
	  "  upcall-burst=N      how many of them may come at once (default 2000)",
	  PARAMS("bridge"), 1, false, false, build_set_bridge, NULL },
	{ "add-flow", "BR FLOW", "add a rule to bridge BR (ovs-ofctl syntax)",
	  "FLOW is a match and actions, e.g.\n"
	  "  \"priority=100,tcp,in_port=web,nw_dst=10.0.0.0/24,tp_dst=80,actions=output:db\"\n"
	  "A rule with the same match and priority is replaced. With no rule a\n"
	  "bridge is a learning switch (an implicit lowest rule actions=NORMAL).",
	  PARAMS("bridge", "flow"), 2, false, false, NULL, NULL },
	{ "del-flows", "BR [MATCH] [--strict]",
	  "delete the rules matching MATCH (all rules without one)",
	  "Without --strict, every rule at least as specific as MATCH goes; with\n"
	  "--strict only the rule with exactly MATCH and its priority.",
	  PARAMS("bridge", "match"), 1, false, true, NULL, NULL },
	{ "mod-flows", "BR FLOW [--strict]",
	  "give the rules matching FLOW's match FLOW's actions",
	  NULL, PARAMS("bridge", "flow"), 2, false, true, NULL, NULL },
	{ "dump-flows", "BR [MATCH] [--strict]",
	  "list the rules of bridge BR with their counters", NULL,
	  PARAMS("bridge", "match"), 1, true, true, NULL, xsw_print_flows },
	{ "dump-cache", "BR",
	  "list the flows cached in the fast path for bridge BR", NULL,
	  PARAMS("bridge"), 1, true, false, NULL, xsw_print_cache },
	{ "trace", "BR FLOW",
	  "show what bridge BR does with the packet FLOW describes, and why",
	  "FLOW describes a packet in flow syntax, e.g.\n"
	  "  \"in_port=web,tcp,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_dst=80\"\n"
	  "(fields not given are 0). Shows the rule it hits, the datapath actions,\n"
	  "the cache entry an upcall would install and whether one is cached.",
	  PARAMS("bridge", "flow"), 2, true, false, NULL, xsw_print_trace },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct xsw_cli_cmd *xsw_cli_find(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static unsigned int n_params(const struct xsw_cli_cmd *cmd)
{
	unsigned int n = 0;

	while (cmd->params[n])
		n++;
	return n;
}

void xsw_cli_help(FILE *out)
{
	fprintf(out, "Usage: xsw [--socket PATH] COMMAND [ARGS] [--json]\n"
		     "Controls xswd, the xsw XDP switch daemon.\n\nCommands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++) {
		char head[64];

		snprintf(head, sizeof(head), "%s %s", commands[i].name,
			 commands[i].args);
		fprintf(out, "  %-32s %s\n", head, commands[i].summary);
	}
	fprintf(out, "\nOptions:\n"
		     "  --socket PATH   xswd's control socket (else $XSW_SOCKET, else %s)\n"
		     "  --json          machine-readable output (list-*, show, stats, fdb-show,\n"
		     "                  dump-flows, dump-cache, trace)\n"
		     "  -h, --help      this text; `xsw COMMAND --help` for one command\n",
		XSW_DEFAULT_SOCKET);
}

void xsw_cli_cmd_help(const struct xsw_cli_cmd *cmd, FILE *out)
{
	fprintf(out, "Usage: xsw %s %s%s\n%s.\n", cmd->name, cmd->args,
		cmd->has_json ? " [--json]" : "", cmd->summary);
	if (cmd->details)
		fprintf(out, "\n%s\n", cmd->details);
}

/* Edit distance, for "did you mean". */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[64], cur[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) :
					     (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof(size_t));
	}
	return prev[lb];
}

static int unknown_command(const char *name, struct xsw_err *err)
{
	const char *best = NULL;
	size_t best_d = 3;

	for (size_t i = 0; i < N_COMMANDS; i++) {
		size_t d = distance(name, commands[i].name);

		if (d < best_d) {
			best_d = d;
			best = commands[i].name;
		}
	}
	if (best)
		return xsw_err_set(err, EINVAL,
				   "unknown command \"%s\"; did you mean \"%s\"? (xsw --help lists commands)",
				   name, best);
	return xsw_err_set(err, EINVAL,
			   "unknown command \"%s\" (xsw --help lists commands)",
			   name);
}

int xsw_cli_parse(int argc, char **argv, struct xsw_cli_call *call,
		  struct xsw_err *err)
{
	char *args[argc > 0 ? argc : 1];
	int n_args = 0, i = 1;
	bool strict = false;

	memset(call, 0, sizeof(*call));
	/* Global options come before the command. */
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--socket")) {
			if (++i == argc)
				return xsw_err_set(err, EINVAL, "--socket needs a path");
			call->socket = argv[i];
		} else if (!strncmp(argv[i], "--socket=", 9)) {
			call->socket = argv[i] + 9;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			call->help = true;
			return 0;
		} else if (!strcmp(argv[i], "--json")) {
			call->json = true;
		} else {
			return xsw_err_set(err, EINVAL,
					   "unknown option \"%s\" (xsw --help)",
					   argv[i]);
		}
	}
	if (i == argc)
		return xsw_err_set(err, EINVAL,
				   "no command given (xsw --help lists commands)");
	call->cmd = xsw_cli_find(argv[i]);
	if (!call->cmd)
		return unknown_command(argv[i], err);
	for (i++; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			call->help = true;
			return 0;
		} else if (!strcmp(argv[i], "--json")) {
			call->json = true;
		} else if (!strcmp(argv[i], "--strict") && call->cmd->has_strict) {
			strict = true;
		} else if (!strcmp(argv[i], "--")) {
			while (++i < argc)
				args[n_args++] = argv[i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return xsw_err_set(err, EINVAL,
					   "%s: unknown option \"%s\" (xsw %s --help)",
					   call->cmd->name, argv[i],
					   call->cmd->name);
		} else {
			args[n_args++] = argv[i];
		}
	}
	if (call->json && !call->cmd->has_json)
		return xsw_err_set(err, EINVAL, "%s does not take --json",
				   call->cmd->name);
	call->params = json_object();
	if (!call->params)
		return xsw_err_set(err, ENOMEM, "out of memory");
	if (call->cmd->build)
		return call->cmd->build(n_args, args, call->params, err);
	if ((unsigned int)n_args < call->cmd->n_required ||
	    (unsigned int)n_args > n_params(call->cmd))
		return xsw_err_set(err, EINVAL, "usage: xsw %s %s",
				   call->cmd->name, call->cmd->args);
	for (int a = 0; a < n_args; a++)
		json_object_set_new(call->params, call->cmd->params[a],
				    json_string(args[a]));
	if (strict)
		json_object_set_new(call->params, "strict", json_true());
	return 0;
}

void xsw_cli_call_free(struct xsw_cli_call *call)
{
	json_decref(call->params);
	call->params = NULL;
}
