/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * rtnetlink for xswd (libmnl): link queries, the link-event monitor, and
 * netns ids.  All calls act on the caller's current network namespace.
 */
#ifndef XSW_NETLINK_H
#define XSW_NETLINK_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

struct xsw_link_info {
	int ifindex;
	char name[IF_NAMESIZE];
	char kind[32];        /* IFLA_INFO_KIND ("veth", "tun"), "" if none */
	unsigned int mtu;
	unsigned int flags;   /* IFF_* */
	int link_ifindex;     /* IFLA_LINK: a veth's peer (in its netns), or 0 */
	int link_netnsid;     /* IFLA_LINK_NETNSID, -1 when the peer is local */
};

/* 0, -ENODEV when there is no such interface, or another -errno. */
int xsw_nl_link_by_name(const char *name, struct xsw_link_info *out);
int xsw_nl_link_by_index(int ifindex, struct xsw_link_info *out);

/* The nsid the current netns has assigned to the netns open as @nsfd;
 * -ENOENT when it has none. */
int xsw_nl_nsid_of(int nsfd, int *nsid);

/* Link events. */
enum xsw_link_event_type { XSW_LINK_NEW, XSW_LINK_DEL };

struct xsw_link_event {
	enum xsw_link_event_type type;
	struct xsw_link_info link;
};

struct xsw_nl_monitor;

/* Subscribes to RTNLGRP_LINK; the fd is non-blocking, for epoll. */
struct xsw_nl_monitor *xsw_nl_monitor_open(void);
int xsw_nl_monitor_fd(const struct xsw_nl_monitor *mon);
/* Reads pending events and calls @cb for each.  Returns 0, -EAGAIN when
 * nothing was pending, or -ENOBUFS when the kernel dropped events (the
 * caller must then re-read the state it tracks). */
int xsw_nl_monitor_read(struct xsw_nl_monitor *mon,
			void (*cb)(const struct xsw_link_event *ev, void *arg),
			void *arg);
void xsw_nl_monitor_close(struct xsw_nl_monitor *mon);

#endif /* XSW_NETLINK_H */
