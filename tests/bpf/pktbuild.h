/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A small packet builder for tests: Ethernet, up to three VLAN tags, then
 * IPv4 (with options, fragment bits) / IPv6 (with extension headers) / ARP
 * / raw EtherType, then TCP / UDP / SCTP / ICMP / ICMPv6, with lengths and
 * checksums filled in (not SCTP's CRC32c, which stays 0).  Truncation is
 * done by the caller (cut pkt.len) so malformed frames are easy to make.
 * Zeroed new fields give the frames the builder always built.
 */
#ifndef XSW_TEST_PKTBUILD_H
#define XSW_TEST_PKTBUILD_H

#include <stddef.h>
#include <stdint.h>

#define PKT_MAX 9216
#define PKT_MAX_VLANS 3
#define PKT_MAX_EXT 8

enum pkt_l3 { PKT_L3_NONE, PKT_L3_IPV4, PKT_L3_IPV6, PKT_L3_ARP };
enum pkt_l4 { PKT_L4_NONE, PKT_L4_TCP, PKT_L4_UDP, PKT_L4_ICMP, PKT_L4_SCTP };

/* An IPv6 extension header.  Size: hop-by-hop (0), routing (43) and
 * destination options (60) (len + 1) * 8 bytes, AH (51) (len + 2) * 4,
 * fragment (44) 8; the body is zeros (Pad1 options, routing type 0 with
 * nothing left) except the fragment header's offset and flags. */
struct pkt_ext {
	uint8_t type;
	uint8_t len;
	uint16_t frag; /* fragment: offset << 3 | M, host order */
};

struct pkt_spec {
	uint8_t dst[6], src[6];
	unsigned int n_vlans;
	struct {
		uint16_t tpid; /* 0x8100 or 0x88a8 */
		uint16_t tci;
	} vlans[PKT_MAX_VLANS];
	uint16_t eth_type; /* for PKT_L3_NONE */
	enum pkt_l3 l3;
	uint8_t ip_src[16], ip_dst[16]; /* IPv4 in the first 4 bytes */
	uint8_t ttl, tos;
	uint8_t ip_proto;  /* derived from l4 unless l4 is NONE */
	uint16_t arp_op;
	enum pkt_l4 l4;
	uint16_t sport, dport; /* ICMP: type, code */
	uint8_t tcp_flags;
	size_t payload_len;    /* bytes of pattern after the headers */
	uint8_t ip_opts_len;   /* IPv4 options (NOPs), a multiple of 4, <= 40 */
	uint16_t ip_frag;      /* IPv4 flags | fragment offset, host order */
	unsigned int n_exts;   /* IPv6 extension headers, before the L4 one */
	struct pkt_ext exts[PKT_MAX_EXT];
};

struct pkt {
	uint8_t data[PKT_MAX];
	size_t len;
	size_t l3_off, l4_off; /* 0 when absent */
};

/* Builds @spec into @pkt; returns pkt->len. */
size_t pkt_build(struct pkt *pkt, const struct pkt_spec *spec);

/* Internet checksum helpers (RFC 1071), for building and for checking. */
uint32_t pkt_csum_add(uint32_t sum, const void *data, size_t len);
uint16_t pkt_csum_fold(uint32_t sum);
/* Does the L4 checksum of a built IPv4/IPv6 packet verify?  (Not for IPv6
 * with extension headers, nor SCTP.) */
int pkt_l4_csum_ok(const struct pkt *pkt);

void pkt_mac(uint8_t mac[6], uint8_t a, uint8_t b, uint8_t c, uint8_t d,
	     uint8_t e, uint8_t f);
void pkt_ip4(uint8_t ip[16], uint8_t a, uint8_t b, uint8_t c, uint8_t d);

#endif /* XSW_TEST_PKTBUILD_H */
