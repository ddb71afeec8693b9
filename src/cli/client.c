// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "cli/client.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "lib/rpc.h"
#include "lib/util.h"

const char *xsw_client_socket_path(const char *explicit_path)
{
	const char *env = getenv("XSW_SOCKET");

	if (explicit_path && *explicit_path)
		return explicit_path;
	if (env && *env)
		return env;
	return XSW_DEFAULT_SOCKET;
}

static int connect_to(const char *path, struct xsw_err *err)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (xsw_strlcpy(addr.sun_path, path, sizeof(addr.sun_path)) >=
	    sizeof(addr.sun_path))
		return xsw_err_set(err, ENAMETOOLONG, "socket path %s is too long",
				   path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return xsw_err_set(err, errno, "socket: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int e = errno;

		close(fd);
		return xsw_err_set(err, e,
				   "cannot reach xswd at %s: %s (is xswd running? the socket can be set with --socket or XSW_SOCKET)",
				   path, strerror(e));
	}
	return fd;
}

static int read_answer(int fd, json_t **answer, struct xsw_err *err)
{
	struct xsw_linebuf lb = { .max = XSW_RPC_MAX_ANSWER };
	json_error_t jerr;
	char *line = NULL;
	long n;

	while (!(line = xsw_linebuf_next(&lb))) {
		n = xsw_linebuf_fill(&lb, fd);
		if (n == -EMSGSIZE) {
			xsw_linebuf_free(&lb);
			return xsw_err_set(err, EMSGSIZE,
					   "xswd's answer is longer than %u MiB",
					   XSW_RPC_MAX_ANSWER >> 20);
		}
		if (n <= 0) {
			xsw_linebuf_free(&lb);
			return xsw_err_set(err, n ? -n : EPIPE,
					   "xswd closed the connection without answering");
		}
	}
	*answer = json_loads(line, 0, &jerr);
	xsw_linebuf_free(&lb);
	if (!*answer)
		return xsw_err_set(err, EPROTO, "xswd sent malformed JSON: %s",
				   jerr.text);
	return 0;
}

int xsw_client_call(const char *socket_path, const char *method,
		    json_t *params, json_t **result, struct xsw_err *err)
{
	json_t *answer = NULL, *error;
	char *line;
	int fd, ret;

	*result = NULL;
	line = xsw_rpc_format_request(1, method, params);
	if (!line)
		return xsw_err_set(err, ENOMEM, "out of memory");
	fd = connect_to(socket_path, err);
	if (fd < 0) {
		free(line);
		return fd;
	}
	ret = xsw_write_all(fd, line, strlen(line));
	free(line);
	if (ret) {
		close(fd);
		return xsw_err_set(err, ret, "cannot send to xswd: %s",
				   strerror(-ret));
	}
	ret = read_answer(fd, &answer, err);
	close(fd);
	if (ret)
		return ret;
	error = json_object_get(answer, "error");
	if (error) {
		json_int_t code = json_integer_value(json_object_get(error, "code"));
		const char *msg = json_string_value(json_object_get(error, "message"));

		ret = xsw_err_set(err, code > 0 ? (int)code : EINVAL, "%s",
				  msg ? msg : "xswd reported an error");
	} else {
		*result = json_incref(json_object_get(answer, "result"));
		if (!*result)
			ret = xsw_err_set(err, EPROTO, "xswd's answer has no result");
	}
	json_decref(answer);
	return ret;
}
