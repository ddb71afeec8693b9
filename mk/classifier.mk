# The rule classifier (src/daemon/classifier.c): unit tests and randomized
# tests against a linear-scan reference, normal and ASan/UBSan, and a
# benchmark.  They link only classifier.o and the test helpers, not all of
# libxswd.a, so a half-finished daemon module cannot break them.

CLS_TEST_SRCS := src/daemon/classifier.c tests/lib/cls_fixture.c \
	tests/lib/match_build.c

$(eval $(call unit_test,test_classifier,$(CLS_TEST_SRCS)))
$(eval $(call unit_test,test_classifier_random,$(CLS_TEST_SRCS) \
	tests/lib/rng.c))

CLS_BENCH := $(BUILD)/bench/classifier_bench

$(CLS_BENCH): $(call obj_of,$(BUILD),bench/classifier_bench.c \
		src/daemon/classifier.c tests/lib/match_build.c tests/lib/rng.c)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^

BENCH_TARGETS += $(CLS_BENCH)
