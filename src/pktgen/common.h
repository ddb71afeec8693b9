/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Helpers shared by the bench tools (xsw-pktgen, xsw-sink, xsw-fwd):
 * entering a network namespace, looking up interfaces, parsing numbers
 * and addresses, attaching and detaching XDP, JSON output.
 *
 * Library convention: 0 or a negative errno, with a sentence in the
 * caller's struct xsw_err; nothing here prints or exits.
 */
#ifndef XSW_BENCH_COMMON_H
#define XSW_BENCH_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include <linux/types.h>

#include "lib/err.h"

#define BENCH_ETH_ALEN 6

/* Moves the calling thread into network namespace @netns: a name under
 * /run/netns (as `ip netns add` makes) or a path.  Threads created
 * afterwards inherit it.  Only the network namespace changes, so /sys/fs/bpf
 * stays as it was (`ip netns exec` would remount /sys). */
int bench_enter_netns(const char *netns, struct xsw_err *err);

/* ifindex of @dev in the current namespace, or a negative errno. */
int bench_ifindex(const char *dev, struct xsw_err *err);
int bench_if_mac(const char *dev, __u8 mac[BENCH_ETH_ALEN],
		 struct xsw_err *err);

/* The option getopt_long() just read, as the user wrote it ("--rate" for
 * "--rate 5M", "--rate=x" for "--rate=x"), for error messages. */
const char *bench_opt_name(char **argv, int optind, const char *optarg);

/* A non-negative number with an optional k, M or G suffix (powers of
 * 1000): "4.5M" is 4500000. */
int bench_parse_num(const char *text, double *value);

/* Number of possible CPUs, or a negative errno when it exceeds what the
 * per-CPU slots of bench_abi.h hold. */
int bench_check_cpus(struct xsw_err *err);

/* CLOCK_MONOTONIC in seconds. */
double bench_now(void);
/* Sleeps @seconds, returning early (with the time left) when *@stop
 * becomes true; checks every 10 ms. */
double bench_sleep(double seconds, volatile bool *stop);

/* Installs a SIGINT/SIGTERM/SIGHUP handler that sets *@stop. */
void bench_on_signals(volatile bool *stop);

/* Attaches XDP program @prog_fd to @ifindex in native (driver) mode,
 * failing with -EBUSY if a program is already there: the bench never
 * replaces somebody else's program.  Detach removes it only if it is still
 * @prog_fd. */
int bench_xdp_attach(int ifindex, int prog_fd, const char *dev,
		     struct xsw_err *err);
void bench_xdp_detach(int ifindex, int prog_fd);

/* Prints @obj as one line of JSON on stdout and drops the reference. */
void bench_json_print(json_t *obj);

/* Creates (truncates) @path, to tell a script waiting on it we are ready;
 * NULL is allowed and does nothing. */
int bench_touch(const char *path, struct xsw_err *err);

/* libbpf's messages are useful when a load fails and noise otherwise:
 * warnings and errors go to stderr, debug output nowhere. */
void bench_libbpf_quiet(void);

#endif /* XSW_BENCH_COMMON_H */
