// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The XDP backend's flow cache: megaflow slots, masks, output sets,
 * execution requests and the upcall ring (maps: include/xsw/cache.h).
 *
 * Userspace mirrors what it put in the maps: which slots are used (and
 * under which index key), which masks exist and how many flows of each
 * bridge use them, which output sets exist.  A starting xswd rebuilds the
 * mirror from the pinned maps (xdp_cache_open), so cached flows keep
 * working across restarts and are then revalidated against the rules.
 *
 * Slot life: free -> used (index entry points to it, gen even) -> retired
 * (index entry gone, gen made odd, so EMC entries naming it are dead, even
 * one written by a packet that read the gen after the retirement) -> free
 * again after XSW_SLOT_GRACE_NS, when no CPU can still be running its
 * actions; reuse takes the next even gen, which no old entry carries.  Slot 0
 * is never a cached flow: it holds the actions of one-off execution
 * requests.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "daemon/dp_xdp.h"
#include "lib/log.h"
#include "lib/util.h"

#define XSW_SLOT_GRACE_NS (200ULL * 1000000ULL)
#define XSW_EXEC_SLOT 0

struct slot {
	bool used;
	struct xsw_mf_key key; /* its index entry, while used */
	uint64_t retired_at;
};

struct mask_ent {
	bool used;
	uint32_t refs; /* flows using it, all bridges */
	struct xsw_flow_key mask;
	uint64_t hits_seen; /* at the last sort */
};

struct bridge_masks {
	uint32_t n;
	uint32_t ids[XSW_MASKS_PER_BRIDGE];
	uint32_t counts[XSW_MASKS_PER_BRIDGE]; /* flows per mask */
};

struct oset {
	int group;
	uint32_t refs;
	unsigned int n;
	uint32_t ports[XSW_MAX_PORTS > 64 ? 64 : XSW_MAX_PORTS];
	struct oset *next;
};

struct xdp_cache {
	uint32_t n_slots;
	struct slot *slots;
	uint32_t *free_slots;
	uint32_t n_free;
	uint32_t *retired; /* FIFO ring of n_slots entries */
	uint32_t ret_head, ret_len;
	uint32_t n_used;
	uint32_t max_used; /* no slot above this was ever used (stats reads
			    * stop here; slots are taken lowest first) */
	struct mask_ent masks[XSW_MAX_MASKS];
	uint32_t n_masks;
	struct bridge_masks bm[XSW_MAX_BRIDGES];
	struct oset *osets;
	int port_ifindex[XSW_MAX_PORTS];
	uint64_t exec_magic;
	struct xsw_flow_stats *stats_buf; /* n_cpus x n_slots */
	uint64_t *hits_buf;               /* n_cpus: one mask's hits */
	struct ring_buffer *rb;
	void (*up_cb)(const struct xsw_upcall *up, const uint8_t *frame,
		      void *arg);
	void *up_arg;
	unsigned int up_n; /* handed to up_cb in this read */
	int fd_index, fd_flows, fd_stats, fd_masks, fd_bmasks, fd_hits;
	int fd_exec_queue, fd_exec_cursor;
	__u32 *cursor_buf; /* n_cpus zeroes, to reset xsw_exec_cursor */
};

static uint32_t pow2_at_least(uint32_t v)
{
	uint32_t p = 4096;

	while (p < v && p < (1U << 30))
		p <<= 1;
	return p;
}

int xdp_cache_configure(struct xsw_dp *dp, const struct xsw_dp_opts *opts,
			struct xsw_err *err)
{
	uint32_t megaflows = opts->megaflows ? opts->megaflows :
					       XSW_DEFAULT_MEGAFLOWS;
	uint32_t emc = opts->emc_entries ? opts->emc_entries :
					   XSW_DEFAULT_EMC_ENTRIES;
	uint32_t ring = pow2_at_least(opts->upcall_ring ? opts->upcall_ring :
							  XSW_DEFAULT_UPCALL_RING);
	struct xsw_xdp *skel = dp->skel;
	uint64_t magic = 0;

	if (megaflows < 16 || emc < 16)
		return xsw_err_set(err, EINVAL,
				   "cache sizes must be at least 16 entries");
	/* Slot 0 is the execution slot, so one more than asked. */
	if (bpf_map__set_max_entries(skel->maps.xsw_mf_index, megaflows) ||
	    bpf_map__set_max_entries(skel->maps.xsw_flows, megaflows + 1) ||
	    bpf_map__set_max_entries(skel->maps.xsw_flow_stats, megaflows + 1) ||
	    bpf_map__set_max_entries(skel->maps.xsw_emc, emc) ||
	    bpf_map__set_max_entries(skel->maps.xsw_upcalls, ring))
		return xsw_err_set(err, EINVAL, "cannot size the flow cache maps");
	while (!magic)
		if (getrandom(&magic, sizeof(magic), 0) != sizeof(magic))
			return xsw_err_set(err, errno, "getrandom: %s",
					   strerror(errno));
	skel->rodata->xsw_exec_magic = magic;
	return 0;
}

