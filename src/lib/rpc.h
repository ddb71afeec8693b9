/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The xsw control protocol: JSON-RPC 2.0 over a unix stream socket.
 *
 * Framing: one JSON object per line (UTF-8, '\n' terminated, no raw
 * newline inside a message): a request at most XSW_RPC_MAX_MSG bytes, an
 * answer (a dump of a big flow table) at most XSW_RPC_MAX_ANSWER.  A client may
 * send several requests on one connection; xswd answers each in order.
 *
 *   -> {"jsonrpc":"2.0","id":1,"method":"add-port",
 *       "params":{"bridge":"br0","iface":"veth1"}}
 *   <- {"jsonrpc":"2.0","id":1,"result":{"port_no":1}}
 *   <- {"jsonrpc":"2.0","id":1,"error":{"code":19,
 *       "message":"interface veth9 does not exist","data":{"errno":"ENODEV"}}}
 *
 * Error codes: the JSON-RPC ones for protocol errors (-32700 parse error,
 * -32600 invalid request, -32601 unknown method, -32602 invalid params),
 * otherwise the positive errno of the failure, named in data.errno.
 * A malformed message gets an error answer (id null when it had none) and
 * the connection keeps serving; only an over-long line closes it.
 * Methods and their params/results: docs/protocol.md.
 */
#ifndef XSW_RPC_H
#define XSW_RPC_H

#include <jansson.h>
#include <stddef.h>

#include "lib/err.h"

/* Where xswd listens unless told otherwise (xswd --run-dir, xsw --socket). */
#define XSW_DEFAULT_RUN_DIR "/run/xsw"
#define XSW_SOCKET_NAME "xswd.sock"
#define XSW_DEFAULT_SOCKET XSW_DEFAULT_RUN_DIR "/" XSW_SOCKET_NAME

#define XSW_RPC_MAX_MSG (1U << 20)
#define XSW_RPC_MAX_ANSWER (1U << 30)

enum {
	XSW_RPC_PARSE_ERROR = -32700,
	XSW_RPC_INVALID_REQUEST = -32600,
	XSW_RPC_METHOD_NOT_FOUND = -32601,
	XSW_RPC_INVALID_PARAMS = -32602,
};

/* Accumulates bytes from a stream and hands out complete lines. */
struct xsw_linebuf {
	char *data;
	size_t len; /* bytes held */
	size_t cap;
	size_t consumed; /* bytes of data[] already handed out */
	size_t scanned;  /* data[consumed..scanned) holds no newline */
	size_t max;      /* longest line; 0: XSW_RPC_MAX_MSG */
};

void xsw_linebuf_free(struct xsw_linebuf *lb);
/* Reads what is available from @fd.  Returns bytes read, 0 on EOF,
 * -EAGAIN when nothing is ready, -EMSGSIZE when a line exceeds lb->max,
 * or another -errno. */
long xsw_linebuf_fill(struct xsw_linebuf *lb, int fd);
/* Next complete line (NUL-terminated, '\n' stripped) or NULL.  The pointer
 * is valid until the next fill. */
char *xsw_linebuf_next(struct xsw_linebuf *lb);

struct xsw_rpc_req {
	json_t *msg;    /* owns the parsed message */
	json_t *id;     /* borrowed; NULL for a notification */
	const char *method;
	json_t *params; /* borrowed; an empty object when absent */
};

/* Parses one request line.  On failure returns an XSW_RPC_* code, sets
 * @err's message, and leaves req->id set if the id could be read. */
int xsw_rpc_parse_request(const char *line, struct xsw_rpc_req *req,
			  struct xsw_err *err);
void xsw_rpc_req_free(struct xsw_rpc_req *req);

/* Builders return a malloc'd '\n'-terminated line, or NULL on ENOMEM.
 * They steal the reference to @params / @result. */
char *xsw_rpc_format_request(long id, const char *method, json_t *params);
char *xsw_rpc_format_result(json_t *id, json_t *result);
/* @code: an XSW_RPC_* code or a positive errno (named in data.errno). */
char *xsw_rpc_format_error(json_t *id, int code, const char *message);

/* Name of a positive errno ("ENODEV"), or NULL if unknown. */
const char *xsw_errno_name(int code);

#endif /* XSW_RPC_H */
