// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The XDP datapath backend.
 *
 * State on bpffs, under the pin directory (default /sys/fs/bpf/xsw):
 *   maps/<name>        every map of xsw_xdp.bpf.c (layouts: include/xsw/)
 *   progs/xsw_ingress  the program attached to ports (for bpftool users)
 *   progs/xsw_egress   the devmap program of flood-group members
 *   links/port<N>      the XDP bpf_link of port N: pinned, so the program
 *                      stays attached while xswd is not running
 *
 * open() loads the programs of this xswd build, reusing the pinned maps
 * (learned MACs, counters, flood groups survive); port_attach() then moves
 * each running link to the new program with bpf_link_update(), which is
 * atomic: no frame sees a port without a program.  A pinned map whose
 * layout differs from this build's (an upgrade that changed a struct) is
 * recreated and refilled from the config; only its contents are lost.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <linux/if_link.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <dirent.h>
#include <limits.h>

#include "daemon/dp_xdp.h"
#include "lib/log.h"
#include "lib/util.h"

#define BPFFS_ROOT "/sys/fs/bpf"

static void pin_path(const struct xsw_dp *dp, char *buf, size_t size,
		     const char *sub, const char *name)
{
	snprintf(buf, size, "%s/%s/%s", dp->pin_dir, sub, name);
}

static void link_pin_path(const struct xsw_dp *dp, char *buf, size_t size,
			  uint32_t port_no)
{
	char name[32];

	snprintf(name, sizeof(name), "port%u", port_no);
	pin_path(dp, buf, size, "links", name);
}

/* Makes sure @dir is on a bpffs, mounting /sys/fs/bpf if that is where it
 * should be and nothing is mounted yet (as bpftool and ip do). */
static int ensure_bpffs(const char *dir, struct xsw_err *err)
{
	struct statfs st;

	if (statfs(BPFFS_ROOT, &st) == 0 && st.f_type != BPF_FS_MAGIC &&
	    !strncmp(dir, BPFFS_ROOT "/", strlen(BPFFS_ROOT) + 1)) {
		if (mount("bpf", BPFFS_ROOT, "bpf", 0, "mode=0700") < 0)
			return xsw_err_set(err, errno,
					   "cannot mount bpffs on " BPFFS_ROOT ": %s",
					   strerror(errno));
		xsw_info("dp", "mounted bpffs on " BPFFS_ROOT);
	}
	if (xsw_mkdir_p(dir, 0700) < 0)
		return xsw_err_set(err, errno, "cannot create pin directory %s: %s",
				   dir, strerror(errno));
	if (statfs(dir, &st) < 0 || st.f_type != BPF_FS_MAGIC)
		return xsw_err_set(err, EINVAL,
				   "pin directory %s is not on a bpf filesystem",
				   dir);
	return 0;
}

/* Did this ABI version create the pinned maps (xsw_abi)?  With none
 * pinned, there is nothing to doubt. */
static bool pinned_abi_matches(const struct xsw_dp *dp)
{
	char path[PATH_MAX];
	__u32 key = 0, version = 0;
	int fd, ret;

	pin_path(dp, path, sizeof(path), "maps", "xsw_ports");
	if (access(path, F_OK))
		return true;
	pin_path(dp, path, sizeof(path), "maps", "xsw_abi");
	fd = bpf_obj_get(path);
	if (fd < 0)
		return false; /* pinned before the version was */
	ret = bpf_map_lookup_elem(fd, &key, &version);
	close(fd);
	return ret == 0 && version == XSW_ABI_VERSION;
}

/* Makes @map use its pinned instance when that has this build's layout
 * (the kernel adds BPF_F_RDONLY_PROG to devmaps, so that flag is not
 * compared); a pinned map with another layout, or of another ABI version
 * (@same_abi false: a layout may change without a size), is unpinned and
 * recreated.  Returns 1 if reused, 0 if the map will be created, or
 * -errno. */
