// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "lib/rpc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void xsw_linebuf_free(struct xsw_linebuf *lb)
{
	free(lb->data);
	memset(lb, 0, sizeof(*lb));
}

long xsw_linebuf_fill(struct xsw_linebuf *lb, int fd)
{
	size_t max = lb->max ? lb->max : XSW_RPC_MAX_MSG;
	ssize_t n;

	if (lb->consumed) {
		memmove(lb->data, lb->data + lb->consumed,
			lb->len - lb->consumed);
		lb->len -= lb->consumed;
		lb->scanned -= lb->consumed;
		lb->consumed = 0;
	}
	if (lb->len >= max)
		return -EMSGSIZE;
	if (lb->cap - lb->len < 4096) {
		size_t cap = lb->cap ? lb->cap * 2 : 8192;
		char *p;

		if (cap > max + 1)
			cap = max + 1;
		p = realloc(lb->data, cap);
		if (!p)
			return -ENOMEM;
		lb->data = p;
		lb->cap = cap;
	}
	do {
		n = read(fd, lb->data + lb->len, lb->cap - lb->len - 1);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	lb->len += (size_t)n;
	return n;
}

char *xsw_linebuf_next(struct xsw_linebuf *lb)
{
	char *start = lb->data + lb->consumed;
	size_t from = lb->scanned > lb->consumed ? lb->scanned : lb->consumed;
	char *nl;

	if (from >= lb->len)
		return NULL;
	/* A long line arrives in many reads: look only at the new bytes. */
	nl = memchr(lb->data + from, '\n', lb->len - from);
	if (!nl) {
		lb->scanned = lb->len;
		return NULL;
	}
	*nl = '\0';
	lb->consumed = (size_t)(nl - lb->data) + 1;
	lb->scanned = lb->consumed;
	return start;
}

int xsw_rpc_parse_request(const char *line, struct xsw_rpc_req *req,
			  struct xsw_err *err)
{
	json_error_t jerr;
	json_t *v;

	memset(req, 0, sizeof(*req));
	req->msg = json_loads(line, JSON_REJECT_DUPLICATES, &jerr);
	if (!req->msg) {
		xsw_err_set(err, EINVAL, "malformed JSON at column %d: %s",
			    jerr.column, jerr.text);
		return XSW_RPC_PARSE_ERROR;
	}
	if (!json_is_object(req->msg)) {
		xsw_err_set(err, EINVAL, "a request must be a JSON object");
		return XSW_RPC_INVALID_REQUEST;
	}
	v = json_object_get(req->msg, "id");
	if (v && (json_is_string(v) || json_is_integer(v)))
		req->id = v;
	else if (v && !json_is_null(v)) {
		xsw_err_set(err, EINVAL, "\"id\" must be a number or a string");
		return XSW_RPC_INVALID_REQUEST;
	}
	v = json_object_get(req->msg, "jsonrpc");
	if (!json_is_string(v) || strcmp(json_string_value(v), "2.0")) {
		xsw_err_set(err, EINVAL, "\"jsonrpc\" must be \"2.0\"");
		return XSW_RPC_INVALID_REQUEST;
	}
	v = json_object_get(req->msg, "method");
	if (!json_is_string(v)) {
		xsw_err_set(err, EINVAL, "\"method\" must be a string");
		return XSW_RPC_INVALID_REQUEST;
	}
	req->method = json_string_value(v);
	v = json_object_get(req->msg, "params");
	if (!v) {
		v = json_object();
		if (!v || json_object_set_new(req->msg, "params", v)) {
			xsw_err_set(err, ENOMEM, "out of memory");
			return XSW_RPC_INVALID_REQUEST;
		}
	} else if (!json_is_object(v)) {
		xsw_err_set(err, EINVAL, "\"params\" must be an object");
		return XSW_RPC_INVALID_PARAMS;
	}
	req->params = v;
	return 0;
}

void xsw_rpc_req_free(struct xsw_rpc_req *req)
{
	json_decref(req->msg);
	memset(req, 0, sizeof(*req));
}

static char *dump_line(json_t *msg)
{
	char *body, *line;
	size_t len;

	if (!msg)
		return NULL;
	body = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (!body)
		return NULL;
	len = strlen(body);
	line = realloc(body, len + 2);
	if (!line) {
		free(body);
		return NULL;
	}
	line[len] = '\n';
	line[len + 1] = '\0';
	return line;
}

char *xsw_rpc_format_request(long id, const char *method, json_t *params)
{
	return dump_line(json_pack("{s:s, s:I, s:s, s:o}", "jsonrpc", "2.0",
				   "id", (json_int_t)id, "method", method,
				   "params", params ? params : json_object()));
}

char *xsw_rpc_format_result(json_t *id, json_t *result)
{
	return dump_line(json_pack("{s:s, s:O?, s:o}", "jsonrpc", "2.0", "id",
				   id, "result",
				   result ? result : json_object()));
}

char *xsw_rpc_format_error(json_t *id, int code, const char *message)
{
	const char *name = code > 0 ? xsw_errno_name(code) : NULL;
	json_t *error;

	error = json_pack("{s:i, s:s}", "code", code, "message", message);
	if (error && name)
		json_object_set_new(error, "data",
				    json_pack("{s:s}", "errno", name));
	if (!error)
		return NULL;
	return dump_line(json_pack("{s:s, s:O?, s:o}", "jsonrpc", "2.0", "id",
				   id, "error", error));
}

const char *xsw_errno_name(int code)
{
	static const struct {
		int code;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" },         { ENOENT, "ENOENT" },
		{ EIO, "EIO" },             { E2BIG, "E2BIG" },
		{ ENOMEM, "ENOMEM" },       { EACCES, "EACCES" },
		{ EBUSY, "EBUSY" },         { EEXIST, "EEXIST" },
		{ ENODEV, "ENODEV" },       { EINVAL, "EINVAL" },
		{ ENOSPC, "ENOSPC" },       { ERANGE, "ERANGE" },
		{ ENAMETOOLONG, "ENAMETOOLONG" },
		{ ENOTSUP, "EOPNOTSUPP" },  { EAGAIN, "EAGAIN" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { EMSGSIZE, "EMSGSIZE" },
		{ ESRCH, "ESRCH" },         { ENXIO, "ENXIO" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].code == code)
			return names[i].name;
	return NULL;
}
