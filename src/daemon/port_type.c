// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "daemon/port_type.h"

#include "lib/util.h"

static bool netdev_matches(const char *kind)
{
	return true;
}

const struct xsw_port_type xsw_port_type_netdev = {
	.name = "netdev",
	.matches = netdev_matches,
};

static const struct xsw_port_type *const port_types[] = {
	&xsw_port_type_veth,
	&xsw_port_type_netdev, /* last: matches everything */
};

const struct xsw_port_type *xsw_port_type_for(const char *kind)
{
	for (size_t i = 0; i < XSW_ARRAY_SIZE(port_types); i++)
		if (port_types[i]->matches(kind))
			return port_types[i];
	return &xsw_port_type_netdev;
}