static int reuse_pinned_map(struct bpf_map *map, const char *path,
			    bool same_abi)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	int fd = bpf_obj_get(path), ret;

	if (fd < 0)
		return 0;
	if (!same_abi) {
		close(fd);
		unlink(path);
		return 0;
	}
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0 &&
	    info.type == bpf_map__type(map) &&
	    info.key_size == bpf_map__key_size(map) &&
	    info.value_size == bpf_map__value_size(map) &&
	    info.max_entries == bpf_map__max_entries(map) &&
	    (info.map_flags & ~BPF_F_RDONLY_PROG) ==
		    (bpf_map__map_flags(map) & ~BPF_F_RDONLY_PROG)) {
		ret = bpf_map__reuse_fd(map, fd);
		close(fd);
		return ret ? ret : 1;
	}
	close(fd);
	xsw_warn("dp", "pinned map %s has another layout (older xsw?): recreating it",
		 path);
	unlink(path);
	return 0;
}

static int pin_program(struct xsw_dp *dp, struct bpf_program *prog,
		       struct xsw_err *err)
{
	char path[PATH_MAX];

	pin_path(dp, path, sizeof(path), "progs", bpf_program__name(prog));
	unlink(path);
	if (bpf_program__pin(prog, path))
		return xsw_err_set(err, errno, "cannot pin %s: %s", path,
				   strerror(errno));
	return 0;
}

/* libbpf's messages (verifier logs among them) go to xswd's log. */
static int libbpf_log(enum libbpf_print_level level, const char *fmt,
		      va_list ap)
{
	char line[1024];

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	if (line[0])
		xsw_log(level == LIBBPF_WARN ? XSW_LOG_WARN : XSW_LOG_INFO,
			"libbpf", "%s", line);
	return 0;
}

static void xdp_close(struct xsw_dp *dp)
{
	if (!dp)
		return;
	xdp_cache_close(dp);
	for (size_t i = 0; i < XSW_MAX_FLOOD_GROUPS; i++)
		if (dp->flood_fds[i] >= 0)
			close(dp->flood_fds[i]);
	xsw_xdp__destroy(dp->skel);
	free(dp);
}

static int xdp_open(const struct xsw_dp_opts *opts, struct xsw_dp **dpp,
		    struct xsw_err *err)
{
	static const char *const subdirs[] = { "maps", "progs", "links" };
	char path[PATH_MAX];
	struct bpf_map *map;
	bool same_abi;
	struct xsw_dp *dp;
	int ret;

