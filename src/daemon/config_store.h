/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The config store: the persistent part of the switch model in one JSON
 * file (default /var/lib/xsw/conf.json), rewritten atomically after every
 * change (temp file, fsync, rename, fsync of the directory), so a crash
 * leaves the old or the new file, never half of one.
 *
 * Format (version 1):
 *   {
 *     "format": "xsw-config", "version": 1,
 *     "bridges": [
 *       { "name": "br0", "id": 1, "mac_aging": 300,
 *         "ports": [
 *           { "name": "veth-web", "port_no": 1,
 *             "peer": { "gro_was_on": false, "tx_csum_was_on": true } } ] } ]
 *   }
 * "peer" is present only for ports whose veth peer xsw changed; it records
 * the peer's settings before, so del-port restores them.
 *
 * Loading is all or nothing: a file that does not parse or breaks a rule
 * (duplicate name, id out of range) is refused with a message naming the
 * problem and the model is left empty; xswd then refuses to start rather
 * than overwrite the user's file.  A missing file is an empty config.
 */
#ifndef XSW_CONFIG_STORE_H
#define XSW_CONFIG_STORE_H

#include <jansson.h>

#include "daemon/switch.h"
#include "lib/err.h"

#define XSW_CONFIG_VERSION 1

/* Fills an empty @sw from @path.  0, or -errno with @err set. */
int xsw_config_load(struct xsw_switch *sw, const char *path,
		    struct xsw_err *err);
/* Writes @sw to @path atomically.  0, or -errno with @err set. */
int xsw_config_save(const struct xsw_switch *sw, const char *path,
		    struct xsw_err *err);

/* The same, to and from a JSON value (for tests and `show`). */
json_t *xsw_config_to_json(const struct xsw_switch *sw);
int xsw_config_from_json(struct xsw_switch *sw, json_t *root,
			 struct xsw_err *err);

#endif /* XSW_CONFIG_STORE_H */
