// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The config store: round trips, atomic writes, refusal of bad files. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "daemon/config_store.h"
#include "lib/util.h"

static char dir[] = "/tmp/xsw-test-config-XXXXXX";

static void path_in_dir(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void build_sample(struct xsw_switch *sw)
{
	struct xsw_bridge *br0, *br1;
	struct xsw_port *p;

	xsw_switch_init(sw);
	br0 = xsw_bridge_add(sw, "br0", 0, NULL);
	br1 = xsw_bridge_add(sw, "br-1.x", 0, NULL);
	assert_non_null(br0);
	assert_non_null(br1);
	br1->mac_aging_sec = 42;
	p = xsw_port_add(sw, br0, "veth-a", 0, NULL);
	assert_non_null(p);
	p->peer.saved = true;
	p->peer.gro_was_on = false;
	p->peer.tx_csum_was_on = true;
	assert_non_null(xsw_port_add(sw, br1, "veth-b", 0, NULL));
	assert_non_null(xsw_port_add(sw, br0, "tap0", 7, NULL));
}

static void test_round_trip(void **state)
{
	struct xsw_switch a, b;
	struct xsw_err err = { 0 };
	char path[256];
	struct xsw_port *p;

	path_in_dir(path, sizeof(path), "rt.json");
	build_sample(&a);
	assert_int_equal(xsw_config_save(&a, path, &err), 0);
	xsw_switch_init(&b);
	assert_int_equal(xsw_config_load(&b, path, &err), 0);
	assert_int_equal(b.n_bridges, 2);
	assert_int_equal(b.n_ports, 3);
	assert_int_equal(xsw_bridge_find(&b, "br-1.x")->mac_aging_sec, 42);
	assert_int_equal(xsw_bridge_find(&b, "br0")->mac_aging_sec,
			 XSW_DEFAULT_MAC_AGING_SEC);
	p = xsw_port_find(&b, "veth-a");
	assert_non_null(p);
	assert_string_equal(p->bridge->name, "br0");
	assert_true(p->peer.saved);
	assert_false(p->peer.gro_was_on);
	assert_true(p->peer.tx_csum_was_on);
	p = xsw_port_find(&b, "tap0");
	assert_int_equal(p->port_no, 7);
	assert_false(p->peer.saved);
	/* Ids and port numbers are kept, not reassigned. */
	assert_int_equal(xsw_bridge_find(&b, "br-1.x")->id,
			 xsw_bridge_find(&a, "br-1.x")->id);
	xsw_switch_free(&a);
	xsw_switch_free(&b);
}

static void test_missing_file_is_empty(void **state)
{
	struct xsw_switch sw;
	char path[256];

	path_in_dir(path, sizeof(path), "does-not-exist.json");
	xsw_switch_init(&sw);
	assert_int_equal(xsw_config_load(&sw, path, NULL), 0);
	assert_int_equal(sw.n_bridges, 0);
}

static void test_deleting_objects_are_not_saved(void **state)
{
	struct xsw_switch a, b;
	char path[256];

	path_in_dir(path, sizeof(path), "del.json");
	build_sample(&a);
	xsw_port_find(&a, "tap0")->deleting = true;
	xsw_bridge_find(&a, "br-1.x")->deleting = true;
	assert_int_equal(xsw_config_save(&a, path, NULL), 0);
	xsw_switch_init(&b);
	assert_int_equal(xsw_config_load(&b, path, NULL), 0);
	assert_int_equal(b.n_bridges, 1);
	assert_int_equal(b.n_ports, 1);
	assert_null(xsw_port_find(&b, "tap0"));
	xsw_switch_free(&a);
	xsw_switch_free(&b);
}

/* A save never leaves a temp file behind and replaces the whole file. */
static void test_atomic_replace(void **state)
{
	struct xsw_switch a;
	char path[256], cmd[512];
	struct stat st;
	FILE *f;
	int n;

	path_in_dir(path, sizeof(path), "atomic.json");
	write_text(path, "old contents that are much longer than nothing at all\n");
	build_sample(&a);
	assert_int_equal(xsw_config_save(&a, path, NULL), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(cmd, sizeof(cmd), "ls %s | grep -c tmp", dir);
	f = popen(cmd, "r");
	assert_int_equal(fscanf(f, "%d", &n), 1);
	pclose(f);
	assert_int_equal(n, 0);
	xsw_switch_free(&a);
}

/* A save into a directory that cannot be written fails with a message and
 * leaves the old file untouched. */
static void test_save_failure_keeps_old(void **state)
{
	struct xsw_err err = { 0 };
	struct xsw_switch a;

	build_sample(&a);
	assert_int_not_equal(
		xsw_config_save(&a, "/nonexistent-dir-xsw/conf.json", &err), 0);
	assert_non_null(strstr(err.msg, "cannot write config"));
	xsw_switch_free(&a);
}

struct bad_case {
	const char *text;
	const char *message; /* a fragment the error must contain */
};

static void test_bad_files_refused(void **state)
{
	static const struct bad_case cases[] = {
		{ "{", "line" },
		{ "[]", "not an object" },
		{ "{\"format\":\"other\",\"version\":1,\"bridges\":[]}", "format" },
		{ "{\"format\":\"xsw-config\",\"version\":99,\"bridges\":[]}",
		  "version" },
		{ "{\"format\":\"xsw-config\",\"version\":1,\"bridges\":{}}",
		  "\"bridges\" must be an array" },
		{ "{\"format\":\"xsw-config\",\"version\":1,\"bridges\":[{\"name\":\"b\",\"id\":0,\"mac_aging\":300}]}",
		  "\"id\"" },
		{ "{\"format\":\"xsw-config\",\"version\":1,\"bridges\":[{\"name\":\"b\",\"id\":1,\"mac_aging\":300},{\"name\":\"b\",\"id\":2,\"mac_aging\":300}]}",
		  "already exists" },
		{ "{\"format\":\"xsw-config\",\"version\":1,\"bridges\":[{\"name\":\"b\",\"id\":1,\"mac_aging\":300,\"ports\":[{\"name\":\"p\",\"port_no\":1},{\"name\":\"p\",\"port_no\":2}]}]}",
		  "already a port" },
		{ "{\"format\":\"xsw-config\",\"version\":1,\"bridges\":[{\"name\":\"b\",\"id\":1,\"mac_aging\":300,\"ports\":[{\"name\":\"p\",\"port_no\":5000}]}]}",
		  "port_no" },
		{ "{\"format\":\"xsw-config\",\"version\":1,\"bridges\":[{\"name\":\"bad name\",\"id\":1,\"mac_aging\":300}]}",
		  "bridge name" },
		{ "{\"format\":\"xsw-config\",\"version\":1,\"bridges\":[{\"name\":\"b\",\"id\":1,\"mac_aging\":300,\"ports\":[{\"name\":\"p\",\"port_no\":1,\"peer\":{\"gro_was_on\":1}}]}]}",
		  "peer" },
		{ "{\"format\":\"xsw-config\",\"version\":1,\"bridges\":[],\"bridges\":[]}",
		  "duplicate" },
	};
	char path[256];

	path_in_dir(path, sizeof(path), "bad.json");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct xsw_err err = { 0 };
		struct xsw_switch sw;

		write_text(path, cases[i].text);
		xsw_switch_init(&sw);
		assert_int_not_equal(xsw_config_load(&sw, path, &err), 0);
		if (!strstr(err.msg, cases[i].message))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.msg,
				 cases[i].message);
		assert_non_null(strstr(err.msg, path));
		/* All or nothing: the model stays empty. */
		assert_int_equal(sw.n_bridges, 0);
		assert_int_equal(sw.n_ports, 0);
		xsw_switch_free(&sw);
	}
}

