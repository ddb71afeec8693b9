// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xsw-sink: the receiving end of a bench run.  Attaches bpf/sink.bpf.c
 * (count per CPU, XDP_DROP) to --dev in native mode, and reports the
 * packet rate it saw as one line of JSON on stdout.
 *
 * Timeline of a run:
 *   attach; optionally announce (gratuitous ARPs out of --dev, so a
 *   learning switch learns this MAC and forwards to it as known unicast);
 *   touch --ready-file; wait up to --wait s for the first frame;
 *   skip --warmup s; measure --duration s, sampling every --interval s;
 *   detach; print JSON.
 * With --duration 0 it counts until SIGINT/SIGTERM instead.
 *
 * The program on --dev also makes the veth able to take redirected
 * frames (it gives the veth NAPI).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktgen/bench_abi.h"
#include "pktgen/common.h"
#include "sink.skel.h"

#define MAX_SAMPLES 100000
#define STRAY_FRAMES 256

struct options {
	const char *dev;
	const char *netns;
	const char *ready_file;
	double duration, warmup, wait, interval;
	unsigned int n_announce;
	struct in_addr announce_ip;
};

struct counts {
	__u64 n_packets, n_bytes;
};

static volatile bool stop;
static struct sink *skel;
static int n_possible_cpus;

static void usage(FILE *out)
{
	fprintf(out,
"usage: xsw-sink --dev IF [options]\n"
"Counts and drops every frame arriving on IF (XDP), reports packets/s.\n"
"  -i, --dev IF           interface to receive on\n"
"  -n, --netns NS         enter network namespace NS first\n"
"  -d, --duration SEC     measure this long (5); 0 = until SIGINT\n"
"  -w, --warmup SEC       skip this long after the first frame (1)\n"
"  -W, --wait SEC         give up if no frame arrives within SEC (10)\n"
"  -I, --interval SEC     sample period for the per-interval rates (1)\n"
"  -a, --announce N       send N gratuitous ARPs from IF first (0)\n"
"      --announce-ip A    address they announce (198.19.0.1)\n"
"  -r, --ready-file PATH  create PATH once attached and announced\n"
"Prints one line of JSON: rx_packets, rx_bytes, seconds, pps, gbps,\n"
"interval_pps (per sample) and first_frame_after (s from ready).\n");
}

