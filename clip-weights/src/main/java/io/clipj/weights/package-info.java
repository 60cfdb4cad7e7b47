/**
 * Reading HuggingFace CLIP checkpoints: the {@link io.clipj.weights.Checkpoint} abstraction over
 * safetensors and torch zip-pickle files, tensor metadata, and {@link io.clipj.weights.WeightScope}, which
 * lets model code walk the checkpoint's key tree.
 */
package io.clipj.weights;
