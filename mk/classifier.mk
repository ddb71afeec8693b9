# The rule classifier (src/daemon/classifier.c): unit tests, normal and
# ASan/UBSan, and a benchmark.  The test and bench link only classifier.o,
# not all of libxswd.a, so a half-finished daemon module cannot break them.

$(eval $(call unit_test,test_classifier,src/daemon/classifier.c \
	tests/lib/rng.c))

CLS_BENCH := $(BUILD)/bench/classifier_bench

$(CLS_BENCH): $(call obj_of,$(BUILD),bench/classifier_bench.c \
		src/daemon/classifier.c tests/lib/rng.c)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^

BENCH_TARGETS += $(CLS_BENCH)
