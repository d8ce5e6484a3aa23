// Exact sums of floors of an arithmetic progression, in O(log m) time:
//   floor_sum(n, m, a, b) = sum over i in [0, n) of floor((a*i + b) / m)
// for n >= 0, m >= 1, a >= 0, b >= 0. This is the classic Euclid-like reduction (e.g.
// Knuth, Concrete Mathematics, §3.5). It lets the serving simulation add up thousands of
// integer step durations that grow linearly, with the exact result of adding them one by one.
#pragma once

#include <cstdint>

namespace aidcsim {

__extension__ using Int128 = __int128;

namespace detail {
// The reduction's two moves, in integer type T. First: add the whole parts of a/m and b/m to
// `total`, leaving a < m and b < m.
template <class T>
constexpr void floor_sum_take_whole_parts(T n, T m, T& a, T& b, T& total) {
  if (a >= m) {
    total += (n * (n - 1) / 2) * (a / m);
    a %= m;
  }
  if (b >= m) {
    total += n * (b / m);
    b %= m;
  }
}
// Then swap the roles of the axes: count the lattice points under the line from the other
// side. Returns false when none is left (the sum is complete).
template <class T>
constexpr bool floor_sum_swap_axes(T& n, T& m, T& a, T& b) {
  const T y_max = a * n + b;
  if (y_max < m) return false;
  n = y_max / m;
  b = y_max % m;
  const T old_m = m;
  m = a;
  a = old_m;
  return true;
}
}  // namespace detail

// The same sum in 64-bit arithmetic (no 128-bit divisions), for a < m, b < m, m <= 2^32 and
// n <= 2^31. Then every value stays below 2^63: a*n + b < m*(n + 1); n and m never grow; and
// each floor is at most i + 1, so the total and every term added are at most n*(n + 1)/2.
constexpr uint64_t floor_sum_small(uint64_t n, uint64_t m, uint64_t a, uint64_t b) {
  uint64_t total = 0;
  do {
    detail::floor_sum_take_whole_parts(n, m, a, b, total);
  } while (detail::floor_sum_swap_axes(n, m, a, b));
  return total;
}

// Hands over to floor_sum_small once the operands are small enough for it.
constexpr Int128 floor_sum(Int128 n, Int128 m, Int128 a, Int128 b) {
  constexpr Int128 kSmallM = Int128{1} << 32;
  constexpr Int128 kSmallN = Int128{1} << 31;
  Int128 total = 0;
  do {
    detail::floor_sum_take_whole_parts(n, m, a, b, total);
    if (m <= kSmallM && n <= kSmallN) {
      return total + static_cast<Int128>(
                         floor_sum_small(static_cast<uint64_t>(n), static_cast<uint64_t>(m),
                                         static_cast<uint64_t>(a), static_cast<uint64_t>(b)));
    }
  } while (detail::floor_sum_swap_axes(n, m, a, b));
  return total;
}

}  // namespace aidcsim
