// Key-by-key input at a terminal for `leadlab tally`, with the terminal restored on every
// way out: normal return, an exception, and a signal that ends the program (SIGTERM,
// SIGHUP, SIGQUIT, and crashes such as SIGSEGV or SIGABRT).
#pragma once

#include <termios.h>

#include <optional>

namespace leadlab::cli {

// Standard output's terminal width in columns; 80 when it cannot tell.
int terminal_columns();

// The narrowest and widest layouts leadlab makes: a narrower width is taken as kMinWidth,
// a wider one as kMaxWidth.
inline constexpr int kMinWidth = 40;
inline constexpr int kMaxWidth = 1000;

// The width output is laid out for (README, "In your shell"): COLUMNS when it is a positive number,
// else standard output's terminal width, else `fallback` (output to a pipe or a file stays
// stable), kept within kMinWidth..kMaxWidth.
int output_width(int fallback);

class RawTerminal {
 public:
  static constexpr int kEscape = 0x1b;     // a lone Esc
  static constexpr int kSequence = 0x100;  // an escape sequence (an arrow key): no meaning

  // Puts standard input's terminal in raw mode: no echo, no line editing, and Ctrl-C
  // arrives as a key rather than a signal.
  RawTerminal();
  ~RawTerminal();
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

  // The next key: a byte, kEscape or kSequence; nullopt when input has ended.
  std::optional<int> read_key();
  // Back to the terminal's own mode (to read a line), and raw again.
  void suspend();
  void resume();

 private:
  termios raw_{};
};

}  // namespace leadlab::cli
