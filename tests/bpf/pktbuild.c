// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "pktbuild.h"

#include <arpa/inet.h>
#include <string.h>

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

uint32_t pkt_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (; len > 1; len -= 2, p += 2)
		sum += (uint32_t)(p[0] << 8 | p[1]);
	if (len)
		sum += (uint32_t)(p[0] << 8);
	return sum;
}

uint16_t pkt_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

void pkt_mac(uint8_t mac[6], uint8_t a, uint8_t b, uint8_t c, uint8_t d,
	     uint8_t e, uint8_t f)
{
	mac[0] = a, mac[1] = b, mac[2] = c, mac[3] = d, mac[4] = e, mac[5] = f;
}

void pkt_ip4(uint8_t ip[16], uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	memset(ip, 0, 16);
	ip[0] = a, ip[1] = b, ip[2] = c, ip[3] = d;
}

static uint8_t proto_of(const struct pkt_spec *s)
{
	switch (s->l4) {
	case PKT_L4_TCP:
		return 6;
	case PKT_L4_UDP:
		return 17;
	case PKT_L4_ICMP:
		return s->l3 == PKT_L3_IPV6 ? 58 : 1;
	case PKT_L4_SCTP:
		return 132;
	default:
		return s->ip_proto;
	}
}

/* Pseudo-header sum for the L4 checksum. */
static uint32_t pseudo_sum(const struct pkt *pkt, int v6, uint8_t proto,
			   size_t l4_len)
{
	const uint8_t *ip = pkt->data + pkt->l3_off;
	uint32_t sum = 0;

	if (v6)
		sum = pkt_csum_add(sum, ip + 8, 32);
	else
		sum = pkt_csum_add(sum, ip + 12, 8);
	sum += proto;
	sum += (uint32_t)(l4_len & 0xffff) + (uint32_t)(l4_len >> 16);
	return sum;
}

static size_t csum_field_off(uint8_t proto)
{
	switch (proto) {
	case 6:
		return 16;
	case 17:
		return 6;
	default:
		return 2; /* ICMP, ICMPv6 */
	}
}

/* Writes the IPv6 extension headers of @s at @off; returns the offset after
 * them.  Each names the next one, the last names @proto. */
static size_t put_exts(uint8_t *d, size_t off, const struct pkt_spec *s,
		       uint8_t proto)
{
	for (unsigned int i = 0; i < s->n_exts && i < PKT_MAX_EXT; i++) {
		const struct pkt_ext *e = &s->exts[i];
		size_t size;

		if (e->type == 44)
			size = 8;
		else if (e->type == 51)
			size = ((size_t)e->len + 2) * 4;
		else
			size = ((size_t)e->len + 1) * 8;
		if (off + size > PKT_MAX)
			break;
		memset(d + off, 0, size);
		d[off] = i + 1 < s->n_exts ? s->exts[i + 1].type : proto;
		if (e->type == 44)
			put16(d + off + 2, e->frag);
		else
			d[off + 1] = e->len;
		off += size;
	}
	return off;
}

