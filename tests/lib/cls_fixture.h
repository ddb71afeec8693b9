/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The classifier tests' fixture: a classifier per test (cmocka setup and
 * teardown, *state is the struct xsw_cls) and the rule type they insert.
 */
#ifndef XSW_TESTS_CLS_FIXTURE_H
#define XSW_TESTS_CLS_FIXTURE_H

#include <stddef.h>

#include "daemon/classifier.h"

struct trule {
	struct xsw_cls_rule cr; /* first: a result casts back to trule */
	int id;
	size_t ref_idx; /* the randomized tests: position in the reference */
};

static inline const struct trule *tr(const struct xsw_cls_rule *r)
{
	return (const struct trule *)r;
}

int setup_cls(void **state);
int teardown_cls(void **state);

#endif
