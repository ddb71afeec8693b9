// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The control protocol: framing and request parsing (lib/rpc.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/rpc.h"

static void test_linebuf_splits_lines(void **state)
{
	struct xsw_linebuf lb = { 0 };
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "one\ntw", 6), 6);
	assert_int_equal(xsw_linebuf_fill(&lb, fds[0]), 6);
	assert_string_equal(xsw_linebuf_next(&lb), "one");
	assert_null(xsw_linebuf_next(&lb)); /* "tw" is incomplete */
	assert_int_equal(write(fds[1], "o\n\nthree\n", 9), 9);
	assert_int_equal(xsw_linebuf_fill(&lb, fds[0]), 9);
	assert_string_equal(xsw_linebuf_next(&lb), "two");
	assert_string_equal(xsw_linebuf_next(&lb), "");
	assert_string_equal(xsw_linebuf_next(&lb), "three");
	assert_null(xsw_linebuf_next(&lb));
	close(fds[1]);
	assert_int_equal(xsw_linebuf_fill(&lb, fds[0]), 0); /* EOF */
	close(fds[0]);
	xsw_linebuf_free(&lb);
}

/* A line longer than the limit is refused instead of growing forever. */
static void test_linebuf_limit(void **state)
{
	struct xsw_linebuf lb = { 0 };
	char *chunk = malloc(65536);
	long ret = 0;
	int fds[2];

	memset(chunk, 'x', 65536);
	assert_int_equal(pipe(fds), 0);
	for (int i = 0; i < 40 && ret >= 0; i++) {
		if (write(fds[1], chunk, 65536) != 65536)
			fail();
		while ((ret = xsw_linebuf_fill(&lb, fds[0])) > 0 &&
		       lb.len % 65536)
			;
	}
	assert_int_equal(ret, -EMSGSIZE);
	close(fds[0]);
	close(fds[1]);
	free(chunk);
	xsw_linebuf_free(&lb);
}

/* An answer may be longer than a request (lb.max), arriving in many reads;
 * the line comes out whole, and the newline search never rescans. */
static void test_linebuf_long_answer(void **state)
{
	struct xsw_linebuf lb = { .max = 4u << 20 };
	size_t total = (3u << 20) + 123, sent = 0, got = 0;
	char *chunk = malloc(65536), *line = NULL;
	int fds[2];

	memset(chunk, 'y', 65536);
	assert_int_equal(pipe(fds), 0);
	while (sent < total) {
		size_t n = total - sent < 65536 ? total - sent : 65536;

		assert_int_equal(write(fds[1], chunk, n), (ssize_t)n);
		sent += n;
		while (got < sent) {
			long r = xsw_linebuf_fill(&lb, fds[0]);

			assert_true(r > 0);
			got += (size_t)r;
			assert_null(xsw_linebuf_next(&lb));
			assert_int_equal(lb.scanned, lb.len);
		}
	}
	assert_int_equal(write(fds[1], "\nz\n", 3), 3);
	assert_int_equal(xsw_linebuf_fill(&lb, fds[0]), 3);
	line = xsw_linebuf_next(&lb);
	assert_non_null(line);
	assert_int_equal(strlen(line), total);
	assert_string_equal(xsw_linebuf_next(&lb), "z");
	assert_null(xsw_linebuf_next(&lb));
	close(fds[0]);
	close(fds[1]);
	free(chunk);
	xsw_linebuf_free(&lb);
}

struct parse_case {
	const char *line;
	int code;          /* expected xsw_rpc_parse_request() result */
	const char *method;
	const char *message; /* fragment of the error */
};

