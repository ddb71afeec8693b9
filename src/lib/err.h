/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Error reporting for code that must not print.
 *
 * Functions return 0 or a negative errno.  Where the errno alone would not
 * tell a user what to fix, the function also writes a sentence into a
 * caller-provided struct xsw_err ("interface veth9 does not exist"); the
 * caller decides how to show it.  A NULL struct xsw_err is allowed.
 */
#ifndef XSW_ERR_H
#define XSW_ERR_H

#include <stddef.h>

#define XSW_ERR_MSG_SIZE 512

struct xsw_err {
	int code;                    /* positive errno, 0 = no error */
	char msg[XSW_ERR_MSG_SIZE];  /* human sentence, "" if none */
};

/* Records errno @code (positive or negative) with a printf-style message
 * and returns -abs(code), so callers can write
 *     return xsw_err_set(err, ENODEV, "interface %s does not exist", name);
 */
int xsw_err_set(struct xsw_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefixes the message already in @err with "@fmt: " (keeps the code). */
void xsw_err_prefix(struct xsw_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void xsw_err_clear(struct xsw_err *err);

#endif /* XSW_ERR_H */
