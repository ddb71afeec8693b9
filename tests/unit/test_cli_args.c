// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The CLI's argument handling, from the command table (cli/commands.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/client.h"
#include "cli/commands.h"

#define ARGV(...) ((char *[]){ "xsw", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "xsw", __VA_ARGS__ }) / sizeof(char *)))

static int parse(int argc, char **argv, struct xsw_cli_call *call,
		 struct xsw_err *err)
{
	return xsw_cli_parse(argc, argv, call, err);
}

#define PARSE(call, err, ...) parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), call, err)

static void test_positional_params(void **state)
{
	struct xsw_err err = { 0 };
	struct xsw_cli_call c;

	assert_int_equal(PARSE(&c, &err, "add-port", "br0", "veth1"), 0);
	assert_string_equal(c.cmd->name, "add-port");
	assert_string_equal(json_string_value(json_object_get(c.params, "bridge")),
			    "br0");
	assert_string_equal(json_string_value(json_object_get(c.params, "iface")),
			    "veth1");
	assert_false(c.json);
	xsw_cli_call_free(&c);

	assert_int_equal(PARSE(&c, &err, "stats"), 0);
	assert_int_equal(json_object_size(c.params), 0);
	xsw_cli_call_free(&c);
	assert_int_equal(PARSE(&c, &err, "stats", "veth1", "--json"), 0);
	assert_true(c.json);
	assert_string_equal(json_string_value(json_object_get(c.params, "target")),
			    "veth1");
	xsw_cli_call_free(&c);
}

static void test_arity_errors(void **state)
{
	struct xsw_err err = { 0 };
	struct xsw_cli_call c;

	assert_int_equal(PARSE(&c, &err, "add-port", "br0"), -EINVAL);
	assert_non_null(strstr(err.msg, "usage: xsw add-port BR IFACE"));
	xsw_cli_call_free(&c);
	assert_int_equal(PARSE(&c, &err, "add-br", "a", "b"), -EINVAL);
	xsw_cli_call_free(&c);
	assert_int_equal(PARSE(&c, &err, "list-br", "x"), -EINVAL);
	xsw_cli_call_free(&c);
}

static void test_unknown_command_suggests(void **state)
{
	struct xsw_err err = { 0 };
	struct xsw_cli_call c;

	assert_int_equal(PARSE(&c, &err, "add-prot", "b", "p"), -EINVAL);
	assert_non_null(strstr(err.msg, "did you mean \"add-port\""));
	xsw_cli_call_free(&c);
	assert_int_equal(PARSE(&c, &err, "frobnicate"), -EINVAL);
	assert_null(strstr(err.msg, "did you mean"));
	assert_non_null(strstr(err.msg, "frobnicate"));
	xsw_cli_call_free(&c);
}

static void test_options(void **state)
{
	struct xsw_err err = { 0 };
	struct xsw_cli_call c;

	assert_int_equal(PARSE(&c, &err, "--socket", "/tmp/s", "list-br"), 0);
	assert_string_equal(c.socket, "/tmp/s");
	xsw_cli_call_free(&c);
	assert_int_equal(PARSE(&c, &err, "--socket=/tmp/t", "show", "--json"), 0);
	assert_string_equal(c.socket, "/tmp/t");
	assert_true(c.json);
	xsw_cli_call_free(&c);
	/* --json only where there is something to print. */
	assert_int_equal(PARSE(&c, &err, "add-br", "b", "--json"), -EINVAL);
	assert_non_null(strstr(err.msg, "does not take --json"));
	xsw_cli_call_free(&c);
	assert_int_equal(PARSE(&c, &err, "show", "--bogus"), -EINVAL);
	assert_non_null(strstr(err.msg, "--bogus"));
	xsw_cli_call_free(&c);
	assert_int_equal(PARSE(&c, &err, "--socket"), -EINVAL);
	xsw_cli_call_free(&c);
	assert_int_equal(PARSE(&c, &err, "--json"), -EINVAL);
	assert_non_null(strstr(err.msg, "no command"));
	xsw_cli_call_free(&c);
}

static void test_help(void **state)
{
	struct xsw_err err = { 0 };
	struct xsw_cli_call c;

	assert_int_equal(PARSE(&c, &err, "--help"), 0);
	assert_true(c.help);
	assert_null(c.cmd);
	xsw_cli_call_free(&c);
	assert_int_equal(PARSE(&c, &err, "add-port", "--help"), 0);
	assert_true(c.help);
	assert_string_equal(c.cmd->name, "add-port");
	xsw_cli_call_free(&c);
	/* Every command the issue names is in the table. */
	static const char *const names[] = {
		"add-br", "del-br",   "list-br", "add-port",   "del-port",
		"list-ports", "show", "stats",   "fdb-show", "set-bridge",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_non_null(xsw_cli_find(names[i]));
}

static void test_set_bridge(void **state)
{
	struct xsw_err err = { 0 };
	struct xsw_cli_call c;

	assert_int_equal(PARSE(&c, &err, "set-bridge", "br0", "mac-aging=30"), 0);
	assert_int_equal(json_integer_value(json_object_get(c.params, "mac-aging")),
			 30);
	xsw_cli_call_free(&c);
	static const char *const bad[][2] = {
		{ "mac-aging=0", "mac-aging=0" },
		{ "mac-aging=abc", "mac-aging=abc" },
		{ "mac-aging=-5", "mac-aging=-5" },
		{ "mac-aging", "KEY=VALUE" },
		{ "mac-agin=5", "unknown bridge setting \"mac-agin\"" },
		{ "mac-agingx=5", "unknown bridge setting" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(PARSE(&c, &err, "set-bridge", "br0",
				       (char *)bad[i][0]),
				 -EINVAL);
		if (!strstr(err.msg, bad[i][1]))
			fail_msg("%s: \"%s\" lacks \"%s\"", bad[i][0], err.msg,
				 bad[i][1]);
		xsw_cli_call_free(&c);
	}
	assert_int_equal(PARSE(&c, &err, "set-bridge", "br0"), -EINVAL);
	xsw_cli_call_free(&c);
}

static void test_socket_path_order(void **state)
{
	unsetenv("XSW_SOCKET");
	assert_string_equal(xsw_client_socket_path(NULL), XSW_DEFAULT_SOCKET);
	setenv("XSW_SOCKET", "/env/sock", 1);
	assert_string_equal(xsw_client_socket_path(NULL), "/env/sock");
	assert_string_equal(xsw_client_socket_path("/flag"), "/flag");
	unsetenv("XSW_SOCKET");
}

/* A daemon that is not running is reported, not waited for. */
static void test_no_daemon(void **state)
{
	struct xsw_err err = { 0 };
	json_t *result;

	assert_true(xsw_client_call("/nonexistent/xswd.sock", "show", NULL,
				    &result, &err) < 0);
	assert_non_null(strstr(err.msg, "is xswd running?"));
	assert_null(result);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positional_params),
		cmocka_unit_test(test_arity_errors),
		cmocka_unit_test(test_unknown_command_suggests),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_set_bridge),
		cmocka_unit_test(test_socket_path_order),
		cmocka_unit_test(test_no_daemon),
	};

	return cmocka_run_group_tests_name("cli_args", tests, NULL, NULL);
}
