// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The rule table (flow_table.h): ovs-ofctl add/mod/del/dump-flows on top of
 * the classifier.  The design lives in the header; notes on choices the
 * header leaves open:
 *  - removed rules are pushed onto the front of the caller's *dead list
 *    (start it at NULL), in the order they were found; a NULL @dead or
 *    @replaced means "free them here";
 *  - a timeout of T seconds fires at exactly T seconds (now >= start + T);
 *  - dump order compares the match strings with port numbers, so it does
 *    not change when a port is renamed;
 *  - strict modify/delete check the cookie filter (and delete the out_port
 *    filter) too, as OVS does;
 *  - xsw_ft_from_json() replaces the whole table: the existing rules are
 *    freed first (a load happens before any cache refers to them);
 *  - xsw_rule_to_json()'s "match" is the match alone, without "priority="
 *    (which has a member of its own); "flow" is the whole canonical string.
 */
#include "daemon/flow_table.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_PER_MS 1000000ULL

static struct xsw_rule *rule_of(const struct xsw_cls_rule *cr)
{
	return (struct xsw_rule *)((char *)(uintptr_t)cr -
				   offsetof(struct xsw_rule, cr));
}

int xsw_ft_init(struct xsw_flow_table *ft)
{
	struct xsw_rule *imp = &ft->implicit;
	struct xsw_match any;
	int r;

	memset(ft, 0, sizeof(*ft));
	r = xsw_cls_init(&ft->cls);
	if (r)
		return r;
	memset(&any, 0, sizeof(any));
	xsw_cls_rule_init(&imp->cr, &any, XSW_IMPLICIT_PRIORITY);
	xsw_flow_spec_init(&imp->spec);
	imp->spec.priority = 0; /* not a user priority; cr.priority says -1 */
	imp->spec.actions.n_actions = 1;
	imp->spec.actions.actions[0].type = XSW_OFACT_NORMAL;
	imp->implicit = true;
	return 0;
}

void xsw_ft_destroy(struct xsw_flow_table *ft)
{
	struct xsw_cls_cursor c;
	struct xsw_cls_rule *cr;

	for (cr = xsw_cls_cursor_start(&c, &ft->cls, NULL); cr;
	     cr = xsw_cls_cursor_next(&c)) {
		xsw_cls_remove(&ft->cls, cr);
		xsw_rule_free(rule_of(cr));
	}
	xsw_cls_destroy(&ft->cls);
}

size_t xsw_ft_count(const struct xsw_flow_table *ft)
{
	return xsw_cls_count(&ft->cls);
}

/* ---- Filters ------------------------------------------------------------ */

static bool cookie_passes(const struct xsw_rule *rule,
			  const struct xsw_flow_spec *filter)
{
	return (rule->spec.cookie & filter->cookie_mask) ==
	       (filter->cookie_match & filter->cookie_mask);
}

/* The parts of a filter the classifier does not check: cookie/mask and
 * out_port (0 = any). */
static bool extra_passes(const struct xsw_rule *rule,
			 const struct xsw_flow_spec *filter)
{
	return cookie_passes(rule, filter) &&
	       (!filter->out_port ||
		xsw_rule_outputs_to(rule, filter->out_port));
}

/* Calls @fn on every rule selected by @filter (NULL: all), strictly or
 * loosely.  @fn may remove the rule it is given from the classifier. */
static unsigned int for_each_selected(
	const struct xsw_flow_table *ft, const struct xsw_flow_spec *filter,
	bool strict, void (*fn)(struct xsw_rule *rule, void *aux), void *aux)
{
	struct xsw_cls_cursor c;
	struct xsw_cls_rule *cr;
	unsigned int n = 0;

	if (filter && strict) {
		cr = xsw_cls_find_exact(&ft->cls, &filter->match,
					filter->priority);
		if (cr && extra_passes(rule_of(cr), filter)) {
			fn(rule_of(cr), aux);
			n++;
		}
		return n;
	}
	for (cr = xsw_cls_cursor_start(&c, &ft->cls,
				       filter ? &filter->match : NULL);
	     cr; cr = xsw_cls_cursor_next(&c)) {
		if (filter && !extra_passes(rule_of(cr), filter))
			continue;
		fn(rule_of(cr), aux);
		n++;
	}
	return n;
}

