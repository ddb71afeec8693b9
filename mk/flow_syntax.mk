# The flow-rule syntax (src/daemon/flow_{syntax,format,vocab}.c): unit tests, normal and
# ASan/UBSan, and a libFuzzer target that `make test` runs for a bounded
# number of inputs (tests/fuzz/run_flow_syntax.sh).  Everything links only
# FLOW_SYNTAX_SRCS, not libxswd.a, so a half-finished daemon module
# cannot break these tests.

FLOW_SYNTAX_SRCS := src/daemon/flow_syntax.c src/daemon/flow_format.c \
	src/daemon/flow_vocab.c src/lib/err.c src/lib/strbuf.c src/lib/util.c

$(eval $(call unit_test,test_flow_syntax,$(FLOW_SYNTAX_SRCS)))
$(eval $(call fuzzer,flow_syntax,$(FLOW_SYNTAX_SRCS)))
