/**
 * ONNX Runtime reference benchmark for clipj: the same CLIP towers, exported to ONNX, timed the way clipj's
 * {@code bench} command times its own, so that both can run back to back on one machine.
 */
package io.clipj.ortbench;
