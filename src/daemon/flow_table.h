/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A bridge's rule table: the user's flow rules, with ovs-ofctl semantics
 * for add-flow, mod-flows, del-flows and dump-flows, on top of the
 * classifier (classifier.h) and the flow syntax (flow_syntax.h).
 *
 * The implicit rule: a table always ends in a rule "actions=NORMAL" below
 * every user rule (classifier priority -1, user priorities are 0..65535).
 * It is not listed, cannot be deleted or modified, and makes an empty
 * table behave as the plain learning bridge; a user who wants
 * deny-by-default adds "priority=0,actions=drop".
 *
 * Semantics (as Open vSwitch with OpenFlow 1.3):
 *  - add: a rule with the same match and priority is replaced (its
 *    counters start again at 0);
 *  - modify, non-strict: every rule whose match is at least as specific as
 *    the filter and agrees with it on the filter's bits (loose match) and
 *    whose cookie matches the filter's cookie/mask gets the new actions
 *    (and the new cookie with XSW_FLOW_F_SET_COOKIE); counters and
 *    timeouts are kept; no rule is added when none matches;
 *  - modify/delete, strict: only the rule with exactly that match and
 *    priority;
 *  - delete, non-strict: every loosely matching rule, restricted further
 *    by cookie/mask and out_port (rules whose actions output to it);
 *    an empty filter deletes every rule;
 *  - idle_timeout: a rule unused (no packet) for that many seconds is
 *    removed; hard_timeout: a rule is removed that many seconds after it
 *    was added (or last replaced by add).
 *
 * Rules removed by delete/expire are handed back to the caller, still
 * allocated, so the caller can move cache entries off them before
 * freeing them with xsw_rule_free().  Thread safety: none; xswd's one
 * thread owns the table.
 */
#ifndef XSW_FLOW_TABLE_H
#define XSW_FLOW_TABLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "daemon/classifier.h"
#include "daemon/flow_syntax.h"
#include "daemon/ofaction.h"
#include "lib/err.h"

#define XSW_IMPLICIT_PRIORITY (-1)

struct xsw_rule {
	struct xsw_cls_rule cr;      /* match and priority (the classifier's) */
	struct xsw_flow_spec spec;   /* as the user gave it (priority,
				      * cookie, timeouts, actions) */
	uint64_t created_ns;         /* CLOCK_MONOTONIC: added/replaced */
	uint64_t used_ns;            /* last packet, 0 = never */
	uint64_t n_packets;          /* counters folded in from the caches */
	uint64_t n_bytes;
	bool implicit;               /* the implicit NORMAL rule */
	struct xsw_rule *next_dead;  /* list link for removed rules */
};

struct xsw_flow_table {
	struct xsw_cls cls;
	struct xsw_rule implicit;    /* always there, never in cls */
	uint64_t version;            /* bumped by every change */
};

int xsw_ft_init(struct xsw_flow_table *ft);
/* Frees every rule and the classifier. */
void xsw_ft_destroy(struct xsw_flow_table *ft);

/* Number of user rules (the implicit one is not counted). */
size_t xsw_ft_count(const struct xsw_flow_table *ft);

/* add-flow.  @spec must come from flow_parse() in FLOW_MODE_ADD.  A
 * replaced rule is returned in *replaced (removed from the table, still
 * allocated) or NULL.  0 or -errno. */
int xsw_ft_add(struct xsw_flow_table *ft, const struct xsw_flow_spec *spec,
	       uint64_t now_ns, struct xsw_rule **replaced,
	       struct xsw_err *err);

/* mod-flows.  @spec from FLOW_MODE_MODIFY.  Sets *n_modified. */
int xsw_ft_modify(struct xsw_flow_table *ft, const struct xsw_flow_spec *spec,
		  bool strict, unsigned int *n_modified, struct xsw_err *err);

/* del-flows.  @filter from FLOW_MODE_FILTER (NULL: every rule).  The
 * deleted rules are chained through next_dead into *dead. */
int xsw_ft_delete(struct xsw_flow_table *ft,
		  const struct xsw_flow_spec *filter, bool strict,
		  struct xsw_rule **dead, unsigned int *n_deleted,
		  struct xsw_err *err);

/* Undo, for a change whose config could not be saved: xsw_ft_undo_add()
 * takes out the rule @spec added and puts back the one it replaced (may be
 * NULL); xsw_ft_restore() puts back a rule that delete/expire removed. */
void xsw_ft_undo_add(struct xsw_flow_table *ft,
		     const struct xsw_flow_spec *spec, struct xsw_rule *replaced);
int xsw_ft_restore(struct xsw_flow_table *ft, struct xsw_rule *rule);

/* Removes rules whose idle or hard timeout has passed at @now_ns, chaining
 * them into *dead; returns how many. */
unsigned int xsw_ft_expire(struct xsw_flow_table *ft, uint64_t now_ns,
			   struct xsw_rule **dead);

/* The rule a packet with @key hits (never NULL: the implicit rule is the
 * last resort); ORs the examined bits into *wc. */
struct xsw_rule *xsw_ft_lookup(const struct xsw_flow_table *ft,
			       const struct xsw_flow_key *key,
			       struct xsw_flow_key *wc);

/* Iteration over the user rules matching @filter (NULL: all), in the
 * order dump-flows prints them: priority descending, then the canonical
 * string.  Returns a malloc'd NULL-terminated array (free() it), or NULL
 * with errno set. */
struct xsw_rule **xsw_ft_list(const struct xsw_flow_table *ft,
			      const struct xsw_flow_spec *filter, bool strict);

/* Calls @fn on every user rule, in no particular order. */
void xsw_ft_for_each(const struct xsw_flow_table *ft,
		     void (*fn)(struct xsw_rule *rule, void *aux), void *aux);

/* Does @rule's action list output to @port_no (OUTPUT only)? */
bool xsw_rule_outputs_to(const struct xsw_rule *rule, uint32_t port_no);

void xsw_rule_free(struct xsw_rule *rule);
void xsw_rule_free_list(struct xsw_rule *dead);

/* Persistence: the table as a JSON array of canonical flow strings
 * (flow_format() with port names), and back.  Loading is all or nothing:
 * on error the table is left empty and @err names the bad string. */
json_t *xsw_ft_to_json(const struct xsw_flow_table *ft,
		       const struct flow_syntax_opts *opts);
int xsw_ft_from_json(struct xsw_flow_table *ft, json_t *flows,
		     const struct flow_syntax_opts *opts, uint64_t now_ns,
		     struct xsw_err *err);

/* dump-flows: one rule as JSON, with "duration" and "idle_age" in seconds
 * (idle_age since the last packet, or since it was added if none) at
 * @now_ns, "n_packets", "n_bytes", "cookie" (hex string), "priority",
 * "idle_timeout", "hard_timeout", "match" and "actions" (strings) and
 * "flow" (the whole canonical string). */
json_t *xsw_rule_to_json(const struct xsw_rule *rule,
			 const struct flow_syntax_opts *opts, uint64_t now_ns);

#endif /* XSW_FLOW_TABLE_H */
