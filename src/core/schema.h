// Declarative schemas for YAML input files (scenarios, catalog entries).
//
// A schema lists, for every key of an object: the C++ member it fills, its type (with the
// unit dimension for quantities), its default, its allowed range or values and a help text.
// It is the single source of truth for a file format: parsing with validation, the echo of
// the resolved values and the key reference (`aidcsim validate --explain`) all come from it.
//
// Parsing never stops at the first problem: every error of the file is collected as a
// Diagnostic located at file:line:col with its key path, and thrown together at the end.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "core/diagnostics.h"
#include "core/sim_time.h"
#include "core/units.h"

namespace aidcsim::schema {

// Where errors go while one file is parsed.
struct Context {
  std::string file;
  Diagnostics* diagnostics;
  void error(const YAML::Node& at, const std::string& path, std::string message) const;
  void error(const YAML::Mark& at, const std::string& path, std::string message) const;
};

// Options of one field. Which ones apply depends on the value type.
struct FieldOptions {
  // Text of the default value, parsed like user input. Unset: the key is required (for
  // std::optional members: absent means empty).
  std::optional<std::string> default_text;
  // Inclusive bounds in base units (numbers, quantities, durations in seconds). Quantities
  // and durations are non-negative unless `allow_negative`.
  std::optional<double> min;
  std::optional<double> max;
  bool min_exclusive = false;
  bool allow_negative = false;
  // Strings: the allowed values (empty: any), or a check that returns "" when the name is
  // valid and otherwise the error text (e.g. an unknown catalog name with the valid ones).
  std::vector<std::string> choices;
  std::function<std::string(const std::string&)> name_check;
};

class ObjectSchemaBase;

class Field {
 public:
  Field(std::string key, std::string help) : key_(std::move(key)), help_(std::move(help)) {}
  virtual ~Field() = default;
  const std::string& key() const { return key_; }
  const std::string& help() const { return help_; }
  virtual bool required() const = 0;
  virtual void parse(const YAML::Node& node, void* object, const std::string& path,
                     const Context& ctx) const = 0;
  virtual void apply_default(void* object) const = 0;
  // Writes `key: value` of this field; an empty optional writes nothing.
  virtual void emit(const void* object, YAML::Emitter& out) const = 0;
  virtual std::string type_text() const = 0;
  virtual std::string default_text() const = 0;  // "" when there is none
  virtual const ObjectSchemaBase* child() const { return nullptr; }

 private:
  std::string key_;
  std::string help_;
};

class ObjectSchemaBase {
 public:
  explicit ObjectSchemaBase(std::string help) : help_(std::move(help)) {}
  virtual ~ObjectSchemaBase() = default;
  ObjectSchemaBase(const ObjectSchemaBase&) = delete;
  ObjectSchemaBase& operator=(const ObjectSchemaBase&) = delete;

  void parse(const YAML::Node& node, void* object, const std::string& path,
             const Context& ctx) const;
  void apply_defaults(void* object) const;
  void emit(const void* object, YAML::Emitter& out) const;
  // Appends the key reference: one entry per key with type, default and help, nested
  // objects indented under their key.
  void explain(std::string& out, const std::string& prefix) const;
  bool has_required_field() const;
  const std::string& help() const { return help_; }
  std::vector<std::string> keys() const;

 protected:
  using Check =
      std::function<void(const void*, const YAML::Node&, const std::string&, const Context&)>;
  std::vector<std::unique_ptr<Field>> fields_;
  std::vector<Check> checks_;

