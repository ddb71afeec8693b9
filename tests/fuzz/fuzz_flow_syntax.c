// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target for the flow-rule parser (src/daemon/flow_syntax.c).
 *
 * Every input is parsed in each mode.  Besides what ASan/UBSan catch, it
 * aborts when:
 *  - a refusal returns no negative errno, or a message without a column;
 *  - an accepted string's canonical form does not fit FLOW_FORMAT_SIZE, does
 *    not parse, or parses into a different spec (the round-trip property);
 *  - the canonical form is not a fixed point of format(parse(.)).
 *
 *   clang -fsanitize=fuzzer,address,undefined ... (see mk/flow_syntax.mk)
 *   build/fuzz/fuzz_flow_syntax tests/fuzz/corpus/flow_syntax
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/flow_syntax.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A few names, some of which need quoting, so name resolution and quoting
 * are exercised too. */
static const char *const names[] = {
	NULL, "p1", "web", "NORMAL", "7", "a b", "x,y", "q\"\\", "in_port",
};
#define N_NAMES (sizeof(names) / sizeof(names[0]))

static int name_to_port(void *aux, const char *name, uint32_t *port_no,
			struct xsw_err *err)
{
	for (uint32_t i = 1; i < N_NAMES; i++) {
		if (!strcmp(names[i], name)) {
			*port_no = i;
			return 0;
		}
	}
	if (!strcmp(name, "err"))
		return xsw_err_set(err, EBUSY, "port err is busy");
	return -ENOENT;
}

static int port_to_name(void *aux, uint32_t port_no, char *name, size_t size)
{
	if (port_no >= N_NAMES || !names[port_no])
		return -ENOENT;
	snprintf(name, size, "%s", names[port_no]);
	return 0;
}

static const struct flow_port_map ports = {name_to_port, port_to_name, NULL};

static void die(const char *what, const char *in, const char *out,
		const struct xsw_err *err)
{
	fprintf(stderr, "fuzz_flow_syntax: %s\n  input:  \"%s\"\n  output: "
			"\"%s\"\n  error:  \"%s\"\n",
		what, in, out ? out : "", err ? err->msg : "");
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct flow_syntax_opts modes[] = {
		{FLOW_MODE_ADD, false, &ports},
		{FLOW_MODE_MODIFY, false, &ports},
		{FLOW_MODE_FILTER, false, &ports},
		{FLOW_MODE_FILTER, true, &ports},
		{FLOW_MODE_ADD, false, NULL},
	};
	static char in[4096];
	static char out[FLOW_FORMAT_SIZE], out2[FLOW_FORMAT_SIZE];
	struct xsw_flow_spec spec, back;
	struct xsw_err err;

	if (size >= sizeof(in))
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		const struct flow_syntax_opts *o = &modes[i];
		int r = flow_parse(in, o, &spec, &err);

		if (r) {
			if (r > 0 || err.code != -r ||
			    !strstr(err.msg, "(at column "))
				die("refusal without errno or column", in, NULL,
				    &err);
			continue;
		}
		r = flow_format(&spec, o, out, sizeof(out));
		if (r < 0 || (size_t)r != strlen(out))
			die("format failed", in, out, NULL);
		if (flow_parse(out, o, &back, &err))
			die("canonical form does not parse", in, out, &err);
		if (!xsw_flow_spec_equal(&spec, &back))
			die("canonical form parses into another spec", in, out,
			    NULL);
		if (flow_format(&back, o, out2, sizeof(out2)) < 0 ||
		    strcmp(out, out2))
			die("canonical form is not a fixed point", out, out2,
			    NULL);
	}
	return 0;
}
