/**
 * Test support shared by every module's tests (module clip-testkit, test scope only, never deployed): the
 * read-only shared assets ({@link io.clipj.testing.SharedAssets}), Jazzer corpus seeding
 * ({@link io.clipj.testing.FuzzCorpus}) and deterministic mutants for fuzz regression runs
 * ({@link io.clipj.testing.Mutations}). Checkpoint writers and random models, which need clip-weights, are in
 * clip-weights' test-jar ({@code io.clipj.weights.fixtures}).
 */
package io.clipj.testing;
