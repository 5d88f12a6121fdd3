// Errors as values: the core returns a Result, and only the edges print.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace leash {

struct Error {
    std::string message;
};

struct Unit {};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    explicit operator bool() const { return v_.index() == 0; }
    T& operator*() { return std::get<0>(v_); }
    const T& operator*() const { return std::get<0>(v_); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    const std::string& error() const { return std::get<1>(v_).message; }

private:
    std::variant<T, Error> v_;
};

using Status = Result<Unit>;

}  // namespace leash