/* ---- add, modify, delete, expire ---------------------------------------- */

int xsw_ft_add(struct xsw_flow_table *ft, const struct xsw_flow_spec *spec,
	       uint64_t now_ns, struct xsw_rule **replaced, struct xsw_err *err)
{
	struct xsw_cls_rule *dup = NULL;
	struct xsw_rule *rule;
	int r;

	if (replaced)
		*replaced = NULL;
	if (spec->actions.n_actions > XSW_MAX_OFACTIONS)
		return xsw_err_set(err, EINVAL,
				   "too many actions (%u, at most %d)",
				   spec->actions.n_actions, XSW_MAX_OFACTIONS);
	rule = calloc(1, sizeof(*rule));
	if (!rule)
		return xsw_err_set(err, ENOMEM, "out of memory adding a flow");
	rule->spec = *spec;
	rule->spec.cookie_match = 0;
	rule->spec.cookie_mask = 0;
	rule->spec.out_port = 0;
	rule->spec.flags = 0;
	xsw_cls_rule_init(&rule->cr, &spec->match, spec->priority);
	rule->spec.match = rule->cr.match; /* the masked key */
	rule->created_ns = now_ns;

	r = xsw_cls_insert(&ft->cls, &rule->cr, &dup);
	if (r == -EEXIST && dup) {
		r = xsw_cls_replace(&ft->cls, dup, &rule->cr);
		if (!r) {
			if (replaced)
				*replaced = rule_of(dup);
			else
				xsw_rule_free(rule_of(dup));
		}
	}
	if (r) {
		free(rule);
		if (r == -ENOMEM)
			return xsw_err_set(err, ENOMEM,
					   "out of memory adding a flow");
		return xsw_err_set(err, r,
				   "the classifier refused the flow: %s",
				   strerror(-r));
	}
	ft->version++;
	return 0;
}

struct modify_ctx {
	const struct xsw_flow_spec *spec;
};

static void modify_one(struct xsw_rule *rule, void *aux)
{
	const struct modify_ctx *ctx = aux;

	rule->spec.actions = ctx->spec->actions;
	if (ctx->spec->flags & XSW_FLOW_F_SET_COOKIE)
		rule->spec.cookie = ctx->spec->cookie;
}

int xsw_ft_modify(struct xsw_flow_table *ft, const struct xsw_flow_spec *spec,
		  bool strict, unsigned int *n_modified, struct xsw_err *err)
{
	struct modify_ctx ctx = {spec};
	unsigned int n;

	if (n_modified)
		*n_modified = 0;
	if (spec->actions.n_actions > XSW_MAX_OFACTIONS)
		return xsw_err_set(err, EINVAL,
				   "too many actions (%u, at most %d)",
				   spec->actions.n_actions, XSW_MAX_OFACTIONS);
	n = for_each_selected(ft, spec, strict, modify_one, &ctx);
	if (n)
		ft->version++;
	if (n_modified)
		*n_modified = n;
	return 0;
}

struct dead_ctx {
	struct xsw_cls *cls;
	struct xsw_rule *head, **tail; /* found so far, in order */
};

static void dead_init(struct dead_ctx *ctx, struct xsw_cls *cls)
{
	ctx->cls = cls;
	ctx->head = NULL;
	ctx->tail = &ctx->head;
}

static void remove_one(struct xsw_rule *rule, void *aux)
{
	struct dead_ctx *ctx = aux;

	xsw_cls_remove(ctx->cls, &rule->cr);
	rule->next_dead = NULL;
	*ctx->tail = rule;
	ctx->tail = &rule->next_dead;
}

/* Puts the removed rules in front of *@dead, or frees them if @dead is
 * NULL. */
static void dead_hand_over(struct dead_ctx *ctx, struct xsw_rule **dead)
{
	if (!dead) {
		xsw_rule_free_list(ctx->head);
		return;
	}
	if (ctx->head) {
		*ctx->tail = *dead;
		*dead = ctx->head;
	}
}

