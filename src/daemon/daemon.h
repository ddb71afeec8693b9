/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* xswd's life cycle: init, run, fini (and --cleanup). */
#ifndef XSW_DAEMON_H
#define XSW_DAEMON_H

#include <stdbool.h>
#include <stdint.h>

#include "daemon/xswd.h"

struct xswd_opts {
	const char *db_path;
	const char *run_dir;
	const char *pin_dir;
	bool cleanup; /* open only what --cleanup needs */
	uint32_t megaflows;   /* flow cache sizes, 0 = defaults */
	uint32_t emc_entries;
	uint32_t upcall_ring; /* bytes */
};

/* Loads the config, opens the datapath, restores ports, binds the control
 * socket.  On failure @err says why; call xswd_fini() either way. */
int xswd_init(struct xswd *d, const struct xswd_opts *opts,
	      struct xsw_err *err);
/* Serves until SIGTERM/SIGINT.  @ready is called once serving. */
int xswd_run(struct xswd *d, void (*ready)(void *arg), void *arg);
/* Lets go of everything; the fast path keeps running. */
void xswd_fini(struct xswd *d);
/* --cleanup: detach all ports, undo peer set-ups, unpin the datapath,
 * delete the config file. */
int xswd_cleanup_all(struct xswd *d, struct xsw_err *err);

#endif /* XSW_DAEMON_H */