static struct xdp_cache *C(struct xsw_dp *dp)
{
	return dp->cache;
}

/* ---- slots ---------------------------------------------------------- */

static void retire_slot(struct xdp_cache *c, uint32_t slot, uint64_t now)
{
	c->slots[slot].used = false;
	c->slots[slot].retired_at = now;
	c->retired[(c->ret_head + c->ret_len) % c->n_slots] = slot;
	c->ret_len++;
	c->n_used--;
}

static int alloc_slot(struct xdp_cache *c, uint32_t *slot)
{
	uint64_t now = xsw_mono_ns();

	while (c->ret_len) {
		uint32_t s = c->retired[c->ret_head];

		if (now - c->slots[s].retired_at < XSW_SLOT_GRACE_NS)
			break;
		c->ret_head = (c->ret_head + 1) % c->n_slots;
		c->ret_len--;
		c->free_slots[c->n_free++] = s;
	}
	if (!c->n_free)
		return -ENOSPC;
	*slot = c->free_slots[--c->n_free];
	c->slots[*slot].used = true;
	c->n_used++;
	if (*slot > c->max_used)
		c->max_used = *slot;
	return 0;
}

static void unalloc_slot(struct xdp_cache *c, uint32_t slot)
{
	c->slots[slot].used = false;
	c->free_slots[c->n_free++] = slot;
	c->n_used--;
}

/* Writes flow @acts of @bridge_id into @slot with a new gen, and zeroes
 * its counters. */
static int write_slot(struct xsw_dp *dp, uint32_t slot, uint32_t bridge_id,
		      const struct xsw_acts *acts)
{
	struct xdp_cache *c = C(dp);
	struct xsw_flow flow = { 0 };
	int ret;

	bpf_map_lookup_elem(c->fd_flows, &slot, &flow);
	flow.gen = (flow.gen | 1) + 1; /* the next even gen: live */
	flow.bridge_id = bridge_id;
	flow.acts = *acts;
	memset(c->stats_buf, 0, (size_t)dp->n_cpus * sizeof(*c->stats_buf));
	ret = bpf_map_update_elem(c->fd_stats, &slot, c->stats_buf, BPF_ANY);
	if (!ret)
		ret = bpf_map_update_elem(c->fd_flows, &slot, &flow, BPF_ANY);
	return ret ? -errno : 0;
}

/* Makes @slot's EMC entries dead: same actions, an odd gen. */
static void bump_gen(struct xdp_cache *c, uint32_t slot)
{
	struct xsw_flow flow;

	if (bpf_map_lookup_elem(c->fd_flows, &slot, &flow) == 0) {
		flow.gen |= 1;
		bpf_map_update_elem(c->fd_flows, &slot, &flow, BPF_ANY);
	}
}

/* ---- masks ---------------------------------------------------------- */

/* Mask @id's hits so far, summed over CPUs (0 if unreadable). */
static uint64_t mask_hits(struct xsw_dp *dp, uint32_t id)
{
	struct xdp_cache *c = C(dp);
	uint64_t total = 0;

	if (bpf_map_lookup_elem(c->fd_hits, &id, c->hits_buf) == 0)
		for (int cpu = 0; cpu < dp->n_cpus; cpu++)
			total += c->hits_buf[cpu];
	return total;
}

/* Where mask @id is in a bridge's list; bm->n when it is not there. */
static unsigned int bm_pos(const struct bridge_masks *bm, uint32_t id)
{
	unsigned int pos;

	for (pos = 0; pos < bm->n && bm->ids[pos] != id; pos++)
		;
	return pos;
}

static int write_bridge_masks(struct xdp_cache *c, uint32_t bridge_id)
{
	struct xsw_mask_list ml = { .n_masks = c->bm[bridge_id].n };

	memcpy(ml.ids, c->bm[bridge_id].ids, sizeof(ml.ids));
	return bpf_map_update_elem(c->fd_bmasks, &bridge_id, &ml, BPF_ANY) ?
		       -errno : 0;
}

/* Takes a reference on the mask id for @mask in @bridge_id's list. */
static int mask_ref(struct xsw_dp *dp, uint32_t bridge_id,
		    const struct xsw_flow_key *mask, uint32_t *id_out,
		    struct xsw_err *err)
{
	struct xdp_cache *c = C(dp);
	struct bridge_masks *bm = &c->bm[bridge_id];
	uint32_t id, free_id = XSW_MAX_MASKS;
	unsigned int pos;

