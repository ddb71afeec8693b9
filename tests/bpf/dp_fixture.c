// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "dp_fixture.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

int dp_fixture_setup(struct dp_fixture *fx, struct xsw_dp_opts *opts,
		     int n_ports)
{
	struct xsw_err err = { 0 };
	char path[512];

	memset(fx, 0, sizeof(*fx));
	fx->dpc = &xsw_dp_xdp;
	if (n_ports < 1 || n_ports > FIXTURE_MAX_PORTS) {
		printf("# dp_fixture: %d ports asked, 1..%d possible\n",
		       n_ports, FIXTURE_MAX_PORTS);
		return -1;
	}
	if (unshare(CLONE_NEWNET | CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("bpf", "/sys/fs/bpf", "bpf", 0, "mode=0700")) {
		printf("# cannot make private namespaces: %s\n", strerror(errno));
		return -1;
	}
	/* No IPv6 on the veths: their DAD and router solicitations would
	 * reach the program in the middle of a test and move its counters. */
	if (sh("sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1")) {
		printf("# cannot turn IPv6 off in the test namespace\n");
		return -1;
	}
	for (int n = 1; n <= n_ports; n++) {
		char name[IF_NAMESIZE];

		if (sh("ip link add p%d type veth peer name q%d && ip link set p%d up && ip link set q%d up && ethtool -K q%d gro on >/dev/null",
		       n, n, n, n, n))
			return -1;
		snprintf(name, sizeof(name), "p%d", n);
		fx->ifindex[n] = (int)if_nametoindex(name);
	}
	if (fx->dpc->open(opts, &fx->dp, &err)) {
		printf("# %s\n", err.msg);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/progs/xsw_ingress", opts->pin_dir);
	fx->prog_fd = bpf_obj_get(path);
	return fx->prog_fd < 0 ? -1 : 0;
}

int dp_fixture_port(struct dp_fixture *fx, int n, uint32_t bridge)
{
	struct xsw_dp_port p = {
		.name = "p", .ifindex = fx->ifindex[n], .port_no = (uint32_t)n,
		.bridge_id = bridge, .flood_group = bridge,
	};
	struct xsw_err err = { 0 };

	if (fx->dpc->port_attach(fx->dp, &p, &err)) {
		printf("# %s\n", err.msg);
		return -1;
	}
	return 0;
}
