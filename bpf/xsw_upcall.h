/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Upcalls (BPF side): a frame the caches cannot handle is copied into the
 * xsw_upcalls ring buffer for xswd, within the ingress port's token bucket,
 * and dropped here; xswd sends it on once it has decided.
 */
#ifndef XSW_BPF_UPCALL_H
#define XSW_BPF_UPCALL_H

#include "xsw_l2.h"

#define XSW_MAX_BUCKET_IDLE_NS (10ULL * XSW_NSEC_PER_SEC)

/* Takes a token from the port's bucket; 1 if there was one. */
static __always_inline int xsw_upcall_admit(const struct xsw_l2_ctx *c,
					    const struct xsw_bridge_info *br)
{
	__u32 port_no = c->port->port_no;
	struct xsw_upcall_limit *lim;
	__u64 elapsed, tokens, cap;
	int ok;

	lim = bpf_map_lookup_elem(&xsw_upcall_limits, &port_no);
	if (!lim)
		return 0;
	cap = (__u64)br->upcall_burst * 1000;
	bpf_spin_lock(&lim->lock);
	/* c->now was read before the lock: another CPU may have moved
	 * last_ns past it.  Then no time passed, and last_ns stays. */
	elapsed = 0;
	if ((__s64)(c->now - lim->b.last_ns) > 0) {
		elapsed = c->now - lim->b.last_ns;
		lim->b.last_ns = c->now;
	}
	if (elapsed > XSW_MAX_BUCKET_IDLE_NS)
		elapsed = XSW_MAX_BUCKET_IDLE_NS;
	/* tokens are kept x1000: ns * (tokens/s) / 1e6 */
	tokens = lim->b.tokens_milli + elapsed * br->upcall_rate / 1000000;
	if (tokens > cap)
		tokens = cap;
	ok = tokens >= 1000;
	if (ok)
		tokens -= 1000;
	lim->b.tokens_milli = tokens;
	bpf_spin_unlock(&lim->lock);
	return ok;
}

/* Copies the frame to xswd and consumes it (XDP_DROP; counted as an
 * upcall, or as a drop when the bucket or the ring is empty). */
static __always_inline int xsw_upcall(const struct xsw_l2_ctx *c,
				      const struct xsw_bridge_info *br,
				      __u32 reason, __u32 flow_idx)
{
	struct xsw_upcall *up;
	__u64 len = c->len;
	__u32 cap, room;

	if (!xsw_upcall_admit(c, br))
		return xsw_drop(c->st, XSW_DROP_UPCALL_RATELIMITED);
	/* A record as small as the frame allows: most first packets (SYNs,
	 * DNS, ARP) fit 128 bytes, and a port's whole burst of them must
	 * not fill the ring as 2 KB records would.  Each branch reserves a
	 * constant size, as the verifier wants. */
	if (len <= 128) {
		room = 128;
		up = bpf_ringbuf_reserve(&xsw_upcalls, sizeof(*up) + 128, 0);
	} else if (len <= 512) {
		room = 512;
		up = bpf_ringbuf_reserve(&xsw_upcalls, sizeof(*up) + 512, 0);
	} else {
		room = XSW_UPCALL_CAP;
		up = bpf_ringbuf_reserve(&xsw_upcalls,
					 sizeof(*up) + XSW_UPCALL_CAP, 0);
	}
	if (!up)
		return xsw_drop(c->st, XSW_DROP_UPCALL_QUEUE_FULL);
	/* The first XSW_UPCALL_CAP bytes: all a classifier needs.  Written
	 * so the verifier sees the range [1, room] (a power of two). */
	cap = len > room ? room : (__u32)len;
	cap = ((cap - 1) & (room - 1)) + 1;
	if (bpf_xdp_load_bytes(c->ctx, 0, up + 1, cap)) {
		bpf_ringbuf_discard(up, 0);
		return xsw_drop(c->st, XSW_DROP_UPCALL_QUEUE_FULL);
	}
	up->reason = reason;
	up->ifindex = c->ctx->ingress_ifindex;
	up->port_no = c->port->port_no;
	up->bridge_id = c->port->bridge_id;
	up->flow_idx = flow_idx;
	up->frame_len = (__u32)len;
	up->cap_len = cap;
	up->spare = 0;
	bpf_ringbuf_submit(up, 0);
	if (c->st)
		c->st->upcall_packets++;
	return XDP_DROP;
}

#endif /* XSW_BPF_UPCALL_H */