	for (id = 0; id < XSW_MAX_MASKS; id++) {
		if (!c->masks[id].used) {
			if (free_id == XSW_MAX_MASKS)
				free_id = id;
			continue;
		}
		if (!memcmp(&c->masks[id].mask, mask, sizeof(*mask)))
			break;
	}
	pos = id < XSW_MAX_MASKS ? bm_pos(bm, id) : bm->n;
	if (id == XSW_MAX_MASKS || pos == bm->n) {
		if (bm->n == XSW_MASKS_PER_BRIDGE)
			return xsw_err_set(err, ENOSPC,
					   "the bridge uses %d masks already",
					   XSW_MASKS_PER_BRIDGE);
		if (id == XSW_MAX_MASKS) {
			if (free_id == XSW_MAX_MASKS)
				return xsw_err_set(err, ENOSPC,
						   "the mask table is full (%d)",
						   XSW_MAX_MASKS);
			id = free_id;
			if (bpf_map_update_elem(c->fd_masks, &id, mask, BPF_ANY))
				return xsw_err_set(err, errno,
						   "cannot write mask %u: %s",
						   id, strerror(errno));
			c->masks[id].used = true;
			c->masks[id].refs = 0;
			c->masks[id].mask = *mask;
			/* The id's counter still holds an earlier mask's
			 * hits: only what comes now counts for the order. */
			c->masks[id].hits_seen = mask_hits(dp, id);
			c->n_masks++;
		}
		pos = bm->n;
		bm->ids[pos] = id;
		bm->counts[pos] = 0;
		bm->n++;
		if (write_bridge_masks(c, bridge_id)) {
			bm->n--;
			if (!c->masks[id].refs) {
				c->masks[id].used = false;
				c->n_masks--;
			}
			return xsw_err_set(err, errno, "cannot write the mask list");
		}
	}
	bm->counts[pos]++;
	c->masks[id].refs++;
	*id_out = id;
	return 0;
}

static void mask_unref(struct xdp_cache *c, uint32_t bridge_id, uint32_t id)
{
	struct bridge_masks *bm = &c->bm[bridge_id];
	unsigned int pos = bm_pos(bm, id);

	if (pos < bm->n && --bm->counts[pos] == 0) {
		bm->n--;
		bm->ids[pos] = bm->ids[bm->n];
		bm->counts[pos] = bm->counts[bm->n];
		write_bridge_masks(c, bridge_id);
	}
	if (id < XSW_MAX_MASKS && c->masks[id].used && --c->masks[id].refs == 0) {
		c->masks[id].used = false;
		c->n_masks--;
	}
}

/* ---- flows ---------------------------------------------------------- */

int xdp_flow_put(struct xsw_dp *dp, uint32_t bridge_id,
		 const struct xsw_match *mf, const struct xsw_acts *acts,
		 uint32_t *handle, struct xsw_err *err)
{
	struct xdp_cache *c = C(dp);
	struct xsw_mf_key mk = { .bridge_id = bridge_id };
	uint32_t slot, existing;
	int ret;

	if (bridge_id == 0 || bridge_id >= XSW_MAX_BRIDGES)
		return xsw_err_set(err, EINVAL, "bad bridge id %u", bridge_id);
	ret = mask_ref(dp, bridge_id, &mf->mask, &mk.mask_id, err);
	if (ret)
		return ret;
	xsw_key_mask(&mk.key, &mf->key, &mf->mask);
	if (alloc_slot(c, &slot)) {
		mask_unref(c, bridge_id, mk.mask_id);
		return xsw_err_set(err, ENOSPC, "the flow cache is full (%u flows)",
				   c->n_slots - 1);
	}
	ret = write_slot(dp, slot, bridge_id, acts);
	if (!ret && bpf_map_update_elem(c->fd_index, &mk, &slot, BPF_NOEXIST))
		ret = -errno;
	if (ret == -EEXIST &&
	    bpf_map_lookup_elem(c->fd_index, &mk, &existing) == 0) {
		/* Cached already (two upcalls of one new flow). */
		unalloc_slot(c, slot);
		mask_unref(c, bridge_id, mk.mask_id);
		*handle = existing;
		return -EEXIST;
	}
	if (ret) {
		unalloc_slot(c, slot);
		mask_unref(c, bridge_id, mk.mask_id);
		if (ret == -E2BIG || ret == -ENOMEM)
			return xsw_err_set(err, ENOSPC, "the flow cache is full");
		return xsw_err_set(err, ret, "cannot install a flow: %s",
				   strerror(-ret));
	}
	c->slots[slot].key = mk;
	*handle = slot;
	return 0;
}

static bool valid_handle(const struct xdp_cache *c, uint32_t handle)
{
	return handle > XSW_EXEC_SLOT && handle < c->n_slots &&
	       c->slots[handle].used;
}

