// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "daemon/netlink.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"

struct xsw_nl_monitor {
	struct mnl_socket *nl;
	char buf[65536];
};

static int parse_linkinfo_cb(const struct nlattr *attr, void *data)
{
	struct xsw_link_info *li = data;

	if (mnl_attr_get_type(attr) == IFLA_INFO_KIND &&
	    mnl_attr_validate(attr, MNL_TYPE_STRING) >= 0)
		xsw_strlcpy(li->kind, mnl_attr_get_str(attr), sizeof(li->kind));
	return MNL_CB_OK;
}

static int parse_link_attr_cb(const struct nlattr *attr, void *data)
{
	struct xsw_link_info *li = data;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_IFNAME:
		if (mnl_attr_validate(attr, MNL_TYPE_STRING) >= 0)
			xsw_strlcpy(li->name, mnl_attr_get_str(attr),
				    sizeof(li->name));
		break;
	case IFLA_MTU:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			li->mtu = mnl_attr_get_u32(attr);
		break;
	case IFLA_LINK:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			li->link_ifindex = (int)mnl_attr_get_u32(attr);
		break;
	case IFLA_LINK_NETNSID:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			li->link_netnsid = (int)mnl_attr_get_u32(attr);
		break;
	case IFLA_LINKINFO:
		mnl_attr_parse_nested(attr, parse_linkinfo_cb, li);
		break;
	}
	return MNL_CB_OK;
}

static void parse_link(const struct nlmsghdr *nlh, struct xsw_link_info *li)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);

	memset(li, 0, sizeof(*li));
	li->link_netnsid = -1;
	li->ifindex = ifm->ifi_index;
	li->flags = ifm->ifi_flags;
	mnl_attr_parse(nlh, sizeof(*ifm), parse_link_attr_cb, li);
}

static int link_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWLINK)
		parse_link(nlh, data);
	return MNL_CB_OK;
}

/* Sends @nlh and runs @cb over the answer; 0 or -errno. */
static int nl_transact(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[16384];
	struct mnl_socket *nl;
	unsigned int portid, seq;
	int ret;

	nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		goto out;
	}
	/* Ask for extended errors; ignore failure on old kernels. */
	ret = 1;
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &ret, sizeof(ret));
	portid = mnl_socket_get_portid(nl);
	seq = nlh->nlmsg_seq = (unsigned int)time(NULL);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		ret = -errno;
		goto out;
	}
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));

		if (n < 0) {
			ret = -errno;
			break;
		}
		ret = mnl_cb_run(buf, (size_t)n, seq, portid, cb, data);
		if (ret <= MNL_CB_STOP) {
			ret = ret < 0 ? -errno : 0;
			break;
		}
	}
out:
	mnl_socket_close(nl);
	return ret;
}

static int link_get(int ifindex, const char *name, struct xsw_link_info *out)
{
	char buf[16384];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	int ret;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	if (name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	memset(out, 0, sizeof(*out));
	ret = nl_transact(nlh, link_reply_cb, out);
	if (ret == -ENODEV || ret == -EINVAL || (!ret && !out->ifindex))
		return -ENODEV;
	return ret;
}

int xsw_nl_link_by_name(const char *name, struct xsw_link_info *out)
{
	if (!*name || strlen(name) >= IF_NAMESIZE)
		return -ENODEV;
	return link_get(0, name, out);
}

int xsw_nl_link_by_index(int ifindex, struct xsw_link_info *out)
{
	if (ifindex <= 0)
		return -ENODEV;
	return link_get(ifindex, NULL, out);
}

static int nsid_attr_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == NETNSA_NSID &&
	    mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
		*(int *)data = (int)mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int nsid_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWNSID)
		mnl_attr_parse(nlh, sizeof(struct rtgenmsg), nsid_attr_cb,
			       data);
	return MNL_CB_OK;
}

int xsw_nl_nsid_of(int nsfd, int *nsid)
{
	char buf[16384];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtgenmsg *g;
	int id = -1, ret;

	nlh->nlmsg_type = RTM_GETNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)nsfd);
	ret = nl_transact(nlh, nsid_reply_cb, &id);
	if (ret)
		return ret;
	if (id < 0)
		return -ENOENT;
	*nsid = id;
	return 0;
}

struct xsw_nl_monitor *xsw_nl_monitor_open(void)
{
	struct xsw_nl_monitor *mon = calloc(1, sizeof(*mon));
	int saved;

	if (!mon)
		return NULL;
	mon->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!mon->nl)
		goto fail;
	if (mnl_socket_bind(mon->nl, RTMGRP_LINK, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	return mon;
fail:
	saved = errno;
	xsw_nl_monitor_close(mon);
	errno = saved;
	return NULL;
}

int xsw_nl_monitor_fd(const struct xsw_nl_monitor *mon)
{
	return mnl_socket_get_fd(mon->nl);
}

struct monitor_cb_data {
	void (*cb)(const struct xsw_link_event *ev, void *arg);
	void *arg;
};

static int monitor_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct monitor_cb_data *d = data;
	struct xsw_link_event ev;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return MNL_CB_OK;
	ev.type = nlh->nlmsg_type == RTM_NEWLINK ? XSW_LINK_NEW : XSW_LINK_DEL;
	parse_link(nlh, &ev.link);
	d->cb(&ev, d->arg);
	return MNL_CB_OK;
}

int xsw_nl_monitor_read(struct xsw_nl_monitor *mon,
			void (*cb)(const struct xsw_link_event *ev, void *arg),
			void *arg)
{
	struct monitor_cb_data d = { cb, arg };
	int got = 0;

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(mon->nl, mon->buf,
						sizeof(mon->buf));

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return got ? 0 : -EAGAIN;
			if (errno == EINTR)
				continue;
			return -errno;
		}
		got = 1;
		mnl_cb_run(mon->buf, (size_t)n, 0, 0, monitor_msg_cb, &d);
	}
}

void xsw_nl_monitor_close(struct xsw_nl_monitor *mon)
{
	if (!mon)
		return;
	if (mon->nl)
		mnl_socket_close(mon->nl);
	free(mon);
}