	dp = calloc(1, sizeof(*dp));
	if (!dp)
		return xsw_err_set(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < XSW_MAX_FLOOD_GROUPS; i++)
		dp->flood_fds[i] = -1;
	if (xsw_strlcpy(dp->pin_dir, opts->pin_dir, sizeof(dp->pin_dir)) >=
	    sizeof(dp->pin_dir)) {
		ret = xsw_err_set(err, ENAMETOOLONG, "pin directory name too long");
		goto fail;
	}
	ret = ensure_bpffs(dp->pin_dir, err);
	if (ret)
		goto fail;
	for (size_t i = 0; i < XSW_ARRAY_SIZE(subdirs); i++) {
		snprintf(path, sizeof(path), "%s/%s", dp->pin_dir, subdirs[i]);
		if (xsw_mkdir_p(path, 0700) < 0) {
			ret = xsw_err_set(err, errno, "cannot create %s: %s", path,
					  strerror(errno));
			goto fail;
		}
	}
	libbpf_set_print(libbpf_log);
	dp->n_cpus = libbpf_num_possible_cpus();
	if (dp->n_cpus <= 0) {
		ret = xsw_err_set(err, EINVAL, "cannot count possible CPUs");
		goto fail;
	}
	dp->skel = xsw_xdp__open();
	if (!dp->skel) {
		ret = xsw_err_set(err, errno, "cannot open the BPF object: %s",
				  strerror(errno));
		goto fail;
	}
	/* Sizes first: a pinned map is reused only if its size matches. */
	ret = xdp_cache_configure(dp, opts, err);
	if (ret)
		goto fail;
	same_abi = pinned_abi_matches(dp);
	if (!same_abi)
		xsw_warn("dp", "the pinned maps in %s are of another xsw ABI version: recreating them (learned MACs and cached flows are lost)",
			 dp->pin_dir);
	bpf_object__for_each_map(map, dp->skel->obj)
	{
		/* The inner-map template of xsw_flood is only for the verifier. */
		if (strchr(bpf_map__name(map), '.'))
			continue;
		pin_path(dp, path, sizeof(path), "maps", bpf_map__name(map));
		ret = reuse_pinned_map(map, path, same_abi);
		if (ret < 0) {
			ret = xsw_err_set(err, ret, "cannot reuse %s: %s", path,
					  strerror(-ret));
			goto fail;
		}
	}
	ret = xsw_xdp__load(dp->skel);
	if (ret) {
		ret = xsw_err_set(err, ret,
				  "cannot load the xsw XDP programs: %s (libbpf's messages are in xswd's log)",
				  strerror(-ret));
		goto fail;
	}
	/* Pin what was created now; reused maps are pinned already. */
	bpf_object__for_each_map(map, dp->skel->obj)
	{
		if (strchr(bpf_map__name(map), '.'))
			continue;
		pin_path(dp, path, sizeof(path), "maps", bpf_map__name(map));
		if (access(path, F_OK) == 0)
			continue;
		if (bpf_obj_pin(bpf_map__fd(map), path)) {
			ret = xsw_err_set(err, errno, "cannot pin %s: %s", path,
					  strerror(errno));
			goto fail;
		}
	}
	{
		__u32 key = 0, version = XSW_ABI_VERSION;

		bpf_map_update_elem(bpf_map__fd(dp->skel->maps.xsw_abi), &key,
				    &version, BPF_ANY);
	}
	ret = pin_program(dp, dp->skel->progs.xsw_ingress, err);
	if (!ret)
		ret = pin_program(dp, dp->skel->progs.xsw_egress, err);
	if (!ret)
		ret = xdp_cache_open(dp, err);
	if (ret)
		goto fail;
	*dpp = dp;
	return 0;
fail:
	xdp_close(dp);
	return ret;
}

static int rm_pins_in(const char *dir)
{
	struct dirent *de;
	char path[PATH_MAX];
	DIR *d = opendir(dir);

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) <
		    (int)sizeof(path))
			unlink(path);
	}
	closedir(d);
	return rmdir(dir) < 0 && errno != ENOENT ? -errno : 0;
}

static int xdp_destroy(struct xsw_dp *dp, struct xsw_err *err)
{
	static const char *const subdirs[] = { "links", "progs", "maps" };
	char path[PATH_MAX];
	int ret = 0;

	if (!dp)
		return 0;
	for (size_t i = 0; i < XSW_ARRAY_SIZE(subdirs); i++) {
		snprintf(path, sizeof(path), "%s/%s", dp->pin_dir, subdirs[i]);
		if (rm_pins_in(path) < 0 && !ret)
			ret = xsw_err_set(err, errno, "cannot remove %s: %s", path,
					  strerror(errno));
	}
	if (rmdir(dp->pin_dir) < 0 && errno != ENOENT && !ret)
		ret = xsw_err_set(err, errno, "cannot remove %s: %s", dp->pin_dir,
				  strerror(errno));
	xdp_close(dp);
	return ret;
}

/* The inner devmap of a flood group, created on first use. */
int xdp_flood_group_fd(struct xsw_dp *dp, uint32_t group, bool create,
		       struct xsw_err *err)
{
	int outer = bpf_map__fd(dp->skel->maps.xsw_flood);
	__u32 id = 0;
	int fd;