int xdp_flow_modify(struct xsw_dp *dp, uint32_t *handle,
		    const struct xsw_acts *acts, struct xsw_err *err)
{
	struct xdp_cache *c = C(dp);
	uint32_t old = *handle, slot;
	int ret;

	if (!valid_handle(c, old))
		return xsw_err_set(err, ENOENT, "no cached flow %u", old);
	if (alloc_slot(c, &slot))
		return xsw_err_set(err, ENOSPC, "the flow cache is full");
	ret = write_slot(dp, slot, c->slots[old].key.bridge_id, acts);
	if (!ret && bpf_map_update_elem(c->fd_index, &c->slots[old].key, &slot,
					BPF_EXIST))
		ret = -errno;
	if (ret) {
		unalloc_slot(c, slot);
		return xsw_err_set(err, ret, "cannot update a flow: %s",
				   strerror(-ret));
	}
	c->slots[slot].key = c->slots[old].key;
	bump_gen(c, old);
	retire_slot(c, old, xsw_mono_ns());
	*handle = slot;
	return 0;
}

void xdp_flow_del(struct xsw_dp *dp, uint32_t handle)
{
	struct xdp_cache *c = C(dp);
	struct slot *s;

	if (!valid_handle(c, handle))
		return;
	s = &c->slots[handle];
	bpf_map_delete_elem(c->fd_index, &s->key);
	bump_gen(c, handle);
	mask_unref(c, s->key.bridge_id, s->key.mask_id);
	retire_slot(c, handle, xsw_mono_ns());
}

int xdp_flow_stats_all(struct xsw_dp *dp,
		       void (*cb)(uint32_t handle,
				  const struct xsw_dp_flow_stats *st, void *arg),
		       void *arg)
{
	struct xdp_cache *c = C(dp);
	size_t per_cpu = sizeof(struct xsw_flow_stats);
	uint32_t batch, *keys;
	__u32 in = 0, out = 0, count;
	char *values;
	int ret = 0;
	LIBBPF_OPTS(bpf_map_batch_opts, opts);

	/* One syscall per chunk rather than one per flow. */
	batch = 4096;
	keys = calloc(batch, sizeof(*keys));
	values = calloc(batch, per_cpu * (size_t)dp->n_cpus);
	if (!keys || !values) {
		ret = -ENOMEM;
		goto out;
	}
	for (bool first = true;; first = false) {
		__u32 next = first ? 0 : in + 1;

		if (next > c->max_used)
			break;
		count = batch;
		if (c->max_used + 1 - next < count)
			count = c->max_used + 1 - next;
		ret = bpf_map_lookup_batch(c->fd_stats, first ? NULL : &in, &out,
					   keys, values, &count, &opts);
		if (ret && errno != ENOENT) {
			ret = -errno;
			break;
		}
		for (__u32 i = 0; i < count; i++) {
			uint32_t h = keys[i];
			struct xsw_dp_flow_stats st = { 0 };

			if (!valid_handle(c, h))
				continue;
			for (int cpu = 0; cpu < dp->n_cpus; cpu++) {
				const struct xsw_flow_stats *fs =
					(const void *)(values +
						       (i * (size_t)dp->n_cpus + cpu) *
							       per_cpu);

				st.packets += fs->packets;
				st.bytes += fs->bytes;
				if (fs->used_ns > st.used_ns)
					st.used_ns = fs->used_ns;
			}
			cb(h, &st, arg);
		}
		if (ret) { /* ENOENT: that was the last chunk */
			ret = 0;
			break;
		}
		in = out;
	}
out:
	free(keys);
	free(values);
	return ret;
}

int xdp_flow_dump(struct xsw_dp *dp,
		  void (*cb)(const struct xsw_dp_flow *f, void *arg), void *arg)
{
	struct xdp_cache *c = C(dp);

	for (uint32_t h = 1; h < c->n_slots; h++) {
		struct xsw_dp_flow f = { .handle = h };
		struct xsw_flow flow;

		if (!c->slots[h].used ||
		    bpf_map_lookup_elem(c->fd_flows, &h, &flow))
			continue;
		f.bridge_id = c->slots[h].key.bridge_id;
		f.mf.key = c->slots[h].key.key;
		f.mf.mask = c->masks[c->slots[h].key.mask_id].mask;
		f.acts = flow.acts;
		cb(&f, arg);
	}
	return 0;
}

void xdp_cache_info(struct xsw_dp *dp, struct xsw_dp_cache_info *info)
{
	struct xdp_cache *c = C(dp);

	info->megaflows_max = c->n_slots - 1;
	info->megaflows = c->n_used;
	info->emc_entries_max = bpf_map__max_entries(dp->skel->maps.xsw_emc);
	info->masks = c->n_masks;
}

