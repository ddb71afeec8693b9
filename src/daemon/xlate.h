/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Translation of a rule's actions (ofaction.h, OpenFlow semantics) into
 * datapath actions (include/xsw/actions.h) that the XDP program runs in
 * one pass.
 *
 * XDP sends a frame once.  So:
 *  - rewrites followed by one output (OUTPUT, NORMAL, FLOOD, IN_PORT) run
 *    as they are;
 *  - several OUTPUTs with no rewrite between them become one OUTPUT_SET, a
 *    devmap of those ports that the frame is broadcast to;
 *  - anything else (outputs with different rewrites between them, NORMAL
 *    or FLOOD together with other outputs) cannot: the cached flow says
 *    UPCALL and xswd runs it as "segments", each a rewrite prefix and one
 *    output, applied to a fresh copy of the frame (every frame of such a
 *    flow goes through xswd, within the port's upcall rate);
 *  - rewrites after the last output change nothing and are dropped, and a
 *    rewrite of a field that is rewritten again before the next output is
 *    dropped too.
 *
 * The result does not depend on the packet: what depends on the ingress
 * port (output to it does nothing, FLOOD and NORMAL skip it) is decided
 * by the datapath per frame, so a megaflow never needs in_port for it.
 */
#ifndef XSW_XLATE_H
#define XSW_XLATE_H

#include <stdbool.h>
#include <stdint.h>

#include <xsw/actions.h>

#include "daemon/ofaction.h"
#include "lib/err.h"

#define XSW_MAX_SEGMENTS 8

struct xsw_xlate_ctx {
	/* A flood group holding @ports (sorted, distinct, >= 2), or -errno.
	 * NULL: multi-output flows take the slow path. */
	int (*output_set)(void *aux, const uint32_t *ports, unsigned int n,
			  struct xsw_err *err);
	void *aux;
};

struct xsw_xlate {
	struct xsw_acts acts;     /* what the cached flow runs */
	bool slow_path;           /* acts is [UPCALL]: run segments[] */
	unsigned int n_segments;
	struct xsw_acts *segments; /* malloc'd, only for a slow path */
	int output_set;           /* group taken from the ctx, or 0 */
};

/* 0, or -errno with @err naming what cannot be translated (too many
 * rewrites or outputs).  On success out->output_set, if not 0, is a
 * reference the caller must give back when the flow goes away, and
 * out->segments must be freed with xsw_xlate_free(). */
int xsw_xlate(const struct xsw_ofactions *of, const struct xsw_xlate_ctx *xc,
	      struct xsw_xlate *out, struct xsw_err *err);
void xsw_xlate_free(struct xsw_xlate *xl);
/* Same actions and segments? */
bool xsw_xlate_equal(const struct xsw_xlate *a, const struct xsw_xlate *b);

/* Human-readable datapath actions ("set_eth_dst:..,output:3"): the
 * length, or -ENOSPC when @size was too small (@buf holds the start). */
int xsw_acts_format(const struct xsw_acts *acts, char *buf, size_t size);

bool xsw_acts_equal(const struct xsw_acts *a, const struct xsw_acts *b);

#endif /* XSW_XLATE_H */
