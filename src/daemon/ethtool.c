// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "daemon/ethtool.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <string.h>
#include <sys/ioctl.h>

#include "lib/util.h"

int xsw_ethtool_ifname(int sock, int ifindex, char name[IF_NAMESIZE])
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = ifindex;
	if (ioctl(sock, SIOCGIFNAME, &ifr) < 0)
		return -errno;
	xsw_strlcpy(name, ifr.ifr_name, IF_NAMESIZE);
	return 0;
}

static int ethtool_value(int sock, const char *ifname, __u32 cmd, __u32 *data)
{
	struct ethtool_value ev = { .cmd = cmd, .data = *data };
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	xsw_strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	ifr.ifr_data = (void *)&ev;
	if (ioctl(sock, SIOCETHTOOL, &ifr) < 0)
		return -errno;
	*data = ev.data;
	return 0;
}

int xsw_ethtool_get(int sock, const char *ifname, struct xsw_offloads *o)
{
	__u32 gro = 0, csum = 0;
	int ret;

	ret = ethtool_value(sock, ifname, ETHTOOL_GGRO, &gro);
	if (!ret)
		ret = ethtool_value(sock, ifname, ETHTOOL_GTXCSUM, &csum);
	if (ret)
		return ret;
	o->gro = gro != 0;
	o->tx_csum = csum != 0;
	return 0;
}

int xsw_ethtool_set_gro(int sock, const char *ifname, bool on)
{
	__u32 v = on;

	return ethtool_value(sock, ifname, ETHTOOL_SGRO, &v);
}

int xsw_ethtool_set_tx_csum(int sock, const char *ifname, bool on)
{
	__u32 v = on;

	return ethtool_value(sock, ifname, ETHTOOL_STXCSUM, &v);
}
