#include "core/schema.h"

#include <fmt/format.h>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

namespace aidcsim::schema {

namespace {

SourceLocation location_of(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return SourceLocation{file, 0, 0};
  return SourceLocation{file, mark.line + 1, mark.column + 1};
}

std::string node_kind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Scalar:
      return "\"" + node.Scalar() + "\"";
    default:
      return "nothing";
  }
}

std::string join_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

}  // namespace

void Context::error(const YAML::Node& at, const std::string& path, std::string message) const {
  error(at.Mark(), path, std::move(message));
}

void Context::error(const YAML::Mark& at, const std::string& path, std::string message) const {
  diagnostics->add(location_of(file, at), path, std::move(message));
}

namespace detail {

std::optional<std::string> scalar_text(const YAML::Node& node, std::string_view expected,
                                       std::string& error) {
  if (!node.IsScalar()) {
    error = fmt::format("expected {}, got {}", expected, node_kind(node));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<int64_t> parse_integer(const std::string& text, std::string& error) {
  int64_t v = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec == std::errc::result_out_of_range) {
    error = fmt::format("\"{}\" is too large for an integer", text);
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != end || begin == end) {
    error = fmt::format("expected an integer, got \"{}\"", text);
    return std::nullopt;
  }
  return v;
}

std::optional<double> parse_number(const std::string& text, std::string& error) {
  double v = 0.0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || ptr != end || begin == end || !std::isfinite(v)) {
    error = fmt::format("expected a finite number, got \"{}\"", text);
    return std::nullopt;
  }
  return v;
}

std::optional<bool> parse_bool(const std::string& text, std::string& error) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  error = fmt::format("expected true or false, got \"{}\"", text);
  return std::nullopt;
}

std::optional<std::string> check_string(const std::string& text, const FieldOptions& opts,
                                        std::string& error) {
  if (!opts.choices.empty()) {
    for (const std::string& c : opts.choices) {
      if (c == text) return text;
    }
    const std::string guess = nearest(text, opts.choices);
    error = fmt::format("\"{}\" is not one of: {}{}", text, join(opts.choices),
                        guess.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", guess));
    return std::nullopt;
  }
  if (opts.name_check) {
    error = opts.name_check(text);
    if (!error.empty()) return std::nullopt;
  }
  return text;
}

std::string format_number(double v) {
  return fmt::format("{:.12g}", v);
}

std::string range_text(const FieldOptions& opts, bool non_negative_by_default, Dimension d,
                       bool is_quantity) {
  const auto show = [&](double v) {
    if (!is_quantity) return format_number(v);
    if (d == Dimension::kTime) return format_duration(SimTime::from_seconds(v));
    return format_quantity(v, d);
  };
  std::optional<double> min = opts.min;
  if (!min && non_negative_by_default && !opts.allow_negative) min = 0.0;
  if (min && opts.max) {
    return fmt::format(" in [{}, {}]{}", show(*min), show(*opts.max),
                       opts.min_exclusive ? " (above the lower bound)" : "");
  }
  if (min) return fmt::format(" {} {}", opts.min_exclusive ? ">" : ">=", show(*min));
  if (opts.max) return fmt::format(" <= {}", show(*opts.max));
  return "";
}

bool check_range(double value, const FieldOptions& opts, bool non_negative_by_default,
                 const std::string& shown, Dimension d, bool is_quantity, std::string& error) {
  std::optional<double> min = opts.min;
  if (!min && non_negative_by_default && !opts.allow_negative) min = 0.0;
  const bool too_low = min && (opts.min_exclusive ? value <= *min : value < *min);
  const bool too_high = opts.max && value > *opts.max;
  if (!too_low && !too_high) return true;
  if (too_low && min == 0.0 && !opts.min_exclusive) {
    error = fmt::format("\"{}\" is negative; expected a value >= 0", shown);
  } else {
    error = fmt::format("\"{}\" is out of range: expected a value{}", shown,
                        range_text(opts, non_negative_by_default, d, is_quantity));
  }
  return false;
}

}  // namespace detail

void ObjectSchemaBase::parse(const YAML::Node& node, void* object, const std::string& path,
                             const Context& ctx) const {
  apply_defaults(object);
  if (!node.IsMap()) {
    ctx.error(
        node, path,
        fmt::format("expected a mapping with keys {}, got {}", join(keys()), node_kind(node)));
    return;
  }
  const size_t errors_before = ctx.diagnostics->size();
  std::set<std::string> seen;
  for (const auto& item : node) {
    const YAML::Node& key_node = item.first;
    if (!key_node.IsScalar()) {
      ctx.error(key_node, path, "keys must be plain names");
      continue;
    }
    const std::string key = key_node.Scalar();
    const std::string key_path = join_path(path, key);
    if (!seen.insert(key).second) {
      ctx.error(key_node, key_path, fmt::format("duplicate key \"{}\"", key));
      continue;
    }
    const Field* field = nullptr;
    for (const auto& f : fields_) {
      if (f->key() == key) field = f.get();
    }
    if (field == nullptr) {
      const std::string guess = nearest(key, keys());
      ctx.error(key_node, key_path,
                fmt::format("unknown key \"{}\"{}; valid keys here: {}", key,
                            guess.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", guess),
                            join(keys())));
      continue;
    }
    field->parse(item.second, object, key_path, ctx);
  }
  for (const auto& f : fields_) {
    if (seen.count(f->key()) == 0 && f->required()) {
      ctx.error(node, join_path(path, f->key()),
                fmt::format("missing required key \"{}\" ({})", f->key(), f->type_text()));
    }
  }
  if (ctx.diagnostics->size() != errors_before) return;
  for (const Check& check : checks_) check(object, node, path, ctx);
}