static void test_model_rules(void **state)
{
	struct xsw_err err = { 0 };
	struct xsw_switch sw;
	struct xsw_bridge *br;

	xsw_switch_init(&sw);
	br = xsw_bridge_add(&sw, "br0", 0, &err);
	assert_non_null(br);
	assert_null(xsw_bridge_add(&sw, "br0", 0, &err));
	assert_int_equal(err.code, EEXIST);
	assert_null(xsw_bridge_add(&sw, "", 0, &err));
	assert_null(xsw_bridge_add(&sw, "0123456789012345678901234567890123",
				   0, &err));
	assert_int_equal(err.code, ENAMETOOLONG);
	assert_non_null(xsw_port_add(&sw, br, "eth1", 0, &err));
	assert_null(xsw_port_add(&sw, br, "eth1", 0, &err));
	assert_non_null(strstr(err.msg, "already a port of bridge br0"));
	assert_null(xsw_port_add(&sw, br, "a-name-longer-than-ifnamsiz", 0, &err));
	/* The lowest free numbers are reused. */
	assert_int_equal(xsw_port_add(&sw, br, "eth2", 0, NULL)->port_no, 2);
	xsw_port_remove(&sw, xsw_port_find(&sw, "eth1"));
	assert_int_equal(xsw_port_add(&sw, br, "eth3", 0, NULL)->port_no, 1);
	assert_int_equal(br->n_ports, 2);
	xsw_switch_free(&sw);
}

static int setup(void **state)
{
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_missing_file_is_empty),
		cmocka_unit_test(test_deleting_objects_are_not_saved),
		cmocka_unit_test(test_atomic_replace),
		cmocka_unit_test(test_save_failure_keeps_old),
		cmocka_unit_test(test_bad_files_refused),
		cmocka_unit_test(test_model_rules),
	};

	return cmocka_run_group_tests_name("config_store", tests, setup,
					   teardown);
}
