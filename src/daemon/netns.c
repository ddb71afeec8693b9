// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "daemon/netns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/netlink.h"

struct seen {
	dev_t dev;
	ino_t ino;
};

/* Tries one namespace file; returns its fd if it carries @nsid, -1 if
 * not; remembers its inode in @seen so each namespace is asked once. */
static int try_ns(const char *path, int nsid, struct seen **seen,
		  size_t *n_seen, size_t *cap)
{
	struct stat st;
	int fd, id;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto no;
	for (size_t i = 0; i < *n_seen; i++)
		if ((*seen)[i].dev == st.st_dev && (*seen)[i].ino == st.st_ino)
			goto no;
	if (*n_seen == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct seen *p = realloc(*seen, ncap * sizeof(**seen));

		if (!p)
			goto no;
		*seen = p;
		*cap = ncap;
	}
	(*seen)[(*n_seen)++] = (struct seen){ st.st_dev, st.st_ino };
	if (xsw_nl_nsid_of(fd, &id) == 0 && id == nsid)
		return fd;
no:
	close(fd);
	return -1;
}

static int scan_dir(const char *dir, const char *suffix, int numeric_only,
		    int nsid, struct seen **seen, size_t *n_seen, size_t *cap)
{
	struct dirent *de;
	char path[512];
	DIR *d = opendir(dir);
	int fd = -1;

	if (!d)
		return -1;
	while (fd < 0 && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (numeric_only && (de->d_name[0] < '0' || de->d_name[0] > '9'))
			continue;
		snprintf(path, sizeof(path), "%s/%s%s", dir, de->d_name, suffix);
		fd = try_ns(path, nsid, seen, n_seen, cap);
	}
	closedir(d);
	return fd;
}

int xsw_netns_open_by_nsid(int nsid)
{
	struct seen *seen = NULL;
	size_t n_seen = 0, cap = 0;
	int fd;

	fd = scan_dir("/run/netns", "", 0, nsid, &seen, &n_seen, &cap);
	if (fd < 0)
		fd = scan_dir("/proc", "/ns/net", 1, nsid, &seen, &n_seen, &cap);
	free(seen);
	return fd >= 0 ? fd : -ENOENT;
}

struct ns_socket_job {
	int nsfd, domain, type, protocol;
	int result; /* fd or -errno */
};

static void *ns_socket_thread(void *arg)
{
	struct ns_socket_job *job = arg;

	if (setns(job->nsfd, CLONE_NEWNET) < 0) {
		job->result = -errno;
		return NULL;
	}
	job->result = socket(job->domain, job->type | SOCK_CLOEXEC,
			     job->protocol);
	if (job->result < 0)
		job->result = -errno;
	return NULL;
}

int xsw_netns_socket(int nsfd, int domain, int type, int protocol)
{
	struct ns_socket_job job = { nsfd, domain, type, protocol, -EINVAL };
	pthread_t t;
	int ret;

	if (nsfd < 0) {
		ret = socket(domain, type | SOCK_CLOEXEC, protocol);
		return ret < 0 ? -errno : ret;
	}
	ret = pthread_create(&t, NULL, ns_socket_thread, &job);
	if (ret)
		return -ret;
	pthread_join(t, NULL);
	return job.result;
}
