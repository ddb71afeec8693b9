// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xsw-fwd: the bench's reference forwarders (bpf/sink.bpf.c).  Moves every
 * frame arriving on --in out of --out, with no parsing and no lookup:
 *   --mode xdp  XDP on --in, bpf_redirect_map() through a one-entry devmap
 *               (native mode): the limit of XDP forwarding between veths.
 *   --mode tc   BPF on --in's clsact ingress, bpf_redirect() to --out.
 * Stays in the foreground until SIGINT/SIGTERM, then removes what it
 * attached (and the clsact qdisc if it created it).  --ready-file is
 * created once the forwarder is in place.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktgen/bench_abi.h"
#include "pktgen/common.h"
#include "sink.skel.h"

static volatile bool stop;

static void usage(FILE *out)
{
	fprintf(out,
"usage: xsw-fwd --mode xdp|tc --in IF --out IF [--netns NS] [--ready-file P]\n"
"Forwards every frame from IF --in to IF --out until SIGINT/SIGTERM:\n"
"  xdp: XDP devmap redirect (native mode); tc: tc BPF redirect (ingress).\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "in", required_argument, NULL, 'i' },
		{ "out", required_argument, NULL, 'o' },
		{ "netns", required_argument, NULL, 'n' },
		{ "ready-file", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *mode = NULL, *in = NULL, *outdev = NULL, *netns = NULL;
	const char *ready_file = NULL;
	LIBBPF_OPTS(bpf_tc_hook, hook, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, tc_opts, .handle = 1, .priority = 1);
	struct xsw_err err = { 0 };
	bool xdp_attached = false, tc_attached = false, hook_created = false;
	bool tc_mode;
	struct sink *skel = NULL;
	int c, rc, in_ifindex = -1, out_ifindex, prog_fd = -1, status = 1;
	__u32 key = 0;

	while ((c = getopt_long(argc, argv, "m:i:o:n:r:h", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'm':
			mode = optarg;
			break;
		case 'i':
			in = optarg;
			break;
		case 'o':
			outdev = optarg;
			break;
		case 'n':
			netns = optarg;
			break;
		case 'r':
			ready_file = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc || !mode || !in || !outdev ||
	    (strcmp(mode, "xdp") && strcmp(mode, "tc"))) {
		usage(stderr);
		return 2;
	}
	tc_mode = !strcmp(mode, "tc");
	bench_libbpf_quiet();
	if (netns && bench_enter_netns(netns, &err))
		goto out;
	in_ifindex = bench_ifindex(in, &err);
	if (in_ifindex < 0)
		goto out;
	out_ifindex = bench_ifindex(outdev, &err);
	if (out_ifindex < 0)
		goto out;

	skel = sink__open();
	if (!skel) {
		xsw_err_set(&err, errno, "opening the forwarder: %s",
			    strerror(errno));
		goto out;
	}
	bpf_program__set_autoload(skel->progs.xsw_sink, false);
	bpf_program__set_autoload(tc_mode ? skel->progs.xsw_fwd_devmap :
					    skel->progs.xsw_fwd_tc,
				  false);
	skel->rodata->fwd_ifindex = (__u32)out_ifindex;
	rc = sink__load(skel);
	if (rc) {
		xsw_err_set(&err, rc, "loading the forwarder: %s",
			    strerror(-rc));
		goto out;
	}
	bench_on_signals(&stop);
	if (tc_mode) {
		prog_fd = bpf_program__fd(skel->progs.xsw_fwd_tc);
		hook.ifindex = in_ifindex;
		rc = bpf_tc_hook_create(&hook);
		if (rc && rc != -EEXIST) {
			xsw_err_set(&err, rc, "clsact on %s: %s", in,
				    strerror(-rc));
			goto out;
		}
		hook_created = !rc;
		tc_opts.prog_fd = prog_fd;
		rc = bpf_tc_attach(&hook, &tc_opts);
		if (rc) {
			xsw_err_set(&err, rc, "tc attach on %s: %s", in,
				    strerror(-rc));
			goto out;
		}
		tc_attached = true;
	} else {
		prog_fd = bpf_program__fd(skel->progs.xsw_fwd_devmap);
		rc = bpf_map_update_elem(bpf_map__fd(skel->maps.fwd_ports),
					 &key, &out_ifindex, 0);
		if (rc) {
			xsw_err_set(&err, errno, "devmap entry for %s: %s",
				    outdev, strerror(errno));
			goto out;
		}
		if (bench_xdp_attach(in_ifindex, prog_fd, in, &err))
			goto out;
		xdp_attached = true;
	}
	if (bench_touch(ready_file, &err))
		goto out;
	while (!stop)
		bench_sleep(3600, &stop);
	status = 0;
out:
	if (xdp_attached)
		bench_xdp_detach(in_ifindex, prog_fd);
	if (tc_attached) {
		tc_opts.prog_fd = 0;
		tc_opts.flags = 0;
		tc_opts.prog_id = 0;
		bpf_tc_detach(&hook, &tc_opts);
	}
	if (hook_created)
		bpf_tc_hook_destroy(&hook);
	if (err.code)
		fprintf(stderr, "xsw-fwd: %s\n", err.msg);
	sink__destroy(skel);
	return status;
}
