// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "pktgen/common.h"
#include "pktgen/bench_abi.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

int bench_enter_netns(const char *netns, struct xsw_err *err)
{
	char path[256];
	int fd, rc;

	if (strchr(netns, '/'))
		snprintf(path, sizeof(path), "%s", netns);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", netns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return xsw_err_set(err, errno, "network namespace %s: %s",
				   path, strerror(errno));
	rc = setns(fd, CLONE_NEWNET);
	if (rc < 0)
		rc = xsw_err_set(err, errno, "setns(%s): %s", path,
				 strerror(errno));
	close(fd);
	return rc;
}

int bench_ifindex(const char *dev, struct xsw_err *err)
{
	unsigned int ifindex = if_nametoindex(dev);

	if (!ifindex)
		return xsw_err_set(err, errno, "interface %s: %s", dev,
				   strerror(errno));
	return (int)ifindex;
}

int bench_if_mac(const char *dev, __u8 mac[BENCH_ETH_ALEN],
		 struct xsw_err *err)
{
	struct ifreq ifr = { 0 };
	int fd, rc = 0;

	if (strlen(dev) >= IFNAMSIZ)
		return xsw_err_set(err, EINVAL, "interface name %s too long",
				   dev);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return xsw_err_set(err, errno, "socket: %s", strerror(errno));
	memcpy(ifr.ifr_name, dev, strlen(dev) + 1);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		rc = xsw_err_set(err, errno, "MAC address of %s: %s", dev,
				 strerror(errno));
	else
		memcpy(mac, ifr.ifr_hwaddr.sa_data, BENCH_ETH_ALEN);
	close(fd);
	return rc;
}

const char *bench_opt_name(char **argv, int optind, const char *optarg)
{
	return optind >= 2 && optarg == argv[optind - 1] ? argv[optind - 2]
							 : argv[optind - 1];
}

int bench_parse_num(const char *text, double *value)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || !isfinite(v) || v < 0)
		return -EINVAL;
	switch (*end) {
	case 'k':
	case 'K':
		v *= 1e3;
		end++;
		break;
	case 'M':
		v *= 1e6;
		end++;
		break;
	case 'G':
		v *= 1e9;
		end++;
		break;
	}
	if (*end)
		return -EINVAL;
	*value = v;
	return 0;
}

int bench_check_cpus(struct xsw_err *err)
{
	int n = libbpf_num_possible_cpus();

	if (n < 0)
		return xsw_err_set(err, n, "cannot count possible CPUs");
	if (n > BENCH_MAX_CPUS)
		return xsw_err_set(err, E2BIG,
				   "%d possible CPUs, the bench programs "
				   "keep state for %d",
				   n, BENCH_MAX_CPUS);
	return n;
}

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bench_sleep(double seconds, volatile bool *stop)
{
	double end = bench_now() + seconds, left;
	struct timespec ts;

	while (!*stop && (left = end - bench_now()) > 0) {
		if (left > 0.01)
			left = 0.01;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(left * 1e9);
		nanosleep(&ts, NULL);
	}
	left = end - bench_now();
	return left > 0 ? left : 0;
}

static volatile bool *signal_stop;

static void on_signal(int sig)
{
	(void)sig;
	if (signal_stop)
		*signal_stop = true;
}

void bench_on_signals(volatile bool *stop)
{
	struct sigaction sa = { 0 };

	signal_stop = stop;
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int bench_xdp_attach(int ifindex, int prog_fd, const char *dev,
		     struct xsw_err *err)
{
	int rc;

	rc = bpf_xdp_attach(ifindex, prog_fd,
			    XDP_FLAGS_DRV_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST,
			    NULL);
	if (rc == -EBUSY || rc == -EEXIST)
		return xsw_err_set(err, EBUSY,
				   "%s already has an XDP program; not "
				   "replacing it",
				   dev);
	if (rc)
		return xsw_err_set(err, rc, "attaching XDP to %s: %s", dev,
				   strerror(-rc));
	return 0;
}

void bench_xdp_detach(int ifindex, int prog_fd)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts, .old_prog_fd = prog_fd);

	bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE | XDP_FLAGS_REPLACE, &opts);
}

void bench_json_print(json_t *obj)
{
	if (!obj)
		return;
	json_dumpf(obj, stdout, JSON_COMPACT | JSON_REAL_PRECISION(10));
	fputc('\n', stdout);
	fflush(stdout);
	json_decref(obj);
}

int bench_touch(const char *path, struct xsw_err *err)
{
	int fd;

	if (!path)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return xsw_err_set(err, errno, "%s: %s", path,
				   strerror(errno));
	close(fd);
	return 0;
}

__attribute__((format(printf, 2, 0))) static int
libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void bench_libbpf_quiet(void)
{
	libbpf_set_print(libbpf_print);
}