int xsw_ft_delete(struct xsw_flow_table *ft,
		  const struct xsw_flow_spec *filter, bool strict,
		  struct xsw_rule **dead, unsigned int *n_deleted,
		  struct xsw_err *err)
{
	struct dead_ctx ctx;
	unsigned int n;

	(void)err; /* nothing can fail yet */
	dead_init(&ctx, &ft->cls);
	n = for_each_selected(ft, filter, strict, remove_one, &ctx);
	dead_hand_over(&ctx, dead);
	if (n)
		ft->version++;
	if (n_deleted)
		*n_deleted = n;
	return 0;
}

static bool rule_expired(const struct xsw_rule *rule, uint64_t now_ns)
{
	uint64_t last = rule->used_ns ? rule->used_ns : rule->created_ns;

	if (rule->spec.hard_timeout && now_ns >= rule->created_ns &&
	    now_ns - rule->created_ns >= rule->spec.hard_timeout * XSW_NSEC_PER_SEC)
		return true;
	if (rule->spec.idle_timeout && now_ns >= last &&
	    now_ns - last >= rule->spec.idle_timeout * XSW_NSEC_PER_SEC)
		return true;
	return false;
}

unsigned int xsw_ft_expire(struct xsw_flow_table *ft, uint64_t now_ns,
			   struct xsw_rule **dead)
{
	struct xsw_cls_cursor c;
	struct xsw_cls_rule *cr;
	struct dead_ctx ctx;
	unsigned int n = 0;

	dead_init(&ctx, &ft->cls);
	for (cr = xsw_cls_cursor_start(&c, &ft->cls, NULL); cr;
	     cr = xsw_cls_cursor_next(&c)) {
		if (rule_expired(rule_of(cr), now_ns)) {
			remove_one(rule_of(cr), &ctx);
			n++;
		}
	}
	dead_hand_over(&ctx, dead);
	if (n)
		ft->version++;
	return n;
}

/* ---- lookup and listing ------------------------------------------------- */

struct xsw_rule *xsw_ft_lookup(const struct xsw_flow_table *ft,
			       const struct xsw_flow_key *key,
			       struct xsw_flow_key *wc)
{
	const struct xsw_cls_rule *cr = xsw_cls_lookup(&ft->cls, key, wc);

	/* The implicit rule matches everything: a miss adds nothing to what
	 * the classifier examined to prove it. */
	return cr ? rule_of(cr) : (struct xsw_rule *)&ft->implicit;
}

struct sort_item {
	struct xsw_rule *rule;
	char *match; /* canonical match string, port numbers */
};

struct collect_ctx {
	struct sort_item *items;
	size_t n, alloc;
	int error;
};

static void collect_one(struct xsw_rule *rule, void *aux)
{
	struct collect_ctx *ctx = aux;
	char buf[FLOW_FORMAT_SIZE];
	int len;

	if (ctx->error)
		return;
	if (ctx->n == ctx->alloc) {
		size_t alloc = ctx->alloc ? 2 * ctx->alloc : 16;
		struct sort_item *items;

		items = realloc(ctx->items, alloc * sizeof(*items));
		if (!items) {
			ctx->error = ENOMEM;
			return;
		}
		ctx->items = items;
		ctx->alloc = alloc;
	}
	len = flow_format_match(&rule->cr.match, rule->spec.priority, NULL, buf,
				sizeof(buf));
	if (len < 0) {
		ctx->error = -len;
		return;
	}
	ctx->items[ctx->n].rule = rule;
	ctx->items[ctx->n].match = strdup(buf);
	if (!ctx->items[ctx->n].match) {
		ctx->error = ENOMEM;
		return;
	}
	ctx->n++;
}

static int compare_items(const void *a_, const void *b_)
{
	const struct sort_item *a = a_, *b = b_;

	if (a->rule->cr.priority != b->rule->cr.priority)
		return a->rule->cr.priority > b->rule->cr.priority ? -1 : 1;
	return strcmp(a->match, b->match);
}

