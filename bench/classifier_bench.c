// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Classifier benchmark: builds a rule set of realistic shapes, then
 * measures lookups/s (with and without the un-wildcarding mask, with and
 * without prefix tries), insert, remove and churn rates, memory per rule,
 * and the quality of the megaflows the lookups would install (distinct
 * masks, distinct entries, mean mask bits).  Prints one JSON object.
 *
 *   classifier_bench [--rules N] [--seconds S] [--seed N]
 *
 * Two scenarios.  "mix", an ACL-style rule set (10,000 rules by default,
 * percentages of N):
 *   40%  exact TCP/UDP 5-tuples          priority 200 (pinholes)
 *   20%  ip,nw_dst=CIDR /16 /20 /24 /28 /32, priority 100 + length (routes)
 *   10%  ip,nw_src=CIDR /24 /32          priority 150 (source ACLs)
 *   10%  in_port,dl_src                  priority 400 (port security)
 *   10%  ip,tcp|udp,tp_dst               priority 300 (service ports)
 *    5%  dl_dst                          priority 50  (L2 forwarding)
 *    3%  ipv6,nw_dst=CIDR /48 /64        priority 100
 *   ~2%  ip,tcp,nw_dst=/24,tp_dst        priority 250
 *    1 rule: catch-all                   priority 0
 * Traffic: 64Ki packets; about 30% on 5-tuples, 20% into routed prefixes,
 * 10% to service ports, 10% IPv6, 10% ARP, 20% anywhere.
 * "routes", where prefix tries pay: N IPv4 destination prefixes /16../32
 * (priority = length, i.e. longest prefix match) under 10/8 and a default
 * rule; traffic to random addresses, 3/4 of them inside 10/8.
 *
 * Megaflow quality is reported for tries off, and on with granularity 1 and
 * 8 (xsw_cls_set_trie_granularity).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon/classifier.h"

#include "../tests/lib/match_build.h"
#include "../tests/lib/rng.h"

#define N_PACKETS 65536

