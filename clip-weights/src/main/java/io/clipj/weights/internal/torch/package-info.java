/**
 * PyTorch checkpoints ({@code pytorch_model.bin}, the zip container {@code torch.save} writes since 1.6):
 * a zip directory parser, a restricted pickle machine that accepts only the globals a state dict needs and
 * refuses every other global before it can be called, and a memory-mapped
 * {@link io.clipj.weights.internal.torch.TorchCheckpoint} reader. Legacy (pre-1.6) files are refused with a clear
 * message.
 */
package io.clipj.weights.internal.torch;
