/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A blocking client of xswd's control socket (protocol: lib/rpc.h). */
#ifndef XSW_CLIENT_H
#define XSW_CLIENT_H

#include <jansson.h>

#include "lib/err.h"
#include "lib/rpc.h" /* XSW_DEFAULT_SOCKET */

/* The socket to use: @explicit_path, else $XSW_SOCKET, else the default. */
const char *xsw_client_socket_path(const char *explicit_path);

/* Calls @method with @params (reference stolen).  On success *result is
 * the result (caller decrefs); on failure returns -errno with @err set to
 * xswd's message, or to why xswd could not be reached. */
int xsw_client_call(const char *socket_path, const char *method,
		    json_t *params, json_t **result, struct xsw_err *err);

#endif /* XSW_CLIENT_H */