	if (group >= XSW_MAX_FLOOD_GROUPS)
		return xsw_err_set(err, ERANGE, "flood group %u out of range",
				   group);
	if (dp->flood_fds[group] >= 0)
		return dp->flood_fds[group];
	if (bpf_map_lookup_elem(outer, &group, &id) == 0 && id) {
		fd = bpf_map_get_fd_by_id(id);
		if (fd < 0)
			return xsw_err_set(err, errno,
					   "cannot open flood group %u (map id %u): %s",
					   group, id, strerror(errno));
		return dp->flood_fds[group] = fd;
	}
	if (!create)
		return -ENOENT;
	fd = bpf_map_create(BPF_MAP_TYPE_DEVMAP_HASH, "xsw_flood_group",
			    sizeof(__u32), sizeof(struct bpf_devmap_val),
			    XSW_MAX_PORTS, NULL);
	if (fd < 0)
		return xsw_err_set(err, errno, "cannot create flood group %u: %s",
				   group, strerror(errno));
	if (bpf_map_update_elem(outer, &group, &fd, BPF_ANY)) {
		int e = errno;

		close(fd);
		return xsw_err_set(err, e, "cannot install flood group %u: %s",
				   group, strerror(e));
	}
	return dp->flood_fds[group] = fd;
}

static int xdp_bridge_set(struct xsw_dp *dp, uint32_t bridge_id,
			  const struct xsw_bridge_info *info,
			  struct xsw_err *err)
{
	int ret;

	ret = xdp_flood_group_fd(dp, bridge_id, true, err);
	if (ret < 0)
		return ret;
	if (bpf_map_update_elem(bpf_map__fd(dp->skel->maps.xsw_bridges),
				&bridge_id, info, BPF_ANY))
		return xsw_err_set(err, errno, "cannot write bridge %u: %s",
				   bridge_id, strerror(errno));
	return 0;
}

static int xdp_fdb_flush(struct xsw_dp *dp, const struct xsw_fdb_filter *f);

void xdp_flood_group_del(struct xsw_dp *dp, uint32_t group)
{
	bpf_map_delete_elem(bpf_map__fd(dp->skel->maps.xsw_flood), &group);
	if (group < XSW_MAX_FLOOD_GROUPS && dp->flood_fds[group] >= 0) {
		close(dp->flood_fds[group]);
		dp->flood_fds[group] = -1;
	}
}

static int xdp_bridge_del(struct xsw_dp *dp, uint32_t bridge_id,
			  struct xsw_err *err)
{
	struct xsw_fdb_filter f = { .bridge_id = bridge_id };
	struct xsw_bridge_info zero = { 0 };
	uint32_t group = bridge_id;

	xdp_flood_group_del(dp, group);
	xdp_cache_bridge_flush(dp, bridge_id);
	if (bpf_map_update_elem(bpf_map__fd(dp->skel->maps.xsw_bridges),
				&bridge_id, &zero, BPF_ANY))
		return xsw_err_set(err, errno, "cannot clear bridge %u: %s",
				   bridge_id, strerror(errno));
	xdp_fdb_flush(dp, &f);
	return 0;
}

/* Removes a port's forwarding state (not its link). */
int xdp_flood_group_add(struct xsw_dp *dp, uint32_t group, uint32_t port_no,
			int ifindex, bool create, struct xsw_err *err)
{
	struct bpf_devmap_val member = {
		.ifindex = (__u32)ifindex,
		.bpf_prog.fd = bpf_program__fd(dp->skel->progs.xsw_egress),
	};
	int fd = xdp_flood_group_fd(dp, group, create, err);

	if (fd < 0)
		return fd;
	return bpf_map_update_elem(fd, &port_no, &member, BPF_ANY) ? -errno : 0;
}

void xdp_flood_group_remove(struct xsw_dp *dp, uint32_t group,
			    uint32_t port_no)
{
	int fd = xdp_flood_group_fd(dp, group, false, NULL);

	if (fd >= 0)
		bpf_map_delete_elem(fd, &port_no);
}

static void unmap_port(struct xsw_dp *dp, int ifindex, uint32_t port_no,
		       uint32_t flood_group)
{
	__u32 key = (__u32)ifindex;

	xdp_flood_group_remove(dp, flood_group, port_no);
	bpf_map_delete_elem(bpf_map__fd(dp->skel->maps.xsw_tx_ports), &port_no);
	bpf_map_delete_elem(bpf_map__fd(dp->skel->maps.xsw_ports), &key);
}