void ObjectSchemaBase::apply_defaults(void* object) const {
  for (const auto& f : fields_) f->apply_default(object);
}

void ObjectSchemaBase::emit(const void* object, YAML::Emitter& out) const {
  out << YAML::BeginMap;
  for (const auto& f : fields_) f->emit(object, out);
  out << YAML::EndMap;
}

bool ObjectSchemaBase::has_required_field() const {
  for (const auto& f : fields_) {
    if (f->required()) return true;
  }
  return false;
}

std::vector<std::string> ObjectSchemaBase::keys() const {
  std::vector<std::string> out;
  for (const auto& f : fields_) out.push_back(f->key());
  return out;
}

void ObjectSchemaBase::explain(std::string& out, const std::string& prefix) const {
  for (const auto& f : fields_) {
    const std::string name = prefix + f->key();
    out += fmt::format("{}\n    {}\n    type: {}\n", name, f->help(), f->type_text());
    const std::string def = f->default_text();
    if (f->required()) {
      out += "    required\n";
    } else if (!def.empty()) {
      out += fmt::format("    default: {}\n", def);
    } else {
      out += "    optional\n";
    }
    if (const ObjectSchemaBase* child = f->child()) {
      const bool is_list = f->type_text().rfind("list", 0) == 0;
      child->explain(out, name + (is_list ? "[]." : "."));
    }
  }
}

namespace {

// Rejects what yaml-cpp must not see: NUL bytes and other binary content, invalid UTF-8,
// and bracket nesting deep enough to exhaust its recursive parser.
void check_raw_text(const std::string& text, const std::string& file) {
  constexpr int kMaxDepth = 64;
  int line = 1;
  int depth = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') ++line;
    if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
      throw InputError(SourceLocation{file, line, 0},
                       "the file contains binary data (a control byte); expected a YAML text "
                       "file");
    }
    if (c >= 0x80) {
      const int extra = (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
      if (extra < 0 || i + static_cast<size_t>(extra) >= text.size() + 0) {
        throw InputError(SourceLocation{file, line, 0},
                         "the file is not valid UTF-8 text; expected a YAML text file");
      }
      for (int k = 1; k <= extra; ++k) {
        if (i + static_cast<size_t>(k) >= text.size() ||
            (static_cast<unsigned char>(text[i + static_cast<size_t>(k)]) & 0xC0) != 0x80) {
          throw InputError(SourceLocation{file, line, 0},
                           "the file is not valid UTF-8 text; expected a YAML text file");
        }
      }
      i += static_cast<size_t>(extra) + 1;
      continue;
    }
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') depth = depth > 0 ? depth - 1 : 0;
    if (depth > kMaxDepth) {
      throw InputError(SourceLocation{file, line, 0},
                       fmt::format("brackets nested more than {} deep", kMaxDepth));
    }
    ++i;
  }
}

}  // namespace

YAML::Node load_document(const std::string& text, const std::string& file) {
  if (text.size() > kMaxInputFileBytes) {
    throw InputError(SourceLocation{file, 1, 0},
                     fmt::format("the file is {} bytes; input files are limited to {} MiB",
                                 text.size(), kMaxInputFileBytes >> 20));
  }
  check_raw_text(text, file);
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    throw InputError(location_of(file, e.mark), "YAML syntax error: " + e.msg);
  }
  if (docs.empty() || docs.front().IsNull()) {
    throw InputError(SourceLocation{file, 1, 0},
                     "the file is empty; expected a YAML mapping (see `aidcsim validate "
                     "--explain` for the keys)");
  }
  if (docs.size() > 1) {
    throw InputError(SourceLocation{file, 1, 0},
                     "the file holds several YAML documents (\"---\"); expected one");
  }
  return docs.front();
}

std::string read_input_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(SourceLocation{path, 0, 0}, "cannot open the file for reading");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) throw InputError(SourceLocation{path, 0, 0}, "cannot read the file");
  if (static_cast<size_t>(size) > kMaxInputFileBytes) {
    throw InputError(SourceLocation{path, 1, 0},
                     fmt::format("the file is {} bytes; input files are limited to {} MiB", size,
                                 kMaxInputFileBytes >> 20));
  }
  in.seekg(0, std::ios::beg);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (!in && !in.eof()) throw InputError(SourceLocation{path, 0, 0}, "cannot read the file");
  return ss.str();
}

}  // namespace aidcsim::schema
