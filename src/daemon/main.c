// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xswd: the xsw daemon.  Options: see usage() and README.md. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/daemon.h"
#include "lib/log.h"
#include "lib/util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: xswd [OPTIONS]\n"
		"The xsw daemon: keeps the switch config, serves the xsw CLI and\n"
		"runs the XDP fast path on every port.\n\n"
		"  --db FILE          config store (default " XSWD_DEFAULT_DB ")\n"
		"  --run-dir DIR      control socket and pid file (default " XSW_DEFAULT_RUN_DIR ")\n"
		"  --pin-dir DIR      bpffs directory of the fast path (default " XSWD_DEFAULT_PIN_DIR ")\n"
		"  --detach           run in the background once ready\n"
		"  --log-file FILE    log here (default: stderr; with --detach, RUN_DIR/xswd.log)\n"
		"  --log-level LEVEL  err, warn, info (default) or debug\n"
		"  --megaflows N      flow cache size (default 65536 cached flows)\n"
		"  --emc-entries N    exact-match cache size (default 8192)\n"
		"  --upcall-ring B    upcall ring buffer, bytes (default 4 MiB)\n"
		"  --cleanup          remove everything xsw set up: detach all ports, restore\n"
		"                     veth peers, unpin the fast path, delete the config file\n"
		"  -h, --help         this text\n\n"
		"Stopping xswd (SIGTERM, SIGINT) leaves the fast path forwarding; a new\n"
		"xswd takes it over without a gap.\n");
}

struct pidfile {
	int fd;
	char path[PATH_MAX];
};

/* Takes the run dir's pid file lock: one xswd per run dir. */
static int pidfile_lock(struct pidfile *pf, const char *run_dir)
{
	char buf[32] = "";
	ssize_t n;

	snprintf(pf->path, sizeof(pf->path), "%s/%s", run_dir, XSWD_PID_NAME);
	pf->fd = open(pf->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (pf->fd < 0) {
		fprintf(stderr, "xswd: cannot open %s: %s\n", pf->path,
			strerror(errno));
		return -1;
	}
	if (flock(pf->fd, LOCK_EX | LOCK_NB) < 0) {
		n = pread(pf->fd, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		fprintf(stderr, "xswd: another xswd (pid %s) is running with run dir %s\n",
			buf[0] ? buf : "?", run_dir);
		close(pf->fd);
		return -1;
	}
	return 0;
}

static void pidfile_write(struct pidfile *pf)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());

	if (ftruncate(pf->fd, 0) < 0 || pwrite(pf->fd, buf, (size_t)len, 0) != len)
		xsw_warn("xswd", "cannot write %s: %s", pf->path, strerror(errno));
}

/* --detach: the parent waits on a pipe until the child is serving (or has
 * failed), so `xswd --detach && xsw add-br br0` works. */
static int ready_pipe[2] = { -1, -1 };

static void notify_ready(void *arg)
{
	struct pidfile *pf = arg;
	char ok = 0;

	pidfile_write(pf);
	if (ready_pipe[1] >= 0) {
		if (write(ready_pipe[1], &ok, 1) < 0) {
			/* the parent is gone; nothing to tell */
		}
		close(ready_pipe[1]);
		ready_pipe[1] = -1;
	}
}

