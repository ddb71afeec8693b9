// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Building matches and flow keys in tests and benches (match_build.h). */
#include <arpa/inet.h>
#include <string.h>

#include "match_build.h"

void set_bytes(struct xsw_match *m, size_t ofs, const void *val,
	       const void *mask, size_t len)
{
	uint8_t *k = (uint8_t *)&m->key + ofs, *mk = (uint8_t *)&m->mask + ofs;
	const uint8_t *v = val, *mm = mask;

	for (size_t i = 0; i < len; i++) {
		mk[i] = mm[i];
		k[i] = v[i] & mm[i];
	}
}

#define SET_FIELD(m, field, val, mask)                                         \
	do {                                                                   \
		__typeof__((m)->key.field) v_ = (val), m_ = (mask);            \
		set_bytes((m), offsetof(struct xsw_flow_key, field), &v_, &m_, \
			  sizeof(v_));                                         \
	} while (0)

void m_in_port(struct xsw_match *m, uint32_t port)
{
	SET_FIELD(m, in_port, port, UINT32_MAX);
}

void m_dl_type(struct xsw_match *m, uint16_t type)
{
	SET_FIELD(m, dl_type, htons(type), 0xffff);
}

void m_vlan(struct xsw_match *m, uint16_t tci, uint16_t mask)
{
	SET_FIELD(m, vlan_tci, htons(tci), htons(mask));
}

void m_mac(struct xsw_match *m, bool src, const uint8_t *mac)
{
	static const uint8_t ones[XSW_ETH_ALEN] = {0xff, 0xff, 0xff,
						   0xff, 0xff, 0xff};

	set_bytes(m,
		  src ? offsetof(struct xsw_flow_key, dl_src)
		      : offsetof(struct xsw_flow_key, dl_dst),
		  mac, ones, XSW_ETH_ALEN);
}

void m_u8(struct xsw_match *m, size_t ofs, uint8_t v, uint8_t mask)
{
	set_bytes(m, ofs, &v, &mask, 1);
}

void m_proto(struct xsw_match *m, uint8_t proto)
{
	m_u8(m, offsetof(struct xsw_flow_key, nw_proto), proto, 0xff);
}

void prefix_mask(uint8_t *mask, unsigned len, unsigned plen)
{
	memset(mask, 0, len);
	for (unsigned i = 0; i < plen; i++)
		mask[i / 8] |= 0x80 >> (i % 8);
}

void m_addr(struct xsw_match *m, bool src, const uint8_t *addr,
	    const uint8_t *mask, size_t len)
{
	set_bytes(m,
		  src ? offsetof(struct xsw_flow_key, nw_src)
		      : offsetof(struct xsw_flow_key, nw_dst),
		  addr, mask, len);
}

void m_ip4(struct xsw_match *m, bool src, uint32_t addr, unsigned plen)
{
	uint32_t a = htonl(addr);
	uint8_t mask[4];

	prefix_mask(mask, 4, plen);
	m_addr(m, src, (const uint8_t *)&a, mask, 4);
}

void m_tp(struct xsw_match *m, bool src, uint16_t port, uint16_t mask)
{
	if (src)
		SET_FIELD(m, tp_src, htons(port), htons(mask));
	else
		SET_FIELD(m, tp_dst, htons(port), htons(mask));
}

void k_ip4(struct xsw_flow_key *k, bool src, uint32_t addr)
{
	union xsw_addr *a = src ? &k->nw_src : &k->nw_dst;

	memset(a, 0, sizeof(*a));
	a->ip4 = htonl(addr);
}

struct xsw_flow_key tcp_key(uint32_t in_port, uint32_t src, uint32_t dst,
			    uint16_t sport, uint16_t dport)
{
	struct xsw_flow_key k;

	memset(&k, 0, sizeof(k));
	k.in_port = in_port;
	k.dl_type = htons(ETH_IP);
	k.nw_proto = 6;
	k.nw_ttl = 64;
	k_ip4(&k, true, src);
	k_ip4(&k, false, dst);
	k.tp_src = htons(sport);
	k.tp_dst = htons(dport);
	return k;
}
