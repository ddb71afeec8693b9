/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Logging for xswd.  Lines go to stderr, or to a file once xswd detaches:
 *   2026-11-21T10:00:00.123Z xswd[1234] INFO port: veth1 attached to br0
 * Call sites that can fire per packet or per event storm use
 * XSW_LOG_RL(): at most a burst of lines per period per call site, then a
 * note of how many were suppressed.
 */
#ifndef XSW_LOG_H
#define XSW_LOG_H

#include <stdint.h>
#include <stdio.h>

enum xsw_log_level {
	XSW_LOG_ERR,
	XSW_LOG_WARN,
	XSW_LOG_INFO,
	XSW_LOG_DEBUG,
};

void xsw_log_set_level(enum xsw_log_level level);
/* Returns 0 or -errno; "" or NULL logs to stderr. */
int xsw_log_set_file(const char *path);
int xsw_log_level_parse(const char *s, enum xsw_log_level *level);

void xsw_log(enum xsw_log_level level, const char *module, const char *fmt,
	     ...) __attribute__((format(printf, 3, 4)));

struct xsw_ratelimit {
	uint64_t window_start_ns;
	unsigned int n_in_window;
	unsigned int n_suppressed;
};

/* True if the caller may log now (10 lines per 5 s per limiter). */
int xsw_ratelimit_ok(struct xsw_ratelimit *rl);

#define XSW_LOG_RL(level, module, ...)                                        \
	do {                                                                  \
		static struct xsw_ratelimit rl_;                              \
		if (xsw_ratelimit_ok(&rl_))                                   \
			xsw_log(level, module, __VA_ARGS__);                  \
	} while (0)

#define xsw_err_log(mod, ...) xsw_log(XSW_LOG_ERR, mod, __VA_ARGS__)
#define xsw_warn(mod, ...) xsw_log(XSW_LOG_WARN, mod, __VA_ARGS__)
#define xsw_info(mod, ...) xsw_log(XSW_LOG_INFO, mod, __VA_ARGS__)
#define xsw_debug(mod, ...) xsw_log(XSW_LOG_DEBUG, mod, __VA_ARGS__)

#endif /* XSW_LOG_H */