size_t pkt_build(struct pkt *pkt, const struct pkt_spec *s)
{
	uint8_t *d = pkt->data;
	uint8_t proto = proto_of(s);
	size_t off = 12, l4_len = 0;
	int v6 = s->l3 == PKT_L3_IPV6;
	size_t opts_len = s->ip_opts_len > 40 ? 40 : s->ip_opts_len & ~3u;

	memset(pkt, 0, sizeof(*pkt));
	memcpy(d, s->dst, 6);
	memcpy(d + 6, s->src, 6);
	for (unsigned int i = 0; i < s->n_vlans && i < PKT_MAX_VLANS; i++) {
		put16(d + off, s->vlans[i].tpid);
		put16(d + off + 2, s->vlans[i].tci);
		off += 4;
	}
	switch (s->l3) {
	case PKT_L3_IPV4:
		put16(d + off, 0x0800);
		break;
	case PKT_L3_IPV6:
		put16(d + off, 0x86dd);
		break;
	case PKT_L3_ARP:
		put16(d + off, 0x0806);
		break;
	default:
		put16(d + off, s->eth_type);
	}
	off += 2;
	pkt->l3_off = off;

	if (s->l3 == PKT_L3_ARP) {
		uint8_t *a = d + off;

		put16(a, 1);
		put16(a + 2, 0x0800);
		a[4] = 6;
		a[5] = 4;
		put16(a + 6, s->arp_op ? s->arp_op : 1);
		memcpy(a + 8, s->src, 6);
		memcpy(a + 14, s->ip_src, 4);
		memcpy(a + 18, s->dst, 6);
		memcpy(a + 24, s->ip_dst, 4);
		off += 28;
		pkt->len = off;
		return off;
	}
	if (s->l3 == PKT_L3_NONE) {
		for (size_t i = 0; i < s->payload_len && off < PKT_MAX; i++)
			d[off++] = (uint8_t)i;
		pkt->len = off;
		return off;
	}
	off += v6 ? 40 : 20u + opts_len;
	if (v6)
		off = put_exts(d, off, s, proto);
	pkt->l4_off = s->l4 != PKT_L4_NONE ? off : 0;
	switch (s->l4) {
	case PKT_L4_TCP:
		put16(d + off, s->sport);
		put16(d + off + 2, s->dport);
		d[off + 12] = 5 << 4;
		d[off + 13] = s->tcp_flags ? s->tcp_flags : 0x02;
		put16(d + off + 14, 65535);
		off += 20;
		break;
	case PKT_L4_UDP:
		put16(d + off, s->sport);
		put16(d + off + 2, s->dport);
		off += 8;
		break;
	case PKT_L4_ICMP:
		d[off] = (uint8_t)s->sport;
		d[off + 1] = (uint8_t)s->dport;
		off += 8;
		break;
	case PKT_L4_SCTP:
		put16(d + off, s->sport);
		put16(d + off + 2, s->dport);
		off += 12;
		break;
	default:
		break;
	}
	for (size_t i = 0; i < s->payload_len && off < PKT_MAX; i++)
		d[off++] = (uint8_t)(i * 7);
	pkt->len = off;

	/* L3 header */
	{
		uint8_t *ip = d + pkt->l3_off;
		size_t l3_hdr = v6 ? 40 : 20u + opts_len;
		size_t l3_payload = off - pkt->l3_off - l3_hdr;

		if (v6) {
			ip[0] = (uint8_t)(0x60 | s->tos >> 4);
			ip[1] = (uint8_t)(s->tos << 4);
			put16(ip + 4, (uint16_t)l3_payload);
			ip[6] = s->n_exts ? s->exts[0].type : proto;
			ip[7] = s->ttl ? s->ttl : 64;
			memcpy(ip + 8, s->ip_src, 16);
			memcpy(ip + 24, s->ip_dst, 16);
		} else {
			ip[0] = (uint8_t)(0x40 | l3_hdr / 4);
			ip[1] = s->tos;
			put16(ip + 2, (uint16_t)(l3_payload + l3_hdr));
			put16(ip + 6, s->ip_frag);
			ip[8] = s->ttl ? s->ttl : 64;
			ip[9] = proto;
			memcpy(ip + 12, s->ip_src, 4);
			memcpy(ip + 16, s->ip_dst, 4);
			memset(ip + 20, 1, opts_len); /* NOPs */
			put16(ip + 10,
			      pkt_csum_fold(pkt_csum_add(0, ip, l3_hdr)));
		}
	}
	if (s->l4 != PKT_L4_NONE && s->l4 != PKT_L4_SCTP) {
		uint8_t *l4 = d + pkt->l4_off;
		uint32_t sum = 0;

		l4_len = off - pkt->l4_off;
		if (s->l4 == PKT_L4_UDP)
			put16(l4 + 4, (uint16_t)l4_len);
		if (v6 || s->l4 != PKT_L4_ICMP)
			sum = pseudo_sum(pkt, v6, proto, l4_len);
		sum = pkt_csum_add(sum, l4, l4_len);
		put16(l4 + csum_field_off(proto), pkt_csum_fold(sum));
	}
	return off;
}

int pkt_l4_csum_ok(const struct pkt *pkt)
{
	const uint8_t *ip = pkt->data + pkt->l3_off;
	int v6 = (ip[0] >> 4) == 6;
	uint8_t proto = v6 ? ip[6] : ip[9];
	size_t l4_len = pkt->len - pkt->l4_off;
	uint32_t sum = 0;

	if (!pkt->l4_off)
		return 1;
	if (v6 || proto != 1)
		sum = pseudo_sum(pkt, v6, proto, l4_len);
	sum = pkt_csum_add(sum, pkt->data + pkt->l4_off, l4_len);
	return pkt_csum_fold(sum) == 0;
}
