// Days since 1970-01-01 of a date in the proleptic Gregorian calendar, for turning
// timestamps in input files into UTC seconds (H. Hinnant's public-domain days_from_civil).
#pragma once

#include <cstdint>

namespace aidcsim {

// month 1..12, day 1..31 (the caller validates them).
constexpr int64_t days_from_civil(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// 2000-03-01 is day 11017; 1970-01-01 is day 0 (checked at compile time).
static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);

}  // namespace aidcsim
