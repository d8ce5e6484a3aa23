#include "grid/calendar.h"

#include <charconv>
#include <cstdio>

#include "core/civil_date.h"

namespace aidcsim::grid {
namespace {

bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int hours_in_year(int year) {
  return is_leap_year(year) ? 8784 : 8760;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

int64_t unix_seconds(int year, int month, int day, int hour, int minute, int second) {
  return days_from_civil(year, month, day) * 86400 + hour * kSecondsPerHour + minute * 60 + second;
}

CivilTime civil_from_unix(int64_t unix_s) {
  int64_t days = unix_s / 86400;
  int64_t rem = unix_s % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  CivilTime t;
  t.year = static_cast<int>(y);
  t.month = static_cast<int>(m);
  t.day = static_cast<int>(d);
  t.hour = static_cast<int>(rem / 3600);
  t.minute = static_cast<int>(rem % 3600 / 60);
  t.second = static_cast<int>(rem % 60);
  return t;
}

std::optional<int64_t> parse_utc_timestamp(std::string_view s) {
  // YYYY-MM-DD?HH:MM
  if (s.size() < 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':') {
    return std::nullopt;
  }
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!parse_int(s.substr(0, 4), y) || !parse_int(s.substr(5, 2), mo) ||
      !parse_int(s.substr(8, 2), d) || !parse_int(s.substr(11, 2), h) ||
      !parse_int(s.substr(14, 2), mi)) {
    return std::nullopt;
  }
  std::string_view rest = s.substr(16);
  if (!rest.empty() && rest[0] == ':') {
    if (rest.size() < 3 || !parse_int(rest.substr(1, 2), sec)) return std::nullopt;
    rest = rest.substr(3);
  }
  int64_t offset_s = 0;
  if (rest == "Z") {
    rest = {};
  } else if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    int oh = 0, om = 0;
    if (rest.size() != 6 || rest[3] != ':' || !parse_int(rest.substr(1, 2), oh) ||
        !parse_int(rest.substr(4, 2), om) || oh > 14 || om > 59) {
      return std::nullopt;
    }
    offset_s = (rest[0] == '+' ? 1 : -1) * (oh * kSecondsPerHour + om * 60);
    rest = {};
  }
  if (!rest.empty()) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59) {
    return std::nullopt;
  }
  return unix_seconds(y, mo, d, h, mi, sec) - offset_s;
}

std::string format_utc_timestamp(int64_t unix_s) {
  const CivilTime t = civil_from_unix(unix_s);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", t.year, t.month, t.day, t.hour,
                t.minute, t.second);
  return buf;
}

}  // namespace aidcsim::grid
