// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "daemon/port_type.h"

static int netdev_matches(const struct xsw_link_info *li)
{
	return 1;
}

const struct xsw_port_type xsw_port_type_netdev = {
	.name = "netdev",
	.matches = netdev_matches,
};

static const struct xsw_port_type *const port_types[] = {
	&xsw_port_type_veth,
	&xsw_port_type_netdev, /* last: matches everything */
};

const struct xsw_port_type *xsw_port_type_for(const struct xsw_link_info *li)
{
	for (size_t i = 0; i < sizeof(port_types) / sizeof(port_types[0]); i++)
		if (port_types[i]->matches(li))
			return port_types[i];
	return &xsw_port_type_netdev;
}
