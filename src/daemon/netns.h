/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Reaching into other network namespaces (a container's end of a veth).
 *
 * rtnetlink reports a veth peer's namespace only as an nsid, a number
 * local to our namespace.  To act on the peer we need a file descriptor
 * of that namespace: xsw_netns_open_by_nsid() looks at the namespaces
 * that have a name (/run/netns/<name>, as `ip netns` makes them) and at
 * every process's /proc/<pid>/ns/net (containers), and asks the kernel
 * (RTM_GETNSID) which one carries the nsid.
 */
#ifndef XSW_NETNS_H
#define XSW_NETNS_H

/* Returns an O_CLOEXEC fd of the namespace, or -ENOENT / -errno. */
int xsw_netns_open_by_nsid(int nsid);

/* socket(2) created inside the namespace @nsfd (-1 = our own).  The
 * socket stays bound to that namespace; the calling thread never leaves
 * its own (the switch happens in a short-lived helper thread). */
int xsw_netns_socket(int nsfd, int domain, int type, int protocol);

#endif /* XSW_NETNS_H */