static int parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_ANNOUNCE_IP = 256 };
	static const struct option longopts[] = {
		{ "dev", required_argument, NULL, 'i' },
		{ "netns", required_argument, NULL, 'n' },
		{ "duration", required_argument, NULL, 'd' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "wait", required_argument, NULL, 'W' },
		{ "interval", required_argument, NULL, 'I' },
		{ "announce", required_argument, NULL, 'a' },
		{ "announce-ip", required_argument, NULL, OPT_ANNOUNCE_IP },
		{ "ready-file", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	double v;
	int c;

	*o = (struct options){
		.duration = 5, .warmup = 1, .wait = 10, .interval = 1,
	};
	inet_pton(AF_INET, "198.19.0.1", &o->announce_ip);
	while ((c = getopt_long(argc, argv, "i:n:d:w:W:I:a:r:h", longopts,
				NULL)) != -1) {
		int rc = 0;

		switch (c) {
		case 'i':
			o->dev = optarg;
			break;
		case 'n':
			o->netns = optarg;
			break;
		case 'd':
			rc = bench_parse_num(optarg, &o->duration);
			break;
		case 'w':
			rc = bench_parse_num(optarg, &o->warmup);
			break;
		case 'W':
			rc = bench_parse_num(optarg, &o->wait);
			break;
		case 'I':
			rc = bench_parse_num(optarg, &o->interval);
			if (!rc && o->interval < 0.01)
				rc = -EINVAL;
			break;
		case 'a':
			rc = bench_parse_num(optarg, &v);
			if (!rc && v > 1000)
				rc = -EINVAL;
			o->n_announce = (unsigned int)v;
			break;
		case OPT_ANNOUNCE_IP:
			rc = inet_pton(AF_INET, optarg, &o->announce_ip) == 1 ?
				     0 : -EINVAL;
			break;
		case 'r':
			o->ready_file = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -EINVAL;
		}
		if (rc) {
			fprintf(stderr, "xsw-sink: bad value for %s: %s\n",
				bench_opt_name(argv, optind, optarg), optarg);
			return -EINVAL;
		}
	}
	if (optind < argc || !o->dev) {
		usage(stderr);
		return -EINVAL;
	}
	return 0;
}

static struct counts read_counts(void)
{
	struct counts c = { 0 };
	int i;

	for (i = 0; i < n_possible_cpus; i++) {
		c.n_packets += skel->bss->sink_cpus[i].n_packets;
		c.n_bytes += skel->bss->sink_cpus[i].n_bytes;
	}
	return c;
}

/* Gratuitous ARP requests ("who has A? tell A", from IF's MAC) out of
 * @ifindex, so switches learn where this MAC lives. */
static int announce(int ifindex, const __u8 mac[BENCH_ETH_ALEN],
		    struct in_addr ip, unsigned int n, struct xsw_err *err)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ARP),
		.sll_ifindex = ifindex,
		.sll_halen = BENCH_ETH_ALEN,
	};
	__u8 frame[60] = { 0 };
	__u8 *arp = frame + 14;
	unsigned int i;
	int fd, rc = 0;

	memset(frame, 0xff, 6);
	memcpy(frame + 6, mac, 6);
	frame[12] = 0x08;
	frame[13] = 0x06;
	arp[1] = 1;             /* htype Ethernet */
	arp[2] = 0x08;          /* ptype IPv4 */
	arp[4] = 6;             /* hlen */
	arp[5] = 4;             /* plen */
	arp[7] = 1;             /* request */
	memcpy(arp + 8, mac, 6);
	memcpy(arp + 14, &ip, 4);
	memcpy(arp + 24, &ip, 4);
	memset(sll.sll_addr, 0xff, BENCH_ETH_ALEN);

	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return xsw_err_set(err, errno, "packet socket: %s",
				   strerror(errno));
	for (i = 0; i < n && !rc; i++) {
		if (sendto(fd, frame, sizeof(frame), 0, (void *)&sll,
			   sizeof(sll)) < 0)
			rc = xsw_err_set(err, errno, "sending an ARP: %s",
					 strerror(errno));
		usleep(10000);
	}
	close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	struct counts base = { 0 }, prev, now, total = { 0 };
	double t_ready = 0, t_first = 0, t0 = 0, t_prev, t_now, seconds = 0;
	__u8 mac[BENCH_ETH_ALEN];
	struct xsw_err err = { 0 };
	json_t *out, *samples, *errors;
	struct options o;
	int ifindex, prog_fd = -1, rc, status = 1;
	bool attached = false;

	if (parse_options(argc, argv, &o))
		return 2;
	bench_libbpf_quiet();
	errors = json_array();
	samples = json_array();
	n_possible_cpus = bench_check_cpus(&err);
	if (n_possible_cpus < 0)
		goto fail;
	if (o.netns && bench_enter_netns(o.netns, &err))
		goto fail;
	ifindex = bench_ifindex(o.dev, &err);
	if (ifindex < 0)
		goto fail;
	if (bench_if_mac(o.dev, mac, &err))
		goto fail;

	skel = sink__open();
	if (!skel) {
		xsw_err_set(&err, errno, "opening the sink program: %s",
			    strerror(errno));
		goto fail;
	}
	/* Only the sink program: the forwarders are xsw-fwd's. */
	bpf_program__set_autoload(skel->progs.xsw_fwd_devmap, false);
	bpf_program__set_autoload(skel->progs.xsw_fwd_tc, false);
	rc = sink__load(skel);
	if (rc) {
		xsw_err_set(&err, rc, "loading the sink program: %s",
			    strerror(-rc));
		goto fail;
	}
	prog_fd = bpf_program__fd(skel->progs.xsw_sink);
	bench_on_signals(&stop);
	if (bench_xdp_attach(ifindex, prog_fd, o.dev, &err))
		goto fail;
	attached = true;
	if (o.n_announce &&
	    announce(ifindex, mac, o.announce_ip, o.n_announce, &err))
		goto fail;
	if (bench_touch(o.ready_file, &err))
		goto fail;
	t_ready = bench_now();

	/* Stray frames (IPv6 autoconfiguration from a peer coming up) must
	 * not start the clock: traffic has started at STRAY_FRAMES. */
	while (!stop && read_counts().n_packets < STRAY_FRAMES) {
		if (o.wait > 0 && bench_now() - t_ready > o.wait) {
			xsw_err_set(&err, ETIMEDOUT,
				    "no frame arrived within %.1f s", o.wait);
			goto fail;
		}
		bench_sleep(0.001, &stop);
	}
	t_first = bench_now();
	bench_sleep(o.warmup, &stop);

	base = prev = read_counts();
	t0 = t_prev = bench_now();
	while (!stop) {
		double left = o.duration > 0 ? o.duration - (t_prev - t0) :
					       o.interval;

		if (left <= 1e-6)
			break;
		bench_sleep(left < o.interval ? left : o.interval, &stop);
		now = read_counts();
		t_now = bench_now();
		if (t_now > t_prev && json_array_size(samples) < MAX_SAMPLES)
			json_array_append_new(
				samples,
				json_real((double)(now.n_packets -
						   prev.n_packets) /
					  (t_now - t_prev)));
		prev = now;
		t_prev = t_now;
	}
	total.n_packets = prev.n_packets - base.n_packets;
	total.n_bytes = prev.n_bytes - base.n_bytes;
	seconds = t_prev - t0;
	status = 0;

fail:
	if (attached)
		bench_xdp_detach(ifindex, prog_fd);
	if (err.code) {
		fprintf(stderr, "xsw-sink: %s\n", err.msg);
		json_array_append_new(errors, json_string(err.msg));
	}
	out = json_pack("{s:s, s:s, s:s?, s:I, s:I, s:f, s:f, s:f, s:f, "
			"s:o, s:o}",
			"tool", "xsw-sink", "dev", o.dev, "netns", o.netns,
			"rx_packets", (json_int_t)total.n_packets, "rx_bytes",
			(json_int_t)total.n_bytes, "seconds", seconds, "pps",
			seconds > 0 ? (double)total.n_packets / seconds : 0.0,
			"gbps",
			seconds > 0 ? (double)total.n_bytes * 8 / seconds / 1e9 :
				      0.0,
			"first_frame_after", t_first > 0 ? t_first - t_ready : -1.0,
			"interval_pps", samples, "errors", errors);
	bench_json_print(out);
	sink__destroy(skel);
	return status;
}
