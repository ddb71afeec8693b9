/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The one random number generator of the randomized tests and benches:
 * splitmix64 with a global state, so that a printed seed replays a run.
 * Not for anything but tests.
 */
#ifndef XSW_TESTS_RNG_H
#define XSW_TESTS_RNG_H

#include <stdbool.h>
#include <stdint.h>

void rng_seed(uint64_t seed);

/* Seeds the generator from $@env_var (any base strtoull reads) or, when
 * that is unset, with @fallback, and prints how to replay the run:
 *   # WHAT: seed N (ENV_VAR=N replays it)
 * @what may be NULL.  Returns the seed. */
uint64_t rng_seed_from_env(const char *env_var, const char *what,
			   uint64_t fallback);

/* A seed that differs from run to run: the clock and the pid. */
uint64_t rng_clock_seed(void);

uint64_t rnd(void);

/* Uniform enough in [0, @n); 0 when @n is 0. */
uint32_t rnd_below(uint32_t n);

/* True @percent times in a hundred. */
bool chance(unsigned int percent);

#endif