struct brule {
	struct xsw_cls_rule cr;
	int kind;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint32_t host_ip(void)
{
	/* 10.0.0.0/16 and 192.168.0.0/16 hosts */
	return (rnd_below(2) ? 0x0a000000u : 0xc0a80000u) | rnd_below(65536);
}

static void rand_mac(uint8_t *mac, uint32_t id)
{
	mac[0] = 0x02;
	mac[1] = 0;
	mac[2] = (uint8_t)(id >> 24);
	mac[3] = (uint8_t)(id >> 16);
	mac[4] = (uint8_t)(id >> 8);
	mac[5] = (uint8_t)id;
}

/* Rule i of n, by the mix in the header comment. */
static int32_t make_rule(size_t i, size_t n, struct xsw_match *m, int *kind)
{
	static const unsigned plens[] = {16, 20, 24, 28, 32};
	double f = (double)i / (double)n;

	memset(m, 0, sizeof(*m));
	if (i == n - 1) {
		*kind = 8;
		return 0;
	}
	if (f < 0.40) {
		*kind = 0;
		m_dl_type(m, ETH_IP);
		m_proto(m, rnd_below(2) ? 6 : 17);
		m_ip4(m, true, host_ip(), 32);
		m_ip4(m, false, host_ip(), 32);
		m_tp(m, true, (uint16_t)(1024 + rnd_below(60000)), 0xffff);
		m_tp(m, false, (uint16_t)(1 + rnd_below(1024)), 0xffff);
		return 200;
	}
	if (f < 0.60) {
		unsigned plen = plens[rnd_below(5)];

		*kind = 1;
		m_dl_type(m, ETH_IP);
		m_ip4(m, false, (uint32_t)rnd(), plen);
		if (rnd_below(2)) /* half of them inside 10/8 */
			m_ip4(m, false, 0x0a000000u | rnd_below(1u << 24),
			      plen);
		return 100 + (int32_t)plen;
	}
	if (f < 0.70) {
		*kind = 2;
		m_dl_type(m, ETH_IP);
		m_ip4(m, true, host_ip(), rnd_below(2) ? 24 : 32);
		return 150;
	}
	if (f < 0.80) {
		uint8_t mac[6];

		*kind = 3;
		m_in_port(m, 1 + rnd_below(200));
		rand_mac(mac, (uint32_t)i);
		m_mac(m, true, mac);
		return 400;
	}
	if (f < 0.90) {
		*kind = 4;
		m_dl_type(m, ETH_IP);
		m_proto(m, rnd_below(2) ? 6 : 17);
		m_tp(m, false, (uint16_t)(1 + rnd_below(65535)), 0xffff);
		return 300;
	}
	if (f < 0.95) {
		uint8_t mac[6];

		*kind = 5;
		rand_mac(mac, (uint32_t)rnd());
		m_mac(m, false, mac);
		return 50;
	}
	if (f < 0.98) {
		uint8_t a[16] = {0x20, 0x01, 0x0d, 0xb8}, mk[16] = {0};
		unsigned plen = rnd_below(2) ? 48 : 64;

		*kind = 6;
		a[4] = (uint8_t)rnd_below(256);
		a[5] = (uint8_t)rnd_below(256);
		a[6] = (uint8_t)rnd_below(256);
		a[7] = (uint8_t)rnd_below(256);
		memset(mk, 0xff, plen / 8);
		m_dl_type(m, ETH_IP6);
		m_addr(m, false, a, mk, 16);
		return 100;
	}
	*kind = 7;
	m_dl_type(m, ETH_IP);
	m_proto(m, 6);
	m_ip4(m, false, host_ip(), 24);
	m_tp(m, false, (uint16_t)(1 + rnd_below(1024)), 0xffff);
	return 250;
}

static void make_packet(struct xsw_flow_key *k, const struct brule *rules,
			size_t n_rules)
{
	unsigned t = rnd_below(100);
	const struct brule *r = &rules[rnd_below((uint32_t)n_rules)];

	memset(k, 0, sizeof(*k));
	k->in_port = 1 + rnd_below(256);
	rand_mac(k->dl_src, (uint32_t)rnd());
	rand_mac(k->dl_dst, (uint32_t)rnd());
	k->dl_type = htons(ETH_IP);
	k->nw_proto = rnd_below(2) ? 6 : 17;
	k->nw_ttl = 64;
	k->nw_src.ip4 = htonl(host_ip());
	k->nw_dst.ip4 = htonl(host_ip());
	k->tp_src = htons((uint16_t)(1024 + rnd_below(60000)));
	k->tp_dst = htons((uint16_t)(1 + rnd_below(1024)));

	if (t < 30) { /* a 5-tuple rule's flow */
		while (r->kind != 0)
			r = &rules[rnd_below((uint32_t)n_rules)];
		k->nw_proto = r->cr.match.key.nw_proto;
		k->nw_src = r->cr.match.key.nw_src;
		k->nw_dst = r->cr.match.key.nw_dst;
		k->tp_src = r->cr.match.key.tp_src;
		k->tp_dst = r->cr.match.key.tp_dst;
	} else if (t < 50) { /* into a routed prefix */
		while (r->kind != 1)
			r = &rules[rnd_below((uint32_t)n_rules)];
		k->nw_dst.ip4 =
		    r->cr.match.key.nw_dst.ip4 |
		    ((uint32_t)rnd() & ~r->cr.match.mask.nw_dst.ip4);
	} else if (t < 60) { /* a service port */
		while (r->kind != 4)
			r = &rules[rnd_below((uint32_t)n_rules)];
		k->nw_proto = r->cr.match.key.nw_proto;
		k->tp_dst = r->cr.match.key.tp_dst;
	} else if (t < 70) { /* IPv6 */
		k->dl_type = htons(ETH_IP6);
		k->nw_src.ip6[0] = 0xfd;
		k->nw_dst.ip6[0] = 0x20;
		k->nw_dst.ip6[1] = 0x01;
		k->nw_dst.ip6[2] = 0x0d;
		k->nw_dst.ip6[3] = 0xb8;
		for (int i = 4; i < 16; i++)
			k->nw_dst.ip6[i] = (uint8_t)rnd();
		if (rnd_below(2)) {
			while (r->kind != 6)
				r = &rules[rnd_below((uint32_t)n_rules)];
			memcpy(k->nw_dst.ip6, r->cr.match.key.nw_dst.ip6, 8);
		}
	} else if (t < 80) { /* ARP */
		k->dl_type = htons(ETH_ARP);
		k->nw_proto = 1;
		k->tp_src = k->tp_dst = 0;
	} else if (t < 90) { /* anywhere */
		k->nw_src.ip4 = (uint32_t)rnd();
		k->nw_dst.ip4 = (uint32_t)rnd();
	}
	/* else: random hosts of ours */
	if (rnd_below(10) == 0) { /* a port-security rule's sender */
		while (r->kind != 3)
			r = &rules[rnd_below((uint32_t)n_rules)];
		k->in_port = r->cr.match.key.in_port;
		memcpy(k->dl_src, r->cr.match.key.dl_src, 6);
	}
}

static uint64_t hash_bytes(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 32);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static size_t n_distinct(uint64_t *v, size_t n)
{
	size_t d = 0;

	qsort(v, n, sizeof(*v), cmp_u64);
	for (size_t i = 0; i < n; i++)
		d += !i || v[i] != v[i - 1];
	return d;
}

struct quality {
	size_t n_masks;
	size_t n_megaflows;
	double mean_bits;
	double hit_rate; /* packets that hit a rule other than the catch-all */
};

static void megaflow_quality(const struct xsw_cls *cls,
			     const struct xsw_flow_key *pkts, size_t n,
			     struct quality *q)
{
	uint64_t *masks = malloc(n * sizeof(*masks));
	uint64_t *flows = malloc(n * sizeof(*flows));
	uint64_t bits = 0, hits = 0;

