/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Building a string in a caller's buffer: appends never overflow (what does
 * not fit is cut, the buffer stays NUL-terminated), and the end says
 * whether everything fitted.
 */
#ifndef XSW_STRBUF_H
#define XSW_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct xsw_sbuf {
	char *buf;
	size_t size, len; /* len: what was asked for, may exceed size */
	bool sep;         /* the next xsw_sb_item() puts a separator */
};

void xsw_sb_init(struct xsw_sbuf *b, char *buf, size_t size);
void xsw_sb_put(struct xsw_sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Starts an item of a comma-separated list. */
void xsw_sb_item(struct xsw_sbuf *b);
/* The string's length, or -ENOSPC when it did not fit. */
int xsw_sb_finish(const struct xsw_sbuf *b);

#endif /* XSW_STRBUF_H */