 private:
  std::string help_;
};

// Text conversions of the value types a field can hold.
namespace detail {
template <class V>
struct IsOptional : std::false_type {
  using Inner = V;
};
template <class V>
struct IsOptional<std::optional<V>> : std::true_type {
  using Inner = V;
};
template <class V>
struct IsQuantity : std::false_type {};
template <Dimension D>
struct IsQuantity<Quantity<D>> : std::true_type {};

// Non-template helpers (schema.cc). Each returns nullopt and sets `error` on failure.
std::optional<std::string> scalar_text(const YAML::Node& node, std::string_view expected,
                                       std::string& error);
std::optional<int64_t> parse_integer(const std::string& text, std::string& error);
std::optional<double> parse_number(const std::string& text, std::string& error);
std::optional<bool> parse_bool(const std::string& text, std::string& error);
std::optional<std::string> check_string(const std::string& text, const FieldOptions& opts,
                                        std::string& error);
// Range check of a parsed value in base units; `shown` is the value as written. The bounds
// in the message are in the quantity's units when `is_quantity` (e.g. "[0 ms, 10 ms]").
bool check_range(double value, const FieldOptions& opts, bool non_negative_by_default,
                 const std::string& shown, Dimension d, bool is_quantity, std::string& error);
std::string range_text(const FieldOptions& opts, bool non_negative_by_default, Dimension d,
                       bool is_quantity);
std::string format_number(double v);

template <class V>
std::string expected_text(const FieldOptions& opts) {
  if constexpr (std::is_same_v<V, int64_t> || std::is_same_v<V, int>) {
    return "an integer" + range_text(opts, false, Dimension::kFraction, false);
  } else if constexpr (std::is_same_v<V, double>) {
    return "a number" + range_text(opts, false, Dimension::kFraction, false);
  } else if constexpr (std::is_same_v<V, bool>) {
    return "true or false";
  } else if constexpr (std::is_same_v<V, std::string>) {
    if (!opts.choices.empty()) return "one of: " + join(opts.choices);
    return "a string";
  } else if constexpr (std::is_same_v<V, std::vector<std::string>>) {
    return "a list of strings";
  } else if constexpr (std::is_same_v<V, SimTime>) {
    return "a duration such as \"150 ms\" (units: " + unit_list(Dimension::kTime) + ")" +
           range_text(opts, true, Dimension::kTime, true);
  } else {
    static_assert(IsQuantity<V>::value, "unsupported field type");
    const Dimension d = V::kDimension;
    return std::string("a ") + std::string(dimension_name(d)) + " such as \"" +
           std::string(dimension_example(d)) + "\" (units: " + unit_list(d) + ")" +
           range_text(opts, d != Dimension::kTemperature, d, true);
  }
}

template <class V>
std::optional<V> parse_value(const YAML::Node& node, const FieldOptions& opts, std::string& error) {
  if constexpr (std::is_same_v<V, std::vector<std::string>>) {
    if (!node.IsSequence()) {
      error = "expected a list of strings such as [a, b]";
      return std::nullopt;
    }
    std::vector<std::string> out;
    for (const YAML::Node& item : node) {
      auto text = scalar_text(item, "a string", error);
      if (!text) return std::nullopt;
      auto checked = check_string(*text, opts, error);
      if (!checked) return std::nullopt;
      out.push_back(*checked);
    }
    return out;
  } else {
    auto text = scalar_text(node, expected_text<V>(opts), error);
    if (!text) return std::nullopt;
    if constexpr (std::is_same_v<V, std::string>) {
      return check_string(*text, opts, error);
    } else if constexpr (std::is_same_v<V, bool>) {
      return parse_bool(*text, error);
    } else {
      double value = 0.0;
      bool non_negative = false;
      Dimension dimension = Dimension::kFraction;  // of a quantity; plain numbers: unused
      bool quantity = false;
      if constexpr (std::is_same_v<V, int64_t> || std::is_same_v<V, int>) {
        auto v = parse_integer(*text, error);
        if (!v) return std::nullopt;
        value = static_cast<double>(*v);
      } else if constexpr (std::is_same_v<V, double>) {
        auto v = parse_number(*text, error);
        if (!v) return std::nullopt;
        value = *v;
      } else {
        const Dimension d = [] {
          if constexpr (std::is_same_v<V, SimTime>)
            return Dimension::kTime;
          else
            return V::kDimension;
        }();
        QuantityParse q = parse_quantity(*text, d);
        if (!q.base) {
          error = q.error;
          return std::nullopt;
        }
        value = *q.base;
        non_negative = d != Dimension::kTemperature;
        dimension = d;
        quantity = true;
        if constexpr (std::is_same_v<V, SimTime>) {
          if (std::abs(value) > 9.2e9) {
            error = "\"" + *text + "\" is too long: durations are limited to 290 years";
            return std::nullopt;
          }
        }
      }
      if (!check_range(value, opts, non_negative, *text, dimension, quantity, error)) {
        return std::nullopt;
      }
      if constexpr (std::is_same_v<V, int64_t>) {
        return static_cast<int64_t>(value);
      } else if constexpr (std::is_same_v<V, int>) {
        if (std::abs(value) > 2147483647.0) {
          error = "\"" + *text + "\" is too large";
          return std::nullopt;
        }
        return static_cast<int>(value);
      } else if constexpr (std::is_same_v<V, double>) {
        return value;
      } else if constexpr (std::is_same_v<V, SimTime>) {
        return SimTime::from_seconds(value);
      } else {
        return V{value};
      }
    }
  }
}

template <class V>
std::string format_value(const V& value) {
  if constexpr (std::is_same_v<V, int64_t> || std::is_same_v<V, int>) {
    return std::to_string(value);
  } else if constexpr (std::is_same_v<V, double>) {
    return format_number(value);
  } else if constexpr (std::is_same_v<V, bool>) {
    return value ? "true" : "false";
  } else if constexpr (std::is_same_v<V, std::string>) {
    return value;
  } else if constexpr (std::is_same_v<V, std::vector<std::string>>) {
    return "[" + join(value) + "]";
  } else if constexpr (std::is_same_v<V, SimTime>) {
    return format_duration(value);
  } else {
    return format(value);
  }
}

template <class V>
std::string type_name(const FieldOptions& opts) {
  return expected_text<V>(opts);
}
}  // namespace detail

template <class T, class V>
class ValueField final : public Field {
 public:
  using Value =
      std::conditional_t<detail::IsOptional<V>::value, typename detail::IsOptional<V>::Inner, V>;
  static constexpr bool kOptional = detail::IsOptional<V>::value;

