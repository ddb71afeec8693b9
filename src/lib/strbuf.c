// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "lib/strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

void xsw_sb_init(struct xsw_sbuf *b, char *buf, size_t size)
{
	b->buf = buf;
	b->size = size;
	b->len = 0;
	b->sep = false;
	if (size)
		buf[0] = '\0';
}

void xsw_sb_put(struct xsw_sbuf *b, const char *fmt, ...)
{
	size_t room = b->len < b->size ? b->size - b->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? b->buf + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += (size_t)n;
}

void xsw_sb_item(struct xsw_sbuf *b)
{
	if (b->sep)
		xsw_sb_put(b, ",");
	b->sep = true;
}

int xsw_sb_finish(const struct xsw_sbuf *b)
{
	if (b->len >= b->size)
		return -ENOSPC;
	return (int)b->len;
}