static int cmp_hits(const void *a, const void *b, void *arg)
{
	const uint64_t *delta = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return delta[x] < delta[y] ? 1 : delta[x] > delta[y] ? -1 : 0;
}

void xdp_masks_sort(struct xsw_dp *dp)
{
	struct xdp_cache *c = C(dp);
	uint64_t delta[XSW_MAX_MASKS] = { 0 };

	for (uint32_t id = 0; id < XSW_MAX_MASKS; id++) {
		uint64_t total;

		if (!c->masks[id].used)
			continue;
		total = mask_hits(dp, id);
		delta[id] = total - c->masks[id].hits_seen;
		c->masks[id].hits_seen = total;
	}
	for (uint32_t b = 1; b < XSW_MAX_BRIDGES; b++) {
		struct bridge_masks *bm = &c->bm[b], sorted = *bm;
		unsigned int order[XSW_MASKS_PER_BRIDGE];

		if (bm->n < 2)
			continue;
		for (unsigned int i = 0; i < bm->n; i++)
			order[i] = i;
		/* Sort positions by their mask's recent hits. */
		for (unsigned int i = 1; i < bm->n; i++)
			for (unsigned int j = i; j > 0 &&
			     cmp_hits(&bm->ids[order[j]], &bm->ids[order[j - 1]],
				      delta) < 0;
			     j--) {
				unsigned int t = order[j];

				order[j] = order[j - 1];
				order[j - 1] = t;
			}
		for (unsigned int i = 0; i < bm->n; i++) {
			sorted.ids[i] = bm->ids[order[i]];
			sorted.counts[i] = bm->counts[order[i]];
		}
		if (memcmp(sorted.ids, bm->ids, bm->n * sizeof(bm->ids[0]))) {
			*bm = sorted;
			write_bridge_masks(c, b);
		}
	}
}

/* ---- output sets ---------------------------------------------------- */

static struct oset *oset_find(const struct xdp_cache *c, int group)
{
	struct oset *o;

	for (o = c->osets; o && o->group != group; o = o->next)
		;
	return o;
}

int xdp_output_set_get(struct xsw_dp *dp, const uint32_t *ports,
		       unsigned int n, struct xsw_err *err)
{
	struct xdp_cache *c = C(dp);
	struct oset *o;
	int group, fd;

	for (o = c->osets; o; o = o->next) {
		if (o->n == n && !memcmp(o->ports, ports, n * sizeof(*ports))) {
			o->refs++;
			return o->group;
		}
	}
	if (n > sizeof(o->ports) / sizeof(o->ports[0]))
		return xsw_err_set(err, E2BIG, "too many ports in one output set");
	for (group = XSW_FIRST_OUTPUT_SET; group < XSW_MAX_FLOOD_GROUPS; group++)
		if (!oset_find(c, group))
			break;
	if (group == XSW_MAX_FLOOD_GROUPS)
		return xsw_err_set(err, ENOSPC, "no free output set");
	o = calloc(1, sizeof(*o));
	if (!o)
		return xsw_err_set(err, ENOMEM, "out of memory");
	fd = xdp_flood_group_fd(dp, (uint32_t)group, true, err);
	if (fd < 0) {
		free(o);
		return fd;
	}
	o->group = group;
	o->refs = 1;
	o->n = n;
	memcpy(o->ports, ports, n * sizeof(*ports));
	for (unsigned int i = 0; i < n; i++)
		if (ports[i] < XSW_MAX_PORTS && c->port_ifindex[ports[i]] > 0)
			xdp_flood_group_add(dp, (uint32_t)group, ports[i],
					    c->port_ifindex[ports[i]], false, NULL);
	o->next = c->osets;
	c->osets = o;
	return group;
}

void xdp_output_set_put(struct xsw_dp *dp, int group)
{
	struct xdp_cache *c = C(dp);

	for (struct oset **p = &c->osets; *p; p = &(*p)->next) {
		struct oset *o = *p;

		if (o->group != group)
			continue;
		if (--o->refs == 0) {
			*p = o->next;
			xdp_flood_group_del(dp, (uint32_t)group);
			free(o);
		}
		return;
	}
}

void xdp_cache_port_attached(struct xsw_dp *dp, uint32_t port_no, int ifindex)
{
	struct xdp_cache *c = C(dp);

	if (!c || port_no >= XSW_MAX_PORTS)
		return;
	c->port_ifindex[port_no] = ifindex;
	for (struct oset *o = c->osets; o; o = o->next)
		for (unsigned int i = 0; i < o->n; i++)
			if (o->ports[i] == port_no)
				xdp_flood_group_add(dp, (uint32_t)o->group,
						    port_no, ifindex, false, NULL);
}

