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
	char both[2 * XSW_ERR_MSG_SIZE];
	va_list ap;
	int n;

	if (!err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(both, XSW_ERR_MSG_SIZE, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n >= XSW_ERR_MSG_SIZE)
		n = XSW_ERR_MSG_SIZE - 1;
	both[n++] = ':';
	both[n++] = ' ';
	memcpy(both + n, err->msg, strnlen(err->msg, XSW_ERR_MSG_SIZE - 1) + 1);
	memcpy(err->msg, both, XSW_ERR_MSG_SIZE - 1);
	err->msg[XSW_ERR_MSG_SIZE - 1] = '\0';
}

void xsw_err_clear(struct xsw_err *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}