  ValueField(std::string key, V T::*member, std::string help, FieldOptions opts)
      : Field(std::move(key), std::move(help)), member_(member), opts_(std::move(opts)) {
    if (opts_.default_text) {
      std::string error;
      default_ = detail::parse_value<Value>(YAML::Load(*opts_.default_text), opts_, error);
      if (!default_) throw std::logic_error("bad default for " + this->key() + ": " + error);
    }
  }
  bool required() const override { return !kOptional && !default_.has_value(); }
  void parse(const YAML::Node& node, void* object, const std::string& path,
             const Context& ctx) const override {
    std::string error;
    std::optional<Value> v = detail::parse_value<Value>(node, opts_, error);
    if (!v) {
      ctx.error(node, path, error);
      return;
    }
    static_cast<T*>(object)->*member_ = *v;
  }
  void apply_default(void* object) const override {
    if constexpr (kOptional) {
      static_cast<T*>(object)->*member_ = default_;
    } else {
      if (default_) static_cast<T*>(object)->*member_ = *default_;
    }
  }
  void emit(const void* object, YAML::Emitter& out) const override {
    const V& v = static_cast<const T*>(object)->*member_;
    if constexpr (kOptional) {
      if (!v) return;
      emit_value(*v, out);
    } else {
      emit_value(v, out);
    }
  }
  std::string type_text() const override { return detail::type_name<Value>(opts_); }
  void emit_value(const Value& v, YAML::Emitter& out) const {
    out << YAML::Key << key() << YAML::Value;
    if constexpr (std::is_same_v<Value, std::vector<std::string>>) {
      out << YAML::Flow << YAML::BeginSeq;
      for (const std::string& item : v) out << item;
      out << YAML::EndSeq;
    } else {
      out << detail::format_value<Value>(v);
    }
  }
  std::string default_text() const override {
    return default_ ? detail::format_value<Value>(*default_) : std::string();
  }

