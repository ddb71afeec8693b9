/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The two offload settings xsw touches on a veth peer, through the ethtool
 * ioctl on a socket created in the peer's namespace (see netns.h).
 */
#ifndef XSW_ETHTOOL_H
#define XSW_ETHTOOL_H

#include <net/if.h>
#include <stdbool.h>

struct xsw_offloads {
	bool gro;     /* generic receive offload */
	bool tx_csum; /* any tx checksum offload */
};

/* Name of @ifindex in the socket's namespace; 0 or -errno (-ENODEV). */
int xsw_ethtool_ifname(int sock, int ifindex, char name[IF_NAMESIZE]);
int xsw_ethtool_get(int sock, const char *ifname, struct xsw_offloads *o);
int xsw_ethtool_set_gro(int sock, const char *ifname, bool on);
int xsw_ethtool_set_tx_csum(int sock, const char *ifname, bool on);

#endif /* XSW_ETHTOOL_H */
