/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Small helpers shared by xswd, xsw and the tools. */
#ifndef XSW_UTIL_H
#define XSW_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XSW_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define XSW_MAC_STR_SIZE 18 /* "xx:xx:xx:xx:xx:xx" + NUL */

/* CLOCK_MONOTONIC in ns: the clock bpf_ktime_get_(coarse_)ns() reads. */
uint64_t xsw_mono_ns(void);

/* Copies at most size-1 bytes and NUL-terminates; returns strlen(src) so
 * truncation is detectable (result >= size). */
size_t xsw_strlcpy(char *dst, const char *src, size_t size);

void xsw_mac_format(const uint8_t mac[6], char out[XSW_MAC_STR_SIZE]);
/* Parses "xx:xx:xx:xx:xx:xx": six hex octets of one or two digits
 * (case-insensitive, as ovs-ofctl and ether_aton take them); 0 or -EINVAL. */
int xsw_mac_parse(const char *s, uint8_t mac[6]);

/* Parses a whole decimal number in [min, max]; 0 or -EINVAL/-ERANGE. */
int xsw_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* Writes all of @data to blocking @fd (retrying short writes and EINTR);
 * 0 or -errno. */
int xsw_write_all(int fd, const void *data, size_t len);

/* Writes @size bytes of @data to @path atomically: a temp file in the same
 * directory, fsync, rename over @path, fsync of the directory.  A crash
 * leaves either the old or the new file, never a mix.  0 or -errno. */
int xsw_write_file_atomic(const char *path, const void *data, size_t size,
			  unsigned int mode);

/* Creates @path and its parents (like mkdir -p); 0 or -errno. */
int xsw_mkdir_p(const char *path, unsigned int mode);

#endif /* XSW_UTIL_H */
