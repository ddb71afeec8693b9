/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A match: a flow key and a mask over it (mask bit 1 = the bit matters).
 * The key is kept pre-masked (key & mask == key), so two matches are equal
 * exactly when their bytes are equal.  Rules, cache entries and del-flows
 * filters are all matches.
 */
#ifndef XSW_MATCH_H
#define XSW_MATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <xsw/flow.h>

struct xsw_match {
	struct xsw_flow_key key;  /* always key & mask */
	struct xsw_flow_key mask;
};

static inline const uint64_t *xsw_key_u64(const struct xsw_flow_key *k)
{
	return (const uint64_t *)(const void *)k;
}

static inline uint64_t *xsw_key_u64_mut(struct xsw_flow_key *k)
{
	return (uint64_t *)(void *)k;
}

/* dst = src & mask */
static inline void xsw_key_mask(struct xsw_flow_key *dst,
				const struct xsw_flow_key *src,
				const struct xsw_flow_key *mask)
{
	const uint64_t *s = xsw_key_u64(src), *m = xsw_key_u64(mask);
	uint64_t *d = xsw_key_u64_mut(dst);

	for (size_t i = 0; i < XSW_FLOW_KEY_U64S; i++)
		d[i] = s[i] & m[i];
}

/* Does @key fall within @match? */
static inline bool xsw_match_hits(const struct xsw_match *match,
				  const struct xsw_flow_key *key)
{
	const uint64_t *k = xsw_key_u64(key), *m = xsw_key_u64(&match->mask);
	const uint64_t *v = xsw_key_u64(&match->key);

	for (size_t i = 0; i < XSW_FLOW_KEY_U64S; i++)
		if ((k[i] & m[i]) != v[i])
			return false;
	return true;
}

/* acc |= mask */
static inline void xsw_mask_or(struct xsw_flow_key *acc,
			       const struct xsw_flow_key *mask)
{
	const uint64_t *m = xsw_key_u64(mask);
	uint64_t *a = xsw_key_u64_mut(acc);

	for (size_t i = 0; i < XSW_FLOW_KEY_U64S; i++)
		a[i] |= m[i];
}

static inline bool xsw_match_equal(const struct xsw_match *a,
				   const struct xsw_match *b)
{
	return !memcmp(a, b, sizeof(*a));
}

#endif /* XSW_MATCH_H */