	if (!masks || !flows) {
		fprintf(stderr, "classifier_bench: out of memory\n");
		exit(1);
	}
	for (size_t i = 0; i < n; i++) {
		struct {
			struct xsw_flow_key key, mask;
		} mf;
		const struct xsw_cls_rule *r;
		const uint64_t *w;

		memset(&mf, 0, sizeof(mf));
		r = xsw_cls_lookup(cls, &pkts[i], &mf.mask);
		hits += r && r->priority > 0;
		xsw_key_mask(&mf.key, &pkts[i], &mf.mask);
		w = xsw_key_u64(&mf.mask);
		for (size_t j = 0; j < XSW_FLOW_KEY_U64S; j++)
			bits += (uint64_t)__builtin_popcountll(w[j]);
		masks[i] = hash_bytes(&mf.mask, sizeof(mf.mask));
		flows[i] = hash_bytes(&mf, sizeof(mf));
	}
	q->n_masks = n_distinct(masks, n);
	q->n_megaflows = n_distinct(flows, n);
	q->mean_bits = (double)bits / (double)n;
	q->hit_rate = (double)hits / (double)n;
	free(masks);
	free(flows);
}

static volatile uint64_t sink;

/* Lookups per second over @seconds, cycling through the packets. */
static double lookup_rate(const struct xsw_cls *cls,
			  const struct xsw_flow_key *pkts, size_t n,
			  bool with_wc, double seconds)
{
	uint64_t n_done = 0, acc = 0;
	double t0 = now(), t;

	do {
		for (size_t i = 0; i < n; i++) {
			struct xsw_flow_key wc;
			const struct xsw_cls_rule *r;

			if (with_wc) {
				memset(&wc, 0, sizeof(wc));
				r = xsw_cls_lookup(cls, &pkts[i], &wc);
				acc += wc.in_port;
			} else {
				r = xsw_cls_lookup(cls, &pkts[i], NULL);
			}
			acc += (uintptr_t)r;
		}
		n_done += n;
		t = now() - t0;
	} while (t < seconds);
	sink = acc;
	return (double)n_done / t;
}

static void insert_all(struct xsw_cls *cls, struct brule *rules, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int err = xsw_cls_insert(cls, &rules[i].cr, NULL);

		if (err && err != -EEXIST) {
			fprintf(stderr, "classifier_bench: insert: %s\n",
				strerror(-err));
			exit(1);
		}
	}
}

