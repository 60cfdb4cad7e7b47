/**
 * NumPy {@code .npy} reading and writing, for golden reference data and for the command line's outputs.
 */
package io.clipj.weights.npy;
