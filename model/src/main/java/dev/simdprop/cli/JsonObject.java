package dev.simdprop.cli;

import dev.simdprop.model.checkpoint.Json;
import java.util.List;

/** One JSON object written field by field, for the --json outputs. NaN and infinities become null (JSON has no such numbers). */
final class JsonObject {
  private final StringBuilder b = new StringBuilder("{");

  JsonObject put(String key, double v) {
    return raw(key, Double.isFinite(v) ? Double.toString(v) : "null");
  }

  JsonObject put(String key, long v) {
    return raw(key, Long.toString(v));
  }

  JsonObject put(String key, String v) {
    return raw(key, v == null ? "null" : Json.quote(v));
  }

  JsonObject put(String key, JsonObject v) {
    return raw(key, v == null ? "null" : v.toString());
  }

  JsonObject put(String key, List<JsonObject> array) {
    StringBuilder a = new StringBuilder("[");
    for (JsonObject o : array) a.append(a.length() > 1 ? "," : "").append(o);
    return raw(key, a.append(']').toString());
  }

  private JsonObject raw(String key, String value) {
    if (b.length() > 1) b.append(',');
    b.append(Json.quote(key)).append(':').append(value);
    return this;
  }

  @Override
  public String toString() {
    return b + "}";
  }
}
