/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The xsw command table.  Each command is declared once (name, arguments,
 * help, the xswd method's params it fills, its printer); parsing, `--help`
 * and the unit tests all read the same table.
 */
#ifndef XSW_CLI_COMMANDS_H
#define XSW_CLI_COMMANDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "lib/err.h"

struct xsw_cli_cmd {
	const char *name;       /* also the xswd method */
	const char *args;       /* argument synopsis, "BR IFACE" */
	const char *summary;    /* one line */
	const char *details;    /* more help, or NULL */
	/* Positional arguments become these params, in order; the first
	 * n_required must be given. */
	const char *const *params;
	unsigned int n_required;
	bool has_json;          /* accepts --json */
	bool has_strict;        /* accepts --strict (sent as "strict": true) */
	/* Optional: parses the arguments itself (e.g. key=value settings). */
	int (*build)(int argc, char **argv, json_t *params,
		     struct xsw_err *err);
	/* Prints a successful result for humans; NULL prints nothing. */
	void (*print)(json_t *result, FILE *out);
};

struct xsw_cli_call {
	const struct xsw_cli_cmd *cmd; /* NULL with help: general help */
	json_t *params;                /* owned */
	bool json;
	bool help;
	const char *socket;            /* --socket, or NULL */
};

/* Parses a whole command line (argv[0] is the program).  0, or -EINVAL
 * with @err holding a usage message. */
int xsw_cli_parse(int argc, char **argv, struct xsw_cli_call *call,
		  struct xsw_err *err);
void xsw_cli_call_free(struct xsw_cli_call *call);

void xsw_cli_help(FILE *out);
void xsw_cli_cmd_help(const struct xsw_cli_cmd *cmd, FILE *out);
const struct xsw_cli_cmd *xsw_cli_find(const char *name);

/* print.c */
void xsw_print_lines(json_t *result, FILE *out);
void xsw_print_show(json_t *result, FILE *out);
void xsw_print_stats(json_t *result, FILE *out);
void xsw_print_fdb(json_t *result, FILE *out);
void xsw_print_flows(json_t *result, FILE *out);
void xsw_print_cache(json_t *result, FILE *out);
void xsw_print_trace(json_t *result, FILE *out);

#endif /* XSW_CLI_COMMANDS_H */
