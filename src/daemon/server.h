/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The control socket: a unix stream socket (mode 0600, root only) that
 * speaks the protocol of lib/rpc.h.  Each complete request line is handed
 * to xswd_handle_request() and answered in order on the same connection.
 */
#ifndef XSW_SERVER_H
#define XSW_SERVER_H

#include <stdint.h>

#include "lib/err.h"

struct xswd;
struct xsw_server;

/* Binds @path; refuses (-EADDRINUSE) when a live server answers there. */
int xsw_server_open(struct xswd *d, const char *path,
		    struct xsw_server **out, struct xsw_err *err);
/* Registers the listening socket with epoll; events come back through
 * xsw_server_event(). */
int xsw_server_listen_fd(const struct xsw_server *s);
/* Handles readiness of @fd (the listening socket or a client). */
void xsw_server_event(struct xsw_server *s, int fd, uint32_t events);
/* Is @fd one of this server's sockets? */
int xsw_server_owns(const struct xsw_server *s, int fd);
void xsw_server_close(struct xsw_server *s);

#endif /* XSW_SERVER_H */