 private:
  V T::*member_;
  FieldOptions opts_;
  std::optional<Value> default_;
};

template <class T>
class ObjectSchema;

template <class T, class S>
class ObjectField final : public Field {
 public:
  ObjectField(std::string key, S T::*member, std::shared_ptr<const ObjectSchema<S>> schema,
              std::string help)
      : Field(std::move(key), std::move(help)), member_(member), schema_(std::move(schema)) {}
  bool required() const override { return schema_->has_required_field(); }
  void parse(const YAML::Node& node, void* object, const std::string& path,
             const Context& ctx) const override {
    schema_->parse(node, &(static_cast<T*>(object)->*member_), path, ctx);
  }
  void apply_default(void* object) const override {
    schema_->apply_defaults(&(static_cast<T*>(object)->*member_));
  }
  void emit(const void* object, YAML::Emitter& out) const override {
    out << YAML::Key << key() << YAML::Value;
    schema_->emit(&(static_cast<const T*>(object)->*member_), out);
  }
  std::string type_text() const override { return "mapping"; }
  std::string default_text() const override { return ""; }
  const ObjectSchemaBase* child() const override { return schema_.get(); }

 private:
  S T::*member_;
  std::shared_ptr<const ObjectSchema<S>> schema_;
};

// A mapping that may be absent (std::optional<S>): absent means empty, and then nothing is
// echoed; present, it is parsed (and its required keys enforced) like any object.
template <class T, class S>
class OptionalObjectField final : public Field {
 public:
  OptionalObjectField(std::string key, std::optional<S> T::*member,
                      std::shared_ptr<const ObjectSchema<S>> schema, std::string help)
      : Field(std::move(key), std::move(help)), member_(member), schema_(std::move(schema)) {}
  bool required() const override { return false; }
  void parse(const YAML::Node& node, void* object, const std::string& path,
             const Context& ctx) const override {
    auto& value = static_cast<T*>(object)->*member_;
    value.emplace();
    schema_->parse(node, &*value, path, ctx);
  }
  void apply_default(void* object) const override { (static_cast<T*>(object)->*member_).reset(); }
  void emit(const void* object, YAML::Emitter& out) const override {
    const auto& value = static_cast<const T*>(object)->*member_;
    if (!value) return;
    out << YAML::Key << key() << YAML::Value;
    schema_->emit(&*value, out);
  }
  std::string type_text() const override { return "mapping"; }
  std::string default_text() const override { return ""; }
  const ObjectSchemaBase* child() const override { return schema_.get(); }

 private:
  std::optional<S> T::*member_;
  std::shared_ptr<const ObjectSchema<S>> schema_;
};

template <class T, class S>
class ListField final : public Field {
 public:
  ListField(std::string key, std::vector<S> T::*member,
            std::shared_ptr<const ObjectSchema<S>> schema, std::string help, size_t min_items)
      : Field(std::move(key), std::move(help)),
        member_(member),
        schema_(std::move(schema)),
        min_items_(min_items) {}
  bool required() const override { return min_items_ > 0; }
  void parse(const YAML::Node& node, void* object, const std::string& path,
             const Context& ctx) const override {
    auto& items = static_cast<T*>(object)->*member_;
    items.clear();
    if (!node.IsSequence()) {
      ctx.error(node, path, "expected a list of mappings (\"- key: value\" items)");
      return;
    }
    if (node.size() < min_items_) {
      ctx.error(node, path, fmt_at_least());
    }
    for (size_t i = 0; i < node.size(); ++i) {
      items.emplace_back();
      schema_->parse(node[i], &items.back(), path + "[" + std::to_string(i) + "]", ctx);
    }
  }
  void apply_default(void* object) const override { (static_cast<T*>(object)->*member_).clear(); }
  void emit(const void* object, YAML::Emitter& out) const override {
    out << YAML::Key << key() << YAML::Value << YAML::BeginSeq;
    for (const S& item : static_cast<const T*>(object)->*member_) schema_->emit(&item, out);
    out << YAML::EndSeq;
  }
  std::string type_text() const override {
    return min_items_ > 0 ? "list of mappings, at least " + std::to_string(min_items_)
                          : "list of mappings";
  }
  std::string default_text() const override { return min_items_ > 0 ? "" : "[]"; }
  const ObjectSchemaBase* child() const override { return schema_.get(); }