void xdp_cache_port_detached(struct xsw_dp *dp, uint32_t port_no)
{
	struct xdp_cache *c = C(dp);

	if (!c || port_no >= XSW_MAX_PORTS)
		return;
	c->port_ifindex[port_no] = 0;
	for (struct oset *o = c->osets; o; o = o->next)
		xdp_flood_group_remove(dp, (uint32_t)o->group, port_no);
}

void xdp_cache_bridge_flush(struct xsw_dp *dp, uint32_t bridge_id)
{
	struct xdp_cache *c = C(dp);

	if (!c)
		return;
	for (uint32_t h = 1; h < c->n_slots; h++)
		if (c->slots[h].used && c->slots[h].key.bridge_id == bridge_id)
			xdp_flow_del(dp, h);
}

/* ---- execution ------------------------------------------------------ */

int xdp_execute(struct xsw_dp *dp, int ifindex, const void *frame, size_t len,
		uint32_t handle, const struct xsw_acts *acts,
		struct xsw_err *err)
{
	struct xdp_cache *c = C(dp);
	struct xsw_exec_meta meta = { .magic = c->exec_magic };
	uint8_t buf[sizeof(meta) + XSW_UPCALL_CAP];
	struct xdp_md ctx = { 0 };
	/* One frame: a batch of one keeps the kernel's per-call page pool
	 * (created and destroyed by every live-frames run) as small as it
	 * can be. */
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = buf, .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1, .batch_size = 1,
		    .flags = BPF_F_TEST_XDP_LIVE_FRAMES);

	if (len < 14 || len > XSW_UPCALL_CAP)
		return xsw_err_set(err, E2BIG,
				   "cannot send a %zu-byte frame on (at most %d)",
				   len, XSW_UPCALL_CAP);
	if (handle == XSW_EXEC_SLOT) {
		int ret = write_slot(dp, XSW_EXEC_SLOT, 0, acts);

		if (ret)
			return xsw_err_set(err, ret, "cannot write the execution slot");
	} else if (!valid_handle(c, handle)) {
		return xsw_err_set(err, ENOENT, "no cached flow %u", handle);
	}
	meta.flow_idx = handle;
	memcpy(buf, &meta, sizeof(meta));
	memcpy(buf + sizeof(meta), frame, len);
	opts.data_size_in = (__u32)(sizeof(meta) + len);
	ctx.data = sizeof(meta);
	ctx.data_end = (__u32)(sizeof(meta) + len);
	ctx.ingress_ifindex = (__u32)ifindex;
	if (bpf_prog_test_run_opts(bpf_program__fd(dp->skel->progs.xsw_ingress),
				   &opts))
		return xsw_err_set(err, errno,
				   "cannot send the frame on (BPF_PROG_RUN): %s",
				   strerror(errno));
	return 0;
}

int xdp_execute_batch(struct xsw_dp *dp, int ifindex,
		      const struct xsw_dp_exec *frames, unsigned int n,
		      struct xsw_err *err)
{
	struct xdp_cache *c = C(dp);
	struct xsw_exec_meta meta = { .magic = c->exec_magic,
				      .flow_idx = XSW_EXEC_BATCH_MARK };
	static struct xsw_exec_entry entries[XSW_EXEC_BATCH];
	static uint8_t template[sizeof(meta) + XSW_UPCALL_CAP];
	__u32 keys[XSW_EXEC_BATCH], count = n, zero = 0, max_len = 0;
	struct xdp_md ctx = { 0 };
	LIBBPF_OPTS(bpf_map_batch_opts, bopts);
	/* batch_size = n: every repetition gets a fresh page of the run's
	 * page pool, initialised with the metadata below. */
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = template,
		    .data_size_in = sizeof(template), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = n, .batch_size = n,
		    .flags = BPF_F_TEST_XDP_LIVE_FRAMES);

	if (!n)
		return 0;
	if (n > XSW_EXEC_BATCH)
		return xsw_err_set(err, E2BIG, "at most %d frames per batch",
				   XSW_EXEC_BATCH);
	for (unsigned int i = 0; i < n; i++) {
		if (frames[i].len < 14 || frames[i].len > XSW_UPCALL_CAP ||
		    !valid_handle(c, frames[i].handle))
			return xsw_err_set(err, EINVAL, "bad frame %u in a batch", i);
		keys[i] = i;
		if (frames[i].len > max_len)
			max_len = frames[i].len;
		entries[i].len = frames[i].len;
		entries[i].flow_idx = frames[i].handle;
		memcpy(entries[i].frame, frames[i].frame, frames[i].len);
	}
	memset(c->cursor_buf, 0, (size_t)dp->n_cpus * sizeof(__u32));
	if (bpf_map_update_batch(c->fd_exec_queue, keys, entries, &count,
				 &bopts) ||
	    bpf_map_update_elem(c->fd_exec_cursor, &zero, c->cursor_buf,
				BPF_ANY))
		return xsw_err_set(err, errno, "cannot queue frames: %s",
				   strerror(errno));
	/* The kernel copies the template into every page of the run: make it
	 * as long as the longest frame, no longer. */
	memcpy(template, &meta, sizeof(meta));
	opts.data_size_in = (__u32)sizeof(meta) + max_len;
	ctx.data = sizeof(meta);
	ctx.data_end = opts.data_size_in;
	ctx.ingress_ifindex = (__u32)ifindex;
	if (bpf_prog_test_run_opts(bpf_program__fd(dp->skel->progs.xsw_ingress),
				   &opts))
		return xsw_err_set(err, errno,
				   "cannot send %u frames on (BPF_PROG_RUN): %s", n,
				   strerror(errno));
	return 0;
}

