/**
 * The lesson's MLP on simdprop's kernels: {@link dev.simdprop.model.Linear} and
 * {@link dev.simdprop.model.ReLU} as forward/backward pairs, the losses, {@link dev.simdprop.model.Sgd},
 * {@link dev.simdprop.model.DataLoader} and {@link dev.simdprop.model.Trainer}; data files in
 * {@code data}, checkpoints in {@code checkpoint}.
 */
package dev.simdprop.model;