 private:
  std::string fmt_at_least() const {
    return "expected at least " + std::to_string(min_items_) + " item(s)";
  }
  std::vector<S> T::*member_;
  std::shared_ptr<const ObjectSchema<S>> schema_;
  size_t min_items_;
};

template <class T>
class ObjectSchema final : public ObjectSchemaBase {
 public:
  using ObjectSchemaBase::ObjectSchemaBase;

  template <class V>
  ObjectSchema& field(std::string key, V T::*member, std::string help, FieldOptions opts = {}) {
    fields_.push_back(std::make_unique<ValueField<T, V>>(std::move(key), member, std::move(help),
                                                         std::move(opts)));
    return *this;
  }
  template <class S>
  ObjectSchema& object(std::string key, S T::*member,
                       std::type_identity_t<std::shared_ptr<const ObjectSchema<S>>> schema,
                       std::string help) {
    fields_.push_back(std::make_unique<ObjectField<T, S>>(std::move(key), member, std::move(schema),
                                                          std::move(help)));
    return *this;
  }
  template <class S>
  ObjectSchema& optional_object(std::string key, std::optional<S> T::*member,
                                std::type_identity_t<std::shared_ptr<const ObjectSchema<S>>> schema,
                                std::string help) {
    fields_.push_back(std::make_unique<OptionalObjectField<T, S>>(
        std::move(key), member, std::move(schema), std::move(help)));
    return *this;
  }
  template <class S>
  ObjectSchema& list(std::string key, std::vector<S> T::*member,
                     std::type_identity_t<std::shared_ptr<const ObjectSchema<S>>> schema,
                     std::string help, size_t min_items = 0) {
    fields_.push_back(std::make_unique<ListField<T, S>>(std::move(key), member, std::move(schema),
                                                        std::move(help), min_items));
    return *this;
  }
  // A check across fields, run once every field of the object parsed cleanly. It returns ""
  // or an error, reported at the object (or at `key` when that key is present).
  ObjectSchema& check(std::string key, std::function<std::string(const T&)> fn) {
    checks_.push_back(
        [key = std::move(key), fn = std::move(fn)](const void* obj, const YAML::Node& node,
                                                   const std::string& path, const Context& ctx) {
          const std::string error = fn(*static_cast<const T*>(obj));
          if (error.empty()) return;
          const YAML::Node at = node.IsMap() && node[key] ? node[key] : node;
          ctx.error(at, path.empty() ? key : path + "." + key, error);
        });
    return *this;
  }
  void parse_into(const YAML::Node& node, T& out, const std::string& path,
                  const Context& ctx) const {
    parse(node, &out, path, ctx);
  }
  void emit_value(const T& value, YAML::Emitter& out) const { emit(&value, out); }
  T defaults() const {
    T t{};
    apply_defaults(&t);
    return t;
  }
};

// Reads one YAML document from `text` (named `file` in errors) into T, after checks on the
// raw text: size limit, no NUL bytes or invalid UTF-8, bounded nesting, not empty. Throws
// InputError with every diagnostic found.
inline constexpr size_t kMaxInputFileBytes = 16u << 20;
YAML::Node load_document(const std::string& text, const std::string& file);

template <class T>
T parse_document(const std::string& text, const std::string& file, const ObjectSchema<T>& schema) {
  const YAML::Node root = load_document(text, file);
  Diagnostics diagnostics;
  Context ctx{file, &diagnostics};
  T out{};
  schema.parse_into(root, out, "", ctx);
  diagnostics.throw_if_any();
  return out;
}

// Reads a whole file (binary-safe) for parse_document; a missing or unreadable file, or
// one over kMaxInputFileBytes, is an InputError.
std::string read_input_file(const std::string& path);

}  // namespace aidcsim::schema