static void shuffle(size_t *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd_below((uint32_t)i), t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

/* Routes: prefixes of 10/8, longest wins, and a default route. */
static int32_t make_route(size_t i, size_t n, struct xsw_match *m, int *kind)
{
	/* mostly /24s, as routing tables are */
	unsigned t = rnd_below(10);
	unsigned plen = t < 6	? 24
			: t < 8 ? 16 + rnd_below(8)
				: 25 + rnd_below(8);

	memset(m, 0, sizeof(*m));
	*kind = 1;
	if (i == n - 1) {
		*kind = 8;
		return 0;
	}
	m_dl_type(m, ETH_IP);
	m_ip4(m, false, 0x0a000000u | (rnd_below(1u << 24)), plen);
	return (int32_t)plen;
}

static void make_route_packet(struct xsw_flow_key *k, const struct brule *rules,
			      size_t n_rules)
{
	(void)rules;
	(void)n_rules;
	memset(k, 0, sizeof(*k));
	k->in_port = 1 + rnd_below(8);
	rand_mac(k->dl_src, rnd_below(64));
	rand_mac(k->dl_dst, 0xffffff);
	k->dl_type = htons(ETH_IP);
	k->nw_proto = 17;
	k->nw_ttl = 64;
	k->nw_src.ip4 = htonl(host_ip());
	k->nw_dst.ip4 = htonl(rnd_below(4) ? 0x0a000000u | rnd_below(1u << 24)
					   : (uint32_t)rnd());
	k->tp_src = htons((uint16_t)rnd());
	k->tp_dst = htons(53);
}

typedef int32_t make_rule_fn(size_t i, size_t n, struct xsw_match *m,
			     int *kind);
typedef void make_packet_fn(struct xsw_flow_key *k, const struct brule *rules,
			    size_t n_rules);

struct scenario {
	const char *name;
	make_rule_fn *make_rule;
	make_packet_fn *make_packet;
	bool rates; /* also insert/remove/churn rates and memory */
};

static void print_quality(const char *name, const struct quality *q, bool last)
{
	printf("\"%s\": {\"distinct_masks\": %zu, \"distinct_entries\": %zu, "
	       "\"mean_mask_bits\": %.1f}%s",
	       name, q->n_masks, q->n_megaflows, q->mean_bits,
	       last ? "" : ", ");
}

static int build(struct xsw_cls *cls, struct brule *rules, size_t n, bool tries,
		 unsigned granularity)
{
	if (xsw_cls_init(cls) || xsw_cls_set_prefix_tries(cls, tries) ||
	    xsw_cls_set_trie_granularity(cls, granularity))
		return -1;
	insert_all(cls, rules, n);
	return 0;
}

static int run_scenario(const struct scenario *sc, size_t n_rules,
			double seconds, bool last)
{
	struct brule *rules = calloc(n_rules, sizeof(*rules));
	struct brule *spare = calloc(n_rules, sizeof(*spare));
	size_t *order = calloc(n_rules, sizeof(*order));
	struct xsw_flow_key *pkts = calloc(N_PACKETS, sizeof(*pkts));
	double ins_rate = 0, rem_rate = 0, churn_rate = 0;
	double lk_wc, lk_nowc, lk_notries, t0;
	struct quality q1, q8, q0;
	struct xsw_cls_stats stats;
	struct mallinfo2 mi0, mi1;
	size_t n_loaded, heap_per_rule = 0;
	struct xsw_cls cls;

	if (!rules || !spare || !order || !pkts)
		return -1;
	for (size_t i = 0; i < n_rules; i++) {
		struct xsw_match m;
		int32_t prio = sc->make_rule(i, n_rules, &m, &rules[i].kind);

		xsw_cls_rule_init(&rules[i].cr, &m, prio);
		order[i] = i;
	}
	/* insert in a random order, as a controller would */
	shuffle(order, n_rules);
	for (size_t i = 0; i < n_rules; i++)
		spare[i] = rules[order[i]];
	memcpy(rules, spare, n_rules * sizeof(*rules));
	for (size_t i = 0; i < N_PACKETS; i++)
		sc->make_packet(&pkts[i], rules, n_rules);

	/* insert / remove rates: best of 5 */
	for (int rep = 0; sc->rates && rep < 5; rep++) {
		size_t n_live;
		double r;

		if (xsw_cls_init(&cls))
			return -1;
		t0 = now();
		insert_all(&cls, rules, n_rules);
		r = (double)n_rules / (now() - t0);
		ins_rate = r > ins_rate ? r : ins_rate;
		n_live = xsw_cls_count(&cls);
		shuffle(order, n_rules);
		t0 = now();
		for (size_t i = 0; i < n_rules; i++)
			if (rules[order[i]].cr.subtable)
				xsw_cls_remove(&cls, &rules[order[i]].cr);
		r = (double)n_live / (now() - t0);
		rem_rate = r > rem_rate ? r : rem_rate;
		xsw_cls_destroy(&cls);
	}

	/* memory as the allocator sees it, then lookups */
	mi0 = mallinfo2();
	if (build(&cls, rules, n_rules, true, 1))
		return -1;
	mi1 = mallinfo2();
	n_loaded = xsw_cls_count(&cls);
	heap_per_rule = (mi1.uordblks - mi0.uordblks) / n_loaded;
	xsw_cls_get_stats(&cls, &stats);
	lk_wc = lookup_rate(&cls, pkts, N_PACKETS, true, seconds);
	lk_nowc = lookup_rate(&cls, pkts, N_PACKETS, false, seconds);
	megaflow_quality(&cls, pkts, N_PACKETS, &q1);
	xsw_cls_set_trie_granularity(&cls, 8);
	megaflow_quality(&cls, pkts, N_PACKETS, &q8);
	xsw_cls_destroy(&cls);

	if (build(&cls, rules, n_rules, false, 1))
		return -1;
	lk_notries = lookup_rate(&cls, pkts, N_PACKETS, true, seconds);
	megaflow_quality(&cls, pkts, N_PACKETS, &q0);
	xsw_cls_destroy(&cls);

	/* churn: remove a random live rule, insert a fresh one (same mix) */
	if (sc->rates) {
		struct brule **live = calloc(n_rules, sizeof(*live));
		size_t n_ops = 0, n_live = 0;

		if (!live || xsw_cls_init(&cls))
			return -1;
		for (size_t i = 0; i < n_rules; i++) {
			struct xsw_match m;
			int32_t prio =
			    sc->make_rule(i, n_rules, &m, &spare[i].kind);

			xsw_cls_rule_init(&spare[i].cr, &m, prio);
		}
		for (size_t i = 0; i < n_rules; i++)
			if (!xsw_cls_insert(&cls, &rules[i].cr, NULL))
				live[n_live++] = &rules[i];
		t0 = now();
		for (size_t i = 0; i < n_rules; i++) {
			size_t j = rnd_below((uint32_t)n_live);

			xsw_cls_remove(&cls, &live[j]->cr);
			n_ops++;
			if (!xsw_cls_insert(&cls, &spare[i].cr, NULL))
				live[j] = &spare[i];
			else
				live[j] = live[--n_live];
			n_ops++;
		}
		churn_rate = (double)n_ops / (now() - t0);
		xsw_cls_destroy(&cls);
		free(live);
	}

	printf(" \"%s\": {\"rules\": %zu, \"dup_rules\": %zu, "
	       "\"subtables\": %zu, \"trie_nodes\": %zu, \"packets\": %d, "
	       "\"hit_rate\": %.3f,\n"
	       "  \"lookups_per_s\": %.0f, \"lookups_per_s_no_wc\": %.0f, "
	       "\"lookups_per_s_no_tries\": %.0f,\n",
	       sc->name, n_loaded, n_rules - n_loaded, stats.n_subtables,
	       stats.n_trie_nodes, N_PACKETS, q1.hit_rate, lk_wc, lk_nowc,
	       lk_notries);
	if (sc->rates)
		printf(
		    "  \"inserts_per_s\": %.0f, \"removes_per_s\": %.0f, "
		    "\"churn_ops_per_s\": %.0f,\n"
		    "  \"bytes_per_rule\": {\"rule_struct\": %zu, "
		    "\"classifier\": %.0f, \"heap\": %zu, \"total\": %zu},\n",
		    ins_rate, rem_rate, churn_rate, sizeof(struct xsw_cls_rule),
		    (double)stats.size / (double)n_loaded, heap_per_rule,
		    sizeof(struct xsw_cls_rule) + heap_per_rule);
	printf("  \"megaflows\": {");
	print_quality("no_tries", &q0, false);
	print_quality("tries", &q1, false);
	print_quality("tries_granularity_8", &q8, true);
	printf("}}%s\n", last ? "" : ",");

	free(rules);
	free(spare);
	free(order);
	free(pkts);
	return 0;
}

static void usage(void)
{
	fprintf(
	    stderr,
	    "usage: classifier_bench [--rules N] [--seconds S] [--seed N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"rules", required_argument, NULL, 'r'},
	    {"seconds", required_argument, NULL, 's'},
	    {"seed", required_argument, NULL, 'S'},
	    {NULL, 0, NULL, 0},
	};
	static const struct scenario scenarios[] = {
	    {"mix", make_rule, make_packet, true},
	    {"routes", make_route, make_route_packet, false},
	};
	size_t n_rules = 10000;
	double seconds = 0.7, t_start = now();
	uint64_t seed = 1;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			n_rules = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seconds = strtod(optarg, NULL);
			break;
		case 'S':
			seed = strtoull(optarg, NULL, 0);
			break;
		default:
			usage();
		}
	}
	if (n_rules < 100 || n_rules > UINT32_MAX || seconds <= 0)
		usage();
	rng_seed(seed);

	printf("{\"bench\": \"classifier\",\n");
	for (size_t i = 0; i < 2; i++) {
		if (run_scenario(&scenarios[i], n_rules, seconds, false)) {
			fprintf(stderr, "classifier_bench: out of memory\n");
			return 1;
		}
	}
	printf(" \"seconds\": %.1f}\n", now() - t_start);
	return 0;
}