static int map_port(struct xsw_dp *dp, const struct xsw_dp_port *port,
		    struct xsw_err *err)
{
	struct xsw_port_info info = {
		.port_no = port->port_no,
		.bridge_id = port->bridge_id,
		.flood_group = port->flood_group,
	};
	struct bpf_devmap_val tx = { .ifindex = (__u32)port->ifindex };
	__u32 key = (__u32)port->ifindex;
	int ret;

	if (bpf_map_update_elem(bpf_map__fd(dp->skel->maps.xsw_ports), &key,
				&info, BPF_ANY))
		return xsw_err_set(err, errno, "cannot add %s to the port map: %s",
				   port->name, strerror(errno));
	if (bpf_map_update_elem(bpf_map__fd(dp->skel->maps.xsw_tx_ports),
				&port->port_no, &tx, BPF_ANY)) {
		ret = xsw_err_set(err, errno, "cannot add %s to the tx devmap: %s",
				  port->name, strerror(errno));
		goto fail;
	}
	ret = xdp_flood_group_add(dp, port->flood_group, port->port_no,
				  port->ifindex, true, err);
	if (ret) {
		if (!err || !err->msg[0])
			xsw_err_set(err, -ret,
				    "cannot add %s to its flood group: %s",
				    port->name, strerror(-ret));
		goto fail;
	}
	return 0;
fail:
	unmap_port(dp, port->ifindex, port->port_no, port->flood_group);
	return ret;
}

/* Explains a failed XDP attach in words the user can act on. */
static int attach_error(const struct xsw_dp_port *port, int e,
			struct xsw_err *err)
{
	switch (e) {
	case EOPNOTSUPP:
		return xsw_err_set(err, e,
				   "interface %s cannot take XDP in native (driver) mode; xsw needs a driver with XDP support (veth, tun/tap, most NICs)",
				   port->name);
	case EBUSY:
	case EEXIST:
		return xsw_err_set(err, e,
				   "interface %s already has an XDP program attached; detach it first (ip link set dev %s xdp off)",
				   port->name, port->name);
	case ERANGE:
		return xsw_err_set(err, e,
				   "the MTU of %s (or of its veth peer) is larger than XDP allows on this interface",
				   port->name);
	default:
		return xsw_err_set(err, e, "cannot attach XDP to %s: %s",
				   port->name, strerror(e));
	}
}

/* Takes over the pinned link of @port if it still drives port->ifindex;
 * returns 1 if it did, 0 if there was none (or a stale one, now removed). */
static int adopt_link(struct xsw_dp *dp, const struct xsw_dp_port *port,
		      const char *path, struct xsw_err *err)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	int fd = bpf_obj_get(path);

	if (fd < 0)
		return 0;
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0 &&
	    info.type == BPF_LINK_TYPE_XDP &&
	    info.xdp.ifindex == (__u32)port->ifindex) {
		int ret = bpf_link_update(
			fd, bpf_program__fd(dp->skel->progs.xsw_ingress), NULL);

		close(fd);
		if (ret)
			return xsw_err_set(err, errno,
					   "cannot switch %s to the new program: %s",
					   port->name, strerror(errno));
		return 1;
	}
	/* The interface went away (the link is defunct) or was replaced. */
	bpf_link_detach(fd);
	close(fd);
	unlink(path);
	return 0;
}

static int xdp_port_attach(struct xsw_dp *dp, const struct xsw_dp_port *port,
			   struct xsw_err *err)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = XDP_FLAGS_DRV_MODE);
	char path[PATH_MAX];
	int ret, fd;

	ret = map_port(dp, port, err);
	if (ret)
		return ret;
	link_pin_path(dp, path, sizeof(path), port->port_no);
	ret = adopt_link(dp, port, path, err);
	if (ret < 0)
		goto fail;
	if (ret == 1)
		goto attached;
	fd = bpf_link_create(bpf_program__fd(dp->skel->progs.xsw_ingress),
			     port->ifindex, BPF_XDP, &opts);
	if (fd < 0) {
		ret = attach_error(port, errno, err);
		goto fail;
	}
	if (bpf_obj_pin(fd, path)) {
		ret = xsw_err_set(err, errno, "cannot pin the XDP link of %s at %s: %s",
				  port->name, path, strerror(errno));
		bpf_link_detach(fd);
		close(fd);
		goto fail;
	}
	close(fd);
