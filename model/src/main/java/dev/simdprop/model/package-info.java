/** Will hold the MLP built on the kernels: layers with forward/backward, losses, SGD, data loading and training. */
package dev.simdprop.model;
