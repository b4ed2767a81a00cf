package dev.simdprop.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Layers applied in order; backward runs them in reverse. Parameter names follow PyTorch's nn.Sequential state dict ("0.weight", "2.bias", ...). */
public final class Sequential {
  private final List<Layer> layers;

  public Sequential(List<Layer> layers) {
    if (layers.isEmpty()) throw new IllegalArgumentException("a model needs at least one layer");
    this.layers = List.copyOf(layers);
  }

  /**
   * Linear, ReLU, Linear, ReLU, ..., Linear through the given sizes, e.g. (784, 50, 10); each
   * Linear that a ReLU follows runs with the ReLU fused into its GEMM.
   */
  public static Sequential mlp(int... sizes) {
    if (sizes.length < 2) throw new IllegalArgumentException("an MLP needs at least an input and an output size");
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i + 1 < sizes.length; i++) {
      Linear linear = new Linear(sizes[i], sizes[i + 1]);
      if (i == 0) linear.withoutInputGrad();
      if (i + 2 < sizes.length) linear.withFusedRelu();
      layers.add(linear);
    }
    return new Sequential(layers);
  }

  public List<Layer> layers() {
    return layers;
  }

  public Matrix forward(Matrix x) {
    for (int i = 0; i < layers.size(); i++) x = layers.get(i).forward(x); // indexed: no iterator in the hot path
    return x;
  }

  public void backward(Matrix dout) {
    for (int i = layers.size() - 1; i >= 0 && dout != null; i--) dout = layers.get(i).backward(dout);
  }

  /**
   * Parameters by state-dict name, in layer order. A Linear with a fused ReLU counts as the two
   * modules it stands for, so names match PyTorch's nn.Sequential(Linear, ReLU, Linear, ...).
   */
  public Map<String, Parameter> stateDict() {
    Map<String, Parameter> named = new LinkedHashMap<>();
    int index = 0;
    for (Layer layer : layers) {
      for (Parameter p : layer.parameters()) named.put(index + "." + p.name(), p);
      index += layer instanceof Linear l && l.fusedRelu() ? 2 : 1;
    }
    return Collections.unmodifiableMap(named);
  }

  public List<Parameter> parameters() {
    return List.copyOf(stateDict().values());
  }

  public void zeroGrad() {
    for (Parameter p : parameters()) p.zeroGrad();
  }

  /** The layer sizes, e.g. "784-50-10". */
  public String describe() {
    StringBuilder s = new StringBuilder();
    for (Layer l : layers) {
      if (l instanceof Linear lin) s.append(s.isEmpty() ? lin.in() + "-" + lin.out() : "-" + lin.out());
    }
    return s.toString();
  }
}