attached:
	xdp_cache_port_attached(dp, port->port_no, port->ifindex);
	return 0;
fail:
	unmap_port(dp, port->ifindex, port->port_no, port->flood_group);
	return ret;
}

static void drop_link(struct xsw_dp *dp, uint32_t port_no)
{
	char path[PATH_MAX];
	int fd;

	link_pin_path(dp, path, sizeof(path), port_no);
	fd = bpf_obj_get(path);
	if (fd >= 0) {
		bpf_link_detach(fd);
		close(fd);
	}
	unlink(path);
}

static int xdp_port_detach(struct xsw_dp *dp, const struct xsw_dp_port *port,
			   struct xsw_err *err)
{
	drop_link(dp, port->port_no);
	unmap_port(dp, port->ifindex, port->port_no, port->flood_group);
	xdp_cache_port_detached(dp, port->port_no);
	return 0;
}

static int xdp_ports_prune(struct xsw_dp *dp, const bool *keep, size_t n_keep)
{
	int ports_fd = bpf_map__fd(dp->skel->maps.xsw_ports);
	struct xsw_port_info info;
	__u32 key, next, *prev = NULL;
	char dir[PATH_MAX];
	struct dirent *de;
	DIR *d;

	/* Links first, so no program runs for a port being unmapped. */
	snprintf(dir, sizeof(dir), "%s/links", dp->pin_dir);
	d = opendir(dir);
	if (d) {
		while ((de = readdir(d))) {
			unsigned int port_no;

			if (sscanf(de->d_name, "port%u", &port_no) != 1)
				continue;
			if (port_no < n_keep && keep[port_no])
				continue;
			xsw_info("dp", "detaching port %u left from an earlier run",
				 port_no);
			drop_link(dp, port_no);
		}
		closedir(d);
	}
	/* Collect, then delete: deleting while walking a hash map restarts
	 * the walk. */
	struct { __u32 ifindex, port_no, flood_group; } stale[XSW_MAX_PORTS];
	size_t n_stale = 0;

	while (bpf_map_get_next_key(ports_fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(ports_fd, &key, &info))
			continue;
		if (info.port_no < n_keep && keep[info.port_no])
			continue;
		if (n_stale < XSW_MAX_PORTS) {
			stale[n_stale].ifindex = key;
			stale[n_stale].port_no = info.port_no;
			stale[n_stale++].flood_group = info.flood_group;
		}
	}
	for (size_t i = 0; i < n_stale; i++)
		unmap_port(dp, (int)stale[i].ifindex, stale[i].port_no,
			   stale[i].flood_group);
	return 0;
}

static int xdp_port_stats_get(struct xsw_dp *dp, uint32_t port_no,
			      struct xsw_port_stats *out)
{
	struct xsw_port_stats *per_cpu;
	int ret = 0;

	per_cpu = calloc((size_t)dp->n_cpus, sizeof(*per_cpu));
	if (!per_cpu)
		return -ENOMEM;
	if (bpf_map_lookup_elem(bpf_map__fd(dp->skel->maps.xsw_port_stats),
				&port_no, per_cpu)) {
		ret = -errno;
		goto out;
	}
	memset(out, 0, sizeof(*out));
	for (int c = 0; c < dp->n_cpus; c++) {
		const __u64 *src = (const __u64 *)&per_cpu[c];
		__u64 *dst = (__u64 *)out;

		for (size_t i = 0; i < sizeof(*out) / sizeof(__u64); i++)
			dst[i] += src[i];
	}
out:
	free(per_cpu);
	return ret;
}

