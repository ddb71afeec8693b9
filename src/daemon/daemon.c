// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xswd's start-up, event loop and shutdown. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "daemon/config_store.h"
#include "daemon/daemon.h"
#include "daemon/server.h"
#include "lib/log.h"
#include "lib/util.h"

#define SWEEP_PERIOD_SEC 1 /* flow cache sweep (flow_cache.h) */
#define FDB_EXPIRE_EVERY 10 /* sweeps between FDB expiry passes */

static int epoll_add(int epfd, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

int xswd_init(struct xswd *d, const struct xswd_opts *opts,
	      struct xsw_err *err)
{
	struct xsw_dp_opts dpo = { 0 };
	char path[PATH_MAX + 32];
	int ret;

	memset(d, 0, sizeof(*d));
	d->epfd = -1;
	xsw_switch_init(&d->sw);
	d->dp_class = &xsw_dp_xdp;
	xsw_strlcpy(d->db_path, opts->db_path, sizeof(d->db_path));
	xsw_strlcpy(d->run_dir, opts->run_dir, sizeof(d->run_dir));
	xsw_strlcpy(d->pin_dir, opts->pin_dir, sizeof(d->pin_dir));

	ret = xsw_config_load(&d->sw, d->db_path, err);
	if (ret)
		return ret;
	dpo.pin_dir = d->pin_dir;
	dpo.megaflows = opts->megaflows;
	dpo.emc_entries = opts->emc_entries;
	dpo.upcall_ring = opts->upcall_ring;
	ret = d->dp_class->open(&dpo, &d->dp, err);
	if (ret)
		return ret;
	if (opts->cleanup)
		return 0;
	ret = xsw_fc_init(&d->fc, d, err);
	if (ret)
		return ret;

	/* Watch links before restoring ports, so no event falls between. */
	d->monitor = xsw_nl_monitor_open();
	if (!d->monitor)
		return xsw_err_set(err, errno, "cannot watch interfaces (rtnetlink): %s",
				   strerror(errno));
	ret = xswd_restore(d, err);
	if (ret)
		return ret;
	xsw_fc_adopt(&d->fc);
	snprintf(path, sizeof(path), "%s/%s", d->run_dir, XSW_SOCKET_NAME);
	ret = xsw_server_open(d, path, &d->server, err);
	if (ret)
		return ret;
	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (d->epfd < 0)
		return xsw_err_set(err, errno, "epoll: %s", strerror(errno));
	if (epoll_add(d->epfd, xsw_server_listen_fd(d->server)) ||
	    epoll_add(d->epfd, xsw_nl_monitor_fd(d->monitor)) ||
	    epoll_add(d->epfd, d->dp_class->upcall_fd(d->dp)))
		return xsw_err_set(err, errno, "epoll: %s", strerror(errno));
	return 0;
}

static void on_link_event(const struct xsw_link_event *ev, void *arg)
{
	xswd_on_link_event(arg, ev);
}

static void read_monitor(struct xswd *d)
{
	int ret = xsw_nl_monitor_read(d->monitor, on_link_event, d);

	if (ret == -ENOBUFS) {
		xsw_warn("netlink", "link events were lost; re-reading every port");
		xswd_resync_links(d);
	}
}

static int make_signalfd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static int make_timer(unsigned int seconds)
{
	struct itimerspec its = {
		.it_interval = { .tv_sec = seconds },
		.it_value = { .tv_sec = seconds },
	};
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd >= 0 && timerfd_settime(fd, 0, &its, NULL) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int xswd_run(struct xswd *d, void (*ready)(void *arg), void *arg)
{
	int sigfd = make_signalfd(), timerfd = make_timer(SWEEP_PERIOD_SEC);
	int monfd = xsw_nl_monitor_fd(d->monitor);
	int upfd = d->dp_class->upcall_fd(d->dp);
	unsigned int ticks_total = 0;

	if (sigfd < 0 || timerfd < 0 || epoll_add(d->epfd, sigfd) ||
	    epoll_add(d->epfd, timerfd)) {
		xsw_err_log("xswd", "cannot set up signals/timers: %s",
			    strerror(errno));
		return -1;
	}
	signal(SIGPIPE, SIG_IGN);
	xsw_info("xswd", "ready: %u bridges, %u ports, socket %s/%s",
		 d->sw.n_bridges, d->sw.n_ports, d->run_dir, XSW_SOCKET_NAME);
	if (ready)
		ready(arg);

	while (!d->stop) {
		struct epoll_event evs[32];
		int n = epoll_wait(d->epfd, evs, 32, -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			xsw_err_log("xswd", "epoll_wait: %s", strerror(errno));
			break;
		}
		for (int i = 0; i < n && !d->stop; i++) {
			int fd = evs[i].data.fd;

			if (fd == sigfd) {
				struct signalfd_siginfo si;

				while (read(sigfd, &si, sizeof(si)) == sizeof(si)) {
					if (si.ssi_signo == SIGHUP)
						continue;
					xsw_info("xswd", "signal %u: stopping; the fast path keeps forwarding",
						 si.ssi_signo);
					d->stop = true;
				}
			} else if (fd == upfd) {
				xsw_fc_run_upcalls(&d->fc);
			} else if (fd == timerfd) {
				uint64_t ticks;

				if (read(timerfd, &ticks, sizeof(ticks)) <= 0)
					continue;
				xsw_fc_sweep(&d->fc, xsw_mono_ns());
				if (++ticks_total % FDB_EXPIRE_EVERY == 0)
					xswd_fdb_expire(d);
			} else if (fd == monfd) {
				read_monitor(d);
			} else if (xsw_server_owns(d->server, fd)) {
				xsw_server_event(d->server, fd, evs[i].events);
			}
		}
	}
	close(sigfd);
	close(timerfd);
	return 0;
}

void xswd_fini(struct xswd *d)
{
	xsw_fc_destroy(&d->fc);
	xsw_server_close(d->server);
	xsw_nl_monitor_close(d->monitor);
	if (d->dp)
		d->dp_class->close(d->dp);
	if (d->epfd >= 0)
		close(d->epfd);
	xsw_switch_free(&d->sw);
	d->server = NULL;
	d->monitor = NULL;
	d->dp = NULL;
	d->epfd = -1;
}

int xswd_cleanup_all(struct xswd *d, struct xsw_err *err)
{
	int ret = xswd_cleanup(d, err);
	struct xsw_err derr = { 0 };
	int r;

	r = d->dp_class->destroy(d->dp, &derr);
	d->dp = NULL;
	if (r && !ret)
		ret = xsw_err_set(err, r, "%s", derr.msg);
	if (unlink(d->db_path) < 0 && errno != ENOENT && !ret)
		ret = xsw_err_set(err, errno, "cannot remove %s: %s", d->db_path,
				  strerror(errno));
	return ret;
}
