package dev.simdprop.model.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for a safetensors header: objects, arrays, strings, integers (as Long), other
 * numbers (as Double), and true/false/null. Throws IllegalArgumentException with the position of what it cannot read.
 * {@link #quote} also serves the command line's JSON output.
 */
public final class Json {
  private final String s;
  private int pos;

  private Json(String s) {
    this.s = s;
  }

  public static Object parse(String text) {
    Json p = new Json(text);
    Object v = p.value();
    p.skipSpace();
    if (p.pos != text.length()) throw p.error("text after the JSON value");
    return v;
  }

  private Object value() {
    skipSpace();
    if (pos >= s.length()) throw error("unexpected end");
    char c = s.charAt(pos);
    if (c == '{') return object();
    if (c == '[') return array();
    if (c == '"') return string();
    if (c == '-' || Character.isDigit(c)) return number();
    for (String word : new String[] {"true", "false", "null"}) {
      if (s.startsWith(word, pos)) {
        pos += word.length();
        return word.equals("null") ? null : Boolean.valueOf(word);
      }
    }
    throw error("unexpected '" + c + "'");
  }

  private Map<String, Object> object() {
    Map<String, Object> map = new LinkedHashMap<>();
    pos++; // {
    skipSpace();
    if (peek() == '}') { pos++; return map; }
    while (true) {
      skipSpace();
      if (peek() != '"') throw error("expected a key");
      String key = string();
      skipSpace();
      expect(':');
      if (map.put(key, value()) != null) throw error("duplicate key \"" + key + "\"");
      skipSpace();
      if (peek() == ',') { pos++; continue; }
      expect('}');
      return map;
    }
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    pos++; // [
    skipSpace();
    if (peek() == ']') { pos++; return list; }
    while (true) {
      list.add(value());
      skipSpace();
      if (peek() == ',') { pos++; continue; }
      expect(']');
      return list;
    }
  }

  private String string() {
    StringBuilder b = new StringBuilder();
    pos++; // "
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '"') return b.toString();
      if (c != '\\') { b.append(c); continue; }
      if (pos >= s.length()) break;
      char e = s.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (pos + 4 > s.length()) throw error("short \\u escape");
          b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
    throw error("unterminated string");
  }

  private Number number() {
    int start = pos;
    boolean integer = true;
    while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
      integer &= Character.isDigit(s.charAt(pos)) || (pos == start && s.charAt(pos) == '-');
      pos++;
    }
    String text = s.substring(start, pos);
    try {
      if (integer) return Long.valueOf(text); // not a ?: expression, which would unbox both to double
      return Double.valueOf(text);
    } catch (NumberFormatException e) {
      throw error("bad number " + text);
    }
  }

  private void skipSpace() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
  }

  private char peek() {
    return pos < s.length() ? s.charAt(pos) : '\0';
  }

  private void expect(char c) {
    if (peek() != c) throw error("expected '" + c + "'");
    pos++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("bad JSON header at character " + pos + ": " + what);
  }

  /** A JSON string literal. */
  public static String quote(String v) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : v.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