static int xdp_port_stats_clear(struct xsw_dp *dp, uint32_t port_no)
{
	struct xsw_port_stats *zero;
	int ret = 0;

	zero = calloc((size_t)dp->n_cpus, sizeof(*zero));
	if (!zero)
		return -ENOMEM;
	if (bpf_map_update_elem(bpf_map__fd(dp->skel->maps.xsw_port_stats),
				&port_no, zero, BPF_ANY))
		ret = -errno;
	free(zero);
	return ret;
}

static int xdp_fdb_dump(struct xsw_dp *dp, uint32_t bridge_id,
			int (*cb)(const struct xsw_fdb_row *row, void *arg),
			void *arg)
{
	int fd = bpf_map__fd(dp->skel->maps.xsw_fdb);
	struct xsw_fdb_key key, *prev = NULL;
	struct xsw_fdb_row row;

	while (bpf_map_get_next_key(fd, prev, &key) == 0) {
		row.key = key;
		prev = &row.key;
		if (bridge_id && key.bridge_id != bridge_id)
			continue;
		if (bpf_map_lookup_elem(fd, &key, &row.entry))
			continue;
		if (cb(&row, arg))
			break;
	}
	return 0;
}

static int xdp_fdb_flush(struct xsw_dp *dp, const struct xsw_fdb_filter *f)
{
	int fd = bpf_map__fd(dp->skel->maps.xsw_fdb);
	struct xsw_fdb_key key, cur, *prev = NULL, *doomed;
	struct xsw_fdb_entry e;
	size_t n_doomed = 0;
	int n = 0;

	/* Collect, then delete: deleting while walking a hash map makes
	 * get_next_key restart from the beginning. */
	doomed = malloc(XSW_FDB_ENTRIES * sizeof(*doomed));
	if (!doomed)
		return -ENOMEM;
	while (bpf_map_get_next_key(fd, prev, &key) == 0 &&
	       n_doomed < XSW_FDB_ENTRIES) {
		cur = key;
		prev = &cur;
		if (f->bridge_id && key.bridge_id != f->bridge_id)
			continue;
		if (bpf_map_lookup_elem(fd, &key, &e))
			continue;
		if (f->port_no && e.port_no != f->port_no)
			continue;
		if (f->seen_before && e.seen_ns >= f->seen_before)
			continue;
		doomed[n_doomed++] = key;
	}
	for (size_t i = 0; i < n_doomed; i++)
		if (bpf_map_delete_elem(fd, &doomed[i]) == 0)
			n++;
	free(doomed);
	return n;
}

static void xdp_describe(struct xsw_dp *dp, json_t *out)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	json_object_set_new(out, "pin_dir", json_string(dp->pin_dir));
	memset(&info, 0, sizeof(info));
	if (!bpf_obj_get_info_by_fd(bpf_program__fd(dp->skel->progs.xsw_ingress),
				    &info, &len))
		json_object_set_new(out, "prog_id", json_integer(info.id));
}

const struct xsw_dp_class xsw_dp_xdp = {
	.name = "xdp",
	.open = xdp_open,
	.close = xdp_close,
	.destroy = xdp_destroy,
	.bridge_set = xdp_bridge_set,
	.bridge_del = xdp_bridge_del,
	.port_attach = xdp_port_attach,
	.port_detach = xdp_port_detach,
	.ports_prune = xdp_ports_prune,
	.port_stats_get = xdp_port_stats_get,
	.port_stats_clear = xdp_port_stats_clear,
	.fdb_dump = xdp_fdb_dump,
	.fdb_flush = xdp_fdb_flush,
	.describe = xdp_describe,
	.flow_put = xdp_flow_put,
	.flow_modify = xdp_flow_modify,
	.flow_del = xdp_flow_del,
	.flow_stats_all = xdp_flow_stats_all,
	.flow_dump = xdp_flow_dump,
	.cache_info = xdp_cache_info,
	.masks_sort = xdp_masks_sort,
	.output_set_get = xdp_output_set_get,
	.output_set_put = xdp_output_set_put,
	.execute = xdp_execute,
	.execute_batch = xdp_execute_batch,
	.upcall_fd = xdp_upcall_fd,
	.upcall_read = xdp_upcall_read,
};