/* ---- upcalls -------------------------------------------------------- */

/* The read budget ends a read by returning an error after the record it
 * has handled: libbpf has consumed that record by then and stops. */
#define UPCALL_BUDGET_SPENT (-EBUSY)

static int ring_cb(void *ctx, void *data, size_t size)
{
	struct xdp_cache *c = ctx;
	const struct xsw_upcall *up = data;

	if (!c->up_cb) /* no reader: stale records are dropped */
		return 0;
	if (size < sizeof(*up) || up->cap_len > size - sizeof(*up))
		return 0;
	c->up_cb(up, (const uint8_t *)(up + 1), c->up_arg);
	return ++c->up_n >= XSW_UPCALL_READ_BUDGET ? UPCALL_BUDGET_SPENT : 0;
}

int xdp_upcall_fd(struct xsw_dp *dp)
{
	return C(dp)->rb ? ring_buffer__epoll_fd(C(dp)->rb) : -1;
}

int xdp_upcall_read(struct xsw_dp *dp,
		    void (*cb)(const struct xsw_upcall *up,
			       const uint8_t *frame, void *arg),
		    void *arg)
{
	struct xdp_cache *c = C(dp);
	int ret;

	c->up_cb = cb;
	c->up_arg = arg;
	c->up_n = 0;
	ret = ring_buffer__consume(c->rb);
	c->up_cb = NULL;
	if (ret < 0 && ret != UPCALL_BUDGET_SPENT)
		return ret;
	return (int)c->up_n;
}

/* ---- open / close --------------------------------------------------- */

/* Rebuilds the mirror from what a previous xswd left in the maps. */
static void adopt(struct xsw_dp *dp)
{
	struct xdp_cache *c = C(dp);
	struct xsw_mf_key key, *prev = NULL;
	uint32_t n_flows = 0;

	while (bpf_map_get_next_key(c->fd_index, prev, &key) == 0) {
		struct xsw_mf_key cur = key;
		uint32_t slot, pos;
		struct bridge_masks *bm;

		prev = &cur;
		if (bpf_map_lookup_elem(c->fd_index, &key, &slot) ||
		    slot == XSW_EXEC_SLOT || slot >= c->n_slots ||
		    c->slots[slot].used || key.mask_id >= XSW_MAX_MASKS ||
		    key.bridge_id == 0 || key.bridge_id >= XSW_MAX_BRIDGES)
			continue;
		bm = &c->bm[key.bridge_id];
		pos = bm_pos(bm, key.mask_id);
		if (pos == bm->n) {
			if (bm->n == XSW_MASKS_PER_BRIDGE)
				continue;
			bm->ids[bm->n] = key.mask_id;
			bm->counts[bm->n++] = 0;
		}
		if (!c->masks[key.mask_id].used) {
			if (bpf_map_lookup_elem(c->fd_masks, &key.mask_id,
						&c->masks[key.mask_id].mask))
				continue;
			c->masks[key.mask_id].used = true;
			c->n_masks++;
		}
		bm->counts[pos]++;
		c->masks[key.mask_id].refs++;
		c->slots[slot].used = true;
		c->slots[slot].key = key;
		c->n_used++;
		if (slot > c->max_used)
			c->max_used = slot;
		n_flows++;
	}
	for (uint32_t b = 1; b < XSW_MAX_BRIDGES; b++)
		write_bridge_masks(c, b);
	/* Output sets still referenced by a cached flow. */
	for (uint32_t h = 1; h < c->n_slots; h++) {
		struct xsw_flow flow;

		if (!c->slots[h].used ||
		    bpf_map_lookup_elem(c->fd_flows, &h, &flow))
			continue;
		for (unsigned int i = 0; i < flow.acts.n_acts && i < XSW_MAX_ACTS;
		     i++) {
			const struct xsw_act *a = &flow.acts.acts[i];
			struct oset *o;
			int fd;

			if (a->type != XSW_ACT_OUTPUT_SET)
				continue;
			o = oset_find(c, (int)a->u.port);
			if (o) {
				o->refs++;
				continue;
			}
			fd = xdp_flood_group_fd(dp, a->u.port, false, NULL);
			o = fd >= 0 ? calloc(1, sizeof(*o)) : NULL;
			if (!o)
				continue;
			o->group = (int)a->u.port;
			o->refs = 1;
			{
				uint32_t k, *pk = NULL;

				while (bpf_map_get_next_key(fd, pk, &k) == 0 &&
				       o->n < sizeof(o->ports) / sizeof(o->ports[0])) {
					o->ports[o->n++] = k;
					pk = &o->ports[o->n - 1];
				}
			}
			o->next = c->osets;
			c->osets = o;
		}
	}
	/* Output-set groups no flow uses any more. */
	for (uint32_t g = XSW_FIRST_OUTPUT_SET; g < XSW_MAX_FLOOD_GROUPS; g++) {
		if (!oset_find(c, (int)g) &&
		    xdp_flood_group_fd(dp, g, false, NULL) >= 0)
			xdp_flood_group_del(dp, g);
	}
	for (uint32_t h = c->n_slots; h-- > 1;)
		if (!c->slots[h].used)
			c->free_slots[c->n_free++] = h;
	if (n_flows)
		xsw_info("dp", "took over %u cached flows, %u masks", n_flows,
			 c->n_masks);
}

