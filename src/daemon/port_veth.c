// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * veth ports.  A frame XDP-redirected into a veth lands on its peer's
 * receive ring, which exists only while the peer has NAPI (an XDP program
 * or GRO on it); otherwise the kernel drops it without a counter.  And a
 * frame the peer sends with a partial checksum (CHECKSUM_PARTIAL, the
 * default for TCP/UDP on veth) loses that state when the xsw program turns
 * it into an xdp_frame, so it would arrive with a bad checksum.  Setup
 * therefore turns GRO on and tx checksum offload off on the peer, wherever
 * it lives (usually a container's namespace), and records what it changed.
 * docs/veth-peer.md explains the mechanism.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/ethtool.h"
#include "daemon/netns.h"
#include "daemon/port_type.h"

static bool veth_matches(const char *kind)
{
	return !strcmp(kind, "veth");
}

struct peer {
	int sock; /* in the peer's namespace */
	char name[IF_NAMESIZE];
};

static int peer_open(const struct xsw_port *port,
		     const struct xsw_link_info *li, struct peer *peer,
		     struct xsw_err *err)
{
	int nsfd = -1, ret;

	if (li->link_ifindex <= 0)
		return xsw_err_set(err, ENODEV,
				   "veth %s has no peer (its other end is gone)",
				   port->name);
	if (li->link_netnsid >= 0) {
		nsfd = xsw_netns_open_by_nsid(li->link_netnsid);
		if (nsfd < 0)
			return xsw_err_set(err, nsfd,
					   "cannot find the network namespace of the peer of %s (nsid %d): no /run/netns entry or process lives in it",
					   port->name, li->link_netnsid);
	}
	peer->sock = xsw_netns_socket(nsfd, AF_INET, SOCK_DGRAM, 0);
	if (nsfd >= 0)
		close(nsfd);
	if (peer->sock < 0)
		return xsw_err_set(err, peer->sock,
				   "cannot open a socket in the namespace of the peer of %s: %s",
				   port->name, strerror(-peer->sock));
	ret = xsw_ethtool_ifname(peer->sock, li->link_ifindex, peer->name);
	if (ret) {
		close(peer->sock);
		return xsw_err_set(err, ret,
				   "cannot find the peer of %s (ifindex %d): %s",
				   port->name, li->link_ifindex, strerror(-ret));
	}
	return 0;
}

static int veth_setup(struct xsw_port *port, const struct xsw_link_info *li,
		      struct xsw_err *err)
{
	struct xsw_offloads before;
	struct peer peer;
	int ret;

	ret = peer_open(port, li, &peer, err);
	if (ret)
		return ret;
	ret = xsw_ethtool_get(peer.sock, peer.name, &before);
	if (ret) {
		xsw_err_set(err, ret, "cannot read offloads of %s (peer of %s): %s",
			    peer.name, port->name, strerror(-ret));
		goto out;
	}
	/* A port restored after a restart keeps what it recorded the first
	 * time: by now the peer shows our own settings. */
	if (!port->peer.saved) {
		port->peer.gro_was_on = before.gro;
		port->peer.tx_csum_was_on = before.tx_csum;
	}
	if (!before.gro) {
		ret = xsw_ethtool_set_gro(peer.sock, peer.name, true);
		if (ret) {
			xsw_err_set(err, ret,
				    "cannot turn GRO on for %s (peer of %s), needed for it to receive from XDP: %s",
				    peer.name, port->name, strerror(-ret));
			goto out;
		}
	}
	if (before.tx_csum) {
		ret = xsw_ethtool_set_tx_csum(peer.sock, peer.name, false);
		if (ret) {
			xsw_err_set(err, ret,
				    "cannot turn tx checksum offload off for %s (peer of %s): %s",
				    peer.name, port->name, strerror(-ret));
			if (!before.gro)
				xsw_ethtool_set_gro(peer.sock, peer.name, false);
			goto out;
		}
	}
	port->peer.saved = true;
out:
	close(peer.sock);
	return ret;
}

static int veth_teardown(struct xsw_port *port, const struct xsw_link_info *li,
			 struct xsw_err *err)
{
	struct peer peer;
	int ret = 0, r;

	if (!port->peer.saved || !li)
		goto done;
	ret = peer_open(port, li, &peer, err);
	if (ret)
		goto done;
	if (port->peer.tx_csum_was_on) {
		r = xsw_ethtool_set_tx_csum(peer.sock, peer.name, true);
		if (r)
			ret = xsw_err_set(err, r,
					  "cannot turn tx checksum offload back on for %s: %s",
					  peer.name, strerror(-r));
	}
	if (!port->peer.gro_was_on) {
		r = xsw_ethtool_set_gro(peer.sock, peer.name, false);
		if (r)
			ret = xsw_err_set(err, r, "cannot turn GRO back off for %s: %s",
					  peer.name, strerror(-r));
	}
	close(peer.sock);
done:
	if (!ret)
		port->peer.saved = false;
	return ret;
}

static void veth_describe(const struct xsw_port *port,
			  const struct xsw_link_info *li, json_t *out)
{
	if (li && li->link_ifindex > 0)
		json_object_set_new(out, "peer_ifindex",
				    json_integer(li->link_ifindex));
	if (li && li->link_netnsid >= 0)
		json_object_set_new(out, "peer_netnsid",
				    json_integer(li->link_netnsid));
	json_object_set_new(out, "peer_setup", json_boolean(port->peer.saved));
}

const struct xsw_port_type xsw_port_type_veth = {
	.name = "veth",
	.matches = veth_matches,
	.setup = veth_setup,
	.teardown = veth_teardown,
	.describe = veth_describe,
};
