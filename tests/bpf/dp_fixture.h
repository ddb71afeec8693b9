/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The set-up the BPF_PROG_RUN tests share: private network and mount
 * namespaces (interfaces vanish with the test, its bpffs is its own),
 * veth pairs p1..pN / q1..qN (the q ends with GRO on, so they accept
 * redirected frames, as xswd's veth set-up arranges; IPv6 off, so the
 * kernel sends nothing of its own through them), and the real XDP
 * datapath backend opened on them.
 */
#ifndef XSW_TEST_DP_FIXTURE_H
#define XSW_TEST_DP_FIXTURE_H

#include "daemon/dp.h"

#define FIXTURE_MAX_PORTS 8

struct dp_fixture {
	struct xsw_dp *dp;
	const struct xsw_dp_class *dpc;
	int ifindex[FIXTURE_MAX_PORTS + 1]; /* of p1..pN */
	int prog_fd;                        /* the pinned xsw_ingress */
};

/* 0, or -1 with the reason printed as a TAP comment. */
int dp_fixture_setup(struct dp_fixture *fx, struct xsw_dp_opts *opts,
		     int n_ports);

/* Attaches pN as port N of @bridge (flood group = bridge). */
int dp_fixture_port(struct dp_fixture *fx, int n, uint32_t bridge);

#endif /* XSW_TEST_DP_FIXTURE_H */