struct xsw_rule **xsw_ft_list(const struct xsw_flow_table *ft,
			      const struct xsw_flow_spec *filter, bool strict)
{
	struct collect_ctx ctx = {0};
	struct xsw_rule **rules = NULL;

	for_each_selected(ft, filter, strict, collect_one, &ctx);
	if (!ctx.error) {
		if (ctx.n)
			qsort(ctx.items, ctx.n, sizeof(*ctx.items),
			      compare_items);
		rules = malloc((ctx.n + 1) * sizeof(*rules));
		if (rules) {
			for (size_t i = 0; i < ctx.n; i++)
				rules[i] = ctx.items[i].rule;
			rules[ctx.n] = NULL;
		} else {
			ctx.error = ENOMEM;
		}
	}
	for (size_t i = 0; i < ctx.n; i++)
		free(ctx.items[i].match);
	free(ctx.items);
	if (ctx.error)
		errno = ctx.error;
	return rules;
}

void xsw_ft_for_each(const struct xsw_flow_table *ft,
		     void (*fn)(struct xsw_rule *rule, void *aux), void *aux)
{
	for_each_selected(ft, NULL, false, fn, aux);
}

bool xsw_rule_outputs_to(const struct xsw_rule *rule, uint32_t port_no)
{
	const struct xsw_ofactions *acts = &rule->spec.actions;

	for (unsigned int i = 0; i < acts->n_actions && i < XSW_MAX_OFACTIONS;
	     i++)
		if (acts->actions[i].type == XSW_OFACT_OUTPUT &&
		    acts->actions[i].port_no == port_no)
			return true;
	return false;
}

void xsw_rule_free(struct xsw_rule *rule)
{
	if (rule && !rule->implicit)
		free(rule);
}

void xsw_rule_free_list(struct xsw_rule *dead)
{
	while (dead) {
		struct xsw_rule *next = dead->next_dead;

		xsw_rule_free(dead);
		dead = next;
	}
}

/* ---- persistence and dump-flows ----------------------------------------- */

static struct flow_syntax_opts add_opts(const struct flow_syntax_opts *opts)
{
	return (struct flow_syntax_opts){
		.mode = FLOW_MODE_ADD,
		.strict = false,
		.ports = opts ? opts->ports : NULL,
	};
}

/* The whole canonical string of @rule into @buf (FLOW_FORMAT_SIZE). */
static int format_rule(const struct xsw_rule *rule,
		       const struct flow_syntax_opts *opts, char *buf)
{
	struct flow_syntax_opts o = add_opts(opts);
	struct xsw_flow_spec spec = rule->spec;

	if (rule->implicit)
		spec.priority = XSW_DEFAULT_PRIORITY; /* "actions=NORMAL" */
	return flow_format(&spec, &o, buf, FLOW_FORMAT_SIZE);
}

json_t *xsw_ft_to_json(const struct xsw_flow_table *ft,
		       const struct flow_syntax_opts *opts)
{
	struct xsw_rule **rules = xsw_ft_list(ft, NULL, false);
	char buf[FLOW_FORMAT_SIZE];
	json_t *flows = NULL;
	int err = ENOMEM;

	if (!rules)
		return NULL;
	flows = json_array();
	if (!flows)
		goto fail;
	for (size_t i = 0; rules[i]; i++) {
		int len = format_rule(rules[i], opts, buf);

		if (len < 0) {
			err = -len;
			goto fail;
		}
		if (json_array_append_new(flows, json_string(buf)))
			goto fail;
	}
	free(rules);
	return flows;

fail:
	json_decref(flows);
	free(rules);
	errno = err;
	return NULL;
}

static void remove_all(struct xsw_flow_table *ft)
{
	struct xsw_rule *dead = NULL;

	if (xsw_ft_count(ft)) {
		xsw_ft_delete(ft, NULL, false, &dead, NULL, NULL);
		xsw_rule_free_list(dead);
	}
}

int xsw_ft_from_json(struct xsw_flow_table *ft, json_t *flows,
		     const struct flow_syntax_opts *opts, uint64_t now_ns,
		     struct xsw_err *err)
{
	struct flow_syntax_opts o = add_opts(opts);
	struct xsw_flow_spec *specs = NULL;
	size_t n, i;
	json_t *item;
	int r = 0;

