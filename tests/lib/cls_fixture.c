// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The classifier tests' fixture (cls_fixture.h). */
#include <stdlib.h>

#include "cls_fixture.h"

int setup_cls(void **state)
{
	struct xsw_cls *cls = malloc(sizeof(*cls));

	if (!cls || xsw_cls_init(cls)) {
		free(cls);
		return -1;
	}
	*state = cls;
	return 0;
}

int teardown_cls(void **state)
{
	xsw_cls_destroy(*state);
	free(*state);
	return 0;
}