static int detach(void)
{
	char status = 1;
	pid_t pid;
	int fd;

	if (pipe2(ready_pipe, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		close(ready_pipe[1]);
		if (read(ready_pipe[0], &status, 1) != 1)
			status = 1; /* the child died before it was ready */
		_exit(status);
	}
	close(ready_pipe[0]);
	setsid();
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "run-dir", required_argument, NULL, 'r' },
		{ "pin-dir", required_argument, NULL, 'p' },
		{ "detach", no_argument, NULL, 'D' },
		{ "log-file", required_argument, NULL, 'l' },
		{ "log-level", required_argument, NULL, 'L' },
		{ "cleanup", no_argument, NULL, 'C' },
		{ "megaflows", required_argument, NULL, 'M' },
		{ "emc-entries", required_argument, NULL, 'E' },
		{ "upcall-ring", required_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct xswd_opts opts = {
		.db_path = XSWD_DEFAULT_DB,
		.run_dir = XSW_DEFAULT_RUN_DIR,
		.pin_dir = XSWD_DEFAULT_PIN_DIR,
	};
	const char *log_file = NULL;
	char default_log[PATH_MAX + 16], db_dir[PATH_MAX];
	struct xsw_err err = { 0 };
	bool want_detach = false;
	enum xsw_log_level level;
	struct pidfile pf;
	struct xswd d;
	int c, ret;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			opts.db_path = optarg;
			break;
		case 'r':
			opts.run_dir = optarg;
			break;
		case 'p':
			opts.pin_dir = optarg;
			break;
		case 'D':
			want_detach = true;
			break;
		case 'l':
			log_file = optarg;
			break;
		case 'L':
			if (xsw_log_level_parse(optarg, &level)) {
				fprintf(stderr, "xswd: unknown log level \"%s\" (err, warn, info, debug)\n",
					optarg);
				return 2;
			}
			xsw_log_set_level(level);
			break;
		case 'C':
			opts.cleanup = true;
			break;
		case 'M':
		case 'E':
		case 'U': {
			uint64_t v;

			if (xsw_parse_u64(optarg, 16, c == 'U' ? (1ULL << 30) : 16000000,
					  &v)) {
				fprintf(stderr, "xswd: --%s: \"%s\" is not a number in range\n",
					c == 'M' ? "megaflows" :
					c == 'E' ? "emc-entries" : "upcall-ring",
					optarg);
				return 2;
			}
			if (c == 'M')
				opts.megaflows = (uint32_t)v;
			else if (c == 'E')
				opts.emc_entries = (uint32_t)v;
			else
				opts.upcall_ring = (uint32_t)v;
			break;
		}
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "xswd: unexpected argument \"%s\"\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (geteuid() != 0) {
		fprintf(stderr, "xswd: must run as root (it loads XDP programs)\n");
		return 1;
	}
	xsw_strlcpy(db_dir, opts.db_path, sizeof(db_dir));
	if (strrchr(db_dir, '/'))
		*strrchr(db_dir, '/') = '\0';
	else
		strcpy(db_dir, ".");
	if ((ret = xsw_mkdir_p(opts.run_dir, 0755)) ||
	    (ret = xsw_mkdir_p(db_dir, 0700))) {
		fprintf(stderr, "xswd: cannot create %s: %s\n",
			access(opts.run_dir, F_OK) ? opts.run_dir : db_dir,
			strerror(-ret));
		return 1;
	}
	if (pidfile_lock(&pf, opts.run_dir))
		return 1;
	if (want_detach && !log_file && !opts.cleanup) {
		snprintf(default_log, sizeof(default_log), "%s/xswd.log",
			 opts.run_dir);
		log_file = default_log;
	}
	if (log_file && (ret = xsw_log_set_file(log_file))) {
		fprintf(stderr, "xswd: cannot open log %s: %s\n", log_file,
			strerror(-ret));
		return 1;
	}
	if (want_detach && !opts.cleanup && detach() < 0) {
		fprintf(stderr, "xswd: cannot detach: %s\n", strerror(errno));
		return 1;
	}

	ret = xswd_init(&d, &opts, &err);
	if (ret) {
		xsw_err_log("xswd", "%s", err.msg);
		if (log_file)
			fprintf(stderr, "xswd: %s\n", err.msg);
		xswd_fini(&d);
		return 1;
	}
	if (opts.cleanup) {
		ret = xswd_cleanup_all(&d, &err);
		xswd_fini(&d);
		if (ret) {
			fprintf(stderr, "xswd: cleanup incomplete: %s\n", err.msg);
			return 1;
		}
		unlink(pf.path);
		printf("xswd: removed all ports, the fast path in %s and %s\n",
		       opts.pin_dir, opts.db_path);
		return 0;
	}
	ret = xswd_run(&d, notify_ready, &pf);
	xswd_fini(&d);
	unlink(pf.path);
	xsw_info("xswd", "stopped");
	return ret ? 1 : 0;
}
