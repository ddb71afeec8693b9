// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The user's rules: add-flow, mod-flows, del-flows.  As with bridges and
 * ports (switch_ops.c), a request either completes (table, saved config,
 * datapath and caches agree) or changes nothing: the table is changed,
 * the config saved, and on a failed save the change is undone before the
 * caches ever see it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xsw/parse.h>

#include "daemon/config_store.h"
#include "daemon/flow_syntax.h"
#include "daemon/flow_table.h"
#include "daemon/xswd.h"
#include "lib/log.h"
#include "lib/util.h"

static void deepest(struct xsw_rule *rule, void *aux)
{
	unsigned int *depth = aux, dr = xsw_mask_depth(&rule->cr.match.mask);

	if (dr > *depth)
		*depth = dr;
}

unsigned int xswd_rules_depth(const struct xsw_bridge *br)
{
	unsigned int depth = XSW_DEPTH_L2;

	xsw_ft_for_each(br->ft, deepest, &depth);
	return depth;
}

void xswd_flows_changed(struct xswd *d, struct xsw_bridge *br)
{
	struct xsw_bridge_info info;
	struct xsw_err err = { 0 };

	/* Deeper parsing first, so no frame is classified on a key that
	 * lacks a field a new rule looks at. */
	br->depth = xswd_rules_depth(br);
	info = xswd_bridge_info(br);
	if (d->dp_class->bridge_set(d->dp, br->id, &info, &err))
		xsw_warn("flows", "bridge %s: %s", br->name, err.msg);
	if (xsw_ft_count(br->ft))
		xsw_fc_revalidate_bridge(&d->fc, br);
	else
		xsw_fc_flush_bridge(&d->fc, br); /* back to the plain bridge */
}

static int parse(struct xswd *d, struct xsw_bridge *br, const char *str,
		 enum flow_mode mode, bool strict, struct xsw_flow_spec *spec,
		 struct xsw_err *err)
{
	struct xsw_port_map_ctx pctx;
	struct flow_port_map map;
	struct flow_syntax_opts fo = { .mode = mode, .strict = strict,
				       .ports = &map };

	xsw_bridge_port_map(&pctx, &map, &d->sw, br);
	return flow_parse(str, &fo, spec, err);
}

/* Flood groups are only taken when a flow is cached; checking a rule
 * translates as if one were there. */
static int any_output_set(void *aux, const uint32_t *ports, unsigned int n,
			  struct xsw_err *err)
{
	return 1;
}

/* Refuses what the datapath could not run (too many rewrites/outputs). */
static int check_translatable(const struct xsw_flow_spec *spec,
			      struct xsw_err *err)
{
	const struct xsw_xlate_ctx xc = { .output_set = any_output_set };
	struct xsw_xlate xl;
	int ret = xsw_xlate(&spec->actions, &xc, &xl, err);

	if (!ret)
		xsw_xlate_free(&xl);
	return ret;
}

int xswd_flow_add(struct xswd *d, const char *bridge, const char *flow,
		  struct xsw_err *err)
{
	struct xsw_bridge *br = xswd_bridge_get(d, bridge, err);
	struct xsw_rule *replaced = NULL;
	struct xsw_flow_spec spec;
	int ret;

	if (!br)
		return -ENOENT;
	ret = parse(d, br, flow, FLOW_MODE_ADD, false, &spec, err);
	if (!ret)
		ret = check_translatable(&spec, err);
	if (!ret)
		ret = xsw_ft_add(br->ft, &spec, xsw_mono_ns(), &replaced, err);
	if (ret)
		return ret;
	ret = xswd_save(d, err);
	if (ret) {
		xsw_ft_undo_add(br->ft, &spec, replaced);
		return ret;
	}
	xswd_flows_changed(d, br);
	xsw_rule_free(replaced); /* its cache entries moved on above */
	return 0;
}

int xswd_flow_del(struct xswd *d, const char *bridge, const char *match,
		  bool strict, unsigned int *n_deleted, struct xsw_err *err)
{
	struct xsw_bridge *br = xswd_bridge_get(d, bridge, err);
	struct xsw_rule *dead = NULL;
	struct xsw_flow_spec filter;
	bool all = !match || !*match;
	int ret;

	*n_deleted = 0;
	if (!br)
		return -ENOENT;
	if (all && strict)
		return xsw_err_set(err, EINVAL,
				   "--strict needs a match (with its priority)");
	if (!all) {
		ret = parse(d, br, match, FLOW_MODE_FILTER, strict, &filter, err);
		if (ret)
			return ret;
	}
	ret = xsw_ft_delete(br->ft, all ? NULL : &filter, strict, &dead,
			    n_deleted, err);
	if (ret)
		return ret;
	if (!*n_deleted)
		return 0;
	ret = xswd_save(d, err);
	if (ret) {
		while (dead) {
			struct xsw_rule *r = dead;

			dead = r->next_dead;
			if (xsw_ft_restore(br->ft, r)) {
				/* Only out of memory: the file still has
				 * the rule, the running table cannot. */
				xsw_err_log("flows",
					    "del-flows on %s failed and a deleted rule could not be put back (out of memory); it returns with the next start",
					    br->name);
				xsw_rule_free(r);
			}
		}
		*n_deleted = 0;
		return ret;
	}
	xswd_flows_changed(d, br);
	xsw_rule_free_list(dead);
	return 0;
}

struct saved_actions {
	struct xsw_rule *rule;
	struct xsw_ofactions actions;
	uint64_t cookie;
};

int xswd_flow_mod(struct xswd *d, const char *bridge, const char *flow,
		  bool strict, unsigned int *n_modified, struct xsw_err *err)
{
	struct xsw_bridge *br = xswd_bridge_get(d, bridge, err);
	struct saved_actions *saved = NULL;
	struct xsw_rule **rules = NULL;
	struct xsw_flow_spec spec;
	size_t n = 0;
	int ret;

	*n_modified = 0;
	if (!br)
		return -ENOENT;
	ret = parse(d, br, flow, FLOW_MODE_MODIFY, strict, &spec, err);
	if (!ret)
		ret = check_translatable(&spec, err);
	if (ret)
		return ret;
	/* What the rules had, in case the config cannot be saved. */
	rules = xsw_ft_list(br->ft, &spec, strict);
	if (!rules)
		return xsw_err_set(err, ENOMEM, "out of memory");
	while (rules[n])
		n++;
	saved = calloc(n ? n : 1, sizeof(*saved));
	if (!saved) {
		free(rules);
		return xsw_err_set(err, ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		saved[i].rule = rules[i];
		saved[i].actions = rules[i]->spec.actions;
		saved[i].cookie = rules[i]->spec.cookie;
	}
	free(rules);
	ret = xsw_ft_modify(br->ft, &spec, strict, n_modified, err);
	if (!ret && *n_modified) {
		ret = xswd_save(d, err);
		if (ret) {
			for (size_t i = 0; i < n; i++) {
				saved[i].rule->spec.actions = saved[i].actions;
				saved[i].rule->spec.cookie = saved[i].cookie;
			}
			*n_modified = 0;
		} else {
			xswd_flows_changed(d, br);
		}
	}
	free(saved);
	return ret;
}
