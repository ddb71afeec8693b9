/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Building matches and flow keys in tests and benches.  Values are given in
 * host byte order and stored as the flow key keeps them (network order for
 * dl_type, vlan_tci, addresses and ports).  A match's key stays pre-masked.
 */
#ifndef XSW_TESTS_MATCH_BUILD_H
#define XSW_TESTS_MATCH_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/match.h"

#define ETH_IP 0x0800
#define ETH_IP6 0x86dd
#define ETH_ARP 0x0806

/* An IPv4 address in host byte order. */
#define IP4(a, b, c, d)                                                        \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

/* LEN bytes of the key at OFS: the mask set to @mask, the key to
 * @val & @mask. */
void set_bytes(struct xsw_match *m, size_t ofs, const void *val,
	       const void *mask, size_t len);

/* Exact matches on one field. */
void m_in_port(struct xsw_match *m, uint32_t port);
void m_dl_type(struct xsw_match *m, uint16_t type);
void m_mac(struct xsw_match *m, bool src, const uint8_t *mac);
void m_proto(struct xsw_match *m, uint8_t proto);

/* Masked matches: the TCI, one byte at @ofs, a port. */
void m_vlan(struct xsw_match *m, uint16_t tci, uint16_t mask);
void m_u8(struct xsw_match *m, size_t ofs, uint8_t v, uint8_t mask);
void m_tp(struct xsw_match *m, bool src, uint16_t port, uint16_t mask);

/* The first @plen bits of @len bytes set, the rest clear. */
void prefix_mask(uint8_t *mask, unsigned len, unsigned plen);

/* An IPv4 (len 4) or IPv6 (len 16) address with a mask, in nw_src/dst. */
void m_addr(struct xsw_match *m, bool src, const uint8_t *addr,
	    const uint8_t *mask, size_t len);

/* An IPv4 prefix, @addr/@plen, in nw_src/dst. */
void m_ip4(struct xsw_match *m, bool src, uint32_t addr, unsigned plen);

/* The key's nw_src/dst set to an IPv4 address (the rest of it cleared). */
void k_ip4(struct xsw_flow_key *k, bool src, uint32_t addr);

/* A TCP/IPv4 key, TTL 64, all else zero. */
struct xsw_flow_key tcp_key(uint32_t in_port, uint32_t src, uint32_t dst,
			    uint16_t sport, uint16_t dport);

#endif