int xdp_cache_open(struct xsw_dp *dp, struct xsw_err *err)
{
	struct xsw_xdp *skel = dp->skel;
	struct xdp_cache *c;
	int n;

	c = calloc(1, sizeof(*c));
	if (!c)
		return xsw_err_set(err, ENOMEM, "out of memory");
	dp->cache = c;
	c->n_slots = bpf_map__max_entries(skel->maps.xsw_flows);
	c->slots = calloc(c->n_slots, sizeof(*c->slots));
	c->free_slots = calloc(c->n_slots, sizeof(*c->free_slots));
	c->retired = calloc(c->n_slots, sizeof(*c->retired));
	c->stats_buf = calloc((size_t)dp->n_cpus, sizeof(*c->stats_buf));
	c->hits_buf = calloc((size_t)dp->n_cpus, sizeof(*c->hits_buf));
	if (!c->slots || !c->free_slots || !c->retired || !c->stats_buf ||
	    !c->hits_buf)
		return xsw_err_set(err, ENOMEM, "out of memory");
	c->exec_magic = skel->rodata->xsw_exec_magic;
	c->fd_index = bpf_map__fd(skel->maps.xsw_mf_index);
	c->fd_flows = bpf_map__fd(skel->maps.xsw_flows);
	c->fd_stats = bpf_map__fd(skel->maps.xsw_flow_stats);
	c->fd_masks = bpf_map__fd(skel->maps.xsw_masks);
	c->fd_bmasks = bpf_map__fd(skel->maps.xsw_bridge_masks);
	c->fd_hits = bpf_map__fd(skel->maps.xsw_mask_hits);
	c->fd_exec_queue = bpf_map__fd(skel->maps.xsw_exec_queue);
	c->fd_exec_cursor = bpf_map__fd(skel->maps.xsw_exec_cursor);
	c->cursor_buf = calloc((size_t)dp->n_cpus, sizeof(*c->cursor_buf));
	if (!c->cursor_buf)
		return xsw_err_set(err, ENOMEM, "out of memory");
	adopt(dp);
	c->rb = ring_buffer__new(bpf_map__fd(skel->maps.xsw_upcalls), ring_cb,
				 c, NULL);
	if (!c->rb)
		return xsw_err_set(err, errno, "cannot open the upcall ring: %s",
				   strerror(errno));
	/* Upcalls queued while no xswd ran are stale: their frames are long
	 * gone for the sender; drop them (ring_cb has no one to hand them
	 * to yet) rather than deliver them late. */
	n = ring_buffer__consume(c->rb);
	if (n > 0)
		xsw_info("dp", "dropped %d upcalls queued while xswd was down",
			 n);
	return 0;
}

void xdp_cache_close(struct xsw_dp *dp)
{
	struct xdp_cache *c = dp->cache;

	if (!c)
		return;
	ring_buffer__free(c->rb);
	while (c->osets) {
		struct oset *o = c->osets;

		c->osets = o->next;
		free(o);
	}
	free(c->slots);
	free(c->free_slots);
	free(c->retired);
	free(c->stats_buf);
	free(c->hits_buf);
	free(c->cursor_buf);
	free(c);
	dp->cache = NULL;
}