	xsw_err_clear(err);
	remove_all(ft);
	if (!json_is_array(flows))
		return xsw_err_set(err, EINVAL,
				   "saved flows: not a JSON array of strings");
	n = json_array_size(flows);
	if (n) {
		specs = calloc(n, sizeof(*specs));
		if (!specs)
			return xsw_err_set(err, ENOMEM,
					   "out of memory loading flows");
	}

	/* Parse everything before adding anything. */
	json_array_foreach(flows, i, item) {
		const char *str = json_string_value(item);

		if (!str) {
			r = xsw_err_set(err, EINVAL,
					"saved flow %zu: not a string", i + 1);
			goto out;
		}
		r = flow_parse(str, &o, &specs[i], err);
		if (r) {
			xsw_err_prefix(err, "saved flow %zu \"%.200s\"", i + 1,
				       str);
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		struct xsw_rule *replaced = NULL;

		r = xsw_ft_add(ft, &specs[i], now_ns, &replaced, err);
		/* A later duplicate wins, as with add-flow. */
		xsw_rule_free(replaced);
		if (r) {
			xsw_err_prefix(err, "saved flow %zu \"%.200s\"", i + 1,
				       json_string_value(json_array_get(flows,
									i)));
			goto out;
		}
	}
out:
	if (r)
		remove_all(ft);
	free(specs);
	return r;
}

json_t *xsw_rule_to_json(const struct xsw_rule *rule,
			 const struct flow_syntax_opts *opts, uint64_t now_ns)
{
	const struct flow_port_map *ports = opts ? opts->ports : NULL;
	uint64_t last = rule->used_ns ? rule->used_ns : rule->created_ns;
	uint64_t age = now_ns > rule->created_ns ? now_ns - rule->created_ns
						 : 0;
	uint64_t idle = now_ns > last ? now_ns - last : 0;
	char flow[FLOW_FORMAT_SIZE], match[FLOW_FORMAT_SIZE];
	char actions[FLOW_FORMAT_SIZE], cookie[24];
	json_t *o;

	if (format_rule(rule, opts, flow) < 0 ||
	    flow_format_match(&rule->cr.match, XSW_DEFAULT_PRIORITY, ports,
			      match, sizeof(match)) < 0 ||
	    flow_format_actions(&rule->spec.actions, ports, actions,
				sizeof(actions)) < 0) {
		errno = EINVAL;
		return NULL;
	}
	snprintf(cookie, sizeof(cookie), "0x%" PRIx64,
		 (uint64_t)rule->spec.cookie);
	o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
		      " s:s, s:s, s:s}",
		      "cookie", cookie,
		      "duration", (json_int_t)(age / XSW_NSEC_PER_SEC),
		      "duration_ms", (json_int_t)(age / NS_PER_MS),
		      "idle_age", (json_int_t)(idle / XSW_NSEC_PER_SEC),
		      "n_packets", (json_int_t)rule->n_packets,
		      "n_bytes", (json_int_t)rule->n_bytes,
		      "priority", (json_int_t)rule->cr.priority,
		      "idle_timeout", (json_int_t)rule->spec.idle_timeout,
		      "hard_timeout", (json_int_t)rule->spec.hard_timeout,
		      "match", match, "actions", actions, "flow", flow);
	if (!o) {
		errno = ENOMEM;
		return NULL;
	}
	return o;
}

void xsw_ft_undo_add(struct xsw_flow_table *ft,
		     const struct xsw_flow_spec *spec, struct xsw_rule *replaced)
{
	struct xsw_cls_rule *cr = xsw_cls_find_exact(&ft->cls, &spec->match,
						     spec->priority);

	if (!cr)
		return;
	if (replaced)
		xsw_cls_replace(&ft->cls, cr, &replaced->cr);
	else
		xsw_cls_remove(&ft->cls, cr);
	xsw_rule_free(rule_of(cr));
	ft->version++;
}

int xsw_ft_restore(struct xsw_flow_table *ft, struct xsw_rule *rule)
{
	struct xsw_cls_rule *dup = NULL;
	int ret;

	rule->next_dead = NULL;
	ret = xsw_cls_insert(&ft->cls, &rule->cr, &dup);
	if (!ret)
		ft->version++;
	return ret;
}
