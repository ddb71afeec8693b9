// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "cli/commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xsw/abi.h>

#include "lib/util.h"

static int build_set_bridge(int argc, char **argv, json_t *params,
			    struct xsw_err *err)
{
	if (argc < 2)
		return xsw_err_set(err, EINVAL,
				   "set-bridge needs a bridge and at least one setting (mac-aging=SECONDS)");
	json_object_set_new(params, "bridge", json_string(argv[0]));
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		uint64_t v;

		if (!eq)
			return xsw_err_set(err, EINVAL,
					   "\"%s\" is not a setting; write KEY=VALUE, e.g. mac-aging=300",
					   argv[i]);
		if (strncmp(argv[i], "mac-aging", (size_t)(eq - argv[i])) ||
		    eq - argv[i] != (long)strlen("mac-aging"))
			return xsw_err_set(err, EINVAL,
					   "unknown bridge setting \"%.*s\" (known: mac-aging)",
					   (int)(eq - argv[i]), argv[i]);
		if (xsw_parse_u64(eq + 1, 1, XSW_MAX_MAC_AGING_SEC, &v))
			return xsw_err_set(err, EINVAL,
					   "mac-aging=%s: give a whole number of seconds from 1 to %d",
					   eq + 1, XSW_MAX_MAC_AGING_SEC);
		json_object_set_new(params, "mac-aging", json_integer((json_int_t)v));
	}
	return 0;
}

#define PARAMS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const struct xsw_cli_cmd commands[] = {
	{ "add-br", "BR", "create bridge BR", NULL, PARAMS("bridge"), 1,
	  false, NULL, NULL },
	{ "del-br", "BR",
	  "delete bridge BR and all its ports (their veth peers are restored)",
	  NULL, PARAMS("bridge"), 1, false, NULL, NULL },
	{ "list-br", "", "list the bridges, one per line", NULL, PARAMS(NULL),
	  0, true, NULL, xsw_print_lines },
	{ "add-port", "BR IFACE", "attach interface IFACE to bridge BR",
	  "IFACE must exist and take native XDP (veth, tun/tap, most NICs).\n"
	  "For a veth, the peer end (usually in a container) is set up to receive\n"
	  "from XDP: GRO on, tx checksum offload off. del-port undoes that.",
	  PARAMS("bridge", "iface"), 2, false, NULL, NULL },
	{ "del-port", "BR IFACE", "detach interface IFACE from bridge BR", NULL,
	  PARAMS("bridge", "iface"), 2, false, NULL, NULL },
	{ "list-ports", "BR", "list the ports of bridge BR, one per line",
	  NULL, PARAMS("bridge"), 1, true, NULL, xsw_print_lines },
	{ "show", "", "show bridges, ports and their state", NULL,
	  PARAMS(NULL), 0, true, NULL, xsw_print_show },
	{ "stats", "[BR|IFACE]",
	  "per-port counters (all ports, a bridge's, or one port's)",
	  "rx/tx packets and bytes, flooded frames, and drops by reason.",
	  PARAMS("target"), 0, true, NULL, xsw_print_stats },
	{ "fdb-show", "BR", "list the MAC addresses bridge BR has learned",
	  NULL, PARAMS("bridge"), 1, true, NULL, xsw_print_fdb },
	{ "set-bridge", "BR KEY=VALUE...", "change settings of bridge BR",
	  "Settings:\n  mac-aging=SECONDS  forget a MAC not seen for this long (default 300)",
	  PARAMS("bridge"), 1, false, build_set_bridge, NULL },
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
		fprintf(out, "  %-30s %s\n", head, commands[i].summary);
	}
	fprintf(out, "\nOptions:\n"
		     "  --socket PATH   xswd's control socket (else $XSW_SOCKET, else %s)\n"
		     "  --json          machine-readable output (list-*, show, stats, fdb-show)\n"
		     "  -h, --help      this text; `xsw COMMAND --help` for one command\n",
		"/run/xsw/xswd.sock");
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
	return 0;
}

void xsw_cli_call_free(struct xsw_cli_call *call)
{
	json_decref(call->params);
	call->params = NULL;
}
