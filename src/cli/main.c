// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xsw: the command-line client of xswd.  Commands: cli/commands.c. */
#include <stdio.h>

#include "cli/client.h"
#include "cli/commands.h"

int main(int argc, char **argv)
{
	struct xsw_err err = { 0 };
	struct xsw_cli_call call;
	json_t *result = NULL;
	int ret;

	if (xsw_cli_parse(argc, argv, &call, &err)) {
		fprintf(stderr, "xsw: %s\n", err.msg);
		xsw_cli_call_free(&call);
		return 2;
	}
	if (call.help) {
		if (call.cmd)
			xsw_cli_cmd_help(call.cmd, stdout);
		else
			xsw_cli_help(stdout);
		xsw_cli_call_free(&call);
		return 0;
	}
	ret = xsw_client_call(xsw_client_socket_path(call.socket),
			      call.cmd->name, call.params, &result, &err);
	call.params = NULL; /* stolen by the call */
	if (ret) {
		fprintf(stderr, "xsw: %s\n", err.msg);
		return 1;
	}
	if (call.json) {
		json_dumpf(result, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	} else if (call.cmd->print) {
		call.cmd->print(result, stdout);
	}
	json_decref(result);
	return fflush(stdout) == 0 ? 0 : 1;
}
