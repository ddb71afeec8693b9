# Tests of the foundation: unit tests (normal and ASan/UBSan builds) of the
# config store, the control protocol and the CLI's argument handling, and
# the BPF_PROG_RUN tests of the datapath (bridge and flows).

$(eval $(call unit_test,test_config_store,libxswd.a libxsw.a,$(LDLIBS)))
$(eval $(call unit_test,test_rpc,libxsw.a,$(LDLIBS)))
$(eval $(call unit_test,test_cli_args,libxswcli.a libxsw.a,$(LDLIBS)))

# BPF_PROG_RUN tests on the datapath fixture: root, each in a network
# namespace of its own.
DP_TESTS := $(BUILD)/tests/bpf/test_bridge $(BUILD)/tests/bpf/test_flows

$(DP_TESTS): $(BUILD)/tests/bpf/%: $(BUILD)/obj/tests/bpf/%.o \
		$(BUILD)/obj/tests/bpf/dp_fixture.o \
		$(BUILD)/obj/tests/bpf/pktbuild.o $(BUILD)/libxswd.a $(BUILD)/libxsw.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

BPF_TESTS += $(DP_TESTS)
