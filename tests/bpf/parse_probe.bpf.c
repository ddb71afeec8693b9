// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only XDP program for tests/bpf/test_parse_diff.c: runs
 * xsw_flow_extract() on the frame and leaves the outcome where the test
 * reads it: key and hdrs in probe_result (an array map; the key lives on
 * the stack and is handed to a helper, as the fast path will hand it to a
 * flow-table lookup, so the verifier cost measured here is the real one),
 * the rest in global data (the skeleton's memory-mapped .bss).
 *
 * probe_depth, set before load, fixes the depth, so the verifier prunes the
 * other depths (the cost per depth); 0 takes it from probe_cfg at run time,
 * so all depths are verified together, as in a program whose bridges ask
 * for different depths.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "xsw_flow_key.h"

volatile const __u32 probe_depth = 0;

struct {
	__u32 in_port;
	__u32 depth; /* when probe_depth is 0 */
} probe_cfg;

struct {
	__u32 drop;	 /* enum xsw_drop_reason */
	__u32 head_len;	 /* bytes in the first buffer */
	__u32 frame_len; /* bytes in all buffers */
	__u32 n_runs;
} probe_out;

struct probe_result {
	struct xsw_flow_key key;
	struct xsw_hdrs hdrs;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct probe_result);
} probe_result SEC(".maps");

SEC("xdp.frags")
int parse_probe(struct xdp_md *ctx)
{
	__u32 depth = probe_depth ? probe_depth : probe_cfg.depth;
	struct probe_result res;
	__u32 zero = 0;

	probe_out.drop = xsw_flow_extract(ctx, probe_cfg.in_port, depth,
					  &res.key, &res.hdrs);
	bpf_map_update_elem(&probe_result, &zero, &res, BPF_ANY);
	probe_out.head_len = ctx->data_end - ctx->data;
	probe_out.frame_len = bpf_xdp_get_buff_len(ctx);
	probe_out.n_runs++;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
