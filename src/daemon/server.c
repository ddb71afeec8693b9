// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "daemon/server.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/xswd.h"
#include "lib/log.h"
#include "lib/rpc.h"
#include "lib/util.h"

#define MAX_CLIENTS 64

struct client {
	int fd; /* -1 = free slot */
	struct xsw_linebuf in;
};

struct xsw_server {
	struct xswd *d;
	int listen_fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct client clients[MAX_CLIENTS];
};

static int fill_addr(struct sockaddr_un *addr, const char *path)
{
	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	if (xsw_strlcpy(addr->sun_path, path, sizeof(addr->sun_path)) >=
	    sizeof(addr->sun_path))
		return -ENAMETOOLONG;
	return 0;
}

/* Is something answering on @path? */
static int socket_alive(const struct sockaddr_un *addr)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int alive;

	if (fd < 0)
		return 0;
	alive = connect(fd, (const struct sockaddr *)addr, sizeof(*addr)) == 0;
	close(fd);
	return alive;
}

int xsw_server_open(struct xswd *d, const char *path,
		    struct xsw_server **out, struct xsw_err *err)
{
	struct sockaddr_un addr;
	struct xsw_server *s;
	mode_t old_umask;
	int ret;

	if (fill_addr(&addr, path))
		return xsw_err_set(err, ENAMETOOLONG, "socket path %s is too long",
				   path);
	if (socket_alive(&addr))
		return xsw_err_set(err, EADDRINUSE,
				   "another xswd is serving %s", path);
	s = calloc(1, sizeof(*s));
	if (!s)
		return xsw_err_set(err, ENOMEM, "out of memory");
	s->d = d;
	xsw_strlcpy(s->path, path, sizeof(s->path));
	for (int i = 0; i < MAX_CLIENTS; i++)
		s->clients[i].fd = -1;
	s->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			      0);
	if (s->listen_fd < 0) {
		ret = xsw_err_set(err, errno, "socket: %s", strerror(errno));
		goto fail;
	}
	unlink(path); /* stale, nobody answered */
	old_umask = umask(0077);
	ret = bind(s->listen_fd, (struct sockaddr *)&addr, sizeof(addr));
	umask(old_umask);
	if (ret < 0 || chmod(path, 0600) < 0 || listen(s->listen_fd, 16) < 0) {
		ret = xsw_err_set(err, errno, "cannot listen on %s: %s", path,
				  strerror(errno));
		goto fail;
	}
	*out = s;
	return 0;
fail:
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	free(s);
	return ret;
}

int xsw_server_listen_fd(const struct xsw_server *s)
{
	return s->listen_fd;
}

int xsw_server_owns(const struct xsw_server *s, int fd)
{
	if (fd == s->listen_fd)
		return 1;
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (s->clients[i].fd == fd)
			return 1;
	return 0;
}

static void client_close(struct xsw_server *s, struct client *c)
{
	epoll_ctl(s->d->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	xsw_linebuf_free(&c->in);
	c->fd = -1;
}

static void accept_clients(struct xsw_server *s)
{
	for (;;) {
		struct timeval tv = { .tv_sec = 2 };
		struct epoll_event ev = { .events = EPOLLIN };
		struct client *c = NULL;
		/* Blocking: a client's read only follows EPOLLIN, and an
		 * answer is written whole, bounded by SO_SNDTIMEO below (on
		 * a non-blocking socket a large answer would stop at the
		 * first full send buffer). */
		int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR)
				XSW_LOG_RL(XSW_LOG_WARN, "server", "accept: %s",
					   strerror(errno));
			return;
		}
		for (int i = 0; i < MAX_CLIENTS && !c; i++)
			if (s->clients[i].fd < 0)
				c = &s->clients[i];
		if (!c) {
			char *busy = xsw_rpc_format_error(NULL, EBUSY,
							  "too many clients");

			XSW_LOG_RL(XSW_LOG_WARN, "server",
				   "too many clients, refusing one");
			/* Best effort: the refused client learns from the
			 * close anyway. */
			if (busy)
				send(fd, busy, strlen(busy),
				     MSG_DONTWAIT | MSG_NOSIGNAL);
			free(busy);
			close(fd);
			continue;
		}
		/* Answers are written blocking, with a bound, so a client
		 * that stops reading cannot stall xswd for long. */
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		ev.data.fd = fd;
		if (epoll_ctl(s->d->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
			close(fd);
			continue;
		}
		c->fd = fd;
		memset(&c->in, 0, sizeof(c->in));
	}
}

static char *handle_line(struct xsw_server *s, const char *line)
{
	struct xsw_err err = { 0 };
	struct xsw_rpc_req req;
	json_t *result = NULL;
	char *answer;
	int code;

	code = xsw_rpc_parse_request(line, &req, &err);
	if (code == 0) {
		code = xswd_handle_request(s->d, req.method, req.params, &result,
					   &err);
		if (code == 0) {
			answer = xsw_rpc_format_result(req.id, result);
			xsw_rpc_req_free(&req);
			return answer;
		}
		/* JSON-RPC codes (-32xxx) go out as they are, a -errno
		 * as the positive errno. */
		if (code > -32000)
			code = abs(code);
		if (!err.msg[0])
			snprintf(err.msg, sizeof(err.msg), "%s: %s", req.method,
				 strerror(code > 0 ? code : EINVAL));
		xsw_debug("server", "%s failed: %s", req.method, err.msg);
	}
	answer = xsw_rpc_format_error(req.id, code, err.msg);
	xsw_rpc_req_free(&req);
	return answer;
}

static void client_readable(struct xsw_server *s, struct client *c)
{
	long n = xsw_linebuf_fill(&c->in, c->fd);
	char *line;

	if (n == -EAGAIN)
		return;
	if (n == -EMSGSIZE) {
		char *msg = xsw_rpc_format_error(
			NULL, XSW_RPC_INVALID_REQUEST,
			"request longer than 1 MiB without a newline; closing");

		if (msg) {
			xsw_write_all(c->fd, msg, strlen(msg));
			free(msg);
		}
		client_close(s, c);
		return;
	}
	while ((line = xsw_linebuf_next(&c->in))) {
		char *answer;

		if (!*line)
			continue;
		answer = handle_line(s, line);
		if (!answer || xsw_write_all(c->fd, answer, strlen(answer))) {
			free(answer);
			client_close(s, c);
			return;
		}
		free(answer);
	}
	if (n <= 0) /* EOF or error, after serving what was complete */
		client_close(s, c);
}

void xsw_server_event(struct xsw_server *s, int fd, uint32_t events)
{
	if (fd == s->listen_fd) {
		accept_clients(s);
		return;
	}
	for (int i = 0; i < MAX_CLIENTS; i++) {
		if (s->clients[i].fd == fd) {
			client_readable(s, &s->clients[i]);
			return;
		}
	}
}

void xsw_server_close(struct xsw_server *s)
{
	if (!s)
		return;
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (s->clients[i].fd >= 0)
			client_close(s, &s->clients[i]);
	close(s->listen_fd);
	unlink(s->path);
	free(s);
}
