#include "workload/trace_fields.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "core/civil_date.h"

namespace aidcsim::trace_fields {

namespace {

int64_t days_in_month(int64_t y, int64_t m) {
  static constexpr int64_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Reads exactly `digits` decimal digits at `pos`; advances `pos`.
std::optional<int64_t> fixed_digits(std::string_view s, size_t& pos, size_t digits) {
  if (pos + digits > s.size()) return std::nullopt;
  int64_t v = 0;
  for (size_t i = 0; i < digits; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  pos += digits;
  return v;
}

bool expect_char(std::string_view s, size_t& pos, std::string_view allowed) {
  if (pos >= s.size() || allowed.find(s[pos]) == std::string_view::npos) return false;
  ++pos;
  return true;
}

}  // namespace

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string shown(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 40)) {
    const auto u = static_cast<unsigned char>(c);
    out += u >= 0x20 && u < 0x7f ? c : '?';
  }
  if (text.size() > 40) out += "...";
  return out;
}

std::optional<int64_t> parse_tokens(std::string_view text, std::string& error) {
  text = trim(text);
  int64_t v = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || ptr != end || begin == end || v < 1 || v > kMaxTokens) {
    error = fmt::format("expected a whole number of tokens in [1, {}], got \"{}\"", kMaxTokens,
                        shown(text));
    return std::nullopt;
  }
  return v;
}

std::optional<double> parse_seconds(std::string_view text, std::string& error) {
  text = trim(text);
  double v = 0.0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || ptr != end || begin == end || !std::isfinite(v) || v < 0.0 ||
      v >= kMaxArrivalSeconds) {
    error = fmt::format("expected a time in seconds, >= 0 and below 1e9, got \"{}\"", shown(text));
    return std::nullopt;
  }
  return v;
}

std::optional<int64_t> parse_datetime_ns(std::string_view text, std::string& error) {
  const std::string_view s = trim(text);
  const auto fail = [&]() -> std::optional<int64_t> {
    error = fmt::format(
        "expected a datetime such as \"2023-11-16 18:15:46.6805900\" (YYYY-MM-DD hh:mm:ss), got "
        "\"{}\"",
        shown(s));
    return std::nullopt;
  };
  size_t pos = 0;
  const auto y = fixed_digits(s, pos, 4);
  if (!y || !expect_char(s, pos, "-")) return fail();
  const auto mo = fixed_digits(s, pos, 2);
  if (!mo || !expect_char(s, pos, "-")) return fail();
  const auto d = fixed_digits(s, pos, 2);
  if (!d || !expect_char(s, pos, " T")) return fail();
  const auto h = fixed_digits(s, pos, 2);
  if (!h || !expect_char(s, pos, ":")) return fail();
  const auto mi = fixed_digits(s, pos, 2);
  if (!mi || !expect_char(s, pos, ":")) return fail();
  const auto sec = fixed_digits(s, pos, 2);
  if (!sec) return fail();
  // Years outside [1970, 2200] would overflow int64 nanoseconds (and are not trace dates).
  if (*y < 1970 || *y > 2200 || *mo < 1 || *mo > 12 || *d < 1 || *d > days_in_month(*y, *mo) ||
      *h > 23 || *mi > 59 || *sec > 60) {
    return fail();
  }
  int64_t fraction_ns = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int64_t scale = 100'000'000;
    size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits++ >= 9) return fail();
      fraction_ns += (s[pos++] - '0') * scale;
      scale /= 10;
    }
    if (digits == 0) return fail();
  }
  int64_t offset_s = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int64_t sign = s[pos++] == '+' ? 1 : -1;
    const auto oh = fixed_digits(s, pos, 2);
    if (!oh || !expect_char(s, pos, ":")) return fail();
    const auto om = fixed_digits(s, pos, 2);
    if (!om || *oh > 23 || *om > 59) return fail();
    offset_s = sign * (*oh * 3600 + *om * 60);
  }
  if (pos != s.size()) return fail();
  const int64_t seconds =
      days_from_civil(*y, *mo, *d) * 86400 + *h * 3600 + *mi * 60 + *sec - offset_s;
  return seconds * 1'000'000'000 + fraction_ns;
}

}  // namespace aidcsim::trace_fields
