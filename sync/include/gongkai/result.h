// result.h — errors as values at library boundaries (STYLE: exceptions never cross a library).
//
// Result<T> holds either a T or an Error. An Error carries a stable machine code and a message a
// person can act on, written "English / 中文" so that logs serve both operators and developers.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace gongkai {

struct Error {
  std::string code;     // stable identifier, e.g. "store.open", "import.bad_row"
  std::string message;  // "English text / 中文说明"
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}           // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}       // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<T>(v_); }
  const T& value() const& { assert(ok()); return std::get<T>(v_); }
  // On a temporary Result the value is moved out by value, so `for (auto& x : *store.f())` owns
  // what it iterates (a reference into the dying Result would dangle: range-for in C++20 does
  // not extend the lifetime of temporaries inside its range expression).
  T value() && { assert(ok()); return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T operator*() && { return std::move(*this).value(); }

  const Error& error() const { assert(!ok()); return std::get<Error>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void> equivalent.
struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace gongkai
