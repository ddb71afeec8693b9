// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "lib/log.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"

static enum xsw_log_level log_level = XSW_LOG_INFO;
static FILE *log_file;

static const char *const level_names[] = {
	[XSW_LOG_ERR] = "ERR",
	[XSW_LOG_WARN] = "WARN",
	[XSW_LOG_INFO] = "INFO",
	[XSW_LOG_DEBUG] = "DEBUG",
};

void xsw_log_set_level(enum xsw_log_level level)
{
	log_level = level;
}

int xsw_log_level_parse(const char *s, enum xsw_log_level *level)
{
	for (size_t i = 0; i < XSW_ARRAY_SIZE(level_names); i++) {
		if (!strcasecmp(s, level_names[i])) {
			*level = (enum xsw_log_level)i;
			return 0;
		}
	}
	return -EINVAL;
}

int xsw_log_set_file(const char *path)
{
	FILE *f;

	if (!path || !*path) {
		if (log_file)
			fclose(log_file);
		log_file = NULL;
		return 0;
	}
	f = fopen(path, "ae");
	if (!f)
		return -errno;
	setvbuf(f, NULL, _IOLBF, 0);
	if (log_file)
		fclose(log_file);
	log_file = f;
	return 0;
}

void xsw_log(enum xsw_log_level level, const char *module, const char *fmt,
	     ...)
{
	FILE *out = log_file ? log_file : stderr;
	struct timespec ts;
	struct tm tm;
	char stamp[32];
	va_list ap;
	int saved_errno = errno;

	if (level > log_level)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(out, "%s.%03ldZ xswd[%d] %s %s: ", stamp, ts.tv_nsec / 1000000,
		(int)getpid(), level_names[level], module);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	errno = saved_errno;
}

#define RL_PERIOD_NS (5ULL * 1000000000ULL)
#define RL_BURST 10

int xsw_ratelimit_ok(struct xsw_ratelimit *rl)
{
	uint64_t now = xsw_mono_ns();

	if (now - rl->window_start_ns >= RL_PERIOD_NS) {
		if (rl->n_suppressed)
			xsw_log(XSW_LOG_WARN, "log", "%u similar messages suppressed",
				rl->n_suppressed);
		rl->window_start_ns = now;
		rl->n_in_window = 0;
		rl->n_suppressed = 0;
	}
	if (rl->n_in_window < RL_BURST) {
		rl->n_in_window++;
		return 1;
	}
	rl->n_suppressed++;
	return 0;
}
