// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "lib/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int xsw_err_set(struct xsw_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	code = abs(code);
	if (err) {
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -code;
}

void xsw_err_prefix(struct xsw_err *err, const char *fmt, ...)
{
	char prefix[XSW_ERR_MSG_SIZE];
	char old[XSW_ERR_MSG_SIZE];
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, old);
}

void xsw_err_clear(struct xsw_err *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}