static void test_parse_requests(void **state)
{
	static const struct parse_case cases[] = {
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"show\"}", 0, "show", NULL },
		{ "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"add-br\",\"params\":{\"bridge\":\"b\"}}",
		  0, "add-br", NULL },
		{ "{\"jsonrpc\":\"2.0\",\"method\":\"list-br\"}", 0, "list-br", NULL },
		{ "not json", XSW_RPC_PARSE_ERROR, NULL, "malformed JSON" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"method\":\"y\"}",
		  XSW_RPC_PARSE_ERROR, NULL, "duplicate" },
		{ "[1,2]", XSW_RPC_INVALID_REQUEST, NULL, "JSON object" },
		{ "{\"id\":1,\"method\":\"show\"}", XSW_RPC_INVALID_REQUEST, NULL,
		  "\"jsonrpc\"" },
		{ "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"show\"}",
		  XSW_RPC_INVALID_REQUEST, NULL, "\"jsonrpc\"" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1}", XSW_RPC_INVALID_REQUEST, NULL,
		  "\"method\"" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}",
		  XSW_RPC_INVALID_REQUEST, NULL, "\"method\"" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"show\"}",
		  XSW_RPC_INVALID_REQUEST, NULL, "\"id\"" },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"show\",\"params\":[1]}",
		  XSW_RPC_INVALID_PARAMS, NULL, "\"params\"" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct xsw_err err = { 0 };
		struct xsw_rpc_req req;
		int code = xsw_rpc_parse_request(cases[i].line, &req, &err);

		if (code != cases[i].code)
			fail_msg("case %zu (%s): got %d, want %d", i,
				 cases[i].line, code, cases[i].code);
		if (cases[i].method) {
			assert_string_equal(req.method, cases[i].method);
			assert_true(json_is_object(req.params));
		}
		if (cases[i].message && !strstr(err.msg, cases[i].message))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.msg,
				 cases[i].message);
		xsw_rpc_req_free(&req);
	}
}

/* An error answer keeps the request's id and names the errno. */
static void test_format_error(void **state)
{
	json_t *id = json_integer(9), *msg, *error;
	char *line = xsw_rpc_format_error(id, ENODEV, "interface x does not exist");

	assert_non_null(line);
	assert_int_equal(line[strlen(line) - 1], '\n');
	msg = json_loads(line, 0, NULL);
	assert_non_null(msg);
	assert_int_equal(json_integer_value(json_object_get(msg, "id")), 9);
	error = json_object_get(msg, "error");
	assert_int_equal(json_integer_value(json_object_get(error, "code")),
			 ENODEV);
	assert_string_equal(
		json_string_value(json_object_get(
			json_object_get(error, "data"), "errno")),
		"ENODEV");
	json_decref(msg);
	json_decref(id);
	free(line);

	/* A protocol error has no errno name and a null id. */
	line = xsw_rpc_format_error(NULL, XSW_RPC_PARSE_ERROR, "bad");
	msg = json_loads(line, 0, NULL);
	assert_true(json_is_null(json_object_get(msg, "id")));
	assert_null(json_object_get(json_object_get(msg, "error"), "data"));
	json_decref(msg);
	free(line);
}

static void test_format_request_result(void **state)
{
	char *line = xsw_rpc_format_request(3, "add-port",
					    json_pack("{s:s}", "bridge", "b"));
	struct xsw_rpc_req req;
	json_t *id;

	assert_int_equal(xsw_rpc_parse_request(line, &req, NULL), 0);
	assert_string_equal(req.method, "add-port");
	assert_string_equal(json_string_value(json_object_get(req.params, "bridge")),
			    "b");
	id = json_incref(req.id);
	xsw_rpc_req_free(&req);
	free(line);
	line = xsw_rpc_format_result(id, json_pack("{s:i}", "port_no", 4));
	assert_non_null(strstr(line, "\"result\":{\"port_no\":4}"));
	assert_non_null(strstr(line, "\"id\":3"));
	json_decref(id);
	free(line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linebuf_splits_lines),
		cmocka_unit_test(test_linebuf_limit),
		cmocka_unit_test(test_linebuf_long_answer),
		cmocka_unit_test(test_parse_requests),
		cmocka_unit_test(test_format_error),
		cmocka_unit_test(test_format_request_result),
	};

	return cmocka_run_group_tests_name("rpc", tests, NULL, NULL);
}
